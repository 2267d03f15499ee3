//! Middleware in front of every route.
//!
//! - `refuse_cross_site`: a browser sends our session cookie along with
//!   requests other sites trigger; SameSite=Lax stops most of them, this
//!   stops the rest. A state-changing request (or any `/api` request carrying
//!   the cookie) whose `Origin` is not one of the app's, or that the browser
//!   marks `Sec-Fetch-Site: cross-site`, is refused with 403. Requests with a
//!   bearer token are exempt: no browser attaches one by itself.
//! - `page_session`: sends visitors without a live session from `/` and
//!   `/account` to `/login` (and signed-in ones away from the log-in pages),
//!   and renews the cookie once less than half of its lifetime is left,
//!   never past the session's absolute end.

use axum::{
    extract::{Request, State},
    http::{HeaderMap, HeaderValue, Method, header},
    middleware::Next,
    response::{IntoResponse, Redirect, Response},
};

use crate::error::AppError;
use crate::server::auth::{self, Claims, sessions::token_expiry};
use crate::server::db::Session;
use crate::server::state::AppState;

pub async fn refuse_cross_site(
    State(state): State<AppState>,
    req: Request,
    next: Next,
) -> Response {
    let headers = req.headers();
    let unsafe_method = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    let has_cookie = state.cookie.read(headers).is_some();
    let api_with_cookie = has_cookie && req.uri().path().starts_with("/api/");
    if auth::bearer_token(headers).is_none()
        && (unsafe_method || api_with_cookie)
        && is_cross_site(headers, &state.config.app_origins)
    {
        tracing::warn!(
            origin = ?headers.get(header::ORIGIN),
            path = req.uri().path(),
            "refused a cross-site request"
        );
        return AppError::CrossSite.into_response();
    }
    next.run(req).await
}

/// Cross-site when the browser says so, or when an `Origin` is present and
/// not one of ours. No `Origin` at all is a script or an old browser's
/// same-origin GET: not cross-site.
pub fn is_cross_site(headers: &HeaderMap, app_origins: &[String]) -> bool {
    let fetch_site = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok());
    if fetch_site == Some("cross-site") {
        return true;
    }
    headers
        .get(header::ORIGIN)
        .is_some_and(|origin| !is_app_origin(origin, app_origins))
}

/// Exactly one of the configured origins (case-insensitive, trailing slash ignored).
fn is_app_origin(origin: &HeaderValue, app_origins: &[String]) -> bool {
    origin.to_str().is_ok_and(|o| {
        app_origins
            .iter()
            .any(|ours| ours.eq_ignore_ascii_case(o.trim_end_matches('/')))
    })
}

/// Socket.IO connections whose `Origin` is present and not one of the app's
/// are refused with 403 before socketioxide sees them: CORS does not stop a
/// WebSocket upgrade, and socketioxide has no Origin check of its own. No
/// `Origin` (scripts, the CLI, tests) is allowed; the token still decides.
pub async fn refuse_foreign_socket_origin(
    State(state): State<AppState>,
    req: Request,
    next: Next,
) -> Response {
    if req.uri().path().starts_with("/socket.io")
        && let Some(origin) = req.headers().get(header::ORIGIN)
        && !is_app_origin(origin, &state.config.app_origins)
    {
        tracing::warn!(
            ?origin,
            "refused a Socket.IO connection from a foreign origin"
        );
        return AppError::CrossSite.into_response();
    }
    next.run(req).await
}

pub async fn page_session(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let token = state.cookie.read(req.headers());
    let live = match token.as_deref() {
        Some(t) => auth::check_token(&state.keys, &state.sessions, t)
            .await
            .ok(),
        None => None,
    };

    if req.method() == Method::GET {
        let path = req.uri().path();
        let signed_in_only = matches!(path, "/" | "/account") || path.starts_with("/lists/");
        match (path, &live) {
            (_, None) if signed_in_only => {
                let mut res = Redirect::to("/login").into_response();
                if token.is_some() {
                    // Expired, forged, or its session has ended: drop it.
                    set_cookie(&mut res, state.cookie.clear());
                }
                return res;
            }
            ("/login" | "/register", Some(_)) => return Redirect::to("/").into_response(),
            _ => {}
        }
    }

    let mut res = next.run(req).await;
    // Keep a cookie the handler itself set (log-in, log-out) untouched.
    if let Some((claims, session)) = live
        && !res.headers().contains_key(header::SET_COOKIE)
        && let Some(renewed) = renewal(&state, &claims, &session)
    {
        set_cookie(&mut res, renewed);
    }
    res
}

/// A fresh cookie once less than half of the token's lifetime is left; the
/// new token never outlives its session, and once the session's absolute end
/// is the limit there is nothing left to renew.
fn renewal(state: &AppState, claims: &Claims, session: &Session) -> Option<HeaderValue> {
    let now = chrono::Utc::now().timestamp();
    let ttl = state.keys.ttl.as_secs() as i64;
    if claims.remaining(now) >= ttl / 2 {
        return None;
    }
    let expires = token_expiry(state.keys.ttl, session.expires_at);
    if expires.timestamp() <= claims.exp {
        return None;
    }
    let token = state
        .keys
        .issue(session.user_id, session.id, expires)
        .ok()?;
    let max_age = (expires.timestamp() - now).max(0) as u64;
    Some(state.cookie.set(&token, max_age))
}

fn set_cookie(res: &mut Response, value: HeaderValue) {
    res.headers_mut().append(header::SET_COOKIE, value);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        pairs
            .iter()
            .map(|(k, v)| {
                (
                    header::HeaderName::from_static(k),
                    HeaderValue::from_static(v),
                )
            })
            .collect()
    }

    #[test]
    fn origins_are_compared_exactly_and_fetch_metadata_wins() {
        let ours = vec!["http://127.0.0.1:3000".to_owned()];
        assert!(!is_cross_site(&headers(&[]), &ours));
        assert!(!is_cross_site(
            &headers(&[("origin", "http://127.0.0.1:3000")]),
            &ours
        ));
        assert!(is_cross_site(
            &headers(&[("origin", "http://127.0.0.1:3001")]),
            &ours
        ));
        assert!(is_cross_site(&headers(&[("origin", "null")]), &ours));
        assert!(is_cross_site(
            &headers(&[("sec-fetch-site", "cross-site")]),
            &ours
        ));
    }
}
