//! Registering and logging in, shared by the JSON API and the page's server
//! functions so both apply the same rules.

use crate::domain::{AuthResponse, validate};
use crate::error::AppError;
use crate::server::db::{users, write_tx};
use crate::server::state::AppState;

use super::password;

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
    let user = write_tx(&state.pool, async |conn| {
        users::insert(conn, &username, &email, &hash).await
    })
    .await?;
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
    email: &str,
    password: &str,
) -> Result<AuthResponse, AppError> {
    let row = users::find_by_email(&state.pool, email).await?;
    let stored_hash = row
        .as_ref()
        .map_or_else(|| state.dummy_hash.to_string(), |r| r.password_hash.clone());
    let matches = password::verify(password.to_owned(), stored_hash).await?;
    match row {
        Some(row) if matches => {
            let user = row.to_user()?;
            Ok(AuthResponse {
                access_token: state.keys.issue(user.id, None)?,
                user,
            })
        }
        _ => Err(AppError::BadCredentials),
    }
}
