//! Which rooms a socket is in: its user's, its log-in session's, and one
//! per list its user is a member of (SPEC §6). Membership changes after
//! connect are the committer's to apply (`Effect::ListJoined`,
//! `Effect::ListLeft`); this is the socket's side of it at connect.
//!
//! The rooms are joined in a connect middleware, so a client is in all of
//! them by the time it hears it is connected. A membership that changes
//! while a socket connects could slip between reading the lists and the
//! socket becoming visible to the committer, so the handler that runs once
//! it is visible reads them again and joins or leaves what changed — but
//! only when a membership changed meanwhile (`EPOCH`), which is rare: a
//! second query on every connect halved the connect rate.

use socketioxide::adapter::Adapter;
use socketioxide::extract::{SocketRef, State};
use std::collections::HashSet;
use std::sync::atomic::{AtomicU64, Ordering};

use super::handshake::SocketUser;
use super::{GatewayState, list_room, session_room, user_room};

/// Counts the membership changes this instance has published. The
/// publisher bumps it before it moves any socket between rooms; a connect
/// notes it before reading its lists, so an unchanged count at `reconcile`
/// means no change could have missed the socket.
static EPOCH: AtomicU64 = AtomicU64::new(0);

/// Called by the publisher before it applies a membership change.
pub fn membership_changed() {
    EPOCH.fetch_add(1, Ordering::SeqCst);
}

/// The membership count a socket's list rooms were read at.
#[derive(Clone, Copy)]
struct ReadAt(u64);

/// Why a socket could not join its rooms; the client's `connect_error`.
#[derive(Debug, thiserror::Error)]
#[error("could not load your lists; try again")]
pub struct RoomsUnavailable;

/// Connect middleware, last: the socket's rooms.
pub async fn join_rooms<A: Adapter>(
    socket: SocketRef<A>,
    State(state): State<GatewayState>,
) -> Result<(), RoomsUnavailable> {
    let Some(user) = socket.extensions.get::<SocketUser>() else {
        return Ok(()); // authentication refuses such a socket before this
    };
    socket.join([user_room(user.user_id), session_room(user.session)]);
    if let Some(node) = &state.node_room {
        socket.join(node.to_string());
    }
    socket
        .extensions
        .insert(ReadAt(EPOCH.load(Ordering::SeqCst)));
    let ids = state
        .store
        .list_ids_of(user.user_id)
        .await
        .map_err(|_| RoomsUnavailable)?;
    socket.join(ids.into_iter().map(list_room).collect::<Vec<_>>());
    Ok(())
}

/// Once the socket is visible to the committer: joins the lists its user
/// gained and leaves those it lost while it was connecting, if any
/// membership changed since its lists were read.
pub async fn reconcile<A: Adapter>(socket: &SocketRef<A>, state: &GatewayState, user: &SocketUser) {
    // Changes made by other instances do not count here: with a shared
    // adapter, always read again.
    let read_at = socket.extensions.get::<ReadAt>().map(|r| r.0);
    if state.node_room.is_none() && read_at == Some(EPOCH.load(Ordering::SeqCst)) {
        return;
    }
    let Ok(ids) = state.store.list_ids_of(user.user_id).await else {
        // Keep what was joined at connect; the next connect reads again.
        return;
    };
    let wanted: HashSet<String> = ids.into_iter().map(list_room).collect();
    let current: HashSet<String> = socket
        .rooms()
        .into_iter()
        .map(|r| r.to_string())
        .filter(|r| r.starts_with("list:"))
        .collect();
    let gained: Vec<String> = wanted.difference(&current).cloned().collect();
    let lost: Vec<String> = current.difference(&wanted).cloned().collect();
    if !gained.is_empty() {
        socket.join(gained);
    }
    if !lost.is_empty() {
        socket.leave(lost);
    }
}
