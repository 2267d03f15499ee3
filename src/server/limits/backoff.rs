//! Growing back-off after failed log-ins, per key (an account or an IP).
//!
//! The first `free` failures cost nothing, so a user who mistypes a password
//! a few times never notices. Each further failure locks the key for twice
//! as long as the one before (1 s, 2 s, 4 s, …, capped at `max`), which
//! makes guessing hopeless while a lock-out never lasts long. A success
//! clears an account's record; a record unused for `FORGET_AFTER` is dropped,
//! so the map only holds keys that failed recently.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use super::rate::RetryAfter;

/// A record whose last failure is this old is forgotten.
const FORGET_AFTER: Duration = Duration::from_secs(3600);
/// Sweep forgotten records every this many failures.
const SWEEP_EVERY: u32 = 1024;

struct Failures {
    count: u32,
    locked_until: Instant,
    last: Instant,
}

pub struct Backoff<K> {
    free: u32,
    max: Duration,
    state: Mutex<(HashMap<K, Failures>, u32)>,
}

impl<K: Hash + Eq + Clone> Backoff<K> {
    pub fn new(free: u32, max: Duration) -> Self {
        Backoff {
            free,
            max,
            state: Mutex::new((HashMap::new(), 0)),
        }
    }

    /// Failures that cost nothing, and the longest lock-out.
    pub fn settings(&self) -> (u32, Duration) {
        (self.free, self.max)
    }

    /// Refuses while `key` is locked out.
    pub fn check(&self, key: &K) -> Result<(), RetryAfter> {
        self.check_at(key, Instant::now())
    }

    fn check_at(&self, key: &K, now: Instant) -> Result<(), RetryAfter> {
        let guard = self.state.lock().unwrap_or_else(|p| p.into_inner());
        match guard.0.get(key) {
            Some(f) if f.locked_until > now => {
                let left = f.locked_until.duration_since(now).as_secs_f64();
                Err(RetryAfter((left.ceil() as u64).max(1)))
            }
            _ => Ok(()),
        }
    }

    /// Records a failure and, past the free ones, locks the key.
    pub fn failed(&self, key: &K) {
        self.failed_at(key, Instant::now());
    }

    fn failed_at(&self, key: &K, now: Instant) {
        let mut guard = self.state.lock().unwrap_or_else(|p| p.into_inner());
        let (records, failures) = &mut *guard;
        *failures += 1;
        if *failures >= SWEEP_EVERY {
            *failures = 0;
            records.retain(|_, f| now.saturating_duration_since(f.last) < FORGET_AFTER);
        }
        let record = records.entry(key.clone()).or_insert(Failures {
            count: 0,
            locked_until: now,
            last: now,
        });
        if now.saturating_duration_since(record.last) >= FORGET_AFTER {
            record.count = 0;
        }
        record.count = record.count.saturating_add(1);
        record.last = now;
        if let Some(over) = record.count.checked_sub(self.free).filter(|&n| n > 0) {
            let lock = Duration::from_secs(1u64 << (over - 1).min(30)).min(self.max);
            record.locked_until = now + lock;
        }
    }

    /// Forgets `key`'s failures (a successful log-in to that account).
    pub fn succeeded(&self, key: &K) {
        let mut guard = self.state.lock().unwrap_or_else(|p| p.into_inner());
        guard.0.remove(key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn free_failures_cost_nothing_then_lock_outs_double() {
        // Setup
        let backoff = Backoff::new(2, Duration::from_secs(5));
        let t0 = Instant::now();
        // Exec + Check: two free failures.
        backoff.failed_at(&"a", t0);
        backoff.failed_at(&"a", t0);
        assert_eq!(backoff.check_at(&"a", t0), Ok(()));
        // Then 1 s, 2 s, 4 s, and the 5 s cap.
        for (n, secs) in [1, 2, 4, 5, 5].into_iter().enumerate() {
            backoff.failed_at(&"a", t0);
            assert_eq!(
                backoff.check_at(&"a", t0),
                Err(RetryAfter(secs)),
                "lock {n}"
            );
        }
        assert_eq!(backoff.check_at(&"a", t0 + Duration::from_secs(5)), Ok(()));
        assert_eq!(backoff.check_at(&"b", t0), Ok(()), "keys are separate");
    }

    #[test]
    fn success_clears_the_record() {
        let backoff = Backoff::new(0, Duration::from_secs(60));
        backoff.failed(&"a");
        assert!(backoff.check(&"a").is_err());
        backoff.succeeded(&"a");
        assert_eq!(backoff.check(&"a"), Ok(()));
    }
}
