//! The todo page: TodoMVC's list with description, priority and due date.

mod edit;
mod filter;
mod item;
mod new_todo;
mod payload;
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
use crate::api::todos::{
    ClearCompleted, DeleteTodo, ToggleAll, ToggleTodo, clear_completed, list_todos, toggle_all,
};
use crate::error::AppError;
use filter::Filter;
use item::TodoItem;
use new_todo::NewTodo;
use payload::PageTodos;
use store::Own;
pub use store::TodoStore;

/// Whether the page has been hydrated: false while rendering on the server
/// and during hydration (so both render alike), true from then on. Parts that
/// need JavaScript to do anything (the ✎ button, long accessible names) wait
/// for it, which keeps them out of the server-rendered HTML.
#[derive(Clone, Copy)]
pub struct Hydrated(pub RwSignal<bool>);

/// The ids of the list's shared no-JS forms. Each row's toggle and delete
/// buttons submit one of them (`form=` attribute) with their todo's id as the
/// button's value: one form per action for the whole list instead of two
/// forms and two hidden inputs per row.
const TOGGLE_FORM: &str = "tg";
const DELETE_FORM: &str = "dl";

#[component]
pub fn TodoPage() -> impl IntoView {
    let store = TodoStore::default();
    let errors = ErrorSlot::new();
    let feed = LiveFeed::default();
    provide_context(store);
    provide_context(errors);
    provide_context(feed);
    let hydrated = RwSignal::new(false);
    provide_context(Hydrated(hydrated));
    // Effects run only in the browser: this opens the Socket.IO connection
    // once the page is hydrated.
    Effect::new(move |started: Option<()>| {
        if started.is_none() {
            hydrated.set(true);
            live::start(store, feed);
        }
    });
    let user = page_resource(current_user);
    // Changes that land before the first list does are replayed on top of it.
    store.begin_fetch();
    // Serialized into the page in its compact form (see `payload`).
    let initial = page_resource(list_for_page);
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
                            let first = first_list.get_value();
                            first_list.set_value(false);
                            match result {
                                Ok(PageTodos(list)) => {
                                    if first {
                                        store.finish_fetch(list);
                                    }
                                    Either::Left(view! { <TodoList filter /> })
                                }
                                Err(e) => {
                                    if first {
                                        store.abandon_fetch();
                                    }
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

/// The list as the page carries it (see `payload`).
async fn list_for_page() -> Result<PageTodos, AppError> {
    list_todos().await.map(PageTodos)
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
    let errors = expect_context::<ErrorSlot>();
    let Hydrated(hydrated) = expect_context::<Hydrated>();
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
        <form id=TOGGLE_FORM hidden method="post" action=ToggleTodo::url()></form>
        <form id=DELETE_FORM hidden method="post" action=DeleteTodo::url()></form>
        <ul class="todo-list">
            <For each=visible key=|id| *id let:id>
                <TodoItem id store errors hydrated />
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
