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

    let anonymous = app.server_fn("", "todos/list", &[]).await;
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
