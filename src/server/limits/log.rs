//! Security log lines (failed log-ins, refused sockets, rate-limit hits,
//! busy answers) whose own volume is bounded: a flood must not fill the
//! disk or drown the other lines. Each kind may write `per_minute` lines a
//! minute; the rest are counted and the next line written reports them as
//! `suppressed`. Lines carry an IP and what was refused, never a password
//! or a token.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

const WINDOW: Duration = Duration::from_secs(60);

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    FailedLogin,
    RefusedSocket,
    RateLimited,
    Busy,
}

struct Window {
    started: Instant,
    written: u32,
    suppressed: u64,
}

pub struct LogThrottle {
    per_minute: u32,
    windows: Mutex<HashMap<Kind, Window>>,
}

impl LogThrottle {
    pub fn new(per_minute: u32) -> Self {
        LogThrottle {
            per_minute,
            windows: Mutex::new(HashMap::new()),
        }
    }

    /// Calls `write` with the number of lines of this kind suppressed since
    /// the last one written, unless this kind has used up its minute.
    pub fn line(&self, kind: Kind, write: impl FnOnce(u64)) {
        if let Some(suppressed) = self.admit(kind, Instant::now()) {
            write(suppressed);
        }
    }

    fn admit(&self, kind: Kind, now: Instant) -> Option<u64> {
        let mut windows = self.windows.lock().unwrap_or_else(|p| p.into_inner());
        let window = windows.entry(kind).or_insert(Window {
            started: now,
            written: 0,
            suppressed: 0,
        });
        if now.saturating_duration_since(window.started) >= WINDOW {
            window.started = now;
            window.written = 0;
        }
        if window.written < self.per_minute {
            window.written += 1;
            Some(std::mem::take(&mut window.suppressed))
        } else {
            window.suppressed += 1;
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_past_the_budget_are_counted_and_reported_next_minute() {
        // Setup
        let throttle = LogThrottle::new(2);
        let t0 = Instant::now();
        // Exec
        let first: Vec<_> = (0..5)
            .map(|_| throttle.admit(Kind::FailedLogin, t0))
            .collect();
        let other = throttle.admit(Kind::Busy, t0);
        let next_minute = throttle.admit(Kind::FailedLogin, t0 + WINDOW);
        // Check
        assert_eq!(first, [Some(0), Some(0), None, None, None]);
        assert_eq!(other, Some(0), "kinds have their own budget");
        assert_eq!(next_minute, Some(3));
    }
}
