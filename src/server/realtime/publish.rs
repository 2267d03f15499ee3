//! Pushing committed changes to the owner's sockets, and what happens when a
//! socket cannot keep up.
//!
//! Events go socket by socket (rather than one room broadcast) so that a
//! failure is known per socket: when a socket's buffer is full, it has missed
//! an event, so it is sent `resync` as soon as its buffer has room, and the
//! client refetches. No client silently diverges.

use serde_json::value::RawValue;
use socketioxide::{SendError, SocketError as CoreSocketError, SocketIo, extract::SocketRef};
use std::sync::{
    Arc,
    atomic::{AtomicBool, Ordering},
};
use std::time::Duration;
use uuid::Uuid;

use super::user_room;
use crate::domain::events::{RESYNC, Resync, TodoEvent};
use crate::domain::validate::{DESCRIPTION_MAX, TITLE_MAX};

/// The largest packet an event can become: a title and a description at
/// their length limits, every character JSON-escaped to six bytes
/// (`\u0001`), plus the ids, dates and framing around them.
pub const MAX_EVENT_BYTES: usize = 6 * (TITLE_MAX + DESCRIPTION_MAX) + 1024;

/// Packets a socket may have queued, given `SOCKET_BUFFER` (packets) and
/// `SOCKET_BUFFER_BYTES`.
///
/// socketioxide bounds a socket's queue in packets only, and does not say
/// when a packet has left, so the bytes queued cannot be counted exactly.
/// Instead the packet bound is lowered until even a queue full of the
/// largest possible events fits in the byte bound. It is conservative:
/// typical events are ~400 bytes, so a queue rarely holds more than a few
/// percent of the byte bound; a stalled client can never hold more.
pub fn packet_budget(packets: usize, bytes: usize) -> usize {
    packets.min(bytes / MAX_EVENT_BYTES).max(1)
}

/// Whether a `resync` is already on its way to a socket (one at a time).
#[derive(Clone, Default)]
pub struct ResyncPending(Arc<AtomicBool>);

/// Sends `events`, in order, to every socket of `user` on this instance.
/// Called by the committer after each commit, one op after the other, so
/// events leave in commit order.
///
/// Each event's JSON is made once here, not once per socket: the sockets
/// get the same pre-encoded payload. Failures are still known per socket.
pub fn publish(io: &SocketIo, user: Uuid, events: &[TodoEvent]) {
    if events.is_empty() {
        return;
    }
    // Once shutdown has closed the Socket.IO server the namespace is gone
    // (`io.within` would panic); a write still finishing then tells no one.
    let Some(namespace) = io.of("/") else {
        return;
    };
    let sockets = namespace.within(user_room(user)).sockets();
    if sockets.is_empty() {
        return;
    }
    let encoded: Vec<(&'static str, Box<RawValue>)> = events
        .iter()
        .filter_map(|event| match encode(event) {
            Ok(payload) => Some((event.name(), payload)),
            Err(e) => {
                tracing::error!(%e, event = event.name(), "encoding an event");
                None
            }
        })
        .collect();
    for socket in sockets {
        for (name, payload) in &encoded {
            match socket.emit(*name, payload) {
                Ok(()) => {}
                Err(SendError::Socket(CoreSocketError::InternalChannelFull)) => {
                    tracing::warn!(socket = %socket.id, "socket buffer full: it will be told to resync");
                    request_resync(socket.clone());
                    break;
                }
                Err(SendError::Socket(_)) => break, // closed meanwhile: nothing to tell
                Err(e) => tracing::error!(%e, event = *name, "framing an event"),
            }
        }
    }
}

/// An event's payload as JSON text, which the Socket.IO parser copies into
/// each packet as it is (`RawValue`) instead of serialising the todo again.
fn encode(event: &TodoEvent) -> Result<Box<RawValue>, serde_json::Error> {
    match event {
        TodoEvent::Created(todo) | TodoEvent::Updated(todo) | TodoEvent::Completed(todo) => {
            serde_json::value::to_raw_value(todo)
        }
        TodoEvent::Deleted(deleted) => serde_json::value::to_raw_value(deleted),
    }
}

/// Retries `resync` until the socket's buffer has room (it drains as the
/// client reads), the socket closes, or ten seconds pass — after which the
/// socket is disconnected so that its client reconnects and refetches.
fn request_resync(socket: SocketRef) {
    // Inserted at connect; a socket without it cannot be marked, so mark a
    // throwaway flag and still send the notice.
    let pending = socket.extensions.get::<ResyncPending>().unwrap_or_default();
    if pending.0.swap(true, Ordering::SeqCst) {
        return;
    }
    tokio::spawn(async move {
        let notice = Resync {
            reason: "missed events: refetch your todos".into(),
        };
        for _ in 0..500 {
            match socket.emit(RESYNC, &notice) {
                Ok(()) => {
                    pending.0.store(false, Ordering::SeqCst);
                    return;
                }
                Err(SendError::Socket(CoreSocketError::InternalChannelFull)) => {
                    tokio::time::sleep(Duration::from_millis(20)).await;
                }
                Err(_) => return,
            }
        }
        let _ = socket.disconnect();
    });
}
