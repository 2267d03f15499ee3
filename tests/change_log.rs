//! The change log (SPEC §7): every change of a list logged under its number
//! in the transaction that makes it; history newest first; `sync` replays
//! what a client missed, or says `resync` when the log no longer reaches.

#![cfg(feature = "ssr")]

mod common;

use common::socket::{self, ask};
use common::{spawn_app, status_json};
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::collections::BTreeMap;

#[tokio::test]
async fn every_change_is_in_the_history_newest_first_with_who_and_what_it_was() {
    let app = spawn_app().await;
    let ann = app.register("ann").await;
    let bob = app.register("bob").await;
    let list = app.create_list(&ann.access_token, "Groceries").await;
    app.share(&ann.access_token, &list, &bob.user.username)
        .await;
    let op = "0b6f4a1e-8a52-4d2c-9f0e-0123456789ab";
    let milk = app
        .create_todo(
            &bob.access_token,
            json!({"title": "Milk", "listId": list, "opId": op}),
        )
        .await;
    let id = milk["id"].as_str().unwrap();
    app.patch_json(
        &ann.access_token,
        &format!("/api/v1/todos/{id}"),
        json!({"title": "Oat milk"}),
    )
    .await;
    app.patch_json(
        &ann.access_token,
        &format!("/api/v1/todos/{id}"),
        json!({"completed": true}),
    )
    .await;
    let gone = app
        .delete(&ann.access_token, &format!("/api/v1/todos/{id}"))
        .send()
        .await
        .unwrap();
    assert_eq!(gone.status(), StatusCode::NO_CONTENT);

    let history: Vec<Value> = app
        .get_json(&bob.access_token, &format!("/api/v1/lists/{list}/changes"))
        .await;

    let events: Vec<(u64, &str)> = history
        .iter()
        .map(|c| (c["seq"].as_u64().unwrap(), c["event"].as_str().unwrap()))
        .collect();
    assert_eq!(
        events,
        [
            (5, "todo:deleted"),
            (4, "todo:completed"),
            (3, "todo:updated"),
            (2, "todo:created"),
            (1, "member:added"),
        ]
    );
    let [deleted, completed, updated, created, shared] = &history[..] else {
        panic!("five changes: {history:?}");
    };
    assert_eq!(deleted["todo"], json!({ "id": id }));
    assert_eq!(deleted["before"]["title"], "Oat milk");
    assert_eq!(deleted["before"]["completed"], true);
    assert_eq!(completed["before"]["completed"], false);
    assert_eq!(updated["todo"]["title"], "Oat milk");
    assert_eq!(updated["before"]["title"], "Milk");
    assert_eq!(updated["actor"]["username"], ann.user.username.as_str());
    assert_eq!(created["todo"]["title"], "Milk");
    assert_eq!(created["before"], Value::Null);
    assert_eq!(created["actor"]["username"], bob.user.username.as_str());
    assert_eq!(created["opId"], op);
    assert_eq!(
        shared["data"]["user"]["username"],
        bob.user.username.as_str()
    );
    assert!(created["at"].as_str().unwrap().ends_with('Z'));

    // Paging back.
    let older: Vec<Value> = app
        .get_json(
            &bob.access_token,
            &format!("/api/v1/lists/{list}/changes?before=4&limit=2"),
        )
        .await;
    let seqs: Vec<u64> = older.iter().map(|c| c["seq"].as_u64().unwrap()).collect();
    assert_eq!(seqs, [3, 2]);
}

#[tokio::test]
async fn history_is_for_members_only_and_bad_parameters_name_their_field() {
    let app = spawn_app().await;
    let ann = app.register("ann").await;
    let carl = app.register("carl").await;
    let list = app.create_list(&ann.access_token, "Private").await;

    let stranger = app
        .get(&carl.access_token, &format!("/api/v1/lists/{list}/changes"))
        .send()
        .await
        .unwrap();
    let (status, body) = status_json(
        app.get(
            &ann.access_token,
            &format!("/api/v1/lists/{list}/changes?limit=101"),
        )
        .send()
        .await
        .unwrap(),
    )
    .await;
    let (before_status, before) = status_json(
        app.get(
            &ann.access_token,
            &format!("/api/v1/lists/{list}/changes?before=x"),
        )
        .send()
        .await
        .unwrap(),
    )
    .await;

    assert_eq!(stranger.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        (status, body["field"].as_str()),
        (StatusCode::BAD_REQUEST, Some("limit"))
    );
    assert_eq!(
        (before_status, before["field"].as_str()),
        (StatusCode::BAD_REQUEST, Some("before"))
    );
}

/// Seqs of the `todo:*` events a recorder got for `list`, in arrival order.
fn todo_seqs(events: &[(String, Value, Value)], list: &str) -> Vec<u64> {
    events
        .iter()
        .filter(|(name, _, meta)| name.starts_with("todo:") && meta["listId"] == list)
        .map(|(_, _, meta)| meta["seq"].as_u64().unwrap())
        .collect()
}

