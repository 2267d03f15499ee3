//! SQL for todo writes, run in the committer's batch transaction (see
//! `PgWrites`). Every statement is scoped by the writer's lists, as in
//! `todos`, so a todo in a list the writer is not a member of matches no
//! row.

use chrono::{DateTime, Utc};
use sqlx::PgConnection;
use uuid::Uuid;

use super::convert::{at, big, db_error, ms};
use super::lists;
use super::todos::{TodoRow, columns, in_lists_of, insert_columns, into_todos};
use crate::domain::Todo;
use crate::domain::time::Timestamp;
use crate::domain::todo::{NewTodo, TodoPatch};
use crate::error::AppError;

/// Whether a todo with this id exists in anyone's list.
pub async fn exists(conn: &mut PgConnection, id: Uuid) -> Result<bool, AppError> {
    sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM todos WHERE id = $1)")
        .bind(id)
        .fetch_one(conn)
        .await
        .map_err(db_error("looking a todo id up"))
}

/// Stores a new todo in `list`, or (`None`) in the user's oldest own list,
/// unless the list already holds `cap`: `Ok(None)` when the cap is reached,
/// `NotFound` when the user is not a member of `list`. One statement finds
/// the list, checks the membership and the cap, and inserts; only when it
/// inserts nothing does a second one tell the two refusals apart. The
/// answer is built from what was bound rather than read back.
pub async fn insert_capped(
    conn: &mut PgConnection,
    user: Uuid,
    list: Option<Uuid>,
    id: Uuid,
    new: &NewTodo,
    now: DateTime<Utc>,
    cap: u64,
) -> Result<Option<Todo>, AppError> {
    let now = Timestamp::from(now);
    let list_id: Option<Uuid> = sqlx::query_scalar(concat!(
        "INSERT INTO todos (",
        insert_columns!(),
        ") SELECT $1, $2, target.id, $3, $4, false, $5, $6, 1, $7, $7
         FROM (SELECT CASE WHEN $9::uuid IS NULL
                 THEN (SELECT id FROM lists WHERE owner_id = $2 ORDER BY created_at, id LIMIT 1)
                 ELSE (SELECT list_id FROM list_members WHERE list_id = $9 AND user_id = $2)
               END AS id) AS target
         WHERE target.id IS NOT NULL
           AND (SELECT count(*) FROM todos WHERE list_id = target.id) < $8
         RETURNING list_id"
    ))
    .bind(id)
    .bind(user)
    .bind(new.title.as_str())
    .bind(new.description.as_str())
    .bind(new.priority.as_str())
    .bind(new.due_date.map(at).transpose()?)
    .bind(at(now)?)
    .bind(big(cap))
    .bind(list)
    .fetch_optional(&mut *conn)
    .await
    .map_err(db_error("inserting a todo"))?;
    let Some(list_id) = list_id else {
        return match list {
            Some(list) if lists::role_of(&mut *conn, user, list).await?.is_none() => {
                Err(AppError::NotFound)
            }
            _ => Ok(None),
        };
    };
    Ok(Some(Todo {
        id,
        user_id: user,
        list_id,
        version: 1,
        title: new.title.clone(),
        description: new.description.clone(),
        completed: false,
        priority: new.priority,
        due_date: new.due_date,
        created_at: now,
        updated_at: now,
    }))
}

/// Applies a validated patch. The `CASE` keeps a missing due date apart from
/// one that is being cleared (`$5` says whether `$6` should be used).
pub async fn update(
    conn: &mut PgConnection,
    user: Uuid,
    id: Uuid,
    patch: &TodoPatch,
    now: DateTime<Utc>,
) -> Result<Todo, AppError> {
    let new_due = patch.due_date.map(|d| d.map(at).transpose()).transpose()?;
    let row: Option<TodoRow> = sqlx::query_as(concat!(
        "UPDATE todos SET
            title = coalesce($1, title),
            description = coalesce($2, description),
            priority = coalesce($3, priority),
            completed = coalesce($4, completed),
            due_date = CASE WHEN $5 THEN $6 ELSE due_date END,
            version = version + 1,
            updated_at = $7
         WHERE id = $8 AND ",
        in_lists_of!("9"),
        " RETURNING ",
        columns!()
    ))
    .bind(patch.title.as_deref())
    .bind(patch.description.as_deref())
    .bind(patch.priority.map(|p| p.as_str()))
    .bind(patch.completed)
    .bind(new_due.is_some())
    .bind(new_due.flatten())
    .bind(ms(now)?)
    .bind(id)
    .bind(user)
    .fetch_optional(conn)
    .await
    .map_err(db_error("updating a todo"))?;
    row.ok_or(AppError::NotFound)?.into_todo()
}

