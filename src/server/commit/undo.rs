//! Undo (SPEC §7): a logged change to a todo is reversed when the todo has
//! not changed since (its version is still the one the change made);
//! otherwise 409 with the todo as it now is. The undo is a change like any
//! other: its own number, its own log entry and events.
//!
//! - a create is undone by deleting the todo;
//! - an update (or completion) by restoring the fields it had before;
//! - a deletion by putting the todo back, same id.

use serde::de::DeserializeOwned;
use uuid::Uuid;

use super::ops::{Ctx, Outcome};
use super::todo_ops::numbered;
use crate::domain::Todo;
use crate::domain::events::{
    Deleted, TODO_COMPLETED, TODO_CREATED, TODO_DELETED, TODO_UPDATED, TodoEvent,
};
use crate::domain::todo::TodoPatch;
use crate::error::AppError;
use crate::server::db::{change_writes, list_writes, todo_writes as db};
use crate::server::realtime::Effect;

pub fn undo(ctx: &Ctx<'_>, list: Uuid, seq: u64) -> Result<(Outcome, Vec<Effect>), AppError> {
    let user = ctx.user();
    if list_writes::role_of(ctx.conn, user, list)?.is_none() {
        return Err(AppError::NotFound);
    }
    let logged = change_writes::read(ctx.conn, list, seq)?.ok_or(AppError::NotFound)?;
    match logged.event.as_str() {
        TODO_CREATED => {
            let made: Todo = decode(&logged.payload)?;
            let current = unchanged_since(ctx, made.id, made.version)?;
            let gone = db::delete(ctx.conn, user, current.id)?;
            let effects = numbered(
                ctx,
                vec![(TodoEvent::Deleted(Deleted { id: gone.id }), Some(gone))],
            )?;
            Ok((Outcome::Deleted, effects))
        }
        TODO_UPDATED | TODO_COMPLETED => {
            let after: Todo = decode(&logged.payload)?;
            let before: Todo = decode(logged.before.as_deref().unwrap_or("null"))?;
            let current = unchanged_since(ctx, after.id, after.version)?;
            let patch = TodoPatch {
                title: Some(before.title),
                description: Some(before.description),
                priority: Some(before.priority),
                due_date: Some(before.due_date),
                completed: Some(before.completed),
                if_version: None,
            };
            let restored = db::update(ctx.conn, user, current.id, &patch, ctx.now)?;
            let event = TodoEvent::for_change(&current, restored.clone());
            let effects = numbered(ctx, vec![(event, Some(current))])?;
            Ok((Outcome::Todo(restored), effects))
        }
        TODO_DELETED => {
            let gone: Todo = decode(logged.before.as_deref().unwrap_or("null"))?;
            if db::exists(ctx.conn, gone.id)? {
                return Err(match db::get(ctx.conn, user, gone.id) {
                    Ok(current) => AppError::Stale {
                        current: Box::new(current),
                    },
                    Err(_) => AppError::NotFound,
                });
            }
            let back = db::restore(ctx.conn, &gone, ctx.now)?;
            let effects = numbered(ctx, vec![(TodoEvent::Created(back.clone()), None)])?;
            Ok((Outcome::Todo(back), effects))
        }
        _ => Err(AppError::Conflict {
            field: "seq".into(),
            message: "is not a change to a todo; only those can be undone".into(),
        }),
    }
}

/// The todo as it is now, if nothing changed it after `version`.
fn unchanged_since(ctx: &Ctx<'_>, id: Uuid, version: u64) -> Result<Todo, AppError> {
    match db::get(ctx.conn, ctx.user(), id) {
        Ok(current) if current.version == version => Ok(current),
        Ok(current) => Err(AppError::Stale {
            current: Box::new(current),
        }),
        Err(AppError::NotFound) => Err(AppError::Conflict {
            field: "todo".into(),
            message: "was deleted since".into(),
        }),
        Err(e) => Err(e),
    }
}

fn decode<T: DeserializeOwned>(json: &str) -> Result<T, AppError> {
    serde_json::from_str(json).map_err(|e| AppError::internal("reading a logged todo", e))
}
