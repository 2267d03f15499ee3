//! Browser only: the Socket.IO client that turns the server's `todo:*`
//! events into store updates, "Recent changes" entries and toasts, and keeps
//! the connection badge honest. Built only with the `hydrate` feature.
//!
//! On every (re)connect the page refetches its list (socketioxide keeps no
//! missed events); the store replays whatever arrived while it was on its way.

mod socket_io;

use leptos::prelude::*;
use leptos::task::spawn_local;
use send_wrapper::SendWrapper;
use serde::de::DeserializeOwned;
use std::time::Duration;
use wasm_bindgen::prelude::*;

use crate::api::todos::list_todos;
use crate::domain::Todo;
use crate::domain::events::{
    Deleted, RESYNC, TODO_COMPLETED, TODO_CREATED, TODO_DELETED, TODO_UPDATED, TodoEvent,
};
use crate::domain::time::Timestamp;
use crate::ui::live::{Action, Connection, LiveFeed};
use crate::ui::todos::TodoStore;
use socket_io::Socket;

/// Relative times are refreshed this often.
const CLOCK_TICK: Duration = Duration::from_secs(5);
/// After the server itself closed the socket (token expired, log-out in
/// another tab), try once more after this pause; a refused token then shows
/// "Offline".
const RECONNECT_AFTER_KICK: Duration = Duration::from_secs(1);

pub fn start(store: TodoStore, feed: LiveFeed) {
    let socket = socket_io::io(&JsValue::UNDEFINED);

    listen(&socket, "connect", move |_: JsValue| {
        feed.status.set(Connection::Connected);
        refetch(store);
    });
    {
        let kicked = SendWrapper::new(Socket::clone(&socket));
        listen(&socket, "disconnect", move |reason: JsValue| {
            match reason.as_string().as_deref() {
                Some("io client disconnect") => {}
                Some("io server disconnect") => {
                    feed.status.set(Connection::Reconnecting);
                    let again = SendWrapper::clone(&kicked);
                    set_timeout(move || again.connect(), RECONNECT_AFTER_KICK);
                }
                _ => feed.status.set(Connection::Reconnecting),
            }
        });
    }
    {
        let refused = SendWrapper::new(Socket::clone(&socket));
        listen(&socket, "connect_error", move |_: JsValue| {
            // An inactive socket will not retry by itself: the server said no.
            let next = if refused.active() {
                Connection::Reconnecting
            } else {
                Connection::Offline
            };
            feed.status.set(next);
        });
    }
    let give_up = Closure::<dyn FnMut()>::new(move || feed.status.set(Connection::Offline));
    socket
        .manager()
        .on_manager("reconnect_failed", give_up.as_ref().unchecked_ref());
    give_up.forget();

    on_todo(&socket, TODO_CREATED, store, feed, TodoEvent::Created);
    on_todo(&socket, TODO_UPDATED, store, feed, TodoEvent::Updated);
    on_todo(&socket, TODO_COMPLETED, store, feed, TodoEvent::Completed);
    listen(&socket, TODO_DELETED, move |payload: JsValue| {
        if let Some(deleted) = parse::<Deleted>(&payload) {
            handle(store, feed, TodoEvent::Deleted(deleted));
        }
    });
    listen(&socket, RESYNC, move |_: JsValue| refetch(store));

    let tick = set_interval_with_handle(move || feed.now.set(Timestamp::now()), CLOCK_TICK).ok();
    let socket = SendWrapper::new(socket);
    on_cleanup(move || {
        socket.disconnect();
        if let Some(tick) = tick {
            tick.clear();
        }
    });
}

fn on_todo(
    socket: &Socket,
    name: &str,
    store: TodoStore,
    feed: LiveFeed,
    wrap: fn(Todo) -> TodoEvent,
) {
    listen(socket, name, move |payload: JsValue| {
        if let Some(todo) = parse::<Todo>(&payload) {
            handle(store, feed, wrap(todo));
        }
    });
}

/// One event: tell own echoes from remote changes, apply it, record it.
fn handle(store: TodoStore, feed: LiveFeed, event: TodoEvent) {
    let remote = !store.is_own_echo(&event);
    let (action, title) = match &event {
        TodoEvent::Created(t) => (Action::Created, t.title.clone()),
        TodoEvent::Updated(t) => (Action::Updated, t.title.clone()),
        TodoEvent::Completed(t) => (Action::Completed, t.title.clone()),
        TodoEvent::Deleted(d) => (
            Action::Deleted,
            store
                .find_untracked(d.id)
                .map_or_else(|| "a todo".to_owned(), |t| t.title),
        ),
    };
    store.apply(&event);
    feed.record(action, title, remote);
}

/// Reloads the list; the store replays whatever changes meanwhile.
fn refetch(store: TodoStore) {
    store.begin_fetch();
    spawn_local(async move {
        match list_todos().await {
            Ok(list) => store.finish_fetch(list),
            Err(e) => {
                store.abandon_fetch();
                leptos::logging::warn!("refetching todos failed: {e}");
            }
        }
    });
}

fn listen(socket: &Socket, event: &str, f: impl FnMut(JsValue) + 'static) {
    let listener = Closure::<dyn FnMut(JsValue)>::new(f);
    socket.on(event, listener.as_ref().unchecked_ref());
    // The socket lives as long as the page; so do its listeners.
    listener.forget();
}

fn parse<T: DeserializeOwned>(payload: &JsValue) -> Option<T> {
    let text = js_sys::JSON::stringify(payload).ok()?.as_string()?;
    // `from_slice`, as for server-function answers: one decoder per type.
    match serde_json::from_slice(text.as_bytes()) {
        Ok(value) => Some(value),
        Err(e) => {
            leptos::logging::warn!("ignoring a malformed event payload: {e}");
            None
        }
    }
}
