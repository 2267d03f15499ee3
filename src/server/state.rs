//! The application state handed to every axum handler, to the Leptos routes
//! and (through context) to server functions. No globals: everything a request
//! needs is reachable from here.

use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use std::sync::Arc;
use tokio::sync::OnceCell;

use super::auth::{SessionCookie, Sessions, TokenKeys};
use super::commit::Committer;
use super::config::Config;
use super::db::Store;
use super::limits::Limits;
use super::realtime::Gateway;

#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    /// Storage: SQLite or PostgreSQL, from `DATABASE_URL`.
    pub store: Store,
    pub keys: Arc<TokenKeys>,
    /// Server-side sessions: a token counts only while its session is live.
    pub sessions: Arc<Sessions>,
    /// The session cookie's name and flags (`__Host-` and `Secure` under HTTPS).
    pub cookie: SessionCookie,
    pub config: Arc<Config>,
    /// Commits todo writes in batches (group commit) and publishes their
    /// events in commit order; see `server::commit`.
    pub committer: Arc<Committer>,
    /// A real Argon2id hash of a random password, verified against when an
    /// email is unknown so that the answer takes as long as a wrong password.
    /// Made by the first log-in with an unknown email, not at start-up: a whole
    /// Argon2 hash there delayed the first answer (see docs/decisions.md).
    pub dummy_hash: Arc<OnceCell<String>>,
    /// Rate limits, caps and the password-hashing pool (`server::limits`).
    pub limits: Arc<Limits>,
    /// The Socket.IO server (local, or shared through Redis): the write
    /// path publishes through it; `server::router` mounts it.
    pub gateway: Gateway,
}
