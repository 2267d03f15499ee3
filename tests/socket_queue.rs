//! A socket's send queue is bounded in bytes (issue 6): a stalled client —
//! here a long-polling client that stops polling — holds at most
//! `SOCKET_BUFFER_BYTES` worth of events, then is told to resync.

mod common;

use common::{TestApp, spawn_app_with};
use serde_json::{Value, json};

/// A hand-driven Engine.IO polling session: it only reads when told to.
struct StalledClient<'a> {
    app: &'a TestApp,
    sid: String,
}

impl<'a> StalledClient<'a> {
    async fn connect(app: &'a TestApp, token: &str) -> StalledClient<'a> {
        let open = app
            .http
            .get(app.url("/socket.io/?EIO=4&transport=polling"))
            .send()
            .await
            .expect("engine.io open")
            .text()
            .await
            .expect("open body");
        let handshake: Value = serde_json::from_str(&open[1..]).expect("open packet");
        let client = StalledClient {
            app,
            sid: handshake["sid"].as_str().expect("sid").to_owned(),
        };
        let res = app
            .http
            .post(client.url())
            .body(format!("40{}", json!({ "token": token })))
            .send()
            .await
            .expect("socket.io connect");
        assert!(res.status().is_success());
        // socketioxide may send its first ping ("2") before the connect
        // acknowledgement, so a poll can bring either first.
        let mut seen = Vec::new();
        for _ in 0..5 {
            seen.extend(client.poll().await);
            if seen.iter().any(|p| p.starts_with("40")) {
                return client;
            }
        }
        panic!("no connect acknowledgement: {seen:?}");
    }

    fn url(&self) -> String {
        self.app.url(&format!(
            "/socket.io/?EIO=4&transport=polling&sid={}",
            self.sid
        ))
    }

    /// One poll: every packet that was queued for this client.
    async fn poll(&self) -> Vec<String> {
        let body = self
            .app
            .http
            .get(self.url())
            .send()
            .await
            .expect("poll")
            .text()
            .await
            .expect("poll body");
        body.split('\u{1e}').map(str::to_owned).collect()
    }
}

#[tokio::test]
async fn a_stalled_client_holds_at_most_the_byte_bound_then_is_told_to_resync() {
    // Setup: 64 KiB of queue (a handful of worst-case events).
    let app = spawn_app_with(&[("SOCKET_BUFFER_BYTES", "65536")]).await;
    let user = app.register("stall").await;
    let stalled = StalledClient::connect(&app, &user.access_token).await;
    // Exec: 20 events while it does not read.
    for i in 0..20 {
        app.create_todo(&user.access_token, json!({ "title": format!("t{i}") }))
            .await;
    }
    let held = stalled.poll().await;
    // Check: only what fits the byte bound was queued, then `resync` comes.
    let created = held.iter().filter(|p| p.contains("todo:created")).count();
    assert!(
        (1..=4).contains(&created),
        "held {created} events: {held:?}"
    );
    for _ in 0..10 {
        if stalled
            .poll()
            .await
            .iter()
            .any(|p| p.contains("\"resync\""))
        {
            return;
        }
    }
    panic!("no resync after the queue overflowed");
}
