//! Registering and logging in, shared by the JSON API and the page's server
//! functions so both apply the same rules. Each successful one starts a
//! server-side session (`sessions`) and answers a token that names it.

use crate::domain::{AuthResponse, User, validate};
use crate::error::AppError;
use crate::server::db::{sessions::Session, users};
use crate::server::state::AppState;

use super::{password, sessions::token_expiry};

pub async fn register(
    state: &AppState,
    username: &str,
    email: &str,
    password: &str,
) -> Result<AuthResponse, AppError> {
    let username = validate::username(username)?;
    let email = validate::email(email)?;
    validate::password(password)?;
    let hash = password::hash(password.to_owned()).await?;
    let user = users::insert(&state.pool, &username, &email, &hash).await?;
    tracing::info!(user = %user.id, "registered");
    signed_in(state, user).await
}

/// Unknown email and wrong password give the same error, and take about the
/// same time: an unknown email is still checked against a real hash.
pub async fn login(
    state: &AppState,
    email: &str,
    password: &str,
) -> Result<AuthResponse, AppError> {
    let row = users::find_by_email(&state.pool, email).await?;
    let stored_hash = row
        .as_ref()
        .map_or_else(|| state.dummy_hash.to_string(), |r| r.password_hash.clone());
    let matches = password::verify(password.to_owned(), stored_hash).await?;
    match row {
        Some(row) if matches => signed_in(state, row.to_user()?).await,
        _ => Err(AppError::BadCredentials),
    }
}

/// A new session for `user` and the token that carries it.
async fn signed_in(state: &AppState, user: User) -> Result<AuthResponse, AppError> {
    let session = state.sessions.start(user.id).await?;
    Ok(AuthResponse {
        access_token: token_for(state, &session)?,
        user,
    })
}

/// A token for an existing session: one lifetime, never past the session's end.
pub fn token_for(state: &AppState, session: &Session) -> Result<String, AppError> {
    let expires = token_expiry(state.keys.ttl, session.expires_at);
    state.keys.issue(session.user_id, session.id, expires)
}
