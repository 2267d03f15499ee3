//! Starts the LiveTodo release server for one measurement: a free loopback
//! port, a fresh temporary data directory, limits lifted so the harness and
//! not a rate limiter is what it measures, pinned to CPU 0 when it can be.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use tokio::process::{Child, Command};

use crate::procfs;

/// What every benchmark server needs to know.
#[derive(Clone, Debug)]
pub struct ServerSpec {
    pub binary: PathBuf,
    pub site_root: PathBuf,
    /// Pin the server to CPU 0 (the harness runs on CPU 1).
    pub pin: bool,
    /// Where the temporary data directories go (`--tmpfs`: `/dev/shm`, so
    /// fsync costs nothing and the CPU alone limits writes); `None`: the
    /// system's temporary directory, a real disk.
    pub data_root: Option<PathBuf>,
    /// `--postgres URL`: each server (or group of servers) gets a fresh
    /// database on this PostgreSQL instead of a SQLite file.
    pub postgres: Option<String>,
    /// `--redis URL`: servers share their Socket.IO rooms through it.
    pub redis: Option<String>,
    /// `--instances N`: the latency and saturation modes write to the first
    /// server and listen on the last (issue 10: cross-instance delivery).
    pub instances: usize,
    /// Set per start: the database and secret a group of servers shares.
    pub env: Vec<(String, String)>,
}

/// A running server; killed when dropped (its data directory goes too).
pub struct Server {
    pub base: String,
    pub port: u16,
    pub pid: u32,
    child: Child,
    _data: tempfile::TempDir,
}

/// The environment that lifts every per-client limit for load tests.
const LIFTED_LIMITS: &[(&str, &str)] = &[
    ("RATE_WRITES_PER_USER", "off"),
    ("RATE_AUTH_PER_IP", "off"),
    ("RATE_AUTH_PER_ACCOUNT", "off"),
    ("RATE_SOCKET_CONNECTS_PER_IP", "off"),
    ("RATE_SOCKET_MESSAGES", "off"),
    ("MAX_SOCKETS_PER_USER", "100000"),
    // The todo cap was per user before shared lists (for `--baseline` builds).
    ("MAX_TODOS_PER_USER", "10000000"),
    ("MAX_TODOS_PER_LIST", "10000000"),
    ("HASH_WAIT_MS", "600000"),
    ("MAX_CONNECTIONS", "100000"),
    ("SECURITY_LOG_PER_MINUTE", "1"),
    ("RUST_LOG", "error"),
];

/// A loopback port nobody listens on right now.
fn free_port() -> Result<u16, String> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").map_err(|e| format!("bind: {e}"))?;
    listener
        .local_addr()
        .map(|a| a.port())
        .map_err(|e| format!("local_addr: {e}"))
}

impl Server {
    /// Spawns the server; returns as soon as the process exists (see
    /// [`Server::wait_ready`]).
    pub fn spawn(spec: &ServerSpec) -> Result<Server, String> {
        let mut builder = tempfile::Builder::new();
        builder.prefix("livetodo-bench-");
        let data = match &spec.data_root {
            Some(root) => builder.tempdir_in(root),
            None => builder.tempdir(),
        }
        .map_err(|e| format!("temp dir: {e}"))?;
        Self::spawn_in(spec, data)
    }

    /// Spawns the server on an existing data directory (one a previous
    /// server left, see [`Server::stop`]).
    pub fn spawn_in(spec: &ServerSpec, data: tempfile::TempDir) -> Result<Server, String> {
        let port = free_port()?;
        let mut cmd = if spec.pin {
            let mut c = Command::new("taskset");
            c.arg("-c").arg("0").arg(&spec.binary);
            c
        } else {
            Command::new(&spec.binary)
        };
        cmd.env("LISTEN_ADDR", format!("127.0.0.1:{port}"))
            .env("DATA_DIR", data.path())
            .env("LEPTOS_SITE_ROOT", &spec.site_root)
            .envs(LIFTED_LIMITS.iter().copied())
            .envs(spec.env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .current_dir(data.path())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(stderr_file(data.path())?)
            .kill_on_drop(true);
        let child = cmd
            .spawn()
            .map_err(|e| format!("starting {}: {e}", spec.binary.display()))?;
        // taskset execs the server, so the pid is the server's own.
        let pid = child.id().ok_or("the server exited at once")?;
        Ok(Server {
            base: format!("http://127.0.0.1:{port}"),
            port,
            pid,
            child,
            _data: data,
        })
    }

    /// Polls `GET /login` (a new connection each time) until it answers 200;
    /// returns how long that took from `since`.
    pub async fn wait_ready(&mut self, since: Instant) -> Result<Duration, String> {
        let url = format!("{}/login", self.base);
        let client = reqwest::Client::builder()
            .pool_max_idle_per_host(0)
            .build()
            .map_err(|e| e.to_string())?;
        let deadline = since + Duration::from_secs(30);
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Err(format!(
                    "the server exited with {status}: {}",
                    self.log_tail()
                ));
            }
            if let Ok(r) = client.get(&url).send().await
                && r.status().is_success()
            {
                return Ok(since.elapsed());
            }
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
        Err(format!("no 200 on /login within 30 s: {}", self.log_tail()))
    }

