//! The other instances' part of each commit (shared adapter only): the
//! publishing instance reaches its own sockets one by one (`publish`), and
//! everyone else's through the adapter — every room operation and emit
//! below is addressed to the room *except* this instance's sockets (each
//! socket is in its instance's `node:` room), so nothing arrives twice.
//!
//! One task carries the effects out in commit order: the adapter's
//! requests leave on one Redis channel in that order and every instance
//! handles them in that order, so a socket on another instance joins a
//! list's room before that list's next event, and leaves it before the
//! first it may not see, as on this one.

use socketioxide::SocketIo;
use socketioxide::operators::BroadcastOperators;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use tokio::sync::mpsc;

use super::gateway::SharedAdapter;
use super::{Effect, list_room, user_room};
use crate::domain::events::{
    LIST_CREATED, LIST_DELETED, LIST_UPDATED, ListGone, MEMBER_ADDED, MEMBER_REMOVED, RESYNC,
    Resync,
};
use crate::domain::list::{Role, TodoList};

/// Commits waiting to reach the other instances. Past it (Redis stalled)
/// effects are dropped, and the other instances' clients are told to
/// resync once the queue drains.
const QUEUE: usize = 65_536;

type Io = SocketIo<SharedAdapter>;

#[derive(Clone)]
pub struct Forwarder {
    queue: mpsc::Sender<Vec<Effect>>,
    /// Set when an effect was dropped (queue full).
    dropped: Arc<AtomicBool>,
}

impl Forwarder {
    /// Starts the forwarding task for the instance whose sockets are in
    /// room `node`.
    pub fn start(io: Io, node: String) -> Forwarder {
        let (queue, effects) = mpsc::channel(QUEUE);
        let dropped = Arc::new(AtomicBool::new(false));
        tokio::spawn(run(io, node, effects, dropped.clone()));
        Forwarder { queue, dropped }
    }

    /// Queues a commit's effects for the other instances.
    pub fn send(&self, effects: &[Effect]) {
        if self.queue.try_send(effects.to_vec()).is_err() {
            self.dropped.store(true, Ordering::SeqCst);
            tracing::error!("the other instances' queue is full: an effect was dropped");
        }
    }
}

async fn run(
    io: Io,
    node: String,
    mut effects: mpsc::Receiver<Vec<Effect>>,
    dropped: Arc<AtomicBool>,
) {
    while let Some(batch) = effects.recv().await {
        let Some(ns) = io.of("/") else {
            return; // shut down
        };
        let others = ns.except(node.clone());
        for effect in &batch {
            apply(&others, effect).await;
        }
        if dropped.swap(false, Ordering::SeqCst) {
            let notice = Resync {
                reason: "missed events: refetch your todos".into(),
            };
            if let Err(e) = others.clone().emit(RESYNC, &notice).await {
                tracing::warn!(%e, "asking the other instances' clients to resync");
            }
        }
    }
}

/// One effect, on every other instance. Failures (Redis down) are logged:
/// the instances tell their clients to resync once Redis is back
/// (`recovery`).
async fn apply(others: &BroadcastOperators<SharedAdapter>, effect: &Effect) {
    let result = match effect {
        Effect::Todo {
            name,
            payload,
            meta,
        } => {
            emit(
                others.clone().to(list_room(meta.list_id)),
                name,
                &**payload,
                meta,
            )
            .await
        }
        Effect::ListJoined { user, list, meta } => {
            let theirs = others.clone().to(user_room(*user));
            match theirs.clone().join(list_room(list.id)).await {
                Ok(()) => emit(theirs, LIST_CREATED, &list.as_seen_by(*user), meta).await,
                Err(e) => Err(e.to_string()),
            }
        }
        Effect::ListUpdated { list, meta } => {
            let owner = user_room(list.owner_id);
            let as_member = TodoList {
                role: Role::Member,
                ..list.clone()
            };
            let to_owner = emit(others.clone().to(owner.clone()), LIST_UPDATED, list, meta).await;
            let members = others.clone().to(list_room(list.id)).except(owner);
            to_owner.and(emit(members, LIST_UPDATED, &as_member, meta).await)
        }
        Effect::ListLeft { users, meta } => {
            let mut result = Ok(());
            for user in users {
                let theirs = others.clone().to(user_room(*user));
                let left = theirs
                    .clone()
                    .leave(list_room(meta.list_id))
                    .await
                    .map_err(|e| e.to_string());
                let told = emit(theirs, LIST_DELETED, &ListGone { id: meta.list_id }, meta).await;
                result = result.and(left).and(told);
            }
            // (Their presence in the list ends on every instance through
            // `presence::expel`, which `publish` starts.)
            result
        }
        Effect::MemberAdded { added, meta } => {
            emit(
                others.clone().to(list_room(meta.list_id)),
                MEMBER_ADDED,
                added,
                meta,
            )
            .await
        }
        Effect::MemberRemoved { removed, meta } => {
            emit(
                others.clone().to(list_room(meta.list_id)),
                MEMBER_REMOVED,
                removed,
                meta,
            )
            .await
        }
    };
    if let Err(e) = result {
        tracing::warn!(%e, "reaching the other instances' sockets");
    }
}

async fn emit<T: serde::Serialize + ?Sized>(
    to: BroadcastOperators<SharedAdapter>,
    event: &'static str,
    payload: &T,
    meta: &crate::domain::events::Meta,
) -> Result<(), String> {
    to.emit(event, &(payload, meta))
        .await
        .map_err(|e| e.to_string())
}
