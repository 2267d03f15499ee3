//! The change log's server functions (SPEC §7); thin shells over
//! `server::todo_service`.

use leptos::prelude::*;
use uuid::Uuid;

use super::codec::Form;
use crate::domain::Todo;
use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::server::{context::with_caller, todo_service};

/// Reverses change `seq` of list `list_id`: the todo as it now is, or
/// `None` when undoing a create deleted it.
#[server(endpoint = "changes/undo", input = Form)]
pub async fn undo_change(
    list_id: Uuid,
    seq: u64,
    op_id: Option<Uuid>,
) -> Result<Option<Todo>, AppError> {
    with_caller(async |state, user| todo_service::undo(&state, user, op_id, list_id, seq).await)
        .await
}
