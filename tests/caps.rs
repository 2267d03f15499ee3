//! Caps (issue 6, per list since issue 8): todos per list, through both
//! doors. (Sockets per user: tests/socket_limits.rs; members per list and
//! lists per user: tests/lists_api.rs.)

mod common;

use common::{spawn_app_with, status_json};
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn a_list_at_the_todo_cap_gets_409_naming_todos_at_either_door() {
    // Setup
    let app = spawn_app_with(&[("MAX_TODOS_PER_LIST", "2")]).await;
    let (full, other) = (app.register("full").await, app.register("roomy").await);
    let cookie = app.session_cookie(&full.user.email).await;
    for title in ["one", "two"] {
        app.create_todo(&full.access_token, json!({ "title": title }))
            .await;
    }
    // Exec
    let api = app
        .post(
            &full.access_token,
            "/api/v1/todos",
            json!({"title": "three"}),
        )
        .send()
        .await
        .expect("create");
    let page = app
        .server_fn(&cookie, "todos/add", &[("title", "three")])
        .await;
    // Check
    let (status, body) = status_json(api).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(
        body,
        json!({"error": "todos: at most 2 per list", "field": "todos"})
    );
    assert_eq!(page.status(), StatusCode::CONFLICT);
    app.create_todo(&other.access_token, json!({"title": "fine"}))
        .await;
    // The same user's other list has room of its own.
    let (status, list) = status_json(
        app.post(&full.access_token, "/api/v1/lists", json!({"name": "more"}))
            .send()
            .await
            .expect("create a list"),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    app.create_todo(
        &full.access_token,
        json!({"title": "three", "listId": list["id"]}),
    )
    .await;
}
