//! The page's server functions over HTTP: their errors carry real statuses
//! and the same field-naming messages as the JSON API.

#![cfg(feature = "ssr")]

mod common;

use common::spawn_app;
use reqwest::StatusCode;

#[tokio::test]
async fn invalid_input_answers_400_naming_the_field() {
    let app = spawn_app().await;
    let user = app.register("sfv").await;
    let cookie = app.session_cookie(&user.user.email).await;

    let res = app
        .server_fn(&cookie, "todos/add", &[("title", "   ")])
        .await;

    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let body = res.text().await.unwrap();
    assert!(
        body.contains("title") && body.contains("must not be empty"),
        "{body}"
    );
}

#[tokio::test]
async fn no_session_answers_401_and_a_missing_todo_404() {
    let app = spawn_app().await;
    let user = app.register("sfa").await;
    let cookie = app.session_cookie(&user.user.email).await;

    let anonymous = app.server_fn("", "lists/open", &[]).await;
    let missing = app
        .server_fn(
            &cookie,
            "todos/toggle",
            &[("id", &uuid::Uuid::new_v4().to_string())],
        )
        .await;

    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_failed_plain_form_post_still_redirects_back() {
    let app = spawn_app().await;
    let user = app.register("sff").await;
    let cookie = app.session_cookie(&user.user.email).await;

    let res = app
        .plain_form_post(&cookie, "todos/add", &app.url("/"), &[("title", "")])
        .await;

    assert_eq!(res.status(), StatusCode::FOUND);
}

/// The field a server function's 400 names: its body is the encoded
/// `AppError`, `{"Invalid": {"field": …, "message": …}}`.
async fn invalid_field(res: reqwest::Response) -> (StatusCode, String) {
    let status = res.status();
    let body: serde_json::Value = res.json().await.unwrap_or_default();
    let field = body["Invalid"]["field"].as_str().unwrap_or_default();
    (status, field.to_owned())
}

#[tokio::test]
async fn an_undecodable_id_answers_400_naming_id() {
    // Setup
    let app = spawn_app().await;
    let user = app.register("sfid").await;
    let cookie = app.session_cookie(&user.user.email).await;

    // Exec
    let res = app
        .server_fn(&cookie, "todos/toggle", &[("id", "abc")])
        .await;

    // Check
    assert_eq!(
        invalid_field(res).await,
        (StatusCode::BAD_REQUEST, "id".into())
    );
}

#[tokio::test]
async fn a_missing_argument_answers_400_naming_it() {
    // Setup
    let app = spawn_app().await;
    let user = app.register("sfmiss").await;
    let cookie = app.session_cookie(&user.user.email).await;

    // Exec
    let res = app
        .server_fn(&cookie, "todos/add", &[("description", "no title")])
        .await;

    // Check
    assert_eq!(
        invalid_field(res).await,
        (StatusCode::BAD_REQUEST, "title".into())
    );
}

#[tokio::test]
async fn a_broken_json_body_answers_400_naming_the_body() {
    // Setup
    let app = spawn_app().await;
    let user = app.register("sfjson").await;
    let cookie = app.session_cookie(&user.user.email).await;

    // Exec
    let res = app
        .server_fn_raw(&cookie, "todos/update", "application/json", "{not json")
        .await;

    // Check
    assert_eq!(
        invalid_field(res).await,
        (StatusCode::BAD_REQUEST, "body".into())
    );
}

#[tokio::test]
async fn a_wrongly_typed_json_field_is_named_by_its_path() {
    // Setup
    let app = spawn_app().await;
    let user = app.register("sfpath").await;
    let cookie = app.session_cookie(&user.user.email).await;
    let body = serde_json::json!({
        "id": uuid::Uuid::new_v4(),
        "changes": {"completed": "yes"},
    });

    // Exec
    let res = app
        .server_fn_raw(
            &cookie,
            "todos/update",
            "application/json",
            &body.to_string(),
        )
        .await;

    // Check
    assert_eq!(
        invalid_field(res).await,
        (StatusCode::BAD_REQUEST, "changes.completed".into())
    );
}

#[tokio::test]
async fn an_undecodable_plain_form_post_still_redirects_back() {
    // Setup
    let app = spawn_app().await;
    let user = app.register("sfpf").await;
    let cookie = app.session_cookie(&user.user.email).await;

    // Exec
    let res = app
        .plain_form_post(&cookie, "todos/toggle", &app.url("/"), &[("id", "abc")])
        .await;

    // Check
    assert_eq!(res.status(), StatusCode::FOUND);
}
