//! Runs the chosen modes one after the other, each against its own fresh
//! server, records host steal around each, checks the numbers make sense,
//! and writes the JSON result file.

use std::path::PathBuf;
use std::time::Instant;

use serde_json::{Map, Value, json};

use crate::fds;
use crate::modes::{latency, logins, pages, resume, sizes, sockets, startup};
use crate::procfs;
use crate::profile::{CONCURRENCY, Profile};
use crate::server::{self, ServerSpec};
use crate::stats::round;

pub const ALL_MODES: &[&str] = &[
    "latency",
    "saturation",
    "idle-sockets",
    "logins",
    "connect-rate",
    "json",
    "ssr",
    "cold-start",
    "sizes",
    "resume",
];

pub struct Options {
    pub server: PathBuf,
    pub site_root: PathBuf,
    pub out: PathBuf,
    pub smoke: bool,
    /// Data directories on tmpfs (`/dev/shm`): fsync is free, so the
    /// numbers show the CPU-bound ceiling rather than the disk's.
    pub tmpfs: bool,
    pub modes: Vec<String>,
    /// What was measured, e.g. a commit (shown in a comparison report).
    pub label: String,
    /// See `ServerSpec`.
    pub postgres: Option<String>,
    pub redis: Option<String>,
    pub instances: usize,
}

fn on_path(program: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|p| std::env::split_paths(&p).any(|d| d.join(program).is_file()))
}

pub fn run(opts: Options) -> Result<(), String> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    // Server on CPU 0 and this load generator on CPU 1, before any thread starts.
    let pin = cores >= 2 && on_path("taskset") && procfs::pin_self(1);
    let spec = ServerSpec {
        binary: opts.server.clone(),
        site_root: opts.site_root.clone(),
        pin,
        data_root: opts.tmpfs.then(|| PathBuf::from("/dev/shm")),
        postgres: opts.postgres.clone(),
        redis: opts.redis.clone(),
        instances: opts.instances,
        env: Vec::new(),
    };
    let open_files = fds::raise_open_file_limit();
    let mut profile = if opts.smoke {
        Profile::smoke()
    } else {
        Profile::full()
    };
    // Both processes hold one descriptor per idle socket.
    profile.idle_sockets = profile.idle_sockets.min(fds::socket_room(open_files));
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("tokio: {e}"))?;
    let started = Instant::now();
    let host0 = procfs::host_cpu();
    let load0 = procfs::loadavg();
    let mut results = Map::new();
    let mut failures = Vec::new();
    for mode in ALL_MODES
        .iter()
        .filter(|m| opts.modes.iter().any(|x| x == *m))
    {
        eprintln!("livetodo-bench: {mode}…");
        let h0 = procfs::host_cpu();
        let load_before = procfs::loadavg();
        let t0 = Instant::now();
        let outcome = runtime
            .block_on(run_mode(mode, &spec, &profile))
            .and_then(|v| {
                if opts.smoke {
                    smoke_check(mode, &v).map(|()| v)
                } else {
                    Ok(v)
                }
            });
        let mut entry = match outcome {
            Ok(v) => v,
            Err(e) => {
                eprintln!("livetodo-bench: {mode} FAILED: {e}");
                failures.push(format!("{mode}: {e}"));
                json!({ "error": e })
            }
        };
        entry["wall_secs"] = json!(round(t0.elapsed().as_secs_f64(), 2));
        entry["steal_pct"] = json!(round(procfs::steal_pct(h0, procfs::host_cpu()), 2));
        entry["loadavg_before"] = json!(load_before);
        results.insert(mode.to_string(), entry);
    }
    let doc = json!({
        "smoke": opts.smoke,
        "label": opts.label,
        "unix_time": std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs()),
        "machine": procfs::machine(cores),
        "pinned": pin,
        "data_on_tmpfs": opts.tmpfs,
        "open_files_limit": open_files,
        "loadavg_at_start": load0,
        "wall_secs": round(started.elapsed().as_secs_f64(), 1),
        "steal_pct": round(procfs::steal_pct(host0, procfs::host_cpu()), 2),
        "profile": format!("{profile:?}"),
        "modes": results,
    });
    let text = serde_json::to_string_pretty(&doc).map_err(|e| e.to_string())?;
    std::fs::write(&opts.out, text + "\n").map_err(|e| format!("{}: {e}", opts.out.display()))?;
    if failures.is_empty() {
        Ok(())
    } else {
        Err(failures.join("; "))
    }
}

