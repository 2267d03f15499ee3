//! Keyboard shortcuts for the frequent actions, and the `?` dialog that
//! lists them. Single keys without modifiers, so they never fire while
//! typing (a text field keeps its keys) or over an open dialog.

use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::ui::common::modal_follows;
use crate::ui::live::in_text_field;

/// Every shortcut's keys, as the help dialog lists them with what they do
/// (`Texts::shortcuts`, in this order). Ctrl+Z is `UndoShortcut`.
const KEYS: [&str; 6] = ["n", "1", "2", "3", "Ctrl+Z", "?"];

/// Listens for the shortcuts on the whole page; `help` opens the dialog.
#[component]
pub fn Shortcuts(help: RwSignal<bool>) -> impl IntoView {
    let handle = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.ctrl_key() || ev.meta_key() || ev.alt_key() || in_text_field(&ev) || dialog_open() {
            return;
        }
        let done = match ev.key().as_str() {
            "?" => {
                help.set(true);
                true
            }
            "n" => focus(".new-todo"),
            "1" => follow(".filters a:nth-of-type(1)"),
            "2" => follow(".filters a:nth-of-type(2)"),
            "3" => follow(".filters a:nth-of-type(3)"),
            _ => false,
        };
        if done {
            ev.prevent_default();
        }
    });
    on_cleanup(move || handle.remove());
}

fn dialog_open() -> bool {
    document()
        .query_selector("dialog[open]")
        .ok()
        .flatten()
        .is_some()
}

fn element(selector: &str) -> Option<leptos::web_sys::HtmlElement> {
    document()
        .query_selector(selector)
        .ok()
        .flatten()
        .and_then(|el| el.dyn_into().ok())
}

fn focus(selector: &str) -> bool {
    element(selector).is_some_and(|el| el.focus().is_ok())
}

/// Follows a link as a click would (the router takes it over).
fn follow(selector: &str) -> bool {
    element(selector).map(|el| el.click()).is_some()
}

/// The list of shortcuts, a native modal `<dialog>` (Escape closes it and
/// focus returns to where it was).
#[component]
pub fn ShortcutHelp(open: RwSignal<bool>) -> impl IntoView {
    let dialog = NodeRef::<html::Dialog>::new();
    modal_follows(dialog, open, || {});
    let t = crate::i18n::t();
    view! {
        <dialog
            class="help-dialog"
            node_ref=dialog
            aria-labelledby="help-title"
            on:close=move |_| open.set(false)
        >
            <h2 id="help-title">{t.shortcuts_heading}</h2>
            <dl class="shortcuts">
                {std::array::from_fn::<_, 6, _>(|i| (KEYS[i], t.shortcuts[i]))
                    .map(|(keys, what)| {
                        view! {
                            <dt><kbd>{keys}</kbd></dt>
                            <dd>{what}</dd>
                        }
                    })}
            </dl>
            <p class="quiet">{t.shortcuts_note}</p>
            <button type="button" class="close-dialog" on:click=move |_| open.set(false)>
                {t.close}
            </button>
        </dialog>
    }
}
