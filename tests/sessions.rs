//! Sessions that really end: every token names a server-side session, and
//! log-out, log-out everywhere, a password change, a deleted account and the
//! absolute session lifetime all stop a token at once — over HTTP and at the
//! Socket.IO handshake — and close the sockets they should.

#![cfg(feature = "ssr")]

mod common;

use common::socket::{self, Via};
use common::{TestApp, claims_of, spawn_app, status_json};
use reqwest::StatusCode;
use serde_json::json;

const PASSWORD: &str = "correct horse battery";

/// Logs in once more through the JSON API: a second, independent session.
async fn second_session(app: &TestApp, email: &str) -> String {
    let res = app
        .http
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({"email": email, "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    res.json::<serde_json::Value>().await.unwrap()["accessToken"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn todos_status(app: &TestApp, token: &str) -> StatusCode {
    app.get(token, "/api/v1/todos")
        .send()
        .await
        .unwrap()
        .status()
}

/// Whether a fresh socket with `token` is refused at the handshake.
async fn socket_refused(app: &TestApp, token: &str) -> bool {
    let (_client, events) = socket::open(app, Via::AuthPayload, token).await;
    events
        .wait_until("connect or error", |all| {
            all.iter().any(|(n, _)| n == "connect" || n == "error")
        })
        .await;
    events.named("connect").is_empty()
}

#[tokio::test]
async fn api_log_out_ends_that_token_everywhere_it_is_checked() {
    // Setup
    let app = spawn_app().await;
    let user = app.register("bye").await;
    let other = second_session(&app, &user.user.email).await;
    let (_sock, sock) = socket::connected(&app, &user.access_token).await;

    // Exec
    let res = app
        .http
        .post(app.url("/api/v1/auth/logout"))
        .bearer_auth(&user.access_token)
        .send()
        .await
        .unwrap();

    // Check
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        todos_status(&app, &user.access_token).await,
        StatusCode::UNAUTHORIZED
    );
    sock.wait_for("close", 1).await;
    assert!(socket_refused(&app, &user.access_token).await);
    assert_eq!(
        todos_status(&app, &other).await,
        StatusCode::OK,
        "other session stays"
    );
}

#[tokio::test]
async fn page_log_out_revokes_the_cookie_not_just_clears_it() {
    // Setup
    let app = spawn_app().await;
    let user = app.register("pageout").await;
    let cookie = app.session_cookie(&user.user.email).await;

    // Exec
    let res = app.server_fn(&cookie, "auth/logout", &[]).await;
    assert!(res.status().is_success() || res.status().is_redirection());

    // Check: replaying the old cookie gets nowhere.
    let list = app.server_fn(&cookie, "lists/open", &[]).await;
    assert_eq!(list.status(), StatusCode::UNAUTHORIZED);
    let home = app.page(&cookie, "/").await;
    assert_eq!(home.headers()["location"], "/login");
}

#[tokio::test]
async fn log_out_everywhere_ends_every_session_and_closes_every_socket() {
    // Setup
    let app = spawn_app().await;
    let user = app.register("all").await;
    let phone = second_session(&app, &user.user.email).await;
    let (_a, laptop_socket) = socket::connected(&app, &user.access_token).await;
    let (_b, phone_socket) = socket::connected(&app, &phone).await;

    // Exec
    let res = app
        .http
        .post(app.url("/api/v1/auth/logout-all"))
        .bearer_auth(&phone)
        .send()
        .await
        .unwrap();

    // Check
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    laptop_socket.wait_for("close", 1).await;
    phone_socket.wait_for("close", 1).await;
    for token in [&user.access_token, &phone] {
        assert_eq!(todos_status(&app, token).await, StatusCode::UNAUTHORIZED);
        assert!(socket_refused(&app, token).await);
    }
}

#[tokio::test]
async fn changing_the_password_needs_the_current_one_and_ends_the_other_sessions() {
    // Setup
    let app = spawn_app().await;
    let user = app.register("pw").await;
    let other = second_session(&app, &user.user.email).await;
    let (_o, other_socket) = socket::connected(&app, &other).await;
    let (_m, my_socket) = socket::connected(&app, &user.access_token).await;
    let change = |current: &str, new: &str| {
        app.post(
            &user.access_token,
            "/api/v1/me/password",
            json!({"currentPassword": current, "newPassword": new}),
        )
        .send()
    };

    // Exec + Check: a wrong current password changes nothing.
    let (status, body) =
        status_json(change("not it at all", "a brand new secret").await.unwrap()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["field"], "currentPassword");
    let (status, body) = status_json(change(PASSWORD, "short").await.unwrap()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["field"], "newPassword");
    assert_eq!(todos_status(&app, &other).await, StatusCode::OK);

    // Exec
    let res = change(PASSWORD, "a brand new secret").await.unwrap();

    // Check
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    other_socket.wait_for("close", 1).await;
    assert_eq!(todos_status(&app, &other).await, StatusCode::UNAUTHORIZED);
    assert_eq!(
        todos_status(&app, &user.access_token).await,
        StatusCode::OK,
        "this session stays"
    );
    app.create_todo(&user.access_token, json!({"title": "still live"}))
        .await;
    my_socket.wait_for("todo:created", 1).await;
    let old_login = app
        .http
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({"email": user.user.email, "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(old_login.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn deleting_the_account_removes_everything_and_frees_the_name() {
    // Setup
    let app = spawn_app().await;
    let user = app.register("gone").await;
    app.create_todo(&user.access_token, json!({"title": "mine"}))
        .await;
    let (_s, sock) = socket::connected(&app, &user.access_token).await;
    let delete = |password: &str| {
        app.http
            .delete(app.url("/api/v1/me"))
            .bearer_auth(&user.access_token)
            .json(&json!({"password": password}))
            .send()
    };

    // Exec + Check: the wrong password deletes nothing.
    let (status, body) = status_json(delete("wrong password!").await.unwrap()).await;
    assert_eq!(
        (status, body["field"].as_str()),
        (StatusCode::BAD_REQUEST, Some("password"))
    );
    assert_eq!(todos_status(&app, &user.access_token).await, StatusCode::OK);

    // Exec
    let res = delete(PASSWORD).await.unwrap();

    // Check
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    sock.wait_for("close", 1).await;
    let create = app
        .post(
            &user.access_token,
            "/api/v1/todos",
            json!({"title": "ghost"}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(create.status(), StatusCode::UNAUTHORIZED, "not a 500");
    assert!(socket_refused(&app, &user.access_token).await);
    let left = app
        .raw_db()
        .await
        .scalar(
            "SELECT count(*) FROM todos WHERE user_id = $1",
            "SELECT count(*) FROM todos WHERE user_id = $1::uuid",
            &[&user.user.id.to_string()],
        )
        .await;
    assert_eq!(left, 0);
    let again = app
        .http
        .post(app.url("/api/v1/auth/register"))
        .json(&json!({
            "username": user.user.username,
            "email": user.user.email,
            "password": PASSWORD,
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(
        again.status(),
        StatusCode::CREATED,
        "username and email are free again"
    );
}

#[tokio::test]
async fn me_answers_the_public_user() {
    let app = spawn_app().await;
    let user = app.register("me").await;

    let (status, body) = status_json(
        app.get(&user.access_token, "/api/v1/me")
            .send()
            .await
            .unwrap(),
    )
    .await;

    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        body,
        json!({"id": user.user.id, "username": user.user.username, "email": user.user.email})
    );
}

#[tokio::test]
async fn a_session_past_its_absolute_end_is_refused_even_with_a_fresh_token() {
    // Setup: a token that is itself still valid for an hour.
    let app = spawn_app().await;
    let user = app.register("old").await;
    let sid = claims_of(&user.access_token)["sid"]
        .as_str()
        .unwrap()
        .to_owned();

    // Exec: the session's absolute end passes.
    app.raw_db()
        .await
        .execute(
            "UPDATE sessions SET expires_at = '2000-01-01T00:00:00.000Z' WHERE id = $1",
            "UPDATE sessions SET expires_at = '2000-01-01T00:00:00.000Z' WHERE id = $1::uuid",
            &[&sid],
        )
        .await;
    app.state.sessions.forget(&[sid.parse().unwrap()]);

    // Check
    assert_eq!(
        todos_status(&app, &user.access_token).await,
        StatusCode::UNAUTHORIZED
    );
    assert!(socket_refused(&app, &user.access_token).await);
}

#[tokio::test]
async fn renewal_never_extends_a_cookie_past_the_sessions_absolute_end() {
    // Setup: a session that ends in 40 s, and a cookie whose token has less
    // than half of its lifetime left, so it is due for renewal.
    let app = spawn_app().await;
    let user = app.register("renew").await;
    let sid: uuid::Uuid = claims_of(&user.access_token)["sid"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let now = chrono::Utc::now();
    let session_end = now + chrono::Duration::seconds(40);
    app.raw_db()
        .await
        .execute(
            "UPDATE sessions SET expires_at = $1 WHERE id = $2",
            "UPDATE sessions SET expires_at = $1::timestamptz WHERE id = $2::uuid",
            &[
                &livetodo::domain::time::to_wire(&session_end),
                &sid.to_string(),
            ],
        )
        .await;
    app.state.sessions.forget(&[sid]);
    let old = app
        .state
        .keys
        .issue(user.user.id, sid, now + chrono::Duration::seconds(20))
        .unwrap();

    // Exec
    let res = app
        .http
        .get(app.url("/"))
        .header("cookie", format!("livetodo_session={old}"))
        .send()
        .await
        .unwrap();

    // Check: renewed, but only up to the session's end (not a whole hour).
    assert_eq!(res.status(), StatusCode::OK);
    let set_cookie = res.headers()["set-cookie"].to_str().unwrap().to_owned();
    let token = set_cookie
        .split(';')
        .next()
        .unwrap()
        .trim_start_matches("livetodo_session=");
    let exp = claims_of(token)["exp"].as_i64().unwrap();
    assert!(
        exp <= session_end.timestamp(),
        "renewed past the end: {set_cookie}"
    );
    assert!(exp > now.timestamp() + 20, "it was renewed");
}
