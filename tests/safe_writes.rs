//! Writes a client can retry and race safely (SPEC §7): a create carrying
//! its own todo id happens once however often it is sent, and `ifVersion`
//! refuses to overwrite a change the client has not seen.

#![cfg(feature = "ssr")]

mod common;

use common::{socket, spawn_app, status_json};
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn the_same_create_sent_three_times_at_once_makes_one_todo_and_one_event() {
    let app = spawn_app().await;
    let ann = app.register("ann").await;
    let (_socket, events) = socket::connected(&app, &ann.access_token).await;
    let id = "6a1f0c3e-2b7d-4e8a-9c5f-0d1e2f3a4b5c";
    let body = json!({ "id": id, "title": "Only once" });

    let sends = (0..3).map(|_| {
        app.post(&ann.access_token, "/api/v1/todos", body.clone())
            .send()
    });
    let answers = futures_util::future::join_all(sends).await;
    let again = app
        .post(&ann.access_token, "/api/v1/todos", body.clone())
        .send()
        .await
        .unwrap();

    let mut statuses: Vec<StatusCode> = answers
        .iter()
        .map(|r| r.as_ref().unwrap().status())
        .collect();
    statuses.sort();
    assert_eq!(
        statuses,
        [StatusCode::OK, StatusCode::OK, StatusCode::CREATED]
    );
    let (status, todo) = status_json(again).await;
    assert_eq!((status, todo["id"].as_str()), (StatusCode::OK, Some(id)));
    let all: Vec<serde_json::Value> = app.get_json(&ann.access_token, "/api/v1/todos").await;
    assert_eq!(all.len(), 1);
    // One event only: a later write's event arrives after it, and nothing
    // else came between.
    app.create_todo(&ann.access_token, json!({ "title": "after" }))
        .await;
    events.wait_for("todo:created", 2).await;
    let created = events.named("todo:created");
    assert_eq!(created.len(), 2);
    assert_eq!(created[0]["id"], id);
}

#[tokio::test]
async fn a_client_id_of_someone_elses_todo_is_refused_without_telling_whose() {
    let app = spawn_app().await;
    let ann = app.register("ann").await;
    let bob = app.register("bob").await;
    let id = "7b2a1d4f-3c8e-4f9b-8d6a-1e2f3a4b5c6d";
    app.create_todo(&ann.access_token, json!({ "id": id, "title": "Ann's" }))
        .await;

    let (status, body) = status_json(
        app.post(
            &bob.access_token,
            "/api/v1/todos",
            json!({ "id": id, "title": "Bob's" }),
        )
        .send()
        .await
        .unwrap(),
    )
    .await;
    let (bad_status, bad) = status_json(
        app.post(
            &bob.access_token,
            "/api/v1/todos",
            json!({ "id": "nope", "title": "x" }),
        )
        .send()
        .await
        .unwrap(),
    )
    .await;

    assert_eq!(
        (status, body["field"].as_str()),
        (StatusCode::CONFLICT, Some("id"))
    );
    assert!(!body.to_string().contains("Ann's"));
    assert_eq!(
        (bad_status, bad["field"].as_str()),
        (StatusCode::BAD_REQUEST, Some("id"))
    );
}

#[tokio::test]
async fn a_stale_if_version_writes_nothing_and_answers_the_current_todo() {
    let app = spawn_app().await;
    let ann = app.register("ann").await;
    let todo = app
        .create_todo(&ann.access_token, json!({ "title": "Milk" }))
        .await;
    let path = format!("/api/v1/todos/{}", todo["id"].as_str().unwrap());
    let moved = app
        .patch_json(
            &ann.access_token,
            &path,
            json!({ "title": "Oat milk", "ifVersion": 1 }),
        )
        .await;
    assert_eq!(moved["version"], 2);

    let (status, body) = status_json(
        app.patch(
            &ann.access_token,
            &path,
            json!({ "title": "Soy milk", "ifVersion": 1 }),
        )
        .send()
        .await
        .unwrap(),
    )
    .await;

    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(body["field"], "version");
    assert_eq!(body["error"], "version: changed since you loaded it");
    assert_eq!(body["current"]["title"], "Oat milk");
    assert_eq!(body["current"]["version"], 2);
    let now: serde_json::Value = app.get_json(&ann.access_token, &path).await;
    assert_eq!(now["title"], "Oat milk");
    // With the version it now has, the write goes through.
    let saved = app
        .patch_json(
            &ann.access_token,
            &path,
            json!({ "title": "Soy milk", "ifVersion": 2 }),
        )
        .await;
    assert_eq!(
        (saved["title"].as_str(), saved["version"].as_u64()),
        (Some("Soy milk"), Some(3))
    );
}
