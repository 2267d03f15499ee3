//! Connection-level limits: a slowloris client cannot hold the server (its
//! connections are closed after the header timeout while others are served),
//! and over the connection cap new connections wait while existing ones keep
//! working.

#![cfg(feature = "ssr")]

mod common;

use common::spawn_app_with;
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;
use tokio::time::timeout;

const SLOW_CLIENTS: usize = 20;

/// A raw HTTP/1.1 connection to the test server, for requests a normal
/// client would never send.
struct Raw {
    stream: BufReader<TcpStream>,
    host: String,
}

impl Raw {
    async fn connect(base: &str) -> Raw {
        let host = base.trim_start_matches("http://").to_owned();
        let tcp = TcpStream::connect(&host).await.expect("connect");
        Raw {
            stream: BufReader::new(tcp),
            host,
        }
    }

    /// Sends a complete keep-alive GET.
    async fn send_get(&mut self, path: &str) {
        let request = format!("GET {path} HTTP/1.1\r\nHost: {}\r\n\r\n", self.host);
        self.stream
            .get_mut()
            .write_all(request.as_bytes())
            .await
            .expect("send request");
    }

    /// Reads one response (status line, headers, Content-Length body) and
    /// returns its status line.
    async fn read_response(&mut self) -> String {
        let mut status = String::new();
        self.stream
            .read_line(&mut status)
            .await
            .expect("status line");
        let mut length = 0usize;
        loop {
            let mut line = String::new();
            self.stream.read_line(&mut line).await.expect("header line");
            if line.trim().is_empty() {
                break;
            }
            if let Some((name, value)) = line.split_once(':')
                && name.eq_ignore_ascii_case("content-length")
            {
                length = value.trim().parse().unwrap_or(0);
            }
        }
        let mut body = vec![0; length];
        self.stream.read_exact(&mut body).await.expect("body");
        status.trim().to_owned()
    }
}

/// One slowloris connection: sends the start of a request head and never
/// finishes it (`trickle`: keeps adding a byte every 100 ms). Resolves to
/// whether the server closed it within `limit`.
async fn slowloris(base: String, trickle: bool, limit: Duration) -> bool {
    let host = base.trim_start_matches("http://").to_owned();
    let Ok(tcp) = TcpStream::connect(&host).await else {
        return false;
    };
    let (mut read, mut write) = tcp.into_split();
    let head = format!("GET / HTTP/1.1\r\nHost: {host}\r\n");
    if write.write_all(head.as_bytes()).await.is_err() {
        return true;
    }
    let writer = tokio::spawn(async move {
        if trickle {
            loop {
                tokio::time::sleep(Duration::from_millis(100)).await;
                if write.write_all(b"X").await.is_err() {
                    return;
                }
            }
        }
        // Hold the write half open without sending anything more.
        std::future::pending::<()>().await;
    });
    let mut sink = Vec::new();
    let closed = matches!(
        timeout(limit, read.read_to_end(&mut sink)).await,
        Ok(Ok(_)) | Ok(Err(_))
    );
    writer.abort();
    closed
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slowloris_connections_are_closed_and_others_still_served() {
    // Setup: a short header timeout and a crowd of slow clients, half of
    // them trickling a byte at a time.
    let app = spawn_app_with(&[("HEADER_TIMEOUT_SECS", "1")]).await;
    let slow: Vec<_> = (0..SLOW_CLIENTS)
        .map(|n| {
            tokio::spawn(slowloris(
                app.base.clone(),
                n % 2 == 1,
                Duration::from_secs(5),
            ))
        })
        .collect();

    // Exec: a normal request while they hang on.
    let normal = app.http.get(app.url("/api/v1/todos")).send().await;
    let mut closed = 0;
    for s in slow {
        if s.await.unwrap_or(false) {
            closed += 1;
        }
    }

    // Check: it was answered (401: no token), and the server closed every
    // slow connection well before the 5 s the clients would wait.
    assert_eq!(normal.map(|r| r.status().as_u16()).ok(), Some(401));
    assert_eq!(
        closed, SLOW_CLIENTS,
        "slow connections closed by the server"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn over_the_connection_cap_new_connections_wait_while_open_ones_work() {
    // Setup: a cap of two, both taken by kept-alive connections.
    let app = spawn_app_with(&[("MAX_CONNECTIONS", "2")]).await;
    let mut first = Raw::connect(&app.base).await;
    let mut second = Raw::connect(&app.base).await;
    for raw in [&mut first, &mut second] {
        raw.send_get("/api/v1/todos").await;
        assert!(raw.read_response().await.contains(" 401 "));
    }

    // Exec: a third connection sends a request.
    let mut third = Raw::connect(&app.base).await;
    third.send_get("/api/v1/todos").await;
    let waited = timeout(Duration::from_millis(500), third.read_response()).await;
    first.send_get("/api/v1/todos").await;
    let first_again = timeout(Duration::from_secs(5), first.read_response()).await;
    drop(second);
    let third_after = timeout(Duration::from_secs(5), third.read_response()).await;

    // Check: the third waited, the open ones kept working, and the third was
    // served as soon as a slot freed.
    assert!(waited.is_err(), "served over the cap: {waited:?}");
    assert!(first_again.is_ok_and(|s| s.contains(" 401 ")));
    assert!(third_after.is_ok_and(|s| s.contains(" 401 ")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_body_that_never_arrives_is_answered_after_the_body_timeout() {
    // Setup: a short body timeout and a signed-in user.
    let app = spawn_app_with(&[("BODY_TIMEOUT_SECS", "1")]).await;
    let user = app.register("body").await;
    let mut raw = Raw::connect(&app.base).await;

    // Exec: announce 100 bytes of body, send 10, then stall.
    let head = format!(
        "POST /api/v1/todos HTTP/1.1\r\nHost: {}\r\nAuthorization: Bearer {}\r\n\
         Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{{\"title\":",
        raw.host, user.access_token
    );
    raw.stream
        .get_mut()
        .write_all(head.as_bytes())
        .await
        .expect("send");
    let answer = timeout(Duration::from_secs(5), raw.read_response()).await;

    // Check: a client error naming the body, not a request held forever.
    let status = answer.expect("answered before the client gave up");
    assert!(status.contains(" 400 "), "status: {status}");
}
