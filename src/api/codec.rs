//! How server-function arguments travel: server_fn's own form and JSON
//! encodings, except that an argument that cannot be decoded is reported as
//! `AppError::Invalid` naming the field (`id: UUID parsing failed…`,
//! `title: is required`) instead of an anonymous decoding error.
//!
//! server_fn hands a decoder's error to `FromServerFnError` only as a string,
//! so `ArgsError` displays as the JSON of the `AppError` it carries and
//! `AppError::from_server_fn_error` reads it back; the HTTP edge
//! (`server/http/server_fn_edge.rs`) then gives it its 400.

use leptos::server_fn::{
    Bytes, ContentType, Decodes, Encodes, Format, FormatType,
    codec::{JsonEncoding, Post},
};
use serde::{Serialize, de::DeserializeOwned};
use std::fmt;

use crate::error::AppError;

/// Form-encoded arguments (`a=1&b=2`): what a plain HTML form posts, so the
/// page keeps working without JavaScript.
pub type Form = Post<FormFields>;

/// JSON arguments, for functions that need `null` as distinct from absent.
pub type JsonArgs = Post<JsonFields>;

pub struct FormFields;

impl ContentType for FormFields {
    const CONTENT_TYPE: &'static str = "application/x-www-form-urlencoded";
}

impl FormatType for FormFields {
    const FORMAT_TYPE: Format = Format::Text;
}

impl<T: Serialize> Encodes<T> for FormFields {
    type Error = serde_qs::Error;

    fn encode(value: &T) -> Result<Bytes, Self::Error> {
        serde_qs::to_string(value).map(Bytes::from)
    }
}

impl<T: DeserializeOwned> Decodes<T> for FormFields {
    type Error = ArgsError;

    fn decode(bytes: Bytes) -> Result<T, ArgsError> {
        // server_fn's PostUrl settings: nesting depth 5, brackets may be
        // percent-encoded (browsers encode them in form bodies).
        let config = serde_qs::Config::new(5, false);
        let de = serde_qs::Deserializer::with_config(&config, &bytes)
            .map_err(|e| ArgsError(AppError::invalid("body", e.to_string())))?;
        serde_path_to_error::deserialize(de).map_err(|e| ArgsError::at(e.path(), e.inner(), false))
    }
}

pub struct JsonFields;

impl ContentType for JsonFields {
    const CONTENT_TYPE: &'static str = JsonEncoding::CONTENT_TYPE;
}

impl FormatType for JsonFields {
    const FORMAT_TYPE: Format = Format::Text;
}

impl<T: Serialize> Encodes<T> for JsonFields {
    type Error = serde_json::Error;

    fn encode(value: &T) -> Result<Bytes, Self::Error> {
        serde_json::to_vec(value).map(Bytes::from)
    }
}

impl<T: DeserializeOwned> Decodes<T> for JsonFields {
    type Error = ArgsError;

    fn decode(bytes: Bytes) -> Result<T, ArgsError> {
        let mut de = serde_json::Deserializer::from_slice(&bytes);
        serde_path_to_error::deserialize(&mut de).map_err(|e| {
            // A syntax error has no meaningful path: blame the body.
            let broken = e.inner().is_syntax() || e.inner().is_eof();
            ArgsError::at(e.path(), e.inner(), broken)
        })
    }
}

/// An argument that could not be decoded; displays as the JSON of its
/// `AppError` so that it survives server_fn's string-only error channel.
#[derive(Debug)]
pub struct ArgsError(pub AppError);

impl ArgsError {
    fn at(path: &serde_path_to_error::Path, err: &impl fmt::Display, broken: bool) -> Self {
        let path = path.to_string();
        let message = err.to_string();
        // serde reports a missing field at the parent's path ("."), with the
        // name only in its message: name that field instead.
        let missing = message
            .strip_prefix("missing field `")
            .and_then(|rest| rest.strip_suffix('`'));
        ArgsError(match missing {
            Some(field) if !broken => AppError::invalid(field, "is required"),
            _ if broken || path == "." => AppError::invalid("body", message),
            _ => AppError::invalid(&path, message),
        })
    }

    /// Reads back an error written by `Display`, if `text` is one.
    pub fn parse(text: &str) -> Option<AppError> {
        // `from_slice`, as server_fn reads error bodies: the browser build
        // then holds one `AppError` decoder, not two.
        serde_json::from_slice(text.as_bytes()).ok()
    }
}

impl fmt::Display for ArgsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match serde_json::to_string(&self.0) {
            Ok(json) => f.write_str(&json),
            Err(_) => write!(f, "{}", self.0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)] // only decoded
    struct Args {
        id: uuid::Uuid,
        title: String,
    }

    fn form(body: &'static str) -> Result<Args, AppError> {
        <FormFields as Decodes<Args>>::decode(Bytes::from(body)).map_err(|e| e.0)
    }

    #[test]
    fn form_decoding_errors_name_the_field() {
        assert_eq!(form("id=abc&title=x").unwrap_err().field(), Some("id"));
        let missing = form("id=7d0c6f0e-6c1b-4c57-9a39-2b1c1e0f4a10").unwrap_err();
        assert_eq!(missing.to_string(), "title: is required");
    }

    #[test]
    fn broken_json_blames_the_body_and_errors_survive_display() {
        let err = <JsonFields as Decodes<Args>>::decode(Bytes::from("{nope")).unwrap_err();
        assert_eq!(err.0.field(), Some("body"));
        assert_eq!(ArgsError::parse(&err.to_string()), Some(err.0));
    }
}
