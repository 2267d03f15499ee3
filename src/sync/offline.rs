//! The page's side of the service worker (`public/sw.js`): registers it,
//! tells it which files this page runs on, and asks it for a fresh copy of
//! the page a moment after the lists change — so that a reload without a
//! network shows the list as last seen, and the outbox lays this tab's
//! waiting writes over it. Browser only.
//!
//! Plain `Reflect` calls rather than web-sys bindings: four calls do not
//! warrant the bindings' features.

use js_sys::{Array, Function, Object, Reflect};
use leptos::prelude::*;
use std::time::Duration;
use wasm_bindgen::{JsCast, JsValue, closure::Closure};

use super::Engine;

const WORKER: &str = "/sw.js";
/// A burst of changes asks for one copy, this long after its last change.
const KEEP_AFTER: Duration = Duration::from_secs(2);

/// `navigator.onLine`: false only when the browser knows it has no network.
pub fn browser_online() -> bool {
    navigator()
        .and_then(|n| Reflect::get(&n, &"onLine".into()).ok())
        .and_then(|v| v.as_bool())
        .unwrap_or(true)
}

/// Registers the worker and keeps its copy of this page current.
pub fn keep_copies(engine: Engine) {
    let Some(workers) = navigator()
        .and_then(|n| Reflect::get(&n, &"serviceWorker".into()).ok())
        .filter(|w| w.is_object())
    else {
        return; // No service workers here (an insecure origin, or disabled).
    };
    let Some(registered) = call(&workers, "register", &[WORKER.into()]) else {
        return;
    };
    // A refused registration only means no copies: no unhandled rejection.
    call(
        &registered,
        "catch",
        &[Closure::once_into_js(|_: JsValue| {})],
    );
    let files_told = StoredValue::new(false);
    let timer = StoredValue::new(None::<TimeoutHandle>);
    let workers = send_wrapper::SendWrapper::new(workers);
    Effect::new(move || {
        engine.feed.changes.track();
        if let Some(pending) = timer.get_value() {
            pending.clear();
        }
        let workers = workers.clone();
        let ask = move || {
            // The page may have gone meanwhile (another list): then so do we.
            let Some(told) = files_told.try_get_value() else {
                return;
            };
            files_told.set_value(true);
            timer.set_value(None);
            ask_to_keep(&workers, !told);
        };
        timer.set_value(set_timeout_with_handle(ask, KEEP_AFTER).ok());
    });
    on_cleanup(move || {
        if let Some(Some(pending)) = timer.try_get_value() {
            pending.clear();
        }
    });
}

/// Posts `keep` to the active worker once it is ready: this page's URL,
/// and (the first time) the files it loaded, which a first visit fetched
/// before the worker was in charge.
fn ask_to_keep(workers: &JsValue, files: bool) {
    let message = Object::new();
    let _ = Reflect::set(&message, &"type".into(), &"keep".into());
    let _ = Reflect::set(
        &message,
        &"page".into(),
        &window().location().href().unwrap_or_default().into(),
    );
    if files {
        let _ = Reflect::set(&message, &"files".into(), &loaded_files());
    }
    let Ok(ready) = Reflect::get(workers, &"ready".into()) else {
        return;
    };
    let post = Closure::once_into_js(move |registration: JsValue| {
        if let Ok(active) = Reflect::get(&registration, &"active".into()) {
            call(&active, "postMessage", &[message.into()]);
        }
    });
    call(&ready, "then", &[post]);
}

/// The URLs of everything the page has loaded (resource timing); the worker
/// keeps those it serves from its cache.
fn loaded_files() -> JsValue {
    let names = Array::new();
    let entries = Reflect::get(&js_sys::global(), &"performance".into())
        .ok()
        .and_then(|p| call(&p, "getEntriesByType", &["resource".into()]))
        .and_then(|e| e.dyn_into::<Array>().ok());
    for entry in entries.iter().flat_map(Array::iter) {
        if let Ok(name) = Reflect::get(&entry, &"name".into()) {
            names.push(&name);
        }
    }
    names.into()
}

fn navigator() -> Option<JsValue> {
    Reflect::get(&js_sys::global(), &"navigator".into())
        .ok()
        .filter(|n| n.is_object())
}

/// `target.name(...args)`, or `None` if it is not a function or throws.
fn call(target: &JsValue, name: &str, args: &[JsValue]) -> Option<JsValue> {
    let method = Reflect::get(target, &name.into())
        .ok()?
        .dyn_into::<Function>()
        .ok()?;
    method.apply(target, &args.iter().collect::<Array>()).ok()
}
