//! Signed session tokens (HS256 JWTs, SPEC §2). Only HS256 is accepted, so a
//! token that claims `alg: none` or another algorithm fails verification.

use chrono::{DateTime, Utc};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation, decode, encode};
use serde::{Deserialize, Serialize};
use std::time::Duration;
use uuid::Uuid;

use crate::error::AppError;

/// The claims LiveTodo signs. `sid` names the log-in session the token
/// belongs to, so that renewals keep it and log-out can end it.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Claims {
    pub sub: String,
    pub iat: i64,
    pub exp: i64,
    pub sid: String,
}

impl Claims {
    pub fn user_id(&self) -> Result<Uuid, AppError> {
        Uuid::parse_str(&self.sub).map_err(|_| AppError::Unauthorized)
    }

    /// Seconds of validity left at `now` (negative once expired).
    pub fn remaining(&self, now: i64) -> i64 {
        self.exp - now
    }
}

/// The signing and verifying keys, built once from the secret.
pub struct TokenKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    pub ttl: Duration,
}

impl TokenKeys {
    pub fn new(secret: &[u8], ttl: Duration) -> Self {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_required_spec_claims(&["exp", "sub", "iat"]);
        // A few seconds for clocks between machines, not the default minute:
        // an expired token should stop working when it says it does.
        validation.leeway = 5;
        TokenKeys {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            validation,
            ttl,
        }
    }

    /// Issues a token for `user` in session `sid`, valid until `expires`
    /// (see `sessions::token_expiry`: never past the session's own end).
    pub fn issue(&self, user: Uuid, sid: Uuid, expires: DateTime<Utc>) -> Result<String, AppError> {
        let claims = Claims {
            sub: user.to_string(),
            iat: Utc::now().timestamp(),
            exp: expires.timestamp(),
            sid: sid.to_string(),
        };
        encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .map_err(|e| AppError::internal("signing a token", e))
    }

    pub fn verify(&self, token: &str) -> Result<Claims, AppError> {
        decode::<Claims>(token, &self.decoding, &self.validation)
            .map(|data| data.claims)
            .map_err(|_| AppError::Unauthorized)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys() -> TokenKeys {
        TokenKeys::new(&[7u8; 32], Duration::from_secs(3600))
    }

    fn in_an_hour() -> DateTime<Utc> {
        Utc::now() + chrono::Duration::hours(1)
    }

    #[test]
    fn issued_tokens_verify_and_name_their_user() {
        let user = Uuid::new_v4();
        let sid = Uuid::new_v4();
        let token = keys().issue(user, sid, in_an_hour()).unwrap();
        let claims = keys().verify(&token).unwrap();
        assert_eq!(claims.user_id().unwrap(), user);
        assert_eq!(claims.sid, sid.to_string());
        assert!((3599..=3600).contains(&(claims.exp - claims.iat)));
    }

    #[test]
    fn tokens_from_another_secret_or_without_signature_fail() {
        let other = TokenKeys::new(&[8u8; 32], Duration::from_secs(3600));
        let token = other
            .issue(Uuid::new_v4(), Uuid::new_v4(), in_an_hour())
            .unwrap();
        assert!(keys().verify(&token).is_err());
        // Header {"alg":"none","typ":"JWT"} with valid-looking claims.
        let unsigned = format!(
            "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.{}.",
            token.split('.').nth(1).unwrap()
        );
        assert!(keys().verify(&unsigned).is_err());
    }
}
