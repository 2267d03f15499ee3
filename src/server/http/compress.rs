//! Compression of dynamic answers (pages, JSON) for clients that accept it.
//! Static files are not compressed here: they are served from the `.br` and
//! `.gz` copies the release build writes (see `assets`), and an answer that
//! already has a `Content-Encoding` is passed through untouched.
//!
//! Only the types of the list are compressed (HTML, JSON, CSS,
//! JavaScript, WASM, SVG). Socket.IO is left alone: its WebSocket upgrade has
//! no body anyway, and its long-polling answers are small `text/plain`
//! batches that a stalled proxy buffer must not hold back.

use axum::http::{HeaderMap, StatusCode, Version, header};
use tower_http::compression::{
    CompressionLayer,
    predicate::{DefaultPredicate, Predicate},
};

/// Brotli or gzip, whichever the client prefers, for compressible types.
pub fn layer() -> CompressionLayer<impl Predicate> {
    CompressionLayer::new()
        .br(true)
        .gzip(true)
        .compress_when(DefaultPredicate::new().and(compressible))
}

const COMPRESSIBLE: [&str; 7] = [
    "text/html",
    "application/json",
    "text/css",
    "text/javascript",
    "application/javascript",
    "application/wasm",
    "image/svg+xml",
];

fn compressible(
    _status: StatusCode,
    _version: Version,
    headers: &HeaderMap,
    _extensions: &http::Extensions,
) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| COMPRESSIBLE.iter().any(|t| ct.starts_with(t)))
}