async fn run_mode(mode: &str, spec: &ServerSpec, p: &Profile) -> Result<Value, String> {
    match mode {
        "cold-start" => return startup::run(spec, p.cold_starts).await,
        "resume" => {
            return resume::run(spec, p.resume_rounds, p.resume_missed, p.resume_todos).await;
        }
        "latency" | "saturation" => {
            // Writes go to the first instance, sockets listen on the last.
            let group = server::start_group(spec, spec.instances.max(1)).await?;
            let (srv, listen) = (&group[0], &group[group.len() - 1]);
            let fx = latency::Fixture::open(srv, listen, p.users, p.sockets_per_user).await?;
            let out = if mode == "latency" {
                // Warm-up at the same rate (connection pool, SQLite caches), discarded.
                latency::phase(srv, &fx, p.latency_rate, p.latency_secs / 5.0).await?;
                latency::phase(srv, &fx, p.latency_rate, p.latency_secs).await
            } else {
                latency::saturation(srv, &fx, &p.saturation_rates, p.saturation_secs).await
            };
            fx.close();
            return out.map(|mut v| {
                v["users"] = json!(p.users);
                v["sockets_per_user"] = json!(p.sockets_per_user);
                v["instances"] = json!(group.len());
                v
            });
        }
        _ => {}
    }
    let srv = server::start(spec).await?;
    match mode {
        "idle-sockets" => sockets::idle(&srv, p.idle_users, p.idle_sockets).await,
        "logins" => logins::run(&srv, p.registrations, p.logins).await,
        "connect-rate" => sockets::connect_rate(&srv, p.connects, CONCURRENCY).await,
        "json" | "ssr" => {
            let user = pages::seed(&srv, p.todos).await?;
            let page = if mode == "json" {
                pages::Page::Json
            } else {
                pages::Page::Ssr
            };
            pages::throughput(&srv, &user, page, CONCURRENCY, p.page_secs).await
        }
        "sizes" => sizes::run(&srv).await,
        other => Err(format!("unknown mode {other}")),
    }
}

/// The smoke run asserts no targets, only that each mode produced real numbers.
fn smoke_check(mode: &str, v: &Value) -> Result<(), String> {
    let positive = |ptr: &str| {
        v.pointer(ptr)
            .and_then(Value::as_f64)
            .is_some_and(|x| x > 0.0)
    };
    let ok = match mode {
        "latency" => v["delivered_pct"].as_f64() == Some(100.0) && positive("/latency/p50_ms"),
        // Whether a step kept p99 under 50 ms depends on the disk's fsyncs
        // (slow while other work runs): only the mechanics are checked.
        "saturation" => v["steps"].get(0).is_some_and(|s| {
            s["creates_failed"].as_u64() == Some(0) && s["delivered_pct"].as_f64() == Some(100.0)
        }),
        "idle-sockets" => positive("/rss_after_kib"),
        "logins" => v["login_answers"]["200"].as_u64() == v["logins"].as_u64(),
        "connect-rate" => positive("/connects_per_sec"),
        "json" | "ssr" => positive("/requests_per_sec") && v["requests_failed"].as_u64() == Some(0),
        "cold-start" => positive("/min_ms"),
        "sizes" => positive("/total_br_bytes") && positive("/total_gzip_bytes"),
        "resume" => positive("/resume_median_ms") && positive("/refetch_bytes"),
        _ => true,
    };
    if ok {
        Ok(())
    } else {
        Err(format!("implausible result: {v}"))
    }
}
