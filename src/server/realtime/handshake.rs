//! Connecting: who the socket belongs to and the `join` greeting. (The end
//! of a socket's life when its token expires is `expiry`'s.)
//!
//! The token is taken from the first of these that is present (SPEC §3):
//! the handshake auth payload `{token}`, the `token` query parameter (with or
//! without `Bearer `), an `Authorization: Bearer` header, the session cookie.
//! A socket whose token is missing or invalid never joins the namespace: the
//! client gets `connect_error` with the message `unauthorized`.

use serde_json::Value;
use socketioxide::adapter::Adapter;
use socketioxide::extract::{AckSender, Event, SocketRef, State, TryData};
use std::sync::Arc;
use uuid::Uuid;

use super::GatewayState;
use super::expiry::Expiry;
use crate::domain::events::{ERROR, ErrorMessage, JOIN, JOINED, Joined, SYNC};
use crate::server::auth::{self, SessionCookie};

/// Stored in the socket's extensions once it is authenticated.
#[derive(Clone, Debug)]
pub struct SocketUser {
    pub user_id: Uuid,
    pub session: Uuid,
    pub expires_at: i64,
}

/// Why a connection was refused; its text is what the client sees.
#[derive(Debug, thiserror::Error)]
#[error("unauthorized")]
pub struct Unauthorized;

/// Connect middleware: runs before the socket joins the namespace.
pub async fn authenticate<A: Adapter>(
    socket: SocketRef<A>,
    State(state): State<GatewayState>,
    TryData(auth): TryData<Value>,
) -> Result<(), Unauthorized> {
    let token =
        token_from(auth.ok().as_ref(), socket.req_parts(), state.cookie).ok_or(Unauthorized)?;
    // The same check as every HTTP request: a valid token of a live session.
    let (claims, session) = auth::check_token(&state.keys, &state.sessions, &token)
        .await
        .map_err(|_| Unauthorized)?;
    socket.extensions.insert(SocketUser {
        user_id: session.user_id,
        session: session.id,
        expires_at: claims.exp,
    });
    Ok(())
}

/// The token of the first source present, in the order of SPEC §3.
pub(super) fn token_from(
    auth: Option<&Value>,
    parts: &http::request::Parts,
    cookie: SessionCookie,
) -> Option<String> {
    auth.and_then(auth_payload_token)
        .or_else(|| query_token(parts.uri.query()))
        .or_else(|| auth::bearer_token(&parts.headers))
        .or_else(|| cookie.read(&parts.headers))
}

/// `{ token: "<jwt>" }`, the `auth` option of socket.io-client.
fn auth_payload_token(auth: &Value) -> Option<String> {
    auth.get("token")?
        .as_str()
        .map(strip_bearer)
        .filter(|t| !t.is_empty())
}

/// `?token=Bearer%20<jwt>` or `?token=<jwt>`.
fn query_token(query: Option<&str>) -> Option<String> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query?).ok()?;
    pairs
        .into_iter()
        .find(|(k, _)| k == "token")
        .map(|(_, v)| strip_bearer(&v))
        .filter(|t| !t.is_empty())
}

fn strip_bearer(raw: &str) -> String {
    let raw = raw.trim();
    match raw.split_once(' ') {
        Some((scheme, rest)) if scheme.eq_ignore_ascii_case("bearer") => rest.trim().to_owned(),
        _ => raw.to_owned(),
    }
}

/// Runs once the middlewares accepted the socket (and it joined its rooms:
/// `rooms::join_rooms`).
pub async fn on_connect<A: Adapter>(
    socket: SocketRef<A>,
    State(expiry): State<Arc<Expiry>>,
    State(state): State<GatewayState>,
) {
    let Some(user) = socket.extensions.get::<SocketUser>() else {
        // The middleware always stores it; refuse rather than guess.
        let _ = socket.disconnect();
        return;
    };
    socket
        .extensions
        .insert(super::publish::ResyncPending::default());
    socket.on(JOIN, on_join::<A>);
    socket.on(SYNC, super::sync::on_sync::<A>);
    socket.on_fallback(on_unknown::<A>);
    expiry.watch(user.expires_at);
    super::rooms::reconcile(&socket, &state, &user).await;
}

/// `join`: idempotent (the socket is already in its room); answers `joined`
/// and, when the client asked for one, the same object as the ack.
async fn on_join<A: Adapter>(
    socket: SocketRef<A>,
    ack: AckSender<A>,
    State(state): State<GatewayState>,
) {
    if !super::admission::message_allowed(&socket, &state) {
        return;
    }
    let Some(me) = socket.extensions.get::<SocketUser>() else {
        return;
    };
    let user = match state.store.user_by_id(me.user_id).await {
        Ok(Some(user)) => user,
        Ok(None) => {
            // Token for an account that no longer exists.
            let _ = socket.disconnect();
            return;
        }
        Err(_) => {
            send_error(&socket, "could not load your account; try again");
            return;
        }
    };
    let joined = Joined {
        message: "Successfully connected to real-time updates".into(),
        user,
    };
    if let Err(e) = socket.emit(JOINED, &joined) {
        tracing::debug!(%e, "emitting joined");
    }
    let _ = ack.send(&joined);
}

/// Anything else a client sends is answered with `error`; the socket stays up.
/// (No payload extractor: whatever the client attached, or nothing, is fine.)
pub(super) async fn on_unknown<A: Adapter>(
    socket: SocketRef<A>,
    Event(event): Event,
    State(state): State<GatewayState>,
) {
    if !super::admission::message_allowed(&socket, &state) {
        return;
    }
    let shown: String = event.chars().take(64).collect();
    send_error(&socket, &format!("unknown event: {shown}"));
}

pub(super) fn send_error<A: Adapter>(socket: &SocketRef<A>, message: &str) {
    let payload = ErrorMessage {
        message: message.to_owned(),
    };
    if let Err(e) = socket.emit(ERROR, &payload) {
        tracing::debug!(%e, "emitting error");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_tokens_may_carry_the_bearer_prefix() {
        assert_eq!(
            query_token(Some("EIO=4&token=Bearer%20abc")).as_deref(),
            Some("abc")
        );
        assert_eq!(query_token(Some("token=abc&EIO=4")).as_deref(), Some("abc"));
        assert_eq!(query_token(Some("EIO=4")), None);
        assert_eq!(query_token(Some("token=")), None);
    }

    #[test]
    fn auth_payload_needs_a_string_token() {
        assert_eq!(
            auth_payload_token(&serde_json::json!({"token": "t"})).as_deref(),
            Some("t")
        );
        assert_eq!(auth_payload_token(&serde_json::json!({"token": 5})), None);
        assert_eq!(auth_payload_token(&serde_json::json!("t")), None);
    }
}
