//! SQL for reading todos, whole lists and pages of them (writes:
//! `todo_writes`). Every statement is scoped by the reader's lists
//! (`in_lists_of!`), so a todo in a list they are not a member of simply
//! matches no row: access is enforced by the query itself.
//!
//! Order is `created_at`, then `ord`, the insertion order that SQLite's
//! rowid gives there: todos made in the same millisecond keep their order,
//! in a list and across pages.

use chrono::{DateTime, Utc};
use sqlx::{PgExecutor, PgPool};
use uuid::Uuid;

use super::convert::{at, db_error, priority, stamp};
use crate::domain::Todo;
use crate::error::AppError;
use crate::server::db::types::Cursor;

/// The columns a todo is written with, as a macro so that statements stay
/// `&'static str` (sqlx only takes dynamic SQL wrapped in `AssertSqlSafe`).
/// `ord` is not among them: PostgreSQL numbers it.
macro_rules! insert_columns {
    () => {
        "id, user_id, list_id, title, description, completed, priority, due_date, version, \
         created_at, updated_at"
    };
}
pub(super) use insert_columns;

/// The columns of a [`TodoRow`]: `insert_columns!` and `ord`.
macro_rules! columns {
    () => {
        "id, user_id, list_id, title, description, completed, priority, due_date, version, \
         created_at, updated_at, ord"
    };
}
pub(super) use columns;

/// The condition "in a list the user bound as `$N` is a member of"; `$M`,
/// when not NULL, narrows it to that one list.
macro_rules! in_lists_of {
    ($user:literal) => {
        concat!(
            "list_id IN (SELECT list_id FROM list_members WHERE user_id = $",
            $user,
            ")"
        )
    };
    ($user:literal, $list:literal) => {
        concat!(
            "list_id IN (SELECT list_id FROM list_members WHERE user_id = $",
            $user,
            " AND ($",
            $list,
            "::uuid IS NULL OR list_id = $",
            $list,
            "))"
        )
    };
}
pub(super) use in_lists_of;

/// A todo as PostgreSQL stores it, with its insertion order.
#[derive(sqlx::FromRow)]
pub(super) struct TodoRow {
    id: Uuid,
    user_id: Uuid,
    list_id: Uuid,
    title: String,
    description: String,
    completed: bool,
    priority: String,
    due_date: Option<DateTime<Utc>>,
    version: i64,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    ord: i64,
}

impl TodoRow {
    pub(super) fn id(&self) -> Uuid {
        self.id
    }

    /// Where the row stands in the list's order.
    pub(super) fn position(&self) -> (DateTime<Utc>, i64) {
        (self.created_at, self.ord)
    }

    pub(super) fn into_todo(self) -> Result<Todo, AppError> {
        Ok(Todo {
            id: self.id,
            user_id: self.user_id,
            list_id: self.list_id,
            version: u64::try_from(self.version)
                .map_err(|e| AppError::internal("stored version is negative", e))?,
            priority: priority(&self.priority)?,
            due_date: self.due_date.map(stamp),
            created_at: stamp(self.created_at),
            updated_at: stamp(self.updated_at),
            title: self.title,
            description: self.description,
            completed: self.completed,
        })
    }
}

/// Rows into todos, keeping their order.
pub(super) fn into_todos(rows: Vec<TodoRow>) -> Result<Vec<Todo>, AppError> {
    rows.into_iter().map(TodoRow::into_todo).collect()
}

/// The todos of every list the user is a member of, or of one of them,
/// oldest first.
pub async fn list(pool: &PgPool, user: Uuid, list: Option<Uuid>) -> Result<Vec<Todo>, AppError> {
    let rows: Vec<TodoRow> = sqlx::query_as(concat!(
        "SELECT ",
        columns!(),
        " FROM todos WHERE ",
        in_lists_of!("1", "2"),
        " ORDER BY created_at, ord"
    ))
    .bind(user)
    .bind(list)
    .fetch_all(pool)
    .await
    .map_err(db_error("listing todos"))?;
    into_todos(rows)
}

/// A todo in one of the user's lists, else `NotFound`.
pub async fn get<'e>(db: impl PgExecutor<'e>, user: Uuid, id: Uuid) -> Result<Todo, AppError> {
    let row: Option<TodoRow> = sqlx::query_as(concat!(
        "SELECT ",
        columns!(),
        " FROM todos WHERE id = $1 AND ",
        in_lists_of!("2")
    ))
    .bind(id)
    .bind(user)
    .fetch_optional(db)
    .await
    .map_err(db_error("reading a todo"))?;
    row.ok_or(AppError::NotFound)?.into_todo()
}

/// Up to `limit` todos after `after`, oldest first, as the JSON array the
/// API answers, and the cursor of the page after this one when there is one.
///
/// Keyset paging on (`created_at`, `ord`): the cursor is the position of
/// the last todo of the previous page, so a page never repeats or skips a
/// todo when others are added or deleted meanwhile. One row more than the
/// page is read to know whether another page follows. The JSON is serde's
/// text of the todos, what the SQLite engine's `json_object` imitates.
pub async fn page(
    pool: &PgPool,
    user: Uuid,
    list: Option<Uuid>,
    after: Option<&Cursor>,
    limit: u64,
) -> Result<(String, Option<Cursor>), AppError> {
    let after_at = after.map(|c| at(c.created_at)).transpose()?;
    let mut rows: Vec<TodoRow> = sqlx::query_as(concat!(
        "SELECT ",
        columns!(),
        " FROM todos WHERE ",
        in_lists_of!("1", "5"),
        " AND ($2::timestamptz IS NULL OR (created_at, ord) > ($2, $3))
         ORDER BY created_at, ord LIMIT $4"
    ))
    .bind(user)
    .bind(after_at)
    .bind(after.map_or(0, |c| c.pos))
    .bind(i64::try_from(limit.saturating_add(1)).unwrap_or(i64::MAX))
    .bind(list)
    .fetch_all(pool)
    .await
    .map_err(db_error("listing a page of todos"))?;
    let limit = usize::try_from(limit).unwrap_or(usize::MAX);
    let more = rows.len() > limit;
    rows.truncate(limit);
    let next = match rows.last() {
        Some(last) if more => Some(Cursor {
            created_at: stamp(last.created_at),
            pos: last.ord,
        }),
        _ => None,
    };
    let body = serde_json::to_string(&into_todos(rows)?)
        .map_err(|e| AppError::internal("encoding a page of todos", e))?;
    Ok((body, next))
}
