//! Argon2id password hashes (the crate's defaults: 19 MiB, 2 passes, which is
//! OWASP's recommended minimum). Hashing is CPU-bound for tens of
//! milliseconds, so it runs on the blocking pool, off the async workers.

use argon2::{Argon2, PasswordHasher, PasswordVerifier};

use crate::error::AppError;

pub async fn hash(password: String) -> Result<String, AppError> {
    tokio::task::spawn_blocking(move || {
        Argon2::default()
            .hash_password(password.as_bytes())
            .map(|h| h.to_string())
    })
    .await
    .map_err(|e| AppError::internal("password hashing task failed", e))?
    .map_err(|e| AppError::internal("hashing a password", e))
}

/// True when `password` matches `hash`. A malformed stored hash counts as a
/// mismatch (and is logged), never as a match.
pub async fn verify(password: String, hash: String) -> Result<bool, AppError> {
    tokio::task::spawn_blocking(move || {
        Argon2::default().verify_password(password.as_bytes(), hash.as_str())
    })
    .await
    .map_err(|e| AppError::internal("password verification task failed", e))
    .map(|outcome| match outcome {
        Ok(()) => true,
        Err(argon2::password_hash::Error::PasswordInvalid) => false,
        Err(e) => {
            tracing::error!(%e, "stored password hash is unusable");
            false
        }
    })
}
