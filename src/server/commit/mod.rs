//! Group commit for todo writes. One committer thread owns a connection of
//! its own and is fed by a bounded queue: it takes whatever writes are
//! waiting (up to [`MAX_BATCH`]), runs them in one `BEGIN IMMEDIATE`
//! transaction, commits once (one fsync under `synchronous = FULL`),
//! publishes their events in commit order and only then answers each caller.
//! It calls SQLite directly (`db::todo_writes`): see there for why it is a
//! thread and not a task over sqlx.
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
mod todo_ops;
mod undo;

pub use list_ops::ListOp;
pub use ops::{Op, OpLimits, Outcome};
pub use todo_ops::TodoOp;

use socketioxide::SocketIo;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use tokio::sync::{mpsc, oneshot};
use uuid::Uuid;

use crate::error::AppError;
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
    /// Starts the committer thread on `conn`, a connection of its own (see
    /// `db::todo_writes::open_writer`), which it closes when it stops. Call
    /// it inside the Tokio runtime: the thread keeps its context.
    pub fn start(
        conn: rusqlite::Connection,
        io: SocketIo,
        limits: OpLimits,
    ) -> std::io::Result<Committer> {
        let (tx, rx) = mpsc::channel(QUEUE);
        let (stop, stopped) = oneshot::channel();
        let runtime = tokio::runtime::Handle::current();
        std::thread::Builder::new()
            .name("todo-committer".into())
            .spawn(move || {
                let _context = runtime.enter();
                batch::run(conn, rx, io, limits);
                let _ = stop.send(());
            })?;
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
