//! What the committer's ops (`server::commit`) need from storage inside a
//! batch's transaction: the SQL of todo, list and membership writes and of
//! the change log, implemented once per engine over that engine's open
//! transaction (or savepoint). Permission rules are not decided here:
//! `commit::list_ops` asks `role_of` first; todo statements are scoped by
//! the writer's lists, so a todo in a list they are not a member of matches
//! no row.

use chrono::{DateTime, Utc};
use serde_json::value::RawValue;
use uuid::Uuid;

use super::types::Logged;
use crate::domain::Todo;
use crate::domain::events::Meta;
use crate::domain::list::{Member, Role, TodoList};
use crate::domain::todo::{NewTodo, TodoPatch};
use crate::error::AppError;

#[allow(async_fn_in_trait)] // implemented and called inside the crate only
pub trait BatchWrites {
    /// A todo in one of `user`'s lists, else `NotFound`.
    async fn todo(&mut self, user: Uuid, id: Uuid) -> Result<Todo, AppError>;
    /// Whether a todo with this id exists in anyone's list.
    async fn todo_exists(&mut self, id: Uuid) -> Result<bool, AppError>;
    /// Stores a new todo in `list`, or (`None`) in the user's oldest own
    /// list, unless that list already holds `cap`: `Ok(None)` when the cap
    /// is reached, `NotFound` when the user is not a member of `list`.
    async fn insert_todo(
        &mut self,
        user: Uuid,
        list: Option<Uuid>,
        id: Uuid,
        new: &NewTodo,
        now: DateTime<Utc>,
        cap: u64,
    ) -> Result<Option<Todo>, AppError>;
    /// Applies a validated patch, one version on.
    async fn update_todo(
        &mut self,
        user: Uuid,
        id: Uuid,
        patch: &TodoPatch,
        now: DateTime<Utc>,
    ) -> Result<Todo, AppError>;
    /// Deletes a todo in one of the user's lists; returns it as it was.
    async fn delete_todo(&mut self, user: Uuid, id: Uuid) -> Result<Todo, AppError>;
    /// Sets `completed` on every todo that differs, in `list` or (`None`)
    /// every list of the user; each one that changed as it was and as it
    /// is, oldest first.
    async fn set_all_completed(
        &mut self,
        user: Uuid,
        list: Option<Uuid>,
        completed: bool,
        now: DateTime<Utc>,
    ) -> Result<Vec<(Todo, Todo)>, AppError>;
    /// Deletes the completed todos of `list` or (`None`) of every list of
    /// the user; returns them as they were, oldest first.
    async fn delete_completed(
        &mut self,
        user: Uuid,
        list: Option<Uuid>,
    ) -> Result<Vec<Todo>, AppError>;
    /// Puts a deleted todo back as it was (same id, creator, list and
    /// creation time), one version on. The caller knows the id is free.
    async fn restore_todo(&mut self, gone: &Todo, now: DateTime<Utc>) -> Result<Todo, AppError>;

    /// `user`'s role in `list`, or `None` (not a member, or no such list).
    async fn role_of(&mut self, user: Uuid, list: Uuid) -> Result<Option<Role>, AppError>;
    /// A username, as events name the one who acted.
    async fn username(&mut self, user: Uuid) -> Result<String, AppError>;
    /// Every list `user` is a member of.
    async fn list_ids_of(&mut self, user: Uuid) -> Result<Vec<Uuid>, AppError>;
    /// How many lists `user` owns.
    async fn owned_count(&mut self, user: Uuid) -> Result<u64, AppError>;
    /// Whether a list `id` exists, whoever's it is.
    async fn list_exists(&mut self, id: Uuid) -> Result<bool, AppError>;
    /// Creates list `id`, owned (and joined) by `owner`.
    async fn create_list(
        &mut self,
        id: Uuid,
        owner: Uuid,
        name: &str,
        now: DateTime<Utc>,
    ) -> Result<(), AppError>;
    async fn rename_list(
        &mut self,
        list: Uuid,
        name: &str,
        now: DateTime<Utc>,
    ) -> Result<(), AppError>;
    /// Deletes a list; its todos, memberships and log go with it.
    async fn delete_list(&mut self, list: Uuid) -> Result<(), AppError>;
    /// The account a username or an email names (either, any case).
    async fn find_account(&mut self, who: &str) -> Result<Option<(Uuid, String)>, AppError>;
    async fn member_count(&mut self, list: Uuid) -> Result<u64, AppError>;
    async fn add_member(
        &mut self,
        list: Uuid,
        user: Uuid,
        now: DateTime<Utc>,
    ) -> Result<(), AppError>;
    async fn remove_member(&mut self, list: Uuid, user: Uuid) -> Result<(), AppError>;
    /// Takes the list's next `n` change numbers; returns the first. Holds
    /// the list's row until the transaction ends, so concurrent writers (of
    /// any instance) number a list's changes in commit order, gap-free.
    async fn take_seq(&mut self, list: Uuid, n: u64) -> Result<u64, AppError>;
    /// The list with its members, as its owner sees it.
    async fn read_list(&mut self, list: Uuid) -> Result<TodoList, AppError>;
    /// The list's members, the owner first.
    async fn members(&mut self, list: Uuid) -> Result<Vec<Member>, AppError>;

    /// Logs one change under its meta's number.
    async fn record_change(
        &mut self,
        meta: &Meta,
        event: &str,
        payload: &RawValue,
        before: Option<&Todo>,
    ) -> Result<(), AppError>;
    /// Change `seq` of `list`, if the log still has it.
    async fn logged_change(&mut self, list: Uuid, seq: u64) -> Result<Option<Logged>, AppError>;
}
