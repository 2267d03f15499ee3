//! `json` and `ssr`: requests per second for the todo list of a user with
//! 100 todos, as JSON (`GET /api/v1/todos`) and as the server-rendered home
//! page (`GET /` with the session cookie), `concurrency` requests in flight.

use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tokio::task::JoinSet;

use crate::api::{self, User};
use crate::procfs;
use crate::server::Server;
use crate::stats::{latency_ms, round};

/// A user with `todos` todos.
pub async fn seed(server: &Server, todos: usize) -> Result<User, String> {
    let http = api::client()?;
    let user = api::register(&http, &server.base, 0).await?;
    for i in 0..todos {
        let status = api::create(
            &http,
            &server.base,
            &user.token,
            &format!("todo number {i}"),
        )
        .await?;
        if status != 201 {
            return Err(format!("seeding todo {i}: {status}"));
        }
    }
    Ok(user)
}

/// Which page is fetched.
#[derive(Clone, Copy)]
pub enum Page {
    Json,
    Ssr,
}

fn request(http: &reqwest::Client, base: &str, token: &str, page: Page) -> reqwest::RequestBuilder {
    match page {
        Page::Json => http.get(format!("{base}/api/v1/todos")).bearer_auth(token),
        Page::Ssr => http
            .get(format!("{base}/"))
            .header("cookie", format!("livetodo_session={token}")),
    }
}

/// Closed-loop load for `secs` seconds with `concurrency` workers.
pub async fn throughput(
    server: &Server,
    user: &User,
    page: Page,
    concurrency: usize,
    secs: f64,
) -> Result<Value, String> {
    let http = api::client()?;
    // One request first: it must succeed and shows the size of the answer.
    let first = request(&http, &server.base, &user.token, page)
        .send()
        .await
        .map_err(|e| format!("first request: {e}"))?;
    let status = first.status();
    let body = first.bytes().await.map_err(|e| e.to_string())?;
    if !status.is_success() || !String::from_utf8_lossy(&body).contains("todo number 99") {
        return Err(format!("first answer {status} does not list the todos"));
    }
    let cpu0 = server.cpu_seconds()?;
    let own0 = procfs::cpu_seconds(std::process::id())?;
    let t0 = Instant::now();
    let until = t0 + Duration::from_secs_f64(secs);
    let mut workers = JoinSet::new();
    for _ in 0..concurrency {
        let (http, base, token) = (http.clone(), server.base.clone(), user.token.clone());
        workers.spawn(async move {
            let (mut lat, mut failed) = (Vec::new(), 0u64);
            while Instant::now() < until {
                let s = Instant::now();
                let ok = match request(&http, &base, &token, page).send().await {
                    Ok(r) => r.status().is_success() && r.bytes().await.is_ok(),
                    Err(_) => false,
                };
                if ok {
                    lat.push(s.elapsed().as_micros() as u64);
                } else {
                    failed += 1;
                }
            }
            (lat, failed)
        });
    }
    let (mut all, mut failed) = (Vec::new(), 0);
    while let Some(Ok((lat, f))) = workers.join_next().await {
        all.extend(lat);
        failed += f;
    }
    let wall = t0.elapsed().as_secs_f64();
    let cpu = server.cpu_seconds()? - cpu0;
    let own = procfs::cpu_seconds(std::process::id())? - own0;
    Ok(json!({
        "concurrency": concurrency,
        "requests_ok": all.len(),
        "requests_failed": failed,
        "requests_per_sec": round(all.len() as f64 / wall, 1),
        "server_cpu_pct": round(100.0 * cpu / wall, 1),
        "client_cpu_pct": round(100.0 * own / wall, 1),
        "body_bytes": body.len(),
        "latency": latency_ms(all),
    }))
}
