//! The "What needs to be done?" box. Enter adds the trimmed title; a blank
//! one adds nothing. The box clears at once, so the next todo can be typed
//! while this one is saved, and adds are sent one after another, so todos
//! land in the order they were typed.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use std::collections::VecDeque;

use crate::api::todos::{AddTodo, add_todo};
use crate::domain::Priority;
use crate::error::AppError;
use crate::i18n::t;
use crate::sync::{ListsState, OwnOps, TodoStore, random_id};
use crate::ui::common::ErrorSlot;

/// One typed todo waiting for its turn.
struct Pending {
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
    // Fixed for this box's life: switching lists renders a new one.
    let list = lists.current.get_untracked();
    let title = RwSignal::new(String::new());
    let priority = RwSignal::new(Priority::default().as_str().to_owned());
    let due = RwSignal::new(String::new());
    let queue = StoredValue::new(VecDeque::<Pending>::new());
    let sending = StoredValue::new(false);

    // Sends queued adds one at a time until the queue is empty. A failed add
    // puts its text back in the box (if the box is still empty) and shows why.
    let drain = move || {
        sending.set_value(true);
        leptos::task::spawn_local(async move {
            while let Some(next) = queue.try_update_value(VecDeque::pop_front).flatten() {
                // The todo's id is made here, so a retry after a lost answer
                // finds the todo the first sending made (SPEC §7).
                let id = random_id();
                let op = ops.next();
                let send = || {
                    add_todo(
                        list,
                        next.title.clone(),
                        None,
                        Some(next.priority.clone()),
                        Some(next.due.clone()),
                        Some(op),
                        Some(id),
                    )
                };
                let mut answer = send().await;
                if matches!(answer, Err(AppError::Transport(_))) {
                    answer = send().await;
                }
                match answer {
                    Ok(todo) => {
                        store.upsert(todo);
                        errors.0.set(None);
                    }
                    Err(e) => {
                        if title.get_untracked().is_empty() {
                            title.set(next.title);
                            due.set(next.due);
                        }
                        errors.0.set(Some(e));
                    }
                }
            }
            sending.set_value(false);
        });
    };
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let text = title.get_untracked().trim().to_owned();
        title.set(String::new());
        if text.is_empty() {
            return;
        }
        queue.update_value(|q| {
            q.push_back(Pending {
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
