//! SPEC §6 on namespace `/`: events go to every member's sockets (and only
//! theirs), with the meta argument; sharing and removal take effect on
//! connected sockets at once, without reconnecting.

mod common;

use common::socket::connected;
use common::{TestApp, spawn_app_with};
use livetodo::domain::AuthResponse;
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::time::{Duration, Instant};

async fn app() -> TestApp {
    spawn_app_with(&[("RATE_WRITES_PER_USER", "off")]).await
}

async fn new_list(app: &TestApp, owner: &AuthResponse, name: &str) -> String {
    app.create_list(&owner.access_token, name).await
}

async fn share(app: &TestApp, owner: &AuthResponse, list: &str, with: &AuthResponse) {
    app.share(&owner.access_token, list, &with.user.username)
        .await;
}

async fn unshare(app: &TestApp, owner: &AuthResponse, list: &str, member: &AuthResponse) {
    let res = app
        .delete(
            &owner.access_token,
            &format!("/api/v1/lists/{list}/members/{}", member.user.id),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn a_member_gets_every_event_of_the_list_with_its_meta_a_stranger_none_of_100() {
    let app = app().await;
    let ann = app.register("ann").await;
    let bob = app.register("bob").await;
    let eve = app.register("eve").await;
    let list = new_list(&app, &ann, "Groceries").await;
    share(&app, &ann, &list, &bob).await;
    let (_b, bob_socket) = connected(&app, &bob.access_token).await;
    let (_e, eve_socket) = connected(&app, &eve.access_token).await;

    let op_id = uuid::Uuid::new_v4();
    let first = app
        .create_todo(
            &ann.access_token,
            json!({ "title": "item 0", "listId": list, "opId": op_id }),
        )
        .await;
    for i in 1..100 {
        app.create_todo(
            &ann.access_token,
            json!({ "title": format!("item {i}"), "listId": list }),
        )
        .await;
    }
    bob_socket.wait_for("todo:created", 100).await;
    let titles: Vec<Value> = bob_socket
        .named("todo:created")
        .iter()
        .map(|t| t["title"].clone())
        .collect();
    let expected: Vec<Value> = (0..100).map(|i| json!(format!("item {i}"))).collect();
    assert_eq!(titles, expected, "every event, in commit order");

    let metas = bob_socket.metas("todo:created");
    assert_eq!(metas[0]["listId"], json!(list));
    assert_eq!(metas[0]["opId"], json!(op_id));
    assert_eq!(
        metas[0]["actor"],
        json!({ "id": ann.user.id, "username": ann.user.username })
    );
    assert!(metas[0]["at"].as_str().unwrap().ends_with('Z'));
    assert_eq!(metas[1]["opId"], Value::Null);
    let seqs: Vec<u64> = metas.iter().map(|m| m["seq"].as_u64().unwrap()).collect();
    assert!(seqs.windows(2).all(|w| w[1] == w[0] + 1), "{seqs:?}");
    assert_eq!(first["listId"], json!(list));

    // Eve's socket was open all along, and is still live: her own change
    // reaches it, and nothing of Ann's list ever did.
    app.create_todo(&eve.access_token, json!({ "title": "mine" }))
        .await;
    eve_socket.wait_for("todo:created", 1).await;
    assert_eq!(eve_socket.named("todo:created").len(), 1);
    assert_eq!(eve_socket.named("todo:created")[0]["title"], "mine");
}

#[tokio::test]
async fn an_added_member_hears_at_once_and_a_removed_one_hears_nothing_more() {
    let app = app().await;
    let ann = app.register("ann").await;
    let bob = app.register("bob").await;
    let list = new_list(&app, &ann, "Groceries").await;
    let (_a, ann_socket) = connected(&app, &ann.access_token).await;
    let (_b, bob_socket) = connected(&app, &bob.access_token).await;

    let shared_at = Instant::now();
    share(&app, &ann, &list, &bob).await;
    bob_socket.wait_for("list:created", 1).await;
    let to_appear = shared_at.elapsed();
    let created = &bob_socket.named("list:created")[0];
    assert_eq!(created["id"], json!(list));
    assert_eq!(created["role"], "member");
    assert_eq!(created["members"].as_array().unwrap().len(), 2);
    ann_socket.wait_for("member:added", 1).await;
    assert_eq!(
        ann_socket.named("member:added")[0],
        json!({ "listId": list, "user": { "id": bob.user.id, "username": bob.user.username }, "role": "member" })
    );

    // Without reconnecting, Bob now gets the list's events.
    app.create_todo(
        &ann.access_token,
        json!({ "title": "Milk", "listId": list }),
    )
    .await;
    bob_socket.wait_for("todo:created", 1).await;

    // Removal in the middle of a burst: after `list:deleted`, nothing.
    let writer = {
        let app_base = app.base.clone();
        let token = ann.access_token.clone();
        let list = list.clone();
        tokio::spawn(async move {
            let http = reqwest::Client::new();
            for i in 0..200 {
                let res = http
                    .post(format!("{app_base}/api/v1/todos"))
                    .bearer_auth(&token)
                    .json(&json!({ "title": format!("burst {i}"), "listId": list }))
                    .send()
                    .await
                    .unwrap();
                assert_eq!(res.status(), StatusCode::CREATED);
            }
        })
    };
    ann_socket.wait_for("todo:created", 50).await;
    let removed_at = Instant::now();
    unshare(&app, &ann, &list, &bob).await;
    bob_socket.wait_for("list:deleted", 1).await;
    let to_leave = removed_at.elapsed();
    writer.await.unwrap();
    ann_socket.wait_for("todo:created", 201).await;
    // Ann's socket saw every burst event after the removal; Bob's none.
    let events = bob_socket.all();
    let gone = events
        .iter()
        .position(|(n, _)| n == "list:deleted")
        .unwrap();
    assert_eq!(events[gone].1, json!({ "id": list }));
    let after: Vec<&(String, Value)> = events[gone + 1..]
        .iter()
        .filter(|(n, _)| n.starts_with("todo:") || n.starts_with("member:"))
        .collect();
    assert!(after.is_empty(), "events after removal: {after:?}");
    assert!(ann_socket.named("member:removed").len() == 1);
    println!(
        "share → list:created at the member: {to_appear:?}; removal → list:deleted: {to_leave:?}"
    );
    assert!(to_appear < Duration::from_secs(1) && to_leave < Duration::from_secs(1));
}

#[tokio::test]
async fn deleting_a_list_tells_every_member_and_renaming_shows_each_their_role() {
    let app = app().await;
    let ann = app.register("ann").await;
    let bob = app.register("bob").await;
    let list = new_list(&app, &ann, "Trip").await;
    share(&app, &ann, &list, &bob).await;
    let (_a, ann_socket) = connected(&app, &ann.access_token).await;
    let (_b, bob_socket) = connected(&app, &bob.access_token).await;

    app.patch_json(
        &ann.access_token,
        &format!("/api/v1/lists/{list}"),
        json!({ "name": "Holiday" }),
    )
    .await;
    ann_socket.wait_for("list:updated", 1).await;
    bob_socket.wait_for("list:updated", 1).await;
    assert_eq!(ann_socket.named("list:updated")[0]["role"], "owner");
    assert_eq!(bob_socket.named("list:updated")[0]["role"], "member");
    assert_eq!(bob_socket.named("list:updated")[0]["name"], "Holiday");

    let res = app
        .delete(&ann.access_token, &format!("/api/v1/lists/{list}"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    ann_socket.wait_for("list:deleted", 1).await;
    bob_socket.wait_for("list:deleted", 1).await;
}

#[tokio::test]
async fn event_latency_to_a_members_socket() {
    let app = app().await;
    let ann = app.register("ann").await;
    let bob = app.register("bob").await;
    let list = new_list(&app, &ann, "Shared").await;
    share(&app, &ann, &list, &bob).await;
    let (_b, bob_socket) = connected(&app, &bob.access_token).await;
    let mut took = Vec::with_capacity(100);
    for i in 0..100 {
        let sent = Instant::now();
        app.create_todo(
            &ann.access_token,
            json!({ "title": format!("t{i}"), "listId": list }),
        )
        .await;
        bob_socket.wait_for("todo:created", i + 1).await;
        took.push(sent.elapsed());
    }
    took.sort();
    println!(
        "create → todo:created at a member's socket, 100 writes: median {:?}, worst {:?}",
        took[50], took[99]
    );
}

#[tokio::test]
async fn a_deleted_account_takes_its_lists_away_from_their_members_and_leaves_the_others() {
    let app = app().await;
    let ann = app.register("ann").await;
    let bob = app.register("bob").await;
    let anns = new_list(&app, &ann, "Ann's").await;
    let bobs = new_list(&app, &bob, "Bob's").await;
    share(&app, &ann, &anns, &bob).await;
    share(&app, &bob, &bobs, &ann).await;
    let (_b, bob_socket) = connected(&app, &bob.access_token).await;

    let res = app
        .http
        .delete(app.url("/api/v1/me"))
        .bearer_auth(&ann.access_token)
        .json(&json!({ "password": "correct horse battery" }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NO_CONTENT);

    bob_socket.wait_for("list:deleted", 1).await;
    assert_eq!(bob_socket.named("list:deleted")[0], json!({ "id": anns }));
    bob_socket.wait_for("member:removed", 1).await;
    assert_eq!(
        bob_socket.named("member:removed")[0],
        json!({ "listId": bobs, "userId": ann.user.id })
    );
    let lists: Vec<Value> = app.get_json(&bob.access_token, "/api/v1/lists").await;
    let names: Vec<&str> = lists.iter().map(|l| l["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["My todos", "Bob's"]);
    assert_eq!(lists[1]["members"].as_array().unwrap().len(), 1);
}
