//! The user interface, shared by both builds: rendered to HTML on the server,
//! then hydrated in the browser. Every form here is a real `<form>` that
//! posts to its server function, so the page works before (or without) the
//! WASM; once hydrated, submit handlers take over and update the page in
//! place.

mod account_page;
mod auth_pages;
mod common;
mod language;
pub mod lists;
pub mod live;
mod sync_hydration;
pub mod todos;

use crate::i18n::Lang;
use leptos::prelude::*;
use leptos_meta::{HashedStylesheet, MetaTags};
use leptos_router::{
    SsrMode,
    components::{FlatRoutes, Route, Router},
    path,
};
use sync_hydration::SyncHydration;

/// The HTML document around the app (server side only uses it).
pub fn shell(options: LeptosOptions) -> impl IntoView {
    // The hydration script must carry the nonce the CSP header names.
    #[cfg(feature = "ssr")]
    crate::server::http::headers::adopt_request_nonce();
    // Chosen once per request; `App` and the browser read it back.
    let lang = Lang::current();
    provide_context(lang);
    view! {
        <!DOCTYPE html>
        <html lang=lang.tag()>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light dark" />
                // Static: every page has this title, so the browser build
                // needs none of leptos_meta's title machinery.
                <title>"LiveTodo"</title>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                // The stylesheet's name carries its content hash in release
                // builds, which only the server knows: so it is linked here,
                // in the shell, rather than from `App`.
                <HashedStylesheet options=options.clone() id="leptos" />
                <AutoReload options=options.clone() />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_context(Lang::current());
    view! {
        <Router>
            // Async: the server waits for the data before sending the page, so
            // the list is in the HTML itself and works without JavaScript
            // (streamed Suspense fragments need a script to be swapped in).
            // Flat: no route nests, and the flat router is the smaller one
            // in the WASM.
            <FlatRoutes fallback=|| SyncHydration(common::NotFound())>
                <Route path=path!("/") view=|| SyncHydration(todos::TodoPage()) ssr=SsrMode::Async />
                <Route
                    path=path!("/lists/:id")
                    view=|| SyncHydration(todos::TodoPage())
                    ssr=SsrMode::Async
                />
                <Route path=path!("/login") view=|| SyncHydration(auth_pages::LoginPage()) ssr=SsrMode::Async />
                <Route
                    path=path!("/register")
                    view=|| SyncHydration(auth_pages::RegisterPage())
                    ssr=SsrMode::Async
                />
                <Route
                    path=path!("/account")
                    view=|| SyncHydration(account_page::AccountPage())
                    ssr=SsrMode::Async
                />
            </FlatRoutes>
        </Router>
    }
}
