//! The writes the committer runs: one `Op` per caller, applied inside the
//! batch's transaction with what it needs to know (`Ctx`), answering an
//! `Outcome` and the `Effect`s to publish once the batch is durable.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::list_ops::{self, ListOp};
use super::todo_ops::{self, TodoOp};
use crate::domain::Todo;
use crate::domain::events::{Actor, Meta};
use crate::domain::list::{Member, TodoList};
use crate::error::AppError;
use crate::server::db::BatchWrites;
use crate::server::realtime::Effect;

/// One write, already validated.
#[derive(Clone, Debug)]
pub enum Op {
    Todo(TodoOp),
    List(ListOp),
}

/// What a successful op answers its caller.
#[derive(Debug)]
pub enum Outcome {
    /// The todo as it now is (create, update, toggle).
    Todo(Todo),
    /// A create sent again with the same client-made id: the todo it made
    /// the first time; nothing was written or published.
    Existing(Todo),
    /// A todo, list or member went.
    Deleted,
    /// The todos that changed (set all completed), oldest first.
    Changed(Vec<Todo>),
    /// The ids that went (clear completed).
    Cleared(Vec<Uuid>),
    /// The list as the caller now sees it (create, rename).
    List(TodoList),
    /// A list create sent again with the same client-made id: the list it
    /// made the first time; nothing was written or published.
    ExistingList(TodoList),
    /// The member added.
    Member(Member),
}

/// What ops need besides their input.
#[derive(Clone, Copy, Debug)]
pub struct OpLimits {
    /// `MAX_TODOS_PER_LIST`.
    pub max_todos: u64,
    /// `MAX_MEMBERS_PER_LIST`.
    pub max_members: u64,
    /// `MAX_LISTS_PER_USER`: lists one user may own.
    pub max_lists: u64,
}

/// The op's surroundings: the batch's transaction (or the op's
/// savepoint), who asks, the client's operation id, the time the op runs
/// at, and the caps.
pub struct Ctx<'a, W> {
    pub conn: &'a mut W,
    pub actor: &'a Actor,
    pub op_id: Option<Uuid>,
    pub now: DateTime<Utc>,
    pub limits: OpLimits,
}

impl<W: BatchWrites> Ctx<'_, W> {
    pub fn user(&self) -> Uuid {
        self.actor.id
    }

    /// Takes the list's next `n` change numbers and returns the meta of
    /// each, in order. Taken inside the op (and so inside its savepoint):
    /// an op that fails takes none, and a list's numbers have no gaps.
    pub async fn numbered(&mut self, list: Uuid, n: usize) -> Result<Vec<Meta>, AppError> {
        if n == 0 {
            return Ok(Vec::new());
        }
        let first = self.conn.take_seq(list, n as u64).await?;
        Ok((0..n as u64).map(|k| self.meta(list, first + k)).collect())
    }

    /// Writes a numbered change to the list's log (SPEC §7), in this op's
    /// savepoint like the change itself.
    pub async fn log(
        &mut self,
        meta: &Meta,
        event: &str,
        payload: &serde_json::value::RawValue,
        before: Option<&Todo>,
    ) -> Result<(), AppError> {
        self.conn.record_change(meta, event, payload, before).await
    }

    /// The meta of an event that takes no change number of its own (a list
    /// created or deleted): the list's latest.
    pub fn meta(&self, list: Uuid, seq: u64) -> Meta {
        Meta {
            list_id: list,
            seq,
            at: self.now.into(),
            actor: self.actor.clone(),
            op_id: self.op_id,
        }
    }
}

/// Runs `op` in the batch's transaction. On SQLite, ops run one after the
/// other on the committer's single connection, so what one reads (a count
/// for a cap, a role, the old `completed` of a toggle) cannot change before
/// it writes; on PostgreSQL the batch is SERIALIZABLE, which promises the
/// same across instances (`commit::pg_batch`).
pub async fn apply<W: BatchWrites>(
    ctx: &mut Ctx<'_, W>,
    op: Op,
) -> Result<(Outcome, Vec<Effect>), AppError> {
    match op {
        Op::Todo(op) => todo_ops::apply(ctx, op).await,
        Op::List(op) => list_ops::apply(ctx, op).await,
    }
}

impl From<TodoOp> for Op {
    fn from(op: TodoOp) -> Op {
        Op::Todo(op)
    }
}

impl From<ListOp> for Op {
    fn from(op: ListOp) -> Op {
        Op::List(op)
    }
}
