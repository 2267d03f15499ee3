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
//! Every statement is scoped by the writer's lists, as in `db::todos`.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Row, params};
use std::path::Path;
use std::time::Duration;
use uuid::Uuid;

use super::todos::{TodoRow, columns, in_lists_of};
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

pub(super) fn db_error(context: &'static str) -> impl Fn(rusqlite::Error) -> AppError {
    move |e| AppError::internal(context, e)
}

fn todo_row(row: &Row<'_>) -> rusqlite::Result<TodoRow> {
    Ok(TodoRow {
        id: row.get(0)?,
        user_id: row.get(1)?,
        list_id: row.get(2)?,
        title: row.get(3)?,
        description: row.get(4)?,
        completed: row.get(5)?,
        priority: row.get(6)?,
        due_date: row.get(7)?,
        version: row.get(8)?,
        created_at: row.get(9)?,
        updated_at: row.get(10)?,
    })
}

/// Stores a new todo in `list`, or (`None`) in the user's oldest own list,
/// unless the list already holds `cap`: `Ok(None)` when the cap is reached,
/// `NotFound` when the user is not a member of `list`. One statement finds
/// the list, checks the membership and the cap, and inserts; only when it
/// inserts nothing does a second one tell the two refusals apart. The
/// answer is built from what was bound rather than read back.
pub fn insert_capped(
    conn: &Connection,
    user: Uuid,
    list: Option<Uuid>,
    id: Uuid,
    new: &NewTodo,
    now: DateTime<Utc>,
    cap: u64,
) -> Result<Option<Todo>, AppError> {
    // Milliseconds, as SQLite keeps them, so the answer equals a later read.
    let now = Timestamp::from(now);
    let due_date = new.due_date;
    let stamp = time::to_wire(&now);
    let list_id: Option<String> = conn
        .prepare_cached(concat!(
            "INSERT INTO todos (",
            columns!(),
            ") SELECT ?1, ?2, target.id, ?3, ?4, 0, ?5, ?6, 1, ?7, ?7
             FROM (SELECT CASE WHEN ?9 IS NULL
                     THEN (SELECT id FROM lists WHERE owner_id = ?2 ORDER BY created_at, id LIMIT 1)
                     ELSE (SELECT list_id FROM list_members WHERE list_id = ?9 AND user_id = ?2)
                   END AS id) AS target
             WHERE target.id IS NOT NULL
               AND (SELECT COUNT(*) FROM todos WHERE list_id = target.id) < ?8
             RETURNING list_id"
        ))
        .and_then(|mut s| {
            s.query_row(
                params![
                    id.to_string(),
                    user.to_string(),
                    new.title,
                    new.description,
                    new.priority.as_str(),
                    due_date.as_ref().map(time::to_wire),
                    stamp,
                    i64::try_from(cap).unwrap_or(i64::MAX),
                    list.map(|l| l.to_string()),
                ],
                |r| r.get(0),
            )
            .optional()
        })
        .map_err(db_error("inserting a todo"))?;
    let Some(list_id) = list_id else {
        return match list {
            Some(list) if super::list_writes::role_of(conn, user, list)?.is_none() => {
                Err(AppError::NotFound)
            }
            _ => Ok(None),
        };
    };
    Ok(Some(Todo {
        id,
        user_id: user,
        list_id: parse_id(&list_id)?,
        version: 1,
        title: new.title.clone(),
        description: new.description.clone(),
        completed: false,
        priority: new.priority,
        due_date,
        created_at: now,
        updated_at: now,
    }))
}

/// Whether a todo with this id exists in anyone's list.
pub fn exists(conn: &Connection, id: Uuid) -> Result<bool, AppError> {
    conn.prepare_cached("SELECT 1 FROM todos WHERE id = ?1")
        .and_then(|mut s| s.exists(params![id.to_string()]))
        .map_err(db_error("looking a todo id up"))
}

