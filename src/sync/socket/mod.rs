//! Browser only: the Socket.IO client that keeps the engine live (one
//! connection per page, namespaces `/` and `/presence` over it).
//!
//! - `events`: namespace `/`, the `todo:*`, `list:*` and `member:*` events,
//!   turned into store and sidebar updates, Recent changes and toasts.
//! - `resume`: on every (re)connect, the changes missed meanwhile (SPEC §7
//!   `sync`), or a refetch where the log no longer reaches back (`resync`).
//! - `presence`: namespace `/presence`, who else has the open list open.
//! - `socket_io`: the bindings to the official `socket.io-client`.

mod events;
mod presence;
mod resume;
mod socket_io;

use leptos::prelude::*;
use send_wrapper::SendWrapper;
use serde::de::DeserializeOwned;
use std::time::Duration;
use wasm_bindgen::prelude::*;

use crate::domain::events::{ListEvent, RESYNC};
use crate::domain::time::Timestamp;
use crate::sync::{Connection, Engine};
use socket_io::Socket;

/// Relative times are refreshed this often.
const CLOCK_TICK: Duration = Duration::from_secs(5);
/// After the server itself closed the socket (token expired, log-out in
/// another tab), try once more after this pause; a refused token then shows
/// "Offline".
const RECONNECT_AFTER_KICK: Duration = Duration::from_secs(1);

pub fn start(engine: Engine) {
    let feed = engine.feed;
    feed.status.set(Connection::Connecting);
    let manager = socket_io::Manager::new();
    let socket = manager.socket("/");

    {
        let resumed = SendWrapper::new(Socket::clone(&socket));
        listen(&socket, "connect", move |_: JsValue| {
            feed.status.set(Connection::Connected);
            resume::on_connect(&resumed, engine);
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

    events::listen_all(&socket, engine);
    listen(&socket, RESYNC, move |_: JsValue| resume::refetch(engine));
    let presence = presence::start(&manager, engine);

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

/// An event of `ListEvent::NAMES`, decoded the one way every client does.
fn decode(name: &str, payload: &JsValue) -> Option<ListEvent> {
    let text = json_text(payload)?;
    well_formed(name, ListEvent::decode(name, text.as_bytes())?)
}

fn parse<T: DeserializeOwned>(payload: &JsValue) -> Option<T> {
    let text = json_text(payload)?;
    // `from_slice`, as for server-function answers: one decoder per type.
    well_formed("event", serde_json::from_slice(text.as_bytes()))
}

/// A payload as JSON text, the form every decoder here reads.
fn json_text(payload: &JsValue) -> Option<String> {
    js_sys::JSON::stringify(payload).ok()?.as_string()
}

/// The decoded payload; a malformed one is logged and ignored.
fn well_formed<T>(what: &str, decoded: Result<T, serde_json::Error>) -> Option<T> {
    decoded
        .map_err(|e| leptos::logging::warn!("ignoring a malformed {what} payload: {e}"))
        .ok()
}

/// A value as the JavaScript object Socket.IO sends.
fn to_js<T: serde::Serialize>(value: &T) -> JsValue {
    serde_json::to_string(value)
        .ok()
        .and_then(|json| js_sys::JSON::parse(&json).ok())
        .unwrap_or(JsValue::NULL)
}
