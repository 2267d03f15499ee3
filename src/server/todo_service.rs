//! The one write path for todos. Each operation validates its input, passes
//! the rate limit, and hands the write to the committer (`server::commit`),
//! which checks the caller's access to the list, commits it (with whatever
//! other writes are waiting, in one transaction) and then publishes what
//! changed to the sockets of the list's members. The HTTP API and the
//! server functions both call these functions; nothing else writes todos,
//! and the Socket.IO layer only pushes.

use uuid::Uuid;

use crate::domain::{Todo, TodoForCreate, TodoForUpdate};
use crate::error::AppError;
use crate::server::commit::{Op, Outcome, TodoOp};
use crate::server::db::Cursor;
use crate::server::state::AppState;

/// The todos of every list the user is a member of, or of `list` alone
/// (`NotFound` when they are not a member of it).
pub async fn list(state: &AppState, user: Uuid, list: Option<Uuid>) -> Result<Vec<Todo>, AppError> {
    if let Some(list) = list {
        member_of(state, user, list).await?;
    }
    state.store.todos(user, list).await
}

/// One page of the list (`GET /api/v1/todos`, `GET /api/v1/lists/{id}/todos`)
/// as its JSON array; see `db::Storage::todo_page`.
pub async fn list_page(
    state: &AppState,
    user: Uuid,
    list: Option<Uuid>,
    after: Option<&Cursor>,
    limit: u64,
) -> Result<(String, Option<Cursor>), AppError> {
    if let Some(list) = list {
        member_of(state, user, list).await?;
    }
    state.store.todo_page(user, list, after, limit).await
}

async fn member_of(state: &AppState, user: Uuid, list: Uuid) -> Result<(), AppError> {
    state
        .store
        .role_of(user, list)
        .await?
        .map(|_| ())
        .ok_or(AppError::NotFound)
}

pub async fn get(state: &AppState, user: Uuid, id: Uuid) -> Result<Todo, AppError> {
    state.store.todo(user, id).await
}

/// A new todo (or list), or (`Created::Again`) the one an earlier sending
/// of the same create made, when the client gave its id (SPEC §7).
pub enum Created<T = Todo> {
    New(T),
    Again(T),
}

impl<T> Created<T> {
    pub fn made(self) -> T {
        match self {
            Created::New(made) | Created::Again(made) => made,
        }
    }
}

pub async fn create(
    state: &AppState,
    user: Uuid,
    input: &TodoForCreate,
) -> Result<Created, AppError> {
    let new = input.validate()?;
    let op = TodoOp::Create {
        list: input.list()?,
        new,
        id: input.client_id()?,
    };
    match write(state, user, input.op_id()?, op).await? {
        Outcome::Todo(todo) => Ok(Created::New(todo)),
        Outcome::Existing(todo) => Ok(Created::Again(todo)),
        other => Err(mismatch(other)),
    }
}

pub async fn update(
    state: &AppState,
    user: Uuid,
    id: Uuid,
    input: &TodoForUpdate,
) -> Result<Todo, AppError> {
    let patch = input.validate()?;
    match write(state, user, input.op_id()?, TodoOp::Update { id, patch }).await? {
        Outcome::Todo(todo) => Ok(todo),
        other => Err(mismatch(other)),
    }
}

/// Flips `completed` (see `TodoOp::Toggle`).
pub async fn toggle(
    state: &AppState,
    user: Uuid,
    op_id: Option<Uuid>,
    id: Uuid,
) -> Result<Todo, AppError> {
    match write(state, user, op_id, TodoOp::Toggle { id }).await? {
        Outcome::Todo(todo) => Ok(todo),
        other => Err(mismatch(other)),
    }
}

pub async fn delete(
    state: &AppState,
    user: Uuid,
    op_id: Option<Uuid>,
    id: Uuid,
) -> Result<(), AppError> {
    match write(state, user, op_id, TodoOp::Delete { id }).await? {
        Outcome::Deleted => Ok(()),
        other => Err(mismatch(other)),
    }
}

/// Marks every todo of `list` (or of every list of the user) done or not
/// done; returns the todos that changed, each published as its own event.
pub async fn set_all_completed(
    state: &AppState,
    user: Uuid,
    op_id: Option<Uuid>,
    list: Option<Uuid>,
    completed: bool,
) -> Result<Vec<Todo>, AppError> {
    match write(
        state,
        user,
        op_id,
        TodoOp::SetAllCompleted { list, completed },
    )
    .await?
    {
        Outcome::Changed(todos) => Ok(todos),
        other => Err(mismatch(other)),
    }
}

/// Deletes every completed todo of `list` (or of every list of the user);
/// returns the ids that went.
pub async fn clear_completed(
    state: &AppState,
    user: Uuid,
    op_id: Option<Uuid>,
    list: Option<Uuid>,
) -> Result<Vec<Uuid>, AppError> {
    match write(state, user, op_id, TodoOp::ClearCompleted { list }).await? {
        Outcome::Cleared(ids) => Ok(ids),
        other => Err(mismatch(other)),
    }
}

/// Reverses change `seq` of `list` (SPEC §7): the todo as it now is, or
/// `None` when the undo deleted it (undoing a create).
pub async fn undo(
    state: &AppState,
    user: Uuid,
    op_id: Option<Uuid>,
    list: Uuid,
    seq: u64,
) -> Result<Option<Todo>, AppError> {
    match write(state, user, op_id, TodoOp::Undo { list, seq }).await? {
        Outcome::Todo(todo) => Ok(Some(todo)),
        Outcome::Deleted => Ok(None),
        other => Err(mismatch(other)),
    }
}

/// Every write first passes the user's write rate limit (429 when over it),
/// then goes to the committer (`server::commit`), which answers once the
/// write is durable and its events are published, in commit order. List
/// writes (`list_service`) come through here too.
pub(crate) async fn write(
    state: &AppState,
    user: Uuid,
    op_id: Option<Uuid>,
    op: impl Into<Op>,
) -> Result<Outcome, AppError> {
    state.limits.admit_write(user).await?;
    state.committer.submit(user, op_id, op.into()).await
}

/// Each op has one kind of outcome; another one is a bug in `commit`.
pub(crate) fn mismatch(outcome: Outcome) -> AppError {
    AppError::internal(
        "a write answered with the wrong outcome",
        format!("{outcome:?}"),
    )
}
