//! List and membership writes, and every permission rule of SPEC §6 in one
//! place: members read and write the list's todos (`todo_ops`); only the
//! owner renames or deletes the list and adds or removes members; any
//! member may leave; to everyone else the list does not exist (404).

use uuid::Uuid;

use super::ops::{Ctx, Outcome};
use crate::domain::events::{
    LIST_UPDATED, MEMBER_ADDED, MEMBER_REMOVED, MemberAdded, MemberRef, MemberRemoved,
};
use crate::domain::list::{Member, Role, last_own_list};
use crate::error::AppError;
use crate::server::db::{BatchWrites, encode};
use crate::server::realtime::Effect;

/// One write to lists or their members, already validated.
#[derive(Clone, Debug)]
pub enum ListOp {
    /// `id`: the client-made id, if any.
    Create {
        name: String,
        id: Option<Uuid>,
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

pub async fn apply<W: BatchWrites>(
    ctx: &mut Ctx<'_, W>,
    op: ListOp,
) -> Result<(Outcome, Vec<Effect>), AppError> {
    let user = ctx.user();
    match op {
        ListOp::Create { name, id } => {
            // A retry of a create that went through: answer what it made.
            if let Some(id) = id {
                match ctx.conn.role_of(user, id).await? {
                    Some(Role::Owner) => {
                        let made = ctx.conn.read_list(id).await?;
                        return Ok((Outcome::ExistingList(made), Vec::new()));
                    }
                    // Someone else's list (shared with this user or not).
                    _ if ctx.conn.list_exists(id).await? => {
                        return Err(AppError::Conflict {
                            field: "id".into(),
                            message: "is already used by another list".into(),
                        });
                    }
                    _ => {}
                }
            }
            if ctx.conn.owned_count(user).await? >= ctx.limits.max_lists {
                return Err(AppError::LimitReached {
                    field: "lists".into(),
                    limit: ctx.limits.max_lists,
                    per: "user".into(),
                });
            }
            let id = id.unwrap_or_else(Uuid::new_v4);
            ctx.conn.create_list(id, user, &name, ctx.now).await?;
            let list = ctx.conn.read_list(id).await?;
            let effects = vec![Effect::ListJoined {
                user,
                list: list.clone(),
                meta: ctx.meta(id, list.seq),
            }];
            Ok((Outcome::List(list), effects))
        }
        ListOp::Rename { list, name } => {
            owner_only(ctx, list, "rename it").await?;
            ctx.conn.rename_list(list, &name, ctx.now).await?;
            let meta = one_number(ctx, list).await?;
            let renamed = ctx.conn.read_list(list).await?;
            ctx.log(&meta, LIST_UPDATED, &encode(&renamed)?, None)
                .await?;
            let effects = vec![Effect::ListUpdated {
                list: renamed.clone(),
                meta,
            }];
            Ok((Outcome::List(renamed.as_seen_by(user)), effects))
        }
        ListOp::Delete { list } => {
            owner_only(ctx, list, "delete it").await?;
            if ctx.conn.owned_count(user).await? <= 1 {
                return Err(last_own_list());
            }
            Ok((Outcome::Deleted, vec![delete(ctx, list).await?]))
        }
        ListOp::AddMember { list, who } => {
            owner_only(ctx, list, "share it").await?;
            let (added, username) = ctx.conn.find_account(&who).await?.ok_or(AppError::NoSuch {
                field: "user".into(),
            })?;
            if ctx.conn.role_of(added, list).await?.is_some() {
                return Err(AppError::Conflict {
                    field: "user".into(),
                    message: "is already a member of this list".into(),
                });
            }
            if ctx.conn.member_count(list).await? >= ctx.limits.max_members {
                return Err(AppError::LimitReached {
                    field: "members".into(),
                    limit: ctx.limits.max_members,
                    per: "list".into(),
                });
            }
            ctx.conn.add_member(list, added, ctx.now).await?;
            let meta = one_number(ctx, list).await?;
            let shared = ctx.conn.read_list(list).await?;
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
            ctx.log(&meta, MEMBER_ADDED, &encode(&added_event)?, None)
                .await?;
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
            let own_role = ctx
                .conn
                .role_of(user, list)
                .await?
                .ok_or(AppError::NotFound)?;
            if removed != user && own_role != Role::Owner {
                return Err(AppError::OwnerOnly("remove its members".into()));
            }
            match ctx.conn.role_of(removed, list).await? {
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
            Ok((Outcome::Deleted, remove_member(ctx, list, removed).await?))
        }
        ListOp::LeaveAll => {
            let mut effects = Vec::new();
            for list in ctx.conn.list_ids_of(user).await? {
                match ctx.conn.role_of(user, list).await? {
                    Some(Role::Owner) => effects.push(delete(ctx, list).await?),
                    _ => effects.extend(remove_member(ctx, list, user).await?),
                }
            }
            Ok((Outcome::Deleted, effects))
        }
    }
}

/// Deletes `list` (its todos and memberships go with it): every member's
/// sockets leave its room and hear `list:deleted`.
async fn delete<W: BatchWrites>(ctx: &mut Ctx<'_, W>, list: Uuid) -> Result<Effect, AppError> {
    let gone = ctx.conn.read_list(list).await?;
    ctx.conn.delete_list(list).await?;
    Ok(Effect::ListLeft {
        users: gone.members.iter().map(|m| m.id).collect(),
        meta: ctx.meta(list, gone.seq),
    })
}

/// Takes `user` (not the owner) out of `list`: their sockets leave its room
/// and hear `list:deleted`, the others `member:removed`.
async fn remove_member<W: BatchWrites>(
    ctx: &mut Ctx<'_, W>,
    list: Uuid,
    user: Uuid,
) -> Result<Vec<Effect>, AppError> {
    ctx.conn.remove_member(list, user).await?;
    let meta = one_number(ctx, list).await?;
    let removed = MemberRemoved {
        list_id: list,
        user_id: user,
    };
    ctx.log(&meta, MEMBER_REMOVED, &encode(&removed)?, None)
        .await?;
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
async fn owner_only<W: BatchWrites>(
    ctx: &mut Ctx<'_, W>,
    list: Uuid,
    what: &'static str,
) -> Result<(), AppError> {
    match ctx.conn.role_of(ctx.user(), list).await? {
        Some(Role::Owner) => Ok(()),
        Some(Role::Member) => Err(AppError::OwnerOnly(what.into())),
        None => Err(AppError::NotFound),
    }
}

async fn one_number<W: BatchWrites>(
    ctx: &mut Ctx<'_, W>,
    list: Uuid,
) -> Result<crate::domain::events::Meta, AppError> {
    ctx.numbered(list, 1)
        .await?
        .pop()
        .ok_or_else(|| AppError::internal("a change took no number", list))
}
