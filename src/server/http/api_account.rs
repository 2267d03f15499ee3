//! The account over JSON: who am I, log out (this session or everywhere),
//! change the password, delete the account. Same functions as the page's
//! account forms (`auth::account_changes`).

use axum::{
    Json, Router,
    extract::State,
    http::StatusCode,
    routing::{get, post},
};
use serde::Deserialize;

use super::json::ApiJson;
use crate::domain::User;
use crate::error::AppError;
use crate::server::{
    auth::{Caller, account_changes},
    state::AppState,
};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/auth/logout", post(logout))
        .route("/auth/logout-all", post(logout_all))
        .route("/me", get(me).delete(delete_me))
        .route("/me/password", post(change_password))
}

/// `GET /api/v1/me`: `{id, username, email}`.
async fn me(State(state): State<AppState>, caller: Caller) -> Result<Json<User>, AppError> {
    state
        .store
        .user_by_id(caller.user_id)
        .await?
        .map(Json)
        .ok_or(AppError::Unauthorized)
}

async fn logout(State(state): State<AppState>, caller: Caller) -> Result<StatusCode, AppError> {
    account_changes::logout(&state, &caller).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn logout_all(State(state): State<AppState>, caller: Caller) -> Result<StatusCode, AppError> {
    account_changes::logout_everywhere(&state, caller.user_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Missing fields read as empty, so the error names them.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PasswordChange {
    #[serde(default)]
    current_password: String,
    #[serde(default)]
    new_password: String,
}

async fn change_password(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<PasswordChange>,
) -> Result<StatusCode, AppError> {
    account_changes::change_password(&state, &caller, &body.current_password, &body.new_password)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize)]
struct Confirmation {
    #[serde(default)]
    password: String,
}

/// `DELETE /api/v1/me` with `{"password": …}`: deleting everything is
/// confirmed with the password, not the token alone.
async fn delete_me(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<Confirmation>,
) -> Result<StatusCode, AppError> {
    account_changes::delete_account(&state, caller.user_id, &body.password).await?;
    Ok(StatusCode::NO_CONTENT)
}
