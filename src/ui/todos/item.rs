//! One row of the list: toggle, title, details, delete, and the inline editor
//! (double-click or ✎; Enter or leaving the editor saves, Escape cancels, an
//! emptied title deletes).

use leptos::either::EitherOf3;
use leptos::ev::{FocusEvent, KeyboardEvent, MouseEvent};
use leptos::html;
use leptos::prelude::*;
use uuid::Uuid;
use wasm_bindgen::JsCast;

use super::edit::{Draft, due_input_value};
use super::{DELETE_FORM, TOGGLE_FORM};
use crate::domain::TodoForUpdate;
use crate::domain::{Priority, Todo, time::Timestamp};
use crate::error::AppError;
use crate::i18n::{Lang, Texts, fill, format_date};
use crate::sync::outbox::{Entry, Write};
use crate::sync::{Engine, Expected, ListsState, Who};
use crate::ui::common::ErrorSlot;
use crate::ui::lists::EditingMarker;

/// The list passes the page's sync engine and hydration flag down rather
/// than each of its rows looking them up (a walk up the owner tree per
/// lookup).
#[component]
pub fn TodoItem(id: Uuid, hydrated: RwSignal<bool>, engine: Engine) -> impl IntoView {
    let Engine {
        store, lists, ops, ..
    } = engine;
    let todo = Memo::new(move |_| store.find(id));
    let read = move |f: fn(&Todo) -> String| todo.with(|t| t.as_ref().map(f).unwrap_or_default());
    let completed = move || todo.with(|t| t.as_ref().is_some_and(|t| t.completed));
    let overdue = move || todo.with(|t| t.as_ref().is_some_and(|t| t.is_overdue(Timestamp::now())));
    let priority = move || todo.with(|t| t.as_ref().map(|t| t.priority).unwrap_or_default());
    let title = move || read(|t| t.title.clone());
    let lang = Lang::current();
    let t = lang.texts();
    // The server-rendered page is kept small: its buttons carry short names,
    // which name the todo once the page is hydrated.
    let named = move |short: &'static str, long: fn(&'static Texts, bool) -> &'static str| {
        move || {
            if hydrated.get() {
                fill(long(t, completed()), &[&title()])
            } else {
                short.to_owned()
            }
        }
    };
    let due = move || {
        todo.with(|t| t.as_ref().and_then(|t| t.due_date))
            .map(|day| format_date(lang, day))
            .unwrap_or_default()
    };
    // The simple (unhyphenated) form: the server reads it as well, and the
    // id is written twice per row.
    let value = id.simple().to_string();

    let editing = RwSignal::new(false);
    // A save refused because the todo changed meanwhile, until the user chooses.
    let conflict = RwSignal::new(None::<Conflict>);
    // An edit of this todo that met a newer version: the choice is the
    // user's (keep mine / take theirs). Only refusals after this row
    // appeared count.
    Effect::new(move |seen: Option<()>| {
        let refused = engine.outbox.refused.get();
        if seen.is_none() {
            return;
        }
        if let Some((entry, AppError::Stale { current })) = refused
            && let Write::Edit {
                id: edited,
                changes,
            } = entry.write
            && edited == id
        {
            store.upsert((*current).clone());
            conflict.set(Some(Conflict {
                mine: changes,
                theirs: *current,
            }));
        }
    });
    let start_edit = move || {
        if todo.with_untracked(Option::is_some) {
            editing.set(true);
        }
    };
    // Shown at once; the server's answer confirms it or rolls it back.
    let toggle = move |ev: MouseEvent| {
        ev.prevent_default();
        let Some(mut next) = store.find_untracked(id) else {
            return;
        };
        next.completed = !next.completed;
        let entry = Entry {
            op: ops.next(),
            list: next.list_id,
            write: Write::Complete {
                id,
                completed: next.completed,
            },
            title: next.title.clone(),
            expected: vec![Expected::Put(next)],
            lists: Vec::new(),
        };
        engine.outbox.push(engine, entry);
    };
    let destroy = move |ev: MouseEvent| {
        ev.prevent_default();
        remove(engine, id);
    };
    let unsaved = move || store.is_pending(id);

    // Without JavaScript the toggle and delete buttons submit the list's
    // shared forms (`TOGGLE_FORM`, `DELETE_FORM`) with this todo's id; once
    // hydrated, their click handlers act in place instead. The ✎ button and
    // the editor need JavaScript, so they exist only in the hydrated page.
    view! {
        <li class=move || row_class(completed(), editing.get(), overdue())>
            <button
                form=TOGGLE_FORM
                name="id"
                value=value.clone()
                class="toggle"
                aria-pressed=move || completed().to_string()
                aria-label=named(t.done, |t, done| if done { t.mark_not_done } else { t.mark_done })
                on:click=toggle
            ></button>
            <label class="title" on:dblclick=move |_| start_edit()>{title}</label>
            // "Not yet saved" is an attribute the stylesheet shows, not an
            // element: no slot for it in every row of the server's HTML.
            <div class="meta" data-unsaved=move || unsaved().then_some(t.unsaved)>
                <span class=move || priority_class(priority())>{move || t.priorities[priority() as usize]}</span>
                {move || {
                    todo.with(|t| t.as_ref().and_then(|t| t.due_date))
                        .map(|_| {
                            view! {
                                <time class="due" datetime=move || read(due_input_value)>
                                    {move || fill(if overdue() { t.overdue_due_on } else { t.due_on }, &[&due()])}
                                </time>
                            }
                        })
                }}
            </div>
            {move || {
                let description = read(|t| t.description.clone());
                (!description.is_empty()).then(|| view! { <p class="description">{description}</p> })
            }}
            {move || {
                hydrated
                    .get()
                    .then(|| {
                        view! {
                            <button
                                type="button"
                                class="edit-button"
                                aria-label=move || fill(t.edit_todo, &[&title()])
                                on:click=move |_| start_edit()
                            >
                                "✎"
                            </button>
                        }
                    })
            }}
            <button
                form=DELETE_FORM
                name="id"
                value=value
                class="destroy"
                aria-label=named(t.delete, |t, _| t.delete_todo)
                on:click=destroy
            >
                "×"
            </button>
            // One dynamic part for the three (each costs the server-rendered
            // row a marker): the editor, a save to choose about, or who
            // else is editing this todo.
            {move || {
                if editing.get() {
                    EitherOf3::A(view! { <Editor id current=todo editing /> })
                } else if let Some(choice) = conflict.get() {
                    EitherOf3::B(view! { <ConflictChoice id choice conflict /> })
                } else {
                    EitherOf3::C(view! { <EditingMarker id state=lists /> })
                }
            }}
        </li>
    }
}

