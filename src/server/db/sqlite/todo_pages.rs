//! One page of a user's todos for `GET /api/v1/todos?limit=&cursor=` (every
//! list they are a member of) and `GET /api/v1/lists/{id}/todos` (one).
//!
//! Keyset paging over the list's own order (`created_at`, then `rowid`):
//! the cursor is the position of the last todo of the previous page, so a
//! page never repeats or skips a todo when others are added or deleted
//! meanwhile, and no `OFFSET` scan grows with the page number.

use sqlx::SqlitePool;
use uuid::Uuid;

use super::todos::{columns, db_error, in_lists_of, stamp, todo_json};
use crate::domain::time;
use crate::error::AppError;
use crate::server::db::Cursor;

/// Up to `limit` todos after `after`, oldest first, as the JSON array the
/// API answers, and the cursor of the page after this one when there is one.
///
/// SQLite writes the JSON itself. Decoding rows one by one through sqlx
/// (every value copied, sent from its worker thread, parsed into a `Todo`)
/// and encoding them again cost about 0.6 ms for 100 todos, most of a
/// request; one text value crosses instead. Only a full page can have a
/// next one, so only a full page asks where it ended.
///
/// `LIMIT` and `OFFSET` take `CAST(? AS INTEGER)`, not a bare `?`: SQLite
/// peeks at a bare parameter there while planning, which makes it prepare
/// the statement again every time the parameter is bound (every call).
pub async fn list_page(
    pool: &SqlitePool,
    user: Uuid,
    list: Option<Uuid>,
    after: Option<&Cursor>,
    limit: u64,
) -> Result<(String, Option<Cursor>), AppError> {
    let user = user.to_string();
    let list = list.map(|l| l.to_string());
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    // Stored in the wire format, so the text compares as the time does.
    let after_at = after.map(|c| time::to_wire(&c.created_at));
    let (body, count): (String, i64) = sqlx::query_as(concat!(
        "SELECT json_group_array(",
        todo_json!(),
        " ORDER BY created_at, row_id), count(*) FROM (
           SELECT rowid AS row_id, ",
        columns!(),
        " FROM todos WHERE ",
        in_lists_of!("1", "5"),
        " AND (?2 IS NULL OR (created_at, rowid) > (?2, ?3))
           ORDER BY created_at, rowid LIMIT CAST(?4 AS INTEGER))"
    ))
    .bind(&user)
    .bind(after_at.as_deref())
    .bind(after.map_or(0, |c| c.pos))
    .bind(limit)
    .bind(&list)
    .fetch_one(pool)
    .await
    .map_err(db_error("listing a page of todos"))?;
    if count < limit {
        return Ok((body, None));
    }
    // The page's last todo and, if there is one, the todo after it.
    let edge: Vec<(String, i64)> = sqlx::query_as(concat!(
        "SELECT created_at, rowid FROM todos WHERE ",
        in_lists_of!("1", "5"),
        " AND (?2 IS NULL OR (created_at, rowid) > (?2, ?3))
         ORDER BY created_at, rowid LIMIT 2 OFFSET CAST(?4 AS INTEGER) - 1"
    ))
    .bind(&user)
    .bind(after_at.as_deref())
    .bind(after.map_or(0, |c| c.pos))
    .bind(limit)
    .bind(&list)
    .fetch_all(pool)
    .await
    .map_err(db_error("finding the end of a page of todos"))?;
    let next = match edge.as_slice() {
        [(created_at, rowid), _] => Some(Cursor {
            created_at: stamp(created_at)?,
            pos: *rowid,
        }),
        _ => None,
    };
    Ok((body, next))
}
