//! Reading the change log (SPEC §7; written by the committer,
//! `db::change_writes`): a page of a list's history, the changes a client
//! missed, and pruning what no client needs any more. Callers check that
//! the reader is a member of the list.

use sqlx::SqlitePool;
use uuid::Uuid;

use super::todos::{db_error, stamp};
use super::users::parse_id;
use crate::domain::events::{Actor, Meta};
use crate::domain::time::{self, Timestamp};
use crate::error::AppError;
use crate::server::db::{Change, Missed, Retention, raw_json};

#[derive(sqlx::FromRow)]
struct ChangeRow {
    list_id: String,
    seq: i64,
    event: String,
    payload: String,
    before: Option<String>,
    actor_id: String,
    actor_name: String,
    op_id: Option<String>,
    at: String,
}

impl ChangeRow {
    fn into_change(self) -> Result<Change, AppError> {
        Ok(Change {
            meta: Meta {
                list_id: parse_id(&self.list_id)?,
                seq: u64::try_from(self.seq).unwrap_or_default(),
                at: stamp(&self.at)?,
                actor: Actor {
                    id: parse_id(&self.actor_id)?,
                    username: self.actor_name,
                },
                op_id: self.op_id.as_deref().map(parse_id).transpose()?,
            },
            event: self.event,
            payload: raw_json(self.payload)?,
            before: self.before.map(raw_json).transpose()?,
        })
    }
}

/// Up to `limit` changes of `list` before `before` (or the latest),
/// newest first.
pub async fn page(
    pool: &SqlitePool,
    list: Uuid,
    before: Option<u64>,
    limit: u64,
) -> Result<Vec<Change>, AppError> {
    let rows: Vec<ChangeRow> = sqlx::query_as(
        "SELECT * FROM changes
         WHERE list_id = ?1 AND seq < ?2
         ORDER BY seq DESC LIMIT ?3",
    )
    .bind(list.to_string())
    .bind(before.map_or(i64::MAX, |b| i64::try_from(b).unwrap_or(i64::MAX)))
    .bind(i64::try_from(limit).unwrap_or(i64::MAX))
    .fetch_all(pool)
    .await
    .map_err(db_error("reading a list's history"))?;
    rows.into_iter().map(ChangeRow::into_change).collect()
}

/// The changes of `list` after `after`, oldest first; `latest` is the
/// list's current number.
pub async fn missed(
    pool: &SqlitePool,
    list: Uuid,
    after: u64,
    latest: u64,
) -> Result<Missed, AppError> {
    if let Some(answer) = Missed::without_reading(after, latest) {
        return Ok(answer);
    }
    let rows: Vec<ChangeRow> = sqlx::query_as(
        "SELECT * FROM changes WHERE list_id = ?1 AND seq > ?2 AND seq <= ?3 ORDER BY seq",
    )
    .bind(list.to_string())
    .bind(i64::try_from(after).unwrap_or(i64::MAX))
    .bind(i64::try_from(latest).unwrap_or(i64::MAX))
    .fetch_all(pool)
    .await
    .map_err(db_error("reading the changes a client missed"))?;
    let changes = rows
        .into_iter()
        .map(ChangeRow::into_change)
        .collect::<Result<_, _>>()?;
    Ok(Missed::from_range(changes, after, latest))
}

/// Forgets, of every list, the changes that are both older than `keep_days`
/// and not among its last `keep_changes`. Returns how many went. A plain
/// write on the pool: SQLite orders it with the committer's.
pub async fn prune(pool: &SqlitePool, now: Timestamp, keep: Retention) -> Result<u64, AppError> {
    let cutoff = keep.cutoff(now);
    let done = sqlx::query(
        "DELETE FROM changes
         WHERE at < ?2
           AND seq <= (SELECT seq FROM lists WHERE lists.id = changes.list_id) - ?1",
    )
    .bind(i64::try_from(keep.keep_changes).unwrap_or(i64::MAX))
    .bind(time::to_wire(&cutoff))
    .execute(pool)
    .await
    .map_err(db_error("pruning the change log"))?;
    Ok(done.rows_affected())
}
