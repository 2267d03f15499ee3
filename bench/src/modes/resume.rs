//! `resume`: what a client that was away pays to catch up (SPEC §7), and
//! what the change log costs on disk.
//!
//! One user, one list of `todos` todos. Each round, while no socket is
//! connected, `missed` edits are made to the list; then a socket connects
//! and resumes with `sync` from the number it had, and the round is timed
//! from sending `sync` to its ack (every missed change arrives before the
//! ack). Set beside it: the bytes of the one alternative, refetching the
//! whole list. The log's growth is the database's size after a clean
//! shutdown, before and after all rounds' changes.

use std::path::Path;
use std::time::Instant;

use futures_util::StreamExt;
use serde_json::{Value, json};

use crate::api::{self, User};
use crate::profile::CONCURRENCY;
use crate::server::{self, Server, ServerSpec};
use crate::sio;
use crate::stats::{percentile, round};

pub async fn run(
    spec: &ServerSpec,
    rounds: usize,
    missed: usize,
    todos: usize,
) -> Result<Value, String> {
    let http = api::client()?;
    let srv = server::start(spec).await?;
    let user = api::register(&http, &srv.base, 0).await?;
    let list = create_list(&http, &srv, &user).await?;
    let ids = seed(&http, &srv, &user, &list, todos).await?;
    let refetch_bytes = refetch_bytes(&http, &srv, &user, &list).await?;
    let data = srv.stop().await?;
    let size_before = db_bytes(data.path())?;

    let srv = server::restart(spec, data).await?;
    let mut micros = Vec::new();
    let mut resume_bytes = Vec::new();
    let mut seq = list_seq(&http, &srv, &user, &list).await?;
    for r in 0..rounds {
        edit(&http, &srv, &user, &ids, r, missed).await?;
        let mut socket = sio::connect(srv.port, &user.token).await?;
        let request = json!({ "lists": { list.clone(): seq } });
        let t0 = Instant::now();
        let (events, ack) = socket.ask("sync", &request).await?;
        micros.push(t0.elapsed().as_micros() as u64);
        socket.close().await;
        let answer: Value = serde_json::from_str(&ack).map_err(|e| format!("sync ack: {e}"))?;
        let entry = &answer[0]["lists"][&list];
        if entry["replayed"].as_u64() != Some(missed as u64) || events.len() != missed {
            return Err(format!(
                "round {r}: {} events, ack {entry}; expected {missed}",
                events.len()
            ));
        }
        seq = entry["seq"].as_u64().ok_or("sync ack without seq")?;
        // What the socket carried: the replayed packets and the ack.
        let bytes: usize = events.iter().map(|e| e.len() + 2).sum::<usize>() + ack.len() + 3;
        resume_bytes.push(bytes as u64);
    }
    let data = srv.stop().await?;
    let size_after = db_bytes(data.path())?;

    let changes = (rounds * missed) as u64;
    let growth = size_after.saturating_sub(size_before);
    let runs_ms: Vec<f64> = micros
        .iter()
        .map(|&u| round(u as f64 / 1000.0, 1))
        .collect();
    micros.sort_unstable();
    resume_bytes.sort_unstable();
    let median_bytes = percentile(&resume_bytes, 50.0);
    Ok(json!({
        "rounds": rounds,
        "missed_per_round": missed,
        "list_todos": todos,
        "resume_runs_ms": runs_ms,
        "resume_median_ms": round(percentile(&micros, 50.0) as f64 / 1000.0, 1),
        "resume_bytes": median_bytes,
        "resume_bytes_per_change": round(median_bytes as f64 / missed as f64, 1),
        "refetch_bytes": refetch_bytes,
        "db_bytes_before": size_before,
        "db_bytes_after": size_after,
        "changes": changes,
        "log_growth_bytes_per_10k_changes": growth * 10_000 / changes.max(1),
    }))
}

async fn create_list(http: &reqwest::Client, srv: &Server, user: &User) -> Result<String, String> {
    let request = http
        .post(format!("{}/api/v1/lists", srv.base))
        .bearer_auth(&user.token)
        .json(&json!({ "name": "Resume" }));
    id_of(request, "create list").await
}

/// Adds `n` todos to `list`; returns their ids.
async fn seed(
    http: &reqwest::Client,
    srv: &Server,
    user: &User,
    list: &str,
    n: usize,
) -> Result<Vec<String>, String> {
    let made: Vec<Result<String, String>> = futures_util::stream::iter(0..n)
        .map(|i| {
            let request = http
                .post(format!("{}/api/v1/todos", srv.base))
                .bearer_auth(&user.token)
                .json(&json!({ "title": format!("todo {i}"), "listId": list }));
            id_of(request, "create")
        })
        .buffered(CONCURRENCY)
        .collect()
        .await;
    made.into_iter().collect()
}

/// Makes `n` edits to the list's todos (titles, round-robin), `CONCURRENCY`
/// at a time.
async fn edit(
    http: &reqwest::Client,
    srv: &Server,
    user: &User,
    ids: &[String],
    round: usize,
    n: usize,
) -> Result<(), String> {
    let results: Vec<Result<(), String>> = futures_util::stream::iter(0..n)
        .map(|i| async move {
            let id = &ids[i % ids.len()];
            let r = http
                .patch(format!("{}/api/v1/todos/{id}", srv.base))
                .bearer_auth(&user.token)
                .json(&json!({ "title": format!("todo {i}, edit {round}") }))
                .send()
                .await
                .map_err(|e| format!("edit: {e}"))?;
            let status = r.status();
            let _ = r.bytes().await;
            if status.is_success() {
                Ok(())
            } else {
                Err(format!("edit: {status}"))
            }
        })
        .buffer_unordered(CONCURRENCY)
        .collect()
        .await;
    results.into_iter().collect()
}

/// The list's change number now.
async fn list_seq(
    http: &reqwest::Client,
    srv: &Server,
    user: &User,
    list: &str,
) -> Result<u64, String> {
    let request = http
        .get(format!("{}/api/v1/lists/{list}", srv.base))
        .bearer_auth(&user.token);
    let v = json_of(request, "list").await?;
    v["seq"].as_u64().ok_or_else(|| format!("list: {v}"))
}

/// The body of the list's todos, all in one page (uncompressed, like the
/// socket's packets).
async fn refetch_bytes(
    http: &reqwest::Client,
    srv: &Server,
    user: &User,
    list: &str,
) -> Result<u64, String> {
    let r = http
        .get(format!("{}/api/v1/lists/{list}/todos", srv.base))
        .bearer_auth(&user.token)
        .send()
        .await
        .map_err(|e| format!("refetch: {e}"))?;
    let body = r.bytes().await.map_err(|e| format!("refetch: {e}"))?;
    Ok(body.len() as u64)
}

/// The JSON answer to `request`.
async fn json_of(request: reqwest::RequestBuilder, what: &str) -> Result<Value, String> {
    let r = request.send().await.map_err(|e| format!("{what}: {e}"))?;
    r.json().await.map_err(|e| format!("{what}: {e}"))
}

/// The `id` of what `request` made.
async fn id_of(request: reqwest::RequestBuilder, what: &str) -> Result<String, String> {
    let v = json_of(request, what).await?;
    v["id"]
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| format!("{what}: {v}"))
}

/// The database's files (the WAL too, should one be left).
fn db_bytes(dir: &Path) -> Result<u64, String> {
    let mut total = 0;
    for entry in std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))? {
        let entry = entry.map_err(|e| e.to_string())?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.contains(".db") || name.contains(".sqlite") {
            total += entry.metadata().map_err(|e| e.to_string())?.len();
        }
    }
    Ok(total)
}
