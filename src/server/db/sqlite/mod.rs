//! The SQLite engine, LiveTodo's embedded default: one file, one process.
//! Reads and account writes go through sqlx's pool ([`Store`]); todo, list
//! and membership writes through the committer's own rusqlite connection
//! ([`SqliteWrites`], see `todo_writes` for why). Every other write goes
//! through [`write_tx`].

mod change_log;
mod change_writes;
mod list_writes;
mod lists;
mod sessions;
mod storage;
mod todo_pages;
mod todo_writes;
mod todos;
mod users;
mod write;
mod writes;

pub use todo_writes::open_writer;
use write::write_tx;
pub use writes::SqliteWrites;

use sqlx::SqlitePool;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use std::path::PathBuf;
use std::{str::FromStr, time::Duration};

/// Opens (creating if needed) the SQLite database and runs pending migrations.
///
/// - WAL lets the page read while a write commits.
/// - `synchronous = FULL`: every commit reaches the disk before the call
///   returns, so an acknowledged todo survives a power cut. On a small VM
///   that is about 2,400 commits a second; todo writes share commits (group
///   commit, `server::commit`), so writes per second go well beyond that.
///   NORMAL would be faster but can lose the last commits.
/// - The busy timeout makes a second writer wait instead of failing at once.
/// - No ping before handing out a connection (sqlx's `test_before_acquire`):
///   a connection to a local file does not go stale the way a network one
///   does, and the ping was one more round trip to SQLite's thread on every
///   read (about 3 % of the server's CPU per create in the benchmark).
async fn connect(database_url: &str) -> Result<SqlitePool, sqlx::Error> {
    let options = SqliteConnectOptions::from_str(database_url)?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full)
        .busy_timeout(Duration::from_secs(5))
        .foreign_keys(true);
    let pool = SqlitePoolOptions::new()
        .max_connections(8)
        .test_before_acquire(false)
        .connect_with(options)
        .await?;
    sqlx::migrate!("./migrations/sqlite").run(&pool).await?;
    Ok(pool)
}

/// The database file a `DATABASE_URL` names (for the committer's own
/// connection, [`open_writer`]).
fn file_of(database_url: &str) -> Result<PathBuf, sqlx::Error> {
    Ok(SqliteConnectOptions::from_str(database_url)?
        .get_filename()
        .to_path_buf())
}

/// The SQLite store: the pool, and the file the committer opens.
#[derive(Clone, Debug)]
pub struct Store {
    pool: SqlitePool,
    file: PathBuf,
}

impl Store {
    /// Opens (creating if needed) the database and runs pending migrations.
    pub async fn connect(database_url: &str) -> Result<Store, sqlx::Error> {
        let pool = connect(database_url).await?;
        Ok(Store {
            pool,
            file: file_of(database_url)?,
        })
    }

    /// The database file, for the committer's own connection.
    pub fn file(&self) -> &std::path::Path {
        &self.file
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}