#[tokio::test]
async fn a_socket_that_was_away_during_a_burst_of_several_writers_resumes_with_nothing_lost_or_doubled()
 {
    let app = spawn_app().await;
    let owner = app.register("own").await;
    let list = app.create_list(&owner.access_token, "Busy").await;
    let mut writers = vec![owner.access_token.clone()];
    for i in 0..2 {
        let member = app.register(&format!("w{i}")).await;
        app.share(&owner.access_token, &list, &member.user.username)
            .await;
        writers.push(member.access_token);
    }
    let reader = app.register("reader").await;
    app.share(&owner.access_token, &list, &reader.user.username)
        .await;
    let (first, first_events) = socket::connected(&app, &reader.access_token).await;

    // 1,000 creates from three writers at once; the reader's socket goes
    // away after 200 of them arrived.
    const WRITES: usize = 1_000;
    let burst = {
        let app_base = app.base.clone();
        let list = list.clone();
        let http = app.http.clone();
        tokio::spawn(async move {
            let mut tasks = Vec::new();
            for (w, token) in writers.into_iter().enumerate() {
                let (http, base, list) = (http.clone(), app_base.clone(), list.clone());
                tasks.push(tokio::spawn(async move {
                    for i in (w..WRITES).step_by(3) {
                        let res = http
                            .post(format!("{base}/api/v1/todos"))
                            .bearer_auth(&token)
                            .json(&json!({"title": format!("todo {i}"), "listId": list}))
                            .send()
                            .await
                            .unwrap();
                        assert_eq!(res.status(), StatusCode::CREATED);
                    }
                }));
            }
            for task in tasks {
                task.await.unwrap();
            }
        })
    };
    first_events
        .wait_until("200 creates", |all| {
            all.iter().filter(|(n, _)| n == "todo:created").count() >= 200
        })
        .await;
    first.disconnect().await.unwrap();
    let seen = todo_seqs(&first_events.with_metas(), &list);
    let last_seen = *seen.iter().max().unwrap();
    burst.await.unwrap();

    let (second, second_events) = socket::connected(&app, &reader.access_token).await;
    let ack = ask(
        &second,
        "sync",
        json!({ "lists": { list.clone(): last_seen } }),
    )
    .await;

    let latest = ack["lists"][&list]["seq"].as_u64().unwrap();
    let replayed = ack["lists"][&list]["replayed"].as_u64().unwrap();
    assert_eq!(latest - last_seen, replayed, "{ack}");
    let resumed = todo_seqs(&second_events.with_metas(), &list);
    assert_eq!(resumed.len() as u64, replayed, "replayed before the ack");
    // Together: every change exactly once, gap-free and in order per socket.
    let mut all: Vec<u64> = seen.iter().chain(&resumed).copied().collect();
    assert!(seen.windows(2).all(|w| w[0] < w[1]), "in order before");
    assert!(resumed.windows(2).all(|w| w[0] < w[1]), "in order after");
    all.sort_unstable();
    let total = all.len();
    all.dedup();
    assert_eq!(all.len(), total, "nothing doubled");
    let first_todo_seq = all[0];
    assert_eq!(
        all,
        (first_todo_seq..=latest).collect::<Vec<_>>(),
        "nothing lost"
    );
    // And the reader now holds exactly the server's todos.
    let ids: BTreeMap<String, ()> = first_events
        .with_metas()
        .iter()
        .chain(second_events.with_metas().iter())
        .filter(|(n, _, _)| n == "todo:created")
        .map(|(_, todo, _)| (todo["id"].as_str().unwrap().to_owned(), ()))
        .collect();
    let server: Vec<Value> = app
        .get_json(&reader.access_token, &format!("/api/v1/lists/{list}/todos"))
        .await;
    assert_eq!(server.len(), WRITES);
    assert_eq!(ids.len(), WRITES);
    assert!(
        server
            .iter()
            .all(|t| ids.contains_key(t["id"].as_str().unwrap()))
    );

    // Up to date: nothing to replay.
    let again = ask(
        &second,
        "sync",
        json!({ "lists": { list.clone(): latest } }),
    )
    .await;
    assert_eq!(
        again["lists"][&list],
        json!({ "replayed": 0, "seq": latest })
    );
}

