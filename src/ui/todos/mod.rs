//! The todo page: TodoMVC's list with description, priority and due date.

mod edit;
mod filter;
mod item;
mod new_todo;
mod shortcuts;

use leptos::either::Either;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};
use uuid::Uuid;

use super::common::{ErrorLine, ErrorSlot, NotFound, keyed_page_resource};
use super::language::LanguageSwitch;
use super::lists::{ListHeader, Sidebar};
use super::live::{ConnectionBadge, RecentChanges, Toasts, UndoShortcut};
use crate::api::auth::{Logout, logout};
use crate::api::lists::open_list;
use crate::api::todos::{ClearCompleted, DeleteTodo, ToggleAll, ToggleTodo};
use crate::error::AppError;
use crate::i18n::{Lang, describe, fill, page_error, t};
use crate::sync::outbox::{Entry, Write};
use crate::sync::{Engine, Expected, ListsState};
use filter::Filter;
use item::TodoItem;
use new_todo::NewTodo;
use shortcuts::{ShortcutHelp, Shortcuts};

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
    let engine = Engine::default();
    let Engine {
        lists,
        store,
        feed,
        ops,
        outbox,
    } = engine;
    let errors = ErrorSlot::new();
    provide_context(engine);
    provide_context(store);
    provide_context(errors);
    provide_context(feed);
    provide_context(lists);
    provide_context(ops);
    // A write the server refused is rolled back already; say which and why.
    let lang = Lang::current();
    // (An edit that met a newer version is a choice, shown on its row.)
    Effect::new(move |_| {
        if let Some((entry, err)) = outbox.refused.get()
            && !matches!(err, AppError::Stale { .. })
        {
            errors.0.set(Some(not_saved(lang, &entry.title, err)));
        }
    });
    let hydrated = RwSignal::new(false);
    provide_context(Hydrated(hydrated));
    // Effects run only in the browser: this opens the Socket.IO connection
    // once the page is hydrated.
    Effect::new(move |started: Option<()>| {
        if started.is_none() {
            hydrated.set(true);
            engine.start();
        }
    });
    let params = use_params_map();
    // `/` opens the user's first list; `/lists/{id}` that one (an id that
    // is not one is a list nobody has: not found).
    let route = Memo::new(move |_| {
        params
            .read()
            .get("id")
            .map(|raw| Uuid::parse_str(&raw).unwrap_or(Uuid::nil()))
    });
    // Another address: its page is fetched again. For another list the
    // store starts over, journaling the new list's events until its todos
    // arrive; for the same list (`/` → `/lists/{id}`) it only journals.
    Effect::new(move |before: Option<Option<Uuid>>| {
        let now = route.get();
        if before.is_some_and(|before| before != now) {
            if now.is_some() && now == lists.current.get_untracked() {
                store.begin_fetch();
            } else {
                store.switch();
                lists.current.set(now);
                lists.presence.set(Vec::new());
            }
        }
        now
    });
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(path) = lists.go.get() {
            lists.go.set(None);
            navigate(&path, Default::default());
        }
    });
    // Changes that land before the first list does are replayed on top of it.
    store.begin_fetch();
    // A list this tab made and the server has not seen yet (offline, or
    // still queued) has nothing to fetch: its page is made here.
    let page = keyed_page_resource(
        move || route.get(),
        move |list| async move {
            match lists.local_page(list) {
                Some(page) => Ok(page),
                None => open_list(list).await,
            }
        },
    );
    // The route whose page the store holds: a boundary that renders again
    // for the same route must not roll the store back.
    let loaded = StoredValue::new(None::<Option<Uuid>>);
    let query = use_query_map();
    let filter = Memo::new(move |_| Filter::parse(query.read().get("filter").as_deref()));

    view! {
        <div class="page">
            // Transition, not Suspense: while another list loads, the
            // current one stays on screen.
            <Transition fallback=move || view! { <p class="loading">{lang.texts().loading_lists}</p> }>
                {move || Suspend::new(async move {
                    let result = page.await;
                    let key = route.get_untracked();
                    let fresh = loaded.get_value() != Some(key);
                    loaded.set_value(Some(key));
                    match result {
                        Ok(page) => {
                            if fresh {
                                lists.load(&page);
                                store.finish_fetch(page.todos.0);
                                outbox.show_waiting(engine, page.list);
                            }
                            Either::Left(view! { <ListView filter /> })
                        }
                        Err(e) => {
                            if fresh {
                                store.abandon_fetch();
                            }
                            // Without a network the page the browser kept
                            // (the service worker's copy) is the best there is.
                            if matches!(e, AppError::Transport(_)) && fresh {
                                load_whole_page();
                            }
                            Either::Right(match e {
                                AppError::NotFound => Either::Left(NotFound()),
                                e => Either::Right(view! { <p class="error" role="alert">{describe(lang, &e)}</p> }),
                            })
                        }
                    }
                })}
            </Transition>
            <Toasts />
        </div>
    }
}

