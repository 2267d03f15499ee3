//! The todo page: TodoMVC's list with description, priority and due date.

mod edit;
mod filter;
mod item;
mod store;

use leptos::either::Either;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_query_map;

use super::common::{ErrorLine, ErrorSlot};
use crate::api::auth::{Logout, current_user, logout};
use crate::api::todos::{
    AddTodo, ClearCompleted, ToggleAll, add_todo, clear_completed, list_todos, toggle_all,
};
use crate::domain::Priority;
use filter::Filter;
use item::TodoItem;
pub use store::TodoStore;

#[component]
pub fn TodoPage() -> impl IntoView {
    let store = TodoStore::new();
    let errors = ErrorSlot::new();
    provide_context(store);
    provide_context(errors);
    let user = Resource::new(|| (), |_| current_user());
    let initial = Resource::new(|| (), |_| list_todos());
    let query = use_query_map();
    let filter = Memo::new(move |_| Filter::parse(query.read().get("filter").as_deref()));

    view! {
        <div class="page">
            <header class="topbar">
                <h1 class="brand">"LiveTodo"</h1>
                <Suspense>
                    {move || Suspend::new(async move {
                        user.await.ok().map(|u| view! { <span class="who">{u.username}</span> })
                    })}
                </Suspense>
                <LogoutForm />
            </header>
            <main class="card todoapp">
                <NewTodo />
                <ErrorLine errors />
                <Suspense fallback=|| view! { <p class="loading">"Loading your todos…"</p> }>
                    {move || Suspend::new(async move {
                        match initial.await {
                            Ok(list) => {
                                store.replace(list);
                                Either::Left(view! { <TodoList filter /> })
                            }
                            Err(e) => {
                                Either::Right(view! { <p class="error" role="alert">{e.to_string()}</p> })
                            }
                        }
                    })}
                </Suspense>
            </main>
            <p class="hint">"Double-click a todo (or press its ✎ button) to edit it."</p>
        </div>
    }
}

#[component]
fn LogoutForm() -> impl IntoView {
    let errors = expect_context::<ErrorSlot>();
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        errors.run(logout());
    };
    view! {
        <form class="logout" method="post" action=Logout::url() on:submit=submit>
            <button type="submit" class="link">"Log out"</button>
        </form>
    }
}

/// The "What needs to be done?" box. Enter adds the trimmed title; a blank
/// one adds nothing.
#[component]
fn NewTodo() -> impl IntoView {
    let store = expect_context::<TodoStore>();
    let errors = expect_context::<ErrorSlot>();
    let title = RwSignal::new(String::new());
    let priority = RwSignal::new(Priority::default().as_str().to_owned());
    let due = RwSignal::new(String::new());
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let text = title.get_untracked().trim().to_owned();
        if text.is_empty() {
            title.set(String::new());
            return;
        }
        let (p, d) = (priority.get_untracked(), due.get_untracked());
        errors.run(async move {
            let todo = add_todo(text, None, Some(p), Some(d)).await?;
            store.upsert(todo);
            title.set(String::new());
            due.set(String::new());
            Ok(())
        });
    };
    view! {
        <form class="new-todo-form" method="post" action=AddTodo::url() on:submit=submit>
            <input
                class="new-todo"
                name="title"
                placeholder="What needs to be done?"
                aria-label="New todo"
                autocomplete="off"
                autofocus
                bind:value=title
            />
            <div class="new-todo-details">
                <label>
                    "Priority "
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
                                        {p.as_str()}
                                    </option>
                                }
                            })}
                    </select>
                </label>
                <label>"Due " <input type="date" name="due_date" class="new-due" bind:value=due /></label>
                <button type="submit" class="add">"Add"</button>
            </div>
        </form>
    }
}

#[component]
fn TodoList(filter: Memo<Filter>) -> impl IntoView {
    let store = expect_context::<TodoStore>();
    let total = move || store.with(<[_]>::len);
    let active = move || store.with(|all| all.iter().filter(|t| !t.completed).count());
    let visible = move || {
        let filter = filter.get();
        store.with(|all| {
            all.iter()
                .filter(|t| filter.matches(t))
                .map(|t| t.id)
                .collect::<Vec<_>>()
        })
    };
    view! {
        <Show when=move || { total() > 0 }>
            <ToggleAllForm all_done=Signal::derive(move || active() == 0) />
        </Show>
        <ul class="todo-list">
            <For each=visible key=|id| *id let:id>
                <TodoItem id />
            </For>
        </ul>
        <Show when=move || { total() > 0 }>
            <Footer filter active=Signal::derive(active) completed=Signal::derive(move || total() - active()) />
        </Show>
    }
}

/// Marks everything done, or everything not done when all already are.
#[component]
fn ToggleAllForm(all_done: Signal<bool>) -> impl IntoView {
    let store = expect_context::<TodoStore>();
    let errors = expect_context::<ErrorSlot>();
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let completed = !all_done.get_untracked();
        errors.run(async move {
            for todo in toggle_all(completed).await? {
                store.upsert(todo);
            }
            Ok(())
        });
    };
    view! {
        <form class="toggle-all-form" method="post" action=ToggleAll::url() on:submit=submit>
            <input type="hidden" name="completed" value=move || (!all_done.get()).to_string() />
            <button
                type="submit"
                class="toggle-all"
                aria-pressed=move || all_done.get().to_string()
                aria-label=move || {
                    if all_done.get() { "Mark all as not done" } else { "Mark all as done" }
                }
            >
                "❯"
            </button>
        </form>
    }
}

#[component]
fn Footer(filter: Memo<Filter>, active: Signal<usize>, completed: Signal<usize>) -> impl IntoView {
    let store = expect_context::<TodoStore>();
    let errors = expect_context::<ErrorSlot>();
    let clear = move |ev: SubmitEvent| {
        ev.prevent_default();
        errors.run(async move {
            for id in clear_completed().await? {
                store.remove(id);
            }
            Ok(())
        });
    };
    view! {
        <footer class="footer">
            <span class="todo-count">
                <strong>{active}</strong>
                {move || if active.get() == 1 { " item left" } else { " items left" }}
            </span>
            <nav class="filters" aria-label="Filter todos">
                {Filter::ALL
                    .map(|f| {
                        view! {
                            <a
                                href=f.href()
                                class:selected=move || filter.get() == f
                                aria-current=move || (filter.get() == f).then_some("page")
                            >
                                {f.label()}
                            </a>
                        }
                    })}
            </nav>
            <Show when=move || { completed.get() > 0 }>
                <form class="clear-form" method="post" action=ClearCompleted::url() on:submit=clear>
                    <button type="submit" class="clear-completed">"Clear completed"</button>
                </form>
            </Show>
        </footer>
    }
}
