//! Rate limits (issue 6): log-in and register per IP and per account with
//! back-off, writes per user, through both doors (JSON API and the page's
//! server functions). Each test lowers one limit explicitly so it is hit in
//! a few requests; the defaults are far above what a person does.

mod common;

use common::{TestApp, spawn_app_with, status_json, unique_name};
use reqwest::{Response, StatusCode};
use serde_json::json;

async fn login(app: &TestApp, email: &str, password: &str) -> Response {
    app.http
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({ "email": email, "password": password }))
        .send()
        .await
        .expect("login request")
}

fn retry_after(res: &Response) -> u64 {
    res.headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .expect("a numeric Retry-After header")
}

#[tokio::test]
async fn auth_attempts_past_the_ip_rate_get_429_at_either_door() {
    // Setup: three attempts a minute per IP.
    let app = spawn_app_with(&[("RATE_AUTH_PER_IP", "3/1m")]).await;
    let email = format!("{}@example.com", unique_name("ip"));
    // Exec: three wrong log-ins spend the budget, then both doors are shut.
    for _ in 0..3 {
        assert_eq!(login(&app, &email, "wrong password").await.status(), 401);
    }
    let api = login(&app, &email, "wrong password").await;
    let page = app
        .server_fn("", "auth/login", &[("email", &email), ("password", "x")])
        .await;
    // Check: 429, Retry-After, the usual error body.
    assert_eq!(api.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!((1..=60).contains(&retry_after(&api)));
    let (_, body) = status_json(api).await;
    assert!(
        body["error"]
            .as_str()
            .unwrap()
            .starts_with("too many requests"),
        "{body}"
    );
    assert_eq!(page.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(retry_after(&page) >= 1);
}

#[tokio::test]
async fn failed_log_ins_lock_the_account_even_for_the_right_password() {
    // Setup: two free failures per account; per-IP limits out of the way.
    let app = spawn_app_with(&[
        ("LOGIN_FREE_FAILURES_PER_ACCOUNT", "2"),
        ("LOGIN_BACKOFF_MAX_SECS", "60"),
    ])
    .await;
    let user = app.register("locked").await;
    let email = user.user.email.clone();
    // Exec: three failures (the third starts a 1 s lock), then the right password.
    for _ in 0..3 {
        assert_eq!(login(&app, &email, "wrong password").await.status(), 401);
    }
    let locked = login(&app, &email, "correct horse battery").await;
    let other = app.register("other").await;
    let unaffected = login(&app, &other.user.email, "correct horse battery").await;
    // Check
    assert_eq!(locked.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(retry_after(&locked), 1);
    assert_eq!(
        unaffected.status(),
        StatusCode::OK,
        "other accounts are not locked"
    );
}

#[tokio::test]
async fn registrations_count_against_the_account_rate() {
    // Setup
    let app = spawn_app_with(&[("RATE_AUTH_PER_ACCOUNT", "2/1m")]).await;
    let name = unique_name("reg");
    let body = json!({
        "username": name, "email": format!("{name}@example.com"), "password": "x",
    });
    // Exec: two refused registrations (short password), then a third.
    let mut statuses = vec![];
    for _ in 0..3 {
        let res = app
            .http
            .post(app.url("/api/v1/auth/register"))
            .json(&body)
            .send()
            .await
            .expect("register");
        statuses.push(res.status().as_u16());
    }
    // Check
    assert_eq!(statuses, [400, 400, 429]);
}

#[tokio::test]
async fn writes_past_the_user_rate_get_429_and_other_users_write_on() {
    // Setup
    let app = spawn_app_with(&[("RATE_WRITES_PER_USER", "3/1m")]).await;
    let (noisy, quiet) = (app.register("noisy").await, app.register("quiet").await);
    let cookie = app.session_cookie(&noisy.user.email).await;
    for i in 0..3 {
        app.create_todo(&noisy.access_token, json!({ "title": format!("t{i}") }))
            .await;
    }
    // Exec: one more through each door.
    let api = app
        .post(
            &noisy.access_token,
            "/api/v1/todos",
            json!({"title": "one more"}),
        )
        .send()
        .await
        .expect("create");
    let page = app
        .server_fn(&cookie, "todos/add", &[("title", "one more")])
        .await;
    // Check
    assert_eq!(api.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(retry_after(&api) >= 1);
    assert_eq!(page.status(), StatusCode::TOO_MANY_REQUESTS);
    app.create_todo(&quiet.access_token, json!({"title": "unaffected"}))
        .await;
}
