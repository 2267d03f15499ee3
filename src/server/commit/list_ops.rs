//! List and membership writes, and every permission rule of SPEC §6 in one
//! place: members read and write the list's todos (`todo_ops`); only the
//! owner renames or deletes the list and adds or removes members; any
//! member may leave; to everyone else the list does not exist (404).

use uuid::Uuid;

use super::ops::{Ctx, Outcome};
use crate::domain::events::{
    LIST_UPDATED, MEMBER_ADDED, MEMBER_REMOVED, MemberAdded, MemberRef, MemberRemoved,
};
use crate::domain::list::{Member, Role};
use crate::error::AppError;
use crate::server::db::change_writes::encode;
use crate::server::db::list_writes as db;
use crate::server::realtime::Effect;

/// One write to lists or their members, already validated.
#[derive(Debug)]
pub enum ListOp {
    Create {
        name: String,
    },
    Rename {
        list: Uuid,
        name: String,
    },
    Delete {
        list: Uuid,
    },
    /// `who`: a username or an email.
    AddMember {
        list: Uuid,
        who: String,
    },
    /// By the owner, or by `user` themself (leaving).
    RemoveMember {
        list: Uuid,
        user: Uuid,
    },
    /// The actor's account is about to go: every list they own goes (the
    /// last one too) and they leave every other, each told to its members.
    LeaveAll,
}

pub fn apply(ctx: &Ctx<'_>, op: ListOp) -> Result<(Outcome, Vec<Effect>), AppError> {
    let user = ctx.user();
    match op {
        ListOp::Create { name } => {
            if db::owned_count(ctx.conn, user)? >= ctx.limits.max_lists {
                return Err(AppError::LimitReached {
                    field: "lists".into(),
                    limit: ctx.limits.max_lists,
                    per: "user".into(),
                });
            }
            let id = db::create(ctx.conn, user, &name, ctx.now)?;
            let list = db::read(ctx.conn, id)?;
            let effects = vec![Effect::ListJoined {
                user,
                list: list.clone(),
                meta: ctx.meta(id, list.seq),
            }];
            Ok((Outcome::List(list), effects))
        }
        ListOp::Rename { list, name } => {
            owner_only(ctx, list, "rename it")?;
            db::rename(ctx.conn, list, &name, ctx.now)?;
            let meta = one_number(ctx, list)?;
            let renamed = db::read(ctx.conn, list)?;
            ctx.log(&meta, LIST_UPDATED, &encode(&renamed)?, None)?;
            let effects = vec![Effect::ListUpdated {
                list: renamed.clone(),
                meta,
            }];
            Ok((Outcome::List(renamed.as_seen_by(user)), effects))
        }
        ListOp::Delete { list } => {
            owner_only(ctx, list, "delete it")?;
            if db::owned_count(ctx.conn, user)? <= 1 {
                return Err(AppError::Conflict {
                    field: "list".into(),
                    message: "is your last own list; every account keeps at least one".into(),
                });
            }
            Ok((Outcome::Deleted, vec![delete(ctx, list)?]))
        }
        ListOp::AddMember { list, who } => {
            owner_only(ctx, list, "share it")?;
            let (added, username) = db::find_account(ctx.conn, &who)?.ok_or(AppError::NoSuch {
                field: "user".into(),
            })?;
            if db::role_of(ctx.conn, added, list)?.is_some() {
                return Err(AppError::Conflict {
                    field: "user".into(),
                    message: "is already a member of this list".into(),
                });
            }
            if db::member_count(ctx.conn, list)? >= ctx.limits.max_members {
                return Err(AppError::LimitReached {
                    field: "members".into(),
                    limit: ctx.limits.max_members,
                    per: "list".into(),
                });
            }
            db::add_member(ctx.conn, list, added, ctx.now)?;
            let meta = one_number(ctx, list)?;
            let shared = db::read(ctx.conn, list)?;
            let member = Member {
                id: added,
                username: username.clone(),
                role: Role::Member,
            };
            let added_event = MemberAdded {
                list_id: list,
                user: MemberRef {
                    id: added,
                    username,
                },
                role: Role::Member,
            };
            ctx.log(&meta, MEMBER_ADDED, &encode(&added_event)?, None)?;
            let effects = vec![
                Effect::ListJoined {
                    user: added,
                    list: shared,
                    meta: meta.clone(),
                },
                Effect::MemberAdded {
                    added: added_event,
                    meta,
                },
            ];
            Ok((Outcome::Member(member), effects))
        }
        ListOp::RemoveMember {
            list,
            user: removed,
        } => {
            let own_role = db::role_of(ctx.conn, user, list)?.ok_or(AppError::NotFound)?;
            if removed != user && own_role != Role::Owner {
                return Err(AppError::OwnerOnly("remove its members".into()));
            }
            match db::role_of(ctx.conn, removed, list)? {
                None => return Err(AppError::NotFound),
                Some(Role::Owner) => {
                    return Err(AppError::Conflict {
                        field: "user".into(),
                        message:
                            "is the list's owner, who cannot leave it; delete the list instead"
                                .into(),
                    });
                }
                Some(Role::Member) => {}
            }
            Ok((Outcome::Deleted, remove_member(ctx, list, removed)?))
        }
        ListOp::LeaveAll => {
            let mut effects = Vec::new();
            for list in db::lists_of(ctx.conn, user)? {
                match db::role_of(ctx.conn, user, list)? {
                    Some(Role::Owner) => effects.push(delete(ctx, list)?),
                    _ => effects.extend(remove_member(ctx, list, user)?),
                }
            }
            Ok((Outcome::Deleted, effects))
        }
    }
}

/// Deletes `list` (its todos and memberships go with it): every member's
/// sockets leave its room and hear `list:deleted`.
fn delete(ctx: &Ctx<'_>, list: Uuid) -> Result<Effect, AppError> {
    let gone = db::read(ctx.conn, list)?;
    db::delete(ctx.conn, list)?;
    Ok(Effect::ListLeft {
        users: gone.members.iter().map(|m| m.id).collect(),
        meta: ctx.meta(list, gone.seq),
    })
}

/// Takes `user` (not the owner) out of `list`: their sockets leave its room
/// and hear `list:deleted`, the others `member:removed`.
fn remove_member(ctx: &Ctx<'_>, list: Uuid, user: Uuid) -> Result<Vec<Effect>, AppError> {
    db::remove_member(ctx.conn, list, user)?;
    let meta = one_number(ctx, list)?;
    let removed = MemberRemoved {
        list_id: list,
        user_id: user,
    };
    ctx.log(&meta, MEMBER_REMOVED, &encode(&removed)?, None)?;
    Ok(vec![
        Effect::ListLeft {
            users: vec![user],
            meta: meta.clone(),
        },
        Effect::MemberRemoved { removed, meta },
    ])
}

/// The actor must own `list`: a member who does not gets 403 (they can see
/// the list, so there is nothing to hide), anyone else 404.
fn owner_only(ctx: &Ctx<'_>, list: Uuid, what: &'static str) -> Result<(), AppError> {
    match db::role_of(ctx.conn, ctx.user(), list)? {
        Some(Role::Owner) => Ok(()),
        Some(Role::Member) => Err(AppError::OwnerOnly(what.into())),
        None => Err(AppError::NotFound),
    }
}

fn one_number(ctx: &Ctx<'_>, list: Uuid) -> Result<crate::domain::events::Meta, AppError> {
    ctx.numbered(list, 1)?
        .pop()
        .ok_or_else(|| AppError::internal("a change took no number", list))
}
