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
    let statuses: Vec<Result<u16, String>> = futures_util::stream::iter(0..logins)
        .map(|i| api::login_status(&http, &server.base, i % registrations.max(1)))
        .buffer_unordered(32)
        .collect()
        .await;
    let mut by_status: BTreeMap<String, u64> = BTreeMap::new();
    for s in statuses {
        let key = s.map_or_else(|_| "error".to_string(), |c| c.to_string());
        *by_status.entry(key).or_default() += 1;
    }
    let end = server.memory()?;
    Ok(json!({
        "registrations": registrations,
        "register_secs": crate::stats::round(reg_secs, 2),
        "logins": logins,
        "login_answers": by_status,
        "rss_start_kib": start.rss_kib,
        "rss_after_registrations_kib": after_register.rss_kib,
        "rss_peak_kib": end.hwm_kib,
        "rss_end_kib": end.rss_kib,
    }))
}
