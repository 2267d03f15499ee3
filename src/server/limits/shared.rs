//! The rate limits and log-in back-offs of several instances (`REDIS_URL`),
//! counted once for all of them in Redis: a client spreading its attempts
//! over instances gets no more than from one. Each check is one script,
//! atomic in Redis, timed by Redis's clock (instances' clocks may differ).
//!
//! When Redis does not answer, the caller falls back on this instance's
//! own count (`Limits`): the limits hold per instance meanwhile instead of
//! failing every request.

use redis::Script;
use redis::aio::ConnectionManager;
use std::sync::LazyLock;
use std::time::Duration;

use super::rate::{Rate, RetryAfter};

/// A token bucket as GCRA: the key holds the time ("theoretical arrival")
/// at which the bucket is full again; a take moves it one interval on,
/// unless that is more than a whole period ahead of now. Answers the
/// milliseconds to wait, 0 when taken. ARGV: interval ms, period ms.
static TAKE: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local interval = tonumber(ARGV[1])
local period = tonumber(ARGV[2])
local tat = tonumber(redis.call('GET', KEYS[1]) or now)
if tat < now then tat = now end
local next_tat = tat + interval
if next_tat - period > now then return next_tat - period - now end
redis.call('SET', KEYS[1], next_tat, 'PX', math.max(1, next_tat - now))
return 0
",
    )
});

/// A failed log-in: counts it (forgotten an hour after the last), and past
/// `free` failures locks the key for 1 s, 2 s, 4 s, … up to `max` ms.
/// KEYS: count, lock. ARGV: free, max ms.
static FAILED: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"
local count = redis.call('INCR', KEYS[1])
redis.call('PEXPIRE', KEYS[1], 3600000)
local over = count - tonumber(ARGV[1])
if over > 0 then
  local lock = math.min(1000 * 2 ^ math.min(over - 1, 30), tonumber(ARGV[2]))
  redis.call('SET', KEYS[2], 1, 'PX', math.max(1, lock))
end
return count
",
    )
});

#[derive(Clone)]
pub struct SharedCounts {
    conn: ConnectionManager,
    /// The deployment's key prefix (`REDIS_PREFIX`).
    prefix: String,
}

fn retry_after(ms: i64) -> RetryAfter {
    RetryAfter((u64::try_from(ms).unwrap_or(0).div_ceil(1000)).max(1))
}

fn unavailable(e: &redis::RedisError) {
    tracing::warn!(%e, "rate limits: Redis did not answer; counting on this instance");
}

impl SharedCounts {
    pub fn new(conn: ConnectionManager, prefix: String) -> Self {
        SharedCounts { conn, prefix }
    }

    fn key(&self, limit: &str, who: &str) -> String {
        format!("{}:limit:{limit}:{who}", self.prefix)
    }

    /// Takes a token of `limit` for `key`; `None` when Redis did not answer.
    pub async fn take(&self, limit: &str, who: &str, rate: Rate) -> Option<Result<(), RetryAfter>> {
        let period = i64::try_from(rate.period.as_millis()).unwrap_or(i64::MAX);
        let interval = (period / i64::from(rate.burst)).max(1);
        let wait: Result<i64, _> = TAKE
            .key(self.key(limit, who))
            .arg(interval)
            .arg(period)
            .invoke_async(&mut self.conn.clone())
            .await;
        match wait {
            Ok(0) => Some(Ok(())),
            Ok(ms) => Some(Err(retry_after(ms))),
            Err(e) => {
                unavailable(&e);
                None
            }
        }
    }

    /// Whether `key` is locked out by failures; `None` when Redis did not
    /// answer.
    pub async fn locked(&self, limit: &str, who: &str) -> Option<Result<(), RetryAfter>> {
        let left: Result<i64, _> = redis::cmd("PTTL")
            .arg(self.key(limit, &format!("{who}:lock")))
            .query_async(&mut self.conn.clone())
            .await;
        match left {
            Ok(ms) if ms > 0 => Some(Err(retry_after(ms))),
            Ok(_) => Some(Ok(())),
            Err(e) => {
                unavailable(&e);
                None
            }
        }
    }

    /// Counts a failure of `key`; false when Redis did not answer.
    pub async fn failed(&self, limit: &str, who: &str, free: u32, max: Duration) -> bool {
        let counted: Result<i64, _> = FAILED
            .key(self.key(limit, who))
            .key(self.key(limit, &format!("{who}:lock")))
            .arg(free)
            .arg(i64::try_from(max.as_millis()).unwrap_or(i64::MAX))
            .invoke_async(&mut self.conn.clone())
            .await;
        counted.map_err(|e| unavailable(&e)).is_ok()
    }

    /// Forgets `key`'s failures; false when Redis did not answer.
    pub async fn succeeded(&self, limit: &str, who: &str) -> bool {
        let done: Result<i64, _> = redis::cmd("DEL")
            .arg(self.key(limit, who))
            .arg(self.key(limit, &format!("{who}:lock")))
            .query_async(&mut self.conn.clone())
            .await;
        done.map_err(|e| unavailable(&e)).is_ok()
    }
}
