//! Configuration: one struct, read once at start-up from the environment (and
//! a `.env` file, loaded by `main`). Every variable is documented in
//! `.env.example`; a value that cannot be used stops start-up with a message
//! naming the variable, rather than running with a surprise.

use std::{net::SocketAddr, path::PathBuf, time::Duration};

use super::db::Retention;
use super::limits::LimitsConfig;

/// Everything LiveTodo can be told from outside.
#[derive(Clone, Debug)]
pub struct Config {
    /// `LISTEN_ADDR`: where the HTTP and Socket.IO server listens.
    pub listen_addr: SocketAddr,
    /// `DATA_DIR`: holds the SQLite file and the generated JWT secret.
    pub data_dir: PathBuf,
    /// `DATABASE_URL`: defaults to `sqlite://{DATA_DIR}/livetodo.db`;
    /// `postgres://…` for several instances (docs/deploy.md).
    pub database_url: String,
    /// `REDIS_URL`: when set, Socket.IO rooms are shared with the other
    /// instances through this Redis (docs/deploy.md).
    pub redis_url: Option<String>,
    /// `REDIS_PREFIX` (default `livetodo`): begins this deployment's Redis
    /// channels and keys, so that several can share one Redis.
    pub redis_prefix: String,
    /// `JWT_SECRET`: at least 32 bytes; when absent one is generated and kept
    /// in `DATA_DIR` (see `server::auth::secret`).
    pub jwt_secret: Option<String>,
    /// `TOKEN_TTL_SECS`: lifetime of a log-in token; the page renews it when
    /// less than half remains.
    pub token_ttl: Duration,
    /// `SESSION_MAX_AGE_SECS`: absolute lifetime of a log-in session. Renewals
    /// never extend a session past it; then the user logs in again.
    pub session_max_age: Duration,
    /// `APP_ORIGINS`: comma-separated origins the page is served from. A
    /// cookie-authenticated write from any other origin is refused. Defaults
    /// to `http://127.0.0.1:PORT` and `http://localhost:PORT`.
    pub app_origins: Vec<String>,
    /// `MAX_BODY_BYTES`: largest request body accepted.
    pub max_body_bytes: usize,
    /// `SOCKET_BUFFER`: packets queued per socket before it counts as too
    /// slow and is told to resync.
    pub socket_buffer: usize,
    /// `LEPTOS_SITE_ROOT`: the built site (CSS, WASM, assets); cargo-leptos
    /// sets it when it runs the server.
    pub site_root: String,
    /// `LEPTOS_RELOAD_PORT` and `LEPTOS_ENV`: set by `cargo leptos watch` for
    /// live reload; not needed otherwise.
    pub reload_port: u32,
    pub dev_mode: bool,
    /// `LEPTOS_HASH_FILES`: whether the site's JS, WASM and CSS carry content
    /// hashes in their names (listed in `hash.txt` next to the binary).
    /// Unset: yes when that `hash.txt` exists. cargo-leptos sets it when it
    /// runs the server.
    pub hash_files: Option<bool>,
    /// Rate limits, caps and the hashing gate (`server::limits::config`
    /// lists their variables).
    pub limits: LimitsConfig,
    /// Connection-level limits and the shutdown deadline (see `server::serve`).
    pub connections: ConnectionLimits,
    /// `CHANGE_LOG_KEEP_CHANGES` (at least 1) and `CHANGE_LOG_KEEP_DAYS`:
    /// how much of each list's change log is kept (pruned at start-up and
    /// hourly).
    pub change_log: Retention,
}

/// How long connections and requests may take, and how many may be open.
/// The defaults sit far above what a person using the page ever needs.
#[derive(Clone, Debug)]
pub struct ConnectionLimits {
    /// `HEADER_TIMEOUT_SECS`: time a client has to send a request's headers,
    /// counted from when the connection is ready for a request (accepted, or
    /// the previous answer sent). It is what closes a slowloris connection.
    pub header_timeout: Duration,
    /// `BODY_TIMEOUT_SECS`: time a client has to send a whole request body.
    pub body_timeout: Duration,
    /// `HANDLER_TIMEOUT_SECS`: longest a request (pages, API, server
    /// functions; not Socket.IO) may take before it is answered 503.
    pub handler_timeout: Duration,
    /// `IDLE_TIMEOUT_SECS`: a connection on which no byte has moved either way
    /// for this long is closed (HTTP/2 keep-alive included).
    pub idle_timeout: Duration,
    /// `MAX_CONNECTIONS`: open connections (WebSockets included); further
    /// ones wait in the listen backlog until one closes.
    pub max_connections: usize,
    /// `SHUTDOWN_TIMEOUT_SECS`: on SIGTERM or Ctrl-C, how long in-flight
    /// requests get to finish before the process exits anyway.
    pub shutdown_timeout: Duration,
}

