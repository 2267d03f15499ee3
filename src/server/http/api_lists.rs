//! `/api/v1/lists`: lists, their members and their todos (SPEC §6), over
//! the same service as the page's server functions.

use axum::{
    Json, Router,
    extract::{Path, RawQuery, State},
    http::StatusCode,
    response::Response,
    routing::{delete, get, post},
};

use super::api_todos::{op_id_param, page, todo_id as path_id};
use super::json::ApiJson;
use crate::domain::list::{ListForm, Member, MemberForAdd, TodoList};
use crate::error::AppError;
use crate::server::{auth::Caller, list_service, state::AppState, todo_service::Created};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/lists", get(lists).post(create))
        .route("/lists/{id}", get(read).patch(rename).delete(remove))
        .route("/lists/{id}/members", post(add_member))
        .route("/lists/{id}/members/{user}", delete(remove_member))
        .route("/lists/{id}/todos", get(todos))
}

async fn lists(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<Vec<TodoList>>, AppError> {
    list_service::lists(&state, caller.user_id).await.map(Json)
}

async fn create(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(form): ApiJson<ListForm>,
) -> Result<(StatusCode, Json<TodoList>), AppError> {
    match list_service::create(&state, caller.user_id, &form).await? {
        Created::New(list) => Ok((StatusCode::CREATED, Json(list))),
        Created::Again(list) => Ok((StatusCode::OK, Json(list))),
    }
}

async fn read(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<TodoList>, AppError> {
    list_service::get(&state, caller.user_id, path_id(&id)?)
        .await
        .map(Json)
}

async fn rename(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(form): ApiJson<ListForm>,
) -> Result<Json<TodoList>, AppError> {
    list_service::rename(&state, caller.user_id, path_id(&id)?, &form)
        .await
        .map(Json)
}

async fn remove(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<StatusCode, AppError> {
    let op_id = op_id_param(query.as_deref())?;
    list_service::delete(&state, caller.user_id, op_id, path_id(&id)?).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn add_member(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(form): ApiJson<MemberForAdd>,
) -> Result<(StatusCode, Json<Member>), AppError> {
    let member = list_service::add_member(&state, caller.user_id, path_id(&id)?, &form).await?;
    Ok((StatusCode::CREATED, Json(member)))
}

async fn remove_member(
    State(state): State<AppState>,
    caller: Caller,
    Path((id, user)): Path<(String, String)>,
    RawQuery(query): RawQuery,
) -> Result<StatusCode, AppError> {
    let op_id = op_id_param(query.as_deref())?;
    let (list, user) = (path_id(&id)?, path_id(&user)?);
    list_service::remove_member(&state, caller.user_id, op_id, list, user).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /api/v1/lists/{id}/todos?limit=&cursor=`: as `GET /api/v1/todos`,
/// for one list.
async fn todos(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, AppError> {
    let list = path_id(&id)?;
    let path = format!("/api/v1/lists/{list}/todos");
    page(&state, caller.user_id, Some(list), query.as_deref(), &path).await
}
