//! Request logging that never writes a secret. tower-http's default span
//! records the whole URI, and Socket.IO clients may carry their token in the
//! query (`/socket.io/?token=…`, SPEC §3): the span here records the method
//! and the path only, never the query, at every level.

use axum::http::Request;
use tower_http::{
    classify::{ServerErrorsAsFailures, SharedClassifier},
    trace::{MakeSpan, TraceLayer},
};
use tracing::Span;

/// The `TraceLayer` for the whole router.
pub fn trace_layer() -> TraceLayer<SharedClassifier<ServerErrorsAsFailures>, PathOnlySpan> {
    TraceLayer::new_for_http().make_span_with(PathOnlySpan)
}

/// A `request` span with `method` and `path`; the query is left out.
#[derive(Clone, Copy, Debug)]
pub struct PathOnlySpan;

impl<B> MakeSpan<B> for PathOnlySpan {
    fn make_span(&mut self, req: &Request<B>) -> Span {
        tracing::debug_span!(
            "request",
            method = %req.method(),
            path = req.uri().path(),
            version = ?req.version(),
        )
    }
}
