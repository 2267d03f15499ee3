//! Database access: opening SQLite and every SQL statement LiveTodo runs.
//! Nothing outside this module writes SQL. Todo writes run in the
//! committer's batch transaction (`server::commit`); every other write goes
//! through [`write_tx`].

pub mod change_log;
pub mod change_writes;
pub mod list_writes;
pub mod lists;
pub mod sessions;
pub mod todo_pages;
pub mod todo_writes;
pub mod todos;
pub mod users;
mod write;

pub use write::write_tx;

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
pub async fn connect(database_url: &str) -> Result<SqlitePool, sqlx::Error> {
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
/// connection, `todo_writes::open_writer`).
pub fn file_of(database_url: &str) -> Result<PathBuf, sqlx::Error> {
    Ok(SqliteConnectOptions::from_str(database_url)?
        .get_filename()
        .to_path_buf())
}
