//! `/api/v1/todos`: the todo operations for scripts and other clients, over
//! the same service functions the page's server functions call.

use axum::{
    Json, Router,
    extract::{FromRequestParts, Path, State},
    http::{StatusCode, request::Parts},
    routing::get,
};
use uuid::Uuid;

use super::json::ApiJson;
use crate::domain::{Todo, TodoForCreate, TodoForUpdate};
use crate::error::AppError;
use crate::server::{
    auth::{self, Caller},
    state::AppState,
    todo_service,
};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/todos", get(list).post(create))
        .route("/todos/{id}", get(read).patch(update).delete(remove))
}

/// Any handler that takes a `Caller` requires a valid bearer token or session
/// cookie; without one the request ends in 401 before the handler runs.
impl FromRequestParts<AppState> for Caller {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        auth::authenticate(&state.keys, state.cookie, &parts.headers)
    }
}

/// A malformed id cannot name any todo, so it is "not found" like any other.
fn todo_id(raw: &str) -> Result<Uuid, AppError> {
    Uuid::parse_str(raw).map_err(|_| AppError::NotFound)
}

async fn list(State(state): State<AppState>, caller: Caller) -> Result<Json<Vec<Todo>>, AppError> {
    todo_service::list(&state, caller.user_id).await.map(Json)
}

async fn create(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(input): ApiJson<TodoForCreate>,
) -> Result<(StatusCode, Json<Todo>), AppError> {
    let todo = todo_service::create(&state, caller.user_id, &input).await?;
    Ok((StatusCode::CREATED, Json(todo)))
}

async fn read(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Todo>, AppError> {
    todo_service::get(&state, caller.user_id, todo_id(&id)?)
        .await
        .map(Json)
}

async fn update(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<TodoForUpdate>,
) -> Result<Json<Todo>, AppError> {
    let id = todo_id(&id)?;
    todo_service::update(&state, caller.user_id, id, &input)
        .await
        .map(Json)
}

async fn remove(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<StatusCode, AppError> {
    todo_service::delete(&state, caller.user_id, todo_id(&id)?).await?;
    Ok(StatusCode::NO_CONTENT)
}
