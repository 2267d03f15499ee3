//! `GET /api/v1/lists/{id}/changes?before=<seq>&limit=<1..100>` (SPEC §7):
//! a list's history, newest first. Each entry is `{seq, event, todo |
//! {id}, before, actor, at, opId}` for todo changes; list and member
//! changes carry their event's payload as `data` instead of `todo`.
//!
//! `POST /api/v1/lists/{id}/changes/{seq}/undo[?opId=]` reverses a change to
//! a todo: 200 with the todo as it now is, 204 when undoing a create
//! deleted it, 409 with the current todo when it changed since.

use axum::{
    Json, Router,
    extract::{Path, RawQuery, State},
    http::StatusCode,
    response::{IntoResponse, Response},
    routing::{get, post},
};
use serde::Serialize;
use serde_json::value::RawValue;

use super::api_todos::{op_id_param, todo_id as path_id};
use crate::domain::events::{Actor, is_todo_event};
use crate::domain::time::Timestamp;
use crate::error::AppError;
use crate::server::change_service::{self, HISTORY_PAGE_MAX};
use crate::server::db::Change;
use crate::server::{auth::Caller, state::AppState, todo_service};

/// A page of history when the client names no `limit`.
const DEFAULT_LIMIT: u64 = 50;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/lists/{id}/changes", get(history))
        .route("/lists/{id}/changes/{seq}/undo", post(undo))
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Entry<'a> {
    seq: u64,
    event: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    todo: Option<&'a RawValue>,
    #[serde(skip_serializing_if = "Option::is_none")]
    data: Option<&'a RawValue>,
    before: Option<&'a RawValue>,
    actor: &'a Actor,
    at: Timestamp,
    op_id: Option<uuid::Uuid>,
}

impl<'a> Entry<'a> {
    fn of(change: &'a Change) -> Self {
        let about_a_todo = is_todo_event(&change.event);
        Entry {
            seq: change.meta.seq,
            event: &change.event,
            todo: about_a_todo.then_some(&*change.payload),
            data: (!about_a_todo).then_some(&*change.payload),
            before: change.before.as_deref(),
            actor: &change.meta.actor,
            at: change.meta.at,
            op_id: change.meta.op_id,
        }
    }
}

async fn history(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Json<serde_json::Value>, AppError> {
    let (before, limit) = params(query.as_deref())?;
    let changes =
        change_service::history(&state, caller.user_id, path_id(&id)?, before, limit).await?;
    let entries: Vec<Entry<'_>> = changes.iter().map(Entry::of).collect();
    serde_json::to_value(entries)
        .map(Json)
        .map_err(|e| AppError::internal("encoding a list's history", e))
}

async fn undo(
    State(state): State<AppState>,
    caller: Caller,
    Path((id, seq)): Path<(String, String)>,
    RawQuery(query): RawQuery,
) -> Result<Response, AppError> {
    let seq = seq
        .parse()
        .map_err(|_| AppError::invalid("seq", "must be a change number"))?;
    let op_id = op_id_param(query.as_deref())?;
    let todo = todo_service::undo(&state, caller.user_id, op_id, path_id(&id)?, seq).await?;
    Ok(match todo {
        Some(todo) => Json(todo).into_response(),
        None => StatusCode::NO_CONTENT.into_response(),
    })
}

/// `before` (a change number) and `limit` (1..=100, default 50).
fn params(query: Option<&str>) -> Result<(Option<u64>, u64), AppError> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query.unwrap_or(""))
        .map_err(|_| AppError::invalid("query", "is not a valid query string"))?;
    let mut before = None;
    let mut limit = DEFAULT_LIMIT;
    for (key, value) in pairs {
        match key.as_str() {
            "before" => {
                before = Some(value.parse().map_err(|_| {
                    AppError::invalid("before", "must be a change number (0 or more)")
                })?);
            }
            "limit" => {
                limit = value
                    .parse()
                    .ok()
                    .filter(|n| (1..=HISTORY_PAGE_MAX).contains(n))
                    .ok_or_else(|| {
                        AppError::invalid(
                            "limit",
                            format!("must be a number from 1 to {HISTORY_PAGE_MAX}"),
                        )
                    })?;
            }
            _ => {}
        }
    }
    Ok((before, limit))
}
