//! `POST /api/v1/auth/register` and `/login`: the JSON twins of the page's
//! forms, for scripts and other clients. They answer a token and set no cookie.

use axum::{Json, Router, extract::State, http::StatusCode, routing::post};
use serde::Deserialize;

use super::json::ApiJson;
use crate::domain::AuthResponse;
use crate::domain::list::FIRST_LIST_NAME;
use crate::error::AppError;
use crate::server::{auth::accounts, limits::ClientIp, state::AppState};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/auth/register", post(register))
        .route("/auth/login", post(login))
}

/// Missing fields read as empty, so the validation message names them.
#[derive(Deserialize)]
struct RegisterBody {
    #[serde(default)]
    username: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
}

#[derive(Deserialize)]
struct LoginBody {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
}

async fn register(
    State(state): State<AppState>,
    ip: ClientIp,
    ApiJson(body): ApiJson<RegisterBody>,
) -> Result<(StatusCode, Json<AuthResponse>), AppError> {
    let answer = accounts::register(
        &state,
        ip,
        &body.username,
        &body.email,
        &body.password,
        FIRST_LIST_NAME,
    )
    .await?;
    Ok((StatusCode::CREATED, Json(answer)))
}

async fn login(
    State(state): State<AppState>,
    ip: ClientIp,
    ApiJson(body): ApiJson<LoginBody>,
) -> Result<Json<AuthResponse>, AppError> {
    for (field, value) in [("email", &body.email), ("password", &body.password)] {
        if value.is_empty() {
            return Err(AppError::invalid(field, "is required"));
        }
    }
    accounts::login(&state, ip, &body.email, &body.password)
        .await
        .map(Json)
}
