//! The gateway as the rest of the server sees it: one Socket.IO server,
//! either alone (the local adapter, one instance) or sharing its rooms
//! with the other instances through Redis (`REDIS_URL`, `shared`). The
//! handlers are generic over the adapter; this is where the choice is made
//! once, at start-up, and hidden behind publish, disconnects, readiness and
//! shutdown.

use axum::Router;
use socketioxide::adapter::Adapter;
use socketioxide::{SocketIo, handler::ConnectHandler, layer::SocketIoLayer};
use socketioxide_core::adapter::DefinedAdapter;
use std::sync::Arc;
use std::time::Duration;
use uuid::Uuid;

use super::expiry::Expiry;
use super::forward::Forwarder;
use super::{
    CONNECT_TIMEOUT, admission, handshake, presence, publish, rooms, session_room, user_room,
};
use super::{Effect, GatewayState, MAX_MESSAGE_BYTES, WS_READ_BUFFER_BYTES};
use crate::server::redis_link::RedisLink;

/// The adapter every namespace gets when `REDIS_URL` is set.
pub type SharedAdapter =
    socketioxide_redis::CustomRedisAdapter<socketioxide::adapter::Emitter, RedisLink>;

/// How long readiness waits for Redis to answer.
const REDIS_CHECK_TIMEOUT: Duration = Duration::from_secs(2);

#[derive(Clone)]
pub enum Gateway {
    Local {
        io: SocketIo,
        layer: SocketIoLayer,
    },
    Shared {
        io: SocketIo<SharedAdapter>,
        layer: SocketIoLayer<SharedAdapter>,
        link: RedisLink,
        /// Carries each commit's effects to the other instances, in order.
        forwarder: Forwarder,
    },
}

impl Gateway {
    /// Builds the Socket.IO server: shared through Redis when a `link` to
    /// it is given, else local.
    /// `buffer` is the packets queued per socket (see `build_io`).
    pub async fn build(
        mut state: GatewayState,
        buffer: usize,
        link: Option<RedisLink>,
    ) -> Result<Gateway, String> {
        let expiry = Expiry::new();
        let Some(link) = link else {
            let (layer, io) = build_io(SocketIo::builder(), state, buffer, &expiry);
            register(&io, &expiry);
            return Ok(Gateway::Local { io, layer });
        };
        let node = super::node_room(Uuid::new_v4());
        state.node_room = Some(node.clone().into());
        let builder = SocketIo::builder().with_adapter::<SharedAdapter>(link.adapter());
        let (layer, io) = build_io(builder, state, buffer, &expiry);
        for init in register(&io, &expiry) {
            init.await
                .map_err(|e| format!("REDIS_URL: subscribing: {e}"))?;
        }
        let forwarder = Forwarder::start(io.clone(), node);
        super::recovery::start(io.clone(), link.clone());
        Ok(Gateway::Shared {
            io,
            layer,
            link,
            forwarder,
        })
    }

    /// Carries out a commit's effects: on this instance's sockets now, and
    /// (shared) on the other instances' through Redis.
    pub fn publish(&self, effects: &[Effect]) {
        match self {
            Gateway::Local { io, .. } => publish::publish(io, effects),
            Gateway::Shared { io, forwarder, .. } => {
                publish::publish(io, effects);
                forwarder.send(effects);
            }
        }
    }

    /// Disconnects every socket opened with log-in session `sid`, on every
    /// instance (log-out, a password change ending the other sessions).
    pub async fn end_session(&self, sid: Uuid) {
        self.disconnect_room(session_room(sid)).await;
    }

    /// Disconnects every socket of `user`, on every instance (log out
    /// everywhere, account deleted).
    pub async fn end_user(&self, user: Uuid) {
        self.disconnect_room(user_room(user)).await;
    }

    async fn disconnect_room(&self, room: String) {
        match self {
            Gateway::Local { io, .. } => disconnect_room(io, room).await,
            Gateway::Shared { io, .. } => disconnect_room(io, room).await,
        }
    }

    /// `None` without a shared adapter; else whether Redis answers.
    pub async fn adapter_ready(&self) -> Option<bool> {
        match self {
            Gateway::Local { .. } => None,
            Gateway::Shared { link, .. } => Some(
                tokio::time::timeout(REDIS_CHECK_TIMEOUT, link.ping())
                    .await
                    .unwrap_or(false),
            ),
        }
    }

    /// Mounts the Socket.IO service on `router`.
    pub fn mount<S: Clone + Send + Sync + 'static>(&self, router: Router<S>) -> Router<S> {
        match self {
            Gateway::Local { layer, .. } => router.layer(layer.clone()),
            Gateway::Shared { layer, .. } => router.layer(layer.clone()),
        }
    }

    /// Closes every socket (shutdown).
    pub async fn close(&self) {
        match self {
            Gateway::Local { io, .. } => io.clone().close().await,
            Gateway::Shared { io, .. } => io.clone().close().await,
        }
    }
}

/// The Socket.IO server with LiveTodo's settings. `buffer` is the packets
/// queued per socket before an emit to it fails (`SOCKET_BUFFER`, bounded
/// by `SOCKET_BUFFER_BYTES`: see `packet_budget`): socketioxide's default
/// of 128 dropped 4–33 % of a burst on a small VM; the default 4096
/// dropped none.
fn build_io<A: Adapter>(
    builder: socketioxide::SocketIoBuilder<A>,
    state: GatewayState,
    buffer: usize,
    expiry: &Arc<Expiry>,
) -> (SocketIoLayer<A>, SocketIo<A>) {
    builder
        .max_buffer_size(buffer)
        .max_payload(MAX_MESSAGE_BYTES as u64)
        .ws_max_message_size(MAX_MESSAGE_BYTES)
        .ws_max_frame_size(MAX_MESSAGE_BYTES)
        .ws_read_buffer_size(WS_READ_BUFFER_BYTES)
        .connect_timeout(CONNECT_TIMEOUT)
        .with_state(state)
        .with_state(expiry.clone())
        .build_layer()
}

/// Registers the two namespaces and starts the token-expiry sweep; what
/// each namespace's adapter answers to being set up (nothing to wait for
/// locally; Redis subscriptions when shared).
fn register<A: Adapter + DefinedAdapter>(
    io: &SocketIo<A>,
    expiry: &Arc<Expiry>,
) -> [A::InitRes; 2] {
    // Middlewares run last-added first: IP rate, token, per-user cap, rooms.
    let root = io.ns(
        "/",
        handshake::on_connect::<A>
            .with(rooms::join_rooms::<A>)
            .with(admission::admit_user::<A>)
            .with(handshake::authenticate::<A>)
            .with(admission::admit_ip::<A>),
    );
    let presence = io.ns(
        presence::NAMESPACE,
        presence::on_connect::<A>
            .with(presence::identify::<A>)
            .with(admission::admit_user::<A>)
            .with(handshake::authenticate::<A>)
            .with(admission::admit_ip::<A>),
    );
    expiry.start(io.clone());
    [root, presence]
}

/// In every namespace. `io.within` panics once shutdown has closed a
/// namespace; by then there is nobody left to disconnect.
async fn disconnect_room<A: Adapter>(io: &SocketIo<A>, room: String) {
    for path in ["/", presence::NAMESPACE] {
        let Some(namespace) = io.of(path) else {
            continue;
        };
        if let Err(e) = namespace.within(room.clone()).disconnect().await {
            tracing::warn!(%e, "disconnecting the sockets of an ended session or account");
        }
    }
}
