//! `latency` and `saturation`: users × sockets listening, creates sent over
//! the JSON API at a fixed open-loop rate, each create timed until its
//! `todo:created` reaches every socket of its owner.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tokio::task::JoinSet;

use crate::api::{self, User};
use crate::procfs;
use crate::server::Server;
use crate::sio;
use crate::stats::{latency_ms, round};

/// Send times and delivery latencies shared by the sender and the sockets.
#[derive(Default)]
struct Recorder {
    sent: Vec<Option<Instant>>,
    latencies_us: Vec<u64>,
}

/// Users with their sockets open and listening.
pub struct Fixture {
    users: Vec<User>,
    sockets_per_user: usize,
    recorder: Arc<Mutex<Recorder>>,
    readers: JoinSet<()>,
}

impl Fixture {
    /// Users registered on `server`, their sockets on `listen` (the same
    /// server, or another instance of the same deployment).
    pub async fn open(
        server: &Server,
        listen: &Server,
        users: usize,
        sockets_per_user: usize,
    ) -> Result<Self, String> {
        let http = api::client()?;
        let users = api::register_many(&http, &server.base, 0, users, 32).await?;
        let recorder = Arc::new(Mutex::new(Recorder::default()));
        let mut readers = JoinSet::new();
        for user in &users {
            for _ in 0..sockets_per_user {
                let socket = sio::connect(listen.port, &user.token).await?;
                let rec = recorder.clone();
                readers.spawn(socket.run(move |event| record(&rec, event)));
            }
        }
        Ok(Fixture {
            users,
            sockets_per_user,
            recorder,
            readers,
        })
    }

    pub fn close(mut self) {
        self.readers.abort_all();
    }
}

fn record(rec: &Mutex<Recorder>, event: &str) {
    let now = Instant::now();
    let Some(seq) = sio::created_title(event)
        .and_then(|t| t.strip_prefix('b'))
        .and_then(|n| n.parse::<usize>().ok())
    else {
        return;
    };
    let Ok(mut r) = rec.lock() else { return };
    if let Some(Some(sent)) = r.sent.get(seq).copied() {
        r.latencies_us
            .push(now.duration_since(sent).as_micros() as u64);
    }
}

/// One open-loop phase at `rate` creates/s for `secs` seconds.
pub async fn phase(server: &Server, fx: &Fixture, rate: f64, secs: f64) -> Result<Value, String> {
    let http = api::client()?;
    let answers = Arc::new(Mutex::new((0u64, 0u64))); // (201, other)
    if let Ok(mut r) = fx.recorder.lock() {
        r.latencies_us.clear();
    }
    let cpu0 = server.cpu_seconds()?;
    let own0 = procfs::cpu_seconds(std::process::id())?;
    let t0 = Instant::now();
    let mut ticker = tokio::time::interval(Duration::from_secs_f64(1.0 / rate));
    let total = (rate * secs).round() as usize;
    let mut creates = JoinSet::new();
    for i in 0..total {
        ticker.tick().await;
        let seq = {
            let mut r = fx.recorder.lock().map_err(|_| "recorder poisoned")?;
            r.sent.push(Some(Instant::now()));
            r.sent.len() - 1
        };
        let user = &fx.users[i % fx.users.len()];
        let (http, base, token, answers) = (
            http.clone(),
            server.base.clone(),
            user.token.clone(),
            answers.clone(),
        );
        creates.spawn(async move {
            let ok = matches!(
                api::create(&http, &base, &token, &format!("b{seq}")).await,
                Ok(201)
            );
            if let Ok(mut a) = answers.lock() {
                if ok { a.0 += 1 } else { a.1 += 1 }
            }
        });
    }
    let sent_for = t0.elapsed();
    while creates.join_next().await.is_some() {}
    let answered_in = t0.elapsed();
    let (ok, failed) = answers.lock().map(|a| *a).map_err(|_| "answers poisoned")?;
    let expected = ok * fx.sockets_per_user as u64;
    // Wait (bounded) for the last deliveries rather than sleeping blindly.
    let drain = Instant::now();
    loop {
        let got = fx
            .recorder
            .lock()
            .map(|r| r.latencies_us.len() as u64)
            .unwrap_or(0);
        if got >= expected || drain.elapsed() > Duration::from_secs(3) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let wall = t0.elapsed().as_secs_f64();
    let cpu = server.cpu_seconds()? - cpu0;
    let own = procfs::cpu_seconds(std::process::id())? - own0;
    let latencies = fx
        .recorder
        .lock()
        .map(|r| r.latencies_us.clone())
        .unwrap_or_default();
    let delivered = latencies.len() as u64;
    Ok(json!({
        "target_rate": rate,
        "creates_sent": total,
        "send_secs": round(sent_for.as_secs_f64(), 3),
        "creates_ok": ok,
        "creates_failed": failed,
        "answered_per_sec": round(ok as f64 / answered_in.as_secs_f64(), 1),
        "delivered": delivered,
        "expected": expected,
        "delivered_pct": if expected == 0 { 0.0 } else { round(100.0 * delivered as f64 / expected as f64, 2) },
        "latency": latency_ms(latencies),
        "server_cpu_pct": round(100.0 * cpu / wall, 1),
        // When this nears 100 the load generator, not the server, is the limit.
        "client_cpu_pct": round(100.0 * own / wall, 1),
    }))
}

/// Whether a phase kept up: every create answered and delivered, p99 ≤ 50 ms.
pub fn sustained(phase: &Value) -> bool {
    phase["creates_failed"].as_u64() == Some(0)
        && phase["delivered_pct"].as_f64() == Some(100.0)
        && phase["latency"]["p99_ms"]
            .as_f64()
            .is_some_and(|p| p <= 50.0)
}

/// Ramps the rate through `rates` until a step does not keep up.
pub async fn saturation(
    server: &Server,
    fx: &Fixture,
    rates: &[f64],
    secs: f64,
) -> Result<Value, String> {
    let mut steps = Vec::new();
    let mut best: Option<Value> = None;
    for &rate in rates {
        let mut step = phase(server, fx, rate, secs).await?;
        if !sustained(&step) {
            // One disk stall (fsync) in a short step can push its p99 past
            // 50 ms: a step must miss twice to end the ramp.
            steps.push(step);
            step = phase(server, fx, rate, secs).await?;
        }
        let ok = sustained(&step);
        steps.push(step.clone());
        if !ok {
            break;
        }
        best = Some(step);
    }
    Ok(json!({
        "highest_sustained_rate": best.as_ref().map(|b| b["target_rate"].clone()),
        "highest_sustained_answered_per_sec": best.as_ref().map(|b| b["answered_per_sec"].clone()),
        "cpu_pct_at_highest": best.as_ref().map(|b| b["server_cpu_pct"].clone()),
        "steps": steps,
    }))
}
