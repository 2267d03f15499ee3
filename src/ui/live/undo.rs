//! Undo from the page (SPEC §7): the Undo buttons of Recent changes and of
//! this tab's deletion toasts, and Ctrl+Z (⌘Z) for this tab's last change
//! outside a text field. An undo the todo has moved on from is refused by
//! the server (409); the page says so, naming who changed it if it knows.

use leptos::prelude::*;

use super::{LiveFeed, Undoable};
use crate::api::changes::undo_change;
use crate::error::AppError;
use crate::ui::common::ErrorSlot;
use crate::ui::lists::ListsState;
use crate::ui::own_ops::OwnOps;
use crate::ui::todos::TodoStore;

/// What an undo needs from the page, looked up once per widget.
#[derive(Clone, Copy)]
pub struct Undoer {
    feed: LiveFeed,
    errors: ErrorSlot,
    ops: OwnOps,
    store: TodoStore,
    lists: ListsState,
}

impl Undoer {
    pub fn from_context() -> Self {
        Undoer {
            feed: expect_context(),
            errors: expect_context(),
            ops: expect_context(),
            store: expect_context(),
            lists: expect_context(),
        }
    }

    pub fn undo(self, change: Undoable) {
        let op = self.ops.next();
        self.errors.run(async move {
            match undo_change(change.list, change.seq, Some(op)).await {
                Ok(Some(todo)) => {
                    if self.lists.current.get_untracked() == Some(todo.list_id) {
                        self.store.upsert(todo);
                    }
                    Ok(())
                }
                Ok(None) => Ok(()),
                Err(AppError::Stale { current }) => {
                    let by = self
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
        });
    }
}

fn cannot(why: String) -> AppError {
    AppError::Conflict {
        field: "undo".into(),
        message: format!("can’t undo: {why}"),
    }
}

/// Ctrl+Z / ⌘Z anywhere on the list page but in a text field.
#[component]
pub fn UndoShortcut() -> impl IntoView {
    let undoer = Undoer::from_context();
    let handle = window_event_listener(leptos::ev::keydown, move |ev| {
        let undo_key = (ev.ctrl_key() || ev.meta_key()) && !ev.shift_key() && ev.key() == "z";
        if !undo_key || in_text_field(&ev) {
            return;
        }
        if let Some(change) = undoer.feed.last_own_undoable() {
            ev.prevent_default();
            undoer.undo(change);
        }
    });
    on_cleanup(move || handle.remove());
}

/// Where Ctrl+Z belongs to the browser (undoing typing).
fn in_text_field(ev: &leptos::ev::KeyboardEvent) -> bool {
    use wasm_bindgen::JsCast;
    ev.target()
        .and_then(|t| t.dyn_into::<leptos::web_sys::HtmlElement>().ok())
        .is_some_and(|el| {
            matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
                || el.is_content_editable()
        })
}
