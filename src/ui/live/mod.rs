//! The live side of the page, in both builds: connection status, the "Recent
//! changes" list and the toasts (each naming who made the change), as signals. The browser-only Socket.IO glue
//! (`crate::client`) feeds them; on the server they render their empty
//! initial state, which the hydrated page then brings to life.

mod widgets;

pub use widgets::{ConnectionBadge, RecentChanges, Toasts};

use leptos::prelude::*;
use std::collections::VecDeque;
use std::time::Duration;

use super::lists::ListsState;
use super::own_ops::OwnOps;
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

/// Who made a change, as the page names them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Who {
    /// This very tab (the event carries one of its operation ids).
    ThisTab,
    /// The same user in another tab or on another device.
    You,
    /// Another member of the list.
    Member(String),
}

impl Who {
    /// As Recent changes names them.
    pub fn label(&self) -> &str {
        match self {
            Who::ThisTab => "this tab",
            Who::You => "you",
            Who::Member(name) => name,
        }
    }
}

/// One entry of the widget (and, unless this tab made it, a toast):
/// "`who` `verb` `what`", as in "Bob completed “Eggs”".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    pub seq: u64,
    pub verb: &'static str,
    pub what: String,
    pub who: Who,
    pub at: Timestamp,
}

impl Change {
    /// The toast's sentence.
    pub fn sentence(&self) -> String {
        match &self.who {
            Who::ThisTab => format!("This tab {} {}", self.verb, self.what),
            Who::You => format!("You {} {}, in another tab or device", self.verb, self.what),
            Who::Member(name) => format!("{name} {} {}", self.verb, self.what),
        }
    }
}

/// What the live side of the page works on.
#[derive(Clone, Copy)]
pub struct Page {
    pub lists: ListsState,
    pub store: TodoStore,
    pub feed: LiveFeed,
    pub ops: OwnOps,
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
    /// Records a change; one this tab did not make also gets a toast that
    /// leaves by itself.
    pub fn record(&self, verb: &'static str, what: String, who: Who) {
        let seq = self.next_seq.get_value();
        self.next_seq.set_value(seq + 1);
        let remote = who != Who::ThisTab;
        let change = Change {
            seq,
            verb,
            what,
            who,
            at: Timestamp::now(),
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
pub fn start(page: Page) {
    crate::client::start(page);
}

#[cfg(not(feature = "hydrate"))]
pub fn start(_page: Page) {}

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
    fn toasts_name_who_made_the_change() {
        let change = |who| Change {
            seq: 0,
            verb: "completed",
            what: "“Eggs”".into(),
            who,
            at: Timestamp::from_millis(0),
        };
        assert_eq!(
            change(Who::Member("Bob".into())).sentence(),
            "Bob completed “Eggs”"
        );
        assert_eq!(
            change(Who::You).sentence(),
            "You completed “Eggs”, in another tab or device"
        );
        assert_eq!(change(Who::ThisTab).who.label(), "this tab");
    }

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
