//! SQL for todos. Every statement is scoped by `user_id`, so a todo id that
//! belongs to someone else simply matches no row: ownership is enforced by the
//! query itself, not by a check that could be forgotten.

use chrono::{DateTime, Utc};
use sqlx::{SqliteConnection, SqlitePool};
use uuid::Uuid;

use super::users::parse_id;
use crate::domain::todo::{NewTodo, TodoPatch};
use crate::domain::{Priority, Todo, time, time::Timestamp};
use crate::error::AppError;

/// The column list, as a macro so that statements stay `&'static str`
/// (sqlx only accepts dynamic SQL when wrapped in `AssertSqlSafe`).
macro_rules! columns {
    () => {
        "id, user_id, title, description, completed, priority, due_date, created_at, updated_at"
    };
}
pub(super) use columns;

/// A todo as SQLite stores it (ids and timestamps as text).
#[derive(sqlx::FromRow)]
pub(super) struct TodoRow {
    id: String,
    user_id: String,
    title: String,
    description: String,
    completed: bool,
    priority: String,
    due_date: Option<String>,
    pub(super) created_at: String,
    updated_at: String,
}

impl TodoRow {
    pub(super) fn into_todo(self) -> Result<Todo, AppError> {
        let stamp = |raw: &str| {
            Timestamp::parse_rfc3339(raw)
                .ok_or_else(|| AppError::internal("stored timestamp is unreadable", raw))
        };
        Ok(Todo {
            id: parse_id(&self.id)?,
            user_id: parse_id(&self.user_id)?,
            priority: self
                .priority
                .parse::<Priority>()
                .map_err(|e| AppError::internal("stored priority is unknown", e))?,
            due_date: self.due_date.as_deref().map(stamp).transpose()?,
            created_at: stamp(&self.created_at)?,
            updated_at: stamp(&self.updated_at)?,
            title: self.title,
            description: self.description,
            completed: self.completed,
        })
    }
}

pub(super) fn db_error(context: &'static str) -> impl Fn(sqlx::Error) -> AppError {
    move |e| AppError::internal(context, e)
}

fn into_todos(rows: Vec<TodoRow>) -> Result<Vec<Todo>, AppError> {
    rows.into_iter().map(TodoRow::into_todo).collect()
}

/// The user's todos, oldest first (rowid breaks ties within a millisecond).
pub async fn list(pool: &SqlitePool, user: Uuid) -> Result<Vec<Todo>, AppError> {
    let rows: Vec<TodoRow> = sqlx::query_as(concat!(
        "SELECT ",
        columns!(),
        " FROM todos WHERE user_id = ? ORDER BY created_at, rowid"
    ))
    .bind(user.to_string())
    .fetch_all(pool)
    .await
    .map_err(db_error("listing todos"))?;
    into_todos(rows)
}

/// How many todos the user holds (for the per-user cap).
pub async fn count(conn: &mut SqliteConnection, user: Uuid) -> Result<u64, AppError> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM todos WHERE user_id = ?")
        .bind(user.to_string())
        .fetch_one(conn)
        .await
        .map_err(db_error("counting todos"))?;
    Ok(n.max(0) as u64)
}

pub async fn get(conn: &mut SqliteConnection, user: Uuid, id: Uuid) -> Result<Todo, AppError> {
    let row: Option<TodoRow> = sqlx::query_as(concat!(
        "SELECT ",
        columns!(),
        " FROM todos WHERE id = ? AND user_id = ?"
    ))
    .bind(id.to_string())
    .bind(user.to_string())
    .fetch_optional(conn)
    .await
    .map_err(db_error("reading a todo"))?;
    row.ok_or(AppError::NotFound)?.into_todo()
}

