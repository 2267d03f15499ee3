//! Undoing a logged change (SPEC §7). An undo the todo has moved on from is
//! refused by the server (409); the error says so, naming who changed it
//! if the page knows.

use leptos::prelude::*;

use super::Engine;
use super::feed::Undoable;
use crate::api::changes::undo_change;
use crate::error::AppError;

/// Asks the server to undo `change` under a fresh operation id (so its
/// echo is this tab's), and shows the todo it brings back at once.
pub async fn undo(engine: Engine, change: Undoable) -> Result<(), AppError> {
    let op = engine.ops.next();
    match undo_change(change.list, change.seq, Some(op)).await {
        Ok(Some(todo)) => {
            if engine.lists.current.get_untracked() == Some(todo.list_id) {
                engine.store.upsert(todo);
            }
            Ok(())
        }
        Ok(None) => Ok(()),
        Err(AppError::Stale { current }) => {
            let by = engine
                .feed
                .last_other_actor(change.todo)
                .map(|who| format!(" (by {who})"))
                .unwrap_or_default();
            Err(cannot(format!("“{}” changed since{by}", current.title)))
        }
        Err(AppError::Conflict { field, message }) if field == "todo" => {
            Err(cannot(format!("it {message}")))
        }
        Err(e) => Err(e),
    }
}

fn cannot(why: String) -> AppError {
    AppError::Conflict {
        field: "undo".into(),
        message: format!("can’t undo: {why}"),
    }
}
