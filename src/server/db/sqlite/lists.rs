//! SQL for reading lists and their members (writes: `db::list_writes`, run
//! by the committer). A list is only ever read for a member of it: every
//! statement joins `list_members` on the reader, so a list someone does not
//! belong to reads exactly like one that does not exist.

use sqlx::{SqliteConnection, SqlitePool};
use uuid::Uuid;

use super::todos::{db_error, stamp};
use super::users::parse_id;
use crate::domain::list::{Member, Role, TodoList};
use crate::domain::time;
use crate::error::AppError;

#[derive(sqlx::FromRow)]
struct ListRow {
    id: String,
    name: String,
    owner_id: String,
    role: String,
    seq: i64,
    created_at: String,
    updated_at: String,
}

#[derive(sqlx::FromRow)]
struct MemberRow {
    list_id: String,
    user_id: String,
    username: String,
    role: String,
}

/// A user's role in a list (bind the list, then the user); shared with the
/// committer's connection (`list_writes`).
pub(super) const ROLE_OF: &str =
    "SELECT role FROM list_members WHERE list_id = ?1 AND user_id = ?2";
/// The ids of the lists a user is a member of; shared likewise.
pub(super) const LIST_IDS_OF: &str = "SELECT list_id FROM list_members WHERE user_id = ?1";

pub(super) fn role(raw: &str) -> Result<Role, AppError> {
    raw.parse()
        .map_err(|e| AppError::internal("stored role is unknown", e))
}

/// The lists `user` is a member of, oldest first (so "My todos" leads for
/// most people), each with its members, the owner first.
pub async fn lists_of(pool: &SqlitePool, user: Uuid) -> Result<Vec<TodoList>, AppError> {
    read(pool, user, None).await
}

/// One list as `user` sees it; `NotFound` when they are not a member.
pub async fn get(pool: &SqlitePool, user: Uuid, list: Uuid) -> Result<TodoList, AppError> {
    read(pool, user, Some(list))
        .await?
        .pop()
        .ok_or(AppError::NotFound)
}

/// `user`'s role in `list`, or `None` when they are not a member.
pub async fn role_of(pool: &SqlitePool, user: Uuid, list: Uuid) -> Result<Option<Role>, AppError> {
    let raw: Option<String> = sqlx::query_scalar(ROLE_OF)
        .bind(list.to_string())
        .bind(user.to_string())
        .fetch_optional(pool)
        .await
        .map_err(db_error("reading a membership"))?;
    raw.as_deref().map(role).transpose()
}

/// `list`'s latest change number, or `None` when `user` is not a member.
pub async fn seq_for(pool: &SqlitePool, user: Uuid, list: Uuid) -> Result<Option<u64>, AppError> {
    let seq: Option<i64> = sqlx::query_scalar(
        "SELECT l.seq FROM lists l JOIN list_members m ON m.list_id = l.id
         WHERE l.id = ?1 AND m.user_id = ?2",
    )
    .bind(list.to_string())
    .bind(user.to_string())
    .fetch_optional(pool)
    .await
    .map_err(db_error("reading a list's change number"))?;
    Ok(seq.map(|s| u64::try_from(s).unwrap_or_default()))
}

/// The ids of the lists `user` is a member of (the rooms of their sockets).
pub async fn ids_of(pool: &SqlitePool, user: Uuid) -> Result<Vec<Uuid>, AppError> {
    let ids: Vec<String> = sqlx::query_scalar(LIST_IDS_OF)
        .bind(user.to_string())
        .fetch_all(pool)
        .await
        .map_err(db_error("listing a user's lists"))?;
    ids.iter().map(|id| parse_id(id)).collect()
}

async fn read(
    pool: &SqlitePool,
    user: Uuid,
    only: Option<Uuid>,
) -> Result<Vec<TodoList>, AppError> {
    let user = user.to_string();
    let only = only.map(|l| l.to_string());
    let rows: Vec<ListRow> = sqlx::query_as(
        "SELECT l.id, l.name, l.owner_id, m.role, l.seq, l.created_at, l.updated_at
         FROM lists l JOIN list_members m ON m.list_id = l.id AND m.user_id = ?1
         WHERE ?2 IS NULL OR l.id = ?2
         ORDER BY l.created_at, l.id",
    )
    .bind(&user)
    .bind(&only)
    .fetch_all(pool)
    .await
    .map_err(db_error("listing lists"))?;
    let members: Vec<MemberRow> = sqlx::query_as(
        "SELECT m.list_id, m.user_id, u.username, m.role
         FROM list_members m JOIN users u ON u.id = m.user_id
         WHERE m.list_id IN (SELECT list_id FROM list_members WHERE user_id = ?1)
           AND (?2 IS NULL OR m.list_id = ?2)
         ORDER BY m.role = 'owner' DESC, m.added_at, u.username",
    )
    .bind(&user)
    .bind(&only)
    .fetch_all(pool)
    .await
    .map_err(db_error("listing list members"))?;
    let mut lists = rows
        .into_iter()
        .map(|row| {
            Ok(TodoList {
                id: parse_id(&row.id)?,
                name: row.name,
                owner_id: parse_id(&row.owner_id)?,
                role: role(&row.role)?,
                members: Vec::new(),
                seq: u64::try_from(row.seq).unwrap_or_default(),
                created_at: stamp(&row.created_at)?,
                updated_at: stamp(&row.updated_at)?,
            })
        })
        .collect::<Result<Vec<_>, AppError>>()?;
    for member in members {
        let list_id = parse_id(&member.list_id)?;
        if let Some(list) = lists.iter_mut().find(|l| l.id == list_id) {
            list.members.push(Member {
                id: parse_id(&member.user_id)?,
                username: member.username,
                role: role(&member.role)?,
            });
        }
    }
    Ok(lists)
}

/// The list every account starts with, made in the transaction that
/// creates the account (nobody can be listening for it yet: no events).
pub async fn create_first(
    conn: &mut SqliteConnection,
    owner: Uuid,
    name: &str,
) -> Result<(), AppError> {
    let id = Uuid::new_v4().to_string();
    let owner = owner.to_string();
    let now = time::to_wire(&chrono::Utc::now());
    sqlx::query(
        "INSERT INTO lists (id, name, owner_id, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?4)",
    )
    .bind(&id)
    .bind(name)
    .bind(&owner)
    .bind(&now)
    .execute(&mut *conn)
    .await
    .map_err(db_error("creating a first list"))?;
    sqlx::query(
        "INSERT INTO list_members (list_id, user_id, role, added_at) VALUES (?1, ?2, 'owner', ?3)",
    )
    .bind(&id)
    .bind(&owner)
    .bind(&now)
    .execute(&mut *conn)
    .await
    .map_err(db_error("joining a first list"))?;
    Ok(())
}
