//! SQL for list and membership writes, run by the committer on its own
//! connection (see `db::todo_writes` for why rusqlite there). Permission
//! rules are not decided here: `commit::list_ops` asks `role_of` first.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use uuid::Uuid;

use super::lists::{LIST_IDS_OF, ROLE_OF, role};
use super::todo_writes::db_error;
use super::todos::stamp;
use super::users::parse_id;
use crate::domain::list::{Member, Role, TodoList};
use crate::domain::time::{self, Timestamp};
use crate::error::AppError;

/// `user`'s role in `list`, or `None` when they are not a member (or there
/// is no such list: the two are the same to every caller).
pub fn role_of(conn: &Connection, user: Uuid, list: Uuid) -> Result<Option<Role>, AppError> {
    let raw: Option<String> = conn
        .prepare_cached(ROLE_OF)
        .and_then(|mut s| {
            s.query_row(params![list.to_string(), user.to_string()], |r| r.get(0))
                .optional()
        })
        .map_err(db_error("reading a membership"))?;
    raw.as_deref().map(role).transpose()
}

/// A username, as events name the one who acted.
pub fn username(conn: &Connection, user: Uuid) -> Result<String, AppError> {
    conn.prepare_cached("SELECT username FROM users WHERE id = ?1")
        .and_then(|mut s| s.query_row(params![user.to_string()], |r| r.get(0)))
        .map_err(db_error("reading a username"))
}

/// Every list `user` is a member of.
pub fn lists_of(conn: &Connection, user: Uuid) -> Result<Vec<Uuid>, AppError> {
    let ids: Vec<String> = conn
        .prepare_cached(LIST_IDS_OF)
        .and_then(|mut s| {
            s.query_map(params![user.to_string()], |r| r.get(0))?
                .collect()
        })
        .map_err(db_error("listing a user's lists"))?;
    ids.iter().map(|id| parse_id(id)).collect()
}

/// How many lists `user` owns.
pub fn owned_count(conn: &Connection, user: Uuid) -> Result<u64, AppError> {
    let n: i64 = conn
        .prepare_cached("SELECT count(*) FROM lists WHERE owner_id = ?1")
        .and_then(|mut s| s.query_row(params![user.to_string()], |r| r.get(0)))
        .map_err(db_error("counting a user's lists"))?;
    Ok(u64::try_from(n).unwrap_or_default())
}

/// Creates a list owned (and joined) by `owner`.
/// Whether a list with this id exists, whoever's it is.
pub fn exists(conn: &Connection, id: Uuid) -> Result<bool, AppError> {
    conn.prepare_cached("SELECT 1 FROM lists WHERE id = ?1")
        .and_then(|mut s| s.exists(params![id.to_string()]))
        .map_err(db_error("looking a list id up"))
}

pub fn create(
    conn: &Connection,
    id: Uuid,
    owner: Uuid,
    name: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let stamp = time::to_wire(&Timestamp::from(now));
    conn.prepare_cached(
        "INSERT INTO lists (id, name, owner_id, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?4)",
    )
    .and_then(|mut s| s.execute(params![id.to_string(), name, owner.to_string(), stamp]))
    .map_err(db_error("creating a list"))?;
    conn.prepare_cached(
        "INSERT INTO list_members (list_id, user_id, role, added_at) VALUES (?1, ?2, 'owner', ?3)",
    )
    .and_then(|mut s| s.execute(params![id.to_string(), owner.to_string(), stamp]))
    .map_err(db_error("making a list's owner its member"))?;
    Ok(())
}

pub fn rename(
    conn: &Connection,
    list: Uuid,
    name: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    conn.prepare_cached("UPDATE lists SET name = ?2, updated_at = ?3 WHERE id = ?1")
        .and_then(|mut s| {
            s.execute(params![
                list.to_string(),
                name,
                time::to_wire(&Timestamp::from(now))
            ])
        })
        .map_err(db_error("renaming a list"))?;
    Ok(())
}

/// Deletes a list; its todos and memberships go with it (foreign keys).
pub fn delete(conn: &Connection, list: Uuid) -> Result<(), AppError> {
    conn.prepare_cached("DELETE FROM lists WHERE id = ?1")
        .and_then(|mut s| s.execute(params![list.to_string()]))
        .map_err(db_error("deleting a list"))?;
    Ok(())
}

