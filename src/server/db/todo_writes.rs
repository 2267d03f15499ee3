//! SQL for todo writes, run by the committer (`server::commit`) on its own
//! connection, synchronously, on its own thread.
//!
//! Why not sqlx here: sqlx runs each SQLite connection on a worker thread
//! and every statement is a round trip to it (two thread wake-ups). A
//! create was BEGIN, INSERT and COMMIT: six wake-ups, most of the server's
//! CPU at a moderate write rate on a small machine. The committer calls
//! SQLite directly (rusqlite, over the same bundled SQLite as sqlx), so a
//! whole batch costs no wake-up beyond handing the batch in and the answers
//! out. Reads stay on the sqlx pool (`db::todos`).
//!
//! Every statement is scoped by `user_id`, as in `db::todos`.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Row, params};
use std::path::Path;
use std::time::Duration;
use uuid::Uuid;

use super::todos::{TodoRow, columns};
use super::users::parse_id;
use crate::domain::todo::{NewTodo, TodoPatch};
use crate::domain::{Priority, Todo, time, time::Timestamp};
use crate::error::AppError;

/// Opens the committer's connection to the (already migrated) database
/// file, with the pool's settings: WAL, `synchronous = FULL` (a commit
/// returns once it is on disk), a 5 s busy timeout, foreign keys on.
pub fn open_writer(file: &Path) -> Result<Connection, rusqlite::Error> {
    let conn = Connection::open(file)?;
    conn.busy_timeout(Duration::from_secs(5))?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", true)?;
    Ok(conn)
}

fn db_error(context: &'static str) -> impl Fn(rusqlite::Error) -> AppError {
    move |e| AppError::internal(context, e)
}

fn todo_row(row: &Row<'_>) -> rusqlite::Result<TodoRow> {
    Ok(TodoRow {
        id: row.get(0)?,
        user_id: row.get(1)?,
        title: row.get(2)?,
        description: row.get(3)?,
        completed: row.get(4)?,
        priority: row.get(5)?,
        due_date: row.get(6)?,
        created_at: row.get(7)?,
        updated_at: row.get(8)?,
    })
}

/// Stores a new todo unless the user already holds `cap`; `None` when the
/// cap is reached. One statement does both (the count is a sub-select), and
/// the answer is built from what was bound rather than read back.
pub fn insert_capped(
    conn: &Connection,
    user: Uuid,
    new: &NewTodo,
    now: DateTime<Utc>,
    cap: u64,
) -> Result<Option<Todo>, AppError> {
    // Milliseconds, as SQLite keeps them, so the answer equals a later read.
    let now = Timestamp::from(now);
    let due_date = new.due_date;
    let id = Uuid::new_v4();
    let stamp = time::to_wire(&now);
    let inserted = conn
        .prepare_cached(concat!(
            "INSERT INTO todos (",
            columns!(),
            ") SELECT ?1, ?2, ?3, ?4, 0, ?5, ?6, ?7, ?7
             WHERE (SELECT COUNT(*) FROM todos WHERE user_id = ?2) < ?8"
        ))
        .and_then(|mut s| {
            s.execute(params![
                id.to_string(),
                user.to_string(),
                new.title,
                new.description,
                new.priority.as_str(),
                due_date.as_ref().map(time::to_wire),
                stamp,
                i64::try_from(cap).unwrap_or(i64::MAX),
            ])
        })
        .map_err(db_error("inserting a todo"))?;
    if inserted == 0 {
        return Ok(None);
    }
    Ok(Some(Todo {
        id,
        user_id: user,
        title: new.title.clone(),
        description: new.description.clone(),
        completed: false,
        priority: new.priority,
        due_date,
        created_at: now,
        updated_at: now,
    }))
}

pub fn get(conn: &Connection, user: Uuid, id: Uuid) -> Result<Todo, AppError> {
    let row = conn
        .prepare_cached(concat!(
            "SELECT ",
            columns!(),
            " FROM todos WHERE id = ?1 AND user_id = ?2"
        ))
        .and_then(|mut s| {
            s.query_row(params![id.to_string(), user.to_string()], todo_row)
                .optional()
        })
        .map_err(db_error("reading a todo"))?;
    row.ok_or(AppError::NotFound)?.into_todo()
}

/// Applies a validated patch. The `CASE` keeps a missing due date apart from
/// one that is being cleared (`?5` says whether `?6` should be used).
pub fn update(
    conn: &Connection,
    user: Uuid,
    id: Uuid,
    patch: &TodoPatch,
    now: DateTime<Utc>,
) -> Result<Todo, AppError> {
    let new_due = patch
        .due_date
        .as_ref()
        .map(|d| d.as_ref().map(time::to_wire));
    let row = conn
        .prepare_cached(concat!(
            "UPDATE todos SET
                title = coalesce(?1, title),
                description = coalesce(?2, description),
                priority = coalesce(?3, priority),
                completed = coalesce(?4, completed),
                due_date = CASE WHEN ?5 THEN ?6 ELSE due_date END,
                updated_at = ?7
             WHERE id = ?8 AND user_id = ?9
             RETURNING ",
            columns!()
        ))
        .and_then(|mut s| {
            s.query_row(
                params![
                    patch.title,
                    patch.description,
                    patch.priority.map(Priority::as_str),
                    patch.completed,
                    new_due.is_some(),
                    new_due.flatten(),
                    time::to_wire(&now),
                    id.to_string(),
                    user.to_string(),
                ],
                todo_row,
            )
            .optional()
        })
        .map_err(db_error("updating a todo"))?;
    row.ok_or(AppError::NotFound)?.into_todo()
}

pub fn delete(conn: &Connection, user: Uuid, id: Uuid) -> Result<(), AppError> {
    let deleted = conn
        .prepare_cached("DELETE FROM todos WHERE id = ?1 AND user_id = ?2")
        .and_then(|mut s| s.execute(params![id.to_string(), user.to_string()]))
        .map_err(db_error("deleting a todo"))?;
    if deleted == 0 {
        return Err(AppError::NotFound);
    }
    Ok(())
}

/// Sets `completed` on every todo of the user that differs; returns the ones
/// that changed, oldest first.
pub fn set_all_completed(
    conn: &Connection,
    user: Uuid,
    completed: bool,
    now: DateTime<Utc>,
) -> Result<Vec<Todo>, AppError> {
    let mut rows = conn
        .prepare_cached(concat!(
            "UPDATE todos SET completed = ?1, updated_at = ?2
             WHERE user_id = ?3 AND completed != ?1
             RETURNING ",
            columns!()
        ))
        .and_then(|mut s| {
            s.query_map(
                params![completed, time::to_wire(&now), user.to_string()],
                todo_row,
            )?
            .collect::<Result<Vec<_>, _>>()
        })
        .map_err(db_error("toggling all todos"))?;
    // RETURNING gives no order guarantee; events go out oldest first.
    rows.sort_by(|a, b| a.created_at.cmp(&b.created_at));
    rows.into_iter().map(TodoRow::into_todo).collect()
}

/// Deletes the user's completed todos; returns their ids.
pub fn delete_completed(conn: &Connection, user: Uuid) -> Result<Vec<Uuid>, AppError> {
    let ids = conn
        .prepare_cached("DELETE FROM todos WHERE user_id = ?1 AND completed = 1 RETURNING id")
        .and_then(|mut s| {
            s.query_map(params![user.to_string()], |row| row.get::<_, String>(0))?
                .collect::<Result<Vec<_>, _>>()
        })
        .map_err(db_error("clearing completed todos"))?;
    ids.iter().map(|id| parse_id(id)).collect()
}
