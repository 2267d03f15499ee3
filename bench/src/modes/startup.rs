//! `cold-start`: from spawning the server with a fresh data directory to its
//! first 200 on `/login`, several times.

use std::time::Instant;

use serde_json::{Value, json};

use crate::server::{Server, ServerSpec};
use crate::stats::{percentile, round};

pub async fn run(spec: &ServerSpec, runs: usize) -> Result<Value, String> {
    let mut micros = Vec::new();
    for _ in 0..runs {
        let t0 = Instant::now();
        let mut server = Server::spawn(spec)?;
        let took = server.wait_ready(t0).await?;
        micros.push(took.as_micros() as u64);
        drop(server);
    }
    let ms: Vec<f64> = micros
        .iter()
        .map(|&u| round(u as f64 / 1000.0, 1))
        .collect();
    micros.sort_unstable();
    let ms_of = |u: u64| round(u as f64 / 1000.0, 1);
    Ok(json!({
        "runs_ms": ms,
        "min_ms": ms_of(micros.first().copied().unwrap_or(0)),
        "median_ms": ms_of(percentile(&micros, 50.0)),
        "max_ms": ms_of(micros.last().copied().unwrap_or(0)),
    }))
}
