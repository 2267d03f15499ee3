//! SQL for list and membership writes, run in the committer's batch
//! transaction (see `PgWrites`), and the reads its ops make there.
//! Permission rules are not decided here: `commit::list_ops` asks
//! `role_of` first.

use chrono::{DateTime, Utc};
use sqlx::PgConnection;
use uuid::Uuid;

use super::convert::{big, count, db_error, ms, stamp};
use super::lists;
use crate::domain::list::{Role, TodoList};
use crate::error::AppError;

/// A username, as events name the one who acted.
pub async fn username(conn: &mut PgConnection, user: Uuid) -> Result<String, AppError> {
    sqlx::query_scalar("SELECT username FROM users WHERE id = $1")
        .bind(user)
        .fetch_one(conn)
        .await
        .map_err(db_error("reading a username"))
}

/// How many lists `user` owns.
pub async fn owned_count(conn: &mut PgConnection, user: Uuid) -> Result<u64, AppError> {
    let n: i64 = sqlx::query_scalar("SELECT count(*) FROM lists WHERE owner_id = $1")
        .bind(user)
        .fetch_one(conn)
        .await
        .map_err(db_error("counting a user's lists"))?;
    Ok(count(n))
}

/// Whether a list with this id exists, whoever's it is.
pub async fn exists(conn: &mut PgConnection, id: Uuid) -> Result<bool, AppError> {
    sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM lists WHERE id = $1)")
        .bind(id)
        .fetch_one(conn)
        .await
        .map_err(db_error("looking a list id up"))
}

/// Creates list `id`, owned (and joined) by `owner`; also the first list of
/// a new account, in the transaction that registers it.
pub async fn create(
    conn: &mut PgConnection,
    id: Uuid,
    owner: Uuid,
    name: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let now = ms(now)?;
    sqlx::query(
        "INSERT INTO lists (id, name, owner_id, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $4)",
    )
    .bind(id)
    .bind(name)
    .bind(owner)
    .bind(now)
    .execute(&mut *conn)
    .await
    .map_err(db_error("creating a list"))?;
    sqlx::query(
        "INSERT INTO list_members (list_id, user_id, role, added_at)
         VALUES ($1, $2, 'owner', $3)",
    )
    .bind(id)
    .bind(owner)
    .bind(now)
    .execute(&mut *conn)
    .await
    .map_err(db_error("making a list's owner its member"))?;
    Ok(())
}

/// Renames a list; its `updated_at` moves on.
pub async fn rename(
    conn: &mut PgConnection,
    list: Uuid,
    name: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    sqlx::query("UPDATE lists SET name = $2, updated_at = $3 WHERE id = $1")
        .bind(list)
        .bind(name)
        .bind(ms(now)?)
        .execute(conn)
        .await
        .map_err(db_error("renaming a list"))?;
    Ok(())
}

/// Deletes a list; its todos, memberships and log go with it (ON DELETE
/// CASCADE).
pub async fn delete(conn: &mut PgConnection, list: Uuid) -> Result<(), AppError> {
    sqlx::query("DELETE FROM lists WHERE id = $1")
        .bind(list)
        .execute(conn)
        .await
        .map_err(db_error("deleting a list"))?;
    Ok(())
}

/// The account a username or an email names (either, any case).
pub async fn find_account(
    conn: &mut PgConnection,
    who: &str,
) -> Result<Option<(Uuid, String)>, AppError> {
    sqlx::query_as(
        "SELECT id, username FROM users
         WHERE lower(username) = lower($1) OR lower(email) = lower($1)",
    )
    .bind(who)
    .fetch_optional(conn)
    .await
    .map_err(db_error("finding an account to share with"))
}

/// How many members `list` has, its owner included.
pub async fn member_count(conn: &mut PgConnection, list: Uuid) -> Result<u64, AppError> {
    let n: i64 = sqlx::query_scalar("SELECT count(*) FROM list_members WHERE list_id = $1")
        .bind(list)
        .fetch_one(conn)
        .await
        .map_err(db_error("counting a list's members"))?;
    Ok(count(n))
}

/// Makes `user` a member (not an owner) of `list`.
pub async fn add_member(
    conn: &mut PgConnection,
    list: Uuid,
    user: Uuid,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO list_members (list_id, user_id, role, added_at)
         VALUES ($1, $2, 'member', $3)",
    )
    .bind(list)
    .bind(user)
    .bind(ms(now)?)
    .execute(conn)
    .await
    .map_err(db_error("adding a member"))?;
    Ok(())
}

/// Ends `user`'s membership of `list`; their todos in it stay.
pub async fn remove_member(
    conn: &mut PgConnection,
    list: Uuid,
    user: Uuid,
) -> Result<(), AppError> {
    sqlx::query("DELETE FROM list_members WHERE list_id = $1 AND user_id = $2")
        .bind(list)
        .bind(user)
        .execute(conn)
        .await
        .map_err(db_error("removing a member"))?;
    Ok(())
}

/// Takes the list's next `n` change numbers; returns the first of them.
/// The UPDATE's row lock lasts until the transaction ends: a concurrent
/// writer of the same list, from any instance, waits here, so numbers are
/// taken in commit order and the log has no gap.
pub async fn take_seq(conn: &mut PgConnection, list: Uuid, n: u64) -> Result<u64, AppError> {
    let last: i64 =
        sqlx::query_scalar("UPDATE lists SET seq = seq + $2 WHERE id = $1 RETURNING seq")
            .bind(list)
            .bind(big(n))
            .fetch_one(conn)
            .await
            .map_err(db_error("numbering a list's changes"))?;
    Ok(count(last) + 1 - n)
}

#[derive(sqlx::FromRow)]
struct ListRow {
    name: String,
    owner_id: Uuid,
    seq: i64,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

/// The list with its members, as its owner sees it (publishing adjusts the
/// role per reader: `TodoList::as_seen_by`).
pub async fn read(conn: &mut PgConnection, list: Uuid) -> Result<TodoList, AppError> {
    let row: Option<ListRow> = sqlx::query_as(
        "SELECT name, owner_id, seq, created_at, updated_at FROM lists WHERE id = $1",
    )
    .bind(list)
    .fetch_optional(&mut *conn)
    .await
    .map_err(db_error("reading a list"))?;
    let row = row.ok_or(AppError::NotFound)?;
    Ok(TodoList {
        id: list,
        name: row.name,
        owner_id: row.owner_id,
        role: Role::Owner,
        members: lists::members(&mut *conn, list).await?,
        seq: count(row.seq),
        created_at: stamp(row.created_at),
        updated_at: stamp(row.updated_at),
    })
}
