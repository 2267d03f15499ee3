//! A JSON body extractor whose failures name the field: `{"title": 5}` answers
//! `400 title: invalid type: integer ...` instead of a bare parse error, and an
//! oversized body answers 413 and a body that is not declared as JSON 415,
//! both in the API's error format.

use axum::{
    body::Bytes,
    extract::{FromRequest, Request},
    http::StatusCode,
};
use serde::de::DeserializeOwned;

use super::media::{content_type_is, has_body};
use crate::error::AppError;

const JSON: &str = "application/json";

pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, AppError> {
        // A form or text body is refused before it is read, rather than
        // parsed as JSON by accident. No body at all falls through to the
        // decoder, which names it.
        if has_body(req.headers()) && !content_type_is(req.headers(), JSON) {
            return Err(AppError::UnsupportedMediaType(JSON.to_owned()));
        }
        let bytes = Bytes::from_request(req, state).await.map_err(|e| {
            if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                AppError::TooLarge
            } else {
                AppError::invalid("body", e.body_text())
            }
        })?;
        let mut de = serde_json::Deserializer::from_slice(&bytes);
        serde_path_to_error::deserialize(&mut de)
            .map(ApiJson)
            .map_err(|e| {
                let path = e.path().to_string();
                // A syntax error has no meaningful path: blame the body.
                let broken = e.inner().is_syntax() || e.inner().is_eof() || path == ".";
                let field = if broken { "body" } else { path.as_str() };
                AppError::invalid(field, e.inner().to_string())
            })
    }
}
