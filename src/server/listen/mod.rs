//! Serving connections: the accept loop, the limits every connection lives
//! under, and graceful shutdown.
//!
//! `axum::serve` offers neither a header timeout nor a connection cap, so the
//! loop is written out with hyper-util: each accepted connection first takes
//! a permit from a semaphore (over `MAX_CONNECTIONS`, new connections wait in
//! the listen backlog), gets TCP_NODELAY, and is served with WebSocket
//! upgrades (Socket.IO needs them) under hyper's header timeout and our idle
//! timeout. Handler and body timeouts are tower layers (`server::router`).

mod idle;
mod open_files;

pub use open_files::{OpenFiles, raise_open_file_limit};

use axum::{Extension, extract::ConnectInfo};
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use std::sync::Arc;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tokio::time::{Instant, timeout_at};
use tower::Layer;

use super::state::AppState;
use idle::Tracked;

/// Serves the whole application on `listener` until `shutdown` resolves, then
/// shuts down within `SHUTDOWN_TIMEOUT_SECS`: stops accepting, lets in-flight
/// requests finish, closes every Socket.IO socket with a proper close, waits
/// for the connections to go, and closes the database. Past the deadline it
/// returns anyway, so the process exits.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let limits = state.config.connections.clone();
    let app = super::router(state.clone());
    let permits = Arc::new(Semaphore::new(limits.max_connections));
    let graceful = GracefulShutdown::new();
    let mut builder = auto::Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout);
    tokio::pin!(shutdown);

    loop {
        // The permit comes first: over the cap we stop calling accept(), so
        // the kernel holds new connections until one of ours closes.
        let permit = tokio::select! {
            () = &mut shutdown => break,
            permit = permits.clone().acquire_owned() => match permit {
                Ok(permit) => permit,
                Err(_) => break, // the semaphore is never closed
            },
        };
        let (tcp, peer) = tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    // Typically EMFILE: back off instead of spinning.
                    tracing::warn!(%e, "accepting a connection");
                    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                    continue;
                }
            },
        };
        // Small writes (a Socket.IO frame, a short JSON answer) go out at once
        // instead of waiting ~40 ms on Nagle's algorithm and delayed ACKs.
        if let Err(e) = tcp.set_nodelay(true) {
            tracing::debug!(%e, "setting TCP_NODELAY");
        }
        // The permit travels with the socket: an upgraded WebSocket keeps
        // counting against the cap until it closes.
        let (io, activity) = Tracked::new(tcp, permit);
        // Every request carries its peer address: the per-IP limits read it
        // (`limits::ClientIp`), exactly as with axum's `ConnectInfo`.
        let service = TowerToHyperService::new(Extension(ConnectInfo(peer)).layer(app.clone()));
        let conn = builder
            .serve_connection_with_upgrades(TokioIo::new(io), service)
            .into_owned();
        let conn = graceful.watch(conn);
        let idle_timeout = limits.idle_timeout;
        tokio::spawn(async move {
            tokio::select! {
                served = conn => if let Err(e) = served {
                    tracing::debug!(%e, "connection ended with an error");
                },
                () = activity.idle_for(idle_timeout) => {
                    tracing::debug!("closing a connection idle for {idle_timeout:?}");
                }
            }
        });
    }

    drop(listener);
    let deadline = Instant::now() + limits.shutdown_timeout;
    tracing::info!(
        "shutting down: finishing in-flight requests (at most {:?})",
        limits.shutdown_timeout
    );
    // Closing the sockets also ends their long-polling requests, which
    // graceful shutdown would otherwise wait on for a whole ping interval.
    let drained = timeout_at(deadline, async {
        tokio::join!(graceful.shutdown(), state.gateway.close());
        // Upgraded WebSockets are no longer hyper connections: wait until
        // every connection has given back its permit.
        let _all = permits.acquire_many(limits.max_connections as u32).await;
    })
    .await;
    if drained.is_err() {
        tracing::warn!("shutdown deadline reached with connections still open; exiting anyway");
    }
    // Queued todo writes are committed (later ones refused with 503) and
    // the committer's own connection is closed before the pool's.
    if timeout_at(deadline, state.committer.close()).await.is_err() {
        tracing::warn!("shutdown deadline reached while finishing queued writes");
    }
    if timeout_at(deadline, state.store.close()).await.is_err() {
        tracing::warn!("shutdown deadline reached while closing the database");
    }
    tracing::info!("shut down");
    Ok(())
}
