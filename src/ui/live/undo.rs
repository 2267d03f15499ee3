//! Undo from the page (SPEC §7): the Undo buttons of Recent changes and of
//! this tab's deletion toasts, and Ctrl+Z (⌘Z) for this tab's last change
//! outside a text field. Why an undo was refused shows in the page's error
//! line.

use leptos::prelude::*;

use uuid::Uuid;

use crate::sync::outbox::Latest;
use crate::sync::{Engine, Undoable, undo};
use crate::ui::common::ErrorSlot;

/// What an undo needs from the page, looked up once per widget.
#[derive(Clone, Copy)]
pub struct Undoer {
    engine: Engine,
    errors: ErrorSlot,
}

impl Undoer {
    pub fn from_context() -> Self {
        Undoer {
            engine: expect_context(),
            errors: expect_context(),
        }
    }

    pub fn undo(self, change: Undoable) {
        let engine = self.engine;
        self.errors.run(undo::undo(engine, change));
    }

    /// This tab's latest change that can be undone (Ctrl+Z).
    fn last_own(self) -> Option<Undoable> {
        self.engine.feed.last_own_undoable()
    }
}

/// Ctrl+Z / ⌘Z anywhere on the list page but in a text field: it undoes
/// this tab's latest action even before the server has it — one not sent
/// yet is taken back; one on its way is undone as soon as it is logged.
#[component]
pub fn UndoShortcut() -> impl IntoView {
    let undoer = Undoer::from_context();
    let engine = undoer.engine;
    let awaited = RwSignal::new(None::<Uuid>);
    let handle = window_event_listener(leptos::ev::keydown, move |ev| {
        let undo_key = (ev.ctrl_key() || ev.meta_key()) && !ev.shift_key() && ev.key() == "z";
        if !undo_key || in_text_field(&ev) {
            return;
        }
        match engine.outbox.take_back(engine) {
            Latest::TakenBack => ev.prevent_default(),
            Latest::Sent(op) => {
                ev.prevent_default();
                awaited.set(Some(op));
            }
            Latest::None => {
                if let Some(change) = undoer.last_own() {
                    ev.prevent_default();
                    undoer.undo(change);
                }
            }
        }
    });
    on_cleanup(move || handle.remove());
    Effect::new(move || {
        let Some(op) = awaited.get() else { return };
        if let Some(change) = engine.feed.undoable_of(op) {
            awaited.set(None);
            undoer.undo(change);
        } else if engine
            .outbox
            .refused
            .with(|r| r.as_ref().is_some_and(|(entry, _)| entry.op == op))
        {
            awaited.set(None);
        }
    });
}

/// Where the keyboard belongs to the browser (typing, and Ctrl+Z undoing
/// it): the page's shortcuts leave such keys alone.
pub fn in_text_field(ev: &leptos::ev::KeyboardEvent) -> bool {
    use wasm_bindgen::JsCast;
    ev.target()
        .and_then(|t| t.dyn_into::<leptos::web_sys::HtmlElement>().ok())
        .is_some_and(|el| {
            matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
                || el.is_content_editable()
        })
}
