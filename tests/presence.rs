//! Presence on namespace `/presence` (SPEC §6) with real `rust_socketio`
//! clients: membership-checked join, one entry per user however many tabs,
//! editing markers, leave and disconnect.

mod common;

use common::socket::{Recorder, ask, open_with, presence_at};
use common::{TestApp, spawn_app};
use livetodo::domain::AuthResponse;
use reqwest::StatusCode;
use rust_socketio::asynchronous::{Client, ClientBuilder};
use serde_json::{Value, json};

async fn presence_socket(app: &TestApp, token: &str) -> (Client, Recorder) {
    presence_at(&app.base, token).await
}

async fn shared_list(app: &TestApp, owner: &AuthResponse, with: &AuthResponse) -> String {
    let list = app.create_list(&owner.access_token, "Shared").await;
    app.share(&owner.access_token, &list, &with.user.username)
        .await;
    list
}

/// The usernames (and what each edits) of the last `presence` set received.
fn last_set(recorder: &Recorder) -> Vec<(String, Value)> {
    recorder
        .named("presence")
        .last()
        .map(|set| {
            set["users"]
                .as_array()
                .unwrap()
                .iter()
                .map(|u| {
                    (
                        u["username"].as_str().unwrap().to_owned(),
                        u["editing"].clone(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

async fn wait_for_set(recorder: &Recorder, want: &[(&str, Value)]) {
    let want: Vec<(String, Value)> = want
        .iter()
        .map(|(n, e)| ((*n).to_owned(), e.clone()))
        .collect();
    recorder
        .wait_until(&format!("presence {want:?}"), |_| {
            last_set(recorder) == want
        })
        .await;
}

#[tokio::test]
async fn a_stranger_is_denied_whatever_the_list() {
    let app = spawn_app().await;
    let (ann, bob, eve) = (
        app.register("ann").await,
        app.register("bob").await,
        app.register("eve").await,
    );
    let list = shared_list(&app, &ann, &bob).await;
    let (eve_client, _) = presence_socket(&app, &eve.access_token).await;
    let denied = json!({ "success": false, "error": "Access denied" });
    for list_id in [
        json!(list),
        json!(uuid::Uuid::new_v4()),
        json!("not-an-id"),
        json!(7),
    ] {
        let answer = ask(&eve_client, "presence:join", json!({ "listId": list_id })).await;
        assert_eq!(answer, denied, "{list_id}");
    }
    let answer = ask(&eve_client, "presence:join", json!("nonsense")).await;
    assert_eq!(answer, denied);

    // A refused handshake never joins the namespace.
    let (_c, anonymous) = open_with(
        ClientBuilder::new(app.base.clone())
            .namespace("/presence")
            .reconnect(false)
            .auth(json!({ "token": "forged" })),
    )
    .await;
    anonymous.wait_for("error", 1).await;
    assert!(anonymous.named("connect").is_empty());
}

#[tokio::test]
async fn members_see_each_other_once_with_what_they_edit_until_they_leave() {
    let app = spawn_app().await;
    let (ann, bob) = (app.register("ann").await, app.register("bob").await);
    let list = shared_list(&app, &ann, &bob).await;
    let (ann_tab, ann_seen) = presence_socket(&app, &ann.access_token).await;
    let (bob_phone, _) = presence_socket(&app, &bob.access_token).await;
    let (bob_laptop, bob_seen) = presence_socket(&app, &bob.access_token).await;
    let (a, b) = (ann.user.username.as_str(), bob.user.username.as_str());
    let mut both = [(a, Value::Null), (b, Value::Null)];
    both.sort_by_key(|x| x.0.to_lowercase());

    let answer = ask(&ann_tab, "presence:join", json!({ "listId": list })).await;
    assert_eq!(answer["success"], true);
    assert_eq!(
        answer["users"],
        json!([{ "id": ann.user.id, "username": a, "editing": null }])
    );
    for bob_socket in [&bob_phone, &bob_laptop] {
        let answer = ask(bob_socket, "presence:join", json!({ "listId": list })).await;
        assert_eq!(answer["success"], true);
    }
    // Two tabs of Bob's: one entry.
    wait_for_set(&ann_seen, &both).await;
    assert_eq!(
        ann_seen.named("presence").last().unwrap()["listId"],
        json!(list)
    );

    let todo = app
        .create_todo(
            &bob.access_token,
            json!({ "title": "Milk", "listId": list }),
        )
        .await;
    bob_laptop
        .emit(
            "presence:editing",
            json!({ "listId": list, "todoId": todo["id"] }),
        )
        .await
        .unwrap();
    let editing: Vec<(&str, Value)> = both
        .iter()
        .map(|(n, _)| {
            (
                *n,
                if *n == b {
                    todo["id"].clone()
                } else {
                    Value::Null
                },
            )
        })
        .collect();
    wait_for_set(&ann_seen, &editing).await;
    bob_laptop
        .emit(
            "presence:editing",
            json!({ "listId": list, "todoId": null }),
        )
        .await
        .unwrap();
    wait_for_set(&ann_seen, &both).await;

    // Bob's laptop leaves: his phone still has the list open.
    bob_laptop
        .emit("presence:leave", json!({ "listId": list }))
        .await
        .unwrap();
    ann_tab
        .emit(
            "presence:editing",
            json!({ "listId": list, "todoId": todo["id"] }),
        )
        .await
        .unwrap();
    let ann_editing: Vec<(&str, Value)> = both
        .iter()
        .map(|(n, _)| {
            (
                *n,
                if *n == a {
                    todo["id"].clone()
                } else {
                    Value::Null
                },
            )
        })
        .collect();
    wait_for_set(&ann_seen, &ann_editing).await;
    // The laptop left: it hears nothing more of the list.
    let heard = bob_seen.named("presence").len();

    // The phone disconnects: Bob is gone.
    bob_phone.disconnect().await.unwrap();
    wait_for_set(&ann_seen, &[(a, todo["id"].clone())]).await;
    assert_eq!(bob_seen.named("presence").len(), heard);
}

#[tokio::test]
async fn a_removed_member_leaves_the_presence_at_once() {
    let app = spawn_app().await;
    let (ann, bob) = (app.register("ann").await, app.register("bob").await);
    let list = shared_list(&app, &ann, &bob).await;
    let (ann_tab, ann_seen) = presence_socket(&app, &ann.access_token).await;
    let (bob_tab, _) = presence_socket(&app, &bob.access_token).await;
    for client in [&ann_tab, &bob_tab] {
        assert_eq!(
            ask(client, "presence:join", json!({ "listId": list })).await["success"],
            true
        );
    }
    let (a, b) = (ann.user.username.as_str(), bob.user.username.as_str());
    let mut both = [(a, Value::Null), (b, Value::Null)];
    both.sort_by_key(|x| x.0.to_lowercase());
    wait_for_set(&ann_seen, &both).await;

    let res = app
        .delete(
            &ann.access_token,
            &format!("/api/v1/lists/{list}/members/{}", bob.user.id),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    wait_for_set(&ann_seen, &[(a, Value::Null)]).await;
    // And he cannot come back in.
    let answer = ask(&bob_tab, "presence:join", json!({ "listId": list })).await;
    assert_eq!(answer["success"], false);
}