#[tokio::test]
async fn a_gap_past_the_log_is_a_resync_and_strangers_learn_nothing() {
    let app = spawn_app().await;
    let ann = app.register("ann").await;
    let carl = app.register("carl").await;
    let list = app.create_list(&ann.access_token, "Old").await;
    for i in 0..5 {
        app.create_todo(
            &ann.access_token,
            json!({"title": format!("t{i}"), "listId": list}),
        )
        .await;
    }
    // The oldest two changes were pruned (they are older than the retention
    // period and beyond the last 1,000 in a real run).
    app.raw_db()
        .await
        .execute(
            "DELETE FROM changes WHERE list_id = $1 AND seq <= 2",
            "DELETE FROM changes WHERE list_id = $1::uuid AND seq <= 2",
            &[&list],
        )
        .await;

    let (ann_socket, ann_events) = socket::connected(&app, &ann.access_token).await;
    let from_start = ask(&ann_socket, "sync", json!({ "lists": { list.clone(): 0 } })).await;
    let from_three = ask(&ann_socket, "sync", json!({ "lists": { list.clone(): 2 } })).await;
    let (carl_socket, carl_events) = socket::connected(&app, &carl.access_token).await;
    let stranger = ask(
        &carl_socket,
        "sync",
        json!({ "lists": { list.clone(): 0, "not-a-list": 0 } }),
    )
    .await;
    let malformed = ask(&carl_socket, "sync", json!({ "lists": [1, 2] })).await;

    assert_eq!(
        from_start["lists"][&list],
        json!({ "resync": true, "seq": 5 })
    );
    assert_eq!(
        from_three["lists"][&list],
        json!({ "replayed": 3, "seq": 5 })
    );
    assert_eq!(todo_seqs(&ann_events.with_metas(), &list), [3, 4, 5]);
    assert_eq!(stranger["lists"][&list], json!({ "error": "not found" }));
    assert_eq!(
        stranger["lists"]["not-a-list"],
        json!({ "error": "not found" })
    );
    assert!(malformed["error"].as_str().unwrap().starts_with("lists:"));
    assert!(carl_events.todo_events().is_empty());
}

#[tokio::test]
async fn pruning_keeps_the_last_thousand_and_the_last_seven_days() {
    let app = spawn_app().await;
    let ann = app.register("ann").await;
    let list = app.create_list(&ann.access_token, "Pruned").await;
    for i in 0..3 {
        app.create_todo(
            &ann.access_token,
            json!({"title": format!("t{i}"), "listId": list}),
        )
        .await;
    }
    // Pretend the list has had 1,002 changes, the first three long ago.
    let db = app.raw_db().await;
    db.execute(
        "UPDATE lists SET seq = 1002 WHERE id = $1",
        "UPDATE lists SET seq = 1002 WHERE id = $1::uuid",
        &[&list],
    )
    .await;
    db.execute(
        "UPDATE changes SET at = '2020-01-01T00:00:00.000Z' WHERE list_id = $1 AND seq <= 3",
        "UPDATE changes SET at = '2020-01-01T00:00:00.000Z' WHERE list_id = $1::uuid AND seq <= 3",
        &[&list],
    )
    .await;
    let now = livetodo::domain::time::Timestamp::now();

    let keep = livetodo::server::db::Retention::default();
    let pruned = app.state.store.prune_changes(now, keep).await.unwrap();

    // Seqs 1 and 2 are old and beyond the last 1,000 (3..=1002); 3 stays.
    assert_eq!(pruned, 2);
    let left: Vec<Value> = app
        .get_json(&ann.access_token, &format!("/api/v1/lists/{list}/changes"))
        .await;
    let seqs: Vec<u64> = left.iter().map(|c| c["seq"].as_u64().unwrap()).collect();
    assert_eq!(seqs, [3]);
}

#[tokio::test]
async fn the_pages_recent_changes_come_from_the_log_for_members_only() {
    let app = spawn_app().await;
    let ann = app.register("ann").await;
    let carl = app.register("carl").await;
    let list = app.create_list(&ann.access_token, "Recent").await;
    for title in ["Milk", "Eggs"] {
        app.create_todo(&ann.access_token, json!({"title": title, "listId": list}))
            .await;
    }
    let ann_cookie = app.session_cookie(&ann.user.email).await;
    let carl_cookie = app.session_cookie(&carl.user.email).await;

    let (status, recent) = status_json(
        app.server_fn(&ann_cookie, "changes/recent", &[("list_id", &list)])
            .await,
    )
    .await;
    let (older_status, older) = status_json(
        app.server_fn(
            &ann_cookie,
            "changes/recent",
            &[("list_id", &list), ("before", "2")],
        )
        .await,
    )
    .await;
    let stranger = app
        .server_fn(&carl_cookie, "changes/recent", &[("list_id", &list)])
        .await;

    assert_eq!(status, StatusCode::OK);
    let words: Vec<(u64, &str, &str)> = recent
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["seq"].as_u64().unwrap(),
                c["event"].as_str().unwrap(),
                c["subject"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        words,
        [(2, "todo:created", "Eggs"), (1, "todo:created", "Milk")]
    );
    assert_eq!(recent[0]["actor"]["username"], ann.user.username.as_str());
    assert_eq!(older_status, StatusCode::OK);
    assert_eq!(older.as_array().unwrap().len(), 1);
    assert_eq!(stranger.status(), StatusCode::NOT_FOUND);
}