/// The account a username or an email names (either, case-insensitively).
pub fn find_account(conn: &Connection, who: &str) -> Result<Option<(Uuid, String)>, AppError> {
    let row: Option<(String, String)> = conn
        .prepare_cached("SELECT id, username FROM users WHERE username = ?1 OR email = ?1")
        .and_then(|mut s| {
            s.query_row(params![who], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()
        })
        .map_err(db_error("finding an account to share with"))?;
    row.map(|(id, username)| Ok((parse_id(&id)?, username)))
        .transpose()
}

pub fn member_count(conn: &Connection, list: Uuid) -> Result<u64, AppError> {
    let n: i64 = conn
        .prepare_cached("SELECT count(*) FROM list_members WHERE list_id = ?1")
        .and_then(|mut s| s.query_row(params![list.to_string()], |r| r.get(0)))
        .map_err(db_error("counting a list's members"))?;
    Ok(u64::try_from(n).unwrap_or_default())
}

pub fn add_member(
    conn: &Connection,
    list: Uuid,
    user: Uuid,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    conn.prepare_cached(
        "INSERT INTO list_members (list_id, user_id, role, added_at) VALUES (?1, ?2, 'member', ?3)",
    )
    .and_then(|mut s| {
        s.execute(params![
            list.to_string(),
            user.to_string(),
            time::to_wire(&Timestamp::from(now))
        ])
    })
    .map_err(db_error("adding a member"))?;
    Ok(())
}

pub fn remove_member(conn: &Connection, list: Uuid, user: Uuid) -> Result<(), AppError> {
    conn.prepare_cached("DELETE FROM list_members WHERE list_id = ?1 AND user_id = ?2")
        .and_then(|mut s| s.execute(params![list.to_string(), user.to_string()]))
        .map_err(db_error("removing a member"))?;
    Ok(())
}

/// Takes the list's next `n` change numbers; returns the first of them.
pub fn take_seq(conn: &Connection, list: Uuid, n: u64) -> Result<u64, AppError> {
    let last: i64 = conn
        .prepare_cached("UPDATE lists SET seq = seq + ?2 WHERE id = ?1 RETURNING seq")
        .and_then(|mut s| {
            s.query_row(
                params![list.to_string(), i64::try_from(n).unwrap_or(i64::MAX)],
                |r| r.get(0),
            )
        })
        .map_err(db_error("numbering a list's changes"))?;
    Ok(u64::try_from(last).unwrap_or_default() + 1 - n)
}

/// The list with its members, as its owner sees it (publishing adjusts the
/// role per reader: `TodoList::as_seen_by`).
pub fn read(conn: &Connection, list: Uuid) -> Result<TodoList, AppError> {
    let row = conn
        .prepare_cached(
            "SELECT name, owner_id, seq, created_at, updated_at FROM lists WHERE id = ?1",
        )
        .and_then(|mut s| {
            s.query_row(params![list.to_string()], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, i64>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                ))
            })
            .optional()
        })
        .map_err(db_error("reading a list"))?;
    let (name, owner, seq, created, updated) = row.ok_or(AppError::NotFound)?;
    Ok(TodoList {
        id: list,
        name,
        owner_id: parse_id(&owner)?,
        role: Role::Owner,
        members: members(conn, list)?,
        seq: u64::try_from(seq).unwrap_or_default(),
        created_at: stamp(&created)?,
        updated_at: stamp(&updated)?,
    })
}

/// The list's members, the owner first.
pub fn members(conn: &Connection, list: Uuid) -> Result<Vec<Member>, AppError> {
    let rows: Vec<(String, String, String)> = conn
        .prepare_cached(
            "SELECT m.user_id, u.username, m.role
             FROM list_members m JOIN users u ON u.id = m.user_id
             WHERE m.list_id = ?1
             ORDER BY m.role = 'owner' DESC, m.added_at, u.username",
        )
        .and_then(|mut s| {
            s.query_map(params![list.to_string()], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })?
            .collect()
        })
        .map_err(db_error("reading a list's members"))?;
    rows.into_iter()
        .map(|(id, username, r)| {
            Ok(Member {
                id: parse_id(&id)?,
                username,
                role: role(&r)?,
            })
        })
        .collect()
}