    /// Stops the server as an operator would (SIGTERM: graceful shutdown,
    /// the database closed cleanly) and hands back its data directory.
    pub async fn stop(mut self) -> Result<tempfile::TempDir, String> {
        let pid = libc::pid_t::try_from(self.pid).map_err(|e| e.to_string())?;
        // SAFETY: `kill` only sends a signal to our own child's pid.
        if unsafe { libc::kill(pid, libc::SIGTERM) } != 0 {
            return Err("could not signal the server".into());
        }
        tokio::time::timeout(Duration::from_secs(30), self.child.wait())
            .await
            .map_err(|_| "the server did not stop within 30 s".to_string())?
            .map_err(|e| format!("waiting for the server: {e}"))?;
        Ok(self._data)
    }

    /// Resident memory now and at its peak, in KiB.
    pub fn memory(&self) -> Result<procfs::Memory, String> {
        procfs::memory(self.pid)
    }

    /// CPU time used so far (user + system), in seconds.
    pub fn cpu_seconds(&self) -> Result<f64, String> {
        procfs::cpu_seconds(self.pid)
    }

    /// The last lines the server logged, for error messages.
    fn log_tail(&self) -> String {
        let text =
            std::fs::read_to_string(self._data.path().join("server.log")).unwrap_or_default();
        let lines: Vec<&str> = text.lines().rev().take(5).collect();
        lines.into_iter().rev().collect::<Vec<_>>().join(" | ")
    }
}

fn stderr_file(dir: &Path) -> Result<std::fs::File, String> {
    std::fs::File::create(dir.join("server.log")).map_err(|e| format!("server log: {e}"))
}

/// Starts a server and waits until it answers.
pub async fn start(spec: &ServerSpec) -> Result<Server, String> {
    let spec = shared_env(spec)?;
    let t0 = Instant::now();
    let mut server = Server::spawn(&spec)?;
    server.wait_ready(t0).await?;
    Ok(server)
}

/// Starts `n` servers on one fresh database (and Redis, if given), as
/// several instances of one deployment.
pub async fn start_group(spec: &ServerSpec, n: usize) -> Result<Vec<Server>, String> {
    let spec = shared_env(spec)?;
    let mut servers = Vec::with_capacity(n);
    for _ in 0..n {
        let t0 = Instant::now();
        let mut server = Server::spawn(&spec)?;
        server.wait_ready(t0).await?;
        servers.push(server);
    }
    Ok(servers)
}

/// `spec` with what a group of servers shares: with `--postgres`, a new
/// database (made with `psql`) and one signing secret; with `--redis`,
/// the Redis URL.
fn shared_env(spec: &ServerSpec) -> Result<ServerSpec, String> {
    let mut spec = spec.clone();
    if let Some(server) = &spec.postgres {
        let name = format!("bench_{}_{}", std::process::id(), unique());
        let status = std::process::Command::new("psql")
            .args([
                server.as_str(),
                "-q",
                "-c",
                &format!("CREATE DATABASE {name}"),
            ])
            .stdout(Stdio::null())
            .status()
            .map_err(|e| format!("psql: {e}"))?;
        if !status.success() {
            return Err(format!("psql could not create database {name}"));
        }
        let (base, _) = server
            .rsplit_once('/')
            .ok_or("--postgres: a URL with a database")?;
        spec.env
            .push(("DATABASE_URL".into(), format!("{base}/{name}")));
        spec.env.push((
            "JWT_SECRET".into(),
            "bench-shared-secret-0123456789abcdefghij".into(),
        ));
    }
    if let Some(redis) = &spec.redis {
        spec.env.push(("REDIS_URL".into(), redis.clone()));
    }
    Ok(spec)
}

/// A number not used before in this run.
fn unique() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

/// Starts a server on `data` (a stopped server's) and waits until it answers.
pub async fn restart(spec: &ServerSpec, data: tempfile::TempDir) -> Result<Server, String> {
    let t0 = Instant::now();
    let mut server = Server::spawn_in(spec, data)?;
    server.wait_ready(t0).await?;
    Ok(server)
}
