//! What a server function needs from the request it runs in: the app state
//! and the authenticated caller (both provided by `leptos_axum` through
//! context), and a way to set or clear the session cookie on its response.

use leptos::prelude::*;
use leptos_axum::ResponseOptions;
use uuid::Uuid;

use super::auth;
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
        }
    }
    result
}

pub fn state() -> Result<AppState, AppError> {
    use_context::<AppState>()
        .ok_or_else(|| AppError::internal("server function context", "AppState is missing"))
}

/// The state and the id of the signed-in caller, or `Unauthorized`.
pub fn caller() -> Result<(AppState, Uuid), AppError> {
    let state = state()?;
    let parts = use_context::<http::request::Parts>().ok_or_else(|| {
        AppError::internal("server function context", "request parts are missing")
    })?;
    let caller = auth::authenticate(&state.keys, state.cookie, &parts.headers)?;
    Ok((state, caller.user_id))
}

/// The log-in session (`sid`) of the request's valid session cookie, if any.
pub fn cookie_session(state: &AppState) -> Option<String> {
    let parts = use_context::<http::request::Parts>()?;
    let token = state.cookie.read(&parts.headers)?;
    state.keys.verify(&token).ok().map(|claims| claims.sid)
}

pub fn set_session_cookie(state: &AppState, token: &str) {
    let value = state.cookie.set(token, state.keys.ttl.as_secs());
    append_set_cookie(value);
}

pub fn clear_session_cookie(state: &AppState) {
    append_set_cookie(state.cookie.clear());
}

fn append_set_cookie(value: http::HeaderValue) {
    if let Some(res) = use_context::<ResponseOptions>() {
        res.append_header(http::header::SET_COOKIE, value);
    }
}
