//! The change log (SPEC §7): written in the committer's transaction (and
//! the op's savepoint) that makes each change, so it holds exactly the
//! committed changes, gap-free per list; read for a list's history and for
//! what a client missed; pruned of what no client needs any more. Callers
//! check that the reader is a member of the list.
//!
//! `payload` and `before` are `json` columns, which keep the text as it
//! was written: it is bound as text and cast (`$4::json`), and read back
//! as text (`payload::text`), so a replay sends the very bytes the live
//! event carried.

use chrono::{DateTime, Utc};
use serde_json::value::RawValue;
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use super::convert::{at, big, count, db_error, stamp};
use crate::domain::Todo;
use crate::domain::events::{Actor, Meta};
use crate::domain::time::Timestamp;
use crate::error::AppError;
use crate::server::db::types::{Change, Logged, Missed, Retention, raw_json};

/// A logged change's columns, the JSON ones as their text.
macro_rules! change_columns {
    () => {
        "list_id, seq, event, payload::text AS payload, before::text AS before, actor_id, \
         actor_name, op_id, at"
    };
}

/// 0001-01-01T00:00:00Z: no change is older, and PostgreSQL (like chrono)
/// has a limit to how far back a time may be; a huge `keep_days` stops
/// here instead.
const YEAR_ONE_MS: i64 = -62_135_596_800_000;

#[derive(sqlx::FromRow)]
struct ChangeRow {
    list_id: Uuid,
    seq: i64,
    event: String,
    payload: String,
    before: Option<String>,
    actor_id: Uuid,
    actor_name: String,
    op_id: Option<Uuid>,
    at: DateTime<Utc>,
}

impl ChangeRow {
    fn into_change(self) -> Result<Change, AppError> {
        Ok(Change {
            meta: Meta {
                list_id: self.list_id,
                seq: count(self.seq),
                at: stamp(self.at),
                actor: Actor {
                    id: self.actor_id,
                    username: self.actor_name,
                },
                op_id: self.op_id,
            },
            event: self.event,
            payload: raw_json(self.payload)?,
            before: self.before.map(raw_json).transpose()?,
        })
    }
}

/// Logs one change under its meta's number.
pub async fn record(
    conn: &mut PgConnection,
    meta: &Meta,
    event: &str,
    payload: &RawValue,
    before: Option<&Todo>,
) -> Result<(), AppError> {
    let before = before
        .map(serde_json::to_string)
        .transpose()
        .map_err(|e| AppError::internal("encoding a todo for the log", e))?;
    sqlx::query(
        "INSERT INTO changes (list_id, seq, event, payload, before, actor_id, actor_name, op_id, at)
         VALUES ($1, $2, $3, $4::json, $5::json, $6, $7, $8, $9)",
    )
    .bind(meta.list_id)
    .bind(big(meta.seq))
    .bind(event)
    .bind(payload.get())
    .bind(before)
    .bind(meta.actor.id)
    .bind(meta.actor.username.as_str())
    .bind(meta.op_id)
    .bind(at(meta.at)?)
    .execute(conn)
    .await
    .map_err(db_error("logging a change"))?;
    Ok(())
}

/// Change `seq` of `list`, if the log still has it.
pub async fn logged(
    conn: &mut PgConnection,
    list: Uuid,
    seq: u64,
) -> Result<Option<Logged>, AppError> {
    let row: Option<(String, String, Option<String>)> = sqlx::query_as(
        "SELECT event, payload::text, before::text FROM changes WHERE list_id = $1 AND seq = $2",
    )
    .bind(list)
    .bind(big(seq))
    .fetch_optional(conn)
    .await
    .map_err(db_error("reading a logged change"))?;
    Ok(row.map(|(event, payload, before)| Logged {
        event,
        payload,
        before,
    }))
}

/// Up to `limit` changes of `list` before `before` (or the latest),
/// newest first.
pub async fn history(
    pool: &PgPool,
    list: Uuid,
    before: Option<u64>,
    limit: u64,
) -> Result<Vec<Change>, AppError> {
    let rows: Vec<ChangeRow> = sqlx::query_as(concat!(
        "SELECT ",
        change_columns!(),
        " FROM changes WHERE list_id = $1 AND seq < $2 ORDER BY seq DESC LIMIT $3"
    ))
    .bind(list)
    .bind(before.map_or(i64::MAX, big))
    .bind(big(limit))
    .fetch_all(pool)
    .await
    .map_err(db_error("reading a list's history"))?;
    rows.into_iter().map(ChangeRow::into_change).collect()
}

/// The changes of `list` after `after`, oldest first, up to `latest`, the
/// list's current number; or that the log no longer has them all.
pub async fn missed(
    pool: &PgPool,
    list: Uuid,
    after: u64,
    latest: u64,
) -> Result<Missed, AppError> {
    if let Some(answer) = Missed::without_reading(after, latest) {
        return Ok(answer);
    }
    let rows: Vec<ChangeRow> = sqlx::query_as(concat!(
        "SELECT ",
        change_columns!(),
        " FROM changes WHERE list_id = $1 AND seq > $2 AND seq <= $3 ORDER BY seq"
    ))
    .bind(list)
    .bind(big(after))
    .bind(big(latest))
    .fetch_all(pool)
    .await
    .map_err(db_error("reading the changes a client missed"))?;
    let changes = rows
        .into_iter()
        .map(ChangeRow::into_change)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Missed::from_range(changes, after, latest))
}

/// Forgets, of every list, the changes that are both older than `keep_days`
/// and not among its last `keep_changes`. Returns how many went. A plain
/// statement on the pool, beside the batches: it deletes only changes old
/// enough that no batch writes them, and reads `lists.seq` without locking
/// it (a number taken meanwhile only keeps a change longer).
pub async fn prune(pool: &PgPool, now: Timestamp, keep: Retention) -> Result<u64, AppError> {
    let cutoff = Timestamp::from_millis(keep.cutoff(now).millis().max(YEAR_ONE_MS));
    let done = sqlx::query(
        "DELETE FROM changes
         WHERE at < $2
           AND seq <= (SELECT seq FROM lists WHERE lists.id = changes.list_id) - $1",
    )
    .bind(big(keep.keep_changes))
    .bind(at(cutoff)?)
    .execute(pool)
    .await
    .map_err(db_error("pruning the change log"))?;
    Ok(done.rows_affected())
}
