//! Presence on namespace `/presence` (SPEC §6): who has a list open, and
//! which todo each of them is editing.
//!
//! There is no presence map in the process. A socket's presence is the
//! rooms it is in: `presence:{list}` (it has the list open),
//! `editing:{list}:{todo}` (it is editing that todo) and, from connect on,
//! `who:{user}:{username}` (whose it is). The set of a list is read back
//! from the rooms of the sockets in `presence:{list}` with `fetch_sockets`
//! and `rooms()`, which a shared Socket.IO adapter answers for every
//! instance, so the set is the same whichever instance a socket is on.
//! A user with several sockets appears once.

use serde::Deserialize;
use socketioxide::SocketIo;
use socketioxide::adapter::Adapter;
use socketioxide::extract::{AckSender, SocketRef, State, TryData};
use std::collections::BTreeMap;
use uuid::Uuid;

use super::handshake::{SocketUser, send_error};
use super::{GatewayState, session_room, user_room};
use crate::domain::events::{
    PRESENCE, PRESENCE_EDITING, PRESENCE_JOIN, PRESENCE_LEAVE, PresenceSet, Present,
};

pub const NAMESPACE: &str = "/presence";

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ListRef {
    list_id: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Editing {
    list_id: String,
    todo_id: Option<String>,
}

fn presence_room(list: Uuid) -> String {
    format!("presence:{list}")
}

fn editing_prefix(list: Uuid) -> String {
    format!("editing:{list}:")
}

/// Why a `/presence` socket was refused after its token was accepted.
#[derive(Debug, thiserror::Error)]
#[error("could not load your account; try again")]
pub struct Unidentified;

/// Connect middleware, last: the socket's identity rooms. In a middleware
/// (rather than the connect handler) because it reads the database: the
/// handler must register its event handlers before anything awaits, or a
/// client that emits `presence:join` as soon as it is connected could find
/// no handler yet and never get its ack.
pub async fn identify<A: Adapter>(
    socket: SocketRef<A>,
    State(state): State<GatewayState>,
) -> Result<(), Unidentified> {
    let Some(user) = socket.extensions.get::<SocketUser>() else {
        return Err(Unidentified); // authentication stores it first
    };
    let Ok(Some(account)) = state.store.user_by_id(user.user_id).await else {
        // Gone meanwhile, or the database is unreachable.
        return Err(Unidentified);
    };
    // The user and session rooms end it with its session or account, and
    // let `expel` find it; `who` names it in the sets.
    socket.join([
        user_room(user.user_id),
        session_room(user.session),
        format!("who:{}:{}", account.id, account.username),
    ]);
    if let Some(node) = &state.node_room {
        socket.join(node.to_string());
    }
    Ok(())
}

/// Runs once the middlewares accepted a `/presence` socket. Nothing here
/// awaits: see `identify`.
pub async fn on_connect<A: Adapter>(
    socket: SocketRef<A>,
    State(expiry): State<std::sync::Arc<super::expiry::Expiry>>,
) {
    socket.on(PRESENCE_JOIN, on_join::<A>);
    socket.on(PRESENCE_LEAVE, on_leave::<A>);
    socket.on(PRESENCE_EDITING, on_editing::<A>);
    socket.on_disconnect(on_disconnect::<A>);
    socket.on_fallback(super::handshake::on_unknown::<A>);
    if let Some(user) = socket.extensions.get::<SocketUser>() {
        expiry.watch(user.expires_at);
    }
}

/// `presence:join {listId}`, acked `{success: true, users}` or, for a list
/// the user is not a member of (or that does not exist, or a malformed id),
/// `{success: false, error: "Access denied"}`.
async fn on_join<A: Adapter>(
    socket: SocketRef<A>,
    io: SocketIo<A>,
    TryData(data): TryData<ListRef>,
    ack: AckSender<A>,
    State(state): State<GatewayState>,
) {
    if !super::admission::message_allowed(&socket, &state) {
        return;
    }
    let list = match data.ok().and_then(|d| Uuid::parse_str(&d.list_id).ok()) {
        Some(list) if may_see(&socket, &state, list).await => list,
        _ => {
            let _ = ack.send(&serde_json::json!({ "success": false, "error": "Access denied" }));
            return;
        }
    };
    socket.join(presence_room(list));
    let users = announce(&io, list).await;
    let _ = ack.send(&serde_json::json!({ "success": true, "users": users }));
}

/// `presence:leave {listId}`: ends this socket's presence in the list.
async fn on_leave<A: Adapter>(
    socket: SocketRef<A>,
    io: SocketIo<A>,
    TryData(data): TryData<ListRef>,
    State(state): State<GatewayState>,
) {
    if !super::admission::message_allowed(&socket, &state) {
        return;
    }
    let Some(list) = data.ok().and_then(|d| Uuid::parse_str(&d.list_id).ok()) else {
        send_error(&socket, "presence:leave: listId must be a list id");
        return;
    };
    if leave(&socket, list) {
        announce(&io, list).await;
    }
}

/// `presence:editing {listId, todoId | null}`: what this socket edits, in a
/// list it has joined.
async fn on_editing<A: Adapter>(
    socket: SocketRef<A>,
    io: SocketIo<A>,
    TryData(data): TryData<Editing>,
    State(state): State<GatewayState>,
) {
    if !super::admission::message_allowed(&socket, &state) {
        return;
    }
    let parsed = data.ok().and_then(|d| {
        let list = Uuid::parse_str(&d.list_id).ok()?;
        let todo = match d.todo_id {
            None => None,
            Some(t) => Some(Uuid::parse_str(&t).ok()?),
        };
        Some((list, todo))
    });
    let Some((list, todo)) = parsed else {
        send_error(&socket, "presence:editing: needs {listId, todoId | null}");
        return;
    };
    if !in_room(&socket, &presence_room(list)) {
        send_error(&socket, "presence:editing: join the list first");
        return;
    }
    socket.leave(editing_rooms(&socket, list));
    if let Some(todo) = todo {
        socket.join(format!("{}{todo}", editing_prefix(list)));
    }
    announce(&io, list).await;
}

/// A socket that goes leaves every presence it was in; the others hear it.
async fn on_disconnect<A: Adapter>(socket: SocketRef<A>, io: SocketIo<A>) {
    let lists: Vec<Uuid> = socket
        .rooms()
        .iter()
        .filter_map(|r| r.strip_prefix("presence:"))
        .filter_map(|id| Uuid::parse_str(id).ok())
        .collect();
    // Out of its rooms before the sets are read again (socketioxide would
    // only remove it once this handler is done).
    socket.leave_all();
    for list in lists {
        announce(&io, list).await;
    }
}

/// Ends `users`' presence in `list` (they were removed from it, or it was
/// deleted) on every instance's sockets, and tells those still there,
/// once. Reads and changes the sockets' rooms through the adapter, which
/// a shared one answers for every instance.
pub async fn expel<A: Adapter>(io: &SocketIo<A>, users: &[Uuid], list: Uuid) {
    let Some(ns) = io.of(NAMESPACE) else {
        return;
    };
    let rooms: Vec<String> = users.iter().map(|u| user_room(*u)).collect();
    let sockets = match ns.within(rooms).fetch_sockets().await {
        Ok(sockets) => sockets,
        Err(e) => {
            tracing::warn!(%e, "finding the sockets of removed members");
            return;
        }
    };
    let prefix = editing_prefix(list);
    let room = presence_room(list);
    let mut left = false;
    for socket in sockets {
        let leaving: Vec<String> = socket
            .rooms()
            .await
            .unwrap_or_default()
            .into_iter()
            .map(|r| r.to_string())
            .filter(|r| *r == room || r.starts_with(&prefix))
            .collect();
        if leaving.is_empty() {
            continue;
        }
        if let Err(e) = socket.leave(leaving).await {
            tracing::warn!(%e, "ending a removed member's presence");
        }
        left = true;
    }
    if left {
        announce(io, list).await;
    }
}

async fn may_see<A: Adapter>(socket: &SocketRef<A>, state: &GatewayState, list: Uuid) -> bool {
    let Some(user) = socket.extensions.get::<SocketUser>() else {
        return false;
    };
    matches!(state.store.role_of(user.user_id, list).await, Ok(Some(_)))
}

fn in_room<A: Adapter>(socket: &SocketRef<A>, room: &str) -> bool {
    socket.rooms().iter().any(|r| r == room)
}

fn editing_rooms<A: Adapter>(socket: &SocketRef<A>, list: Uuid) -> Vec<String> {
    let prefix = editing_prefix(list);
    socket
        .rooms()
        .into_iter()
        .filter(|r| r.starts_with(&prefix))
        .map(|r| r.to_string())
        .collect()
}

/// Leaves `list`'s presence; whether the socket was in it.
fn leave<A: Adapter>(socket: &SocketRef<A>, list: Uuid) -> bool {
    let room = presence_room(list);
    if !in_room(socket, &room) {
        return false;
    }
    let mut rooms = editing_rooms(socket, list);
    rooms.push(room);
    socket.leave(rooms);
    true
}

/// Reads `list`'s presence set from the rooms of its sockets (on every
/// instance) and sends it to them; returns it. One at a time in this
/// process, so two changes racing cannot leave the older set the last one
/// sent.
pub(super) async fn announce<A: Adapter>(io: &SocketIo<A>, list: Uuid) -> Vec<Present> {
    static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());
    let _turn = ONE_AT_A_TIME.lock().await;
    let Some(ns) = io.of(NAMESPACE) else {
        return Vec::new();
    };
    let sockets = match ns.clone().within(presence_room(list)).fetch_sockets().await {
        Ok(sockets) => sockets,
        Err(e) => {
            tracing::warn!(%e, "reading a list's presence");
            return Vec::new();
        }
    };
    let mut users: BTreeMap<Uuid, Present> = BTreeMap::new();
    let prefix = editing_prefix(list);
    for socket in sockets {
        // (A shared adapter can fail to answer; the local one cannot.)
        let rooms = socket.rooms().await.unwrap_or_default();
        let Some((id, username)) = rooms.iter().find_map(|r| who(r)) else {
            continue;
        };
        let editing = rooms.iter().find_map(|r| {
            r.strip_prefix(prefix.as_str())
                .and_then(|t| Uuid::parse_str(t).ok())
        });
        let entry = users.entry(id).or_insert(Present {
            id,
            username,
            editing: None,
        });
        entry.editing = entry.editing.or(editing);
    }
    let mut users: Vec<Present> = users.into_values().collect();
    users.sort_by_key(|u| u.username.to_lowercase());
    let set = PresenceSet {
        list_id: list,
        users: users.clone(),
    };
    if let Err(e) = ns.within(presence_room(list)).emit(PRESENCE, &set).await {
        tracing::debug!(%e, "sending a presence set");
    }
    users
}

/// `who:{id}:{username}` → (id, username).
fn who(room: &str) -> Option<(Uuid, String)> {
    let rest = room.strip_prefix("who:")?;
    let (id, username) = rest.split_once(':')?;
    Some((Uuid::parse_str(id).ok()?, username.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_rooms_read_back() {
        let id = Uuid::new_v4();
        assert_eq!(
            who(&format!("who:{id}:ann_b-1")),
            Some((id, "ann_b-1".into()))
        );
        assert_eq!(who("who:nope:ann"), None);
        assert_eq!(who(&format!("presence:{id}")), None);
    }
}
