//! The todo page: TodoMVC's list with description, priority and due date.

mod edit;
mod filter;
mod item;
mod new_todo;
mod store;
#[cfg(test)]
mod store_props;

use leptos::either::Either;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_query_map;

use super::common::{ErrorLine, ErrorSlot, page_resource};
use super::live::{self, ConnectionBadge, LiveFeed, RecentChanges, Toasts};
use crate::api::auth::{Logout, current_user, logout};
use crate::api::todos::{ClearCompleted, ToggleAll, clear_completed, list_todos, toggle_all};
use filter::Filter;
use item::TodoItem;
use new_todo::NewTodo;
use store::Own;
pub use store::TodoStore;

#[component]
pub fn TodoPage() -> impl IntoView {
    let store = TodoStore::default();
    let errors = ErrorSlot::new();
    let feed = LiveFeed::default();
    provide_context(store);
    provide_context(errors);
    provide_context(feed);
    // Effects run only in the browser: this opens the Socket.IO connection
    // once the page is hydrated.
    Effect::new(move |started: Option<()>| {
        if started.is_none() {
            live::start(store, feed);
        }
    });
    let user = page_resource(current_user);
    // Changes that land before the first list does are replayed on top of it.
    store.begin_fetch();
    let initial = page_resource(list_todos);
    let first_list = StoredValue::new(true);
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
                <ConnectionBadge />
                <a class="account-link" href="/account">"Account"</a>
                <LogoutForm />
            </header>
            <div class="columns">
                <main class="card todoapp">
                    <NewTodo />
                    <ErrorLine errors />
                    <Suspense fallback=|| view! { <p class="loading">"Loading your todos…"</p> }>
                        {move || Suspend::new(async move {
                            let result = initial.await;
                            // The store takes the first list once; later renders
                            // of this boundary must not roll it back.
                            if first_list.get_value() {
                                first_list.set_value(false);
                                match &result {
                                    Ok(list) => store.finish_fetch(list.clone()),
                                    Err(_) => store.abandon_fetch(),
                                }
                            }
                            match result {
                                Ok(_) => Either::Left(view! { <TodoList filter /> }),
                                Err(e) => {
                                    Either::Right(view! { <p class="error" role="alert">{e.to_string()}</p> })
                                }
                            }
                        })}
                    </Suspense>
                </main>
                <RecentChanges />
            </div>
            <p class="hint">"Double-click a todo (or press its ✎ button) to edit it."</p>
            <Toasts />
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
        let touched = store.ids_untracked(|t| t.completed != completed);
        errors.run(async move {
            for todo in store
                .own(Own::Todos(touched), toggle_all(completed))
                .await?
            {
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
        let touched = store.ids_untracked(|t| t.completed);
        errors.run(async move {
            for id in store.own(Own::Todos(touched), clear_completed()).await? {
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
