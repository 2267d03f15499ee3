//! The connection to Redis (`REDIS_URL`, SPEC §8) that several instances
//! share their state through: Socket.IO rooms (socketioxide's Redis
//! adapter, `realtime::gateway`), rate limits (`limits::shared`) and the
//! ends of sessions (`auth::sessions`).
//!
//! The adapter talks to Redis through [`RedisLink`], a driver of our own
//! on redis' `ConnectionManager` rather than the adapter's own driver: that
//! one holds a single connection which stays dead once Redis restarts, so
//! the instance would go on serving while deaf to the others. The manager
//! reconnects (with backoff) and subscribes again to every channel, and the
//! link reports each outage ([`RedisLink::outages`]) so that the gateway
//! can tell its clients to resync what they may have missed meanwhile
//! (`realtime::recovery`).

use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use redis::{FromRedisValue, PushInfo, PushKind};
use socketioxide_redis::drivers::{ChanItem, Driver, MessageStream};
use socketioxide_redis::{RedisAdapterConfig, RedisAdapterCtr};
use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use std::time::Duration;
use tokio::sync::{mpsc, watch};

/// How long a Redis command may take, and a connection attempt: past it
/// the instance treats Redis as down rather than hold its callers.
const REDIS_TIMEOUT: Duration = Duration::from_secs(2);
/// Messages a subscribed channel may have waiting before the adapter
/// reads them; more are dropped (and logged). The adapter reads them as
/// they come, so only a stalled instance fills it.
const CHANNEL_BUFFER: usize = 4096;

/// What the link's subscriptions deliver to: one queue per channel.
type Handlers = Arc<RwLock<HashMap<String, mpsc::Sender<ChanItem>>>>;

/// The Redis connection the adapter publishes and subscribes through.
/// Clones share the connection and the subscriptions.
#[derive(Clone)]
pub struct RedisLink {
    conn: ConnectionManager,
    /// Begins every channel and key (`REDIS_PREFIX`), so that deployments
    /// can share one Redis.
    prefix: Arc<str>,
    handlers: Handlers,
    /// Counts the connections lost so far (0 while none was).
    outages: watch::Receiver<u64>,
}

impl std::fmt::Debug for RedisLink {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RedisLink").finish_non_exhaustive()
    }
}

/// A Redis failure, as the adapter reports it.
#[derive(Debug, thiserror::Error)]
#[error(transparent)]
pub struct LinkError(#[from] redis::RedisError);

impl RedisLink {
    /// Connects to `url` (RESP3 is required for pub/sub on one connection:
    /// `?protocol=resp3` is added when the URL does not say).
    pub async fn connect(url: &str, prefix: &str) -> Result<RedisLink, LinkError> {
        let client = redis::Client::open(with_resp3(url))?;
        let handlers: Handlers = Arc::new(RwLock::new(HashMap::new()));
        let (lost, outages) = watch::channel(0u64);
        let routes = handlers.clone();
        let config = ConnectionManagerConfig::new()
            .set_connection_timeout(Some(REDIS_TIMEOUT))
            .set_response_timeout(Some(REDIS_TIMEOUT))
            .set_automatic_resubscription()
            .set_push_sender(move |push: PushInfo| {
                if push.kind == PushKind::Disconnection {
                    lost.send_modify(|n| *n += 1);
                } else {
                    route(push, &routes);
                }
                Ok::<(), std::convert::Infallible>(())
            });
        let conn = ConnectionManager::new_with_config(client, config).await?;
        Ok(RedisLink {
            conn,
            prefix: prefix.into(),
            handlers,
            outages,
        })
    }

    /// The adapter's constructor over this link.
    pub fn adapter(&self) -> RedisAdapterCtr<RedisLink> {
        let config = RedisAdapterConfig::new()
            .with_prefix(self.prefix.to_string())
            .with_request_timeout(REDIS_TIMEOUT);
        RedisAdapterCtr::new_with_driver(self.clone(), config)
    }

    /// Whether Redis answers now (readiness, recovery).
    pub async fn ping(&self) -> bool {
        let mut conn = self.conn.clone();
        redis::cmd("PING")
            .query_async::<String>(&mut conn)
            .await
            .is_ok()
    }

    /// This deployment's prefix (`REDIS_PREFIX`).
    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    /// A channel or key name of this deployment's.
    pub fn name(&self, what: &str) -> String {
        format!("{}:{what}", self.prefix)
    }

    /// A handle for commands of our own (rate limits, session ends).
    pub fn connection(&self) -> ConnectionManager {
        self.conn.clone()
    }

    /// Changes each time the connection to Redis is lost.
    pub fn outages(&self) -> watch::Receiver<u64> {
        self.outages.clone()
    }
}

/// `url` with `protocol=resp3`, unless it names a protocol already.
fn with_resp3(url: &str) -> String {
    if url.contains("protocol=") {
        url.to_owned()
    } else if url.contains('?') {
        format!("{url}&protocol=resp3")
    } else {
        format!("{url}?protocol=resp3")
    }
}

/// Hands a pushed message to its channel's queue.
fn route(push: PushInfo, handlers: &Handlers) {
    if !matches!(push.kind, PushKind::Message) || push.data.len() < 2 {
        return;
    }
    let mut data = push.data.into_iter();
    let (Some(chan), Some(body)) = (data.next(), data.next()) else {
        return;
    };
    let (Ok(chan), Ok(body)) = (
        String::from_redis_value(chan),
        Vec::<u8>::from_redis_value(body),
    ) else {
        tracing::warn!("an unreadable message from Redis");
        return;
    };
    let handlers = handlers.read().unwrap_or_else(|e| e.into_inner());
    if let Some(queue) = handlers.get(&chan)
        && let Err(e) = queue.try_send((chan, body))
    {
        tracing::warn!(%e, "a Redis channel's queue is full: a message was dropped");
    }
}

impl Driver for RedisLink {
    type Error = LinkError;

    async fn publish(&self, chan: String, val: Vec<u8>) -> Result<(), Self::Error> {
        let mut conn = self.conn.clone();
        redis::cmd("PUBLISH")
            .arg(chan)
            .arg(val)
            .query_async::<redis::Value>(&mut conn)
            .await?;
        Ok(())
    }

    async fn subscribe(
        &self,
        chan: String,
        size: usize,
    ) -> Result<MessageStream<ChanItem>, Self::Error> {
        let (queue, messages) = mpsc::channel(size.max(CHANNEL_BUFFER));
        self.handlers
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .insert(chan.clone(), queue);
        self.conn.clone().subscribe(chan).await?;
        Ok(MessageStream::new(messages))
    }

    async fn unsubscribe(&self, chan: String) -> Result<(), Self::Error> {
        self.handlers
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .remove(&chan);
        self.conn.clone().unsubscribe(chan).await?;
        Ok(())
    }

    async fn num_serv(&self, chan: &str) -> Result<u16, Self::Error> {
        let mut conn = self.conn.clone();
        let (_, count): (String, u16) = redis::cmd("PUBSUB")
            .arg("NUMSUB")
            .arg(chan)
            .query_async(&mut conn)
            .await?;
        Ok(count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resp3_is_asked_for_unless_the_url_says() {
        assert_eq!(with_resp3("redis://h:1"), "redis://h:1?protocol=resp3");
        assert_eq!(
            with_resp3("redis://h:1/0?x=1"),
            "redis://h:1/0?x=1&protocol=resp3"
        );
        assert_eq!(
            with_resp3("redis://h?protocol=resp2"),
            "redis://h?protocol=resp2"
        );
    }
}
