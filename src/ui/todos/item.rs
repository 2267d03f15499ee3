//! One row of the list: toggle, title, details, delete, and the inline editor
//! (double-click or ✎; Enter or leaving the editor saves, Escape cancels, an
//! emptied title deletes).

use leptos::ev::{FocusEvent, KeyboardEvent, SubmitEvent};
use leptos::html;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use uuid::Uuid;
use wasm_bindgen::JsCast;

use super::edit::{Draft, due_input_value};
use super::store::{Own, TodoStore};
use crate::api::todos::{DeleteTodo, ToggleTodo, delete_todo, toggle_todo, update_todo};
use crate::domain::{Priority, Todo, time::Timestamp};
use crate::ui::common::ErrorSlot;

#[component]
pub fn TodoItem(id: Uuid) -> impl IntoView {
    let store = expect_context::<TodoStore>();
    let errors = expect_context::<ErrorSlot>();
    let todo = Memo::new(move |_| store.find(id));
    let read = move |f: fn(&Todo) -> String| todo.with(|t| t.as_ref().map(f).unwrap_or_default());
    let completed = move || todo.with(|t| t.as_ref().is_some_and(|t| t.completed));
    let overdue = move || todo.with(|t| t.as_ref().is_some_and(|t| t.is_overdue(Timestamp::now())));
    let title = move || read(|t| t.title.clone());

    let editing = RwSignal::new(false);
    let draft = RwSignal::new(Draft::default());
    let original = StoredValue::new(Draft::default());

    let start_edit = move || {
        if let Some(current) = todo.get_untracked() {
            original.set_value(Draft::of(&current));
            draft.set(Draft::of(&current));
            editing.set(true);
        }
    };
    let save = move || {
        // Enter and the blur that follows it would both save: only the first counts.
        if !editing.get_untracked() {
            return;
        }
        editing.set(false);
        let draft = draft.get_untracked();
        if draft.title.trim().is_empty() {
            errors.run(remove(store, id));
        } else if let Some(changes) = original.with_value(|before| draft.changes(before)) {
            errors.run(async move {
                store.upsert(
                    store
                        .own(Own::Todos(vec![id]), update_todo(id, changes))
                        .await?,
                );
                Ok(())
            });
        }
    };
    let toggle = move |ev: SubmitEvent| {
        ev.prevent_default();
        errors.run(async move {
            store.upsert(store.own(Own::Todos(vec![id]), toggle_todo(id)).await?);
            Ok(())
        });
    };
    let destroy = move |ev: SubmitEvent| {
        ev.prevent_default();
        errors.run(remove(store, id));
    };

    view! {
        <li class="todo" class:completed=completed class:editing=move || editing.get() class:overdue=overdue>
            <div class="view">
                <form class="toggle-form" method="post" action=ToggleTodo::url() on:submit=toggle>
                    <input type="hidden" name="id" value=id.to_string() />
                    <button
                        type="submit"
                        class="toggle"
                        aria-pressed=move || completed().to_string()
                        aria-label=move || {
                            format!(
                                "Mark \"{}\" as {}",
                                title(),
                                if completed() { "not done" } else { "done" },
                            )
                        }
                    ></button>
                </form>
                <div class="body">
                    <label class="title" on:dblclick=move |_| start_edit()>{title}</label>
                    <div class="meta">
                        <span class=move || format!("priority priority-{}", read(|t| t.priority.to_string()))>
                            {move || read(|t| t.priority.to_string())}
                        </span>
                        {move || {
                            todo.with(|t| t.as_ref().and_then(|t| t.due_date))
                                .map(|_| {
                                    view! {
                                        <time class="due" datetime=move || read(due_input_value)>
                                            {move || if overdue() { "overdue · due " } else { "due " }}
                                            {move || read(due_input_value)}
                                        </time>
                                    }
                                })
                        }}
                    </div>
                    <p class="description">{move || read(|t| t.description.clone())}</p>
                </div>
                <button
                    type="button"
                    class="edit-button"
                    aria-label=move || format!("Edit \"{}\"", title())
                    on:click=move |_| start_edit()
                >
                    "✎"
                </button>
                <form class="delete-form" method="post" action=DeleteTodo::url() on:submit=destroy>
                    <input type="hidden" name="id" value=id.to_string() />
                    <button type="submit" class="destroy" aria-label=move || format!("Delete \"{}\"", title())>
                        "×"
                    </button>
                </form>
            </div>
            <Show when=move || editing.get()>
                <Editor draft current=todo on_save=save on_cancel=move || editing.set(false) />
            </Show>
        </li>
    }
}

