//! SQL for accounts and their log-in sessions.
//!
//! Usernames and emails are compared through `lower()`, which is what the
//! unique indexes are on, so a lookup and the uniqueness rule agree on what
//! "the same" is (SQLite's columns are `COLLATE NOCASE` to the same end).

use chrono::{DateTime, Utc};
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use super::convert::{db_error, ms};
use super::list_writes;
use crate::domain::User;
use crate::error::AppError;
use crate::server::db::types::{Session, UserRow};

#[derive(sqlx::FromRow)]
struct AccountRow {
    id: Uuid,
    username: String,
    email: String,
    password_hash: String,
}

impl From<AccountRow> for UserRow {
    fn from(row: AccountRow) -> UserRow {
        UserRow {
            id: row.id,
            username: row.username,
            email: row.email,
            password_hash: row.password_hash,
        }
    }
}

#[derive(sqlx::FromRow)]
struct SessionRow {
    id: Uuid,
    user_id: Uuid,
    last_seen_at: DateTime<Utc>,
    expires_at: DateTime<Utc>,
    revoked_at: Option<DateTime<Utc>>,
}

/// Makes an account and its first list in one transaction: an account
/// without a list is never seen, not even by a concurrent request.
pub async fn register(
    pool: &PgPool,
    username: &str,
    email: &str,
    password_hash: &str,
    first_list: &str,
) -> Result<User, AppError> {
    let id = Uuid::new_v4();
    let now = Utc::now();
    let mut tx = pool
        .begin()
        .await
        .map_err(db_error("beginning a registration"))?;
    sqlx::query(
        "INSERT INTO users (id, username, email, password_hash, created_at)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(id)
    .bind(username)
    .bind(email)
    .bind(password_hash)
    .bind(ms(now)?)
    .execute(&mut *tx)
    .await
    .map_err(unique_violation_to_field)?;
    // Nobody can be listening for this list yet: no change is logged.
    list_writes::create(&mut tx, Uuid::new_v4(), id, first_list, now).await?;
    tx.commit()
        .await
        .map_err(db_error("committing a registration"))?;
    Ok(User {
        id,
        username: username.to_owned(),
        email: email.to_owned(),
    })
}

/// PostgreSQL names the unique index a duplicate hit; the index names the
/// field the user has to change.
fn unique_violation_to_field(err: sqlx::Error) -> AppError {
    if let sqlx::Error::Database(db) = &err
        && db.is_unique_violation()
    {
        let field = match db.constraint() {
            Some("users_username_key") => Some("username"),
            Some("users_email_key") => Some("email"),
            _ => None,
        };
        if let Some(field) = field {
            return AppError::Taken {
                field: field.to_owned(),
            };
        }
    }
    AppError::internal("inserting a user", err)
}

/// Case-insensitive, like the unique index; surrounding blanks ignored.
pub async fn by_email(pool: &PgPool, email: &str) -> Result<Option<UserRow>, AppError> {
    let row: Option<AccountRow> = sqlx::query_as(
        "SELECT id, username, email, password_hash FROM users WHERE lower(email) = lower($1)",
    )
    .bind(email.trim())
    .fetch_optional(pool)
    .await
    .map_err(db_error("looking up a user by email"))?;
    Ok(row.map(UserRow::from))
}

/// The account with its password hash.
pub async fn by_id(pool: &PgPool, id: Uuid) -> Result<Option<UserRow>, AppError> {
    let row: Option<AccountRow> =
        sqlx::query_as("SELECT id, username, email, password_hash FROM users WHERE id = $1")
            .bind(id)
            .fetch_optional(pool)
            .await
            .map_err(db_error("looking up a user by id"))?;
    Ok(row.map(UserRow::from))
}

/// Replaces the password hash (sessions are the caller's business).
pub async fn set_password(pool: &PgPool, id: Uuid, password_hash: &str) -> Result<(), AppError> {
    sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
        .bind(password_hash)
        .bind(id)
        .execute(pool)
        .await
        .map_err(db_error("changing a password"))?;
    Ok(())
}

/// Deletes the account; its sessions and memberships go with it (ON DELETE
/// CASCADE). The service has moved its lists out first.
pub async fn delete(pool: &PgPool, id: Uuid) -> Result<(), AppError> {
    sqlx::query("DELETE FROM users WHERE id = $1")
        .bind(id)
        .execute(pool)
        .await
        .map_err(db_error("deleting an account"))?;
    Ok(())
}

/// Starts a session for `user`, first forgetting the user's sessions that
/// can never be used again, in one transaction.
pub async fn start_session(
    pool: &PgPool,
    user: Uuid,
    now: DateTime<Utc>,
    expires_at: DateTime<Utc>,
) -> Result<Session, AppError> {
    let id = Uuid::new_v4();
    let mut tx = pool
        .begin()
        .await
        .map_err(db_error("beginning a session"))?;
    prune_sessions(&mut tx, user, now).await?;
    sqlx::query(
        "INSERT INTO sessions (id, user_id, created_at, last_seen_at, expires_at)
         VALUES ($1, $2, $3, $3, $4)",
    )
    .bind(id)
    .bind(user)
    .bind(now)
    .bind(expires_at)
    .execute(&mut *tx)
    .await
    .map_err(db_error("starting a session"))?;
    tx.commit()
        .await
        .map_err(db_error("committing a new session"))?;
    Ok(Session {
        id,
        user_id: user,
        expires_at,
        last_seen_at: now,
        revoked: false,
    })
}

/// Forgets the user's expired sessions and those revoked more than a day
/// ago, so the table does not grow without bound.
async fn prune_sessions(
    conn: &mut PgConnection,
    user: Uuid,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND (expires_at < $2 OR revoked_at < $3)")
        .bind(user)
        .bind(now)
        .bind(now - chrono::Duration::days(1))
        .execute(conn)
        .await
        .map_err(db_error("pruning sessions"))?;
    Ok(())
}

/// A session by id, live or not: the caller checks expiry and revocation.
pub async fn session(pool: &PgPool, id: Uuid) -> Result<Option<Session>, AppError> {
    let row: Option<SessionRow> = sqlx::query_as(
        "SELECT id, user_id, last_seen_at, expires_at, revoked_at FROM sessions WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(pool)
    .await
    .map_err(db_error("reading a session"))?;
    Ok(row.map(|r| Session {
        id: r.id,
        user_id: r.user_id,
        expires_at: r.expires_at,
        last_seen_at: r.last_seen_at,
        revoked: r.revoked_at.is_some(),
    }))
}

/// Records that the session was used at `now`.
pub async fn touch_session(pool: &PgPool, id: Uuid, now: DateTime<Utc>) -> Result<(), AppError> {
    sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE id = $2")
        .bind(now)
        .bind(id)
        .execute(pool)
        .await
        .map_err(db_error("recording session activity"))?;
    Ok(())
}

/// Revokes one session of `user`; false when there was no such live one.
pub async fn revoke_session(
    pool: &PgPool,
    user: Uuid,
    id: Uuid,
    now: DateTime<Utc>,
) -> Result<bool, AppError> {
    let done = sqlx::query(
        "UPDATE sessions SET revoked_at = $1
         WHERE id = $2 AND user_id = $3 AND revoked_at IS NULL",
    )
    .bind(now)
    .bind(id)
    .bind(user)
    .execute(pool)
    .await
    .map_err(db_error("revoking a session"))?;
    Ok(done.rows_affected() > 0)
}

/// Revokes every live session of `user` but `keep`; returns their ids, so
/// that their sockets can be closed.
pub async fn revoke_sessions(
    pool: &PgPool,
    user: Uuid,
    keep: Option<Uuid>,
    now: DateTime<Utc>,
) -> Result<Vec<Uuid>, AppError> {
    sqlx::query_scalar(
        "UPDATE sessions SET revoked_at = $1
         WHERE user_id = $2 AND revoked_at IS NULL AND id IS DISTINCT FROM $3::uuid
         RETURNING id",
    )
    .bind(now)
    .bind(user)
    .bind(keep)
    .fetch_all(pool)
    .await
    .map_err(db_error("revoking sessions"))
}
