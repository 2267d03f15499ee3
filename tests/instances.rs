//! Several instances (issue 10, SPEC §8): real server processes sharing one
//! PostgreSQL database and Redis, real Socket.IO clients on different
//! instances. What one instance does reaches the right sockets on the
//! others, and only those; presence, log-out and member removal work
//! across instances.

mod common;

use common::cluster::Cluster;
use common::socket::{Recorder, Via, ask, open_at, presence_at};
use reqwest::StatusCode;
use rust_socketio::asynchronous::Client;
use serde_json::{Value, json};

async fn socket_at(cluster: &Cluster, node: usize, token: &str) -> (Client, Recorder) {
    let (client, recorder) = open_at(cluster.base(node), Via::AuthPayload, token).await;
    recorder.connected().await;
    (client, recorder)
}

fn titles(recorder: &Recorder, event: &str) -> Vec<String> {
    recorder
        .named(event)
        .iter()
        .filter_map(|t| t["title"].as_str().map(str::to_owned))
        .collect()
}

#[tokio::test]
async fn a_change_on_one_instance_reaches_members_on_another_and_only_them() {
    let cluster = Cluster::start(2).await;
    let ann = cluster.register(0, "ann").await;
    let bob = cluster.register(1, "bob").await;
    let eve = cluster.register(1, "eve").await;
    let (_bob_socket, bob_events) = socket_at(&cluster, 1, &bob.access_token).await;
    let (_eve_socket, eve_events) = socket_at(&cluster, 1, &eve.access_token).await;
    let (_ann_socket, ann_events) = socket_at(&cluster, 0, &ann.access_token).await;

    // Shared on instance 0: Bob's socket on instance 1 joins the list's room.
    let list = cluster.shared_list(0, &ann, &bob).await;
    bob_events.wait_for("list:created", 1).await;
    cluster
        .create_todo(0, &ann.access_token, "Milk", Some(&list))
        .await;
    cluster
        .create_todo(1, &bob.access_token, "Eggs", Some(&list))
        .await;

    bob_events.wait_for("todo:created", 2).await;
    ann_events.wait_for("todo:created", 2).await;
    assert_eq!(titles(&bob_events, "todo:created"), ["Milk", "Eggs"]);
    assert_eq!(titles(&ann_events, "todo:created"), ["Milk", "Eggs"]);
    let seqs: Vec<u64> = bob_events
        .metas("todo:created")
        .iter()
        .map(|m| m["seq"].as_u64().unwrap())
        .collect();
    assert_eq!(
        seqs,
        [2, 3],
        "numbered after the share (1), gap-free, in order"
    );
    // Eve, connected to the same instance as Bob, saw none of it.
    assert!(
        eve_events.todo_events().is_empty(),
        "{:?}",
        eve_events.all()
    );
    assert!(eve_events.named("list:created").is_empty());
    // And a stranger reading the list from either instance finds nothing.
    for node in [0, 1] {
        let (status, _) = cluster
            .get(
                node,
                &eve.access_token,
                &format!("/api/v1/lists/{list}/todos"),
            )
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }
}

#[tokio::test]
async fn presence_shows_users_of_every_instance() {
    let cluster = Cluster::start(2).await;
    let ann = cluster.register(0, "ann").await;
    let bob = cluster.register(1, "bob").await;
    let list = cluster.shared_list(0, &ann, &bob).await;
    let (ann_tab, ann_heard) = presence_at(cluster.base(0), &ann.access_token).await;
    let (bob_tab, _bob_heard) = presence_at(cluster.base(1), &bob.access_token).await;

    let first = ask(&ann_tab, "presence:join", json!({ "listId": list })).await;
    let second = ask(&bob_tab, "presence:join", json!({ "listId": list })).await;
    bob_tab
        .emit(
            "presence:editing",
            json!({ "listId": list, "todoId": null }),
        )
        .await
        .unwrap();

    assert_eq!(first["success"], true);
    assert_eq!(second["success"], true);
    let names = |set: &Value| -> Vec<String> {
        set["users"]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| u["username"].as_str().unwrap().to_owned())
            .collect()
    };
    let mut both = vec![ann.user.username.clone(), bob.user.username.clone()];
    both.sort_by_key(|n| n.to_lowercase());
    assert_eq!(names(&second), both, "Bob, on instance 1, sees Ann on 0");
    ann_heard
        .wait_until("Ann hears Bob join", |all| {
            all.iter().any(|(n, v)| {
                n == "presence" && v["users"].as_array().is_some_and(|u| u.len() == 2)
            })
        })
        .await;

    // Bob leaves (his socket closes): Ann, on the other instance, hears it.
    bob_tab.disconnect().await.unwrap();
    ann_heard
        .wait_until("Ann hears Bob go", |all| {
            all.iter()
                .rev()
                .find(|(n, _)| n == "presence")
                .is_some_and(|(_, v)| v["users"].as_array().is_some_and(|u| u.len() == 1))
        })
        .await;
}

