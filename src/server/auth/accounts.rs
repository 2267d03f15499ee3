//! Registering and logging in, shared by the JSON API and the page's server
//! functions so both apply the same rules, including the attempt limits and
//! log-in back-off of `server::limits` (checked here, once, for every door).

use crate::domain::{AuthResponse, validate};
use crate::error::AppError;
use crate::server::db::users;
use crate::server::limits::ClientIp;
use crate::server::state::AppState;

use super::password;

pub async fn register(
    state: &AppState,
    ip: ClientIp,
    username: &str,
    email: &str,
    password: &str,
) -> Result<AuthResponse, AppError> {
    state.limits.admit_register(ip, email)?;
    let username = validate::username(username)?;
    let email = validate::email(email)?;
    validate::password(password)?;
    let hash = password::hash(&state.limits.hashing, password.to_owned())
        .await
        .inspect_err(|e| log_busy(state, ip, e))?;
    let user = users::insert(&state.pool, &username, &email, &hash).await?;
    tracing::info!(user = %user.id, "registered");
    Ok(AuthResponse {
        access_token: state.keys.issue(user.id, None)?,
        user,
    })
}

/// Unknown email and wrong password give the same error, and take about the
/// same time: an unknown email is still checked against a real hash.
pub async fn login(
    state: &AppState,
    ip: ClientIp,
    email: &str,
    password: &str,
) -> Result<AuthResponse, AppError> {
    state.limits.admit_login(ip, email)?;
    let row = users::find_by_email(&state.pool, email).await?;
    let stored_hash = row
        .as_ref()
        .map_or_else(|| state.dummy_hash.to_string(), |r| r.password_hash.clone());
    let matches = password::verify(&state.limits.hashing, password.to_owned(), stored_hash)
        .await
        .inspect_err(|e| log_busy(state, ip, e))?;
    match row {
        Some(row) if matches => {
            state.limits.login_succeeded(email);
            let user = row.to_user()?;
            Ok(AuthResponse {
                access_token: state.keys.issue(user.id, None)?,
                user,
            })
        }
        _ => {
            state.limits.login_failed(ip, email);
            Err(AppError::BadCredentials)
        }
    }
}

fn log_busy(state: &AppState, ip: ClientIp, error: &AppError) {
    if matches!(error, AppError::Busy { .. }) {
        state.limits.log_busy(ip);
    }
}
