//! Graceful shutdown of the real binary: on SIGTERM it stops accepting,
//! finishes the request in flight, closes Socket.IO sockets properly, closes
//! the database and exits 0 within `SHUTDOWN_TIMEOUT_SECS`.

#![cfg(feature = "ssr")]

mod common;

use common::process::ServerProcess;
use common::unique_name;
use serde_json::{Value, json};
use sqlx::Connection;
use std::time::{Duration, Instant};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

/// Registers through the JSON API and returns the access token.
async fn register(server: &ServerProcess) -> String {
    common::register_at(&reqwest::Client::new(), &server.base, "stop")
        .await
        .access_token
}

/// Opens a Socket.IO session on the long-polling transport by hand
/// (handshake, namespace connect with the token, connect acknowledgement) and
/// leaves a poll waiting; the returned task yields that poll's answer.
async fn open_polling_socket(
    server: &ServerProcess,
    token: &str,
) -> tokio::task::JoinHandle<String> {
    let http = reqwest::Client::new();
    let base = server.url("/socket.io/?EIO=4&transport=polling");
    let open = http.get(&base).send().await.expect("handshake");
    let open = open.text().await.expect("handshake body");
    let open: Value = serde_json::from_str(open.trim_start_matches('0')).expect("open packet");
    let url = format!("{base}&sid={}", open["sid"].as_str().unwrap_or_default());
    let connect = format!("40{}", json!({ "token": token }));
    let res = http.post(&url).body(connect).send().await.expect("connect");
    assert!(res.status().is_success());
    // The first ping may come before the acknowledgement; wait for `40`.
    loop {
        let packets = http
            .get(&url)
            .send()
            .await
            .expect("poll")
            .text()
            .await
            .expect("poll body");
        if packets.split('\x1e').any(|p| p.starts_with("40")) {
            break;
        }
        if packets.split('\x1e').any(|p| p == "2") {
            let res = http.post(&url).body("3").send().await.expect("pong");
            assert!(res.status().is_success());
        }
    }
    // The waiting poll may be answered by a ping first: pong and poll again
    // until the session ends; the task yields what the last poll brought.
    tokio::spawn(async move {
        let mut last = String::new();
        for _ in 0..10 {
            last = match http.get(&url).send().await {
                Ok(res) => res.text().await.unwrap_or_default(),
                Err(e) => return format!("poll failed: {e}"),
            };
            if !last.split('\x1e').any(|p| p == "2") || last.split('\x1e').any(|p| p == "1") {
                break;
            }
            if http.post(&url).body("3").send().await.is_err() {
                break;
            }
        }
        last
    })
}

/// Sends the head of a create request with `Expect: 100-continue` and waits
/// for `100 Continue`: from then on the handler is running and reading the
/// body, so the request is truly in flight.
async fn start_create(server: &ServerProcess, token: &str, body: &str) -> BufReader<TcpStream> {
    let host = server.base.trim_start_matches("http://");
    let mut tcp = TcpStream::connect(host).await.expect("connect");
    let head = format!(
        "POST /api/v1/todos HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {token}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\nExpect: 100-continue\r\n\r\n",
        body.len()
    );
    tcp.write_all(head.as_bytes()).await.expect("send head");
    let mut reader = BufReader::new(tcp);
    let mut line = String::new();
    reader.read_line(&mut line).await.expect("read 100");
    assert!(
        line.starts_with("HTTP/1.1 100"),
        "expected 100 Continue, got {line:?}"
    );
    reader
        .read_line(&mut line)
        .await
        .expect("blank line after 100");
    reader
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_finishes_in_flight_work_closes_sockets_and_the_database() {
    // Setup: a server with a user, an open socket and a create in flight.
    let dir = tempfile::tempdir().expect("temporary directory");
    let mut server = ServerProcess::start(dir.path(), &[("SHUTDOWN_TIMEOUT_SECS", "10")]);
    let token = register(&server).await;
    let poll = open_polling_socket(&server, &token).await;
    let title = unique_name("in_flight");
    let body = json!({ "title": title }).to_string();
    let mut in_flight = start_create(&server, &token, &body).await;

    // Exec: SIGTERM, then the rest of the request.
    let stopping = Instant::now();
    server.terminate();
    in_flight
        .get_mut()
        .write_all(body.as_bytes())
        .await
        .expect("send body");
    let mut answer = String::new();
    in_flight
        .read_to_string(&mut answer)
        .await
        .expect("read answer");

    // Check: the request completed, the socket was closed, the process
    // exited 0 in time, and the database was closed cleanly.
    assert!(
        answer.starts_with("HTTP/1.1 201"),
        "answer: {answer}, log: {:#?}",
        server.logged()
    );
    let closing = poll.await.expect("poll task");
    assert!(
        closing.split('\x1e').any(|packet| packet == "1"),
        "the long-poll ends with an Engine.IO close packet, got {closing:?}"
    );
    let status = server.wait_exit(Duration::from_secs(12));
    assert!(
        status.is_some_and(|s| s.success()),
        "exit {status:?}, log: {:?}",
        server.logged()
    );
    assert!(stopping.elapsed() < Duration::from_secs(10));
    let db = dir.path().join("livetodo.db");
    // SQLite removes the WAL when its last connection closes properly.
    assert!(
        !dir.path().join("livetodo.db-wal").exists(),
        "WAL left behind"
    );
    let mut conn = sqlx::SqliteConnection::connect(&format!("sqlite://{}", db.display()))
        .await
        .expect("open the database");
    let check: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(&mut conn)
        .await
        .expect("integrity check");
    assert_eq!(check, "ok");
    let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM todos WHERE title = ?")
        .bind(&title)
        .fetch_one(&mut conn)
        .await
        .expect("count");
    assert_eq!(stored, 1, "the in-flight create was committed");
}
