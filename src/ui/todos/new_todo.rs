//! The "What needs to be done?" box. Enter adds the trimmed title; a blank
//! one adds nothing. The todo shows at once (marked as not yet saved) and
//! the box clears, so the next one can be typed while this one is saved;
//! adds are sent one after another, so todos land in the order they were
//! typed. A refused add is taken off the list and its title put back in
//! the box.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use std::collections::VecDeque;
use uuid::Uuid;

use super::not_saved;
use crate::api::todos::{AddTodo, add_todo};
use crate::domain::todo::{NewTodo as Valid, Todo, TodoForCreate};
use crate::domain::{Priority, time::Timestamp};
use crate::error::AppError;
use crate::i18n::{Lang, t};
use crate::sync::{Expected, ListsState, OwnOps, TodoStore, random_id};
use crate::ui::common::ErrorSlot;

/// One typed todo, shown already, waiting for its turn to be sent.
struct Pending {
    id: Uuid,
    op: Uuid,
    title: String,
    priority: String,
    due: String,
}

#[component]
pub fn NewTodo() -> impl IntoView {
    let store = expect_context::<TodoStore>();
    let errors = expect_context::<ErrorSlot>();
    let ops = expect_context::<OwnOps>();
    let lists = expect_context::<ListsState>();
    let list = lists.current.get_untracked();
    let lang = Lang::current();
    let title = RwSignal::new(String::new());
    let priority = RwSignal::new(Priority::default().as_str().to_owned());
    let due = RwSignal::new(String::new());
    let queue = StoredValue::new(VecDeque::<Pending>::new());
    let sending = StoredValue::new(false);

    let drain = move || {
        sending.set_value(true);
        leptos::task::spawn_local(async move {
            while let Some(next) = queue.try_update_value(VecDeque::pop_front).flatten() {
                let send = || {
                    add_todo(
                        list,
                        next.title.clone(),
                        None,
                        Some(next.priority.clone()),
                        Some(next.due.clone()),
                        Some(next.op),
                        Some(next.id),
                    )
                };
                let mut answer = send().await;
                if matches!(answer, Err(AppError::Transport(_))) {
                    answer = send().await;
                }
                match store.answered(next.op, answer, TodoStore::upsert) {
                    Ok(()) => errors.0.set(None),
                    Err(e) => {
                        if title.get_untracked().is_empty() {
                            title.set(next.title.clone());
                            due.set(next.due);
                        }
                        errors.0.set(Some(not_saved(lang, &next.title, e)));
                    }
                }
            }
            sending.set_value(false);
        });
    };
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
        let (id, op) = (random_id(), ops.next());
        let (list_id, me) = (
            list.unwrap_or_default(),
            lists.me_untracked().unwrap_or_default(),
        );
        store.expect(op, Expected::Put(expected(valid, id, list_id, me)));
        title.set(String::new());
        queue.update_value(|q| {
            q.push_back(Pending {
                id,
                op,
                title: text,
                priority: priority.get_untracked(),
                due: due.get_untracked(),
            })
        });
        due.set(String::new());
        if !sending.get_value() {
            drain();
        }
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
