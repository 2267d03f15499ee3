//! Security logging (issue 6): failed log-ins, refused sockets and rate-limit
//! hits are logged without passwords or tokens, and the volume of each kind
//! is bounded however long the flood lasts.
//!
//! One test per binary: it installs the process-wide log subscriber.

mod common;

use common::{socket, spawn_app_with};
use serde_json::json;
use std::io::Write;
use std::sync::{Arc, Mutex};

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn floods_log_a_bounded_number_of_lines_with_no_secret() {
    // Setup: capture every log line; three lines per kind per minute.
    let log = Captured::default();
    let writer = log.clone();
    tracing::subscriber::set_global_default(
        tracing_subscriber::fmt()
            .with_env_filter("info")
            .with_ansi(false)
            .with_writer(move || writer.clone())
            .finish(),
    )
    .expect("the only subscriber of this binary");
    let app = spawn_app_with(&[
        ("SECURITY_LOG_PER_MINUTE", "3"),
        ("MAX_SOCKETS_PER_USER", "1"),
    ])
    .await;
    let user = app.register("flood").await;
    let password = "hunter2-must-never-be-logged";
    // Exec: 30 wrong log-ins (failures, then back-off refusals) and 6
    // sockets over the cap.
    for _ in 0..30 {
        let res = app
            .http
            .post(app.url("/api/v1/auth/login"))
            .json(&json!({"email": user.user.email, "password": password}))
            .send()
            .await
            .expect("login");
        assert!([401, 429].contains(&res.status().as_u16()));
    }
    let _kept = socket::connected(&app, &user.access_token).await;
    for _ in 0..6 {
        let (_c, events) = socket::open(&app, socket::Via::AuthPayload, &user.access_token).await;
        events
            .wait_until("connect_error", |all| all.iter().any(|(n, _)| n == "error"))
            .await;
    }
    // Check
    let text = String::from_utf8(log.0.lock().unwrap().clone()).expect("utf-8 log");
    assert!(!text.contains(password), "a password reached the log");
    assert!(
        !text.contains(&user.access_token),
        "a token reached the log"
    );
    for line in ["log-in failed", "rate limited", "refused a socket"] {
        let n = text.matches(line).count();
        assert!((1..=3).contains(&n), "{n} × {line:?} in:\n{text}");
    }
}
