//! Tokens never reach the log. The real binary runs with `RUST_LOG=trace`
//! (every layer at its most talkative) while sockets connect with their
//! token in the URL, valid and forged; its whole output is then searched
//! for the tokens.

#![cfg(feature = "ssr")]

mod common;

use common::socket::{self, Via};
use serde_json::json;
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::io::{AsyncBufReadExt, AsyncRead, BufReader};
use tokio::process::{Child, Command};

/// Everything the server printed so far, stdout and stderr interleaved.
#[derive(Clone, Default)]
struct Output(Arc<Mutex<String>>);

impl Output {
    fn collect(&self, stream: impl AsyncRead + Unpin + Send + 'static) {
        let out = self.clone();
        tokio::spawn(async move {
            let mut lines = BufReader::new(stream).lines();
            while let Ok(Some(line)) = lines.next_line().await {
                let mut all = out.0.lock().unwrap();
                all.push_str(&line);
                all.push('\n');
            }
        });
    }

    fn text(&self) -> String {
        self.0.lock().unwrap().clone()
    }

    /// Waits for the start-up line and returns the address it names.
    async fn listening_address(&self) -> String {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let text = self.text();
            if let Some(rest) = text.split("listening on ").nth(1) {
                return rest.split_whitespace().next().unwrap().to_owned();
            }
            assert!(
                Instant::now() < deadline,
                "the server did not start:\n{text}"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

fn start_server(dir: &std::path::Path) -> (Child, Output) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_livetodo"))
        .current_dir(dir)
        .env("LISTEN_ADDR", "127.0.0.1:0")
        .env("DATA_DIR", dir)
        .env("RUST_LOG", "trace")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("the livetodo binary starts");
    let output = Output::default();
    output.collect(child.stdout.take().unwrap());
    output.collect(child.stderr.take().unwrap());
    (child, output)
}

#[tokio::test]
async fn a_token_in_the_socket_url_never_reaches_the_log() {
    let dir = tempfile::tempdir().unwrap();
    let (mut server, output) = start_server(dir.path());
    let base = output.listening_address().await;
    let name = common::unique_name("logs");
    let res = reqwest::Client::new()
        .post(format!("{base}/api/v1/auth/register"))
        .json(&json!({"username": name, "email": format!("{name}@example.com"), "password": "correct horse battery"}))
        .send()
        .await
        .unwrap();
    let token = res
        .json::<livetodo::domain::AuthResponse>()
        .await
        .unwrap()
        .access_token;
    let forged = format!("{}x", &token[..token.len() - 1]);

    for via in [Via::Query, Via::QueryWithBearer] {
        let (client, events) = socket::open_at(&base, via, &token).await;
        events.connected().await;
        client.emit("join", json!({})).await.unwrap();
        events.wait_for("joined", 1).await;
        client.disconnect().await.unwrap();
    }
    let (_refused, events) = socket::open_at(&base, Via::Query, &forged).await;
    events.wait_for("error", 1).await;
    server.kill().await.unwrap();

    let log = output.text();
    assert!(
        log.contains("/socket.io/"),
        "trace logging recorded no socket request:\n{log}"
    );
    let signature = token.rsplit('.').next().unwrap();
    let forged_signature = forged.rsplit('.').next().unwrap();
    for secret in [signature, forged_signature] {
        let at = log.find(secret);
        assert!(
            at.is_none(),
            "a token is in the log: …{}…",
            &log[at.unwrap_or(0).saturating_sub(200)..][..400.min(log.len())]
        );
    }
}
