//! Between PostgreSQL's column types and the domain's: times, counts and
//! stored names.
//!
//! Times: timestamptz keeps microseconds, the wire milliseconds. Every time
//! a todo, list, membership or change is written with goes through
//! [`Timestamp`] first ([`at`], [`ms`]), so what a later read answers is
//! what the write answered, to the byte, as with SQLite (which stores the
//! wire text).

use chrono::{DateTime, Utc};

use crate::domain::Priority;
use crate::domain::list::Role;
use crate::domain::time::Timestamp;
use crate::error::AppError;

/// Logs a failed statement with what it was doing; the caller gets `Internal`.
pub(super) fn db_error(context: &'static str) -> impl Fn(sqlx::Error) -> AppError {
    move |e| AppError::internal(context, e)
}

/// A domain time as timestamptz binds it.
pub(super) fn at(t: Timestamp) -> Result<DateTime<Utc>, AppError> {
    DateTime::from_timestamp_millis(t.millis())
        .ok_or_else(|| AppError::internal("a time out of range", t.millis()))
}

/// The server's clock, cut to the millisecond the wire carries.
pub(super) fn ms(now: DateTime<Utc>) -> Result<DateTime<Utc>, AppError> {
    at(Timestamp::from(now))
}

/// A stored time as the domain has it.
pub(super) fn stamp(t: DateTime<Utc>) -> Timestamp {
    Timestamp::from(t)
}

/// A count or number as a bigint binds it (none comes near the limit).
pub(super) fn big(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// A stored count or change number (never negative: CHECKs and counting).
pub(super) fn count(n: i64) -> u64 {
    u64::try_from(n).unwrap_or_default()
}

/// A stored role (the schema's CHECK allows only the two there are).
pub(super) fn role(raw: &str) -> Result<Role, AppError> {
    raw.parse()
        .map_err(|e| AppError::internal("stored role is unknown", e))
}

/// A stored priority, likewise.
pub(super) fn priority(raw: &str) -> Result<Priority, AppError> {
    raw.parse()
        .map_err(|e| AppError::internal("stored priority is unknown", e))
}
