//! The PostgreSQL engine (`DATABASE_URL=postgres://…`), for running several
//! instances on one database. It answers exactly what the SQLite engine
//! answers: the same rows in the same order, the same wire text. Where
//! PostgreSQL's types differ (uuid, timestamptz, boolean, json) the
//! conversion is in `convert`.
//!
//! - [`Store`] is the pool and implements `db::Storage` (`storage.rs`);
//! - [`PgWrites`] is the committer's open transaction and implements
//!   `db::BatchWrites` (`writes.rs`).
//!
//! The SQL itself is in the topic modules, as free functions over a pool or
//! a connection, so that both trait impls only delegate.

mod accounts;
mod change_log;
mod convert;
mod list_writes;
mod lists;
mod storage;
mod todo_writes;
mod todos;
mod writes;

use sqlx::postgres::PgPoolOptions;
use sqlx::{PgConnection, PgPool};
use std::time::Duration;

/// The PostgreSQL store, cheap to clone (a pool handle).
#[derive(Clone, Debug)]
pub struct Store {
    pool: PgPool,
}

impl Store {
    /// Connects and runs pending migrations (`migrations/postgres`).
    ///
    /// - 16 connections: PostgreSQL is shared by every instance, and each
    ///   connection is a server process there; reads are short, so a few
    ///   per instance go a long way.
    /// - Waiting 5 s at most for a free connection: past that the database
    ///   is down or overwhelmed, and an error answers sooner than a hang.
    /// - Migrations take an advisory lock, so instances starting together
    ///   apply them once.
    pub async fn connect(database_url: &str) -> Result<Store, sqlx::Error> {
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .acquire_timeout(Duration::from_secs(5))
            .connect(database_url)
            .await?;
        sqlx::migrate!("./migrations/postgres").run(&pool).await?;
        Ok(Store { pool })
    }

    /// Closes every connection (at shutdown, after the committer stopped).
    pub async fn close(&self) {
        self.pool.close().await;
    }

    /// The pool, for the committer to begin its batch transactions on.
    pub fn pool(&self) -> &PgPool {
        &self.pool
    }
}

/// The committer's batch, as `db::BatchWrites` sees it: the connection of
/// its open transaction (or of an op's savepoint). Nothing here begins or
/// commits; a failed statement leaves the transaction for the committer to
/// roll back (to the savepoint), as PostgreSQL refuses any further
/// statement in it until then.
pub struct PgWrites<'c>(pub &'c mut PgConnection);