pub async fn insert(
    conn: &mut SqliteConnection,
    user: Uuid,
    new: &NewTodo,
    now: DateTime<Utc>,
) -> Result<Todo, AppError> {
    let now = time::to_wire(&now);
    let row: TodoRow = sqlx::query_as(concat!(
        "INSERT INTO todos (",
        columns!(),
        ") VALUES (?, ?, ?, ?, 0, ?, ?, ?, ?) RETURNING ",
        columns!(),
        ""
    ))
    .bind(Uuid::new_v4().to_string())
    .bind(user.to_string())
    .bind(&new.title)
    .bind(&new.description)
    .bind(new.priority.as_str())
    .bind(new.due_date.as_ref().map(time::to_wire))
    .bind(&now)
    .bind(&now)
    .fetch_one(conn)
    .await
    .map_err(db_error("inserting a todo"))?;
    row.into_todo()
}

/// Applies a validated patch. The `CASE` keeps a missing due date apart from
/// one that is being cleared (`?5` says whether `?6` should be used).
pub async fn update(
    conn: &mut SqliteConnection,
    user: Uuid,
    id: Uuid,
    patch: &TodoPatch,
    now: DateTime<Utc>,
) -> Result<Todo, AppError> {
    let new_due = patch
        .due_date
        .as_ref()
        .map(|d| d.as_ref().map(time::to_wire));
    let row: Option<TodoRow> = sqlx::query_as(concat!(
        "UPDATE todos SET
            title = coalesce(?1, title),
            description = coalesce(?2, description),
            priority = coalesce(?3, priority),
            completed = coalesce(?4, completed),
            due_date = CASE WHEN ?5 THEN ?6 ELSE due_date END,
            updated_at = ?7
         WHERE id = ?8 AND user_id = ?9
         RETURNING ",
        columns!(),
        ""
    ))
    .bind(patch.title.as_deref())
    .bind(patch.description.as_deref())
    .bind(patch.priority.map(Priority::as_str))
    .bind(patch.completed)
    .bind(new_due.is_some())
    .bind(new_due.flatten())
    .bind(time::to_wire(&now))
    .bind(id.to_string())
    .bind(user.to_string())
    .fetch_optional(conn)
    .await
    .map_err(db_error("updating a todo"))?;
    row.ok_or(AppError::NotFound)?.into_todo()
}

pub async fn delete(conn: &mut SqliteConnection, user: Uuid, id: Uuid) -> Result<(), AppError> {
    let done = sqlx::query("DELETE FROM todos WHERE id = ? AND user_id = ?")
        .bind(id.to_string())
        .bind(user.to_string())
        .execute(conn)
        .await
        .map_err(db_error("deleting a todo"))?;
    if done.rows_affected() == 0 {
        return Err(AppError::NotFound);
    }
    Ok(())
}

/// Sets `completed` on every todo of the user that differs; returns the ones
/// that changed, oldest first.
pub async fn set_all_completed(
    conn: &mut SqliteConnection,
    user: Uuid,
    completed: bool,
    now: DateTime<Utc>,
) -> Result<Vec<Todo>, AppError> {
    let mut rows: Vec<TodoRow> = sqlx::query_as(concat!(
        "UPDATE todos SET completed = ?1, updated_at = ?2
         WHERE user_id = ?3 AND completed != ?1
         RETURNING ",
        columns!(),
        ""
    ))
    .bind(completed)
    .bind(time::to_wire(&now))
    .bind(user.to_string())
    .fetch_all(conn)
    .await
    .map_err(db_error("toggling all todos"))?;
    // RETURNING gives no order guarantee; events go out oldest first.
    rows.sort_by(|a, b| a.created_at.cmp(&b.created_at));
    into_todos(rows)
}

/// Deletes the user's completed todos; returns their ids.
pub async fn delete_completed(
    conn: &mut SqliteConnection,
    user: Uuid,
) -> Result<Vec<Uuid>, AppError> {
    let ids: Vec<String> =
        sqlx::query_scalar("DELETE FROM todos WHERE user_id = ? AND completed = 1 RETURNING id")
            .bind(user.to_string())
            .fetch_all(conn)
            .await
            .map_err(db_error("clearing completed todos"))?;
    ids.iter().map(|id| parse_id(id)).collect()
}
