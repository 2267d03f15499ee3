//! The one path for lists and their members (SPEC §6): validation here,
//! then the committer, where every permission rule is checked
//! (`commit::list_ops`) and the events and room changes are published in
//! commit order. The JSON API and the page's server functions both call it.

use uuid::Uuid;

use crate::domain::list::{ListForm, Member, MemberForAdd, TodoList};
use crate::error::AppError;
use crate::server::commit::{ListOp, Outcome};
use crate::server::state::AppState;
use crate::server::todo_service::{Created, mismatch, write};

/// The lists the user is a member of, oldest first.
pub async fn lists(state: &AppState, user: Uuid) -> Result<Vec<TodoList>, AppError> {
    state.store.lists_of(user).await
}

/// One list; `NotFound` unless the user is a member.
pub async fn get(state: &AppState, user: Uuid, list: Uuid) -> Result<TodoList, AppError> {
    state.store.list(user, list).await
}

/// With a client-made id, a create sent again answers the list it made
/// (`Created::Again`) and publishes nothing.
pub async fn create(
    state: &AppState,
    user: Uuid,
    form: &ListForm,
) -> Result<Created<TodoList>, AppError> {
    let op = ListOp::Create {
        name: form.validate()?,
        id: form.client_id()?,
    };
    match write(state, user, form.op_id()?, op).await? {
        Outcome::List(list) => Ok(Created::New(list)),
        Outcome::ExistingList(list) => Ok(Created::Again(list)),
        other => Err(mismatch(other)),
    }
}

/// Owner only.
pub async fn rename(
    state: &AppState,
    user: Uuid,
    list: Uuid,
    form: &ListForm,
) -> Result<TodoList, AppError> {
    let name = form.validate()?;
    match write(state, user, form.op_id()?, ListOp::Rename { list, name }).await? {
        Outcome::List(list) => Ok(list),
        other => Err(mismatch(other)),
    }
}

/// Owner only; its todos go too. Your last own list cannot go.
pub async fn delete(
    state: &AppState,
    user: Uuid,
    op_id: Option<Uuid>,
    list: Uuid,
) -> Result<(), AppError> {
    match write(state, user, op_id, ListOp::Delete { list }).await? {
        Outcome::Deleted => Ok(()),
        other => Err(mismatch(other)),
    }
}

/// Owner only: shares the list with the account a username or email names.
pub async fn add_member(
    state: &AppState,
    user: Uuid,
    list: Uuid,
    form: &MemberForAdd,
) -> Result<Member, AppError> {
    let who = form.validate()?;
    match write(state, user, form.op_id()?, ListOp::AddMember { list, who }).await? {
        Outcome::Member(member) => Ok(member),
        other => Err(mismatch(other)),
    }
}

/// The owner removes a member, or a member leaves (`member == user`).
pub async fn remove_member(
    state: &AppState,
    user: Uuid,
    op_id: Option<Uuid>,
    list: Uuid,
    member: Uuid,
) -> Result<(), AppError> {
    let op = ListOp::RemoveMember { list, user: member };
    match write(state, user, op_id, op).await? {
        Outcome::Deleted => Ok(()),
        other => Err(mismatch(other)),
    }
}

/// Before an account is deleted: its own lists go and it leaves the others,
/// with the events their members would get for each (see `ListOp::LeaveAll`).
/// Not rate-limited: it is part of deleting the account.
pub async fn leave_all(state: &AppState, user: Uuid) -> Result<(), AppError> {
    match state
        .committer
        .submit(user, None, ListOp::LeaveAll.into())
        .await?
    {
        Outcome::Deleted => Ok(()),
        other => Err(mismatch(other)),
    }
}
