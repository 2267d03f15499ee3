//! A keyed token-bucket rate limiter held in this process's memory.
//!
//! Each key (an IP, an account, a user id) has a bucket of `burst` tokens
//! refilled evenly over `period`; a request takes one token or is refused
//! with the time until the next token. A bucket that has refilled completely
//! behaves exactly like a missing one, so it is dropped: the map holds only
//! keys seen within the last `period`, and a sweep every `SWEEP_EVERY` checks
//! keeps it that way even when keys are never seen again.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How many tokens, refilled over how long: `120/1m` is a burst of 120 and
/// then two per second. `None` (written `off`) means unlimited.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rate {
    pub burst: u32,
    pub period: Duration,
}

impl Rate {
    pub const fn new(burst: u32, period_secs: u64) -> Self {
        Rate {
            burst,
            period: Duration::from_secs(period_secs),
        }
    }

    /// Parses `N/<number><s|m|h>` (e.g. `120/1m`, `30/10s`) or `off`.
    pub fn parse(raw: &str) -> Result<Option<Rate>, String> {
        let raw = raw.trim();
        if raw.eq_ignore_ascii_case("off") {
            return Ok(None);
        }
        let bad = || format!("{raw:?} is not a rate like 120/1m, 30/10s or off");
        let (count, period) = raw.split_once('/').ok_or_else(bad)?;
        let burst: u32 = count.trim().parse().map_err(|_| bad())?;
        let period = period.trim();
        let unit_at = period.len().checked_sub(1).ok_or_else(bad)?;
        let (amount, unit) = period.split_at(unit_at);
        let amount: u64 = amount.parse().map_err(|_| bad())?;
        let seconds = match unit {
            "s" => amount,
            "m" => amount * 60,
            "h" => amount * 3600,
            _ => return Err(bad()),
        };
        if burst == 0 || seconds == 0 {
            return Err(format!("{raw:?}: count and period must be above zero"));
        }
        Ok(Some(Rate {
            burst,
            period: Duration::from_secs(seconds),
        }))
    }

    /// Seconds one token takes to come back.
    fn refill_secs(&self) -> f64 {
        self.period.as_secs_f64() / f64::from(self.burst)
    }
}

/// Check a key this many times between sweeps of idle buckets.
const SWEEP_EVERY: u32 = 1024;

struct Bucket {
    tokens: f64,
    updated: Instant,
}

/// Refusal: how long until the key may try again (whole seconds, at least 1).
#[derive(Debug, PartialEq)]
pub struct RetryAfter(pub u64);

pub struct RateLimiter<K> {
    rate: Option<Rate>,
    state: Mutex<(HashMap<K, Bucket>, u32)>,
}

impl<K: Hash + Eq + Clone> RateLimiter<K> {
    pub fn new(rate: Option<Rate>) -> Self {
        RateLimiter {
            rate,
            state: Mutex::new((HashMap::new(), 0)),
        }
    }

    /// The rate, `None` when unlimited.
    pub fn rate(&self) -> Option<Rate> {
        self.rate
    }

    /// Takes one token for `key`, or says how long to wait.
    pub fn check(&self, key: &K) -> Result<(), RetryAfter> {
        self.check_at(key, Instant::now())
    }

    fn check_at(&self, key: &K, now: Instant) -> Result<(), RetryAfter> {
        let Some(rate) = self.rate else {
            return Ok(());
        };
        // A poisoned lock only means another check panicked mid-update; the
        // counts are still usable.
        let mut guard = self.state.lock().unwrap_or_else(|p| p.into_inner());
        let (buckets, checks) = &mut *guard;
        *checks += 1;
        if *checks >= SWEEP_EVERY {
            *checks = 0;
            buckets.retain(|_, b| refilled(b, &rate, now) < f64::from(rate.burst));
        }
        let bucket = buckets.entry(key.clone()).or_insert(Bucket {
            tokens: f64::from(rate.burst),
            updated: now,
        });
        bucket.tokens = refilled(bucket, &rate, now);
        bucket.updated = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            let wait = (1.0 - bucket.tokens) * rate.refill_secs();
            Err(RetryAfter((wait.ceil() as u64).max(1)))
        }
    }

    /// Keys currently held (for tests of the memory bound).
    pub fn len(&self) -> usize {
        self.state.lock().unwrap_or_else(|p| p.into_inner()).0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

fn refilled(bucket: &Bucket, rate: &Rate, now: Instant) -> f64 {
    let elapsed = now.saturating_duration_since(bucket.updated).as_secs_f64();
    (bucket.tokens + elapsed / rate.refill_secs()).min(f64::from(rate.burst))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_parse_from_count_and_period() {
        assert_eq!(Rate::parse("120/1m"), Ok(Some(Rate::new(120, 60))));
        assert_eq!(Rate::parse("30/10s"), Ok(Some(Rate::new(30, 10))));
        assert_eq!(Rate::parse("5/2h"), Ok(Some(Rate::new(5, 7200))));
        assert_eq!(Rate::parse("OFF"), Ok(None));
        for bad in ["", "10", "0/1m", "10/0s", "10/1d", "x/1m", "10/m"] {
            assert!(Rate::parse(bad).is_err(), "{bad:?} should be refused");
        }
    }

    #[test]
    fn a_burst_is_allowed_then_refused_until_a_token_returns() {
        // Setup
        let limiter = RateLimiter::new(Some(Rate::new(3, 30)));
        let t0 = Instant::now();
        // Exec
        let first: Vec<_> = (0..4).map(|_| limiter.check_at(&"ip", t0)).collect();
        let later = limiter.check_at(&"ip", t0 + Duration::from_secs(10));
        // Check
        assert_eq!(first[..3], [Ok(()), Ok(()), Ok(())]);
        assert_eq!(first[3], Err(RetryAfter(10)));
        assert_eq!(later, Ok(()));
        assert_eq!(limiter.check_at(&"other", t0), Ok(()), "keys are separate");
    }

    #[test]
    fn idle_keys_are_forgotten() {
        // Setup: many one-off keys, all refilled a period later.
        let limiter = RateLimiter::new(Some(Rate::new(2, 1)));
        let t0 = Instant::now();
        for key in 0..SWEEP_EVERY {
            let _ = limiter.check_at(&key, t0);
        }
        // Exec: the next sweep comes after another SWEEP_EVERY checks.
        let later = t0 + Duration::from_secs(2);
        for _ in 0..SWEEP_EVERY {
            let _ = limiter.check_at(&u32::MAX, later);
        }
        // Check
        assert!(limiter.len() <= 1, "held {} keys", limiter.len());
    }
}