pub fn get(conn: &Connection, user: Uuid, id: Uuid) -> Result<Todo, AppError> {
    let row = conn
        .prepare_cached(concat!(
            "SELECT ",
            columns!(),
            " FROM todos WHERE id = ?1 AND ",
            in_lists_of!("2")
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
                version = version + 1,
                updated_at = ?7
             WHERE id = ?8 AND ",
            in_lists_of!("9"),
            "
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

/// Deletes a todo in one of the user's lists; returns it as it was.
pub fn delete(conn: &Connection, user: Uuid, id: Uuid) -> Result<Todo, AppError> {
    let row = conn
        .prepare_cached(concat!(
            "DELETE FROM todos WHERE id = ?1 AND ",
            in_lists_of!("2"),
            " RETURNING ",
            columns!()
        ))
        .and_then(|mut s| {
            s.query_row(params![id.to_string(), user.to_string()], todo_row)
                .optional()
        })
        .map_err(db_error("deleting a todo"))?;
    row.ok_or(AppError::NotFound)?.into_todo()
}

/// Sets `completed` on every todo that differs, in `list` or (`None`) in
/// every list of the user; returns each one that changed as it was and as
/// it is, oldest first. (RETURNING gives only the new rows, so the old ones
/// are read first, on the same connection in the same transaction.)
pub fn set_all_completed(
    conn: &Connection,
    user: Uuid,
    list: Option<Uuid>,
    completed: bool,
    now: DateTime<Utc>,
) -> Result<Vec<(Todo, Todo)>, AppError> {
    let scope = params![completed, user.to_string(), list.map(|l| l.to_string())];
    let before = conn
        .prepare_cached(concat!(
            "SELECT ",
            columns!(),
            " FROM todos WHERE ",
            in_lists_of!("2", "3"),
            " AND completed != ?1"
        ))
        .and_then(|mut s| s.query_map(scope, todo_row)?.collect::<Result<Vec<_>, _>>())
        .map_err(db_error("reading the todos to toggle"))?;
    let after = conn
        .prepare_cached(concat!(
            "UPDATE todos SET completed = ?1, version = version + 1, updated_at = ?2
             WHERE ",
            in_lists_of!("3", "4"),
            " AND completed != ?1
             RETURNING ",
            columns!()
        ))
        .and_then(|mut s| {
            s.query_map(
                params![
                    completed,
                    time::to_wire(&now),
                    user.to_string(),
                    list.map(|l| l.to_string())
                ],
                todo_row,
            )?
            .collect::<Result<Vec<_>, _>>()
        })
        .map_err(db_error("toggling all todos"))?;
    let mut before = before
        .into_iter()
        .map(TodoRow::into_todo)
        .collect::<Result<Vec<_>, _>>()?;
    let mut pairs = Vec::with_capacity(after.len());
    for row in after {
        let after = row.into_todo()?;
        let at = before
            .iter()
            .position(|b| b.id == after.id)
            .ok_or_else(|| {
                AppError::internal("toggling all todos", "a changed todo was not read first")
            })?;
        pairs.push((before.swap_remove(at), after));
    }
    // RETURNING gives no order guarantee; events go out oldest first.
    pairs.sort_by_key(|(_, after)| after.created_at);
    Ok(pairs)
}

/// Deletes the completed todos of `list` or (`None`) of every list of the
/// user; returns them as they were, oldest first.
pub fn delete_completed(
    conn: &Connection,
    user: Uuid,
    list: Option<Uuid>,
) -> Result<Vec<Todo>, AppError> {
    let rows = conn
        .prepare_cached(concat!(
            "DELETE FROM todos WHERE ",
            in_lists_of!("1", "2"),
            " AND completed = 1 RETURNING ",
            columns!()
        ))
        .and_then(|mut s| {
            s.query_map(
                params![user.to_string(), list.map(|l| l.to_string())],
                todo_row,
            )?
            .collect::<Result<Vec<_>, _>>()
        })
        .map_err(db_error("clearing completed todos"))?;
    let mut gone = rows
        .into_iter()
        .map(TodoRow::into_todo)
        .collect::<Result<Vec<_>, _>>()?;
    gone.sort_by_key(|t| t.created_at);
    Ok(gone)
}

/// Puts a deleted todo back as it was (same id, creator, list and creation
/// time), one version on, for undo. The caller knows the id is free.
pub fn restore(conn: &Connection, gone: &Todo, now: DateTime<Utc>) -> Result<Todo, AppError> {
    let row = conn
        .prepare_cached(concat!(
            "INSERT INTO todos (",
            columns!(),
            ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) RETURNING ",
            columns!()
        ))
        .and_then(|mut s| {
            s.query_row(
                params![
                    gone.id.to_string(),
                    gone.user_id.to_string(),
                    gone.list_id.to_string(),
                    gone.title,
                    gone.description,
                    gone.completed,
                    gone.priority.as_str(),
                    gone.due_date.as_ref().map(time::to_wire),
                    i64::try_from(gone.version + 1).unwrap_or(i64::MAX),
                    time::to_wire(&gone.created_at),
                    time::to_wire(&now),
                ],
                todo_row,
            )
        })
        .map_err(db_error("restoring a todo"))?;
    row.into_todo()
}
