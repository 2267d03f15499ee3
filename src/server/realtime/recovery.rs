//! When Redis goes away (restart, network): while it is gone, events from
//! other instances cannot reach this one's sockets, and presence changes
//! elsewhere are not heard. The link reconnects and subscribes again by
//! itself (`shared`); once Redis answers again, every socket of this
//! instance is told to `resync` (its client refetches what it may have
//! missed) and the presence sets of the lists open here are sent again.
//! No client stays silently behind.

use socketioxide::SocketIo;
use std::collections::BTreeSet;
use std::time::Duration;
use uuid::Uuid;

use super::gateway::SharedAdapter;
use super::presence;
use crate::server::redis_link::RedisLink;

/// How often a lost Redis is asked whether it is back.
const RETRY_EVERY: Duration = Duration::from_millis(250);

pub fn start(io: SocketIo<SharedAdapter>, link: RedisLink) {
    let mut outages = link.outages();
    tokio::spawn(async move {
        while outages.changed().await.is_ok() {
            tracing::error!("lost the connection to Redis: other instances cannot reach this one");
            while !link.ping().await {
                tokio::time::sleep(RETRY_EVERY).await;
            }
            // Outages that happened while waiting are covered by this one.
            outages.borrow_and_update();
            tracing::info!("Redis is back: clients are told to resync");
            recover(&io).await;
        }
    });
}

async fn recover(io: &SocketIo<SharedAdapter>) {
    if let Some(root) = io.of("/") {
        for socket in root.local().sockets() {
            super::publish::request_resync(socket);
        }
    }
    let Some(ns) = io.of(presence::NAMESPACE) else {
        return;
    };
    let lists: BTreeSet<Uuid> = ns
        .local()
        .sockets()
        .iter()
        .flat_map(|s| s.rooms())
        .filter_map(|r| {
            r.strip_prefix("presence:")
                .and_then(|id| Uuid::parse_str(id).ok())
        })
        .collect();
    for list in lists {
        presence::announce(io, list).await;
    }
}
