//! Who may connect to the Socket.IO gateway (SPEC §3): the four token
//! sources, refused tokens, foreign origins, `join`, and the end of a
//! socket's life at log-out and token expiry.

#![cfg(feature = "ssr")]

mod common;

use common::socket::{self, ALL_SOURCES, Via};
use common::{TestApp, spawn_app, spawn_app_with};
use jsonwebtoken::{EncodingKey, Header, encode};
use rust_socketio::Payload;
use serde_json::{Value, json};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const SECRET: &str = "a-test-secret-that-is-at-least-32-bytes-long";

fn token_with(secret: &str, sub: &str, exp_in_secs: i64) -> String {
    token_in_session(secret, sub, "test-session", exp_in_secs)
}

/// A token signed with `secret` for a given session id (`sid`).
fn token_in_session(secret: &str, sub: &str, sid: &str, exp_in_secs: i64) -> String {
    let now = chrono::Utc::now().timestamp();
    let claims = json!({"sub": sub, "iat": now, "exp": now + exp_in_secs, "sid": sid});
    encode(
        &Header::default(),
        &claims,
        &EncodingKey::from_secret(secret.as_bytes()),
    )
    .unwrap()
}

#[tokio::test]
async fn every_token_source_connects_and_join_answers_joined() {
    let app = spawn_app().await;
    let user = app.register("src").await;

    for via in ALL_SOURCES {
        let (client, events) = socket::open(&app, via, &user.access_token).await;
        events.connected().await;
        client.emit("join", json!({})).await.unwrap();
        events.wait_for("joined", 1).await;

        let joined = &events.named("joined")[0];
        assert_eq!(
            joined["message"], "Successfully connected to real-time updates",
            "{via:?}"
        );
        assert_eq!(joined["user"]["id"], user.user.id.to_string(), "{via:?}");
        assert_eq!(joined["user"]["username"], user.user.username, "{via:?}");
        client.disconnect().await.unwrap();
    }
}

#[tokio::test]
async fn missing_forged_and_expired_tokens_are_refused() {
    let app = spawn_app_with(&[("JWT_SECRET", SECRET)]).await;
    let user = app.register("bad").await;
    let sub = user.user.id.to_string();
    let unsigned = {
        let good = token_with(SECRET, &sub, 3600);
        let claims = good.split('.').nth(1).unwrap().to_owned();
        format!("eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.{claims}.")
    };
    let bad_tokens = [
        ("garbage", "not.a.jwt".to_owned()),
        (
            "wrong secret",
            token_with("another-secret-that-is-also-32-bytes-long!", &sub, 3600),
        ),
        ("alg none", unsigned),
        ("expired", token_with(SECRET, &sub, -3600)),
    ];

    let (_anon, anonymous) = socket::open_anonymous(&app).await;
    let mut refused = vec![("no token", anonymous)];
    let mut clients = Vec::new();
    for (label, token) in &bad_tokens {
        let (client, events) = socket::open(&app, Via::AuthPayload, token).await;
        clients.push(client);
        refused.push((label, events));
    }
    for (label, events) in &refused {
        events
            .wait_until(&format!("{label}: connect_error"), |all| {
                all.iter()
                    .any(|(n, v)| n == "error" && v.to_string().contains("unauthorized"))
            })
            .await;
    }

    // A change for the user reaches a good socket, and none of the refused ones.
    let (_good, good) = socket::connected(&app, &user.access_token).await;
    app.create_todo(&user.access_token, json!({"title": "secret"}))
        .await;
    good.wait_for("todo:created", 1).await;
    for (label, events) in &refused {
        assert!(events.named("connect").is_empty(), "{label} connected");
        assert!(
            events.todo_events().is_empty(),
            "{label} received {:?}",
            events.all()
        );
    }
}

/// Sends a raw HTTP/1.1 request and returns the status code of the answer.
async fn raw_status(app: &TestApp, request: String) -> u16 {
    let addr = app.base.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut head = vec![0u8; 12];
    stream.read_exact(&mut head).await.unwrap();
    String::from_utf8_lossy(&head[9..12]).parse().unwrap()
}

fn polling_request(origin: Option<&str>) -> String {
    let origin = origin
        .map(|o| format!("Origin: {o}\r\n"))
        .unwrap_or_default();
    format!(
        "GET /socket.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: x\r\n{origin}Connection: close\r\n\r\n"
    )
}

fn websocket_request(origin: Option<&str>) -> String {
    let origin = origin
        .map(|o| format!("Origin: {o}\r\n"))
        .unwrap_or_default();
    format!(
        "GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: x\r\n{origin}\
         Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n\
         Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n"
    )
}

