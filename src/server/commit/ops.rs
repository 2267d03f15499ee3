//! The todo writes the committer runs: what each one does to the database
//! inside the batch's transaction, what it answers, and which events it
//! publishes once the batch is durable.

use chrono::Utc;
use rusqlite::Connection;
use uuid::Uuid;

use crate::domain::Todo;
use crate::domain::events::{Deleted, TodoEvent};
use crate::domain::todo::{NewTodo, TodoPatch};
use crate::error::AppError;
use crate::server::db::todo_writes as db;

/// One write to one user's todos, already validated.
#[derive(Debug)]
pub enum TodoOp {
    Create(NewTodo),
    Update {
        id: Uuid,
        patch: TodoPatch,
    },
    /// Flips `completed`; read and written in the same batch slot, so two
    /// toggles never both see the same old value.
    Toggle {
        id: Uuid,
    },
    Delete {
        id: Uuid,
    },
    SetAllCompleted(bool),
    ClearCompleted,
}

impl TodoOp {
    /// Whether the op can fail after one of its statements changed a row
    /// (its result is read back and could be unreadable, or it writes more
    /// than once). Create and delete write with one statement and decide
    /// success from its row count, so their failure changed nothing.
    /// An op that gains a second write must answer true.
    pub fn may_fail_after_writing(&self) -> bool {
        !matches!(self, TodoOp::Create(_) | TodoOp::Delete { .. })
    }
}

/// What a successful op answers its caller.
#[derive(Debug)]
pub enum Outcome {
    /// The todo as it now is (create, update, toggle).
    Todo(Todo),
    Deleted,
    /// The todos that changed (set all completed), oldest first.
    Changed(Vec<Todo>),
    /// The ids that went (clear completed).
    Cleared(Vec<Uuid>),
}

/// What an op needs besides its input.
#[derive(Clone, Copy, Debug)]
pub struct OpLimits {
    /// `MAX_TODOS_PER_USER`.
    pub max_todos: u64,
}

/// Runs `op` for `user` on the batch's connection. Ops run one after the
/// other on the committer's single connection, so what one reads (the count
/// for the cap, the old `completed` of a toggle) cannot change before it
/// writes: the cap is exact however many creates arrive at once.
pub fn apply(
    conn: &Connection,
    user: Uuid,
    op: TodoOp,
    limits: OpLimits,
) -> Result<(Outcome, Vec<TodoEvent>), AppError> {
    match op {
        TodoOp::Create(new) => {
            let todo = db::insert_capped(conn, user, &new, Utc::now(), limits.max_todos)?
                .ok_or_else(|| AppError::LimitReached {
                    field: "todos".into(),
                    limit: limits.max_todos,
                })?;
            Ok((Outcome::Todo(todo.clone()), vec![TodoEvent::Created(todo)]))
        }
        TodoOp::Update { id, patch } => {
            let before = db::get(conn, user, id)?;
            change(conn, user, before, &patch)
        }
        TodoOp::Toggle { id } => {
            let before = db::get(conn, user, id)?;
            let patch = TodoPatch {
                completed: Some(!before.completed),
                ..Default::default()
            };
            change(conn, user, before, &patch)
        }
        TodoOp::Delete { id } => {
            db::delete(conn, user, id)?;
            Ok((Outcome::Deleted, vec![TodoEvent::Deleted(Deleted { id })]))
        }
        TodoOp::SetAllCompleted(completed) => {
            let changed = db::set_all_completed(conn, user, completed, Utc::now())?;
            let events = changed
                .iter()
                .cloned()
                .map(|t| {
                    if completed {
                        TodoEvent::Completed(t)
                    } else {
                        TodoEvent::Updated(t)
                    }
                })
                .collect();
            Ok((Outcome::Changed(changed), events))
        }
        TodoOp::ClearCompleted => {
            let ids = db::delete_completed(conn, user)?;
            let events = ids
                .iter()
                .map(|&id| TodoEvent::Deleted(Deleted { id }))
                .collect();
            Ok((Outcome::Cleared(ids), events))
        }
    }
}

/// Applies a patch to `before` (read in this op, so nothing changed it
/// since) and names the change: `todo:completed` when `completed` turns
/// true, `todo:updated` otherwise.
fn change(
    conn: &Connection,
    user: Uuid,
    before: Todo,
    patch: &TodoPatch,
) -> Result<(Outcome, Vec<TodoEvent>), AppError> {
    let after = db::update(conn, user, before.id, patch, Utc::now())?;
    let event = TodoEvent::for_change(&before, after.clone());
    Ok((Outcome::Todo(after), vec![event]))
}
