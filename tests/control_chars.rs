//! Control characters never reach the database: they are refused with a 400
//! that names the field, through the JSON API and the page's server functions
//! alike. (A title starting with NUL used to pass validation, fail the
//! database's CHECK and answer 500.)

#![cfg(feature = "ssr")]

mod common;

use common::{spawn_app, status_json, unique_name};
use reqwest::StatusCode;
use serde_json::{Value, json};

#[tokio::test]
async fn a_nul_title_answers_400_through_the_json_api() {
    // Setup
    let app = spawn_app().await;
    let user = app.register("nul").await;

    // Exec
    let res = app
        .post(
            &user.access_token,
            "/api/v1/todos",
            json!({"title": "\0Buy milk"}),
        )
        .send()
        .await
        .expect("create request");

    // Check
    let (status, body) = status_json(res).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["field"], "title");
    let todos: Vec<Value> = app.get_json(&user.access_token, "/api/v1/todos").await;
    assert!(todos.is_empty());
}

#[tokio::test]
async fn a_nul_title_answers_400_through_a_server_function() {
    // Setup
    let app = spawn_app().await;
    let user = app.register("nulsf").await;
    let cookie = app.session_cookie(&user.user.email).await;

    // Exec
    let res = app
        .server_fn(&cookie, "todos/add", &[("title", "\0Buy milk")])
        .await;

    // Check
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let body = res.text().await.unwrap_or_default();
    assert!(body.contains("title") && body.contains("control"), "{body}");
}

#[tokio::test]
async fn c1_and_escape_characters_in_an_update_leave_the_todo_unchanged() {
    // Setup
    let app = spawn_app().await;
    let user = app.register("c1").await;
    let todo = app
        .create_todo(&user.access_token, json!({"title": "Stay"}))
        .await;
    let path = format!("/api/v1/todos/{}", todo["id"].as_str().unwrap_or_default());

    for (body, field) in [
        (json!({"title": "a\u{9b}b"}), "title"),
        (json!({"title": "\u{1b}[31mred"}), "title"),
        (json!({"description": "bell\u{7}"}), "description"),
    ] {
        // Exec
        let res = app
            .patch(&user.access_token, &path, body.clone())
            .send()
            .await
            .expect("patch request");

        // Check
        let (status, answer) = status_json(res).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(answer["field"], field, "{body}");
    }
    let after: Value = app.get_json(&user.access_token, &path).await;
    assert_eq!(after, todo);
}

#[tokio::test]
async fn descriptions_keep_tab_and_newline_and_store_crlf_as_lf() {
    // Setup
    let app = spawn_app().await;
    let user = app.register("crlf").await;

    // Exec
    let todo = app
        .create_todo(
            &user.access_token,
            json!({"title": "Lines", "description": "one\ttab\r\ntwo\nthree"}),
        )
        .await;

    // Check
    assert_eq!(todo["description"], "one\ttab\ntwo\nthree");
}

#[tokio::test]
async fn a_username_with_a_control_character_is_refused() {
    // Setup
    let app = spawn_app().await;
    let name = unique_name("ctl");

    // Exec
    let res = app
        .http
        .post(app.url("/api/v1/auth/register"))
        .json(&json!({
            "username": format!("{name}\u{0}"),
            "email": format!("{name}@example.com"),
            "password": "correct horse battery",
        }))
        .send()
        .await
        .expect("register request");

    // Check
    let (status, body) = status_json(res).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["field"], "username");
}
