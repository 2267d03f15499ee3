//! Static files (the WASM, its JS glue, the stylesheet, the vendored
//! Socket.IO client, the favicon) and how long browsers may keep them.
//!
//! The release build writes `.br` and `.gz` copies next to each file
//! (`cargo leptos build --release --precompress`); they are served as they
//! are when the browser accepts them, so nothing is compressed per request.
//!
//! Caching follows the names:
//! - `/pkg/livetodo.<hash>.{js,wasm,css}`: the name changes with the
//!   content (cargo-leptos `hash-files`), so browsers may keep them a year
//!   without asking again.
//! - `/vendor/socket.io-client-<version>.esm.min.js`: named by its pinned
//!   npm version, which never changes content; kept a year as well.
//! - anything else (the favicon, or `/pkg/` in a build without hashed names):
//!   revalidated on every use; unchanged files answer 304.
//!
//! Unknown paths fall through to Leptos, which renders the 404 page.

use axum::{
    Router,
    extract::{Request, State},
    http::{HeaderValue, header},
    middleware::{self, Next},
    response::Response,
};
use tower_http::services::ServeDir;

use crate::server::state::AppState;
use crate::ui::shell;

const IMMUTABLE: &str = "public, max-age=31536000, immutable";
const REVALIDATE: &str = "no-cache";

/// The router's fallback: a file from the site root, else the 404 page.
pub fn router(state: &AppState) -> Router {
    let not_found = axum::handler::Handler::with_state(
        leptos_axum::file_and_error_handler::<AppState, _>(shell),
        state.clone(),
    );
    let files = ServeDir::new(state.leptos_options.site_root.as_ref())
        .precompressed_br()
        .precompressed_gzip()
        // A POST to an unknown path gets the 404 page too, not a bare 405.
        .call_fallback_on_method_not_allowed(true)
        .fallback(not_found);
    Router::new()
        .fallback_service(files)
        .layer(middleware::from_fn_with_state(
            state.leptos_options.hash_files,
            cache_policy,
        ))
}

/// Sets `Cache-Control` on files actually served (200, 206, 304).
async fn cache_policy(State(hashed_names): State<bool>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    let mut res = next.run(req).await;
    let served = res.status().is_success() || res.status() == http::StatusCode::NOT_MODIFIED;
    if served && !res.headers().contains_key(header::CACHE_CONTROL) {
        let policy = if is_immutable(&path, hashed_names) {
            IMMUTABLE
        } else {
            REVALIDATE
        };
        res.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    }
    res
}

/// Whether `path` names content that can never change under that name.
fn is_immutable(path: &str, hashed_names: bool) -> bool {
    (hashed_names && path.starts_with("/pkg/"))
        || (path.starts_with("/vendor/socket.io-client-") && path.ends_with(".js"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_names_that_change_with_their_content_are_immutable() {
        assert!(is_immutable("/pkg/livetodo.AbC.wasm", true));
        assert!(!is_immutable("/pkg/livetodo.wasm", false));
        assert!(is_immutable(
            "/vendor/socket.io-client-4.8.4.esm.min.js",
            false
        ));
        assert!(!is_immutable("/favicon.svg", true));
    }
}
