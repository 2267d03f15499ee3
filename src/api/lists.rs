//! Shared-list server functions (SPEC §6); each is a thin shell over
//! `server::list_service`, which checks every permission rule. Those that
//! change where the user should be (a new list, a list deleted or left)
//! redirect a plain form (no JavaScript). The hydrated page has moved
//! already when it wrote (the outbox): an answer that may come minutes
//! later, offline, must not move it again.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::codec::Form;
use super::page_todos::PageTodos;
use crate::domain::User;
use crate::domain::list::{Member, TodoList};
use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::{
    domain::list::{ListForm, MemberForAdd, Role},
    server::{context::with_caller, list_service, todo_service},
};

/// Everything a list page shows: who is looking, their lists (the sidebar),
/// which one is open and its todos.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListPage {
    pub me: User,
    pub lists: Vec<TodoList>,
    pub list: Uuid,
    pub todos: PageTodos,
}

/// `list` names the open list; without it, the user's first own list.
/// A list the user is not a member of is `NotFound`, like a missing one.
#[server(endpoint = "lists/open", input = Form)]
pub async fn open_list(list: Option<Uuid>) -> Result<ListPage, AppError> {
    with_caller(async |state, user| {
        let me = state
            .store
            .user_by_id(user)
            .await?
            .ok_or(AppError::Unauthorized)?;
        let lists = list_service::lists(&state, user).await?;
        let open = match list {
            Some(id) => lists.iter().find(|l| l.id == id),
            None => lists
                .iter()
                .find(|l| l.role == Role::Owner)
                .or(lists.first()),
        }
        .map(|l| l.id)
        .ok_or(AppError::NotFound)?;
        let todos = todo_service::list(&state, user, Some(open)).await?;
        Ok(ListPage {
            me,
            lists,
            list: open,
            todos: PageTodos(todos),
        })
    })
    .await
}

/// The user's lists, without their todos: what a page that was away
/// refreshes its sidebar from before it resumes each list (SPEC §7).
#[server(endpoint = "lists/mine", input = Form)]
pub async fn my_lists() -> Result<Vec<TodoList>, AppError> {
    with_caller(async |state, user| list_service::lists(&state, user).await).await
}

/// `id`: the client-made list id, which makes a retried create harmless.
#[server(endpoint = "lists/create", input = Form)]
pub async fn create_list(
    name: String,
    op_id: Option<Uuid>,
    id: Option<Uuid>,
) -> Result<TodoList, AppError> {
    with_caller(async |state, user| {
        let form = ListForm {
            id: id.map(|id| id.to_string()),
            ..list_form(name, op_id)
        };
        let list = list_service::create(&state, user, &form).await?.made();
        form_redirect(&format!("/lists/{}", list.id));
        Ok(list)
    })
    .await
}

#[server(endpoint = "lists/rename", input = Form)]
pub async fn rename_list(
    id: Uuid,
    name: String,
    op_id: Option<Uuid>,
) -> Result<TodoList, AppError> {
    with_caller(async |state, user| {
        list_service::rename(&state, user, id, &list_form(name, op_id)).await
    })
    .await
}

#[server(endpoint = "lists/delete", input = Form)]
pub async fn delete_list(id: Uuid, op_id: Option<Uuid>) -> Result<(), AppError> {
    with_caller(async |state, user| {
        list_service::delete(&state, user, op_id, id).await?;
        form_redirect("/");
        Ok(())
    })
    .await
}

/// `user` is a username or an email.
#[server(endpoint = "lists/members/add", input = Form)]
pub async fn add_member(
    list_id: Uuid,
    user: String,
    op_id: Option<Uuid>,
) -> Result<Member, AppError> {
    with_caller(async |state, caller| {
        let form = MemberForAdd {
            user: Some(user),
            op_id: op_id.map(|id| id.to_string()),
        };
        list_service::add_member(&state, caller, list_id, &form).await
    })
    .await
}

/// The owner removes a member; a member removing themself leaves the list,
/// and is sent back to their first list.
#[server(endpoint = "lists/members/remove", input = Form)]
pub async fn remove_member(
    list_id: Uuid,
    user_id: Uuid,
    op_id: Option<Uuid>,
) -> Result<(), AppError> {
    with_caller(async |state, caller| {
        list_service::remove_member(&state, caller, op_id, list_id, user_id).await?;
        if user_id == caller {
            form_redirect("/");
        }
        Ok(())
    })
    .await
}

/// Redirects a plain form's post; a server-function call from the page
/// (which asks for JSON, not HTML) gets its answer and nothing else.
#[cfg(feature = "ssr")]
fn form_redirect(path: &str) {
    let from_form = use_context::<http::request::Parts>().is_some_and(|req| {
        req.headers
            .get(http::header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("text/html"))
    });
    if from_form {
        leptos_axum::redirect(path);
    }
}

#[cfg(feature = "ssr")]
fn list_form(name: String, op_id: Option<Uuid>) -> ListForm {
    ListForm {
        name: Some(name),
        op_id: op_id.map(|id| id.to_string()),
        id: None,
    }
}
