//! The password-hashing gate (issue 6): at most `HASH_CONCURRENCY` hashes at
//! a time; a log-in that cannot get a turn within `HASH_WAIT_MS` gets 503
//! with `Retry-After`, never a 500 and never an unbounded queue.

mod common;

use common::{spawn_app_with, status_json};
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn log_ins_beyond_the_gate_get_503_and_the_admitted_ones_work() {
    // Setup: one hash at a time, a 1 ms wait; attempt rates out of the way.
    let app = spawn_app_with(&[
        ("HASH_CONCURRENCY", "1"),
        ("HASH_WAIT_MS", "1"),
        ("RATE_AUTH_PER_IP", "off"),
        ("RATE_AUTH_PER_ACCOUNT", "off"),
    ])
    .await;
    let user = app.register("gate").await;
    // Exec: 16 log-ins at once.
    let attempts = (0..16).map(|_| {
        app.http
            .post(app.url("/api/v1/auth/login"))
            .json(&json!({"email": user.user.email, "password": "correct horse battery"}))
            .send()
    });
    let answers = futures_util::future::join_all(attempts).await;
    // Check: each is 200 or 503 (with Retry-After and the error body).
    let mut by_status = std::collections::BTreeMap::<u16, usize>::new();
    let mut token = None;
    for answer in answers {
        let res = answer.expect("login request");
        let status = res.status();
        *by_status.entry(status.as_u16()).or_default() += 1;
        if status == StatusCode::SERVICE_UNAVAILABLE {
            assert_eq!(res.headers()["retry-after"], "1");
        }
        let (_, body) = status_json(res).await;
        match status {
            StatusCode::OK => token = body["accessToken"].as_str().map(str::to_owned),
            StatusCode::SERVICE_UNAVAILABLE => {
                assert!(body["error"].as_str().unwrap().contains("busy"), "{body}")
            }
            other => panic!("unexpected {other}: {body}"),
        }
    }
    assert!(by_status.contains_key(&503), "no 503 among {by_status:?}");
    let token = token.unwrap_or_else(|| panic!("no log-in got through: {by_status:?}"));
    let list = app.get(&token, "/api/v1/todos").send().await.expect("list");
    assert_eq!(
        list.status(),
        StatusCode::OK,
        "an admitted log-in's token works"
    );
}
