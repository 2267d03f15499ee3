//! The Socket.IO gateway (SPEC §3, §6): socketioxide on the same router and
//! port as the app. It authenticates each connection, puts the socket in its
//! user's room, its log-in session's room and the room of each list its user
//! is a member of, answers `join`, and is the only thing that pushes events
//! to clients. It never writes: the committer (`server::commit`) calls
//! `publish` with each commit's effects, room changes included.

mod admission;
mod effect;
mod expiry;
mod handshake;
#[cfg(test)]
mod handshake_props;
pub mod presence;
mod publish;
mod request_head;
mod rooms;
mod sync;

pub use effect::Effect;
pub use publish::{packet_budget, publish};
pub use request_head::own_request_head;

use socketioxide::{SocketIo, handler::ConnectHandler, layer::SocketIoLayer};
use std::{sync::Arc, time::Duration};
use uuid::Uuid;

use super::auth::{SessionCookie, Sessions, TokenKeys};
use super::db::Store;
use super::limits::Limits;

/// Largest WebSocket message/frame and polling payload a client may send.
pub const MAX_MESSAGE_BYTES: usize = 1 << 20;
/// How long an opened transport may wait before completing the Socket.IO
/// connect (and how long a refused one lingers before it is closed).
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(3);
/// What a WebSocket reads from the network at a time, and the read buffer
/// each socket holds from the start (tungstenite's default is 128 KiB,
/// engineioxide's 4 KiB). Clients send a few bytes at a time (pongs,
/// `join`); a larger message grows the buffer while it is read.
pub const WS_READ_BUFFER_BYTES: usize = 1024;

/// What the gateway's handlers need; handed to socketioxide as its state.
#[derive(Clone)]
pub struct GatewayState {
    pub keys: Arc<TokenKeys>,
    pub sessions: Arc<Sessions>,
    pub store: Store,
    pub limits: Arc<Limits>,
    /// The session cookie's name, for the browser's handshake.
    pub cookie: SessionCookie,
}

/// The room every socket of `user` is in.
pub fn user_room(user: Uuid) -> String {
    format!("user:{user}")
}

/// The room of the sockets of every member of `list`.
pub fn list_room(list: Uuid) -> String {
    format!("list:{list}")
}

/// The room of every socket opened with log-in session `sid`.
pub fn session_room(sid: Uuid) -> String {
    format!("session:{sid}")
}

/// Builds the Socket.IO layer and the handle used to publish through it.
/// `buffer` is the packets queued per socket before an emit to it fails
/// (`SOCKET_BUFFER`, bounded by `SOCKET_BUFFER_BYTES`: see `packet_budget`): socketioxide's default of 128 dropped 4–33 % of a
/// burst on a small VM; the default 4096 dropped none.
pub fn build(state: GatewayState, buffer: usize) -> (SocketIoLayer, SocketIo) {
    let expiry = expiry::Expiry::new();
    let (layer, io) = SocketIo::builder()
        .max_buffer_size(buffer)
        .max_payload(MAX_MESSAGE_BYTES as u64)
        .ws_max_message_size(MAX_MESSAGE_BYTES)
        .ws_max_frame_size(MAX_MESSAGE_BYTES)
        .ws_read_buffer_size(WS_READ_BUFFER_BYTES)
        .connect_timeout(CONNECT_TIMEOUT)
        .with_state(state)
        .with_state(expiry.clone())
        .build_layer();
    // Middlewares run last-added first: IP rate, token, per-user cap, rooms.
    io.ns(
        "/",
        handshake::on_connect
            .with(rooms::join_rooms)
            .with(admission::admit_user)
            .with(handshake::authenticate)
            .with(admission::admit_ip),
    );
    io.ns(
        presence::NAMESPACE,
        presence::on_connect
            .with(presence::identify)
            .with(admission::admit_user)
            .with(handshake::authenticate)
            .with(admission::admit_ip),
    );
    expiry.start(io.clone());
    (layer, io)
}

/// Disconnects every socket opened with log-in session `sid` (log-out,
/// a password change ending the other sessions).
pub async fn end_session(io: &SocketIo, sid: Uuid) {
    disconnect_room(io, session_room(sid)).await;
}

/// Disconnects every socket of `user` (log out everywhere, account deleted).
pub async fn end_user(io: &SocketIo, user: Uuid) {
    disconnect_room(io, user_room(user)).await;
}

/// In every namespace. `io.within` panics once shutdown has closed a
/// namespace; by then there is nobody left to disconnect.
async fn disconnect_room(io: &SocketIo, room: String) {
    for path in ["/", presence::NAMESPACE] {
        let Some(namespace) = io.of(path) else {
            continue;
        };
        if let Err(e) = namespace.within(room.clone()).disconnect().await {
            tracing::warn!(%e, "disconnecting the sockets of an ended session or account");
        }
    }
}
