//! Who may open a socket, and how much a socket may say.
//!
//! - Connects per client IP (`RATE_SOCKET_CONNECTS_PER_IP`), checked before
//!   the token, so a flood of connects costs no token verification.
//! - Sockets per user (`MAX_SOCKETS_PER_USER`), checked after the token.
//!   The count is the user's room on this instance; two connects racing
//!   for the last place may both get it (overshoot by a few, never a leak).
//! - Messages per socket (`RATE_SOCKET_MESSAGES`): a message over the rate
//!   is dropped and answered with `error`; a socket that keeps going for
//!   another whole burst while limited is disconnected (its client
//!   reconnects and resyncs, like after any drop).
//!
//! A refused connect gets `connect_error` with the reason as its message.

use socketioxide::adapter::Adapter;
use socketioxide::extract::{SocketRef, State};
use std::sync::{
    Arc,
    atomic::{AtomicU32, Ordering},
};

use super::handshake::{SocketUser, send_error};
use super::{GatewayState, user_room};
use crate::server::limits::{ClientIp, rate::RateLimiter};

/// Why a connect was refused; the text is the client's `connect_error`.
#[derive(Debug, thiserror::Error)]
pub enum Refused {
    #[error("too many connection attempts; try again in {0} s")]
    TooManyConnects(u64),
    #[error("too many connections: at most {0} per user")]
    TooManySockets(usize),
}

/// Connect middleware, first of all: connect attempts per IP.
pub async fn admit_ip<A: Adapter>(
    socket: SocketRef<A>,
    State(state): State<GatewayState>,
) -> Result<(), Refused> {
    let ip = ClientIp::from_extensions(&socket.req_parts().extensions);
    state.limits.admit_socket_connect(ip).await.map_err(|secs| {
        let refused = Refused::TooManyConnects(secs);
        state.limits.log_refused_socket(ip, &refused.to_string());
        refused
    })
}

/// Connect middleware, after authentication: sockets per user (in the
/// socket's own namespace), and the socket's message budget.
pub async fn admit_user<A: Adapter>(
    socket: SocketRef<A>,
    State(state): State<GatewayState>,
) -> Result<(), Refused> {
    let cap = state.limits.config.max_sockets_per_user;
    if let Some(user) = socket.extensions.get::<SocketUser>()
        && socket.within(user_room(user.user_id)).sockets().len() >= cap
    {
        let refused = Refused::TooManySockets(cap);
        let ip = ClientIp::from_extensions(&socket.req_parts().extensions);
        state.limits.log_refused_socket(ip, &refused.to_string());
        return Err(refused);
    }
    socket.extensions.insert(MessageBudget {
        limiter: Arc::new(RateLimiter::new(state.limits.config.socket_messages)),
        strikes: Arc::new(AtomicU32::new(0)),
    });
    Ok(())
}

/// A socket's own message rate limiter (dropped with the socket).
#[derive(Clone)]
struct MessageBudget {
    limiter: Arc<RateLimiter<()>>,
    /// Messages refused since the last one allowed.
    strikes: Arc<AtomicU32>,
}

/// Called first by every client-message handler: false means drop the
/// message (the client has been told, or disconnected).
pub fn message_allowed<A: Adapter>(socket: &SocketRef<A>, state: &GatewayState) -> bool {
    let Some(budget) = socket.extensions.get::<MessageBudget>() else {
        return true; // admitted before budgets existed: nothing to hold it to
    };
    if budget.limiter.check(&()).is_ok() {
        budget.strikes.store(0, Ordering::Relaxed);
        return true;
    }
    let strikes = budget.strikes.fetch_add(1, Ordering::Relaxed) + 1;
    let burst = state
        .limits
        .config
        .socket_messages
        .map_or(u32::MAX, |r| r.burst);
    let ip = ClientIp::from_extensions(&socket.req_parts().extensions);
    if strikes >= burst {
        state
            .limits
            .log_refused_socket(ip, "kept sending over its message rate: disconnected");
        let _ = socket.clone().disconnect();
    } else {
        state.limits.log_rate_limited("socket messages", &ip);
        send_error(socket, "too many messages: slow down");
    }
    false
}
