//! `logins`: memory of the server across R registrations and L log-ins at
//! concurrency 32 (password hashing is the cost), and the answers by status.

use std::collections::BTreeMap;

use futures_util::StreamExt;
use serde_json::{Value, json};

use crate::api;
use crate::server::Server;

pub async fn run(server: &Server, registrations: usize, logins: usize) -> Result<Value, String> {
    let http = api::client()?;
    let start = server.memory()?;
    let t0 = std::time::Instant::now();
    api::register_many(&http, &server.base, 0, registrations, 32).await?;
    let reg_secs = t0.elapsed().as_secs_f64();
    let after_register = server.memory()?;
    // In two halves: memory that stays flat is the same after both.
    let t1 = std::time::Instant::now();
    let mut by_status: BTreeMap<String, u64> = BTreeMap::new();
    let half = logins / 2;
    log_in(&http, &server.base, 0..half, registrations, &mut by_status).await;
    let mid = server.memory()?;
    log_in(
        &http,
        &server.base,
        half..logins,
        registrations,
        &mut by_status,
    )
    .await;
    let login_secs = t1.elapsed().as_secs_f64();
    let end = server.memory()?;
    Ok(json!({
        "registrations": registrations,
        "register_secs": crate::stats::round(reg_secs, 2),
        "logins": logins,
        "login_answers": by_status,
        "login_secs": crate::stats::round(login_secs, 2),
        "rss_start_kib": start.rss_kib,
        "rss_after_registrations_kib": after_register.rss_kib,
        "rss_after_half_the_logins_kib": mid.rss_kib,
        "rss_peak_kib": end.hwm_kib,
        "rss_end_kib": end.rss_kib,
    }))
}

/// Logs in users `range` (modulo the registered ones), 32 at a time, and
/// counts the answers by status.
async fn log_in(
    http: &reqwest::Client,
    base: &str,
    range: std::ops::Range<usize>,
    registrations: usize,
    by_status: &mut BTreeMap<String, u64>,
) {
    let statuses: Vec<Result<u16, String>> = futures_util::stream::iter(range)
        .map(|i| api::login_status(http, base, i % registrations.max(1)))
        .buffer_unordered(32)
        .collect()
        .await;
    for s in statuses {
        let key = s.map_or_else(|_| "error".to_string(), |c| c.to_string());
        *by_status.entry(key).or_default() += 1;
    }
}
