//! The live side of the page, in both builds: connection status, the "Recent
//! changes" list and the toasts, as signals. The browser-only Socket.IO glue
//! (`crate::client`) feeds them; on the server they render their empty
//! initial state, which the hydrated page then brings to life.

mod widgets;

pub use widgets::{ConnectionBadge, RecentChanges, Toasts};

use leptos::prelude::*;
use std::collections::VecDeque;
use std::time::Duration;

use super::todos::TodoStore;
use crate::domain::time::Timestamp;

/// Changes kept in the widget (SPEC asks for at least 20).
pub const RECENT_LIMIT: usize = 30;
/// Toasts on screen at once; older ones make way.
pub const TOASTS_VISIBLE: usize = 4;
/// How long a toast stays before it goes by itself.
pub const TOAST_LIFETIME: Duration = Duration::from_secs(5);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Connection {
    Connecting,
    Connected,
    Reconnecting,
    Offline,
}

impl Connection {
    pub fn label(self) -> &'static str {
        match self {
            Connection::Connecting => "Connecting…",
            Connection::Connected => "Live",
            Connection::Reconnecting => "Reconnecting…",
            Connection::Offline => "Offline",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Connection::Connecting => "connecting",
            Connection::Connected => "connected",
            Connection::Reconnecting => "reconnecting",
            Connection::Offline => "offline",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Created,
    Updated,
    Completed,
    Deleted,
}

impl Action {
    pub fn verb(self) -> &'static str {
        match self {
            Action::Created => "added",
            Action::Updated => "edited",
            Action::Completed => "completed",
            Action::Deleted => "deleted",
        }
    }
}

/// One entry of the widget (and, when it came from elsewhere, a toast).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    pub seq: u64,
    pub action: Action,
    pub title: String,
    pub at: Timestamp,
    /// Made in another tab or device (not by this tab).
    pub remote: bool,
}

#[derive(Clone, Copy)]
pub struct LiveFeed {
    pub status: RwSignal<Connection>,
    /// Newest first.
    pub changes: RwSignal<VecDeque<Change>>,
    pub toasts: RwSignal<Vec<Change>>,
    /// Ticks while the page is open so relative times stay current.
    pub now: RwSignal<Timestamp>,
    next_seq: StoredValue<u64>,
}

impl Default for LiveFeed {
    fn default() -> Self {
        LiveFeed {
            status: RwSignal::new(Connection::Connecting),
            changes: RwSignal::new(VecDeque::new()),
            toasts: RwSignal::new(Vec::new()),
            now: RwSignal::new(Timestamp::now()),
            next_seq: StoredValue::new(0),
        }
    }
}

impl LiveFeed {
    /// Records a change; a remote one also gets a toast that leaves by itself.
    pub fn record(&self, action: Action, title: String, remote: bool) {
        let seq = self.next_seq.get_value();
        self.next_seq.set_value(seq + 1);
        let change = Change {
            seq,
            action,
            title,
            at: Timestamp::now(),
            remote,
        };
        self.changes.update(|all| {
            all.push_front(change.clone());
            all.truncate(RECENT_LIMIT);
        });
        if remote {
            self.toasts.update(|shown| {
                shown.push(change);
                let excess = shown.len().saturating_sub(TOASTS_VISIBLE);
                shown.drain(..excess);
            });
            let feed = *self;
            set_timeout(move || feed.dismiss(seq), TOAST_LIFETIME);
        }
    }

    pub fn dismiss(&self, seq: u64) {
        self.toasts.update(|shown| shown.retain(|t| t.seq != seq));
    }
}

/// Starts the Socket.IO client in the browser; nothing to do on the server.
#[cfg(feature = "hydrate")]
pub fn start(store: TodoStore, feed: LiveFeed) {
    crate::client::start(store, feed);
}

#[cfg(not(feature = "hydrate"))]
pub fn start(_store: TodoStore, _feed: LiveFeed) {}

/// "just now", "42 s ago", "5 min ago", "3 h ago", then the date.
pub fn relative(at: Timestamp, now: Timestamp) -> String {
    let secs = ((now.millis() - at.millis()) / 1000).max(0);
    match secs {
        0..=9 => "just now".into(),
        10..=59 => format!("{secs} s ago"),
        60..=3599 => format!("{} min ago", secs / 60),
        3600..=86_399 => format!("{} h ago", secs / 3600),
        _ => at.date(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_times_read_naturally() {
        let now = Timestamp::now();
        let ago = |s: i64| relative(Timestamp::from_millis(now.millis() - s * 1000), now);
        assert_eq!(ago(3), "just now");
        assert_eq!(ago(42), "42 s ago");
        assert_eq!(ago(300), "5 min ago");
        assert_eq!(ago(3 * 3600 + 5), "3 h ago");
        assert_eq!(
            relative(
                Timestamp::from_millis(0),
                Timestamp::from_millis(2 * 86_400_000)
            ),
            "1970-01-01"
        );
    }
}
