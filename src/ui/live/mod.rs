//! The live side of the page, in both builds: the connection badge, the
//! "Recent changes" widget and the toasts, drawn from the sync engine's feed
//! (`crate::sync::LiveFeed`). On the server they render its empty initial
//! state, which the hydrated page then brings to life.

mod history;
mod undo;
mod widgets;

pub use history::OlderChanges;
pub use undo::{UndoShortcut, in_text_field};
pub use widgets::{ConnectionBadge, RecentChanges, Toasts};

use crate::domain::time::Timestamp;

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