/// A configuration variable that holds something unusable.
#[derive(Debug, thiserror::Error)]
#[error("configuration error: {var}: {message}")]
pub struct ConfigError {
    pub var: &'static str,
    pub message: String,
}

impl Config {
    /// Reads the process environment.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|key| std::env::var(key).ok())
    }

    /// Reads from any key→value source; tests pass a closure over a map.
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let var = |key: &str| get(key).filter(|v| !v.trim().is_empty());

        let listen_addr: SocketAddr = parse(
            "LISTEN_ADDR",
            var("LISTEN_ADDR").as_deref().unwrap_or("127.0.0.1:3000"),
        )?;
        let data_dir = PathBuf::from(var("DATA_DIR").unwrap_or_else(|| "data".into()));
        let database_url = var("DATABASE_URL")
            .unwrap_or_else(|| format!("sqlite://{}/livetodo.db", data_dir.display()));
        if !database_url.starts_with("sqlite:") && !super::db::is_postgres(&database_url) {
            return Err(ConfigError {
                var: "DATABASE_URL",
                message: "must be a sqlite: or postgres:// URL".into(),
            });
        }
        let redis_url = var("REDIS_URL");
        if let Some(url) = &redis_url
            && !(url.starts_with("redis://") || url.starts_with("rediss://"))
        {
            return Err(ConfigError {
                var: "REDIS_URL",
                message: "must be a redis:// URL".into(),
            });
        }
        let jwt_secret = var("JWT_SECRET");
        if let Some(secret) = &jwt_secret {
            check_secret(secret)?;
        }
        let ttl: u64 = parse(
            "TOKEN_TTL_SECS",
            var("TOKEN_TTL_SECS").as_deref().unwrap_or("3600"),
        )?;
        if ttl < 60 {
            return Err(ConfigError {
                var: "TOKEN_TTL_SECS",
                message: "must be at least 60 seconds".into(),
            });
        }
        let session_max_age: u64 = parse(
            "SESSION_MAX_AGE_SECS",
            var("SESSION_MAX_AGE_SECS").as_deref().unwrap_or("2592000"),
        )?;
        if session_max_age < 60 {
            return Err(ConfigError {
                var: "SESSION_MAX_AGE_SECS",
                message: "must be at least 60 seconds".into(),
            });
        }
        let app_origins = match var("APP_ORIGINS") {
            Some(list) => parse_origins(&list)?,
            None => default_origins(listen_addr.port()),
        };
        let max_body_bytes = parse(
            "MAX_BODY_BYTES",
            var("MAX_BODY_BYTES").as_deref().unwrap_or("65536"),
        )?;
        let socket_buffer: usize = parse(
            "SOCKET_BUFFER",
            var("SOCKET_BUFFER").as_deref().unwrap_or("4096"),
        )?;
        if socket_buffer == 0 {
            return Err(ConfigError {
                var: "SOCKET_BUFFER",
                message: "must be at least 1".into(),
            });
        }
        let connections = ConnectionLimits {
            header_timeout: seconds(&var, "HEADER_TIMEOUT_SECS", 15)?,
            body_timeout: seconds(&var, "BODY_TIMEOUT_SECS", 30)?,
            handler_timeout: seconds(&var, "HANDLER_TIMEOUT_SECS", 30)?,
            // Above Socket.IO's ping interval (25 s), so a quiet long-polling
            // request is never taken for an idle connection.
            idle_timeout: seconds(&var, "IDLE_TIMEOUT_SECS", 75)?,
            max_connections: positive(&var, "MAX_CONNECTIONS", 10_000)?,
            shutdown_timeout: seconds(&var, "SHUTDOWN_TIMEOUT_SECS", 10)?,
        };
        // An idle watcher shorter than a request may legitimately stay quiet
        // would cut it off: a slow handler, or a Socket.IO long-poll (25 s).
        if connections.idle_timeout < connections.handler_timeout.max(Duration::from_secs(30)) {
            return Err(ConfigError {
                var: "IDLE_TIMEOUT_SECS",
                message: "must be at least 30 and at least HANDLER_TIMEOUT_SECS".into(),
            });
        }
        let keep = Retention::default();
        let change_log = Retention {
            keep_changes: positive(&var, "CHANGE_LOG_KEEP_CHANGES", keep.keep_changes)?,
            keep_days: match var("CHANGE_LOG_KEEP_DAYS") {
                Some(raw) => parse("CHANGE_LOG_KEEP_DAYS", &raw)?,
                None => keep.keep_days,
            },
        };
        Ok(Config {
            change_log,
            connections,
            listen_addr,
            data_dir,
            database_url,
            redis_url,
            redis_prefix: var("REDIS_PREFIX").unwrap_or_else(|| "livetodo".into()),
            jwt_secret,
            token_ttl: Duration::from_secs(ttl),
            session_max_age: Duration::from_secs(session_max_age),
            app_origins,
            max_body_bytes,
            socket_buffer,
            site_root: var("LEPTOS_SITE_ROOT").unwrap_or_else(|| "target/site".into()),
            reload_port: parse(
                "LEPTOS_RELOAD_PORT",
                var("LEPTOS_RELOAD_PORT").as_deref().unwrap_or("3001"),
            )?,
            dev_mode: var("LEPTOS_ENV").is_some_and(|e| e.eq_ignore_ascii_case("dev")),
            limits: LimitsConfig::from_lookup(&var)?,
            hash_files: var("LEPTOS_HASH_FILES")
                .map(|v| parse("LEPTOS_HASH_FILES", &v))
                .transpose()?,
        })
    }
}

