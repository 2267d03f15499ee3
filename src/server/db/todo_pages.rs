//! One page of a user's todos for `GET /api/v1/todos?limit=&cursor=`.
//!
//! Keyset paging over the list's own order (`created_at`, then `rowid`):
//! the cursor is the position of the last todo of the previous page, so a
//! page never repeats or skips a todo when others are added or deleted
//! meanwhile, and no `OFFSET` scan grows with the page number.

use sqlx::SqlitePool;
use uuid::Uuid;

use super::todos::{TodoRow, columns, db_error};
use crate::domain::Todo;
use crate::error::AppError;

/// Where the next page starts: just after this (created_at, rowid).
#[derive(Clone, Debug, PartialEq)]
pub struct Cursor {
    created_at: String,
    rowid: i64,
}

impl Cursor {
    /// Opaque to clients: hex of `rowid:created_at`, safe in a URL as is.
    pub fn encode(&self) -> String {
        format!("{}:{}", self.rowid, self.created_at)
            .bytes()
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    /// `None` for anything `encode` did not produce.
    pub fn decode(raw: &str) -> Option<Cursor> {
        if !raw.len().is_multiple_of(2) || raw.len() > 256 {
            return None;
        }
        let bytes = (0..raw.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(raw.get(i..i + 2)?, 16).ok())
            .collect::<Option<Vec<u8>>>()?;
        let text = String::from_utf8(bytes).ok()?;
        let (rowid, created_at) = text.split_once(':')?;
        Some(Cursor {
            rowid: rowid.parse().ok()?,
            created_at: created_at.to_owned(),
        })
    }
}

#[derive(sqlx::FromRow)]
struct PagedRow {
    #[sqlx(flatten)]
    todo: TodoRow,
    row_id: i64,
}

/// Up to `limit` todos after `after`, oldest first, and the cursor of the
/// page after this one when there is one.
pub async fn list_page(
    pool: &SqlitePool,
    user: Uuid,
    after: Option<&Cursor>,
    limit: u64,
) -> Result<(Vec<Todo>, Option<Cursor>), AppError> {
    // One row more than asked says whether another page follows.
    let mut rows: Vec<PagedRow> = sqlx::query_as(concat!(
        "SELECT rowid AS row_id, ",
        columns!(),
        " FROM todos WHERE user_id = ?1
           AND (?2 IS NULL OR (created_at, rowid) > (?2, ?3))
         ORDER BY created_at, rowid LIMIT ?4"
    ))
    .bind(user.to_string())
    .bind(after.map(|c| c.created_at.as_str()))
    .bind(after.map_or(0, |c| c.rowid))
    .bind(i64::try_from(limit.saturating_add(1)).unwrap_or(i64::MAX))
    .fetch_all(pool)
    .await
    .map_err(db_error("listing a page of todos"))?;
    let more = rows.len() as u64 > limit;
    rows.truncate(limit as usize);
    let next = rows.last().filter(|_| more).map(|last| Cursor {
        created_at: last.todo.created_at.clone(),
        rowid: last.row_id,
    });
    let todos = rows
        .into_iter()
        .map(|r| r.todo.into_todo())
        .collect::<Result<_, _>>()?;
    Ok((todos, next))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_garbage_is_refused() {
        let cursor = Cursor {
            created_at: "2026-12-03T06:00:00.000Z".into(),
            rowid: 42,
        };
        assert_eq!(Cursor::decode(&cursor.encode()), Some(cursor));
        for bad in ["", "zz", "abc", "3a", "78793a"] {
            assert_eq!(Cursor::decode(bad), None, "{bad:?}");
        }
    }
}
