//! SQL for reading todos (writes: `db::todo_writes`, run by the committer).
//! Every statement is scoped by the reader's lists (`in_lists_of!`), so a
//! todo in a list they are not a member of simply matches no row: access is
//! enforced by the query itself, not by a check that could be forgotten.

use sqlx::SqlitePool;
use uuid::Uuid;

use super::users::parse_id;
use crate::domain::{Priority, Todo, time::Timestamp};
use crate::error::AppError;

/// The column list, as a macro so that statements stay `&'static str`
/// (sqlx only accepts dynamic SQL when wrapped in `AssertSqlSafe`).
macro_rules! columns {
    () => {
        "id, user_id, list_id, title, description, completed, priority, due_date, version, \
         created_at, updated_at"
    };
}
pub(super) use columns;

/// The condition "in a list the user bound as `?N` is a member of"; `?M`,
/// when not NULL, narrows it to that one list.
macro_rules! in_lists_of {
    ($user:literal) => {
        concat!(
            "list_id IN (SELECT list_id FROM list_members WHERE user_id = ?",
            $user,
            ")"
        )
    };
    ($user:literal, $list:literal) => {
        concat!(
            "list_id IN (SELECT list_id FROM list_members WHERE user_id = ?",
            $user,
            " AND (?",
            $list,
            " IS NULL OR list_id = ?",
            $list,
            "))"
        )
    };
}
pub(super) use in_lists_of;

/// One todo as a JSON object, built by SQLite: the same keys in the same
/// order, the same string escaping and the same timestamp text (stored in
/// the wire format) as `serde_json` writes for [`crate::domain::Todo`], so
/// the bytes are identical (`tests/todos_api.rs`,
/// `the_list_is_byte_for_byte_what_serde_writes`, checks it).
macro_rules! todo_json {
    () => {
        "json_object('id', id, 'title', title, 'description', description, \
         'completed', json(iif(completed, 'true', 'false')), 'priority', priority, \
         'dueDate', due_date, 'userId', user_id, 'listId', list_id, 'version', version, \
         'createdAt', created_at, 'updatedAt', updated_at)"
    };
}
pub(super) use todo_json;

/// A todo as SQLite stores it (ids and timestamps as text).
#[derive(sqlx::FromRow)]
pub(super) struct TodoRow {
    pub(super) id: String,
    pub(super) user_id: String,
    pub(super) list_id: String,
    pub(super) title: String,
    pub(super) description: String,
    pub(super) completed: bool,
    pub(super) priority: String,
    pub(super) due_date: Option<String>,
    pub(super) version: i64,
    pub(super) created_at: String,
    pub(super) updated_at: String,
}

impl TodoRow {
    pub(super) fn into_todo(self) -> Result<Todo, AppError> {
        Ok(Todo {
            id: parse_id(&self.id)?,
            user_id: parse_id(&self.user_id)?,
            list_id: parse_id(&self.list_id)?,
            version: u64::try_from(self.version)
                .map_err(|e| AppError::internal("stored version is negative", e))?,
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

/// A stored timestamp (the wire format) read back.
pub(super) fn stamp(raw: &str) -> Result<Timestamp, AppError> {
    Timestamp::parse_rfc3339(raw)
        .ok_or_else(|| AppError::internal("stored timestamp is unreadable", raw))
}

pub(super) fn db_error(context: &'static str) -> impl Fn(sqlx::Error) -> AppError {
    move |e| AppError::internal(context, e)
}

/// The todos of every list the user is a member of, or of one of them,
/// oldest first (rowid breaks ties within a millisecond).
///
/// SQLite writes them as one JSON array, decoded here: far cheaper than
/// sqlx's row by row (every value copied and sent from its worker thread),
/// which was most of the cost of a page listing 100 todos.
pub async fn list(
    pool: &SqlitePool,
    user: Uuid,
    list: Option<Uuid>,
) -> Result<Vec<Todo>, AppError> {
    let json: String = sqlx::query_scalar(concat!(
        "SELECT json_group_array(",
        todo_json!(),
        " ORDER BY created_at, rowid) FROM todos WHERE ",
        in_lists_of!("1", "2")
    ))
    .bind(user.to_string())
    .bind(list.map(|l| l.to_string()))
    .fetch_one(pool)
    .await
    .map_err(db_error("listing todos"))?;
    serde_json::from_str(&json).map_err(|e| AppError::internal("stored todos are unreadable", e))
}

pub async fn get(pool: &SqlitePool, user: Uuid, id: Uuid) -> Result<Todo, AppError> {
    let row: Option<TodoRow> = sqlx::query_as(concat!(
        "SELECT ",
        columns!(),
        " FROM todos WHERE id = ?1 AND ",
        in_lists_of!("2")
    ))
    .bind(id.to_string())
    .bind(user.to_string())
    .fetch_optional(pool)
    .await
    .map_err(db_error("reading a todo"))?;
    row.ok_or(AppError::NotFound)?.into_todo()
}
