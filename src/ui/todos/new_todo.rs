//! The "What needs to be done?" box. Enter adds the trimmed title; a blank
//! one adds nothing. The todo shows at once (marked as not yet saved) and
//! the box clears, so the next one can be typed while this one is saved;
//! the outbox sends adds in order, so todos land in the order they were
//! typed. A refused add is taken off the list and its title put back in
//! the box.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use uuid::Uuid;

use crate::api::todos::AddTodo;
use crate::domain::todo::{NewTodo as Valid, Todo, TodoForCreate};
use crate::domain::{Priority, time::Timestamp};
use crate::i18n::t;
use crate::sync::outbox::{Entry, Write};
use crate::sync::{Engine, Expected, random_id};
use crate::ui::common::ErrorSlot;

#[component]
pub fn NewTodo() -> impl IntoView {
    let engine = expect_context::<Engine>();
    let errors = expect_context::<ErrorSlot>();
    let list = engine.lists.current.get_untracked();
    let title = RwSignal::new(String::new());
    let priority = RwSignal::new(Priority::default().as_str().to_owned());
    let due = RwSignal::new(String::new());

    // A refused add: its title comes back to the box, if that is empty.
    // Only refusals after this box appeared count.
    Effect::new(move |seen: Option<()>| {
        let refused = engine.outbox.refused.get();
        if seen.is_none() {
            return;
        }
        if let Some((entry, _)) = refused
            && let Write::Add {
                title: refused,
                due: when,
                ..
            } = entry.write
            && title.get_untracked().is_empty()
        {
            title.set(refused);
            due.set(when);
        }
    });
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let text = title.get_untracked().trim().to_owned();
        if text.is_empty() {
            title.set(String::new());
            return;
        }
        let typed = TodoForCreate {
            title: Some(text.clone()),
            priority: Some(priority.get_untracked()),
            due_date: Some(due.get_untracked()),
            ..Default::default()
        };
        // The server's own rules, checked here first: a todo it would
        // refuse never shows, and what was typed stays in the box.
        let valid = match typed.validate() {
            Ok(valid) => valid,
            Err(e) => {
                errors.0.set(Some(e));
                return;
            }
        };
        errors.0.set(None);
        let id = random_id();
        let list_id = list.unwrap_or_default();
        let me = engine.lists.me_untracked().unwrap_or_default();
        let entry = Entry {
            op: engine.ops.next(),
            list: list_id,
            write: Write::Add {
                id,
                title: valid.title.clone(),
                priority: priority.get_untracked(),
                due: due.get_untracked(),
            },
            title: valid.title.clone(),
            expected: vec![Expected::Put(expected(valid, id, list_id, me))],
            lists: Vec::new(),
        };
        title.set(String::new());
        due.set(String::new());
        engine.outbox.push(engine, entry);
    };
    let t = t();
    view! {
        <form class="new-todo-form" method="post" action=AddTodo::url() on:submit=submit>
            <input type="hidden" name="list_id" value=list.map(|id| id.to_string()) />
            <input
                class="new-todo"
                name="title"
                placeholder=t.new_todo_placeholder
                aria-label=t.new_todo
                autocomplete="off"
                autofocus
                bind:value=title
            />
            <div class="new-todo-details">
                <label>
                    {t.priority}
                    " "
                    <select
                        name="priority"
                        class="new-priority"
                        prop:value=move || priority.get()
                        on:change=move |ev| priority.set(event_target_value(&ev))
                    >
                        {Priority::ALL
                            .map(|p| {
                                view! {
                                    <option value=p.as_str() selected=p == Priority::default()>
                                        {t.priorities[p as usize]}
                                    </option>
                                }
                            })}
                    </select>
                </label>
                <label>{t.due} " " <input type="date" name="due_date" class="new-due" bind:value=due /></label>
                <button type="submit" class="add">{t.add}</button>
            </div>
        </form>
    }
}

/// The todo as the page shows it until the server's answer replaces it.
fn expected(valid: Valid, id: Uuid, list_id: Uuid, user_id: Uuid) -> Todo {
    let now = Timestamp::now();
    Todo {
        id,
        title: valid.title,
        description: valid.description,
        completed: false,
        priority: valid.priority,
        due_date: valid.due_date,
        user_id,
        list_id,
        version: 1,
        created_at: now,
        updated_at: now,
    }
}
