//! How an `AppError` answers an HTTP request: a status and the JSON body of
//! SPEC §2b, `{"error": "...", "field": "..."}`. Internal errors were already
//! logged where they happened; here they only become a generic 500.

use axum::{
    Json,
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use serde_json::json;

use crate::error::AppError;

impl AppError {
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::Invalid { .. } | AppError::Transport(_) => StatusCode::BAD_REQUEST,
            AppError::Taken { .. } => StatusCode::CONFLICT,
            AppError::BadCredentials | AppError::Unauthorized => StatusCode::UNAUTHORIZED,
            AppError::CrossSite | AppError::OwnerOnly(_) => StatusCode::FORBIDDEN,
            AppError::NotFound | AppError::NoSuch { .. } => StatusCode::NOT_FOUND,
            AppError::Conflict { .. } | AppError::Stale { .. } => StatusCode::CONFLICT,
            AppError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::Busy { .. } => StatusCode::SERVICE_UNAVAILABLE,
            AppError::LimitReached { .. } => StatusCode::CONFLICT,
            AppError::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            AppError::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let mut body = match self.field() {
            Some(field) => json!({ "error": self.to_string(), "field": field }),
            None => json!({ "error": self.to_string() }),
        };
        if let AppError::Stale { current } = &self {
            body["current"] = json!(current);
        }
        let mut res = (self.status(), Json(body)).into_response();
        if let Some(secs) = self.retry_after_secs() {
            res.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        res
    }
}