/// Deletes a todo in one of the user's lists; returns it as it was.
pub async fn delete(conn: &mut PgConnection, user: Uuid, id: Uuid) -> Result<Todo, AppError> {
    let row: Option<TodoRow> = sqlx::query_as(concat!(
        "DELETE FROM todos WHERE id = $1 AND ",
        in_lists_of!("2"),
        " RETURNING ",
        columns!()
    ))
    .bind(id)
    .bind(user)
    .fetch_optional(conn)
    .await
    .map_err(db_error("deleting a todo"))?;
    row.ok_or(AppError::NotFound)?.into_todo()
}

/// Sets `completed` on every todo that differs, in `list` or (`None`) in
/// every list of the user; returns each one that changed as it was and as
/// it is, oldest first.
///
/// RETURNING gives only the new rows, so the old ones are read first, and
/// locked (`FOR UPDATE`): another instance's transaction can neither change
/// them nor add one between the two statements (the update names the rows
/// it read), so every row updated was read, as it was just before.
pub async fn set_all_completed(
    conn: &mut PgConnection,
    user: Uuid,
    list: Option<Uuid>,
    completed: bool,
    now: DateTime<Utc>,
) -> Result<Vec<(Todo, Todo)>, AppError> {
    let before: Vec<TodoRow> = sqlx::query_as(concat!(
        "SELECT ",
        columns!(),
        " FROM todos WHERE ",
        in_lists_of!("2", "3"),
        " AND completed <> $1 FOR UPDATE"
    ))
    .bind(completed)
    .bind(user)
    .bind(list)
    .fetch_all(&mut *conn)
    .await
    .map_err(db_error("reading the todos to toggle"))?;
    if before.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<Uuid> = before.iter().map(TodoRow::id).collect();
    let mut after: Vec<TodoRow> = sqlx::query_as(concat!(
        "UPDATE todos SET completed = $1, version = version + 1, updated_at = $2
         WHERE id = ANY($3) AND completed <> $1
         RETURNING ",
        columns!()
    ))
    .bind(completed)
    .bind(ms(now)?)
    .bind(ids)
    .fetch_all(&mut *conn)
    .await
    .map_err(db_error("toggling all todos"))?;
    // RETURNING gives no order guarantee; events go out oldest first.
    after.sort_by_key(TodoRow::position);
    let mut before = into_todos(before)?;
    let mut pairs = Vec::with_capacity(after.len());
    for row in after {
        let after = row.into_todo()?;
        let i = before
            .iter()
            .position(|b| b.id == after.id)
            .ok_or_else(|| {
                AppError::internal("toggling all todos", "a changed todo was not read first")
            })?;
        pairs.push((before.swap_remove(i), after));
    }
    Ok(pairs)
}

/// Deletes the completed todos of `list` or (`None`) of every list of the
/// user; returns them as they were, oldest first.
pub async fn delete_completed(
    conn: &mut PgConnection,
    user: Uuid,
    list: Option<Uuid>,
) -> Result<Vec<Todo>, AppError> {
    let mut rows: Vec<TodoRow> = sqlx::query_as(concat!(
        "DELETE FROM todos WHERE ",
        in_lists_of!("1", "2"),
        " AND completed RETURNING ",
        columns!()
    ))
    .bind(user)
    .bind(list)
    .fetch_all(conn)
    .await
    .map_err(db_error("clearing completed todos"))?;
    rows.sort_by_key(TodoRow::position);
    into_todos(rows)
}

/// Puts a deleted todo back as it was (same id, creator, list and creation
/// time), one version on, for undo. The caller knows the id is free. It
/// gets a new `ord`: among todos of its very millisecond it may come back
/// later than it was, as with SQLite's rowid.
pub async fn restore(
    conn: &mut PgConnection,
    gone: &Todo,
    now: DateTime<Utc>,
) -> Result<Todo, AppError> {
    let row: TodoRow = sqlx::query_as(concat!(
        "INSERT INTO todos (",
        insert_columns!(),
        ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING ",
        columns!()
    ))
    .bind(gone.id)
    .bind(gone.user_id)
    .bind(gone.list_id)
    .bind(gone.title.as_str())
    .bind(gone.description.as_str())
    .bind(gone.completed)
    .bind(gone.priority.as_str())
    .bind(gone.due_date.map(at).transpose()?)
    .bind(big(gone.version.saturating_add(1)))
    .bind(at(gone.created_at)?)
    .bind(ms(now)?)
    .fetch_one(conn)
    .await
    .map_err(db_error("restoring a todo"))?;
    row.into_todo()
}
