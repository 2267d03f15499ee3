//! Socket limits (issue 6): connects per IP, sockets per user, messages per
//! socket. A refused connect gets `connect_error` naming the reason.

mod common;

use common::{socket, spawn_app_with};
use serde_json::{Value, json};

/// Whether the recording holds an `error` whose text contains `needle`
/// (`connect_error` arrives as a string, the `error` event as an object).
fn has_error(all: &[(String, Value)], needle: &str) -> bool {
    all.iter()
        .any(|(n, v)| n == "error" && v.to_string().contains(needle))
}

#[tokio::test]
async fn connects_past_the_ip_rate_are_refused_with_the_reason() {
    // Setup
    let app = spawn_app_with(&[("RATE_SOCKET_CONNECTS_PER_IP", "2/1m")]).await;
    let user = app.register("conn").await;
    let _first = socket::connected(&app, &user.access_token).await;
    let _second = socket::connected(&app, &user.access_token).await;
    // Exec
    let (_third, events) = socket::open(&app, socket::Via::AuthPayload, &user.access_token).await;
    // Check
    events
        .wait_until("connect_error", |all| {
            has_error(all, "too many connection attempts")
        })
        .await;
    assert!(events.named("connect").is_empty());
}

#[tokio::test]
async fn a_user_holds_at_most_the_socket_cap() {
    // Setup
    let app = spawn_app_with(&[("MAX_SOCKETS_PER_USER", "2")]).await;
    let (user, other) = (app.register("cap").await, app.register("capother").await);
    let _a = socket::connected(&app, &user.access_token).await;
    let _b = socket::connected(&app, &user.access_token).await;
    // Exec
    let (_c, events) = socket::open(&app, socket::Via::AuthPayload, &user.access_token).await;
    // Check: refused with the reason; another user is not affected.
    events
        .wait_until("connect_error", |all| {
            has_error(all, "too many connections: at most 2 per user")
        })
        .await;
    let _d = socket::connected(&app, &other.access_token).await;
}

#[tokio::test]
async fn a_socket_over_its_message_rate_is_told_then_disconnected() {
    // Setup: three messages a minute.
    let app = spawn_app_with(&[("RATE_SOCKET_MESSAGES", "3/1m")]).await;
    let user = app.register("chatty").await;
    let (client, events) = socket::connected(&app, &user.access_token).await;
    // Exec + Check: three joins are answered, the fourth gets an error.
    for _ in 0..4 {
        client.emit("join", json!({})).await.expect("emit");
    }
    events.wait_for("joined", 3).await;
    events
        .wait_until("the rate error", |all| {
            has_error(all, "too many messages: slow down")
        })
        .await;
    // Exec + Check: still sending (a whole burst more) ends the socket.
    for _ in 0..3 {
        client.emit("join", json!({})).await.expect("emit");
    }
    events.wait_for("close", 1).await;
    assert_eq!(events.named("joined").len(), 3);
}
