//! `livetodo-bench`: the benchmark harness of issue 7. `run` starts the
//! release server (pinned to CPU 0, the load on CPU 1), runs the chosen modes
//! and writes one JSON file; `report` turns that file into docs/perf.md.

mod api;
mod fds;
mod modes;
mod procfs;
mod profile;
mod report;
mod run;
mod server;
mod sio;
mod stats;

use std::path::PathBuf;

const USAGE: &str = "usage:
  livetodo-bench run --server BIN --site-root DIR --out FILE [--smoke] [--tmpfs] [--modes a,b,...] [--label TEXT] [--postgres URL] [--redis URL] [--instances N]
    --tmpfs: data directories in /dev/shm (fsync free: the CPU-bound ceiling)
    --postgres URL: a fresh PostgreSQL database per server (group) on that server
    --redis URL: servers share their Socket.IO rooms through this Redis
    --instances N: latency and saturation write to the first of N servers
      (one database: needs --postgres) and listen on the last
  livetodo-bench report --in FILE --out FILE [--before FILE]
modes: latency saturation idle-sockets logins connect-rate json ssr cold-start sizes";

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let code = match args.first().map(String::as_str) {
        Some("run") => run_command(&args[1..]),
        Some("report") => report_command(&args[1..]),
        _ => Err(USAGE.to_string()),
    };
    if let Err(e) = code {
        eprintln!("livetodo-bench: {e}");
        std::process::exit(1);
    }
}

/// The value after `--name`, if given.
fn flag(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

fn required(args: &[String], name: &str) -> Result<String, String> {
    flag(args, name).ok_or_else(|| format!("{name} is required\n{USAGE}"))
}

fn run_command(args: &[String]) -> Result<(), String> {
    let opts = run::Options {
        // Absolute: the server runs in its temporary data directory.
        server: absolute(&required(args, "--server")?)?,
        site_root: absolute(&required(args, "--site-root")?)?,
        out: PathBuf::from(required(args, "--out")?),
        smoke: args.iter().any(|a| a == "--smoke"),
        tmpfs: args.iter().any(|a| a == "--tmpfs"),
        modes: match flag(args, "--modes") {
            Some(list) => list.split(',').map(str::to_string).collect(),
            None => run::ALL_MODES.iter().map(|m| m.to_string()).collect(),
        },
        label: flag(args, "--label").unwrap_or_default(),
        postgres: flag(args, "--postgres"),
        redis: flag(args, "--redis"),
        instances: match flag(args, "--instances") {
            Some(n) => n
                .parse()
                .map_err(|_| format!("--instances: a number\n{USAGE}"))?,
            None => 1,
        },
    };
    for m in &opts.modes {
        if !run::ALL_MODES.contains(&m.as_str()) {
            return Err(format!("unknown mode {m:?}\n{USAGE}"));
        }
    }
    run::run(opts)
}

fn absolute(path: &str) -> Result<PathBuf, String> {
    std::fs::canonicalize(path).map_err(|e| format!("{path}: {e}"))
}

fn report_command(args: &[String]) -> Result<(), String> {
    let input = required(args, "--in")?;
    let out = required(args, "--out")?;
    let results = read_results(&input)?;
    let before = flag(args, "--before")
        .map(|f| read_results(&f))
        .transpose()?;
    std::fs::write(&out, report::markdown(&results, before.as_ref()))
        .map_err(|e| format!("{out}: {e}"))
}

fn read_results(path: &str) -> Result<serde_json::Value, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
    serde_json::from_str(&text).map_err(|e| format!("{path}: {e}"))
}
