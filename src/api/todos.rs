//! Todo server functions; each is a thin shell over `server::todo_service`.
//! Every write takes the page's `op_id` (SPEC §7), echoed in the meta of
//! its events, so the tab that made a change knows it exactly; the forms
//! the page renders without JavaScript send none.

use leptos::prelude::*;
use uuid::Uuid;

use crate::domain::{Todo, TodoForUpdate};
use crate::error::AppError;

use super::codec::{Form, JsonArgs};
#[cfg(feature = "ssr")]
use crate::server::{context::with_caller, todo_service};

/// The todos of one list (the page's, after a reconnect).
#[server(endpoint = "todos/list", input = Form)]
pub async fn list_todos(list_id: Uuid) -> Result<Vec<Todo>, AppError> {
    with_caller(async |state, user| todo_service::list(&state, user, Some(list_id)).await).await
}

/// Form-encoded so that the plain HTML form posts to it without JavaScript.
/// The page names the new todo's `id` itself, so sending it again after a
/// lost answer adds nothing (SPEC §7).
#[server(endpoint = "todos/add", input = Form)]
pub async fn add_todo(
    list_id: Option<Uuid>,
    title: String,
    description: Option<String>,
    priority: Option<String>,
    due_date: Option<String>,
    op_id: Option<Uuid>,
    id: Option<Uuid>,
) -> Result<Todo, AppError> {
    with_caller(async |state, user| {
        let input = crate::domain::TodoForCreate {
            title: Some(title),
            description,
            priority,
            due_date,
            list_id: list_id.map(|id| id.to_string()),
            op_id: op_id.map(|id| id.to_string()),
            id: id.map(|id| id.to_string()),
        };
        todo_service::create(&state, user, &input)
            .await
            .map(todo_service::Created::made)
    })
    .await
}

/// JSON-encoded: only the enhanced page edits, and it needs `null` vs absent.
#[server(endpoint = "todos/update", input = JsonArgs)]
pub async fn update_todo(id: Uuid, changes: TodoForUpdate) -> Result<Todo, AppError> {
    with_caller(async |state, user| todo_service::update(&state, user, id, &changes).await).await
}

#[server(endpoint = "todos/toggle", input = Form)]
pub async fn toggle_todo(id: Uuid, op_id: Option<Uuid>) -> Result<Todo, AppError> {
    with_caller(async |state, user| todo_service::toggle(&state, user, op_id, id).await).await
}

#[server(endpoint = "todos/delete", input = Form)]
pub async fn delete_todo(id: Uuid, op_id: Option<Uuid>) -> Result<(), AppError> {
    with_caller(async |state, user| todo_service::delete(&state, user, op_id, id).await).await
}

#[server(endpoint = "todos/toggle-all", input = Form)]
pub async fn toggle_all(
    list_id: Uuid,
    completed: bool,
    op_id: Option<Uuid>,
) -> Result<Vec<Todo>, AppError> {
    with_caller(async |state, user| {
        todo_service::set_all_completed(&state, user, op_id, Some(list_id), completed).await
    })
    .await
}

#[server(endpoint = "todos/clear-completed", input = Form)]
pub async fn clear_completed(list_id: Uuid, op_id: Option<Uuid>) -> Result<Vec<Uuid>, AppError> {
    with_caller(async |state, user| {
        todo_service::clear_completed(&state, user, op_id, Some(list_id)).await
    })
    .await
}