/// The row's classes, as one static string (one reactive attribute instead
/// of three class toggles).
fn row_class(completed: bool, editing: bool, overdue: bool) -> &'static str {
    const CLASSES: [&str; 8] = [
        "todo",
        "todo completed",
        "todo editing",
        "todo completed editing",
        "todo overdue",
        "todo completed overdue",
        "todo editing overdue",
        "todo completed editing overdue",
    ];
    CLASSES[usize::from(completed) | usize::from(editing) << 1 | usize::from(overdue) << 2]
}

/// The classes of the priority label: static strings, nothing to allocate.
fn priority_class(p: Priority) -> &'static str {
    match p {
        Priority::Low => "priority low",
        Priority::Medium => "priority medium",
        Priority::High => "priority high",
    }
}

/// Deletes at once (the outbox sends it).
fn remove(engine: Engine, id: Uuid) {
    let Some(todo) = engine.store.find_untracked(id) else {
        return;
    };
    let entry = Entry {
        op: engine.ops.next(),
        list: todo.list_id,
        write: Write::Delete {
            id,
            version: Some(todo.version),
        },
        title: todo.title,
        expected: vec![Expected::Gone(id)],
        lists: Vec::new(),
    };
    engine.outbox.push(engine, entry);
}

/// The edit box. It works on its own draft, taken from the todo as it was
/// when the editor opened, so nothing that changes the stored todo meanwhile
/// can overwrite what the user is typing; such a change is pointed out
/// instead. It exists only while its row is being edited, and while it
/// does, the list's other members see "… is editing" on the row.
#[component]
fn Editor(id: Uuid, current: Memo<Option<Todo>>, editing: RwSignal<bool>) -> impl IntoView {
    let errors = expect_context::<ErrorSlot>();
    let lists = expect_context::<ListsState>();
    let engine = expect_context::<Engine>();
    lists.editing.set(Some(id));
    on_cleanup(move || {
        if lists.editing.try_get_untracked() == Some(Some(id)) {
            lists.editing.try_set(None);
        }
    });
    let opened = current.with_untracked(|t| t.as_ref().map(Draft::of).unwrap_or_default());
    let draft = RwSignal::new(opened.clone());
    let opened = StoredValue::new(opened);
    let on_cancel = move || editing.set(false);
    let on_save = move || {
        // Enter and the blur that follows it would both save: only the first counts.
        if !editing.get_untracked() {
            return;
        }
        // Read before closing: closing disposes this editor and its draft.
        let Some(draft) = draft.try_get_untracked() else {
            return;
        };
        let changes = opened.with_value(|before| draft.changes(before));
        editing.set(false);
        if draft.title.trim().is_empty() {
            remove(engine, id);
        } else if let Some(changes) = changes
            && let Err(e) = save(engine, id, changes)
        {
            errors.0.set(Some(e));
        }
    };
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
    let lang = Lang::current();
    let t = lang.texts();
    let elsewhere = move || {
        let base = draft.with(|d| d.base);
        current.with(|now| match now {
            None => Some(t.deleted_elsewhere.to_owned()),
            Some(todo) if Some(todo.updated_at) != base => {
                Some(fill(t.changed_elsewhere, &[&lang.quote(&todo.title)]))
            }
            Some(_) => None,
        })
    };
    view! {
        <div class="editor" node_ref=panel on:keydown=keydown on:focusout=focusout>
            {move || elsewhere().map(|note| view! { <p class="conflict" role="status">{note}</p> })}
            <input
                class="edit"
                aria-label=t.title
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
                aria-label=t.description
                placeholder=t.description
                maxlength="2000"
                prop:value=field(|d| d.description.clone())
                on:input=move |ev| draft.update(|d| d.description = event_target_value(&ev))
            ></textarea>
            <div class="edit-row">
                <label>
                    {t.priority}
                    " "
                    <select
                        class="edit-priority"
                        on:change=move |ev| draft.update(|d| d.priority = event_target_value(&ev))
                    >
                        {Priority::ALL
                            .map(|p| {
                                view! {
                                    <option value=p.as_str() selected=move || draft.with(|d| d.priority == p.as_str())>
                                        {t.priorities[p as usize]}
                                    </option>
                                }
                            })}
                    </select>
                </label>
                <label>
                    {t.due}
                    " "
                    <input
                        type="date"
                        class="edit-due"
                        prop:value=field(|d| d.due.clone())
                        on:input=move |ev| draft.update(|d| d.due = event_target_value(&ev))
                    />
                </label>
                <button type="button" class="primary" on:click=move |_| on_save()>{t.save}</button>
            </div>
        </div>
    }
}

