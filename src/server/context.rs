//! What a server function needs from the request it runs in: the app state
//! and the authenticated caller (both provided by `leptos_axum` through
//! context), and a way to set or clear the session cookie on its response.

use leptos::prelude::*;
use leptos_axum::ResponseOptions;
use uuid::Uuid;

use super::auth::{self, Caller, cookie};
use super::state::AppState;
use crate::error::AppError;

/// Gives a server function's error its HTTP status (400, 401, 404, …)
/// instead of the blanket 500, so logs and clients can tell a typo from a
/// failure. Plain HTML form posts keep the redirect back to their page.
pub fn finish<T>(result: Result<T, AppError>) -> Result<T, AppError> {
    if let Err(e) = &result {
        let form_post = use_context::<http::request::Parts>().is_some_and(|parts| {
            parts
                .headers
                .get(http::header::ACCEPT)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.contains("text/html"))
        });
        if let (false, Some(res)) = (form_post, use_context::<ResponseOptions>()) {
            res.set_status(e.status());
            if let Some(secs) = e.retry_after_secs() {
                res.insert_header(http::header::RETRY_AFTER, secs.into());
            }
        }
    }
    result
}

pub fn state() -> Result<AppState, AppError> {
    use_context::<AppState>()
        .ok_or_else(|| AppError::internal("server function context", "AppState is missing"))
}

/// The state and the id of the signed-in caller, or `Unauthorized`.
pub async fn caller() -> Result<(AppState, Uuid), AppError> {
    let (state, caller) = signed_in().await?;
    Ok((state, caller.user_id))
}

/// The state and the whole `Caller` (user and session), or `Unauthorized`.
pub async fn signed_in() -> Result<(AppState, Caller), AppError> {
    let state = state()?;
    let parts = use_context::<http::request::Parts>().ok_or_else(|| {
        AppError::internal("server function context", "request parts are missing")
    })?;
    let caller = auth::authenticate(&state.keys, &state.sessions, &parts.headers).await?;
    Ok((state, caller))
}

pub fn set_session_cookie(state: &AppState, token: &str) {
    let value = cookie::set(token, state.keys.ttl.as_secs(), state.secure_cookies());
    append_set_cookie(value);
}

pub fn clear_session_cookie(state: &AppState) {
    append_set_cookie(cookie::clear(state.secure_cookies()));
}

fn append_set_cookie(value: http::HeaderValue) {
    if let Some(res) = use_context::<ResponseOptions>() {
        res.append_header(http::header::SET_COOKIE, value);
    }
}
