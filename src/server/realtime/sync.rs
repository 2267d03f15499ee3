//! `sync` on namespace `/` (SPEC §7): a client names the last change it saw
//! of each list, `{lists: {"<listId>": lastSeq}}`; the server replays what
//! it missed, in order, as the usual events with their meta, then acks
//! `{lists: {"<listId>": {replayed, seq}}}`, or `{resync: true, seq}` for
//! a list whose log no longer reaches back that far (the client refetches
//! it). A list the user is not a member of answers `{error: "not found"}`,
//! exactly like one that does not exist.
//!
//! Live events keep flowing while a replay runs, so a client may see a
//! change twice (replayed and live): it applies each `seq` once.

use serde::Deserialize;
use serde_json::{Map, Value, json};
use socketioxide::adapter::Adapter;
use socketioxide::extract::{AckSender, SocketRef, State, TryData};
use std::collections::BTreeMap;
use uuid::Uuid;

use super::GatewayState;
use super::handshake::SocketUser;
use crate::domain::events::LIST_UPDATED;
use crate::domain::list::TodoList;
use crate::server::db::{Change, Missed};

/// Lists one `sync` may name (a user's own cap on lists is 100 owned, plus
/// those shared with them).
const MAX_LISTS: usize = 500;

#[derive(Deserialize)]
pub struct SyncRequest {
    lists: BTreeMap<String, u64>,
}

pub async fn on_sync<A: Adapter>(
    socket: SocketRef<A>,
    TryData(request): TryData<SyncRequest>,
    ack: AckSender<A>,
    State(state): State<GatewayState>,
) {
    if !super::admission::message_allowed(&socket, &state) {
        return;
    }
    let Some(me) = socket.extensions.get::<SocketUser>() else {
        return;
    };
    let request = match request {
        Ok(request) if request.lists.len() <= MAX_LISTS => request,
        Ok(_) => {
            let _ = ack.send(&json!({ "error": format!("lists: at most {MAX_LISTS}") }));
            return;
        }
        Err(_) => {
            let error = "lists: expected {lists: {\"<listId>\": lastSeq}}";
            let _ = ack.send(&json!({ "error": error }));
            return;
        }
    };
    let mut answer = Map::new();
    for (raw, after) in request.lists {
        let entry = match Uuid::parse_str(&raw) {
            Ok(list) => resume(&socket, &state, me.user_id, list, after).await,
            Err(_) => not_found(),
        };
        answer.insert(raw, entry);
    }
    let _ = ack.send(&json!({ "lists": answer }));
}

/// Replays one list's missed changes; its entry in the ack.
async fn resume<A: Adapter>(
    socket: &SocketRef<A>,
    state: &GatewayState,
    user: Uuid,
    list: Uuid,
    after: u64,
) -> Value {
    let latest = match state.store.seq_for(user, list).await {
        Ok(Some(latest)) => latest,
        Ok(None) => return not_found(),
        Err(_) => return json!({ "error": "try again" }),
    };
    match state.store.missed(list, after, latest).await {
        Ok(Missed::Changes(changes)) => {
            let replayed = changes.len();
            for change in &changes {
                if !replay(socket, user, change) {
                    // The socket's queue is full: it cannot take the rest.
                    return json!({ "resync": true, "seq": latest });
                }
            }
            json!({ "replayed": replayed, "seq": latest })
        }
        Ok(Missed::Gone { seq }) => json!({ "resync": true, "seq": seq }),
        Err(_) => json!({ "error": "try again" }),
    }
}

/// Sends one logged change as its event; false when the socket refused it.
fn replay<A: Adapter>(socket: &SocketRef<A>, user: Uuid, change: &Change) -> bool {
    let sent = if change.event == LIST_UPDATED {
        // The log keeps the owner's view; each reader gets their own role.
        match serde_json::from_str::<TodoList>(change.payload.get()) {
            Ok(list) => socket.emit(&change.event, &(list.as_seen_by(user), &change.meta)),
            Err(_) => return true,
        }
    } else {
        socket.emit(&change.event, &(&change.payload, &change.meta))
    };
    sent.is_ok()
}

fn not_found() -> Value {
    json!({ "error": "not found" })
}