#[tokio::test]
async fn log_out_and_removal_on_one_instance_cut_sockets_on_another() {
    let cluster = Cluster::start(2).await;
    let ann = cluster.register(0, "ann").await;
    let bob = cluster.register(1, "bob").await;
    let list = cluster.shared_list(0, &ann, &bob).await;
    // Bob has two sockets, both on instance 1, in two log-in sessions.
    let (_kept, kept_events) = socket_at(&cluster, 1, &bob.access_token).await;
    let second = {
        let (status, session) = cluster
            .post(
                1,
                "",
                "/api/v1/auth/login",
                json!({ "email": bob.user.email, "password": "correct horse battery" }),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{session}");
        session["accessToken"].as_str().unwrap().to_owned()
    };
    let (_ended, ended_events) = socket_at(&cluster, 1, &second).await;

    // Log-out of the second session, through instance 0.
    let (status, _) = cluster
        .post(0, &second, "/api/v1/auth/logout", json!({}))
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    ended_events.wait_for("close", 1).await;

    // Ann removes Bob from the list, through instance 0: his remaining
    // socket on instance 1 hears it and gets nothing of the list after.
    let status = cluster
        .delete(
            0,
            &ann.access_token,
            &format!("/api/v1/lists/{list}/members/{}", bob.user.id),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    kept_events.wait_for("list:deleted", 1).await;
    cluster
        .create_todo(0, &ann.access_token, "Secret", Some(&list))
        .await;
    // A todo in Bob's own list afterwards is the marker that everything
    // before it was delivered (one instance, one ordered stream).
    cluster
        .create_todo(0, &bob.access_token, "Mine", None)
        .await;
    kept_events.wait_for("todo:created", 1).await;
    assert_eq!(titles(&kept_events, "todo:created"), ["Mine"]);
    assert!(
        kept_events.named("close").is_empty(),
        "the first session stays"
    );
}

#[tokio::test]
async fn rate_limits_count_attempts_on_every_instance_together() {
    // Three log-in or registration attempts per IP a minute, whichever
    // instance they reach. (Registrations with a bad password: they count,
    // and unlike failed log-ins they add no back-off.)
    let cluster = Cluster::start_with(2, &[("RATE_AUTH_PER_IP", "3/1m")]).await;
    let attempt = json!({ "username": "someone", "email": "someone@example.com", "password": "x" });

    let mut statuses = Vec::new();
    for node in [0, 1, 0, 1] {
        let (status, _) = cluster
            .post(node, "", "/api/v1/auth/register", attempt.clone())
            .await;
        statuses.push(status);
    }

    // Alone, each instance would have allowed all four (two each).
    assert_eq!(
        statuses,
        [
            StatusCode::BAD_REQUEST,
            StatusCode::BAD_REQUEST,
            StatusCode::BAD_REQUEST,
            StatusCode::TOO_MANY_REQUESTS
        ]
    );
}

#[tokio::test]
async fn a_session_ended_on_one_instance_is_refused_at_once_on_another() {
    let cluster = Cluster::start(2).await;
    let bob = cluster.register(0, "bob").await;
    // Instance 1 has just checked the session (and may trust it for 1 s).
    let (status, _) = cluster.get(1, &bob.access_token, "/api/v1/todos").await;
    assert_eq!(status, StatusCode::OK);

    let (status, _) = cluster
        .post(0, &bob.access_token, "/api/v1/auth/logout", json!({}))
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let ended = std::time::Instant::now();

    // Instance 1 hears of it through Redis, well before its cache would
    // have let go of the session by itself.
    loop {
        let (status, _) = cluster.get(1, &bob.access_token, "/api/v1/todos").await;
        if status == StatusCode::UNAUTHORIZED {
            break;
        }
        assert_eq!(status, StatusCode::OK);
        assert!(
            ended.elapsed() < std::time::Duration::from_millis(900),
            "instance 1 still accepted the session after its cache time"
        );
    }
}