/// The open list with everything around it.
#[component]
fn ListView(filter: Memo<Filter>) -> impl IntoView {
    let lists = expect_context::<ListsState>();
    let errors = expect_context::<ErrorSlot>();
    let username = move || lists.me.with(|me| me.as_ref().map(|u| u.username.clone()));
    let Hydrated(hydrated) = expect_context::<Hydrated>();
    let help = RwSignal::new(false);
    let t = t();
    view! {
        <header class="topbar">
            <h1 class="brand">"LiveTodo"</h1>
            <span class="who">{username}</span>
            <ConnectionBadge />
            <a class="account-link" href="/account">{t.account}</a>
            <LogoutForm />
            <LanguageSwitch />
        </header>
        <div class="columns">
            <Sidebar />
            <main class="card todoapp">
                <ListHeader />
                <NewTodo />
                <ErrorLine errors />
                <TodoList filter />
            </main>
            <RecentChanges />
        </div>
        // A landmark of its own: every part of the page is in one.
        <footer class="hint">
            {t.edit_hint}
            " "
            // The shortcuts need the script: offered once it runs.
            {move || {
                hydrated
                    .get()
                    .then(|| {
                        view! {
                            <button type="button" class="link" on:click=move |_| help.set(true)>
                                {t.shortcuts_button}
                            </button>
                            <ShortcutHelp open=help />
                        }
                    })
            }}
        </footer>
        <UndoShortcut />
        <Shortcuts help />
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
            <button type="submit" class="link">{t().log_out}</button>
        </form>
    }
}

#[component]
fn TodoList(filter: Memo<Filter>) -> impl IntoView {
    let Hydrated(hydrated) = expect_context::<Hydrated>();
    let engine = expect_context::<Engine>();
    let store = engine.store;
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
                <TodoItem id hydrated engine />
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
    let engine = expect_context::<Engine>();
    let list = engine.lists.current.get_untracked();
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let Some(list) = list else { return };
        let completed = !all_done.get_untracked();
        let expected = engine
            .store
            .shown_untracked(|t| t.completed != completed)
            .into_iter()
            .map(|mut todo| {
                todo.completed = completed;
                Expected::Put(todo)
            })
            .collect();
        let entry = Entry {
            op: engine.ops.next(),
            list,
            write: Write::CompleteAll { completed },
            title: String::new(),
            expected,
            lists: Vec::new(),
        };
        engine.outbox.push(engine, entry);
    };
    let t = t();
    view! {
        <form class="toggle-all-form" method="post" action=ToggleAll::url() on:submit=submit>
            <ListIdField list />
            <input type="hidden" name="completed" value=move || (!all_done.get()).to_string() />
            <button
                type="submit"
                class="toggle-all"
                aria-pressed=move || all_done.get().to_string()
                aria-label=move || {
                    if all_done.get() { t.mark_all_not_done } else { t.mark_all_done }
                }
            >
                "❯"
            </button>
        </form>
    }
}

#[component]
fn Footer(filter: Memo<Filter>, active: Signal<usize>, completed: Signal<usize>) -> impl IntoView {
    let engine = expect_context::<Engine>();
    let list = engine.lists.current.get_untracked();
    let clear = move |ev: SubmitEvent| {
        ev.prevent_default();
        let Some(list) = list else { return };
        let expected = engine
            .store
            .shown_untracked(|t| t.completed)
            .into_iter()
            .map(|t| Expected::Gone(t.id))
            .collect();
        let entry = Entry {
            op: engine.ops.next(),
            list,
            write: Write::ClearCompleted,
            title: String::new(),
            expected,
            lists: Vec::new(),
        };
        engine.outbox.push(engine, entry);
    };
    // Filter links stay on the open list (`/` shows the first list too,
    // but the list's own address is the one to keep).
    let base = list.map(|id| format!("/lists/{id}")).unwrap_or_default();
    let lang = Lang::current();
    let t = lang.texts();
    view! {
        <footer class="footer">
            <span class="todo-count">
                <strong>{active}</strong>
                " "
                {move || lang.plural(active.get() as u64, &t.items_left)}
            </span>
            <nav class="filters" aria-label=t.filter_todos>
                {Filter::ALL
                    .map(|f| {
                        view! {
                            <a
                                href=f.href(&base)
                                class:selected=move || filter.get() == f
                                aria-current=move || (filter.get() == f).then_some("page")
                            >
                                {f.label(t)}
                            </a>
                        }
                    })}
            </nav>
            <Show when=move || { completed.get() > 0 }>
                <form class="clear-form" method="post" action=ClearCompleted::url() on:submit=clear>
                    <ListIdField list />
                    <button type="submit" class="clear-completed">{t.clear_completed}</button>
                </form>
            </Show>
        </footer>
    }
}

/// Loads the address the router is at as a whole page, from the network
/// or, without one, from the copy the service worker kept.
fn load_whole_page() {
    #[cfg(feature = "hydrate")]
    {
        let location = window().location();
        if let Ok(href) = location.href() {
            let _ = location.assign(&href);
        }
    }
}

/// A write the server refused, told with the todo it was about (the change
/// itself is already rolled back on screen).
fn not_saved(lang: Lang, title: &str, err: AppError) -> AppError {
    if title.is_empty() {
        return err;
    }
    let why = describe(lang, &err);
    page_error(fill(lang.texts().not_saved, &[&lang.quote(title), &why]))
}

/// Which list a no-JS form acts on.
#[component]
fn ListIdField(list: Option<Uuid>) -> impl IntoView {
    view! { <input type="hidden" name="list_id" value=list.map(|id| id.to_string()) /> }
}
