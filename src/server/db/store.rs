//! The one interface the service has to storage ([`Storage`]), and the
//! store chosen at start-up from `DATABASE_URL` ([`Store`]): SQLite (the
//! embedded default) or PostgreSQL (several instances, docs/deploy.md).
//!
//! The trait is the contract both engines implement; `Store` dispatches to
//! the one in use. Both are generated from a single list of signatures, so
//! an engine cannot miss a method or get one subtly different. Todo, list
//! and membership writes are not here: they run in the committer's batch
//! transaction, through `db::BatchWrites`.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::types::{Change, Cursor, Missed, Retention, Session, UserRow};
use super::{postgres, sqlite};
use crate::domain::list::{Role, TodoList};
use crate::domain::time::Timestamp;
use crate::domain::{Todo, User};
use crate::error::AppError;

macro_rules! storage {
    ($( $(#[$doc:meta])* fn $name:ident(&self $(, $arg:ident: $ty:ty)* $(,)?) -> $ret:ty; )*) => {
        /// Everything the service reads from storage, and the writes that
        /// are not todo, list or membership writes (accounts, sessions, the
        /// log's pruning). Every error is already an `AppError`: internal
        /// ones are logged where they happen.
        #[allow(async_fn_in_trait)] // implemented and called inside the crate only
        pub trait Storage {
            $( $(#[$doc])* async fn $name(&self $(, $arg: $ty)*) -> $ret; )*
        }

        impl Store {
            $(
                $(#[$doc])*
                pub async fn $name(&self $(, $arg: $ty)*) -> $ret {
                    match self {
                        Store::Sqlite(s) => s.$name($($arg),*).await,
                        Store::Postgres(s) => s.$name($($arg),*).await,
                    }
                }
            )*
        }
    };
}

/// The storage in use, cheap to clone (a pool handle).
#[derive(Clone, Debug)]
pub enum Store {
    Sqlite(sqlite::Store),
    Postgres(postgres::Store),
}

impl Store {
    /// Opens the database `DATABASE_URL` names and runs pending
    /// migrations: `postgres://` (or `postgresql://`) is PostgreSQL, any
    /// other (`sqlite://…`) SQLite.
    pub async fn connect(database_url: &str) -> Result<Store, sqlx::Error> {
        if is_postgres(database_url) {
            Ok(Store::Postgres(
                postgres::Store::connect(database_url).await?,
            ))
        } else {
            Ok(Store::Sqlite(sqlite::Store::connect(database_url).await?))
        }
    }

    /// Which engine, for logs and `/readyz`.
    pub fn engine(&self) -> &'static str {
        match self {
            Store::Sqlite(_) => "sqlite",
            Store::Postgres(_) => "postgres",
        }
    }

    /// Closes every connection (at shutdown, after the committer stopped).
    pub async fn close(&self) {
        match self {
            Store::Sqlite(s) => s.close().await,
            Store::Postgres(s) => s.close().await,
        }
    }
}

/// Whether a `DATABASE_URL` names PostgreSQL.
pub fn is_postgres(database_url: &str) -> bool {
    database_url.starts_with("postgres://") || database_url.starts_with("postgresql://")
}

storage! {
    /// Whether the database answers (readiness).
    fn ping(&self) -> Result<(), AppError>;

    /// Makes an account and its first list ("My todos"), in one
    /// transaction. A taken username or email is `Taken` on that field.
    fn register(
        &self,
        username: &str,
        email: &str,
        password_hash: &str,
        first_list: &str,
    ) -> Result<User, AppError>;
    /// Case-insensitive, like the unique index.
    fn user_by_email(&self, email: &str) -> Result<Option<UserRow>, AppError>;
    fn user_by_id(&self, id: Uuid) -> Result<Option<User>, AppError>;
    /// The account with its password hash, for checking a password.
    fn user_row_by_id(&self, id: Uuid) -> Result<Option<UserRow>, AppError>;
    fn set_password(&self, id: Uuid, password_hash: &str) -> Result<(), AppError>;
    /// Deletes the account; its sessions go with it (the service moves its
    /// lists out first, through the committer).
    fn delete_user(&self, id: Uuid) -> Result<(), AppError>;

    /// Starts a session for `user` that ends at `expires_at` at the latest,
    /// forgetting the user's sessions that can never be used again.
    fn start_session(&self, user: Uuid, now: DateTime<Utc>, expires_at: DateTime<Utc>) -> Result<Session, AppError>;
    fn session(&self, id: Uuid) -> Result<Option<Session>, AppError>;
    fn touch_session(&self, id: Uuid, now: DateTime<Utc>) -> Result<(), AppError>;
    /// Revokes one session of `user`; false when there was no such live one.
    fn revoke_session(&self, user: Uuid, id: Uuid, now: DateTime<Utc>) -> Result<bool, AppError>;
    /// Revokes every live session of `user` but `keep`; returns their ids.
    fn revoke_sessions(&self, user: Uuid, keep: Option<Uuid>, now: DateTime<Utc>) -> Result<Vec<Uuid>, AppError>;

    /// The lists `user` is a member of, oldest first, each with its
    /// members, the owner first.
    fn lists_of(&self, user: Uuid) -> Result<Vec<TodoList>, AppError>;
    /// One list as `user` sees it; `NotFound` when they are not a member.
    fn list(&self, user: Uuid, list: Uuid) -> Result<TodoList, AppError>;
    /// `user`'s role in `list`, or `None` when they are not a member.
    fn role_of(&self, user: Uuid, list: Uuid) -> Result<Option<Role>, AppError>;
    /// `list`'s latest change number, or `None` when `user` is not a member.
    fn seq_for(&self, user: Uuid, list: Uuid) -> Result<Option<u64>, AppError>;
    /// The ids of the lists `user` is a member of (their sockets' rooms).
    fn list_ids_of(&self, user: Uuid) -> Result<Vec<Uuid>, AppError>;

    /// The todos of every list the user is a member of, or of one of
    /// them, oldest first (insertion order within a millisecond).
    fn todos(&self, user: Uuid, list: Option<Uuid>) -> Result<Vec<Todo>, AppError>;
    /// A todo in one of the user's lists, else `NotFound`.
    fn todo(&self, user: Uuid, id: Uuid) -> Result<Todo, AppError>;
    /// Up to `limit` todos after `after`, oldest first, as the JSON array
    /// the API answers (byte for byte what serde writes for them), and the
    /// cursor of the page after this one when there is one.
    fn todo_page(&self, user: Uuid, list: Option<Uuid>, after: Option<&Cursor>, limit: u64) -> Result<(String, Option<Cursor>), AppError>;

    /// Up to `limit` changes of `list` before `before` (or the latest),
    /// newest first. Callers check membership.
    fn history(&self, list: Uuid, before: Option<u64>, limit: u64) -> Result<Vec<Change>, AppError>;
    /// The changes of `list` after `after`, oldest first, up to `latest`,
    /// the list's current number; or that the log no longer has them all.
    fn missed(&self, list: Uuid, after: u64, latest: u64) -> Result<Missed, AppError>;
    /// Forgets, of every list, the changes both older than `keep_days` and
    /// not among its last `keep_changes`; returns how many went.
    fn prune_changes(&self, now: Timestamp, keep: Retention) -> Result<u64, AppError>;
}
