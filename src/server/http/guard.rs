//! Middleware in front of every route.
//!
//! - `refuse_cross_site`: a browser sends our session cookie along with
//!   requests other sites trigger; SameSite=Lax stops most of them, this
//!   stops the rest. A state-changing request (or any `/api` request carrying
//!   the cookie) whose `Origin` is not one of the app's, or that the browser
//!   marks `Sec-Fetch-Site: cross-site`, is refused with 403. Requests with a
//!   bearer token are exempt: no browser attaches one by itself.
//! - `page_session`: sends visitors without a session from `/` to `/login`
//!   (and signed-in ones away from the log-in pages), and renews the cookie
//!   once less than half of its lifetime is left.

use axum::{
    extract::{Request, State},
    http::{HeaderMap, HeaderValue, Method, header},
    middleware::Next,
    response::{IntoResponse, Redirect, Response},
};

use crate::error::AppError;
use crate::server::auth;
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
    let claims = token.as_deref().and_then(|t| state.keys.verify(t).ok());

    if req.method() == Method::GET {
        match (req.uri().path(), &claims) {
            ("/", None) => {
                let mut res = Redirect::to("/login").into_response();
                if token.is_some() {
                    // An expired or forged cookie: drop it.
                    set_cookie(&mut res, state.cookie.clear());
                }
                return res;
            }
            ("/login" | "/register", Some(_)) => return Redirect::to("/").into_response(),
            _ => {}
        }
    }

    let mut res = next.run(req).await;
    if let Some(claims) = claims {
        let ttl = state.keys.ttl.as_secs() as i64;
        let renew = claims.remaining(chrono::Utc::now().timestamp()) < ttl / 2;
        // Keep a cookie the handler itself set (log-in, log-out) untouched.
        if renew && !res.headers().contains_key(header::SET_COOKIE) {
            let renewed = claims
                .user_id()
                .and_then(|user| state.keys.issue(user, Some(&claims.sid)));
            if let Ok(token) = renewed {
                set_cookie(&mut res, state.cookie.set(&token, ttl as u64));
            }
        }
    }
    res
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
