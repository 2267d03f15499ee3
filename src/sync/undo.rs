//! Undoing a logged change (SPEC §7). An undo the todo has moved on from is
//! refused by the server (409); the error says so, naming who changed it
//! if the page knows.

use leptos::prelude::*;

use super::Engine;
use super::feed::Undoable;
use crate::api::changes::undo_change;
use crate::error::AppError;
use crate::i18n::{fill, page_error, rule};

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
            let lang = engine.feed.lang;
            let t = lang.texts();
            let title = lang.quote(&current.title);
            let why = match engine.feed.last_other_actor(change.todo) {
                Some(who) => fill(t.changed_since_by, &[&title, who.label(lang)]),
                None => fill(t.changed_since, &[&title]),
            };
            Err(cannot(engine, why))
        }
        Err(AppError::Conflict { field, message }) if field == "todo" => {
            let lang = engine.feed.lang;
            let why = fill(lang.texts().it_did, &[&rule(lang, &message)]);
            Err(cannot(engine, why))
        }
        Err(e) => Err(e),
    }
}

/// The refusal, told in the page's language.
fn cannot(engine: Engine, why: String) -> AppError {
    page_error(fill(engine.feed.lang.texts().cannot_undo, &[&why]))
}
