//! `db::BatchWrites` for PostgreSQL: each method hands the batch's
//! connection to the topic module that holds its SQL.

use chrono::{DateTime, Utc};
use serde_json::value::RawValue;
use uuid::Uuid;

use super::{PgWrites, change_log, list_writes, lists, todo_writes, todos};
use crate::domain::Todo;
use crate::domain::events::Meta;
use crate::domain::list::{Member, Role, TodoList};
use crate::domain::todo::{NewTodo, TodoPatch};
use crate::error::AppError;
use crate::server::db::BatchWrites;
use crate::server::db::types::Logged;

impl BatchWrites for PgWrites<'_> {
    async fn todo(&mut self, user: Uuid, id: Uuid) -> Result<Todo, AppError> {
        todos::get(&mut *self.0, user, id).await
    }

    async fn todo_exists(&mut self, id: Uuid) -> Result<bool, AppError> {
        todo_writes::exists(&mut *self.0, id).await
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
        todo_writes::insert_capped(&mut *self.0, user, list, id, new, now, cap).await
    }

    async fn update_todo(
        &mut self,
        user: Uuid,
        id: Uuid,
        patch: &TodoPatch,
        now: DateTime<Utc>,
    ) -> Result<Todo, AppError> {
        todo_writes::update(&mut *self.0, user, id, patch, now).await
    }

    async fn delete_todo(&mut self, user: Uuid, id: Uuid) -> Result<Todo, AppError> {
        todo_writes::delete(&mut *self.0, user, id).await
    }

    async fn set_all_completed(
        &mut self,
        user: Uuid,
        list: Option<Uuid>,
        completed: bool,
        now: DateTime<Utc>,
    ) -> Result<Vec<(Todo, Todo)>, AppError> {
        todo_writes::set_all_completed(&mut *self.0, user, list, completed, now).await
    }

    async fn delete_completed(
        &mut self,
        user: Uuid,
        list: Option<Uuid>,
    ) -> Result<Vec<Todo>, AppError> {
        todo_writes::delete_completed(&mut *self.0, user, list).await
    }

    async fn restore_todo(&mut self, gone: &Todo, now: DateTime<Utc>) -> Result<Todo, AppError> {
        todo_writes::restore(&mut *self.0, gone, now).await
    }

    async fn role_of(&mut self, user: Uuid, list: Uuid) -> Result<Option<Role>, AppError> {
        lists::role_of(&mut *self.0, user, list).await
    }

    async fn username(&mut self, user: Uuid) -> Result<String, AppError> {
        list_writes::username(&mut *self.0, user).await
    }

    async fn list_ids_of(&mut self, user: Uuid) -> Result<Vec<Uuid>, AppError> {
        lists::ids_of(&mut *self.0, user).await
    }

    async fn owned_count(&mut self, user: Uuid) -> Result<u64, AppError> {
        list_writes::owned_count(&mut *self.0, user).await
    }

    async fn list_exists(&mut self, id: Uuid) -> Result<bool, AppError> {
        list_writes::exists(&mut *self.0, id).await
    }

    async fn create_list(
        &mut self,
        id: Uuid,
        owner: Uuid,
        name: &str,
        now: DateTime<Utc>,
    ) -> Result<(), AppError> {
        list_writes::create(&mut *self.0, id, owner, name, now).await
    }

    async fn rename_list(
        &mut self,
        list: Uuid,
        name: &str,
        now: DateTime<Utc>,
    ) -> Result<(), AppError> {
        list_writes::rename(&mut *self.0, list, name, now).await
    }

    async fn delete_list(&mut self, list: Uuid) -> Result<(), AppError> {
        list_writes::delete(&mut *self.0, list).await
    }

    async fn find_account(&mut self, who: &str) -> Result<Option<(Uuid, String)>, AppError> {
        list_writes::find_account(&mut *self.0, who).await
    }

    async fn member_count(&mut self, list: Uuid) -> Result<u64, AppError> {
        list_writes::member_count(&mut *self.0, list).await
    }

    async fn add_member(
        &mut self,
        list: Uuid,
        user: Uuid,
        now: DateTime<Utc>,
    ) -> Result<(), AppError> {
        list_writes::add_member(&mut *self.0, list, user, now).await
    }

    async fn remove_member(&mut self, list: Uuid, user: Uuid) -> Result<(), AppError> {
        list_writes::remove_member(&mut *self.0, list, user).await
    }

    async fn take_seq(&mut self, list: Uuid, n: u64) -> Result<u64, AppError> {
        list_writes::take_seq(&mut *self.0, list, n).await
    }

    async fn read_list(&mut self, list: Uuid) -> Result<TodoList, AppError> {
        list_writes::read(&mut *self.0, list).await
    }

    async fn members(&mut self, list: Uuid) -> Result<Vec<Member>, AppError> {
        lists::members(&mut *self.0, list).await
    }

    async fn record_change(
        &mut self,
        meta: &Meta,
        event: &str,
        payload: &RawValue,
        before: Option<&Todo>,
    ) -> Result<(), AppError> {
        change_log::record(&mut *self.0, meta, event, payload, before).await
    }

    async fn logged_change(&mut self, list: Uuid, seq: u64) -> Result<Option<Logged>, AppError> {
        change_log::logged(&mut *self.0, list, seq).await
    }
}
