//! What a server function needs from the request it runs in: the app state
//! and the authenticated caller (both provided by `leptos_axum` through
//! context), and a way to set or clear the session cookie on its response.
//! Every server function's body runs inside `with_state` or `with_caller`.

use leptos::prelude::*;
use leptos_axum::ResponseOptions;
use uuid::Uuid;

use super::auth::{self, Caller};
use super::state::AppState;
use crate::error::AppError;

/// Runs a server function's body with the app state. Its error needs no
/// mapping here: `http::server_fn_edge` gives every server-function error its
/// status in one place, including argument-decoding errors that happen before
/// any body runs.
pub async fn with_state<T, F, Fut>(op: F) -> Result<T, AppError>
where
    F: FnOnce(AppState) -> Fut,
    Fut: Future<Output = Result<T, AppError>>,
{
    let state = use_context::<AppState>()
        .ok_or_else(|| AppError::internal("server function context", "AppState is missing"))?;
    op(state).await
}

/// Runs a server function's body for the signed-in caller (state and user
/// id), or answers `Unauthorized` without running it.
pub async fn with_caller<T, F, Fut>(op: F) -> Result<T, AppError>
where
    F: FnOnce(AppState, Uuid) -> Fut,
    Fut: Future<Output = Result<T, AppError>>,
{
    with_session(async move |state, caller| op(state, caller.user_id).await).await
}

/// Like `with_caller`, with the whole `Caller` (user and session), for the
/// functions that act on the session itself (log-out, password change).
pub async fn with_session<T, F, Fut>(op: F) -> Result<T, AppError>
where
    F: FnOnce(AppState, Caller) -> Fut,
    Fut: Future<Output = Result<T, AppError>>,
{
    with_state(async move |state| {
        let caller = signed_in(&state).await?;
        op(state, caller).await
    })
    .await
}

/// The one place server functions authenticate: a valid token (bearer or
/// cookie) whose server-side session is live.
pub async fn signed_in(state: &AppState) -> Result<Caller, AppError> {
    let parts = request_parts()?;
    auth::authenticate(&state.keys, &state.sessions, state.cookie, &parts.headers).await
}

/// The language of the page that called (its cookie or Accept-Language).
pub fn page_lang() -> crate::i18n::Lang {
    request_parts()
        .map(|parts| crate::i18n::Lang::of_request(&parts.headers))
        .unwrap_or_default()
}

fn request_parts() -> Result<http::request::Parts, AppError> {
    use_context::<http::request::Parts>()
        .ok_or_else(|| AppError::internal("server function context", "request parts are missing"))
}

pub fn set_session_cookie(state: &AppState, token: &str) {
    let value = state.cookie.set(token, state.keys.ttl.as_secs());
    append_set_cookie(value);
}

pub fn clear_session_cookie(state: &AppState) {
    append_set_cookie(state.cookie.clear());
}

/// Remembers the page's language for a year (not HttpOnly-sensitive: it
/// holds nothing secret, but no script needs it either).
pub fn set_language_cookie(state: &AppState, lang: crate::i18n::Lang) {
    let secure = if state.cookie.secure() {
        "; Secure"
    } else {
        ""
    };
    let value = format!(
        "{}={}; Path=/; HttpOnly; SameSite=Lax; Max-Age=31536000{secure}",
        crate::i18n::COOKIE,
        lang.tag()
    );
    if let Ok(value) = http::HeaderValue::from_str(&value) {
        append_set_cookie(value);
    }
}

fn append_set_cookie(value: http::HeaderValue) {
    if let Some(res) = use_context::<ResponseOptions>() {
        res.append_header(http::header::SET_COOKIE, value);
    }
}
