//! Group commit (issue 7): concurrent todo writes are committed together,
//! each answered only once its batch is in the database, a failing write
//! never fails its neighbours, events leave in commit order, the per-user
//! cap stays exact, and shutdown finishes what is queued.
//!
//! To put chosen writes into one batch, a test holds SQLite's write lock
//! from a connection of its own: the committer then waits in `BEGIN
//! IMMEDIATE` with its current batch while the next writes queue up behind
//! it (`Committer::queued` says when they all have), and takes them as one
//! batch once the lock is let go.

#![cfg(feature = "ssr")]

mod common;

use common::socket::connected;
use common::{TestApp, spawn_app, spawn_app_with};
use reqwest::StatusCode;
use serde_json::{Value, json};
use sqlx::{Connection, SqliteConnection};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::task::JoinHandle;

/// A connection of the test's own to the server's database file.
async fn open_db(app: &TestApp) -> SqliteConnection {
    let path = app.dir.path().join("livetodo.db");
    SqliteConnection::connect(&format!("sqlite://{}", path.display()))
        .await
        .expect("open the server's database")
}

/// Takes SQLite's write lock (held until `ROLLBACK`).
async fn hold_write_lock(app: &TestApp) -> SqliteConnection {
    let mut conn = open_db(app).await;
    sqlx::raw_sql("BEGIN IMMEDIATE")
        .execute(&mut conn)
        .await
        .expect("take the write lock");
    conn
}

async fn release_write_lock(mut conn: SqliteConnection) {
    sqlx::raw_sql("ROLLBACK")
        .execute(&mut conn)
        .await
        .expect("release the write lock");
}

