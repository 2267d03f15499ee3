//! The committer's [`BatchWrites`] on SQLite: its own rusqlite connection,
//! inside the batch's transaction or the op's savepoint. SQLite answers
//! synchronously, so every future here is ready at once (the committer's
//! thread polls it once, `commit::sqlite_batch`).

use chrono::{DateTime, Utc};
use rusqlite::Connection;
use serde_json::value::RawValue;
use uuid::Uuid;

use super::{change_writes, list_writes, todo_writes};
use crate::domain::Todo;
use crate::domain::events::Meta;
use crate::domain::list::{Member, Role, TodoList};
use crate::domain::todo::{NewTodo, TodoPatch};
use crate::error::AppError;
use crate::server::db::{BatchWrites, Logged};

/// The committer's connection, in its open transaction or savepoint.
pub struct SqliteWrites<'c>(pub &'c Connection);

impl BatchWrites for SqliteWrites<'_> {
    async fn todo(&mut self, user: Uuid, id: Uuid) -> Result<Todo, AppError> {
        todo_writes::get(self.0, user, id)
    }

    async fn todo_exists(&mut self, id: Uuid) -> Result<bool, AppError> {
        todo_writes::exists(self.0, id)
    }

    async fn insert_todo(
        &mut self,
        user: Uuid,
        list: Option<Uuid>,
        id: Uuid,
        new: &NewTodo,
        now: DateTime<Utc>,
        cap: u64,
    ) -> Result<Option<Todo>, AppError> {
        todo_writes::insert_capped(self.0, user, list, id, new, now, cap)
    }

    async fn update_todo(
        &mut self,
        user: Uuid,
        id: Uuid,
        patch: &TodoPatch,
        now: DateTime<Utc>,
    ) -> Result<Todo, AppError> {
        todo_writes::update(self.0, user, id, patch, now)
    }

    async fn delete_todo(&mut self, user: Uuid, id: Uuid) -> Result<Todo, AppError> {
        todo_writes::delete(self.0, user, id)
    }

    async fn set_all_completed(
        &mut self,
        user: Uuid,
        list: Option<Uuid>,
        completed: bool,
        now: DateTime<Utc>,
    ) -> Result<Vec<(Todo, Todo)>, AppError> {
        todo_writes::set_all_completed(self.0, user, list, completed, now)
    }

    async fn delete_completed(
        &mut self,
        user: Uuid,
        list: Option<Uuid>,
    ) -> Result<Vec<Todo>, AppError> {
        todo_writes::delete_completed(self.0, user, list)
    }

    async fn restore_todo(&mut self, gone: &Todo, now: DateTime<Utc>) -> Result<Todo, AppError> {
        todo_writes::restore(self.0, gone, now)
    }

    async fn role_of(&mut self, user: Uuid, list: Uuid) -> Result<Option<Role>, AppError> {
        list_writes::role_of(self.0, user, list)
    }

    async fn username(&mut self, user: Uuid) -> Result<String, AppError> {
        list_writes::username(self.0, user)
    }

    async fn list_ids_of(&mut self, user: Uuid) -> Result<Vec<Uuid>, AppError> {
        list_writes::lists_of(self.0, user)
    }

    async fn owned_count(&mut self, user: Uuid) -> Result<u64, AppError> {
        list_writes::owned_count(self.0, user)
    }

    async fn list_exists(&mut self, id: Uuid) -> Result<bool, AppError> {
        list_writes::exists(self.0, id)
    }

    async fn create_list(
        &mut self,
        id: Uuid,
        owner: Uuid,
        name: &str,
        now: DateTime<Utc>,
    ) -> Result<(), AppError> {
        list_writes::create(self.0, id, owner, name, now)
    }

    async fn rename_list(
        &mut self,
        list: Uuid,
        name: &str,
        now: DateTime<Utc>,
    ) -> Result<(), AppError> {
        list_writes::rename(self.0, list, name, now)
    }

    async fn delete_list(&mut self, list: Uuid) -> Result<(), AppError> {
        list_writes::delete(self.0, list)
    }

    async fn find_account(&mut self, who: &str) -> Result<Option<(Uuid, String)>, AppError> {
        list_writes::find_account(self.0, who)
    }

    async fn member_count(&mut self, list: Uuid) -> Result<u64, AppError> {
        list_writes::member_count(self.0, list)
    }

    async fn add_member(
        &mut self,
        list: Uuid,
        user: Uuid,
        now: DateTime<Utc>,
    ) -> Result<(), AppError> {
        list_writes::add_member(self.0, list, user, now)
    }

    async fn remove_member(&mut self, list: Uuid, user: Uuid) -> Result<(), AppError> {
        list_writes::remove_member(self.0, list, user)
    }

    async fn take_seq(&mut self, list: Uuid, n: u64) -> Result<u64, AppError> {
        list_writes::take_seq(self.0, list, n)
    }

    async fn read_list(&mut self, list: Uuid) -> Result<TodoList, AppError> {
        list_writes::read(self.0, list)
    }

    async fn members(&mut self, list: Uuid) -> Result<Vec<Member>, AppError> {
        list_writes::members(self.0, list)
    }

    async fn record_change(
        &mut self,
        meta: &Meta,
        event: &str,
        payload: &RawValue,
        before: Option<&Todo>,
    ) -> Result<(), AppError> {
        change_writes::record(self.0, meta, event, payload, before)
    }

    async fn logged_change(&mut self, list: Uuid, seq: u64) -> Result<Option<Logged>, AppError> {
        change_writes::read(self.0, list, seq)
    }
}
