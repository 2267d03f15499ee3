//! The committer task: takes the queued writes in batches and commits each
//! batch as one transaction.
//!
//! Inside a batch every op runs in a savepoint of its own, in queue order.
//! An op that fails (not found, cap reached, …) is rolled back to its
//! savepoint and answered with its error; the ops around it are untouched
//! and commit. After the single COMMIT (the fsync) the events of the
//! successful ops are published in commit order (batch order, op order
//! within it), and then every caller is answered. If the batch itself cannot
//! commit, no event leaves and every op is answered with an internal error:
//! nothing of the batch was written.

use socketioxide::SocketIo;
use sqlx::{Connection, SqliteConnection};
use tokio::sync::{mpsc, oneshot};
use uuid::Uuid;

use super::MAX_BATCH;
use super::ops::{self, OpLimits, Outcome, TodoOp};
use crate::domain::events::TodoEvent;
use crate::error::AppError;
use crate::server::realtime;

/// One queued write and where its answer goes.
pub(super) struct Job {
    pub user: Uuid,
    pub op: TodoOp,
    pub answer: oneshot::Sender<Result<Outcome, AppError>>,
}

/// A job that ran inside the open transaction, waiting for the commit.
struct Ran {
    user: Uuid,
    answer: oneshot::Sender<Result<Outcome, AppError>>,
    result: Result<(Outcome, Vec<TodoEvent>), AppError>,
}

/// The committer's loop: until every sender is gone (shutdown), take what
/// is queued, at least one write and at most `MAX_BATCH`, and commit it.
/// No write is held back to fill a batch: batches form on their own while
/// the previous one is being made durable.
pub(super) async fn run(
    mut conn: SqliteConnection,
    mut queue: mpsc::Receiver<Job>,
    io: SocketIo,
    limits: OpLimits,
) {
    let mut jobs = Vec::with_capacity(MAX_BATCH);
    while queue.recv_many(&mut jobs, MAX_BATCH).await > 0 {
        commit_batch(&mut conn, &mut jobs, &io, limits).await;
    }
    // Closing (rather than dropping) the connection checkpoints the WAL, so
    // the last connection to close leaves no `-wal` file behind.
    if let Err(e) = conn.close().await {
        tracing::warn!(%e, "closing the committer's connection");
    }
}

/// Commits `jobs` (emptying it) as one transaction, publishes, answers.
async fn commit_batch(
    conn: &mut SqliteConnection,
    jobs: &mut Vec<Job>,
    io: &SocketIo,
    limits: OpLimits,
) {
    let mut ran = Vec::with_capacity(jobs.len());
    let mut waiting = jobs.drain(..);
    if let Err(e) = run_and_commit(conn, &mut waiting, &mut ran, limits).await {
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
        if let Ok((_, events)) = &done.result {
            realtime::publish(io, done.user, events);
        }
    }
    for done in ran {
        // A caller that went away (its request was cancelled) misses only
        // the answer: the write is committed and published.
        let _ = done.answer.send(done.result.map(|(outcome, _)| outcome));
    }
}

/// Begins the batch's transaction, runs every job in its own savepoint and
/// commits. Each job that ran is moved from `waiting` to `ran`. An `Err` is a
/// failure of the batch itself (begin, a savepoint, the commit).
async fn run_and_commit(
    conn: &mut SqliteConnection,
    waiting: &mut impl Iterator<Item = Job>,
    ran: &mut Vec<Ran>,
    limits: OpLimits,
) -> Result<(), sqlx::Error> {
    // IMMEDIATE: take the write lock now (see `db::write_tx`); account and
    // session writes on the pool may hold it, and then we wait our turn.
    let mut tx = conn.begin_with("BEGIN IMMEDIATE").await?;
    for job in waiting {
        let result = in_savepoint(&mut tx, job.user, job.op, limits).await;
        let (result, broken) = match result {
            Ok(result) => (result, None),
            Err(e) => (Err(AppError::Internal), Some(e)),
        };
        ran.push(Ran {
            user: job.user,
            answer: job.answer,
            result,
        });
        if let Some(e) = broken {
            return Err(e);
        }
    }
    tx.commit().await
}

/// Runs one op in a savepoint: released when the op succeeds, rolled back
/// when it fails. The outer `Err` is a savepoint that could not be set or
/// undone (the transaction itself is then lost).
async fn in_savepoint(
    tx: &mut SqliteConnection,
    user: Uuid,
    op: TodoOp,
    limits: OpLimits,
) -> Result<Result<(Outcome, Vec<TodoEvent>), AppError>, sqlx::Error> {
    let mut savepoint = Connection::begin(tx).await?;
    let result = ops::apply(&mut savepoint, user, op, limits).await;
    // The seam for the next issue's per-list change numbers (`seq`): they
    // are assigned here, to the events of an op that succeeded, in this
    // order (commit order: batch order, then op order), and written inside
    // the op's savepoint, so an op that fails takes no number and a list's
    // numbers stay gap-free. A batch that fails to commit never made its
    // numbers visible. The batch (`run_and_commit`) is where the next
    // number of each list it touches would be kept between its ops.
    match result {
        Ok(_) => savepoint.commit().await?,
        Err(_) => savepoint.rollback().await?,
    }
    Ok(result)
}
