//! Todo server functions; each is a thin shell over `server::todo_service`.

use leptos::prelude::*;
use uuid::Uuid;

use crate::domain::{Todo, TodoForUpdate};
use crate::error::AppError;

use super::codec::{Form, JsonArgs};
#[cfg(feature = "ssr")]
use crate::server::{context::with_caller, todo_service};

#[server(endpoint = "todos/list", input = Form)]
pub async fn list_todos() -> Result<Vec<Todo>, AppError> {
    with_caller(async |state, user| todo_service::list(&state, user, None).await).await
}

/// Form-encoded so that the plain HTML form posts to it without JavaScript.
#[server(endpoint = "todos/add", input = Form)]
pub async fn add_todo(
    title: String,
    description: Option<String>,
    priority: Option<String>,
    due_date: Option<String>,
) -> Result<Todo, AppError> {
    with_caller(async |state, user| {
        let input = crate::domain::TodoForCreate {
            title: Some(title),
            description,
            priority,
            due_date,
            ..Default::default()
        };
        todo_service::create(&state, user, &input).await
    })
    .await
}

/// JSON-encoded: only the enhanced page edits, and it needs `null` vs absent.
#[server(endpoint = "todos/update", input = JsonArgs)]
pub async fn update_todo(id: Uuid, changes: TodoForUpdate) -> Result<Todo, AppError> {
    with_caller(async |state, user| todo_service::update(&state, user, id, &changes).await).await
}

#[server(endpoint = "todos/toggle", input = Form)]
pub async fn toggle_todo(id: Uuid) -> Result<Todo, AppError> {
    with_caller(async |state, user| todo_service::toggle(&state, user, None, id).await).await
}

#[server(endpoint = "todos/delete", input = Form)]
pub async fn delete_todo(id: Uuid) -> Result<(), AppError> {
    with_caller(async |state, user| todo_service::delete(&state, user, None, id).await).await
}

#[server(endpoint = "todos/toggle-all", input = Form)]
pub async fn toggle_all(completed: bool) -> Result<Vec<Todo>, AppError> {
    with_caller(async |state, user| {
        todo_service::set_all_completed(&state, user, None, None, completed).await
    })
    .await
}

#[server(endpoint = "todos/clear-completed", input = Form)]
pub async fn clear_completed() -> Result<Vec<Uuid>, AppError> {
    with_caller(async |state, user| todo_service::clear_completed(&state, user, None, None).await)
        .await
}
