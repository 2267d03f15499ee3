//! A body of the wrong `Content-Type` is refused with 415 before it is read,
//! in the API's error shape `{"error": …}`: non-JSON on the JSON API, and on
//! a server function any type its codec does not decode.

#![cfg(feature = "ssr")]

mod common;

use common::{spawn_app, status_json};
use reqwest::StatusCode;
use serde_json::{Value, json};

#[tokio::test]
async fn a_form_body_on_the_json_api_answers_415() {
    // Setup
    let app = spawn_app().await;
    let user = app.register("ctapi").await;

    // Exec
    let res = app
        .http
        .post(app.url("/api/v1/todos"))
        .bearer_auth(&user.access_token)
        .form(&[("title", "Buy milk")])
        .send()
        .await
        .expect("create request");

    // Check
    let (status, body) = status_json(res).await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(
        body,
        json!({"error": "Content-Type must be application/json"})
    );
    let todos: Vec<Value> = app.get_json(&user.access_token, "/api/v1/todos").await;
    assert!(todos.is_empty());
}

#[tokio::test]
async fn json_with_a_charset_is_still_json() {
    // Setup
    let app = spawn_app().await;
    let user = app.register("ctcs").await;

    // Exec
    let res = app
        .http
        .post(app.url("/api/v1/todos"))
        .bearer_auth(&user.access_token)
        .header("content-type", "Application/JSON; charset=utf-8")
        .body(json!({"title": "Charset"}).to_string())
        .send()
        .await
        .expect("create request");

    // Check
    assert_eq!(res.status(), StatusCode::CREATED);
}

#[tokio::test]
async fn a_json_body_to_a_form_server_function_answers_415() {
    // Setup
    let app = spawn_app().await;
    let user = app.register("ctsf").await;
    let cookie = app.session_cookie(&user.user.email).await;

    // Exec
    let res = app
        .server_fn_raw(
            &cookie,
            "todos/add",
            "application/json",
            &json!({"title": "x"}).to_string(),
        )
        .await;

    // Check
    let (status, body) = status_json(res).await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(
        body,
        json!({"error": "Content-Type must be application/x-www-form-urlencoded"})
    );
}

#[tokio::test]
async fn a_form_body_to_the_json_server_function_answers_415() {
    // Setup
    let app = spawn_app().await;
    let user = app.register("ctsj").await;
    let cookie = app.session_cookie(&user.user.email).await;

    // Exec
    let res = app.server_fn(&cookie, "todos/update", &[("id", "x")]).await;

    // Check
    let (status, body) = status_json(res).await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(
        body,
        json!({"error": "Content-Type must be application/json"})
    );
}
