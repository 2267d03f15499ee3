//! Reading a request's declared body: is there one, and of which media type.
//! Shared by the JSON API and the server-function edge, which both answer a
//! body they cannot decode with 415 before reading it.

use axum::http::{HeaderMap, header};

/// A request has a body when it says so; a bodiless call (no arguments,
/// no content type) is fine for any codec.
pub fn has_body(headers: &HeaderMap) -> bool {
    headers.contains_key(header::TRANSFER_ENCODING)
        || headers
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|len| len.trim() != "0")
}

/// Compares the media type only: parameters such as `charset` are ignored.
pub fn content_type_is(headers: &HeaderMap, expected: &str) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|essence| essence.trim().eq_ignore_ascii_case(expected))
}
