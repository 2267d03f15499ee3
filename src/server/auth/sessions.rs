//! Server-side sessions: every token names one (`sid`), and a token is only
//! as good as its session. This is what makes log-out, "log out everywhere",
//! a password change and a deleted account take effect at once, rather than
//! when the token would have expired.
//!
//! Checking the database on every request and socket handshake would put a
//! read in front of everything, so a checked session is remembered for at
//! most `CACHE_FOR`. Revocations made by this process drop the cached entry
//! immediately, and with `REDIS_URL` those of every other instance too
//! (`share_ends`); the short lifetime bounds how long any other revocation
//! (a manual `UPDATE`, a message lost while Redis was down) goes unnoticed.

use chrono::{DateTime, Utc};
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};
use uuid::Uuid;

use super::Claims;
use crate::error::AppError;
use crate::server::db::{Session, Store};
use crate::server::redis_link::RedisLink;

/// The Redis channel instances announce ended sessions on (after the
/// deployment's prefix).
const ENDED_CHANNEL: &str = "sessions-ended";

/// How long a checked session is trusted without asking the database.
const CACHE_FOR: Duration = Duration::from_secs(1);
/// Entries kept at most; beyond it stale ones are dropped, then all.
const CACHE_CAPACITY: usize = 10_000;
/// `last_seen_at` is written at most this often per session.
const TOUCH_EVERY: chrono::TimeDelta = chrono::TimeDelta::seconds(60);

pub struct Sessions {
    store: Store,
    /// With `REDIS_URL`: where this instance announces the sessions it ends.
    link: std::sync::OnceLock<RedisLink>,
    max_age: Duration,
    cache: Mutex<HashMap<Uuid, (Session, Instant)>>,
}

impl Sessions {
    /// `max_age` is the absolute lifetime of a session (`SESSION_MAX_AGE_SECS`).
    pub fn new(store: Store, max_age: Duration) -> Self {
        Sessions {
            store,
            link: std::sync::OnceLock::new(),
            max_age,
            cache: Mutex::new(HashMap::new()),
        }
    }

    /// Starts a new session for `user` (at log-in and registration).
    pub async fn start(&self, user: Uuid) -> Result<Session, AppError> {
        let now = Utc::now();
        let max_age = chrono::Duration::from_std(self.max_age)
            .map_err(|e| AppError::internal("session lifetime out of range", e))?;
        self.store.start_session(user, now, now + max_age).await
    }

    /// The live session a token's claims name, or `Unauthorized` when it is
    /// missing (never existed, or its user was deleted), revoked, expired,
    /// or belongs to someone else.
    pub async fn check(&self, claims: &Claims) -> Result<Session, AppError> {
        let user = claims.user_id()?;
        let id = Uuid::parse_str(&claims.sid).map_err(|_| AppError::Unauthorized)?;
        let now = Utc::now();
        let session = match self.cached(id) {
            Some(session) => session,
            None => {
                let mut session = self
                    .store
                    .session(id)
                    .await?
                    .ok_or(AppError::Unauthorized)?;
                if session.user_id == user && now - session.last_seen_at > TOUCH_EVERY {
                    self.store.touch_session(id, now).await?;
                    session.last_seen_at = now;
                }
                self.remember(session.clone());
                session
            }
        };
        if session.user_id != user || session.revoked || session.expires_at <= now {
            return Err(AppError::Unauthorized);
        }
        Ok(session)
    }

    /// Ends one session of `user` (log-out).
    pub async fn end(&self, user: Uuid, id: Uuid) -> Result<(), AppError> {
        self.store.revoke_session(user, id, Utc::now()).await?;
        self.ended(&[id]).await;
        Ok(())
    }

    /// Ends every session of `user` but `keep`; returns the ended ones.
    pub async fn end_all(&self, user: Uuid, keep: Option<Uuid>) -> Result<Vec<Uuid>, AppError> {
        let ended = self.store.revoke_sessions(user, keep, Utc::now()).await?;
        self.ended(&ended).await;
        Ok(ended)
    }

    /// Forgets sessions just ended here, and tells the other instances.
    async fn ended(&self, ids: &[Uuid]) {
        self.forget(ids);
        let Some(link) = self.link.get() else {
            return;
        };
        if ids.is_empty() {
            return;
        }
        let message = ids
            .iter()
            .map(Uuid::to_string)
            .collect::<Vec<_>>()
            .join(",");
        if let Err(e) = redis::cmd("PUBLISH")
            .arg(link.name(ENDED_CHANNEL))
            .arg(message)
            .query_async::<i64>(&mut link.connection())
            .await
        {
            tracing::warn!(%e, "telling the other instances of ended sessions");
        }
    }

    /// Drops cached sessions, so the next check reads the database.
    pub fn forget(&self, ids: &[Uuid]) {
        if let Ok(mut cache) = self.cache.lock() {
            for id in ids {
                cache.remove(id);
            }
        }
    }

    fn cached(&self, id: Uuid) -> Option<Session> {
        let cache = self.cache.lock().ok()?;
        let (session, at) = cache.get(&id)?;
        (at.elapsed() < CACHE_FOR).then(|| session.clone())
    }

    fn remember(&self, session: Session) {
        let Ok(mut cache) = self.cache.lock() else {
            return;
        };
        if cache.len() >= CACHE_CAPACITY {
            cache.retain(|_, (_, at)| at.elapsed() < CACHE_FOR);
            if cache.len() >= CACHE_CAPACITY {
                cache.clear();
            }
        }
        cache.insert(session.id, (session, Instant::now()));
    }
}

/// The expiry of a token issued now: one token lifetime, but never past the
/// end of its session.
pub fn token_expiry(ttl: Duration, session_end: DateTime<Utc>) -> DateTime<Utc> {
    chrono::Duration::from_std(ttl)
        .ok()
        .and_then(|ttl| Utc::now().checked_add_signed(ttl))
        .map_or(session_end, |full| full.min(session_end))
}

/// With `REDIS_URL`: `sessions` announces the sessions it ends, and drops
/// from its cache those the other instances end, as soon as they do.
pub async fn share_ends(
    sessions: &std::sync::Arc<Sessions>,
    link: &RedisLink,
) -> Result<(), String> {
    use futures_util::StreamExt;
    use socketioxide_redis::drivers::Driver;
    let mut ends = link
        .subscribe(link.name(ENDED_CHANNEL), 1024)
        .await
        .map_err(|e| format!("REDIS_URL: subscribing: {e}"))?;
    let _ = sessions.link.set(link.clone());
    let sessions = std::sync::Arc::downgrade(sessions);
    tokio::spawn(async move {
        while let Some((_, message)) = ends.next().await {
            let Some(sessions) = sessions.upgrade() else {
                return;
            };
            let ids: Vec<Uuid> = String::from_utf8_lossy(&message)
                .split(',')
                .filter_map(|id| Uuid::parse_str(id).ok())
                .collect();
            sessions.forget(&ids);
        }
    });
    Ok(())
}
