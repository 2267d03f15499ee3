//! Registering and logging in, shared by the JSON API and the page's server
//! functions so both apply the same rules, including the attempt limits and
//! log-in back-off of `server::limits` (checked here, once, for every door).
//! Each successful one starts a server-side session (`sessions`) and answers
//! a token that names it.

use crate::domain::{AuthResponse, User, validate};
use crate::error::AppError;
use crate::server::db::Session;
use crate::server::limits::{ClientIp, Limits};
use crate::server::state::AppState;

use super::{password, sessions::token_expiry};

pub async fn register(
    state: &AppState,
    ip: ClientIp,
    username: &str,
    email: &str,
    password: &str,
    first_list: &str,
) -> Result<AuthResponse, AppError> {
    state.limits.admit_register(ip, email).await?;
    let username = validate::username(username)?;
    let email = validate::email(email)?;
    validate::password(password)?;
    let hash = password::hash(&state.limits.hashing, password.to_owned())
        .await
        .inspect_err(|e| log_busy(state, ip, e))?;
    let user = state
        .store
        .register(&username, &email, &hash, first_list)
        .await?;
    tracing::info!(user = %user.id, "registered");
    signed_in(state, user).await
}

/// Unknown email and wrong password give the same error, and take about the
/// same time: an unknown email is still checked against a real hash.
pub async fn login(
    state: &AppState,
    ip: ClientIp,
    email: &str,
    password: &str,
) -> Result<AuthResponse, AppError> {
    state.limits.admit_login(ip, email).await?;
    let row = state.store.user_by_email(email).await?;
    let stored_hash = match &row {
        Some(r) => r.password_hash.clone(),
        None => state
            .dummy_hash
            .get_or_try_init(|| new_dummy_hash(&state.limits))
            .await?
            .clone(),
    };
    let matches = password::verify(&state.limits.hashing, password.to_owned(), stored_hash)
        .await
        .inspect_err(|e| log_busy(state, ip, e))?;
    match row {
        Some(row) if matches => {
            state.limits.login_succeeded(email).await;
            signed_in(state, row.to_user()).await
        }
        _ => {
            state.limits.login_failed(ip, email).await;
            Err(AppError::BadCredentials)
        }
    }
}

/// The hash an unknown email is checked against (`AppState::dummy_hash`).
pub async fn new_dummy_hash(limits: &Limits) -> Result<String, AppError> {
    password::hash(&limits.hashing, uuid::Uuid::new_v4().to_string()).await
}

fn log_busy(state: &AppState, ip: ClientIp, error: &AppError) {
    if matches!(error, AppError::Busy { .. }) {
        state.limits.log_busy(ip);
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
