//! The one write path for todos. Each operation validates its input, writes
//! in a transaction, commits, and then publishes what changed to the owner's
//! sockets. The HTTP API and the server functions both call these functions;
//! nothing else writes todos, and the Socket.IO layer only pushes.

use chrono::Utc;
use sqlx::SqliteConnection;
use uuid::Uuid;

use crate::domain::events::{Deleted, TodoEvent};
use crate::domain::todo::TodoPatch;
use crate::domain::{Todo, TodoForCreate, TodoForUpdate};
use crate::error::AppError;
use crate::server::db::todo_pages::{self, Cursor};
use crate::server::db::{todos as db, write_tx};
use crate::server::realtime;
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
    let cap = state.limits.config.max_todos_per_user;
    write(state, user, async |conn| {
        // Counted under the write lock, so parallel creates cannot overshoot.
        if db::count(conn, user).await? >= cap {
            return Err(AppError::LimitReached {
                field: "todos".into(),
                limit: cap,
            });
        }
        let todo = db::insert(conn, user, &new, Utc::now()).await?;
        Ok((todo.clone(), vec![TodoEvent::Created(todo)]))
    })
    .await
}

pub async fn update(
    state: &AppState,
    user: Uuid,
    id: Uuid,
    input: &TodoForUpdate,
) -> Result<Todo, AppError> {
    let patch = input.validate()?;
    write(state, user, async |conn| {
        change(conn, user, id, &patch).await
    })
    .await
}

/// Flips `completed`; read and written under the write lock, so two toggles
/// never both see the same old value.
pub async fn toggle(state: &AppState, user: Uuid, id: Uuid) -> Result<Todo, AppError> {
    write(state, user, async |conn| {
        let current = db::get(conn, user, id).await?;
        let patch = TodoPatch {
            completed: Some(!current.completed),
            ..Default::default()
        };
        change(conn, user, id, &patch).await
    })
    .await
}

pub async fn delete(state: &AppState, user: Uuid, id: Uuid) -> Result<(), AppError> {
    write(state, user, async |conn| {
        db::delete(conn, user, id).await?;
        Ok(((), vec![TodoEvent::Deleted(Deleted { id })]))
    })
    .await
}

/// Marks every todo done (or not done); returns the todos that changed, each
/// published as its own event.
pub async fn set_all_completed(
    state: &AppState,
    user: Uuid,
    completed: bool,
) -> Result<Vec<Todo>, AppError> {
    write(state, user, async |conn| {
        let changed = db::set_all_completed(conn, user, completed, Utc::now()).await?;
        let events = changed
            .iter()
            .cloned()
            .map(|t| {
                if completed {
                    TodoEvent::Completed(t)
                } else {
                    TodoEvent::Updated(t)
                }
            })
            .collect();
        Ok((changed, events))
    })
    .await
}

/// Deletes every completed todo; returns the ids that went.
pub async fn clear_completed(state: &AppState, user: Uuid) -> Result<Vec<Uuid>, AppError> {
    write(state, user, async |conn| {
        let ids = db::delete_completed(conn, user).await?;
        let events = ids
            .iter()
            .map(|&id| TodoEvent::Deleted(Deleted { id }))
            .collect();
        Ok((ids, events))
    })
    .await
}

/// Applies a patch and names the change: `todo:completed` when `completed`
/// turns true, `todo:updated` otherwise.
async fn change(
    conn: &mut SqliteConnection,
    user: Uuid,
    id: Uuid,
    patch: &TodoPatch,
) -> Result<(Todo, Vec<TodoEvent>), AppError> {
    let before = db::get(conn, user, id).await?;
    let after = db::update(conn, user, id, patch, Utc::now()).await?;
    Ok((after.clone(), vec![TodoEvent::for_change(&before, after)]))
}

/// Runs `op` in a write transaction (`db::write_tx`, `BEGIN IMMEDIATE`)
/// under the write lock, commits, then publishes its events. The lock keeps
/// events in commit order; a failed `op` rolls back and publishes nothing.
/// Every write first passes the user's write rate limit (429 when over it).
async fn write<T>(
    state: &AppState,
    user: Uuid,
    op: impl AsyncFnOnce(&mut SqliteConnection) -> Result<(T, Vec<TodoEvent>), AppError>,
) -> Result<T, AppError> {
    state.limits.admit_write(user)?;
    let _serialised = state.write_lock.lock().await;
    let (value, events) = write_tx(&state.pool, op).await?;
    realtime::publish(&state.io, user, &events);
    Ok(value)
}
