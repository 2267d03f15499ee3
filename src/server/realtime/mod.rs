//! The Socket.IO gateway (SPEC §3, §6): socketioxide on the same router and
//! port as the app. It authenticates each connection, puts the socket in its
//! user's room, its log-in session's room and the room of each list its user
//! is a member of, answers `join`, and is the only thing that pushes events
//! to clients. It never writes: the committer (`server::commit`) calls
//! `publish` with each commit's effects, room changes included. With
//! `REDIS_URL` the rooms are shared with the other instances (`gateway`,
//! `shared`, `forward`, `recovery`).

mod admission;
mod effect;
mod expiry;
mod forward;
mod gateway;
mod handshake;
#[cfg(test)]
mod handshake_props;
pub mod presence;
mod publish;
mod recovery;
mod request_head;
mod rooms;
mod sync;

pub use effect::Effect;
pub use gateway::Gateway;
pub use publish::packet_budget;
pub use request_head::own_request_head;

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
    /// With a shared adapter: the room of this instance's sockets (every
    /// socket joins it), which emits to the other instances leave out.
    pub node_room: Option<Arc<str>>,
}

/// The room every socket of `user` is in.
pub fn user_room(user: Uuid) -> String {
    format!("user:{user}")
}

/// The room of the sockets of every member of `list`.
pub fn list_room(list: Uuid) -> String {
    format!("list:{list}")
}

/// The room of every socket of one instance (shared adapter only).
pub fn node_room(node: Uuid) -> String {
    format!("node:{node}")
}

/// The room of every socket opened with log-in session `sid`.
pub fn session_room(sid: Uuid) -> String {
    format!("session:{sid}")
}
