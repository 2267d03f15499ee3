//! Group commit for todo writes. One committer per server is fed by a
//! bounded queue: it takes whatever writes are waiting (up to
//! [`MAX_BATCH`]), runs them in one transaction, commits once (one fsync),
//! publishes their events in commit order and only then answers each
//! caller. On SQLite it is a thread calling SQLite directly on a connection
//! of its own (`sqlite_batch`; see `db::sqlite::todo_writes` for why not a
//! task over sqlx); on PostgreSQL a task on the pool (`pg_batch`), which
//! also orders writers of other instances.
//!
//! Why: with a transaction per write the server spent its time waiting for
//! one fsync after another (about 1,200 creates/s at most). While a batch is
//! being made durable the next one fills up, so under load the fsyncs are
//! shared, and at low load a batch is a single write, as fast as before.
//!
//! Todo, list and membership writes come here: they are the ones with
//! events whose order matters (a member's sockets leave a list's room
//! between the last event they may see and the first they may not), and
//! todo writes arrive in bulk. Accounts and sessions stay on `db::write_tx`
//! (see docs/decisions.md).

mod batch;
mod list_ops;
mod ops;
mod pg_batch;
mod sqlite_batch;
mod todo_ops;
mod undo;

pub use list_ops::ListOp;
pub use ops::{Op, OpLimits, Outcome};
pub use todo_ops::TodoOp;

use crate::server::realtime::Gateway;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use tokio::sync::{mpsc, oneshot};
use uuid::Uuid;

use crate::error::AppError;
use crate::server::db::{Store, sqlite};
use batch::Job;

/// Most writes in one transaction: a batch is answered as a whole, so an
/// unbounded one would make its first caller wait for all the others.
pub const MAX_BATCH: usize = 256;
/// Writes waiting for the committer; past this, callers wait to enqueue
/// (backpressure instead of an unbounded queue).
const QUEUE: usize = 4096;

/// The handle the write path submits through (one per server, in `AppState`).
pub struct Committer {
    /// `None` once shutdown began: later writes are refused.
    queue: Mutex<Option<mpsc::Sender<Job>>>,
    /// Resolves when the committer thread has stopped.
    stopped: Mutex<Option<oneshot::Receiver<()>>>,
    /// Writes submitted and not yet answered (queued or in a batch).
    in_flight: AtomicUsize,
}

impl Committer {
    /// Starts the committer for `store`: on SQLite a thread with a
    /// connection of its own (`db::sqlite::open_writer`, opened after the
    /// pool migrated the file), which it closes when it stops; on
    /// PostgreSQL a task on the pool. Call it inside the Tokio runtime.
    pub fn start(store: &Store, io: Gateway, limits: OpLimits) -> Result<Committer, String> {
        let (tx, rx) = mpsc::channel(QUEUE);
        let (stop, stopped) = oneshot::channel();
        match store {
            Store::Sqlite(store) => {
                let conn = sqlite::open_writer(store.file())
                    .map_err(|e| format!("opening the committer's connection: {e}"))?;
                let runtime = tokio::runtime::Handle::current();
                std::thread::Builder::new()
                    .name("todo-committer".into())
                    .spawn(move || {
                        let _context = runtime.enter();
                        sqlite_batch::run(conn, rx, io, limits);
                        let _ = stop.send(());
                    })
                    .map_err(|e| format!("starting the committer thread: {e}"))?;
            }
            Store::Postgres(store) => {
                let pool = store.pool().clone();
                tokio::spawn(async move {
                    pg_batch::run(pool, rx, io, limits).await;
                    let _ = stop.send(());
                });
            }
        }
        Ok(Committer {
            queue: Mutex::new(Some(tx)),
            stopped: Mutex::new(Some(stopped)),
            in_flight: AtomicUsize::new(0),
        })
    }

    /// Queues `op` by `actor` (with the client's `op_id`, if any) and waits
    /// until its batch is committed and its events are published. An error is this op's own (not found, cap
    /// reached), or internal when the batch could not commit; a write
    /// arriving during shutdown is refused with 503 and nothing is written.
    pub async fn submit(
        &self,
        actor: Uuid,
        op_id: Option<Uuid>,
        op: Op,
    ) -> Result<Outcome, AppError> {
        self.in_flight.fetch_add(1, Ordering::Relaxed);
        let _answered = InFlight(&self.in_flight);
        let queue = self.queue.lock().ok().and_then(|q| q.clone());
        let Some(queue) = queue else {
            return Err(shutting_down());
        };
        let (answer, answered) = oneshot::channel();
        queue
            .send(Job {
                actor,
                op_id,
                op,
                answer,
            })
            .await
            .map_err(|_| shutting_down())?;
        // The committer answers every job it takes; a dropped answer means
        // its thread stopped (a panic), and whether the write landed is
        // unknown.
        answered
            .await
            .map_err(|e| AppError::internal("the committer stopped", e))?
    }

    /// Writes queued and not yet taken into a batch (0 once closed).
    pub fn queued(&self) -> usize {
        let queue = self.queue.lock().ok().and_then(|q| q.clone());
        queue.map_or(0, |q| q.max_capacity() - q.capacity())
    }

    /// Writes submitted and not yet answered: queued, or in a batch.
    pub fn in_flight(&self) -> usize {
        self.in_flight.load(Ordering::Relaxed)
    }

    /// Whether shutdown has begun (new writes are refused).
    pub fn is_closed(&self) -> bool {
        self.queue.lock().map_or(true, |q| q.is_none())
    }

    /// Stops taking writes, lets the committer finish every queued one, and
    /// waits for it to close its connection. Called once, at shutdown.
    pub async fn close(&self) {
        // Dropping our sender ends the queue once in-flight `submit`s (which
        // hold clones) have enqueued; the committer drains it, then stops.
        drop(self.queue.lock().ok().and_then(|mut q| q.take()));
        let stopped = self.stopped.lock().ok().and_then(|mut s| s.take());
        if let Some(stopped) = stopped
            && stopped.await.is_err()
        {
            tracing::error!("the committer thread ended abnormally");
        }
    }
}

/// Counts a `submit` out when it ends, answered or cancelled.
struct InFlight<'a>(&'a AtomicUsize);

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

fn shutting_down() -> AppError {
    AppError::Busy {
        retry_after_secs: 1,
    }
}
