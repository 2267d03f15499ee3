//! LiveTodo: a todo list that stays live across every tab and device of its
//! user. One crate, built twice by cargo-leptos: with `ssr` it is the server
//! (axum + Leptos SSR + the JSON API), with `hydrate` it is the WASM that
//! takes over the server-rendered page in the browser.
//!
//! - `domain`, `error`, `i18n`, `api` (server-function signatures) and `ui` are shared
//!   by both builds;
//! - `server` exists only in the `ssr` build, `client` (the Socket.IO glue)
//!   only in the `hydrate` build.

#![recursion_limit = "256"]

pub mod api;
pub mod domain;
pub mod error;
pub mod i18n;
pub mod sync;
pub mod ui;

#[cfg(feature = "ssr")]
pub mod server;

/// Entry point of the browser build: hydrates the server-rendered page.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(ui::App);
    // A marker for tests and scripts: from here on, handlers are live.
    if let Some(body) = leptos::prelude::document().body() {
        let _ = body.set_attribute("data-hydrated", "true");
    }
}
