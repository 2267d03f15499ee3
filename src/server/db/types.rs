//! What storage hands the service, the same from every engine: rows as the
//! service needs them, the todo-page cursor, logged changes and the log's
//! retention.

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::value::RawValue;
use uuid::Uuid;

use crate::domain::User;
use crate::domain::events::Meta;
use crate::domain::time::{self, Timestamp};
use crate::error::AppError;

/// A stored account, password hash included. Deliberately not `Serialize`:
/// it never leaves the server.
pub struct UserRow {
    pub id: Uuid,
    pub username: String,
    pub email: String,
    pub password_hash: String,
}

impl UserRow {
    pub fn to_user(&self) -> User {
        User {
            id: self.id,
            username: self.username.clone(),
            email: self.email.clone(),
        }
    }
}

/// A stored session, as the session check needs it.
#[derive(Clone, Debug)]
pub struct Session {
    pub id: Uuid,
    pub user_id: Uuid,
    pub expires_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
    pub revoked: bool,
}

/// Where the next page of todos starts: just after the todo created at
/// `created_at` with position `pos` (its insertion order: SQLite's rowid,
/// PostgreSQL's `ord`), so that todos made in the same millisecond keep
/// their order across pages.
#[derive(Clone, Debug, PartialEq)]
pub struct Cursor {
    pub created_at: Timestamp,
    pub pos: i64,
}

impl Cursor {
    /// Opaque to clients: hex of `pos:created_at`, safe in a URL as is.
    pub fn encode(&self) -> String {
        format!("{}:{}", self.pos, time::to_wire(&self.created_at))
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
        let (pos, created_at) = text.split_once(':')?;
        Some(Cursor {
            pos: pos.parse().ok()?,
            created_at: Timestamp::parse_rfc3339(created_at)?,
        })
    }
}

/// How much of each list's log is kept: its last `keep_changes` changes
/// and every change of the last `keep_days` days; the rest is pruned. The
/// defaults are SPEC §7's (1,000 and 7). A client further behind than the
/// log reaches is told to refetch (`resync`) and loses nothing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Retention {
    pub keep_changes: u64,
    pub keep_days: u64,
}

impl Default for Retention {
    fn default() -> Self {
        Retention {
            keep_changes: 1_000,
            keep_days: 7,
        }
    }
}

impl Retention {
    /// Changes before this time may go (if not among a list's last ones).
    pub fn cutoff(&self, now: Timestamp) -> Timestamp {
        let days = i64::try_from(self.keep_days).unwrap_or(i64::MAX / 86_400_000);
        Timestamp::from_millis(now.millis().saturating_sub(days.saturating_mul(86_400_000)))
    }
}

/// A client further behind than this is told to refetch rather than sent
/// a replay longer than a refetch.
pub const REPLAY_MAX: u64 = 5_000;

/// One logged change.
#[derive(Debug)]
pub struct Change {
    pub event: String,
    /// The event's first argument, as it went out.
    pub payload: Box<RawValue>,
    /// The todo as it was (updates and deletions).
    pub before: Option<Box<RawValue>>,
    pub meta: Meta,
}

/// What a client that last saw change `after` of a list missed.
#[derive(Debug)]
pub enum Missed {
    /// Every change since, in order (empty when it is up to date).
    Changes(Vec<Change>),
    /// The log no longer reaches back that far (or it would be too long):
    /// refetch the list. `seq` is the list's latest.
    Gone { seq: u64 },
}

impl Missed {
    /// The answer when the log holds `changes` for the range (after,
    /// latest]: gap-free or nothing, since anything missing was pruned.
    pub fn from_range(changes: Vec<Change>, after: u64, latest: u64) -> Missed {
        if changes.len() as u64 == latest - after {
            Missed::Changes(changes)
        } else {
            Missed::Gone { seq: latest }
        }
    }

    /// The answer that needs no read, if any: up to date, or too far behind.
    pub fn without_reading(after: u64, latest: u64) -> Option<Missed> {
        if after >= latest {
            Some(Missed::Changes(Vec::new()))
        } else if latest - after > REPLAY_MAX {
            Some(Missed::Gone { seq: latest })
        } else {
            None
        }
    }
}

/// A logged change as undo needs it: its event, the todo after (or `{id}`)
/// and before, as JSON.
pub struct Logged {
    pub event: String,
    pub payload: String,
    pub before: Option<String>,
}

/// An event's payload as JSON, made once for both the log and the sockets
/// (the Socket.IO parser copies a `RawValue` into each packet as it is).
pub fn encode<T: Serialize + ?Sized>(value: &T) -> Result<Box<RawValue>, AppError> {
    serde_json::value::to_raw_value(value).map_err(|e| AppError::internal("encoding a change", e))
}

/// A stored JSON text as the raw value it was written from.
pub fn raw_json(json: String) -> Result<Box<RawValue>, AppError> {
    RawValue::from_string(json).map_err(|e| AppError::internal("a logged change", e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_garbage_is_refused() {
        let cursor = Cursor {
            created_at: Timestamp::parse_rfc3339("2026-12-03T06:00:00.000Z").unwrap(),
            pos: 42,
        };
        assert_eq!(Cursor::decode(&cursor.encode()), Some(cursor));
        // The last one is "42:yesterday": a position with no time.
        for bad in ["", "zz", "abc", "3a", "78793a", "34323a796573746572646179"] {
            assert_eq!(Cursor::decode(bad), None, "{bad:?}");
        }
    }
}
