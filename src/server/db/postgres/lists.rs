//! SQL for reading lists and their members (writes: `list_writes`, in the
//! committer's transaction). A list is only ever read for a member of it:
//! every statement joins `list_members` on the reader, so a list someone
//! does not belong to reads exactly like one that does not exist.
//!
//! The statements that both the pool and the committer's transaction run
//! take any executor (`PgExecutor`).

use chrono::{DateTime, Utc};
use sqlx::{PgExecutor, PgPool};
use uuid::Uuid;

use super::convert::{count, db_error, role, stamp};
use crate::domain::list::{Member, Role, TodoList};
use crate::error::AppError;

/// The members' order: the owner, then by when they joined. Ties (joined in
/// the same millisecond) go by username without regard to case, as SQLite's
/// `NOCASE` column sorts them; usernames are ASCII, so `lower()` under the
/// "C" collation is the same order, whatever the database's locale.
macro_rules! members_order {
    () => {
        "ORDER BY (m.role = 'owner') DESC, m.added_at, lower(u.username) COLLATE \"C\""
    };
}

#[derive(sqlx::FromRow)]
struct ListRow {
    id: Uuid,
    name: String,
    owner_id: Uuid,
    role: String,
    seq: i64,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

#[derive(sqlx::FromRow)]
struct MemberRow {
    list_id: Uuid,
    user_id: Uuid,
    username: String,
    role: String,
}

impl MemberRow {
    fn to_member(&self) -> Result<Member, AppError> {
        Ok(Member {
            id: self.user_id,
            username: self.username.clone(),
            role: role(&self.role)?,
        })
    }
}

/// The lists `user` is a member of, oldest first (so "My todos" leads for
/// most people), each with its members, the owner first.
pub async fn lists_of(pool: &PgPool, user: Uuid) -> Result<Vec<TodoList>, AppError> {
    read(pool, user, None).await
}

/// One list as `user` sees it; `NotFound` when they are not a member.
pub async fn get(pool: &PgPool, user: Uuid, list: Uuid) -> Result<TodoList, AppError> {
    read(pool, user, Some(list))
        .await?
        .pop()
        .ok_or(AppError::NotFound)
}

/// `user`'s role in `list`, or `None` when they are not a member (or there
/// is no such list: the two are the same to every caller).
pub async fn role_of<'e>(
    db: impl PgExecutor<'e>,
    user: Uuid,
    list: Uuid,
) -> Result<Option<Role>, AppError> {
    let raw: Option<String> =
        sqlx::query_scalar("SELECT role FROM list_members WHERE list_id = $1 AND user_id = $2")
            .bind(list)
            .bind(user)
            .fetch_optional(db)
            .await
            .map_err(db_error("reading a membership"))?;
    raw.as_deref().map(role).transpose()
}

/// `list`'s latest change number, or `None` when `user` is not a member.
pub async fn seq_for(pool: &PgPool, user: Uuid, list: Uuid) -> Result<Option<u64>, AppError> {
    let seq: Option<i64> = sqlx::query_scalar(
        "SELECT l.seq FROM lists l JOIN list_members m ON m.list_id = l.id
         WHERE l.id = $1 AND m.user_id = $2",
    )
    .bind(list)
    .bind(user)
    .fetch_optional(pool)
    .await
    .map_err(db_error("reading a list's change number"))?;
    Ok(seq.map(count))
}

/// The ids of the lists `user` is a member of (the rooms of their sockets).
pub async fn ids_of<'e>(db: impl PgExecutor<'e>, user: Uuid) -> Result<Vec<Uuid>, AppError> {
    sqlx::query_scalar("SELECT list_id FROM list_members WHERE user_id = $1")
        .bind(user)
        .fetch_all(db)
        .await
        .map_err(db_error("listing a user's lists"))
}

/// The members of one list, the owner first.
pub async fn members<'e>(db: impl PgExecutor<'e>, list: Uuid) -> Result<Vec<Member>, AppError> {
    let rows: Vec<MemberRow> = sqlx::query_as(concat!(
        "SELECT m.list_id, m.user_id, u.username, m.role
         FROM list_members m JOIN users u ON u.id = m.user_id
         WHERE m.list_id = $1 ",
        members_order!()
    ))
    .bind(list)
    .fetch_all(db)
    .await
    .map_err(db_error("reading a list's members"))?;
    rows.iter().map(MemberRow::to_member).collect()
}

/// The lists `user` is a member of, or (`only`) that one of them, with
/// their members: two statements, whatever the number of lists.
async fn read(pool: &PgPool, user: Uuid, only: Option<Uuid>) -> Result<Vec<TodoList>, AppError> {
    let rows: Vec<ListRow> = sqlx::query_as(
        "SELECT l.id, l.name, l.owner_id, m.role, l.seq, l.created_at, l.updated_at
         FROM lists l JOIN list_members m ON m.list_id = l.id AND m.user_id = $1
         WHERE $2::uuid IS NULL OR l.id = $2
         ORDER BY l.created_at, l.id",
    )
    .bind(user)
    .bind(only)
    .fetch_all(pool)
    .await
    .map_err(db_error("listing lists"))?;
    let members: Vec<MemberRow> = sqlx::query_as(concat!(
        "SELECT m.list_id, m.user_id, u.username, m.role
         FROM list_members m JOIN users u ON u.id = m.user_id
         WHERE m.list_id IN (SELECT list_id FROM list_members WHERE user_id = $1)
           AND ($2::uuid IS NULL OR m.list_id = $2) ",
        members_order!()
    ))
    .bind(user)
    .bind(only)
    .fetch_all(pool)
    .await
    .map_err(db_error("listing list members"))?;
    let mut lists = rows
        .into_iter()
        .map(|row| {
            Ok(TodoList {
                id: row.id,
                name: row.name,
                owner_id: row.owner_id,
                role: role(&row.role)?,
                members: Vec::new(),
                seq: count(row.seq),
                created_at: stamp(row.created_at),
                updated_at: stamp(row.updated_at),
            })
        })
        .collect::<Result<Vec<_>, AppError>>()?;
    for member in &members {
        if let Some(list) = lists.iter_mut().find(|l| l.id == member.list_id) {
            list.members.push(member.to_member()?);
        }
    }
    Ok(lists)
}
