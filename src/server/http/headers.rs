//! Security headers on every answer, and the page's Content-Security-Policy.
//!
//! Each request gets a fresh CSP nonce, made here and kept in the request's
//! extensions. The page shell adopts it (`adopt_request_nonce`) so that Leptos
//! writes it on its hydration `<script>`; once the answer comes back, an HTML
//! body gets a policy naming that nonce, anything else a policy that allows
//! nothing at all. Making the nonce here rather than reading Leptos' own
//! keeps the header and the page in step by construction.

use axum::{
    extract::{Request, State},
    http::{HeaderValue, header},
    middleware::Next,
    response::Response,
};
use leptos::nonce::Nonce;
use std::sync::Arc;

use crate::server::config::Config;

/// What the headers depend on, worked out once from the configuration.
#[derive(Clone, Debug)]
pub struct HeaderPolicy {
    /// `connect-src` sources besides `'self'`: the WebSocket form of each app
    /// origin (older browsers do not count `ws:` as `'self'`).
    connect_src: String,
    https: bool,
}

impl HeaderPolicy {
    pub fn new(config: &Config) -> Arc<Self> {
        let mut sockets: Vec<String> = config
            .app_origins
            .iter()
            .map(|o| o.replacen("http", "ws", 1))
            .collect();
        if config.dev_mode {
            // `cargo leptos watch` reloads the page through its own port.
            let port = config.reload_port;
            sockets.push(format!("ws://127.0.0.1:{port} ws://localhost:{port}"));
        }
        Arc::new(Self {
            connect_src: sockets.join(" "),
            https: config.serves_https(),
        })
    }

    /// The policy of an HTML page whose inline scripts carry `nonce`.
    ///
    /// `'self'` rather than `'strict-dynamic'` for scripts: Leptos preloads
    /// its JS with a `<link rel=modulepreload>` that carries no nonce, which
    /// `'strict-dynamic'` would block. Same-origin scripts are ours only: the
    /// API answers JSON with `nosniff`, so no answer of ours runs as script.
    /// `'wasm-unsafe-eval'` lets the page compile its WASM, and nothing else.
    pub fn page_csp(&self, nonce: &str) -> String {
        let upgrade = if self.https {
            "; upgrade-insecure-requests"
        } else {
            ""
        };
        format!(
            "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
             style-src 'self'; img-src 'self' data:; font-src 'self'; \
             connect-src 'self' {}; object-src 'none'; base-uri 'none'; \
             form-action 'self'; frame-ancestors 'none'{upgrade}",
            self.connect_src
        )
    }
}

/// The policy of anything that is not a page (JSON, files, redirects): it may
/// not load or run anything, nor be framed. An SVG or a JSON body opened
/// directly in a tab stays inert.
const NON_PAGE_CSP: &str =
    "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/// The policy of the service worker's script (`public/sw.js`): it fetches
/// pages and files of this origin to keep them, and nothing else.
const WORKER_CSP: &str = "default-src 'none'; connect-src 'self'; frame-ancestors 'none'";
const WORKER_PATH: &str = "/sw.js";

/// HSTS for a year. No `includeSubDomains`: the app does not speak for every
/// host under its domain.
const HSTS: &str = "max-age=31536000";

pub async fn security_headers(
    State(policy): State<Arc<HeaderPolicy>>,
    mut req: Request,
    next: Next,
) -> Response {
    let nonce = Nonce::new();
    req.extensions_mut().insert(nonce.clone());
    let is_worker = req.uri().path() == WORKER_PATH;
    let mut res = next.run(req).await;

    let is_html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    let csp = if is_html {
        HeaderValue::from_str(&policy.page_csp(&nonce))
    } else if is_worker {
        Ok(HeaderValue::from_static(WORKER_CSP))
    } else {
        Ok(HeaderValue::from_static(NON_PAGE_CSP))
    };
    let headers = res.headers_mut();
    // The nonce is base64url and the origins were validated as URLs, so the
    // page policy is always a valid header; if it were not, the strictest
    // policy is the safe way to fail (the page then renders without scripts).
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        csp.unwrap_or(HeaderValue::from_static(NON_PAGE_CSP)),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    headers.insert(
        "cross-origin-opener-policy",
        HeaderValue::from_static("same-origin"),
    );
    if policy.https {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static(HSTS),
        );
    }
    // Pages, API answers and Socket.IO polls are per user and per moment:
    // no cache may keep them. Static files set their own policy first.
    if !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    res
}

/// Called by the page shell while it renders: makes Leptos use the nonce
/// `security_headers` put in the request, so the hydration script carries
/// the nonce the header names.
pub fn adopt_request_nonce() {
    use leptos::prelude::{provide_context, use_context};
    let nonce = use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<Nonce>().cloned());
    if let Some(nonce) = nonce {
        provide_context(nonce);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(pairs: &[(&str, &str)]) -> Arc<HeaderPolicy> {
        let map: std::collections::HashMap<_, _> = pairs.iter().copied().collect();
        let config = Config::from_lookup(|k| map.get(k).map(|v| v.to_string())).unwrap();
        HeaderPolicy::new(&config)
    }

    #[test]
    fn the_page_policy_names_the_nonce_and_the_socket_origins() {
        let csp = policy(&[("APP_ORIGINS", "https://todo.example.com")]).page_csp("abc");
        assert!(csp.contains("script-src 'self' 'nonce-abc' 'wasm-unsafe-eval';"));
        assert!(csp.contains("connect-src 'self' wss://todo.example.com;"));
        assert!(csp.contains("frame-ancestors 'none'"));
        assert!(csp.ends_with("upgrade-insecure-requests"));
        assert!(!csp.contains("unsafe-inline"));
    }
}
