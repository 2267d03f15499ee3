//! Todos for the sync engine's tests.

use uuid::Uuid;

use crate::domain::{Priority, Todo, time::Timestamp};

/// Todo `id` titled `title`, made at `created` and last changed at `updated`.
pub fn todo_at(id: u128, title: &str, created: Timestamp, updated: Timestamp) -> Todo {
    Todo {
        id: Uuid::from_u128(id),
        title: title.into(),
        description: String::new(),
        completed: false,
        priority: Priority::Medium,
        due_date: None,
        user_id: Uuid::nil(),
        list_id: Uuid::nil(),
        version: 1,
        created_at: created,
        updated_at: updated,
    }
}

/// The same with calendar days (`2026-01-02`).
pub fn todo(id: u128, title: &str, created: &str, updated: &str) -> Todo {
    let day = |d| crate::domain::time::parse_due_date(d).expect("a test date");
    todo_at(id, title, day(created), day(updated))
}
