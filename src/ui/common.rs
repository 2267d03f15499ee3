//! Small pieces used by several pages.

use leptos::prelude::*;
use leptos::server::codee::{Decoder, Encoder};
use serde::{Serialize, de::DeserializeOwned};
use std::future::Future;
use std::pin::Pin;

use super::language::LanguageSwitch;
use crate::error::AppError;
use crate::i18n::{Lang, describe};

/// Where a page shows the last failed action (`role=alert`, so screen
/// readers announce it).
#[derive(Clone, Copy)]
pub struct ErrorSlot(pub RwSignal<Option<AppError>>);

impl ErrorSlot {
    pub fn new() -> Self {
        ErrorSlot(RwSignal::new(None))
    }

    /// Runs an action in the background; its error (or success) updates the slot.
    pub fn run(self, action: impl Future<Output = Result<(), AppError>> + 'static) {
        self.run_boxed(Box::pin(action));
    }

    // One copy of the spawning code for every action of every page: each
    // generic copy costs the browser build a couple of KB.
    fn run_boxed(self, action: Pin<Box<dyn Future<Output = Result<(), AppError>>>>) {
        leptos::task::spawn_local(async move {
            let outcome = action.await;
            self.0.set(outcome.err());
        });
    }
}

/// A page's data from a server function, fetched once: on the server while
/// rendering, then carried to the browser in the hydration data.
pub fn page_resource<T, Fut>(fetch: fn() -> Fut) -> Resource<T, HydrationJson>
where
    T: Serialize + DeserializeOwned + Send + Sync + 'static,
    Fut: Future<Output = T> + Send + 'static,
{
    Resource::new_with_options(|| (), move |_| fetch(), false)
}

/// Like `page_resource`, for data that depends on the route: fetched again
/// whenever `source` changes.
pub fn keyed_page_resource<S, T, Fut>(
    source: impl Fn() -> S + Send + Sync + 'static,
    fetch: impl Fn(S) -> Fut + Send + Sync + 'static,
) -> Resource<T, HydrationJson>
where
    S: Clone + PartialEq + Send + Sync + 'static,
    T: Serialize + DeserializeOwned + Send + Sync + 'static,
    Fut: Future<Output = T> + Send + 'static,
{
    Resource::new_with_options(source, fetch, false)
}

/// JSON, like leptos' default resource codec, but decoded through the same
/// serde_json entry point (`from_slice`) as server-function answers: the
/// browser build then holds one decoder per type instead of two.
pub struct HydrationJson;

impl<T: Serialize> Encoder<T> for HydrationJson {
    type Error = serde_json::Error;
    type Encoded = String;

    fn encode(value: &T) -> Result<String, serde_json::Error> {
        serde_json::to_string(value)
    }
}

impl<T: DeserializeOwned> Decoder<T> for HydrationJson {
    type Error = serde_json::Error;
    type Encoded = str;

    fn decode(json: &str) -> Result<T, serde_json::Error> {
        serde_json::from_slice(json.as_bytes())
    }
}

#[component]
pub fn ErrorLine(errors: ErrorSlot) -> impl IntoView {
    let lang = Lang::current();
    view! {
        <p class="error" role="alert" aria-live="assertive">
            {move || errors.0.get().map(|e| describe(lang, &e))}
        </p>
    }
}

/// A labelled password input. `new` marks a password being chosen: the
/// browser may suggest one, and it gets the length rules of SPEC §1.
#[component]
pub fn PasswordField(
    label: &'static str,
    name: &'static str,
    value: RwSignal<String>,
    #[prop(optional)] new: bool,
) -> impl IntoView {
    let autocomplete = if new {
        "new-password"
    } else {
        "current-password"
    };
    view! {
        <label>
            {label}
            <input
                type="password"
                name=name
                required
                minlength=new.then_some("8")
                maxlength=new.then_some("128")
                autocomplete=autocomplete
                bind:value=value
            />
        </label>
    }
}

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        res.set_status(http::StatusCode::NOT_FOUND);
    }
    let t = crate::i18n::t();
    view! {
        <main class="card narrow">
            <h1>{t.not_found}</h1>
            <p>{t.nothing_here} " " <a href="/">{t.back_to_todos}</a></p>
            <LanguageSwitch />
        </main>
    }
}

/// Keeps a native modal `<dialog>` shown while `open` holds, and closed
/// otherwise; `on_open` runs each time it opens (to clear what the last
/// time left). The dialog's own `close` event (Escape) must set `open`
/// back to false.
pub fn modal_follows(
    dialog: NodeRef<leptos::html::Dialog>,
    open: RwSignal<bool>,
    on_open: impl Fn() + 'static,
) {
    Effect::new(move |_| {
        let Some(dialog) = dialog.get() else { return };
        if open.get() && !dialog.open() {
            on_open();
            let _ = dialog.show_modal();
        } else if !open.get() && dialog.open() {
            dialog.close();
        }
    });
}
