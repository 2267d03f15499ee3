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
use crate::server::db::todo_writes as db;
use crate::server::realtime::Effect;

/// One write to todos, already validated. `list: None` in the bulk ops
/// means every list the actor is a member of (the page's combined view).
#[derive(Debug)]
pub enum TodoOp {
    /// Into `list`, or the actor's first own list when `None`.
    Create {
        list: Option<Uuid>,
        new: NewTodo,
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
}

pub fn apply(ctx: &Ctx<'_>, op: TodoOp) -> Result<(Outcome, Vec<Effect>), AppError> {
    let user = ctx.user();
    match op {
        TodoOp::Create { list, new } => {
            // Without a list: the actor's oldest own list (every account
            // owns one: registration makes it and the last cannot go).
            let todo =
                db::insert_capped(ctx.conn, user, list, &new, ctx.now, ctx.limits.max_todos)?
                    .ok_or(AppError::LimitReached {
                        field: "todos".into(),
                        limit: ctx.limits.max_todos,
                        per: "list".into(),
                    })?;
            let effects = numbered(ctx, vec![(TodoEvent::Created(todo.clone()), todo.list_id)])?;
            Ok((Outcome::Todo(todo), effects))
        }
        TodoOp::Update { id, patch } => {
            let before = db::get(ctx.conn, user, id)?;
            change(ctx, before, &patch)
        }
        TodoOp::Toggle { id } => {
            let before = db::get(ctx.conn, user, id)?;
            let patch = TodoPatch {
                completed: Some(!before.completed),
                ..Default::default()
            };
            change(ctx, before, &patch)
        }
        TodoOp::Delete { id } => {
            let list = db::delete(ctx.conn, user, id)?;
            let effects = numbered(ctx, vec![(TodoEvent::Deleted(Deleted { id }), list)])?;
            Ok((Outcome::Deleted, effects))
        }
        TodoOp::SetAllCompleted { list, completed } => {
            let changed = db::set_all_completed(ctx.conn, user, list, completed, ctx.now)?;
            let events = changed
                .iter()
                .cloned()
                .map(|t| {
                    let list = t.list_id;
                    let event = if completed {
                        TodoEvent::Completed(t)
                    } else {
                        TodoEvent::Updated(t)
                    };
                    (event, list)
                })
                .collect();
            Ok((Outcome::Changed(changed), numbered(ctx, events)?))
        }
        TodoOp::ClearCompleted { list } => {
            let gone = db::delete_completed(ctx.conn, user, list)?;
            let ids = gone.iter().map(|(id, _)| *id).collect();
            let events = gone
                .into_iter()
                .map(|(id, list)| (TodoEvent::Deleted(Deleted { id }), list))
                .collect();
            Ok((Outcome::Cleared(ids), numbered(ctx, events)?))
        }
    }
}

/// Applies a patch to `before` (read in this op, so nothing changed it
/// since) and names the change: `todo:completed` when `completed` turns
/// true, `todo:updated` otherwise.
fn change(
    ctx: &Ctx<'_>,
    before: Todo,
    patch: &TodoPatch,
) -> Result<(Outcome, Vec<Effect>), AppError> {
    let after = db::update(ctx.conn, ctx.user(), before.id, patch, ctx.now)?;
    let event = TodoEvent::for_change(&before, after.clone());
    let list = after.list_id;
    Ok((Outcome::Todo(after), numbered(ctx, vec![(event, list)])?))
}

/// Gives each event the next change number of its list (the one beside
/// it), in order.
fn numbered(ctx: &Ctx<'_>, events: Vec<(TodoEvent, Uuid)>) -> Result<Vec<Effect>, AppError> {
    let mut effects = Vec::with_capacity(events.len());
    for (list, events) in by_list(events) {
        let metas = ctx.numbered(list, events.len())?;
        effects.extend(
            events
                .into_iter()
                .zip(metas)
                .map(|(event, meta)| Effect::Todo { event, meta }),
        );
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
