//! Limits that hold against one noisy client: rate limits with back-off,
//! the password-hashing gate, per-user caps and bounded security logging.
//!
//! The counts are per process, in memory, with idle keys expired so that
//! the maps stay small; with `REDIS_URL` the rate limits and back-offs are
//! counted in Redis for every instance at once (`shared`), and the memory
//! ones only stand in while Redis does not answer.
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
mod shared;

pub use client_ip::ClientIp;
pub use config::LimitsConfig;
pub use hashing::HashPool;

use std::fmt::Display;
use std::hash::Hash;
use uuid::Uuid;

use crate::error::AppError;
use crate::server::redis_link::RedisLink;
use backoff::Backoff;
use log::{Kind, LogThrottle};
use rate::{RateLimiter, RetryAfter};
use shared::SharedCounts;

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
    /// With `REDIS_URL`: the counts every instance shares.
    shared: Option<SharedCounts>,
}

impl Limits {
    /// Starts the hashing threads; fails only if the OS refuses threads.
    /// With a `link`, the limits are counted in Redis for all instances.
    pub fn new(config: LimitsConfig, link: Option<&RedisLink>) -> std::io::Result<Self> {
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
            shared: link.map(|l| SharedCounts::new(l.connection(), l.prefix().to_owned())),
            config,
        })
    }

    /// A todo write by `user` (every mutation, from any door).
    pub async fn admit_write(&self, user: Uuid) -> Result<(), AppError> {
        self.take(&self.writes_per_user, "writes per user", &user)
            .await
    }

    /// A Socket.IO connect attempt from `ip`; the error is the seconds to wait.
    pub async fn admit_socket_connect(&self, ip: ClientIp) -> Result<(), u64> {
        match self
            .take(&self.socket_connects_per_ip, "socket connects per IP", &ip)
            .await
        {
            Ok(()) => Ok(()),
            Err(AppError::RateLimited { retry_after_secs }) => Err(retry_after_secs),
            Err(_) => Err(1),
        }
    }

    /// Takes a token of `limit` for `key`: in Redis when shared (this
    /// instance's own count while Redis does not answer), else here.
    async fn take<K: Hash + Eq + Clone + Display>(
        &self,
        local: &RateLimiter<K>,
        limit: &'static str,
        key: &K,
    ) -> Result<(), AppError> {
        let checked = match (&self.shared, local.rate()) {
            (_, None) => Ok(()),
            (Some(shared), Some(rate)) => match shared.take(limit, &key.to_string(), rate).await {
                Some(result) => result,
                None => local.check(key),
            },
            (None, Some(_)) => local.check(key),
        };
        checked.map_err(|retry| self.refused(limit, key, retry))
    }

    /// Whether `key` is locked out by failures (shared like `take`).
    async fn unlocked<K: Hash + Eq + Clone + Display>(
        &self,
        local: &Backoff<K>,
        limit: &'static str,
        key: &K,
    ) -> Result<(), AppError> {
        let checked = match &self.shared {
            Some(shared) => match shared.locked(limit, &key.to_string()).await {
                Some(result) => result,
                None => local.check(key),
            },
            None => local.check(key),
        };
        checked.map_err(|retry| self.refused(limit, key, retry))
    }

    /// Counts a failure of `key` (shared like `take`).
    async fn count_failure<K: Hash + Eq + Clone + Display>(
        &self,
        local: &Backoff<K>,
        limit: &'static str,
        key: &K,
    ) {
        let (free, max) = local.settings();
        let counted = match &self.shared {
            Some(shared) => shared.failed(limit, &key.to_string(), free, max).await,
            None => false,
        };
        if !counted {
            local.failed(key);
        }
    }

    /// Forgets `key`'s failures, everywhere they were counted.
    async fn clear_failures<K: Hash + Eq + Clone + Display>(
        &self,
        local: &Backoff<K>,
        limit: &'static str,
        key: &K,
    ) {
        if let Some(shared) = &self.shared {
            shared.succeeded(limit, &key.to_string()).await;
        }
        local.succeeded(key);
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
