//! What a signed-in user can do to their own account and sessions: log out
//! (this session), log out everywhere, change the password, delete the
//! account. Each ends the sessions it should on the server first, then closes
//! their sockets, so nothing keeps working on a token that was let go.

use uuid::Uuid;

use crate::domain::validate;
use crate::error::AppError;
use crate::server::state::AppState;

use super::{Caller, password};

/// Ends the caller's session and closes the sockets opened with it; the
/// user's other log-ins stay.
pub async fn logout(state: &AppState, caller: &Caller) -> Result<(), AppError> {
    state.sessions.end(caller.user_id, caller.session).await?;
    state.gateway.end_session(caller.session).await;
    Ok(())
}

/// Ends every session of the user, this one included, and closes all their sockets.
pub async fn logout_everywhere(state: &AppState, user: Uuid) -> Result<(), AppError> {
    state.sessions.end_all(user, None).await?;
    state.gateway.end_user(user).await;
    tracing::info!(%user, "logged out everywhere");
    Ok(())
}

/// Sets a new password (the current one is required) and ends every other
/// session: whoever else was signed in has to log in with the new one.
pub async fn change_password(
    state: &AppState,
    caller: &Caller,
    current: &str,
    new: &str,
) -> Result<(), AppError> {
    validate::password(new).map_err(|e| renamed(e, "newPassword"))?;
    confirm_password(state, caller.user_id, current, "currentPassword").await?;
    let hash = password::hash(&state.limits.hashing, new.to_owned()).await?;
    state.store.set_password(caller.user_id, &hash).await?;
    let ended = state
        .sessions
        .end_all(caller.user_id, Some(caller.session))
        .await?;
    for session in ended {
        state.gateway.end_session(session).await;
    }
    tracing::info!(user = %caller.user_id, "password changed; other sessions ended");
    Ok(())
}

/// Deletes the account and everything it owns (its lists with their todos,
/// sessions), after checking its password; the username and email become
/// free at once. Its lists go first, through the committer, so their other
/// members hear of it (`list:deleted`, `member:removed`).
pub async fn delete_account(state: &AppState, user: Uuid, password: &str) -> Result<(), AppError> {
    confirm_password(state, user, password, "password").await?;
    // Sessions end first (and leave the cache), so no request can still pass
    // the session check for an account that is about to vanish.
    state.sessions.end_all(user, None).await?;
    crate::server::list_service::leave_all(state, user).await?;
    state.store.delete_user(user).await?;
    state.gateway.end_user(user).await;
    tracing::info!(%user, "account deleted");
    Ok(())
}

/// Checks the user's password; a wrong one is an error on `field`.
async fn confirm_password(
    state: &AppState,
    user: Uuid,
    given: &str,
    field: &str,
) -> Result<(), AppError> {
    if given.is_empty() {
        return Err(AppError::invalid(field, "is required"));
    }
    let row = state
        .store
        .user_row_by_id(user)
        .await?
        .ok_or(AppError::Unauthorized)?;
    if !password::verify(&state.limits.hashing, given.to_owned(), row.password_hash).await? {
        return Err(AppError::invalid(field, "is incorrect"));
    }
    Ok(())
}

/// The same rule, reported on the field name this form uses.
fn renamed(err: AppError, field: &str) -> AppError {
    match err {
        AppError::Invalid { message, .. } => AppError::invalid(field, message),
        other => other,
    }
}
