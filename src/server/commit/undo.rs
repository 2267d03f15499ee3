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
use crate::server::db::BatchWrites;
use crate::server::realtime::Effect;

pub async fn undo<W: BatchWrites>(
    ctx: &mut Ctx<'_, W>,
    list: Uuid,
    seq: u64,
) -> Result<(Outcome, Vec<Effect>), AppError> {
    let user = ctx.user();
    if ctx.conn.role_of(user, list).await?.is_none() {
        return Err(AppError::NotFound);
    }
    let logged = ctx
        .conn
        .logged_change(list, seq)
        .await?
        .ok_or(AppError::NotFound)?;
    match logged.event.as_str() {
        TODO_CREATED => {
            let made: Todo = decode(&logged.payload)?;
            let current = unchanged_since(ctx, made.id, made.version).await?;
            let gone = ctx.conn.delete_todo(user, current.id).await?;
            let effects = numbered(
                ctx,
                vec![(TodoEvent::Deleted(Deleted { id: gone.id }), Some(gone))],
            )
            .await?;
            Ok((Outcome::Deleted, effects))
        }
        TODO_UPDATED | TODO_COMPLETED => {
            let after: Todo = decode(&logged.payload)?;
            let before: Todo = decode(logged.before.as_deref().unwrap_or("null"))?;
            let current = unchanged_since(ctx, after.id, after.version).await?;
            let patch = TodoPatch {
                title: Some(before.title),
                description: Some(before.description),
                priority: Some(before.priority),
                due_date: Some(before.due_date),
                completed: Some(before.completed),
                if_version: None,
            };
            let restored = ctx
                .conn
                .update_todo(user, current.id, &patch, ctx.now)
                .await?;
            let event = TodoEvent::for_change(&current, restored.clone());
            let effects = numbered(ctx, vec![(event, Some(current))]).await?;
            Ok((Outcome::Todo(restored), effects))
        }
        TODO_DELETED => {
            let gone: Todo = decode(logged.before.as_deref().unwrap_or("null"))?;
            if ctx.conn.todo_exists(gone.id).await? {
                return Err(match ctx.conn.todo(user, gone.id).await {
                    Ok(current) => AppError::Stale {
                        current: Box::new(current),
                    },
                    Err(_) => AppError::NotFound,
                });
            }
            let back = ctx.conn.restore_todo(&gone, ctx.now).await?;
            let effects = numbered(ctx, vec![(TodoEvent::Created(back.clone()), None)]).await?;
            Ok((Outcome::Todo(back), effects))
        }
        _ => Err(AppError::Conflict {
            field: "seq".into(),
            message: "is not a change to a todo; only those can be undone".into(),
        }),
    }
}

/// The todo as it is now, if nothing changed it after `version`.
async fn unchanged_since<W: BatchWrites>(
    ctx: &mut Ctx<'_, W>,
    id: Uuid,
    version: u64,
) -> Result<Todo, AppError> {
    match ctx.conn.todo(ctx.user(), id).await {
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
