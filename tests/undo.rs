//! Undo (SPEC §7): each kind of todo change reversed through
//! `POST /api/v1/lists/{id}/changes/{seq}/undo`, as a new numbered change
//! the other members hear; 409 with the current todo when it moved on.

#![cfg(feature = "ssr")]

mod common;

use common::{TestApp, socket, spawn_app, status_json};
use reqwest::{Response, StatusCode};
use serde_json::{Value, json};

async fn undo(app: &TestApp, token: &str, list: &str, seq: u64) -> Response {
    app.post(
        token,
        &format!("/api/v1/lists/{list}/changes/{seq}/undo"),
        json!({}),
    )
    .send()
    .await
    .unwrap()
}

async fn latest_seq(app: &TestApp, token: &str, list: &str) -> u64 {
    let history: Vec<Value> = app
        .get_json(token, &format!("/api/v1/lists/{list}/changes?limit=1"))
        .await;
    history[0]["seq"].as_u64().unwrap()
}

#[tokio::test]
async fn creates_updates_completions_and_deletions_are_undone_for_everyone() {
    let app = spawn_app().await;
    let ann = app.register("ann").await;
    let bob = app.register("bob").await;
    let list = app.create_list(&ann.access_token, "Shared").await;
    app.share(&ann.access_token, &list, &bob.user.username)
        .await;
    let (_socket, bob_hears) = socket::connected(&app, &bob.access_token).await;
    let token = &ann.access_token;

    // Undo a create: the todo goes.
    let made = app
        .create_todo(token, json!({ "title": "Milk", "listId": list }))
        .await;
    let id = made["id"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/todos/{id}");
    let created = latest_seq(&app, token, &list).await;
    assert_eq!(
        undo(&app, token, &list, created).await.status(),
        StatusCode::NO_CONTENT
    );
    let gone = app.get(token, &path).send().await.unwrap();
    assert_eq!(gone.status(), StatusCode::NOT_FOUND);

    // Undo a deletion: it comes back with the same id.
    let deleted = latest_seq(&app, token, &list).await;
    let (status, back) = status_json(undo(&app, token, &list, deleted).await).await;
    assert_eq!(
        (status, back["id"].as_str()),
        (StatusCode::OK, Some(id.as_str()))
    );
    assert_eq!(back["title"], "Milk");

    // Undo an update and a completion: the fields come back.
    app.patch_json(
        token,
        &path,
        json!({ "title": "Oat milk", "priority": "high" }),
    )
    .await;
    let updated = latest_seq(&app, token, &list).await;
    app.patch_json(token, &path, json!({ "completed": true }))
        .await;
    let completed = latest_seq(&app, token, &list).await;
    let (status, reopened) = status_json(undo(&app, token, &list, completed).await).await;
    assert_eq!(
        (status, reopened["completed"].as_bool()),
        (StatusCode::OK, Some(false))
    );
    // The update cannot be undone now: the todo moved on (the completion and
    // its undo came after it). 409 carries the todo as it is.
    let (status, body) = status_json(undo(&app, token, &list, updated).await).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(body["field"], "version");
    assert_eq!(body["current"]["title"], "Oat milk");
    // The latest change, the completion's undo, can itself be undone.
    let last = latest_seq(&app, token, &list).await;
    let (status, again) = status_json(undo(&app, token, &list, last).await).await;
    assert_eq!(
        (status, again["completed"].as_bool()),
        (StatusCode::OK, Some(true))
    );

    // Bob heard every undo as an ordinary numbered event.
    bob_hears
        .wait_until("the undo events", |all| {
            all.iter().filter(|(n, _)| n.starts_with("todo:")).count() >= 7
        })
        .await;
    let names: Vec<String> = bob_hears
        .todo_events()
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    assert_eq!(
        names,
        [
            "todo:created",   // Milk
            "todo:deleted",   // its create undone
            "todo:created",   // that deletion undone
            "todo:updated",   // renamed
            "todo:completed", // completed
            "todo:updated",   // the completion undone
            "todo:completed", // and that undone
        ]
    );
}

#[tokio::test]
async fn only_members_undo_only_todo_changes_that_the_log_still_has() {
    let app = spawn_app().await;
    let ann = app.register("ann").await;
    let bob = app.register("bob").await;
    let carl = app.register("carl").await;
    let list = app.create_list(&ann.access_token, "Team").await;
    app.share(&ann.access_token, &list, &bob.user.username)
        .await; // seq 1
    app.create_todo(&ann.access_token, json!({ "title": "x", "listId": list }))
        .await; // seq 2

    let stranger = undo(&app, &carl.access_token, &list, 2).await;
    let (status, not_a_todo) = status_json(undo(&app, &ann.access_token, &list, 1).await).await;
    let missing = undo(&app, &ann.access_token, &list, 99).await;
    let bad = app
        .post(
            &ann.access_token,
            &format!("/api/v1/lists/{list}/changes/x/undo"),
            json!({}),
        )
        .send()
        .await
        .unwrap();
    let by_member = undo(&app, &bob.access_token, &list, 2).await;

    assert_eq!(stranger.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        (status, not_a_todo["field"].as_str()),
        (StatusCode::CONFLICT, Some("seq"))
    );
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
    assert_eq!(by_member.status(), StatusCode::NO_CONTENT);
}
