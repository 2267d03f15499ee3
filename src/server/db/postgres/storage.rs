//! `db::Storage` for PostgreSQL: each method hands the pool to the topic
//! module that holds its SQL.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::{Store, accounts, change_log, lists, todos};
use crate::domain::list::{Role, TodoList};
use crate::domain::time::Timestamp;
use crate::domain::{Todo, User};
use crate::error::AppError;
use crate::server::db::Storage;
use crate::server::db::types::{Change, Cursor, Missed, Retention, Session, UserRow};

impl Storage for Store {
    async fn ping(&self) -> Result<(), AppError> {
        sqlx::query("SELECT 1")
            .execute(&self.pool)
            .await
            .map_err(|e| AppError::internal("pinging the database", e))?;
        Ok(())
    }

    async fn register(
        &self,
        username: &str,
        email: &str,
        password_hash: &str,
        first_list: &str,
    ) -> Result<User, AppError> {
        accounts::register(&self.pool, username, email, password_hash, first_list).await
    }

    async fn user_by_email(&self, email: &str) -> Result<Option<UserRow>, AppError> {
        accounts::by_email(&self.pool, email).await
    }

    async fn user_by_id(&self, id: Uuid) -> Result<Option<User>, AppError> {
        Ok(accounts::by_id(&self.pool, id)
            .await?
            .map(|row| row.to_user()))
    }

    async fn user_row_by_id(&self, id: Uuid) -> Result<Option<UserRow>, AppError> {
        accounts::by_id(&self.pool, id).await
    }

    async fn set_password(&self, id: Uuid, password_hash: &str) -> Result<(), AppError> {
        accounts::set_password(&self.pool, id, password_hash).await
    }

    async fn delete_user(&self, id: Uuid) -> Result<(), AppError> {
        accounts::delete(&self.pool, id).await
    }

    async fn start_session(
        &self,
        user: Uuid,
        now: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> Result<Session, AppError> {
        accounts::start_session(&self.pool, user, now, expires_at).await
    }

    async fn session(&self, id: Uuid) -> Result<Option<Session>, AppError> {
        accounts::session(&self.pool, id).await
    }

    async fn touch_session(&self, id: Uuid, now: DateTime<Utc>) -> Result<(), AppError> {
        accounts::touch_session(&self.pool, id, now).await
    }

    async fn revoke_session(
        &self,
        user: Uuid,
        id: Uuid,
        now: DateTime<Utc>,
    ) -> Result<bool, AppError> {
        accounts::revoke_session(&self.pool, user, id, now).await
    }

    async fn revoke_sessions(
        &self,
        user: Uuid,
        keep: Option<Uuid>,
        now: DateTime<Utc>,
    ) -> Result<Vec<Uuid>, AppError> {
        accounts::revoke_sessions(&self.pool, user, keep, now).await
    }

    async fn lists_of(&self, user: Uuid) -> Result<Vec<TodoList>, AppError> {
        lists::lists_of(&self.pool, user).await
    }

    async fn list(&self, user: Uuid, list: Uuid) -> Result<TodoList, AppError> {
        lists::get(&self.pool, user, list).await
    }

    async fn role_of(&self, user: Uuid, list: Uuid) -> Result<Option<Role>, AppError> {
        lists::role_of(&self.pool, user, list).await
    }

    async fn seq_for(&self, user: Uuid, list: Uuid) -> Result<Option<u64>, AppError> {
        lists::seq_for(&self.pool, user, list).await
    }

    async fn list_ids_of(&self, user: Uuid) -> Result<Vec<Uuid>, AppError> {
        lists::ids_of(&self.pool, user).await
    }

    async fn todos(&self, user: Uuid, list: Option<Uuid>) -> Result<Vec<Todo>, AppError> {
        todos::list(&self.pool, user, list).await
    }

    async fn todo(&self, user: Uuid, id: Uuid) -> Result<Todo, AppError> {
        todos::get(&self.pool, user, id).await
    }

    async fn todo_page(
        &self,
        user: Uuid,
        list: Option<Uuid>,
        after: Option<&Cursor>,
        limit: u64,
    ) -> Result<(String, Option<Cursor>), AppError> {
        todos::page(&self.pool, user, list, after, limit).await
    }

    async fn history(
        &self,
        list: Uuid,
        before: Option<u64>,
        limit: u64,
    ) -> Result<Vec<Change>, AppError> {
        change_log::history(&self.pool, list, before, limit).await
    }

    async fn missed(&self, list: Uuid, after: u64, latest: u64) -> Result<Missed, AppError> {
        change_log::missed(&self.pool, list, after, latest).await
    }

    async fn prune_changes(&self, now: Timestamp, keep: Retention) -> Result<u64, AppError> {
        change_log::prune(&self.pool, now, keep).await
    }
}
