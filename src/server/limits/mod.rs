//! Limits that hold against one noisy client: rate limits with back-off,
//! the password-hashing gate, per-user caps and bounded security logging.
//!
//! All state is per process, in memory, with idle keys expired so that the
//! maps stay small (a later issue moves it to Redis for several instances).
//! The rest of the server calls in at a few points only:
//! `auth::accounts` (log-in, register), `todo_service::write` (writes and
//! the todo cap), the Socket.IO connect middleware and message handlers
//! (`realtime::admission`), and `auth::password` (the hashing pool).

mod auth;
mod backoff;
mod client_ip;
pub mod config;
mod hashing;
pub mod log;
pub mod rate;

pub use client_ip::ClientIp;
pub use config::LimitsConfig;
pub use hashing::HashPool;

use uuid::Uuid;

use crate::error::AppError;
use backoff::Backoff;
use log::{Kind, LogThrottle};
use rate::{RateLimiter, RetryAfter};

/// Every limiter of the process; one per `AppState`, shared by all doors.
pub struct Limits {
    pub config: LimitsConfig,
    pub hashing: HashPool,
    pub log: LogThrottle,
    auth_per_ip: RateLimiter<ClientIp>,
    auth_per_account: RateLimiter<String>,
    failures_per_ip: Backoff<ClientIp>,
    failures_per_account: Backoff<String>,
    writes_per_user: RateLimiter<Uuid>,
    socket_connects_per_ip: RateLimiter<ClientIp>,
}

impl Limits {
    /// Starts the hashing threads; fails only if the OS refuses threads.
    pub fn new(config: LimitsConfig) -> std::io::Result<Self> {
        Ok(Limits {
            hashing: HashPool::new(config.hash_concurrency, config.hash_wait)?,
            log: LogThrottle::new(config.security_log_per_minute),
            auth_per_ip: RateLimiter::new(config.auth_per_ip),
            auth_per_account: RateLimiter::new(config.auth_per_account),
            failures_per_ip: Backoff::new(config.free_failures_per_ip, config.backoff_max),
            failures_per_account: Backoff::new(
                config.free_failures_per_account,
                config.backoff_max,
            ),
            writes_per_user: RateLimiter::new(config.writes_per_user),
            socket_connects_per_ip: RateLimiter::new(config.socket_connects_per_ip),
            config,
        })
    }

    /// A todo write by `user` (every mutation, from any door).
    pub fn admit_write(&self, user: Uuid) -> Result<(), AppError> {
        self.writes_per_user
            .check(&user)
            .map_err(|retry| self.refused("writes per user", &user, retry))
    }

    /// A Socket.IO connect attempt from `ip`; the error is the seconds to wait.
    pub fn admit_socket_connect(&self, ip: ClientIp) -> Result<(), u64> {
        self.socket_connects_per_ip.check(&ip).map_err(|retry| {
            match self.refused("socket connects per IP", &ip, retry) {
                AppError::RateLimited { retry_after_secs } => retry_after_secs,
                _ => 1,
            }
        })
    }

    /// Logs a refused socket (throttled); `reason` is what the client was told.
    pub fn log_refused_socket(&self, ip: ClientIp, reason: &str) {
        self.log.line(Kind::RefusedSocket, |suppressed| {
            tracing::warn!(%ip, reason, suppressed, "refused a socket");
        });
    }

    /// Logs a 503 from the hashing gate (throttled).
    pub fn log_busy(&self, ip: ClientIp) {
        self.log.line(Kind::Busy, |suppressed| {
            tracing::warn!(%ip, suppressed, "password hashing busy: answered 503");
        });
    }

    /// Logs a rate-limit hit that is not an HTTP answer (throttled).
    pub fn log_rate_limited(&self, limit: &str, key: &dyn std::fmt::Display) {
        self.log.line(Kind::RateLimited, |suppressed| {
            tracing::warn!(limit, %key, suppressed, "rate limited");
        });
    }

    /// Logs a rate-limit hit (throttled) and turns it into the 429 error.
    fn refused(&self, limit: &str, key: &dyn std::fmt::Display, retry: RetryAfter) -> AppError {
        self.log.line(Kind::RateLimited, |suppressed| {
            tracing::warn!(limit, %key, retry_after_secs = retry.0, suppressed, "rate limited");
        });
        AppError::RateLimited {
            retry_after_secs: retry.0,
        }
    }
}
