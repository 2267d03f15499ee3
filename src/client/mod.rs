//! Browser only: the Socket.IO client that keeps the page live. Built only
//! with the `hydrate` feature.
//!
//! - `events`: namespace `/`, the `todo:*`, `list:*` and `member:*` events,
//!   turned into store and sidebar updates, Recent changes and toasts.
//! - `presence`: namespace `/presence`, who else has the open list open.
//!
//! - `resume`: on every (re)connect, the changes missed meanwhile (SPEC §7
//!   `sync`), or a refetch where the log no longer reaches back.

mod events;
mod presence;
mod resume;
mod socket_io;

use leptos::prelude::*;
use leptos::task::spawn_local;
use send_wrapper::SendWrapper;
use serde::de::DeserializeOwned;
use std::time::Duration;
use wasm_bindgen::prelude::*;

use crate::api::lists::open_list;
use crate::domain::events::RESYNC;
use crate::domain::time::Timestamp;
use crate::error::AppError;
use crate::ui::live::{Connection, Page};
use socket_io::Socket;

/// Relative times are refreshed this often.
const CLOCK_TICK: Duration = Duration::from_secs(5);
/// After the server itself closed the socket (token expired, log-out in
/// another tab), try once more after this pause; a refused token then shows
/// "Offline".
const RECONNECT_AFTER_KICK: Duration = Duration::from_secs(1);

pub fn start(page: Page) {
    let feed = page.feed;
    let manager = socket_io::Manager::new();
    let socket = manager.socket("/");

    {
        let resumed = SendWrapper::new(Socket::clone(&socket));
        listen(&socket, "connect", move |_: JsValue| {
            feed.status.set(Connection::Connected);
            resume::on_connect(&resumed, page);
        });
    }
    {
        let kicked = SendWrapper::new(Socket::clone(&socket));
        listen(&socket, "disconnect", move |reason: JsValue| {
            feed.connection_lost();
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
    manager.on_manager("reconnect_failed", give_up.as_ref().unchecked_ref());
    give_up.forget();

    events::listen_all(&socket, page);
    listen(&socket, RESYNC, move |_: JsValue| refetch(page));
    let presence = presence::start(&manager, page);

    let tick = set_interval_with_handle(move || feed.now.set(Timestamp::now()), CLOCK_TICK).ok();
    let sockets = SendWrapper::new((socket, presence));
    on_cleanup(move || {
        sockets.1.disconnect();
        sockets.0.disconnect();
        if let Some(tick) = tick {
            tick.clear();
        }
    });
}

/// Reloads the open list and the sidebar (`resync`, or a gap the log no
/// longer covers); the store replays whatever changes meanwhile. An open
/// list that is gone sends the page home.
fn refetch(page: Page) {
    let Some(list) = page.lists.current.get_untracked() else {
        return;
    };
    page.store.begin_fetch();
    spawn_local(async move {
        match open_list(Some(list)).await {
            // The user may have opened another list meanwhile.
            Ok(fresh) if page.lists.current.get_untracked() == Some(fresh.list) => {
                page.lists.load(&fresh);
                page.store.finish_fetch(fresh.todos.0);
            }
            Ok(_) => page.store.abandon_fetch(),
            Err(e) => {
                page.store.abandon_fetch();
                if e == AppError::NotFound {
                    page.lists.remove(list);
                } else {
                    leptos::logging::warn!("refetching the list failed: {e}");
                }
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

/// An event of SPEC §6/§7 with its meta, the second argument.
fn listen_with_meta(socket: &Socket, event: &str, f: impl FnMut(JsValue, JsValue) + 'static) {
    let listener = Closure::<dyn FnMut(JsValue, JsValue)>::new(f);
    socket.on(event, listener.as_ref().unchecked_ref());
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

/// A value as the JavaScript object Socket.IO sends.
fn to_js<T: serde::Serialize>(value: &T) -> JsValue {
    serde_json::to_string(value)
        .ok()
        .and_then(|json| js_sys::JSON::parse(&json).ok())
        .unwrap_or(JsValue::NULL)
}