impl Config {
    /// Whether the app is served over HTTPS: any configured origin is
    /// `https://`. Then cookies are `Secure` and `__Host-` prefixed and
    /// responses carry HSTS. One https origin is enough: a deployment that
    /// also lists a plain-http origin (a local check, say) still serves its
    /// real users over TLS, and those must get the stricter cookie.
    pub fn serves_https(&self) -> bool {
        self.app_origins.iter().any(|o| o.starts_with("https://"))
    }
}

/// The placeholder `.env.example` shows for `JWT_SECRET`; copying it verbatim
/// would sign every session with a string anyone can read on GitHub.
pub const EXAMPLE_JWT_SECRET: &str = "change-me-to-at-least-32-random-bytes-please";

/// Refuses secrets that are short, the documented example, or plainly not
/// random: a few characters, or one short pattern repeated. Random secrets
/// pass with overwhelming odds: 32 hex digits almost never use fewer than 8
/// distinct ones, and a random string is never a whole repetition of itself.
fn check_secret(secret: &str) -> Result<(), ConfigError> {
    let refuse = |message: String| {
        Err(ConfigError {
            var: "JWT_SECRET",
            message,
        })
    };
    let bytes = secret.as_bytes();
    if bytes.len() < 32 {
        return refuse(format!("must be at least 32 bytes, got {}", bytes.len()));
    }
    if secret == EXAMPLE_JWT_SECRET || secret.to_ascii_lowercase().contains("change-me") {
        return refuse(
            "is the example value from .env.example; generate one, e.g. `openssl rand -hex 32`"
                .into(),
        );
    }
    let distinct = bytes
        .iter()
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    if distinct < 8 {
        return refuse(format!(
            "uses only {distinct} distinct characters; use at least 32 random bytes, e.g. `openssl rand -hex 32`"
        ));
    }
    if let Some(period) = repeating_period(bytes) {
        return refuse(format!(
            "is a {period}-character pattern repeated; use at least 32 random bytes, e.g. `openssl rand -hex 32`"
        ));
    }
    Ok(())
}

/// The length of the shortest block that `bytes` repeats (the last copy may
/// be cut short), when the block is at most half of it.
fn repeating_period(bytes: &[u8]) -> Option<usize> {
    (1..=bytes.len() / 2).find(|&p| bytes.iter().skip(p).zip(bytes).all(|(a, b)| a == b))
}

/// The page's own origins when none are configured.
pub fn default_origins(port: u16) -> Vec<String> {
    vec![
        format!("http://127.0.0.1:{port}"),
        format!("http://localhost:{port}"),
    ]
}

