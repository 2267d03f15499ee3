//! The committer on SQLite: a loop on its own thread over its own rusqlite
//! connection, taking the queued writes in batches and committing each
//! batch as one `BEGIN IMMEDIATE` transaction (one fsync).
//!
//! Inside a batch the ops run in queue order, each in a savepoint of its own
//! (unless it is alone in its batch, see `run_guarded`). An op that fails
//! (not found, cap reached, …) is rolled back to its savepoint and answered
//! with its error; the ops around it are untouched and commit. After the
//! single COMMIT the events of the successful ops are published in commit
//! order, and then every caller is answered. If the batch itself cannot
//! commit, no event leaves and every op is answered with an internal error.

use crate::server::realtime::Gateway;
use rusqlite::{Connection, TransactionBehavior};
use std::pin::pin;
use std::task::{Context, Poll, Waker};
use tokio::sync::{mpsc, oneshot};

use super::MAX_BATCH;
use super::batch::{self, Applied, Job};
use super::ops::{OpLimits, Outcome};
use crate::error::AppError;
use crate::server::db::sqlite::SqliteWrites;

/// A job that ran inside the open transaction, waiting for the commit.
type Ran = (oneshot::Sender<Result<Outcome, AppError>>, Applied);

/// The committer's loop: until every sender is gone (shutdown), take what
/// is queued, at least one write and at most `MAX_BATCH`, and commit it.
/// Blocking: run it on a thread of its own, inside the runtime's context
/// (publishing may spawn a task).
pub(super) fn run(
    mut conn: Connection,
    mut queue: mpsc::Receiver<Job>,
    io: Gateway,
    limits: OpLimits,
) {
    let mut jobs = Vec::with_capacity(MAX_BATCH);
    while let Some(first) = queue.blocking_recv() {
        jobs.push(first);
        batch::fill(&mut queue, &mut jobs);
        commit_batch(&mut conn, &mut jobs, &io, limits);
    }
    // Closing (rather than dropping) the connection checkpoints the WAL, so
    // the last connection to close leaves no `-wal` file behind.
    if let Err((_, e)) = conn.close() {
        tracing::warn!(%e, "closing the committer's connection");
    }
}

/// Commits `jobs` (emptying it) as one transaction, publishes, answers.
fn commit_batch(conn: &mut Connection, jobs: &mut Vec<Job>, io: &Gateway, limits: OpLimits) {
    let mut ran = Vec::with_capacity(jobs.len());
    let mut waiting = jobs.drain(..);
    if let Err(e) = run_and_commit(conn, &mut waiting, &mut ran, limits) {
        tracing::error!(%e, writes = ran.len(), "a write batch did not commit");
        batch::fail_all(
            ran.into_iter()
                .map(|(answer, _)| answer)
                .chain(waiting.map(|j| j.answer)),
        );
        return;
    }
    batch::publish_and_answer(io, ran);
}

/// Begins the batch's transaction, runs every job (in a savepoint where one
/// is needed, see `run_guarded`) and commits. Each job that ran is moved
/// from `waiting` to `ran`. An `Err` is a failure of the batch itself
/// (begin, a savepoint, the commit).
fn run_and_commit(
    conn: &mut Connection,
    waiting: &mut impl ExactSizeIterator<Item = Job>,
    ran: &mut Vec<Ran>,
    limits: OpLimits,
) -> Result<(), rusqlite::Error> {
    let alone = waiting.len() == 1;
    // IMMEDIATE: take the write lock now (see `db::sqlite::write_tx`);
    // account and session writes on the pool may hold it, and then we wait
    // our turn.
    let mut tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let mut actors = Vec::new();
    for job in waiting {
        let run = |conn: &Connection, actors: &mut Vec<_>| {
            ready(batch::run_op(
                &mut SqliteWrites(conn),
                actors,
                job.actor,
                job.op_id,
                job.op,
                limits,
            ))
        };
        // A write alone in its batch is undone with the whole transaction.
        let outcome = if alone {
            Ok(run(&tx, &mut actors))
        } else {
            run_guarded(&mut tx, |sp| run(sp, &mut actors))
        };
        match outcome {
            Ok(result) => ran.push((job.answer, result)),
            Err(e) => {
                ran.push((job.answer, Err(AppError::Internal)));
                return Err(e);
            }
        }
    }
    if alone && ran.iter().all(|(_, r)| r.is_err()) {
        return tx.rollback();
    }
    tx.commit()
}

/// Runs one op in a savepoint, released when the op succeeds and rolled
/// back when it fails. Every op writes more than once (its change and its
/// list's change number), so one that fails after writing must be undone;
/// an op alone in its batch is undone with the whole transaction instead,
/// which saves the savepoint's two statements. Change numbers are taken
/// inside the savepoint, so an op that fails takes none and a list's
/// numbers stay gap-free. The outer `Err` is a savepoint that could not be
/// set or undone (the transaction itself is then lost).
fn run_guarded(
    tx: &mut rusqlite::Transaction<'_>,
    op: impl FnOnce(&Connection) -> Applied,
) -> Result<Applied, rusqlite::Error> {
    let savepoint = tx.savepoint()?;
    let result = op(&savepoint);
    match result {
        Ok(_) => savepoint.commit()?,
        // Dropping a savepoint rolls it back; `finish` reports a failure.
        Err(_) => savepoint.finish()?,
    }
    Ok(result)
}

/// The value of a future that never waits: the ops are async to share one
/// code path with PostgreSQL, but on rusqlite every call answers at once.
/// A future that did wait would be a bug, answered as an internal error.
fn ready(op: impl Future<Output = Applied>) -> Applied {
    let mut op = pin!(op);
    match op.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(result) => result,
        Poll::Pending => Err(AppError::internal(
            "running a write on SQLite",
            "the op waited, which no SQLite call does",
        )),
    }
}