async fn remove(store: TodoStore, id: Uuid) -> Result<(), crate::error::AppError> {
    store.own(Own::Todos(vec![id]), delete_todo(id)).await?;
    store.remove(id);
    Ok(())
}

/// The edit box. It works on its own draft, so nothing that changes the
/// stored todo meanwhile can overwrite what the user is typing; such a change
/// is pointed out instead.
#[component]
fn Editor(
    draft: RwSignal<Draft>,
    current: Memo<Option<Todo>>,
    on_save: impl Fn() + Copy + Send + Sync + 'static,
    on_cancel: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let panel = NodeRef::<html::Div>::new();
    let title_input = NodeRef::<html::Input>::new();
    Effect::new(move |_| {
        if let Some(input) = title_input.get() {
            let _ = input.focus();
        }
    });
    let keydown = move |ev: KeyboardEvent| {
        if ev.key() == "Escape" {
            ev.prevent_default();
            on_cancel();
        }
    };
    // Leaving the editor (not moving between its fields) saves. Closing the
    // editor removes the focused input, which fires one last focusout after
    // this component is gone: with the panel disposed, there is nothing to do.
    let focusout = move |ev: FocusEvent| {
        let Some(Some(panel)) = panel.try_get_untracked() else {
            return;
        };
        let inside = ev
            .related_target()
            .and_then(|next| next.dyn_into::<leptos::web_sys::Node>().ok())
            .is_some_and(|next| panel.contains(Some(&next)));
        if !inside {
            on_save();
        }
    };
    let field = move |f: fn(&Draft) -> String| move || draft.with(f);
    let elsewhere = move || {
        let base = draft.with(|d| d.base);
        current.with(|now| match now {
            None => Some("Deleted in another tab or device.".to_owned()),
            Some(t) if Some(t.updated_at) != base => Some(format!(
                "Changed in another tab or device (now “{}”); saving keeps your version of the fields you changed.",
                t.title
            )),
            Some(_) => None,
        })
    };
    view! {
        <div class="editor" node_ref=panel on:keydown=keydown on:focusout=focusout>
            {move || elsewhere().map(|note| view! { <p class="conflict" role="status">{note}</p> })}
            <input
                class="edit"
                aria-label="Title"
                node_ref=title_input
                prop:value=field(|d| d.title.clone())
                on:input=move |ev| draft.update(|d| d.title = event_target_value(&ev))
                on:keydown=move |ev: KeyboardEvent| {
                    if ev.key() == "Enter" {
                        ev.prevent_default();
                        on_save();
                    }
                }
            />
            <textarea
                class="edit-description"
                aria-label="Description"
                placeholder="Description"
                maxlength="2000"
                prop:value=field(|d| d.description.clone())
                on:input=move |ev| draft.update(|d| d.description = event_target_value(&ev))
            ></textarea>
            <div class="edit-row">
                <label>
                    "Priority "
                    <select
                        class="edit-priority"
                        on:change=move |ev| draft.update(|d| d.priority = event_target_value(&ev))
                    >
                        {Priority::ALL
                            .map(|p| {
                                view! {
                                    <option value=p.as_str() selected=move || draft.with(|d| d.priority == p.as_str())>
                                        {p.as_str()}
                                    </option>
                                }
                            })}
                    </select>
                </label>
                <label>
                    "Due "
                    <input
                        type="date"
                        class="edit-due"
                        prop:value=field(|d| d.due.clone())
                        on:input=move |ev| draft.update(|d| d.due = event_target_value(&ev))
                    />
                </label>
                <button type="button" class="primary" on:click=move |_| on_save()>"Save"</button>
            </div>
        </div>
    }
}
