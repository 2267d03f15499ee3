//! Storage: every SQL statement LiveTodo runs, one folder per engine
//! (`sqlite/`, the embedded default; `postgres/`, for several instances).
//! Nothing outside this module writes SQL. The service reads and writes
//! accounts and sessions through [`Store`] (the [`Storage`] interface);
//! todo, list and membership writes run in the committer's batch
//! transaction (`server::commit`) through [`BatchWrites`].

pub mod batch_writes;
pub mod postgres;
pub mod sqlite;
mod store;
pub mod types;

pub use batch_writes::BatchWrites;
pub use store::{Storage, Store, is_postgres};
pub use types::{
    Change, Cursor, Logged, Missed, REPLAY_MAX, Retention, Session, UserRow, encode, raw_json,
};
