//! The committer's loop, on its own thread: takes the queued writes in
//! batches and commits each batch as one transaction.
//!
//! Inside a batch the ops run in queue order, each in a savepoint of its own
//! (unless it is alone in its batch, see `run_op`). An op that fails
//! (not found, cap reached, …) is rolled back to its savepoint and answered
//! with its error; the ops around it are untouched and commit. After the
//! single COMMIT (the fsync) the events of the successful ops are published
//! in commit order (batch order, op order within it), and then every caller
//! is answered. If the batch itself cannot commit, no event leaves and every
//! op is answered with an internal error: nothing of the batch was written.

use chrono::Utc;
use rusqlite::{Connection, TransactionBehavior};
use socketioxide::SocketIo;
use tokio::sync::{mpsc, oneshot};
use uuid::Uuid;

use super::MAX_BATCH;
use super::ops::{self, Ctx, Op, OpLimits, Outcome};
use crate::domain::events::Actor;
use crate::error::AppError;
use crate::server::db::list_writes;
use crate::server::realtime::{self, Effect};

/// One queued write and where its answer goes.
pub(super) struct Job {
    pub actor: Uuid,
    /// The client's id for this write, echoed in its events' meta.
    pub op_id: Option<Uuid>,
    pub op: Op,
    pub answer: oneshot::Sender<Result<Outcome, AppError>>,
}

/// A job that ran inside the open transaction, waiting for the commit.
struct Ran {
    answer: oneshot::Sender<Result<Outcome, AppError>>,
    result: Result<(Outcome, Vec<Effect>), AppError>,
}

/// The committer's loop: until every sender is gone (shutdown), take what
/// is queued, at least one write and at most `MAX_BATCH`, and commit it.
/// No write is held back to fill a batch: batches form on their own while
/// the previous one is being made durable. Blocking: run it on a thread of
/// its own, inside the runtime's context (publishing may spawn a task).
pub(super) fn run(
    mut conn: Connection,
    mut queue: mpsc::Receiver<Job>,
    io: SocketIo,
    limits: OpLimits,
) {
    let mut jobs = Vec::with_capacity(MAX_BATCH);
    while let Some(first) = queue.blocking_recv() {
        jobs.push(first);
        while jobs.len() < MAX_BATCH {
            match queue.try_recv() {
                Ok(job) => jobs.push(job),
                Err(_) => break,
            }
        }
        commit_batch(&mut conn, &mut jobs, &io, limits);
    }
    // Closing (rather than dropping) the connection checkpoints the WAL, so
    // the last connection to close leaves no `-wal` file behind.
    if let Err((_, e)) = conn.close() {
        tracing::warn!(%e, "closing the committer's connection");
    }
}

/// Commits `jobs` (emptying it) as one transaction, publishes, answers.
fn commit_batch(conn: &mut Connection, jobs: &mut Vec<Job>, io: &SocketIo, limits: OpLimits) {
    let mut ran = Vec::with_capacity(jobs.len());
    let mut waiting = jobs.drain(..);
    if let Err(e) = run_and_commit(conn, &mut waiting, &mut ran, limits) {
        // The transaction is gone (rolled back, or never begun): nothing of
        // this batch is in the database, whatever its ops answered.
        tracing::error!(%e, writes = ran.len(), "a write batch did not commit");
        let failed = ran
            .into_iter()
            .map(|r| r.answer)
            .chain(waiting.map(|j| j.answer));
        for answer in failed {
            let _ = answer.send(Err(AppError::Internal));
        }
        return;
    }
    // Durable: publish in commit order, then answer. An event therefore
    // leaves before its caller's answer, as it did with one write at a time.
    for done in &ran {
        if let Ok((_, effects)) = &done.result {
            realtime::publish(io, effects);
        }
    }
    for done in ran {
        // A caller that went away (its request was cancelled) misses only
        // the answer: the write is committed and published.
        let _ = done.answer.send(done.result.map(|(outcome, _)| outcome));
    }
}

/// Begins the batch's transaction, runs every job (in a savepoint where one
/// is needed, see `run_op`) and commits. Each job that ran is moved from
/// `waiting` to `ran`. An `Err` is a failure of the batch itself (begin, a
/// savepoint, the commit).
fn run_and_commit(
    conn: &mut Connection,
    waiting: &mut impl ExactSizeIterator<Item = Job>,
    ran: &mut Vec<Ran>,
    limits: OpLimits,
) -> Result<(), rusqlite::Error> {
    let alone = waiting.len() == 1;
    // IMMEDIATE: take the write lock now (see `db::write_tx`); account and
    // session writes on the pool may hold it, and then we wait our turn.
    let mut tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let mut actors: Vec<Actor> = Vec::new();
    for job in waiting {
        let (result, broken) = match actor(&tx, &mut actors, job.actor) {
            // A write alone in its batch is undone with the whole transaction.
            Ok(actor) => match run_op(&mut tx, &actor, job.op_id, job.op, limits, !alone) {
                Ok(result) => (result, None),
                Err(e) => (Err(AppError::Internal), Some(e)),
            },
            Err(e) => (Err(e), None),
        };
        ran.push(Ran {
            answer: job.answer,
            result,
        });
        if let Some(e) = broken {
            return Err(e);
        }
    }
    if alone && ran.iter().all(|r| r.result.is_err()) {
        return tx.rollback();
    }
    tx.commit()
}

/// The actor of a job, with the username its events name (looked up once
/// per batch and user).
fn actor(conn: &Connection, known: &mut Vec<Actor>, id: Uuid) -> Result<Actor, AppError> {
    if let Some(actor) = known.iter().find(|a| a.id == id) {
        return Ok(actor.clone());
    }
    let actor = Actor {
        id,
        username: list_writes::username(conn, id)?,
    };
    known.push(actor.clone());
    Ok(actor)
}

/// Runs one op; `guarded`, in a savepoint, released when the op succeeds
/// and rolled back when it fails. Every op writes more than once (its
/// change and its list's change number), so one that fails after writing
/// must be undone; an op alone in its batch is undone with the whole
/// transaction instead, which saves the savepoint's two statements. Change
/// numbers are taken inside the savepoint, so an op that fails takes none
/// and a list's numbers stay gap-free; a batch that fails to commit never
/// made its numbers visible. The outer `Err` is a savepoint that could not
/// be set or undone (the transaction itself is then lost).
fn run_op(
    tx: &mut rusqlite::Transaction<'_>,
    actor: &Actor,
    op_id: Option<Uuid>,
    op: Op,
    limits: OpLimits,
    guarded: bool,
) -> Result<Result<(Outcome, Vec<Effect>), AppError>, rusqlite::Error> {
    let now = Utc::now();
    if !guarded {
        let ctx = Ctx {
            conn: tx,
            actor,
            op_id,
            now,
            limits,
        };
        return Ok(ops::apply(&ctx, op));
    }
    let savepoint = tx.savepoint()?;
    let ctx = Ctx {
        conn: &savepoint,
        actor,
        op_id,
        now,
        limits,
    };
    let result = ops::apply(&ctx, op);
    match result {
        Ok(_) => savepoint.commit()?,
        // Dropping a savepoint rolls it back; `finish` reports a failure.
        Err(_) => savepoint.finish()?,
    }
    Ok(result)
}