/// Waits until `n` writes are in flight and `queued` of them wait in the
/// committer's queue (the others are in the batch it is committing).
async fn wait_writes(app: &TestApp, n: usize, queued: usize) {
    let committer = &app.state.committer;
    let deadline = Instant::now() + Duration::from_secs(10);
    while committer.in_flight() != n || committer.queued() != queued {
        assert!(
            Instant::now() < deadline,
            "expected {n} writes, {queued} queued; have {}, {}",
            committer.in_flight(),
            committer.queued()
        );
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
}

/// Sends a request in the background; yields its status and JSON body.
fn spawn_request(req: reqwest::RequestBuilder) -> JoinHandle<(StatusCode, Value)> {
    tokio::spawn(async move {
        let res = req.send().await.expect("request");
        let status = res.status();
        (status, res.json().await.unwrap_or(Value::Null))
    })
}

fn create(app: &TestApp, token: &str, title: &str) -> reqwest::RequestBuilder {
    app.post(token, "/api/v1/todos", json!({ "title": title }))
}

async fn row_exists(db: &mut SqliteConnection, id: &str) -> bool {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM todos WHERE id = ?")
        .bind(id)
        .fetch_one(db)
        .await
        .expect("count");
    n == 1
}

/// Ids of the user's todos in the order SQLite stored them (rowid).
async fn stored_ids(db: &mut SqliteConnection, user: &str) -> Vec<String> {
    sqlx::query_scalar("SELECT id FROM todos WHERE user_id = ? ORDER BY rowid")
        .bind(user)
        .fetch_all(db)
        .await
        .expect("ids")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_creates_of_several_users_all_succeed_each_in_the_file_before_its_answer() {
    // Setup: four users, 50 creates each, all in flight at once.
    let app = Arc::new(spawn_app().await);
    let mut tokens = Vec::new();
    for _ in 0..4 {
        tokens.push(app.register("many").await.access_token);
    }

    // Exec: each create, as soon as it is answered, looks for its row with
    // a connection of its own, as a process restarted after a crash would.
    let tasks: Vec<_> = (0..200)
        .map(|i| {
            let (app, token) = (app.clone(), tokens[i % 4].clone());
            tokio::spawn(async move {
                let res = create(&app, &token, &format!("todo {i}"))
                    .send()
                    .await
                    .expect("create");
                let status = res.status();
                let todo: Value = res.json().await.expect("json");
                let id = todo["id"].as_str().unwrap_or_default().to_owned();
                let mut db = open_db(&app).await;
                (status, row_exists(&mut db, &id).await)
            })
        })
        .collect();
    let mut answers = Vec::new();
    for t in tasks {
        answers.push(t.await.expect("task"));
    }

    // Check: all answered 201 with their row already stored, 50 per user.
    assert!(
        answers
            .iter()
            .all(|(status, stored)| *status == StatusCode::CREATED && *stored),
        "{answers:?}"
    );
    for token in &tokens {
        let todos: Vec<Value> = app.get_json(token, "/api/v1/todos").await;
        assert_eq!(todos.len(), 50);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_failing_write_in_a_batch_does_not_fail_its_neighbours() {
    // Setup: a user with one todo, a user at the cap, and the committer held
    // in `BEGIN IMMEDIATE` with a first create while the batch under test
    // queues behind it.
    let app = spawn_app_with(&[("MAX_TODOS_PER_LIST", "4")]).await;
    let (alice, full) = (app.register("alice").await, app.register("full").await);
    let (a, f) = (alice.access_token.as_str(), full.access_token.as_str());
    let kept = app.create_todo(a, json!({"title": "kept"})).await;
    for title in ["1", "2", "3", "4"] {
        app.create_todo(f, json!({ "title": title })).await;
    }
    let (_socket, events) = connected(&app, a).await;
    let lock = hold_write_lock(&app).await;
    let first = spawn_request(create(&app, a, "first"));
    wait_writes(&app, 1, 0).await; // taken by the committer, which waits

    // Exec: good and failing writes interleaved, queued (one at a time, so
    // in this order) as one batch.
    let missing = uuid::Uuid::new_v4();
    let kept_path = format!("/api/v1/todos/{}", kept["id"].as_str().unwrap_or_default());
    let missing_path = format!("/api/v1/todos/{missing}");
    let requests = [
        create(&app, a, "before"),
        app.delete(a, &missing_path),
        create(&app, f, "over the cap"),
        app.patch(a, &kept_path, json!({"title": "kept, renamed"})),
        app.patch(a, &missing_path, json!({"title": "x"})),
        create(&app, a, "after"),
    ];
    let mut batch = Vec::new();
    for req in requests {
        batch.push(spawn_request(req));
        wait_writes(&app, 1 + batch.len(), batch.len()).await;
    }
    release_write_lock(lock).await;
    let first = first.await.expect("first");
    let mut answers = Vec::new();
    for b in batch {
        answers.push(b.await.expect("answer"));
    }

    // Check: each failure is its own; every good write is stored, answered
    // and published in order.
    assert_eq!(first.0, StatusCode::CREATED);
    let statuses: Vec<_> = answers.iter().map(|(s, _)| *s).collect();
    assert_eq!(
        statuses,
        [
            StatusCode::CREATED,
            StatusCode::NOT_FOUND,
            StatusCode::CONFLICT,
            StatusCode::OK,
            StatusCode::NOT_FOUND,
            StatusCode::CREATED
        ],
        "{answers:?}"
    );
    let mut db = open_db(&app).await;
    for (_, todo) in [&answers[0], &answers[5]] {
        assert!(row_exists(&mut db, todo["id"].as_str().unwrap_or_default()).await);
    }
    let todos: Vec<Value> = app.get_json(f, "/api/v1/todos").await;
    assert_eq!(todos.len(), 4, "the cap held");
    events
        .wait_until("four events", |all| {
            all.iter().filter(|(n, _)| n.starts_with("todo:")).count() >= 4
        })
        .await;
    let titles: Vec<_> = events
        .todo_events()
        .iter()
        .map(|(name, todo)| format!("{name} {}", todo["title"].as_str().unwrap_or_default()))
        .collect();
    assert_eq!(
        titles,
        [
            "todo:created first",
            "todo:created before",
            "todo:updated kept, renamed",
            "todo:created after"
        ]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn events_reach_every_socket_in_the_order_the_rows_were_committed() {
    // Setup: one user with two sockets.
    let app = Arc::new(spawn_app().await);
    let owner = app.register("order").await;
    let token = owner.access_token.clone();
    let (_one, first) = connected(&app, &token).await;
    let (_two, second) = connected(&app, &token).await;

    // Exec: 120 creates at once, so they are committed in batches.
    let tasks: Vec<_> = (0..120)
        .map(|i| spawn_request(create(&app, &token, &format!("n{i}"))))
        .collect();
    for t in tasks {
        assert_eq!(t.await.expect("answer").0, StatusCode::CREATED);
    }

    // Check: each socket saw the creates in the order of the stored rows.
    let mut db = open_db(&app).await;
    let stored = stored_ids(&mut db, &owner.user.id.to_string()).await;
    assert_eq!(stored.len(), 120);
    for socket in [first, second] {
        socket.wait_for("todo:created", 120).await;
        let seen: Vec<String> = socket
            .named("todo:created")
            .iter()
            .map(|t| t["id"].as_str().unwrap_or_default().to_owned())
            .collect();
        assert_eq!(seen, stored);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_todo_cap_is_exact_under_concurrent_creates() {
    // Setup: a cap of 10, two users.
    let app = Arc::new(spawn_app_with(&[("MAX_TODOS_PER_LIST", "10")]).await);
    let (one, two) = (app.register("cap").await, app.register("cap").await);

    // Exec: 40 creates each, all at once.
    let tasks: Vec<_> = (0..80)
        .map(|i| {
            let token = if i % 2 == 0 { &one } else { &two };
            spawn_request(create(&app, &token.access_token, &format!("c{i}")))
        })
        .collect();
    let mut statuses = Vec::new();
    for t in tasks {
        statuses.push(t.await.expect("answer").0);
    }

    // Check: exactly 10 created per user, the others refused with 409.
    let created = statuses
        .iter()
        .filter(|s| **s == StatusCode::CREATED)
        .count();
    let refused = statuses
        .iter()
        .filter(|s| **s == StatusCode::CONFLICT)
        .count();
    assert_eq!((created, refused), (20, 60), "{statuses:?}");
    let mut db = open_db(&app).await;
    for user in [&one, &two] {
        assert_eq!(
            stored_ids(&mut db, &user.user.id.to_string()).await.len(),
            10
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn closing_the_committer_finishes_queued_writes_and_refuses_later_ones() {
    // Setup: writes queued behind a held write lock.
    let app = spawn_app().await;
    let token = app.register("closing").await.access_token;
    let lock = hold_write_lock(&app).await;
    let first = spawn_request(create(&app, &token, "first"));
    wait_writes(&app, 1, 0).await;
    let queued: Vec<_> = (0..5)
        .map(|i| spawn_request(create(&app, &token, &format!("queued {i}"))))
        .collect();
    wait_writes(&app, 6, 5).await;

    // Exec: shutdown closes the committer; then the lock goes.
    let committer = app.state.committer.clone();
    let closing = tokio::spawn(async move { committer.close().await });
    while !app.state.committer.is_closed() {
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    let refused = create(&app, &token, "too late").send().await.expect("late");
    release_write_lock(lock).await;
    closing.await.expect("close");

    // Check: everything queued before the close is stored and answered
    // 201; the write after it was refused with 503 and not stored.
    assert_eq!(refused.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(first.await.expect("first").0, StatusCode::CREATED);
    for q in queued {
        assert_eq!(q.await.expect("queued").0, StatusCode::CREATED);
    }
    let mut db = open_db(&app).await;
    let titles: Vec<String> = sqlx::query_scalar("SELECT title FROM todos ORDER BY rowid")
        .fetch_all(&mut db)
        .await
        .expect("titles");
    assert_eq!(titles.len(), 6, "{titles:?}");
    assert!(!titles.contains(&"too late".to_owned()));
}