#[tokio::test]
async fn foreign_origins_are_refused_before_any_session_on_both_transports() {
    let app = spawn_app().await;
    let ours = app.origin.clone();

    assert_eq!(
        raw_status(&app, polling_request(Some("https://evil.example"))).await,
        403
    );
    assert_eq!(
        raw_status(&app, websocket_request(Some("https://evil.example"))).await,
        403
    );

    assert_eq!(raw_status(&app, polling_request(Some(&ours))).await, 200);
    assert_eq!(raw_status(&app, websocket_request(Some(&ours))).await, 101);
    assert_eq!(raw_status(&app, polling_request(None)).await, 200);
    assert_eq!(raw_status(&app, websocket_request(None)).await, 101);
}

#[tokio::test]
async fn join_is_idempotent_and_answers_through_the_ack_too() {
    let app = spawn_app().await;
    let user = app.register("ack").await;
    let (client, events) = socket::connected(&app, &user.access_token).await;
    let acked: Arc<Mutex<Option<Value>>> = Arc::default();

    let slot = acked.clone();
    client
        .emit_with_ack(
            "join",
            json!({}),
            Duration::from_secs(5),
            move |payload: Payload, _| {
                if let Payload::Text(values) = payload {
                    *slot.lock().unwrap() = values.first().cloned();
                }
                Box::pin(async {})
            },
        )
        .await
        .unwrap();
    client.emit("join", json!({})).await.unwrap();
    events.wait_for("joined", 2).await;
    events
        .wait_until("the ack", |_| acked.lock().unwrap().is_some())
        .await;

    // rust_socketio wraps ack arguments in one more array.
    let ack = acked.lock().unwrap().clone().unwrap();
    let ack = if ack.is_array() { ack[0].clone() } else { ack };
    assert_eq!(ack["user"]["email"], user.user.email);
    // Joining twice does not double the events.
    app.create_todo(&user.access_token, json!({"title": "once"}))
        .await;
    events.wait_for("todo:created", 1).await;
    app.create_todo(&user.access_token, json!({"title": "barrier"}))
        .await;
    events.wait_for("todo:created", 2).await;
    let titles: Vec<_> = events
        .named("todo:created")
        .iter()
        .map(|t| t["title"].clone())
        .collect();
    assert_eq!(titles, [json!("once"), json!("barrier")]);
}

#[tokio::test]
async fn unknown_events_get_an_error_and_the_socket_stays_up() {
    let app = spawn_app().await;
    let user = app.register("unk").await;
    let (client, events) = socket::connected(&app, &user.access_token).await;

    client.emit("todo:hack", json!({"id": "x"})).await.unwrap();
    client.emit("bare", Payload::Text(vec![])).await.unwrap();
    for name in ["todo:hack", "bare"] {
        events
            .wait_until("the error event", |all| {
                all.iter().any(|(n, v)| {
                    n == "error" && v["message"] == format!("unknown event: {name}").as_str()
                })
            })
            .await;
    }

    app.create_todo(&user.access_token, json!({"title": "still live"}))
        .await;
    events.wait_for("todo:created", 1).await;
}

#[tokio::test]
async fn log_out_disconnects_the_sockets_of_that_session_only() {
    let app = spawn_app().await;
    let user = app.register("out").await;
    let cookie = app.session_cookie(&user.user.email).await;
    let cookie_token = cookie.trim_start_matches("livetodo_session=").to_owned();
    let (_browser, browser) = socket::open(&app, Via::Cookie, &cookie_token).await;
    browser.connected().await;
    let (_script, script) = socket::connected(&app, &user.access_token).await;

    let res = app.server_fn(&cookie, "auth/logout", &[]).await;
    assert!(res.status().is_success());

    browser.wait_for("close", 1).await;
    app.create_todo(&user.access_token, json!({"title": "after log-out"}))
        .await;
    script.wait_for("todo:created", 1).await;
    assert!(browser.todo_events().is_empty());
}

#[tokio::test]
async fn a_socket_is_closed_when_its_token_expires() {
    let app = spawn_app_with(&[("JWT_SECRET", SECRET)]).await;
    let user = app.register("exp").await;
    let sid = common::claims_of(&user.access_token)["sid"]
        .as_str()
        .unwrap()
        .to_owned();
    let short = token_in_session(SECRET, &user.user.id.to_string(), &sid, 2);

    let (_client, events) = socket::connected(&app, &short).await;

    events.wait_for("close", 1).await;
}
