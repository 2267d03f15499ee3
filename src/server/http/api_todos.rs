//! `/api/v1/todos`: the todo operations for scripts and other clients, over
//! the same service functions the page's server functions call.

use axum::{
    Json, Router,
    extract::{FromRequestParts, Path, RawQuery, State},
    http::{HeaderName, HeaderValue, StatusCode, header, request::Parts},
    response::{IntoResponse, Response},
    routing::get,
};
use uuid::Uuid;

use super::json::ApiJson;
use crate::domain::{Todo, TodoForCreate, TodoForUpdate, validate};
use crate::error::AppError;
use crate::server::{
    auth::{self, Caller},
    db::Cursor,
    state::AppState,
    todo_service::{self, Created},
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
        auth::authenticate(&state.keys, &state.sessions, state.cookie, &parts.headers).await
    }
}

/// A malformed id cannot name any todo (or list, or user), so it is "not
/// found" like any other.
pub(super) fn todo_id(raw: &str) -> Result<Uuid, AppError> {
    Uuid::parse_str(raw).map_err(|_| AppError::NotFound)
}

/// `GET /api/v1/todos?limit=&cursor=`: still a JSON array (SPEC §2b), one
/// page of it, of every list the caller is a member of (SPEC §6). The
/// default page size is the per-list todo cap, so a client
/// that knows nothing of paging gets the whole list as before; when more
/// follows, the next page's address is in `Link: <…>; rel="next"` and its
/// cursor alone in `X-Next-Cursor`.
async fn list(
    State(state): State<AppState>,
    caller: Caller,
    RawQuery(query): RawQuery,
) -> Result<Response, AppError> {
    page(
        &state,
        caller.user_id,
        None,
        query.as_deref(),
        "/api/v1/todos",
    )
    .await
}

/// One page of the todos of every list of `user`, or of `list`, answered
/// as `GET {path}` would be.
pub(super) async fn page(
    state: &AppState,
    user: Uuid,
    list: Option<Uuid>,
    query: Option<&str>,
    path: &str,
) -> Result<Response, AppError> {
    let max = state.limits.config.max_todos_per_list;
    let (limit, cursor) = page_params(query, max)?;
    let (todos, next) = todo_service::list_page(state, user, list, cursor.as_ref(), limit).await?;
    // Already JSON, as the store wrote it (`db::Storage::todo_page`).
    let mut res = ([(header::CONTENT_TYPE, JSON)], todos).into_response();
    if let Some(next) = next {
        let next = next.encode();
        let link = format!("<{path}?limit={limit}&cursor={next}>; rel=\"next\"");
        for (name, value) in [(header::LINK, link), (X_NEXT_CURSOR, next)] {
            if let Ok(value) = HeaderValue::from_str(&value) {
                res.headers_mut().insert(name, value);
            }
        }
    }
    Ok(res)
}

const X_NEXT_CURSOR: HeaderName = HeaderName::from_static("x-next-cursor");
const JSON: HeaderValue = HeaderValue::from_static("application/json");

/// `limit` (1..=max, default max) and `cursor` (from a previous page).
fn page_params(query: Option<&str>, max: u64) -> Result<(u64, Option<Cursor>), AppError> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query.unwrap_or(""))
        .map_err(|_| AppError::invalid("query", "is not a valid query string"))?;
    let mut limit = max;
    let mut cursor = None;
    for (key, value) in pairs {
        match key.as_str() {
            "limit" => {
                limit = value
                    .parse()
                    .ok()
                    .filter(|n| (1..=max).contains(n))
                    .ok_or_else(|| {
                        AppError::invalid("limit", format!("must be a number from 1 to {max}"))
                    })?;
            }
            "cursor" => {
                cursor = Some(Cursor::decode(&value).ok_or_else(|| {
                    AppError::invalid("cursor", "is not a cursor this server gave out")
                })?);
            }
            _ => {} // unknown parameters are ignored, as everywhere in the API
        }
    }
    Ok((limit, cursor))
}

async fn create(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(input): ApiJson<TodoForCreate>,
) -> Result<(StatusCode, Json<Todo>), AppError> {
    // 200, not 201, for a create sent again (same client-made id).
    match todo_service::create(&state, caller.user_id, &input).await? {
        Created::New(todo) => Ok((StatusCode::CREATED, Json(todo))),
        Created::Again(todo) => Ok((StatusCode::OK, Json(todo))),
    }
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
    RawQuery(query): RawQuery,
) -> Result<StatusCode, AppError> {
    let op_id = op_id_param(query.as_deref())?;
    todo_service::delete(&state, caller.user_id, op_id, todo_id(&id)?).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `?opId=` of a `DELETE` (it has no body to carry one, SPEC §7).
pub(super) fn op_id_param(query: Option<&str>) -> Result<Option<Uuid>, AppError> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query.unwrap_or(""))
        .map_err(|_| AppError::invalid("query", "is not a valid query string"))?;
    let raw = pairs
        .iter()
        .find(|(k, _)| k == "opId")
        .map(|(_, v)| v.as_str());
    validate::optional_id("opId", raw)
}
