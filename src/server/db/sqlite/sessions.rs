//! SQL for log-in sessions (see `migrations/…_sessions.sql`). Timestamps are
//! stored in the wire format, which sorts correctly as text, so expiry checks
//! are plain string comparisons.

use chrono::{DateTime, Utc};
use sqlx::{SqliteConnection, SqlitePool};
use uuid::Uuid;

use super::users::parse_id;
use crate::domain::time;
use crate::error::AppError;
use crate::server::db::Session;

#[derive(sqlx::FromRow)]
struct SessionRow {
    id: String,
    user_id: String,
    last_seen_at: String,
    expires_at: String,
    revoked_at: Option<String>,
}

impl SessionRow {
    fn into_session(self) -> Result<Session, AppError> {
        let stamp = |raw: &str| {
            DateTime::parse_from_rfc3339(raw)
                .map(|t| t.with_timezone(&Utc))
                .map_err(|e| AppError::internal("stored session time is unreadable", e))
        };
        Ok(Session {
            id: parse_id(&self.id)?,
            user_id: parse_id(&self.user_id)?,
            expires_at: stamp(&self.expires_at)?,
            last_seen_at: stamp(&self.last_seen_at)?,
            revoked: self.revoked_at.is_some(),
        })
    }
}

fn db_error(context: &'static str) -> impl Fn(sqlx::Error) -> AppError {
    move |e| AppError::internal(context, e)
}

/// Starts a session for `user` that ends at `expires_at` at the latest.
pub async fn insert(
    conn: &mut SqliteConnection,
    user: Uuid,
    now: DateTime<Utc>,
    expires_at: DateTime<Utc>,
) -> Result<Session, AppError> {
    let id = Uuid::new_v4();
    let now_wire = time::to_wire(&now);
    sqlx::query(
        "INSERT INTO sessions (id, user_id, created_at, last_seen_at, expires_at)
         VALUES (?, ?, ?, ?, ?)",
    )
    .bind(id.to_string())
    .bind(user.to_string())
    .bind(&now_wire)
    .bind(&now_wire)
    .bind(time::to_wire(&expires_at))
    .execute(conn)
    .await
    .map_err(db_error("starting a session"))?;
    Ok(Session {
        id,
        user_id: user,
        expires_at,
        last_seen_at: now,
        revoked: false,
    })
}

pub async fn find(pool: &SqlitePool, id: Uuid) -> Result<Option<Session>, AppError> {
    let row: Option<SessionRow> = sqlx::query_as(
        "SELECT id, user_id, last_seen_at, expires_at, revoked_at FROM sessions WHERE id = ?",
    )
    .bind(id.to_string())
    .fetch_optional(pool)
    .await
    .map_err(db_error("reading a session"))?;
    row.map(SessionRow::into_session).transpose()
}

pub async fn touch(
    conn: &mut SqliteConnection,
    id: Uuid,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    sqlx::query("UPDATE sessions SET last_seen_at = ? WHERE id = ?")
        .bind(time::to_wire(&now))
        .bind(id.to_string())
        .execute(&mut *conn)
        .await
        .map_err(db_error("recording session activity"))?;
    Ok(())
}

/// Revokes one session of `user`; false when there was no such live session.
pub async fn revoke(
    conn: &mut SqliteConnection,
    user: Uuid,
    id: Uuid,
    now: DateTime<Utc>,
) -> Result<bool, AppError> {
    let done = sqlx::query(
        "UPDATE sessions SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at IS NULL",
    )
    .bind(time::to_wire(&now))
    .bind(id.to_string())
    .bind(user.to_string())
    .execute(&mut *conn)
    .await
    .map_err(db_error("revoking a session"))?;
    Ok(done.rows_affected() > 0)
}

/// Revokes every live session of `user` except `keep`; returns the ids it
/// revoked, so that their sockets can be closed.
pub async fn revoke_all(
    conn: &mut SqliteConnection,
    user: Uuid,
    keep: Option<Uuid>,
    now: DateTime<Utc>,
) -> Result<Vec<Uuid>, AppError> {
    let ids: Vec<String> = sqlx::query_scalar(
        "UPDATE sessions SET revoked_at = ?1
         WHERE user_id = ?2 AND revoked_at IS NULL AND id IS NOT ?3
         RETURNING id",
    )
    .bind(time::to_wire(&now))
    .bind(user.to_string())
    .bind(keep.map(|k| k.to_string()))
    .fetch_all(conn)
    .await
    .map_err(db_error("revoking sessions"))?;
    ids.iter().map(|id| parse_id(id)).collect()
}

/// Forgets the user's sessions that can never be used again (expired, or
/// revoked more than a day ago), so the table does not grow without bound.
pub async fn prune(
    conn: &mut SqliteConnection,
    user: Uuid,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let day_ago = now - chrono::Duration::days(1);
    sqlx::query("DELETE FROM sessions WHERE user_id = ? AND (expires_at < ? OR revoked_at < ?)")
        .bind(user.to_string())
        .bind(time::to_wire(&now))
        .bind(time::to_wire(&day_ago))
        .execute(&mut *conn)
        .await
        .map_err(db_error("pruning sessions"))?;
    Ok(())
}
