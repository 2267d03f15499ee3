//! What both committers share (`sqlite_batch`, `pg_batch`): the queued
//! job, taking a batch from the queue, running one op for its actor, and
//! publishing then answering once the batch is durable.

use tokio::sync::{mpsc, oneshot};
use uuid::Uuid;

use super::MAX_BATCH;
use super::ops::{self, Ctx, Op, OpLimits, Outcome};
use crate::domain::events::Actor;
use crate::error::AppError;
use crate::server::db::BatchWrites;
use crate::server::realtime::{Effect, Gateway};

/// What an op answers, with the events to publish once it is committed.
pub(super) type Applied = Result<(Outcome, Vec<Effect>), AppError>;

/// One queued write and where its answer goes.
pub(super) struct Job {
    pub actor: Uuid,
    /// The client's id for this write, echoed in its events' meta.
    pub op_id: Option<Uuid>,
    pub op: Op,
    pub answer: oneshot::Sender<Result<Outcome, AppError>>,
}

/// Adds to `jobs` (which holds the first) whatever else is queued, up to
/// `MAX_BATCH`. No write is held back to fill a batch: batches form on
/// their own while the previous one is being made durable.
pub(super) fn fill(queue: &mut mpsc::Receiver<Job>, jobs: &mut Vec<Job>) {
    while jobs.len() < MAX_BATCH {
        match queue.try_recv() {
            Ok(job) => jobs.push(job),
            Err(_) => break,
        }
    }
}

/// Runs one op for its actor (whose username events name, looked up once
/// per batch and user) in the open transaction `conn`.
pub(super) async fn run_op<W: BatchWrites>(
    conn: &mut W,
    actors: &mut Vec<Actor>,
    actor: Uuid,
    op_id: Option<Uuid>,
    op: Op,
    limits: OpLimits,
) -> Applied {
    let actor = match actors.iter().find(|a| a.id == actor) {
        Some(known) => known.clone(),
        None => {
            let found = Actor {
                id: actor,
                username: conn.username(actor).await?,
            };
            actors.push(found.clone());
            found
        }
    };
    let mut ctx = Ctx {
        conn,
        actor: &actor,
        op_id,
        now: chrono::Utc::now(),
        limits,
    };
    ops::apply(&mut ctx, op).await
}

/// The batch is durable: publishes the events of the ops that succeeded,
/// in commit order (batch order, op order within it), then answers every
/// caller. An event therefore leaves before its caller's answer, as it
/// would with one write at a time.
pub(super) fn publish_and_answer(
    io: &Gateway,
    done: impl IntoIterator<Item = (oneshot::Sender<Result<Outcome, AppError>>, Applied)>,
) {
    let done: Vec<_> = done.into_iter().collect();
    for (_, result) in &done {
        if let Ok((_, effects)) = result {
            io.publish(effects);
        }
    }
    for (answer, result) in done {
        // A caller that went away (its request was cancelled) misses only
        // the answer: the write is committed and published.
        let _ = answer.send(result.map(|(outcome, _)| outcome));
    }
}

/// The batch did not commit: nothing of it is in the database, whatever
/// its ops answered, so every caller gets an internal error.
pub(super) fn fail_all(
    answers: impl IntoIterator<Item = oneshot::Sender<Result<Outcome, AppError>>>,
) {
    for answer in answers {
        let _ = answer.send(Err(AppError::Internal));
    }
}
