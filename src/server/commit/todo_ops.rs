//! Todo writes: what each does inside the batch's transaction, what it
//! answers, and which events it publishes. Access is the list's: every
//! member may read and write its todos, and a todo in a list the actor is
//! not a member of is not found (the statements are scoped that way).

use uuid::Uuid;

use super::ops::{Ctx, Outcome};
use crate::domain::Todo;
use crate::domain::events::{Deleted, TodoEvent};
use crate::domain::todo::{NewTodo, TodoPatch};
use crate::error::AppError;
use crate::server::db::{BatchWrites, encode};
use crate::server::realtime::Effect;

/// One write to todos, already validated. `list: None` in the bulk ops
/// means every list the actor is a member of (the page's combined view).
#[derive(Clone, Debug)]
pub enum TodoOp {
    /// Into `list`, or the actor's first own list when `None`; under the
    /// client's id when it made one.
    Create {
        list: Option<Uuid>,
        new: NewTodo,
        id: Option<Uuid>,
    },
    Update {
        id: Uuid,
        patch: TodoPatch,
    },
    /// Flips `completed`; read and written in the same op, so two toggles
    /// never both see the same old value.
    Toggle {
        id: Uuid,
    },
    Delete {
        id: Uuid,
    },
    SetAllCompleted {
        list: Option<Uuid>,
        completed: bool,
    },
    ClearCompleted {
        list: Option<Uuid>,
    },
    /// Reverses change `seq` of `list` (see `undo`).
    Undo {
        list: Uuid,
        seq: u64,
    },
}

pub async fn apply<W: BatchWrites>(
    ctx: &mut Ctx<'_, W>,
    op: TodoOp,
) -> Result<(Outcome, Vec<Effect>), AppError> {
    let user = ctx.user();
    match op {
        TodoOp::Create { list, new, id } => {
            // A retry of a create that went through: answer what it made.
            if let Some(id) = id {
                match ctx.conn.todo(user, id).await {
                    Ok(existing) => return Ok((Outcome::Existing(existing), Vec::new())),
                    Err(AppError::NotFound) if ctx.conn.todo_exists(id).await? => {
                        return Err(AppError::Conflict {
                            field: "id".into(),
                            message: "is already used by another todo".into(),
                        });
                    }
                    Err(AppError::NotFound) => {}
                    Err(e) => return Err(e),
                }
            }
            // Without a list: the actor's oldest own list (every account
            // owns one: registration makes it and the last cannot go).
            let id = id.unwrap_or_else(Uuid::new_v4);
            let (now, cap) = (ctx.now, ctx.limits.max_todos);
            let todo = ctx
                .conn
                .insert_todo(user, list, id, &new, now, cap)
                .await?
                .ok_or(AppError::LimitReached {
                    field: "todos".into(),
                    limit: ctx.limits.max_todos,
                    per: "list".into(),
                })?;
            let effects = numbered(ctx, vec![(TodoEvent::Created(todo.clone()), None)]).await?;
            Ok((Outcome::Todo(todo), effects))
        }
        TodoOp::Update { id, patch } => {
            let before = ctx.conn.todo(user, id).await?;
            change(ctx, before, &patch).await
        }
        TodoOp::Toggle { id } => {
            let before = ctx.conn.todo(user, id).await?;
            let patch = TodoPatch {
                completed: Some(!before.completed),
                ..Default::default()
            };
            change(ctx, before, &patch).await
        }
        TodoOp::Delete { id } => {
            let gone = ctx.conn.delete_todo(user, id).await?;
            let effects =
                numbered(ctx, vec![(TodoEvent::Deleted(Deleted { id }), Some(gone))]).await?;
            Ok((Outcome::Deleted, effects))
        }
        TodoOp::SetAllCompleted { list, completed } => {
            let pairs = ctx
                .conn
                .set_all_completed(user, list, completed, ctx.now)
                .await?;
            let changed = pairs.iter().map(|(_, after)| after.clone()).collect();
            let events = pairs
                .into_iter()
                .map(|(before, after)| (TodoEvent::for_change(&before, after), Some(before)))
                .collect();
            Ok((Outcome::Changed(changed), numbered(ctx, events).await?))
        }
        TodoOp::ClearCompleted { list } => {
            let gone = ctx.conn.delete_completed(user, list).await?;
            let ids = gone.iter().map(|t| t.id).collect();
            let events = gone
                .into_iter()
                .map(|t| (TodoEvent::Deleted(Deleted { id: t.id }), Some(t)))
                .collect();
            Ok((Outcome::Cleared(ids), numbered(ctx, events).await?))
        }
        TodoOp::Undo { list, seq } => super::undo::undo(ctx, list, seq).await,
    }
}

/// Applies a patch to `before` (read in this op, so nothing changed it
/// since) and names the change: `todo:completed` when `completed` turns
/// true, `todo:updated` otherwise.
async fn change<W: BatchWrites>(
    ctx: &mut Ctx<'_, W>,
    before: Todo,
    patch: &TodoPatch,
) -> Result<(Outcome, Vec<Effect>), AppError> {
    if patch.if_version.is_some_and(|v| v != before.version) {
        return Err(AppError::Stale {
            current: Box::new(before),
        });
    }
    let after = ctx
        .conn
        .update_todo(ctx.user(), before.id, patch, ctx.now)
        .await?;
    let event = TodoEvent::for_change(&before, after.clone());
    Ok((
        Outcome::Todo(after),
        numbered(ctx, vec![(event, Some(before))]).await?,
    ))
}

/// Gives each event the next change number of its todo's list, in order,
/// and logs it with the todo as it was (`before`: updates and deletions).
pub(super) async fn numbered<W: BatchWrites>(
    ctx: &mut Ctx<'_, W>,
    events: Vec<(TodoEvent, Option<Todo>)>,
) -> Result<Vec<Effect>, AppError> {
    let mut effects = Vec::with_capacity(events.len());
    let mut located = Vec::with_capacity(events.len());
    for (event, before) in events {
        let list = match (&event, &before) {
            (TodoEvent::Created(t) | TodoEvent::Updated(t) | TodoEvent::Completed(t), _) => {
                t.list_id
            }
            (TodoEvent::Deleted(_), Some(gone)) => gone.list_id,
            (TodoEvent::Deleted(d), None) => {
                return Err(AppError::internal("a deletion without its todo", d.id));
            }
        };
        located.push(((event, before), list));
    }
    for (list, events) in by_list(located) {
        let metas = ctx.numbered(list, events.len()).await?;
        for ((event, before), meta) in events.into_iter().zip(metas) {
            let payload = match &event {
                TodoEvent::Created(t) | TodoEvent::Updated(t) | TodoEvent::Completed(t) => {
                    encode(t)?
                }
                TodoEvent::Deleted(d) => encode(d)?,
            };
            ctx.log(&meta, event.name(), &payload, before.as_ref())
                .await?;
            effects.push(Effect::Todo {
                name: event.name(),
                payload,
                meta,
            });
        }
    }
    Ok(effects)
}

/// Groups items by list, keeping their order within each list and the
/// lists in order of first appearance.
fn by_list<T>(items: Vec<(T, Uuid)>) -> Vec<(Uuid, Vec<T>)> {
    let mut groups: Vec<(Uuid, Vec<T>)> = Vec::new();
    for (item, list) in items {
        match groups.iter_mut().find(|(l, _)| *l == list) {
            Some((_, group)) => group.push(item),
            None => groups.push((list, vec![item])),
        }
    }
    groups
}
