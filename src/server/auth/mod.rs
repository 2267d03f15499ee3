//! Accounts and sessions: password hashing, signed tokens, and finding out who
//! is asking. A request proves who it is with, in this order, an
//! `Authorization: Bearer` header (scripts, the CLI, tests) or the HttpOnly
//! session cookie (the page). Both carry the same JWT, and the JWT is only
//! accepted while the server-side session it names is live (`sessions`).

pub mod account_changes;
pub mod accounts;
pub mod cookie;
pub mod password;
pub mod secret;
pub mod sessions;
pub mod token;

pub use cookie::SessionCookie;
pub use sessions::Sessions;
pub use token::{Claims, TokenKeys};

use http::HeaderMap;
use uuid::Uuid;

use crate::error::AppError;

/// Who made a request, and how they proved it.
#[derive(Clone, Debug)]
pub struct Caller {
    pub user_id: Uuid,
    /// The log-in session the token belongs to.
    pub session: Uuid,
    pub claims: Claims,
    pub via_cookie: bool,
}

/// The bearer token if there is one, else the session cookie.
pub fn request_token(headers: &HeaderMap, cookie: SessionCookie) -> Option<(String, bool)> {
    bearer_token(headers)
        .map(|t| (t, false))
        .or_else(|| cookie.read(headers).map(|t| (t, true)))
}

/// `Authorization: Bearer <jwt>`; the scheme is case-insensitive (RFC 9110).
pub fn bearer_token(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(http::header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.trim().split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim().to_owned())
        .filter(|t| !t.is_empty())
}

/// Authenticates a request from its headers: a valid token (bearer, or the
/// cookie of this server's name) whose session is live.
pub async fn authenticate(
    keys: &TokenKeys,
    sessions: &Sessions,
    cookie: SessionCookie,
    headers: &HeaderMap,
) -> Result<Caller, AppError> {
    let (token, via_cookie) = request_token(headers, cookie).ok_or(AppError::Unauthorized)?;
    let (claims, session) = check_token(keys, sessions, &token).await?;
    Ok(Caller {
        user_id: session.user_id,
        session: session.id,
        claims,
        via_cookie,
    })
}

/// A token's claims and its live session, or `Unauthorized`.
pub async fn check_token(
    keys: &TokenKeys,
    sessions: &Sessions,
    token: &str,
) -> Result<(Claims, crate::server::db::Session), AppError> {
    let claims = keys.verify(token)?;
    let session = sessions.check(&claims).await?;
    Ok((claims, session))
}
