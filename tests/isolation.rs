//! A user can never see or change another user's todos: another user's id
//! behaves exactly like a missing one, and the row stays as it was.

#![cfg(feature = "ssr")]

mod common;

use common::{spawn_app, status_json};
use reqwest::StatusCode;
use serde_json::{Value, json};

#[tokio::test]
async fn another_users_todo_is_not_found_and_unchanged() {
    // Setup
    let app = spawn_app().await;
    let alice = app.register("alice").await;
    let bob = app.register("bob").await;
    let todo = app
        .create_todo(&alice.access_token, json!({"title": "Alice's secret"}))
        .await;
    let path = format!("/api/v1/todos/{}", todo["id"].as_str().unwrap());
    let missing = format!("/api/v1/todos/{}", uuid::Uuid::new_v4());

    // Exec + Check: each of Bob's attempts answers like a missing todo
    for (theirs, nobodys) in [
        (
            app.get(&bob.access_token, &path),
            app.get(&bob.access_token, &missing),
        ),
        (
            app.patch(
                &bob.access_token,
                &path,
                json!({"title": "hacked", "completed": true}),
            ),
            app.patch(
                &bob.access_token,
                &missing,
                json!({"title": "hacked", "completed": true}),
            ),
        ),
        (
            app.delete(&bob.access_token, &path),
            app.delete(&bob.access_token, &missing),
        ),
    ] {
        let theirs = status_json(theirs.send().await.unwrap()).await;
        let nobodys = status_json(nobodys.send().await.unwrap()).await;
        assert_eq!(theirs.0, StatusCode::NOT_FOUND);
        assert_eq!(theirs, nobodys);
    }

    let still: Value = app.get_json(&alice.access_token, &path).await;
    assert_eq!(still, todo);
}

#[tokio::test]
async fn lists_hold_only_the_callers_todos() {
    let app = spawn_app().await;
    let alice = app.register("alice").await;
    let bob = app.register("bob").await;
    app.create_todo(&alice.access_token, json!({"title": "Alice's"}))
        .await;
    app.create_todo(&bob.access_token, json!({"title": "Bob's"}))
        .await;

    let bobs: Vec<Value> = app.get_json(&bob.access_token, "/api/v1/todos").await;

    assert_eq!(bobs.len(), 1);
    assert_eq!(bobs[0]["title"], "Bob's");
}

#[tokio::test]
async fn malformed_ids_are_plain_404s() {
    let app = spawn_app().await;
    let user = app.register("m").await;
    let res = app
        .get(&user.access_token, "/api/v1/todos/not-a-uuid")
        .send()
        .await
        .unwrap();
    let (status, body) = status_json(res).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["error"], "not found");
}
