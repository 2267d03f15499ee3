//! Writers that overlap: registrations, toggles and edits at the same time
//! all succeed. Before every write began with `BEGIN IMMEDIATE`, an edit whose
//! transaction had read while a registration committed failed at once with
//! SQLITE_BUSY and answered 500.

#![cfg(feature = "ssr")]

mod common;

use common::{spawn_app_with, unique_name};
use reqwest::StatusCode;
use serde_json::json;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

const REGISTRATIONS: usize = 40;
const EDITORS: usize = 6;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_registrations_toggles_and_edits_never_answer_500() {
    // Setup: one user with a todo per editor task. The editors write as
    // fast as the server answers for as long as the registrations last:
    // with group commit that is more than the per-user write rate allows,
    // and this test is about contention, not rate limits.
    let app = Arc::new(spawn_app_with(&[("RATE_WRITES_PER_USER", "off")]).await);
    let owner = app.register("busy").await;
    let token = Arc::new(owner.access_token);
    let mut ids = Vec::new();
    for i in 0..EDITORS {
        let todo = app
            .create_todo(&token, json!({"title": format!("todo {i}")}))
            .await;
        ids.push(todo["id"].as_str().unwrap_or_default().to_owned());
    }

    // Exec: editors toggle and retitle their todo in a loop for as long as
    // the registrations run, so the two kinds of writes overlap throughout.
    let registering = Arc::new(AtomicBool::new(true));
    let editors: Vec<_> = ids
        .into_iter()
        .enumerate()
        .map(|(n, id)| {
            let (app, token, registering) = (app.clone(), token.clone(), registering.clone());
            tokio::spawn(async move {
                let mut statuses = Vec::new();
                let mut round = 0;
                while registering.load(Ordering::Relaxed) || round < 2 {
                    let body = if round % 2 == 0 {
                        json!({"completed": round % 4 == 0})
                    } else {
                        json!({"title": format!("todo {n} edit {round}")})
                    };
                    let res = app
                        .patch(&token, &format!("/api/v1/todos/{id}"), body)
                        .send()
                        .await;
                    statuses.push(res.map(|r| r.status()).ok());
                    round += 1;
                }
                statuses
            })
        })
        .collect();
    let registrations: Vec<_> = (0..REGISTRATIONS)
        .map(|_| {
            let app = app.clone();
            tokio::spawn(async move {
                let name = unique_name("reg");
                let res = app
                    .http
                    .post(app.url("/api/v1/auth/register"))
                    .json(&json!({
                        "username": name,
                        "email": format!("{name}@example.com"),
                        "password": "correct horse battery",
                    }))
                    .send()
                    .await;
                res.map(|r| r.status()).ok()
            })
        })
        .collect();
    let mut registered = Vec::new();
    for r in registrations {
        registered.push(r.await.ok().flatten());
    }
    registering.store(false, Ordering::Relaxed);
    let mut edited = Vec::new();
    for e in editors {
        edited.extend(e.await.unwrap_or_default());
    }

    // Check: every write succeeded.
    let failed_edits: Vec<_> = edited
        .iter()
        .filter(|s| **s != Some(StatusCode::OK))
        .collect();
    assert!(
        failed_edits.is_empty(),
        "{} of {} edits failed: {failed_edits:?}",
        failed_edits.len(),
        edited.len()
    );
    assert!(
        registered.iter().all(|s| *s == Some(StatusCode::CREATED)),
        "registrations: {registered:?}"
    );
}
