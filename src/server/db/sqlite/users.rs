//! SQL for accounts.

use chrono::Utc;
use sqlx::{SqliteConnection, SqlitePool};
use uuid::Uuid;

use crate::domain::{User, time};
use crate::error::AppError;
use crate::server::db::UserRow;

/// An account as SQLite stores it (the id as text).
#[derive(sqlx::FromRow)]
struct Row {
    id: String,
    username: String,
    email: String,
    password_hash: String,
}

impl Row {
    fn into_user_row(self) -> Result<UserRow, AppError> {
        Ok(UserRow {
            id: parse_id(&self.id)?,
            username: self.username,
            email: self.email,
            password_hash: self.password_hash,
        })
    }
}

pub fn parse_id(raw: &str) -> Result<Uuid, AppError> {
    Uuid::parse_str(raw).map_err(|e| AppError::internal("stored id is not a UUID", e))
}

/// Stores a new account; run it inside `write_tx`.
pub async fn insert(
    conn: &mut SqliteConnection,
    username: &str,
    email: &str,
    password_hash: &str,
) -> Result<User, AppError> {
    let id = Uuid::new_v4();
    sqlx::query(
        "INSERT INTO users (id, username, email, password_hash, created_at) VALUES (?, ?, ?, ?, ?)",
    )
    .bind(id.to_string())
    .bind(username)
    .bind(email)
    .bind(password_hash)
    .bind(time::to_wire(&Utc::now()))
    .execute(conn)
    .await
    .map_err(unique_violation_to_field)?;
    Ok(User {
        id,
        username: username.to_owned(),
        email: email.to_owned(),
    })
}

/// Case-insensitive, like the unique index.
pub async fn find_by_email(pool: &SqlitePool, email: &str) -> Result<Option<UserRow>, AppError> {
    let row: Option<Row> =
        sqlx::query_as("SELECT id, username, email, password_hash FROM users WHERE email = ?")
            .bind(email.trim())
            .fetch_optional(pool)
            .await
            .map_err(|e| AppError::internal("looking up a user by email", e))?;
    row.map(Row::into_user_row).transpose()
}

pub async fn find_by_id(pool: &SqlitePool, id: Uuid) -> Result<Option<User>, AppError> {
    Ok(find_row_by_id(pool, id).await?.map(|r| r.to_user()))
}

/// The account with its password hash, for checking a password.
pub async fn find_row_by_id(pool: &SqlitePool, id: Uuid) -> Result<Option<UserRow>, AppError> {
    let row: Option<Row> =
        sqlx::query_as("SELECT id, username, email, password_hash FROM users WHERE id = ?")
            .bind(id.to_string())
            .fetch_optional(pool)
            .await
            .map_err(|e| AppError::internal("looking up a user by id", e))?;
    row.map(Row::into_user_row).transpose()
}

pub async fn set_password(
    conn: &mut SqliteConnection,
    id: Uuid,
    password_hash: &str,
) -> Result<(), AppError> {
    sqlx::query("UPDATE users SET password_hash = ? WHERE id = ?")
        .bind(password_hash)
        .bind(id.to_string())
        .execute(conn)
        .await
        .map_err(|e| AppError::internal("changing a password", e))?;
    Ok(())
}

/// Deletes the account; its todos and sessions go with it (ON DELETE CASCADE).
pub async fn delete(conn: &mut SqliteConnection, id: Uuid) -> Result<(), AppError> {
    sqlx::query("DELETE FROM users WHERE id = ?")
        .bind(id.to_string())
        .execute(conn)
        .await
        .map_err(|e| AppError::internal("deleting an account", e))?;
    Ok(())
}

/// SQLite reports `UNIQUE constraint failed: users.email`; the column names
/// the field the user has to change.
fn unique_violation_to_field(err: sqlx::Error) -> AppError {
    if let sqlx::Error::Database(db) = &err
        && db.is_unique_violation()
    {
        for field in ["username", "email"] {
            if db.message().contains(&format!("users.{field}")) {
                return AppError::Taken {
                    field: field.to_owned(),
                };
            }
        }
    }
    AppError::internal("inserting a user", err)
}
