//! The HTTP edge of the page's server functions (`/api/<endpoint>`): the one
//! place that gives their errors an HTTP status, and that refuses a body of
//! a content type their codec does not decode (415).
//!
//! Why a middleware: server_fn 0.8 answers every error with 500 (plus a
//! `serverfnerror` header and the encoded error as body) and has no hook on
//! the status. Setting `ResponseOptions` from inside a function's body misses
//! arguments that cannot be decoded, because those fail before any body runs.
//! Here every failure, decoding included, is read back as the `AppError` it
//! encodes and gets that error's status (400, 401, 404, …); only `Internal`
//! stays 500. Form posts from browsers without JavaScript (`Accept:
//! text/html`) were already turned into a redirect back by server_fn and
//! leptos_axum, so they are not 500 and pass through untouched.

use axum::{
    body::{Body, to_bytes},
    extract::Request,
    middleware::Next,
    response::{IntoResponse, Response},
};
use leptos::server_fn::{ContentType, Http, ServerFn};

use super::media::{content_type_is, has_body};
use crate::api::{account, auth, changes, language, lists, todos};
use crate::error::AppError;

/// Encoded `AppError`s are a few hundred bytes; anything bigger is not one.
const ERROR_BODY_MAX: usize = 16 * 1024;

pub async fn server_fn_edge(req: Request, next: Next) -> Response {
    let Some(expected) = input_content_type(req.uri().path()) else {
        return next.run(req).await;
    };
    if has_body(req.headers()) && !content_type_is(req.headers(), expected) {
        return AppError::UnsupportedMediaType(expected.to_owned()).into_response();
    }
    restatus(next.run(req).await).await
}

/// The media type a server function's input codec takes, read from the
/// function's own declaration (`input = Form` / `JsonArgs`), or `None` when
/// `path` is not a server function.
pub fn input_content_type(path: &str) -> Option<&'static str> {
    SERVER_FNS
        .iter()
        .find(|(fn_path, _)| *fn_path == path)
        .map(|(_, content_type)| *content_type)
}

/// Every server function of the crate; a unit test checks that none is
/// missing from this list.
const SERVER_FNS: [(&str, &str); 24] = [
    input_of::<auth::CurrentUser>(),
    input_of::<auth::Login>(),
    input_of::<auth::Register>(),
    input_of::<auth::Logout>(),
    input_of::<account::ChangePassword>(),
    input_of::<account::LogoutEverywhere>(),
    input_of::<account::DeleteAccount>(),
    input_of::<todos::ListTodos>(),
    input_of::<todos::AddTodo>(),
    input_of::<todos::UpdateTodo>(),
    input_of::<todos::ToggleTodo>(),
    input_of::<todos::DeleteTodo>(),
    input_of::<todos::ToggleAll>(),
    input_of::<todos::ClearCompleted>(),
    input_of::<lists::OpenList>(),
    input_of::<lists::MyLists>(),
    input_of::<changes::UndoChange>(),
    input_of::<changes::RecentChanges>(),
    input_of::<lists::CreateList>(),
    input_of::<lists::RenameList>(),
    input_of::<lists::DeleteList>(),
    input_of::<lists::AddMember>(),
    input_of::<lists::RemoveMember>(),
    input_of::<language::SetLanguage>(),
];

/// The input media type of an HTTP server function's protocol.
trait InputMediaType {
    const INPUT: &'static str;
}

impl<I: ContentType, O> InputMediaType for Http<I, O> {
    const INPUT: &'static str = I::CONTENT_TYPE;
}

const fn input_of<F>() -> (&'static str, &'static str)
where
    F: ServerFn,
    F::Protocol: InputMediaType,
{
    (F::PATH, <F::Protocol as InputMediaType>::INPUT)
}

/// Gives server_fn's blanket 500 the status of the error it carries.
async fn restatus(res: Response) -> Response {
    if !res.status().is_server_error() || !res.headers().contains_key("serverfnerror") {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let bytes = match to_bytes(body, ERROR_BODY_MAX).await {
        Ok(bytes) => bytes,
        Err(e) => {
            let _ = AppError::internal("reading a server function's error", e);
            return AppError::Internal.into_response();
        }
    };
    if let Ok(err) = serde_json::from_slice::<AppError>(&bytes) {
        parts.status = err.status();
        if let Some(secs) = err.retry_after_secs() {
            parts.headers.insert(http::header::RETRY_AFTER, secs.into());
        }
    }
    Response::from_parts(parts, Body::from(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_registered_server_function_is_listed() {
        for (path, _) in leptos::server_fn::axum::server_fn_paths() {
            assert!(
                input_content_type(path).is_some(),
                "{path} is not in SERVER_FNS"
            );
        }
    }

    #[test]
    fn codecs_decide_the_media_type() {
        assert_eq!(
            input_content_type("/api/todos/add"),
            Some("application/x-www-form-urlencoded")
        );
        assert_eq!(
            input_content_type("/api/todos/update"),
            Some("application/json")
        );
        assert_eq!(input_content_type("/api/v1/todos"), None);
    }
}
