//! The one write path for todos. Each operation validates its input, passes
//! the rate limit, and hands the write to the committer (`server::commit`),
//! which commits it (with whatever other writes are waiting, in one
//! transaction) and then publishes what changed to the owner's sockets. The
//! HTTP API and the server functions both call these functions; nothing else
//! writes todos, and the Socket.IO layer only pushes.

use uuid::Uuid;

use crate::domain::{Todo, TodoForCreate, TodoForUpdate};
use crate::error::AppError;
use crate::server::commit::{Outcome, TodoOp};
use crate::server::db::todo_pages::{self, Cursor};
use crate::server::db::todos as db;
use crate::server::state::AppState;

pub async fn list(state: &AppState, user: Uuid) -> Result<Vec<Todo>, AppError> {
    db::list(&state.pool, user).await
}

/// One page of the list (`GET /api/v1/todos`) as its JSON array; see
/// `db::todo_pages`.
pub async fn list_page(
    state: &AppState,
    user: Uuid,
    after: Option<&Cursor>,
    limit: u64,
) -> Result<(String, Option<Cursor>), AppError> {
    todo_pages::list_page(&state.pool, user, after, limit).await
}

pub async fn get(state: &AppState, user: Uuid, id: Uuid) -> Result<Todo, AppError> {
    let mut conn = state
        .pool
        .acquire()
        .await
        .map_err(|e| AppError::internal("acquiring a connection", e))?;
    db::get(&mut conn, user, id).await
}

pub async fn create(state: &AppState, user: Uuid, input: &TodoForCreate) -> Result<Todo, AppError> {
    let new = input.validate()?;
    match write(state, user, TodoOp::Create(new)).await? {
        Outcome::Todo(todo) => Ok(todo),
        other => Err(mismatch(other)),
    }
}

pub async fn update(
    state: &AppState,
    user: Uuid,
    id: Uuid,
    input: &TodoForUpdate,
) -> Result<Todo, AppError> {
    let patch = input.validate()?;
    match write(state, user, TodoOp::Update { id, patch }).await? {
        Outcome::Todo(todo) => Ok(todo),
        other => Err(mismatch(other)),
    }
}

/// Flips `completed` (see `TodoOp::Toggle`).
pub async fn toggle(state: &AppState, user: Uuid, id: Uuid) -> Result<Todo, AppError> {
    match write(state, user, TodoOp::Toggle { id }).await? {
        Outcome::Todo(todo) => Ok(todo),
        other => Err(mismatch(other)),
    }
}

pub async fn delete(state: &AppState, user: Uuid, id: Uuid) -> Result<(), AppError> {
    match write(state, user, TodoOp::Delete { id }).await? {
        Outcome::Deleted => Ok(()),
        other => Err(mismatch(other)),
    }
}

/// Marks every todo done (or not done); returns the todos that changed, each
/// published as its own event.
pub async fn set_all_completed(
    state: &AppState,
    user: Uuid,
    completed: bool,
) -> Result<Vec<Todo>, AppError> {
    match write(state, user, TodoOp::SetAllCompleted(completed)).await? {
        Outcome::Changed(todos) => Ok(todos),
        other => Err(mismatch(other)),
    }
}

/// Deletes every completed todo; returns the ids that went.
pub async fn clear_completed(state: &AppState, user: Uuid) -> Result<Vec<Uuid>, AppError> {
    match write(state, user, TodoOp::ClearCompleted).await? {
        Outcome::Cleared(ids) => Ok(ids),
        other => Err(mismatch(other)),
    }
}

/// Every write first passes the user's write rate limit (429 when over it),
/// then goes to the committer (`server::commit`), which answers once the
/// write is durable and its events are published, in commit order.
async fn write(state: &AppState, user: Uuid, op: TodoOp) -> Result<Outcome, AppError> {
    state.limits.admit_write(user)?;
    state.committer.submit(user, op).await
}

/// Each op has one kind of outcome; another one is a bug in `commit::ops`.
fn mismatch(outcome: Outcome) -> AppError {
    AppError::internal(
        "a write answered with the wrong outcome",
        format!("{outcome:?}"),
    )
}
