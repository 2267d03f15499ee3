//! Socket.IO requests get a request head of their own before socketioxide
//! keeps it.
//!
//! hyper parses a request without copying: the URI and every header value
//! are slices of the connection's read buffer (8–16 KiB). socketioxide keeps
//! the head of the request that opened a socket (`req_parts`, read by the
//! handshake) for the socket's whole life, and with it that entire buffer:
//! it was over half of what an idle socket cost (16 KiB of 30). Copying the
//! few hundred bytes that matter (the URI, axum's copy of it, the header
//! values) lets the buffer go as soon as the connection is upgraded.

use axum::{
    extract::{OriginalUri, Request},
    http::{HeaderMap, HeaderValue, Uri},
    middleware::Next,
    response::Response,
};

/// Where socketioxide is mounted (its default path).
const SOCKET_IO_PATH: &str = "/socket.io";

/// Middleware, outside the Socket.IO layer.
pub async fn own_request_head(mut req: Request, next: Next) -> Response {
    if req.uri().path().starts_with(SOCKET_IO_PATH) {
        own_headers(req.headers_mut());
        own_uri(req.uri_mut());
        if let Some(OriginalUri(original)) = req.extensions_mut().get_mut::<OriginalUri>() {
            own_uri(original);
        }
    }
    next.run(req).await
}

/// Replaces every header value with a copy that owns its bytes.
fn own_headers(headers: &mut HeaderMap) {
    for value in headers.values_mut() {
        // hyper already refused anything `from_bytes` would: the fallback
        // (keep the shared value) only costs memory, never correctness.
        if let Ok(mut owned) = HeaderValue::from_bytes(value.as_bytes()) {
            owned.set_sensitive(value.is_sensitive());
            *value = owned;
        }
    }
}

/// Replaces the URI with one that owns its bytes.
fn own_uri(uri: &mut Uri) {
    if let Ok(owned) = Uri::try_from(uri.to_string()) {
        *uri = owned;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_copies_are_equal_to_the_originals() {
        let mut headers = HeaderMap::new();
        headers.insert("cookie", HeaderValue::from_static("livetodo_session=abc"));
        let mut secret = HeaderValue::from_static("Bearer xyz");
        secret.set_sensitive(true);
        headers.insert("authorization", secret);
        let before = headers.clone();
        let mut uri: Uri = "/socket.io/?EIO=4&transport=websocket&token=t"
            .parse()
            .unwrap();
        let uri_before = uri.clone();

        own_headers(&mut headers);
        own_uri(&mut uri);

        assert_eq!(headers, before);
        assert!(headers["authorization"].is_sensitive());
        assert_eq!(uri, uri_before);
        assert_eq!(uri.query(), Some("EIO=4&transport=websocket&token=t"));
    }
}
