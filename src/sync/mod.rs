//! The sync engine: the browser's side of SPEC §6/§7, below the UI and the
//! mirror of the server's `realtime` module. The UI reads its signals and
//! calls it; it never reaches into the UI.
//!
//! - `store`: the open list's todos, merged by id and version.
//! - `lists`: the user's lists, the open one, presence, and the last change
//!   number applied of each list.
//! - `feed`: the connection's state, Recent changes and toasts.
//! - `own_ops`: this tab's operation ids, which tell its own changes.
//! - `pending`: this tab's writes shown before the server answers them.
//! - `pending_lists`: the same for this tab's writes to lists themselves.
//! - `outbox`: those writes in order, kept in the browser until answered.
//! - `offline` (browser only): the service worker that keeps the page and
//!   its files for a reload without a network.
//! - `history`: Recent changes from a list's change log.
//! - `undo`: undoing a logged change.
//! - `socket` (browser only): the Socket.IO client, the events of
//!   namespace `/` (their names and decoding are `domain::events`'), the
//!   resume protocol (`sync`, `resync`) and presence on `/presence`.
//!
//! In the server build the same state renders the page's initial view.

mod feed;
pub mod history;
mod lists;
#[cfg(feature = "hydrate")]
mod offline;
pub mod outbox;
mod own_ops;
mod pending;
mod pending_lists;
#[cfg(feature = "hydrate")]
mod socket;
mod store;
#[cfg(test)]
mod store_props;
#[cfg(test)]
mod test_todos;
pub mod undo;

pub use feed::{Act, Change, Connection, LiveFeed, Undoable, Who};
pub use lists::ListsState;
pub use outbox::Outbox;
pub use own_ops::{OwnOps, random_id};
pub use pending::Expected;
pub use pending_lists::ListExpected;
pub use store::TodoStore;

/// The engine's parts, each a handle onto reactive state (so it is `Copy`).
#[derive(Clone, Copy, Default)]
pub struct Engine {
    pub lists: ListsState,
    pub store: TodoStore,
    pub feed: LiveFeed,
    pub ops: OwnOps,
    pub outbox: Outbox,
}

impl Engine {
    /// Keeps the page live from here on: opens the Socket.IO connection and
    /// follows the open list's history. Browser only; nothing on the server.
    pub fn start(self) {
        #[cfg(feature = "hydrate")]
        {
            history::follow(self);
            socket::start(self);
            self.send_what_waits();
            offline::keep_copies(self);
        }
    }
}

#[cfg(feature = "hydrate")]
impl Engine {
    /// Takes over the writes left in the browser once the user is known,
    /// and sends what waits as soon as the browser is online again.
    fn send_what_waits(self) {
        use leptos::prelude::*;
        Effect::new(move |adopted: Option<bool>| {
            if adopted == Some(true) {
                return true;
            }
            let Some(me) = self.lists.me.with(|me| me.as_ref().map(|u| u.id)) else {
                return false;
            };
            self.outbox.restore(self, me);
            true
        });
        let online = self.feed.online;
        online.set(offline::browser_online());
        let back = window_event_listener(leptos::ev::online, move |_| {
            online.set(true);
            self.outbox.kick(self);
        });
        let gone = window_event_listener(leptos::ev::offline, move |_| online.set(false));
        on_cleanup(move || {
            back.remove();
            gone.remove();
        });
    }
}