fn parse<T: std::str::FromStr>(var: &'static str, raw: &str) -> Result<T, ConfigError>
where
    T::Err: std::fmt::Display,
{
    raw.trim().parse().map_err(|e| ConfigError {
        var,
        message: format!("cannot use {raw:?}: {e}"),
    })
}

/// A whole number of seconds, at least 1.
fn seconds(
    var: &impl Fn(&str) -> Option<String>,
    name: &'static str,
    default: u64,
) -> Result<Duration, ConfigError> {
    Ok(Duration::from_secs(positive(var, name, default)?))
}

/// A whole number, at least 1 (0 would switch a protection off or stop the server).
fn positive<T>(
    var: &impl Fn(&str) -> Option<String>,
    name: &'static str,
    default: T,
) -> Result<T, ConfigError>
where
    T: std::str::FromStr + PartialOrd + From<u8> + std::fmt::Display,
    T::Err: std::fmt::Display,
{
    let value: T = match var(name) {
        Some(raw) => parse(name, &raw)?,
        None => default,
    };
    if value < T::from(1) {
        return Err(ConfigError {
            var: name,
            message: "must be at least 1".into(),
        });
    }
    Ok(value)
}

fn parse_origins(list: &str) -> Result<Vec<String>, ConfigError> {
    list.split(',')
        .map(str::trim)
        .filter(|o| !o.is_empty())
        .map(|o| {
            let o = o.trim_end_matches('/');
            let scheme_ok = o.starts_with("http://") || o.starts_with("https://");
            if !scheme_ok || o.matches('/').count() != 2 {
                return Err(ConfigError {
                    var: "APP_ORIGINS",
                    message: format!("{o:?} is not an origin like https://todo.example.com"),
                });
            }
            Ok(o.to_ascii_lowercase())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn config(pairs: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Config::from_lookup(|k| map.get(k).cloned())
    }

    #[test]
    fn zero_configuration_gives_the_embedded_default() {
        let c = config(&[]).unwrap();
        assert_eq!(c.listen_addr.to_string(), "127.0.0.1:3000");
        assert_eq!(c.database_url, "sqlite://data/livetodo.db");
        assert_eq!(c.app_origins, default_origins(3000));
        assert!(c.jwt_secret.is_none());
        assert_eq!(c.session_max_age, Duration::from_secs(30 * 24 * 3600));
        assert_eq!(c.connections.shutdown_timeout, Duration::from_secs(10));
        assert_eq!(c.connections.max_connections, 10_000);
        assert_eq!(c.change_log, Retention::default());
        let short = config(&[
            ("CHANGE_LOG_KEEP_CHANGES", "5"),
            ("CHANGE_LOG_KEEP_DAYS", "0"),
        ])
        .unwrap();
        assert_eq!(
            (short.change_log.keep_changes, short.change_log.keep_days),
            (5, 0)
        );
    }

    #[test]
    fn bad_values_name_their_variable() {
        for (var, value) in [
            ("LISTEN_ADDR", "nowhere"),
            ("JWT_SECRET", "short"),
            ("JWT_SECRET", EXAMPLE_JWT_SECRET),
            ("TOKEN_TTL_SECS", "soon"),
            ("SESSION_MAX_AGE_SECS", "59"),
            ("APP_ORIGINS", "example.com"),
            ("DATABASE_URL", "mysql://x"),
            ("REDIS_URL", "localhost:6379"),
            ("MAX_BODY_BYTES", "-1"),
            ("SOCKET_BUFFER", "0"),
            ("HEADER_TIMEOUT_SECS", "0"),
            ("BODY_TIMEOUT_SECS", "soon"),
            ("HANDLER_TIMEOUT_SECS", "-5"),
            ("IDLE_TIMEOUT_SECS", "1.5"),
            ("IDLE_TIMEOUT_SECS", "20"),
            ("MAX_CONNECTIONS", "0"),
            ("SHUTDOWN_TIMEOUT_SECS", "ten"),
            ("LEPTOS_HASH_FILES", "sometimes"),
            ("CHANGE_LOG_KEEP_CHANGES", "0"),
            ("CHANGE_LOG_KEEP_DAYS", "-1"),
        ] {
            let err = config(&[(var, value)]).unwrap_err();
            assert_eq!(err.var, var, "{err}");
        }
    }

    #[test]
    fn low_entropy_secrets_stop_start_up_naming_the_variable() {
        for weak in [
            EXAMPLE_JWT_SECRET,
            "CHANGE-ME-please-this-is-not-a-real-secret",
            &"x".repeat(64),
            &"ab".repeat(20),
            "abcabcabcabcabcabcabcabcabcabcabcabc",
            "0101010101010101001010101010101010101",
            "abcdefghabcdefghabcdefghabcdefgh",
        ] {
            let err = config(&[("JWT_SECRET", weak)]).unwrap_err();
            assert_eq!(err.var, "JWT_SECRET", "{weak}: {err}");
        }
    }

    #[test]
    fn random_looking_secrets_are_accepted() {
        for strong in [
            "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
            "kQ3v_Zr8-Lp2Xw9TnB4yHc6Jd1FsMu7Ge5Ao0Ri",
            "a-test-secret-that-is-at-least-32-bytes-long",
        ] {
            let c = config(&[("JWT_SECRET", strong)]).unwrap();
            assert_eq!(c.jwt_secret.as_deref(), Some(strong));
        }
    }

    #[test]
    fn the_example_file_shows_the_refused_placeholder() {
        let example = include_str!("../../.env.example");
        assert!(example.contains(&format!("JWT_SECRET={EXAMPLE_JWT_SECRET}")));
    }

    #[test]
    fn any_https_origin_means_served_over_https() {
        let plain = config(&[("APP_ORIGINS", "http://localhost:3000")]).unwrap();
        assert!(!plain.serves_https());
        let second = config(&[(
            "APP_ORIGINS",
            "http://localhost:3000,https://todo.example.com",
        )])
        .unwrap();
        assert!(second.serves_https());
    }
}
