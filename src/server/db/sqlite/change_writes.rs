//! The change log's writes, on the committer's connection (rusqlite): each
//! change is logged in the transaction (and the op's savepoint) that makes
//! it, so the log holds exactly the committed changes, gap-free per list.

use rusqlite::{Connection, params};
use serde_json::value::RawValue;

use super::todo_writes::db_error;
use crate::domain::Todo;
use crate::domain::events::Meta;
use crate::domain::time;
use crate::error::AppError;
use crate::server::db::Logged;

/// Logs one change under its meta's number.
pub fn record(
    conn: &Connection,
    meta: &Meta,
    event: &str,
    payload: &RawValue,
    before: Option<&Todo>,
) -> Result<(), AppError> {
    let before = before
        .map(serde_json::to_string)
        .transpose()
        .map_err(|e| AppError::internal("encoding a todo for the log", e))?;
    conn.prepare_cached(
        "INSERT INTO changes (list_id, seq, event, payload, before, actor_id, actor_name, op_id, at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )
    .and_then(|mut s| {
        s.execute(params![
            meta.list_id.to_string(),
            i64::try_from(meta.seq).unwrap_or(i64::MAX),
            event,
            payload.get(),
            before,
            meta.actor.id.to_string(),
            meta.actor.username,
            meta.op_id.map(|id| id.to_string()),
            time::to_wire(&meta.at),
        ])
    })
    .map_err(db_error("logging a change"))?;
    Ok(())
}

/// Change `seq` of `list`, if the log still has it.
pub fn read(conn: &Connection, list: uuid::Uuid, seq: u64) -> Result<Option<Logged>, AppError> {
    use rusqlite::OptionalExtension;
    conn.prepare_cached(
        "SELECT event, payload, before FROM changes WHERE list_id = ?1 AND seq = ?2",
    )
    .and_then(|mut s| {
        s.query_row(
            params![list.to_string(), i64::try_from(seq).unwrap_or(i64::MAX)],
            |r| {
                Ok(Logged {
                    event: r.get(0)?,
                    payload: r.get(1)?,
                    before: r.get(2)?,
                })
            },
        )
        .optional()
    })
    .map_err(db_error("reading a logged change"))
}
