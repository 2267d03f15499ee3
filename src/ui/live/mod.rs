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
