//! The way to write to the database outside the todo committer (accounts,
//! sessions): a transaction that starts with `BEGIN IMMEDIATE`, runs the
//! caller's statements and commits. The committer (`server::commit`) begins
//! its batches the same way.
//!
//! Why IMMEDIATE: a plain (deferred) transaction starts as a reader and asks
//! for the write lock only at its first write. If another connection is
//! writing by then, SQLite cannot wait for it (the reader's snapshot would be
//! stale) and fails at once with SQLITE_BUSY (5) or SQLITE_BUSY_SNAPSHOT
//! (517), whatever the busy timeout says. Taking the write lock at `BEGIN`
//! makes a second writer wait on the busy timeout instead, so concurrent
//! writers queue up rather than fail.

use sqlx::{SqliteConnection, SqlitePool};

use crate::error::AppError;

/// Runs `op` inside a `BEGIN IMMEDIATE` transaction on `pool` and commits it.
///
/// An error from `op` rolls the transaction back (it is dropped uncommitted)
/// and is returned as is; failures to begin or commit are internal errors.
/// Use it for every write but todo writes (those go to the committer), e.g.:
///
/// ```ignore
/// let user = db::write_tx(&state.pool, async |conn| users::insert(conn, …).await).await?;
/// ```
pub async fn write_tx<T>(
    pool: &SqlitePool,
    op: impl AsyncFnOnce(&mut SqliteConnection) -> Result<T, AppError>,
) -> Result<T, AppError> {
    let mut tx = pool
        .begin_with("BEGIN IMMEDIATE")
        .await
        .map_err(|e| AppError::internal("beginning a write transaction", e))?;
    let value = op(&mut tx).await?;
    tx.commit()
        .await
        .map_err(|e| AppError::internal("committing a write transaction", e))?;
    Ok(value)
}
