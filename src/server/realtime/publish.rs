//! Pushing committed changes to the sockets that may see them, and what
//! happens when a socket cannot keep up.
//!
//! Events go socket by socket (rather than one room broadcast) so that a
//! failure is known per socket: when a socket's buffer is full, it has missed
//! an event, so it is sent `resync` as soon as its buffer has room, and the
//! client refetches. No client silently diverges.

use serde::Serialize;
use serde_json::value::RawValue;
use socketioxide::adapter::Adapter;
use socketioxide::{
    SendError, SocketError as CoreSocketError, SocketIo, extract::SocketRef,
    operators::BroadcastOperators,
};
use std::sync::{
    Arc,
    atomic::{AtomicBool, Ordering},
};
use std::time::Duration;
use uuid::Uuid;

use super::handshake::SocketUser;
use super::{Effect, list_room, user_room};
use crate::domain::events::{
    LIST_CREATED, LIST_DELETED, LIST_UPDATED, ListGone, MEMBER_ADDED, MEMBER_REMOVED, RESYNC,
    Resync,
};
use crate::domain::list::TodoList;
use crate::domain::validate::{DESCRIPTION_MAX, TITLE_MAX};

/// The largest packet an event can become: a title and a description at
/// their length limits, every character JSON-escaped to six bytes
/// (`\u0001`), plus the ids, dates, meta and framing around them.
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

/// Carries out `effects`, in order, on this instance's sockets. Called by
/// the committer after each commit, one op after the other, so events
/// leave in commit order and room changes happen between them.
///
/// Each event's JSON (and its meta's) is made once here, not once per
/// socket: the sockets get the same pre-encoded payload. Failures are
/// still known per socket.
pub fn publish<A: Adapter>(io: &SocketIo<A>, effects: &[Effect]) {
    // Once shutdown has closed the Socket.IO server the namespace is gone
    // (`io.within` would panic); a write still finishing then tells no one.
    let Some(ns) = io.of("/") else {
        return;
    };
    for effect in effects {
        match effect {
            Effect::Todo {
                name,
                payload,
                meta,
            } => send(
                room(&ns, list_room(meta.list_id)),
                name,
                Some(payload),
                encode(meta).as_deref(),
            ),
            Effect::ListJoined { user, list, meta } => {
                super::rooms::membership_changed();
                let sockets = room(&ns, user_room(*user));
                for socket in &sockets {
                    socket.join(list_room(list.id));
                }
                let payload = encode(&list.as_seen_by(*user));
                send(
                    sockets,
                    LIST_CREATED,
                    payload.as_deref(),
                    encode(meta).as_deref(),
                );
            }
            Effect::ListUpdated { list, meta } => {
                // Each socket reads the list with its own user's role.
                let (owners, members): (Vec<_>, Vec<_>) = room(&ns, list_room(list.id))
                    .into_iter()
                    .partition(|s| socket_user(s) == Some(list.owner_id));
                let meta = encode(meta);
                let as_member = TodoList {
                    role: crate::domain::list::Role::Member,
                    ..list.clone()
                };
                send(
                    owners,
                    LIST_UPDATED,
                    encode(list).as_deref(),
                    meta.as_deref(),
                );
                send(
                    members,
                    LIST_UPDATED,
                    encode(&as_member).as_deref(),
                    meta.as_deref(),
                );
            }
            Effect::ListLeft { users, meta } => {
                super::rooms::membership_changed();
                let list = meta.list_id;
                let room_name = list_room(list);
                let payload = encode(&ListGone { id: meta.list_id });
                let meta = encode(meta);
                for user in users {
                    let sockets = room(&ns, user_room(*user));
                    for socket in &sockets {
                        socket.leave(room_name.clone());
                    }
                    send(sockets, LIST_DELETED, payload.as_deref(), meta.as_deref());
                }
                // Their presence in the list ends too (asynchronously:
                // presence reads rooms through the adapter).
                let (io, users) = (io.clone(), users.clone());
                tokio::spawn(async move { super::presence::expel(&io, &users, list).await });
            }
            Effect::MemberAdded { added, meta } => {
                send(
                    room(&ns, list_room(meta.list_id)),
                    MEMBER_ADDED,
                    encode(added).as_deref(),
                    encode(meta).as_deref(),
                );
            }
            Effect::MemberRemoved { removed, meta } => {
                let sockets = room(&ns, list_room(meta.list_id));
                send(
                    sockets,
                    MEMBER_REMOVED,
                    encode(removed).as_deref(),
                    encode(meta).as_deref(),
                );
            }
        }
    }
}

/// This instance's sockets in `room`.
fn room<A: Adapter>(ns: &BroadcastOperators<A>, room: String) -> Vec<SocketRef<A>> {
    ns.clone().within(room).sockets()
}

fn socket_user<A: Adapter>(socket: &SocketRef<A>) -> Option<Uuid> {
    socket.extensions.get::<SocketUser>().map(|u| u.user_id)
}

/// Sends one event (payload and meta) to each of `sockets`.
fn send<A: Adapter>(
    sockets: Vec<SocketRef<A>>,
    name: &'static str,
    payload: Option<&RawValue>,
    meta: Option<&RawValue>,
) {
    let (Some(payload), Some(meta)) = (payload, meta) else {
        return;
    };
    for socket in sockets {
        match socket.emit(name, &(payload, meta)) {
            Ok(()) => {}
            Err(SendError::Socket(CoreSocketError::InternalChannelFull)) => {
                tracing::warn!(socket = %socket.id, "socket buffer full: it will be told to resync");
                request_resync(socket.clone());
            }
            Err(SendError::Socket(_)) => {} // closed meanwhile: nothing to tell
            Err(e) => tracing::error!(%e, event = name, "framing an event"),
        }
    }
}

/// A payload as JSON text, which the Socket.IO parser copies into each
/// packet as it is (`RawValue`) instead of serialising it again per socket.
fn encode<T: Serialize + ?Sized>(value: &T) -> Option<Box<RawValue>> {
    serde_json::value::to_raw_value(value)
        .map_err(|e| tracing::error!(%e, "encoding an event"))
        .ok()
}

/// Retries `resync` until the socket's buffer has room (it drains as the
/// client reads), the socket closes, or ten seconds pass — after which the
/// socket is disconnected so that its client reconnects and refetches.
pub(super) fn request_resync<A: Adapter>(socket: SocketRef<A>) {
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
