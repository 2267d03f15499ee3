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

/// One past change as the page's Recent changes shows it: what it was
/// about already put in words' reach (`subject`: a todo's title, a list's
/// name, a member's name), so the page needs no decoder per payload.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PastChange {
    pub seq: u64,
    pub event: String,
    pub subject: String,
    /// The todo it changed, for todo changes (which can be undone).
    pub todo: Option<Uuid>,
    pub actor: crate::domain::events::Actor,
    pub at: crate::domain::time::Timestamp,
}

/// Past changes one call returns: as many as Recent changes shows.
pub const RECENT_PAGE: u64 = 30;

/// Up to 30 changes of `list_id` before change `before` (or the latest),
/// newest first: what the page's Recent changes loads and pages back
/// through, so it survives a reload.
#[server(endpoint = "changes/recent", input = Form)]
pub async fn recent_changes(
    list_id: Uuid,
    before: Option<u64>,
) -> Result<Vec<PastChange>, AppError> {
    with_caller(async |state, user| {
        let changes =
            crate::server::change_service::history(&state, user, list_id, before, RECENT_PAGE)
                .await?;
        Ok(changes.iter().map(past).collect())
    })
    .await
}

/// The words of a logged change.
#[cfg(feature = "ssr")]
fn past(change: &crate::server::db::Change) -> PastChange {
    let payload: serde_json::Value = serde_json::from_str(change.payload.get()).unwrap_or_default();
    let before: serde_json::Value = change
        .before
        .as_deref()
        .and_then(|b| serde_json::from_str(b.get()).ok())
        .unwrap_or_default();
    let text = |v: &serde_json::Value| v.as_str().unwrap_or_default().to_owned();
    let (subject, todo) = if crate::domain::events::is_todo_event(&change.event) {
        let title = payload.get("title").unwrap_or(&before["title"]);
        let id = payload["id"]
            .as_str()
            .and_then(|id| Uuid::parse_str(id).ok());
        (text(title), id)
    } else if change.event == crate::domain::events::LIST_UPDATED {
        (text(&payload["name"]), None)
    } else {
        (text(&payload["user"]["username"]), None)
    };
    PastChange {
        seq: change.meta.seq,
        event: change.event.clone(),
        subject,
        todo,
        actor: change.meta.actor.clone(),
        at: change.meta.at,
    }
}
