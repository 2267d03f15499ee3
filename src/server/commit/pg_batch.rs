//! The committer on PostgreSQL: a task taking the queued writes in batches,
//! like SQLite's (`sqlite_batch`), and committing each batch as one
//! SERIALIZABLE transaction on a pooled connection, each op in a savepoint.
//!
//! Several instances write to the same database, so the in-process order
//! the SQLite committer relies on is not enough here:
//! - a list's change numbers are taken with `UPDATE lists … RETURNING seq`,
//!   whose row lock holds every other writer of the list, from any
//!   instance, until this transaction ends: numbers follow commit order and
//!   stay gap-free (a rolled-back batch releases the numbers it took);
//! - SERIALIZABLE makes what an op reads (a cap's count, a membership, a
//!   todo's version) still true when it commits, or aborts the batch;
//! - an aborted batch (serialization failure, deadlock between two
//!   instances' batches) is run again from the start, up to
//!   [`ATTEMPTS`] times. Nothing of it was committed or published, so a
//!   retry is invisible to callers.

use crate::server::realtime::Gateway;
use sqlx::{Connection, PgPool};
use tokio::sync::mpsc;

use super::MAX_BATCH;
use super::batch::{self, Applied, Job};
use super::ops::OpLimits;
use crate::error::AppError;
use crate::server::db::postgres::PgWrites;

/// Runs of one batch before its callers are told it failed.
const ATTEMPTS: u32 = 5;

/// The committer's loop, as SQLite's, on a task: until every sender is gone
/// (shutdown), take what is queued and commit it.
pub(super) async fn run(
    pool: PgPool,
    mut queue: mpsc::Receiver<Job>,
    io: Gateway,
    limits: OpLimits,
) {
    let mut jobs = Vec::with_capacity(MAX_BATCH);
    while let Some(first) = queue.recv().await {
        jobs.push(first);
        batch::fill(&mut queue, &mut jobs);
        commit_batch(&pool, &mut jobs, &io, limits).await;
    }
}

/// Commits `jobs` (emptying it), retrying an aborted batch; publishes and
/// answers once it is durable.
async fn commit_batch(pool: &PgPool, jobs: &mut Vec<Job>, io: &Gateway, limits: OpLimits) {
    let mut attempt = 1;
    let results = loop {
        // All but the last attempt are strict: an internal error in any op
        // may be the database aborting the transaction, so the batch is
        // run again rather than that op answered with it.
        let strict = attempt < ATTEMPTS;
        match run_and_commit(pool, jobs, limits, strict).await {
            Ok(results) => break results,
            Err(e) if attempt < ATTEMPTS => {
                tracing::debug!(%e, attempt, writes = jobs.len(), "a write batch is run again");
                attempt += 1;
            }
            Err(e) => {
                tracing::error!(%e, writes = jobs.len(), "a write batch did not commit");
                batch::fail_all(jobs.drain(..).map(|j| j.answer));
                return;
            }
        }
    };
    batch::publish_and_answer(io, jobs.drain(..).map(|j| j.answer).zip(results));
}

/// Why an attempt did not commit.
#[derive(Debug, thiserror::Error)]
enum Aborted {
    #[error(transparent)]
    Database(#[from] sqlx::Error),
    #[error("an op failed with an internal error")]
    Internal,
}

/// One attempt: begins the transaction, runs every job (each in a
/// savepoint unless alone), commits. The ops are cloned so that the jobs
/// stay whole for another attempt.
async fn run_and_commit(
    pool: &PgPool,
    jobs: &[Job],
    limits: OpLimits,
    strict: bool,
) -> Result<Vec<Applied>, Aborted> {
    let alone = jobs.len() == 1;
    let mut tx = pool
        .begin_with("BEGIN ISOLATION LEVEL SERIALIZABLE")
        .await?;
    let mut actors = Vec::new();
    let mut results = Vec::with_capacity(jobs.len());
    for job in jobs {
        let op = job.op.clone();
        let result = if alone {
            batch::run_op(
                &mut PgWrites(&mut tx),
                &mut actors,
                job.actor,
                job.op_id,
                op,
                limits,
            )
            .await
        } else {
            let mut savepoint = tx.begin().await?;
            let result = batch::run_op(
                &mut PgWrites(&mut savepoint),
                &mut actors,
                job.actor,
                job.op_id,
                op,
                limits,
            )
            .await;
            match result {
                Ok(_) => savepoint.commit().await?,
                Err(_) => savepoint.rollback().await?,
            }
            result
        };
        if strict && matches!(result, Err(AppError::Internal)) {
            return Err(Aborted::Internal);
        }
        results.push(result);
    }
    if alone && results.iter().all(Result::is_err) {
        tx.rollback().await?;
    } else {
        tx.commit().await?;
    }
    Ok(results)
}
