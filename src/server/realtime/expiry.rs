//! A socket lives no longer than the token it connected with.
//!
//! One task watches every socket, rather than a timer task per socket (about
//! 1 KiB each: 20 MB for 20,000 idle sockets). It sleeps until the earliest
//! expiry it knows of, then disconnects every socket whose token has expired
//! and looks for the next earliest; a connect only ever brings that wake-up
//! earlier. Sweeps are at least `MIN_GAP` apart, so a socket is closed at
//! most that long after its token's `exp`, and nothing is swept while no
//! token is about to expire.

use socketioxide::SocketIo;
use socketioxide::adapter::Adapter;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;
use tokio::sync::Notify;

use super::handshake::SocketUser;

/// The shortest time between two sweeps.
const MIN_GAP: Duration = Duration::from_secs(1);

/// Nothing to wait for.
const NEVER: i64 = i64::MAX;

/// The earliest token expiry (Unix seconds) among the sockets not yet swept.
pub struct Expiry {
    next: AtomicI64,
    wake: Notify,
}

impl Expiry {
    pub fn new() -> Arc<Expiry> {
        Arc::new(Expiry {
            next: AtomicI64::new(NEVER),
            wake: Notify::new(),
        })
    }

    /// Starts sweeping `io`'s namespaces (`/` and `/presence`); the sweeper
    /// ends once the root namespace is gone (shutdown).
    pub fn start<A: Adapter>(self: &Arc<Self>, io: SocketIo<A>) {
        tokio::spawn(sweep_forever(self.clone(), io));
    }

    /// Called when a socket joins: its token expires at `expires_at`.
    pub fn watch(&self, expires_at: i64) {
        if self.next.fetch_min(expires_at, Ordering::AcqRel) > expires_at {
            self.wake.notify_one();
        }
    }
}

async fn sweep_forever<A: Adapter>(expiry: Arc<Expiry>, io: SocketIo<A>) {
    loop {
        let next = expiry.next.load(Ordering::Acquire);
        if next != NEVER {
            let wait = u64::try_from(next - chrono::Utc::now().timestamp()).unwrap_or(0);
            tokio::select! {
                () = tokio::time::sleep(Duration::from_secs(wait)) => {}
                // An earlier expiry arrived: recompute the wait.
                () = expiry.wake.notified() => continue,
            }
        } else {
            expiry.wake.notified().await;
            continue;
        }
        // Connects during the sweep lower `next` again; the sweep's own
        // finding is merged in with `fetch_min`.
        expiry.next.store(NEVER, Ordering::Release);
        let Some(root) = io.of("/") else {
            return;
        };
        let presence = io.of(super::presence::NAMESPACE).map(|ns| ns.sockets());
        let now = chrono::Utc::now().timestamp();
        let mut earliest = NEVER;
        for socket in root
            .sockets()
            .into_iter()
            .chain(presence.unwrap_or_default())
        {
            let Some(user) = socket.extensions.get::<SocketUser>() else {
                continue;
            };
            if user.expires_at <= now {
                tracing::debug!(socket = %socket.id, "token expired: disconnecting");
                let _ = socket.disconnect();
            } else {
                earliest = earliest.min(user.expires_at);
            }
        }
        expiry.next.fetch_min(earliest, Ordering::AcqRel);
        tokio::time::sleep(MIN_GAP).await;
    }
}
