//! `idle-sockets` (memory per authenticated idle socket) and `connect-rate`
//! (authenticated Socket.IO connects per second at a fixed concurrency).

use std::time::{Duration, Instant};

use futures_util::StreamExt;
use serde_json::{Value, json};
use tokio::task::JoinSet;

use crate::api;
use crate::server::Server;
use crate::sio;
use crate::stats::round;

/// Opens `count` idle sockets spread over `users` users and reports the RSS
/// they added, per socket.
pub async fn idle(server: &Server, users: usize, count: usize) -> Result<Value, String> {
    // The HTTP client goes before the sockets come: its pooled connections
    // would hold descriptors on both sides.
    let users = {
        let http = api::client()?;
        api::register_many(&http, &server.base, 0, users, 32).await?
    };
    // One warm-up socket so lazily allocated state is not charged to the rest.
    let warm = sio::connect(server.port, &users[0].token).await?;
    let before = server.memory()?;
    let mut open = JoinSet::new();
    let sockets: Vec<Result<sio::Socket, String>> = futures_util::stream::iter(0..count)
        .map(|i| sio::connect(server.port, &users[i % users.len()].token))
        .buffer_unordered(32)
        .collect()
        .await;
    for s in sockets {
        open.spawn(s?.run(|_| {}));
    }
    // Let the server settle (allocations freed after the handshakes).
    tokio::time::sleep(Duration::from_millis(500)).await;
    let after = server.memory()?;
    open.abort_all();
    warm.close().await;
    let delta = after.rss_kib.saturating_sub(before.rss_kib);
    Ok(json!({
        "sockets": count,
        "rss_before_kib": before.rss_kib,
        "rss_after_kib": after.rss_kib,
        "kib_per_socket": round(delta as f64 / count as f64, 2),
    }))
}

/// Connects `count` authenticated sockets, `concurrency` at a time (each
/// closed once acknowledged), and reports connects per second.
pub async fn connect_rate(
    server: &Server,
    count: usize,
    concurrency: usize,
) -> Result<Value, String> {
    let http = api::client()?;
    let user = api::register(&http, &server.base, 0).await?;
    let t0 = Instant::now();
    let results: Vec<Result<(), String>> = futures_util::stream::iter(0..count)
        .map(|_| async {
            let s = sio::connect(server.port, &user.token).await?;
            s.close().await;
            Ok(())
        })
        .buffer_unordered(concurrency)
        .collect()
        .await;
    let secs = t0.elapsed().as_secs_f64();
    let failed = results.iter().filter(|r| r.is_err()).count();
    if let Some(Err(e)) = results.iter().find(|r| r.is_err()) {
        return Err(format!("{failed} of {count} connects failed, e.g. {e}"));
    }
    Ok(json!({
        "connects": count,
        "concurrency": concurrency,
        "secs": round(secs, 3),
        "connects_per_sec": round(count as f64 / secs, 1),
    }))
}
