//! Argon2id password hashes (the crate's defaults: 19 MiB, 2 passes, which is
//! OWASP's recommended minimum). Hashing is CPU-bound for tens of
//! milliseconds and memory-hungry, so it runs on the hashing pool
//! (`limits::HashPool`), off the async workers and a few at a time.

use argon2::{Argon2, PasswordHasher, PasswordVerifier};

use crate::error::AppError;
use crate::server::limits::HashPool;

pub async fn hash(pool: &HashPool, password: String) -> Result<String, AppError> {
    pool.run(move || {
        Argon2::default()
            .hash_password(password.as_bytes())
            .map(|h| h.to_string())
    })
    .await?
    .map_err(|e| AppError::internal("hashing a password", e))
}

/// True when `password` matches `hash`. A malformed stored hash counts as a
/// mismatch (and is logged), never as a match.
pub async fn verify(pool: &HashPool, password: String, hash: String) -> Result<bool, AppError> {
    let outcome = pool
        .run(move || Argon2::default().verify_password(password.as_bytes(), hash.as_str()))
        .await?;
    Ok(match outcome {
        Ok(()) => true,
        Err(argon2::password_hash::Error::PasswordInvalid) => false,
        Err(e) => {
            tracing::error!(%e, "stored password hash is unusable");
            false
        }
    })
}