/// A save the server refused (`ifVersion`, SPEC §7): what this tab wanted
/// to write and the todo as it is now.
#[derive(Clone, Debug)]
pub struct Conflict {
    mine: TodoForUpdate,
    theirs: Todo,
}

/// Shows an edit at once and sends it with the version it was made on
/// (the outbox keeps it until the server answers). The server's own rules
/// are checked here first: an edit it would refuse never shows. One that
/// meets a newer version becomes a choice for the user (see `TodoItem`),
/// not an error.
fn save(engine: Engine, id: Uuid, mut changes: TodoForUpdate) -> Result<(), AppError> {
    let op = engine.ops.next();
    changes.op_id = Some(op.to_string());
    let patch = changes.validate()?;
    let Some(before) = engine.store.find_untracked(id) else {
        return Ok(());
    };
    let entry = Entry {
        op,
        list: before.list_id,
        title: before.title.clone(),
        expected: vec![Expected::Put(patch.applied_to(&before))],
        lists: Vec::new(),
        write: Write::Edit { id, changes },
    };
    engine.outbox.push(engine, entry);
    Ok(())
}

/// "Changed by Ann while you were editing": keep theirs, or write mine
/// over it (on the version it now has).
#[component]
fn ConflictChoice(
    id: Uuid,
    choice: Conflict,
    conflict: RwSignal<Option<Conflict>>,
) -> impl IntoView {
    let engine = expect_context::<Engine>();
    let errors = expect_context::<ErrorSlot>();
    let feed = engine.feed;
    let lang = feed.lang;
    let t = lang.texts();
    let who = match feed.last_other_actor(id) {
        Some(Who::You) => t.you_elsewhere.to_owned(),
        Some(Who::Member(name)) => name,
        _ => t.someone_else.to_owned(),
    };
    let Conflict { mine, theirs } = choice;
    let my_title = mine.title.clone().unwrap_or_else(|| theirs.title.clone());
    let keep_mine = {
        let mut mine = mine.clone();
        mine.if_version = Some(theirs.version);
        move |_| {
            conflict.set(None);
            if let Err(e) = save(engine, id, mine.clone()) {
                errors.0.set(Some(e));
            }
        }
    };
    view! {
        <div class="conflict-choice" role="alert">
            <p>{fill(t.changed_by, &[&who])}</p>
            <p class="conflict-versions">
                {fill(t.yours_theirs, &[&lang.quote(&my_title), &lang.quote(&theirs.title)])}
            </p>
            <button type="button" class="primary" on:click=keep_mine>
                {t.keep_mine}
            </button>
            <button type="button" on:click=move |_| conflict.set(None)>
                {t.take_theirs}
            </button>
        </div>
    }
}
