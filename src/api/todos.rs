//! Todo server functions; each is a thin shell over `server::todo_service`.

use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use uuid::Uuid;

use crate::domain::{Todo, TodoForUpdate};
use crate::error::AppError;

#[cfg(feature = "ssr")]
use crate::server::{
    context::{caller, finish},
    todo_service,
};

#[server(endpoint = "todos/list")]
pub async fn list_todos() -> Result<Vec<Todo>, AppError> {
    finish(
        async {
            let (state, user) = caller().await?;
            todo_service::list(&state, user).await
        }
        .await,
    )
}

/// Form-encoded so that the plain HTML form posts to it without JavaScript.
#[server(endpoint = "todos/add")]
pub async fn add_todo(
    title: String,
    description: Option<String>,
    priority: Option<String>,
    due_date: Option<String>,
) -> Result<Todo, AppError> {
    finish(
        async {
            let (state, user) = caller().await?;
            let input = crate::domain::TodoForCreate {
                title: Some(title),
                description,
                priority,
                due_date,
            };
            todo_service::create(&state, user, &input).await
        }
        .await,
    )
}

/// JSON-encoded: only the enhanced page edits, and it needs `null` vs absent.
#[server(endpoint = "todos/update", input = Json)]
pub async fn update_todo(id: Uuid, changes: TodoForUpdate) -> Result<Todo, AppError> {
    finish(
        async {
            let (state, user) = caller().await?;
            todo_service::update(&state, user, id, &changes).await
        }
        .await,
    )
}

#[server(endpoint = "todos/toggle")]
pub async fn toggle_todo(id: Uuid) -> Result<Todo, AppError> {
    finish(
        async {
            let (state, user) = caller().await?;
            todo_service::toggle(&state, user, id).await
        }
        .await,
    )
}

#[server(endpoint = "todos/delete")]
pub async fn delete_todo(id: Uuid) -> Result<(), AppError> {
    finish(
        async {
            let (state, user) = caller().await?;
            todo_service::delete(&state, user, id).await
        }
        .await,
    )
}

#[server(endpoint = "todos/toggle-all")]
pub async fn toggle_all(completed: bool) -> Result<Vec<Todo>, AppError> {
    finish(
        async {
            let (state, user) = caller().await?;
            todo_service::set_all_completed(&state, user, completed).await
        }
        .await,
    )
}

#[server(endpoint = "todos/clear-completed")]
pub async fn clear_completed() -> Result<Vec<Uuid>, AppError> {
    finish(
        async {
            let (state, user) = caller().await?;
            todo_service::clear_completed(&state, user).await
        }
        .await,
    )
}
