//! The page's copy of the user's todos. Every change the page learns about
//! (its own actions' results today, other tabs' events later) goes through
//! `upsert` / `remove`, which merge by id and ignore stale versions, so a
//! todo is never shown twice and never goes back in time.

use leptos::prelude::*;
use uuid::Uuid;

use crate::domain::Todo;

#[derive(Clone, Copy)]
pub struct TodoStore {
    todos: RwSignal<Vec<Todo>>,
}

impl TodoStore {
    pub fn new() -> Self {
        TodoStore {
            todos: RwSignal::new(Vec::new()),
        }
    }

    /// Replaces everything with a fresh list from the server.
    pub fn replace(&self, list: Vec<Todo>) {
        self.todos.set(list);
    }

    /// Adds a todo or updates it in place, unless ours is newer.
    pub fn upsert(&self, todo: Todo) {
        self.todos.update(|all| merge(all, todo));
    }

    pub fn remove(&self, id: Uuid) {
        self.todos.update(|all| all.retain(|t| t.id != id));
    }

    pub fn find(&self, id: Uuid) -> Option<Todo> {
        self.todos
            .with(|all| all.iter().find(|t| t.id == id).cloned())
    }

    pub fn with<T>(&self, f: impl FnOnce(&[Todo]) -> T) -> T {
        self.todos.with(|all| f(all))
    }
}

/// The merge rule on its own, so it can be tested without a reactive runtime.
/// The list stays ordered oldest first, like the server's.
fn merge(all: &mut Vec<Todo>, todo: Todo) {
    match all.iter_mut().find(|t| t.id == todo.id) {
        Some(existing) if existing.updated_at <= todo.updated_at => *existing = todo,
        Some(_) => {}
        None => {
            let at = all.partition_point(|t| t.created_at <= todo.created_at);
            all.insert(at, todo);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Priority, time::parse_due_date};

    fn todo(id: u128, title: &str, created: &str, updated: &str) -> Todo {
        Todo {
            id: Uuid::from_u128(id),
            title: title.into(),
            description: String::new(),
            completed: false,
            priority: Priority::Medium,
            due_date: None,
            user_id: Uuid::nil(),
            created_at: parse_due_date(created).unwrap(),
            updated_at: parse_due_date(updated).unwrap(),
        }
    }

    #[test]
    fn merging_keeps_one_copy_in_creation_order_and_ignores_stale_versions() {
        let mut all = vec![todo(1, "a", "2026-01-01", "2026-01-01")];
        merge(&mut all, todo(3, "c", "2026-01-03", "2026-01-03"));
        merge(&mut all, todo(2, "b", "2026-01-02", "2026-01-02"));
        merge(&mut all, todo(2, "b2", "2026-01-02", "2026-01-05"));
        merge(&mut all, todo(2, "stale", "2026-01-02", "2026-01-04"));
        let titles: Vec<_> = all.iter().map(|t| t.title.as_str()).collect();
        assert_eq!(titles, ["a", "b2", "c"]);
    }
}
