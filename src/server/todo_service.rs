//! The one write path for todos. Each operation validates its input, writes
//! in a transaction and commits; the HTTP API and the server functions both
//! call these functions and nothing else writes todos.

use chrono::Utc;
use sqlx::SqliteConnection;
use uuid::Uuid;

use crate::domain::{Todo, TodoForCreate, TodoForUpdate};
use crate::error::AppError;
use crate::server::db::todos as db;
use crate::server::state::AppState;

pub async fn list(state: &AppState, user: Uuid) -> Result<Vec<Todo>, AppError> {
    db::list(&state.pool, user).await
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
    write(state, async |conn| {
        db::insert(conn, user, &new, Utc::now()).await
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
    write(state, async |conn| {
        db::update(conn, user, id, &patch, Utc::now()).await
    })
    .await
}

/// Flips `completed`; reads and writes under the write lock, so two toggles
/// never both see the same old value.
pub async fn toggle(state: &AppState, user: Uuid, id: Uuid) -> Result<Todo, AppError> {
    write(state, async |conn| {
        let current = db::get(conn, user, id).await?;
        let patch = crate::domain::todo::TodoPatch {
            completed: Some(!current.completed),
            ..Default::default()
        };
        db::update(conn, user, id, &patch, Utc::now()).await
    })
    .await
}

pub async fn delete(state: &AppState, user: Uuid, id: Uuid) -> Result<(), AppError> {
    write(state, async |conn| db::delete(conn, user, id).await).await
}

/// Marks every todo done (or not done); returns the todos that changed.
pub async fn set_all_completed(
    state: &AppState,
    user: Uuid,
    completed: bool,
) -> Result<Vec<Todo>, AppError> {
    write(state, async |conn| {
        db::set_all_completed(conn, user, completed, Utc::now()).await
    })
    .await
}

/// Deletes every completed todo; returns the ids that went.
pub async fn clear_completed(state: &AppState, user: Uuid) -> Result<Vec<Uuid>, AppError> {
    write(state, async |conn| db::delete_completed(conn, user).await).await
}

/// Runs `op` in a transaction under the write lock and commits it. A failed
/// `op` rolls back (the transaction is dropped uncommitted).
async fn write<T>(
    state: &AppState,
    op: impl AsyncFnOnce(&mut SqliteConnection) -> Result<T, AppError>,
) -> Result<T, AppError> {
    let _serialised = state.write_lock.lock().await;
    let mut tx = state
        .pool
        .begin()
        .await
        .map_err(|e| AppError::internal("beginning a transaction", e))?;
    let value = op(&mut tx).await?;
    tx.commit()
        .await
        .map_err(|e| AppError::internal("committing a transaction", e))?;
    Ok(value)
}
