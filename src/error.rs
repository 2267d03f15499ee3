//! The one error type of LiveTodo, shared by both builds so that a server
//! function's failure reaches the page intact (it implements
//! `FromServerFnError`), and turned into a JSON answer by the HTTP API.
//!
//! Expected failures carry a message for the user that names the field or the
//! cause. Unexpected ones are logged with detail where they happen (see
//! `AppError::internal`) and travel as the bare `Internal` variant, so no
//! database message or stack ever reaches a client.

use leptos::server_fn::{
    codec::JsonEncoding,
    error::{FromServerFnError, ServerFnErrorErr},
};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// Bad input: the field (wire name) and the rule it broke.
    #[error("{field}: {message}")]
    Invalid { field: String, message: String },
    /// A unique value is already used by another account.
    #[error("{field}: is already taken")]
    Taken { field: String },
    /// Unknown email and wrong password answer alike, on purpose.
    #[error("invalid email or password")]
    BadCredentials,
    #[error("not signed in or the session has expired")]
    Unauthorized,
    #[error("cross-site request refused")]
    CrossSite,
    /// A member asked for what only the list's owner may do.
    #[error("only the list's owner may {0}")]
    OwnerOnly(String),
    /// A todo that does not exist and one that belongs to someone else are
    /// indistinguishable.
    #[error("not found")]
    NotFound,
    /// What a field names does not exist (an account to share a list with).
    #[error("{field}: no such account")]
    NoSuch { field: String },
    /// The request contradicts the state it would change (deleting your
    /// last owned list); `field` names what is in the way.
    #[error("{field}: {message}")]
    Conflict { field: String, message: String },
    /// `ifVersion` named a version the todo has moved on from; nothing was
    /// written. Carries the todo as it now is (SPEC §7).
    #[error("version: changed since you loaded it")]
    Stale { current: Box<crate::domain::Todo> },
    #[error("request body too large")]
    TooLarge,
    /// One client asked too often (see `server::limits`); it may try again
    /// after `retry_after_secs` (the `Retry-After` header of the 429).
    #[error("too many requests; try again in {retry_after_secs} s")]
    RateLimited { retry_after_secs: u64 },
    /// The server is at capacity (password hashing is queued too long); the
    /// request was not attempted and may be retried (503 with `Retry-After`).
    #[error("the server is busy; try again in {retry_after_secs} s")]
    Busy { retry_after_secs: u64 },
    /// A cap is reached (`field` names what is capped, `per` what it is
    /// counted in: "user", "list").
    #[error("{field}: at most {limit} per {per}")]
    LimitReached {
        field: String,
        limit: u64,
        per: String,
    },
    /// The body's `Content-Type` is not the one the endpoint decodes.
    #[error("Content-Type must be {0}")]
    UnsupportedMediaType(String),
    #[error("something went wrong on our side; please try again")]
    Internal,
    /// The request never reached our code (network down, bad encoding, …).
    #[error("request failed: {0}")]
    Transport(String),
}

impl AppError {
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        AppError::Invalid {
            field: field.to_owned(),
            message: message.into(),
        }
    }

    /// The field an error is about, if any (the `field` of the JSON answer).
    pub fn field(&self) -> Option<&str> {
        match self {
            AppError::Invalid { field, .. }
            | AppError::Taken { field }
            | AppError::NoSuch { field }
            | AppError::Conflict { field, .. }
            | AppError::LimitReached { field, .. } => Some(field),
            AppError::Stale { .. } => Some("version"),
            _ => None,
        }
    }

    /// Seconds after which the request may be repeated (`Retry-After`).
    pub fn retry_after_secs(&self) -> Option<u64> {
        match self {
            AppError::RateLimited { retry_after_secs } | AppError::Busy { retry_after_secs } => {
                Some(*retry_after_secs)
            }
            _ => None,
        }
    }

    /// Logs an unexpected failure with all its detail and returns the generic
    /// error the caller will see.
    #[cfg(feature = "ssr")]
    pub fn internal(context: &str, err: impl std::fmt::Display) -> Self {
        tracing::error!(%err, "{context}");
        AppError::Internal
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    /// Arguments our codecs could not decode arrive as the JSON of an
    /// `Invalid` error (see `api::codec`); anything else is a transport failure.
    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        if let ServerFnErrorErr::Deserialization(text) | ServerFnErrorErr::Args(text) = &value
            && let Some(err) = crate::api::codec::ArgsError::parse(text)
        {
            return err;
        }
        AppError::Transport(value.to_string())
    }
}
