//! Writes this tab shows before the server has answered them (optimistic
//! writes). Each is kept apart from the confirmed todos, as what the page
//! expects the todo to become, under the write's operation id: the page
//! shows the confirmed list with every pending write laid over it, in the
//! order they were made. The server's answer replaces the confirmed todo
//! and retires the write; a refusal only retires it, which rolls the change
//! back on screen by itself. Nothing is applied twice: a write is a whole
//! expected state (or a removal), laid over by id, not a step replayed.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::domain::Todo;

/// What a pending write expects its todo to become.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Expected {
    /// Added or changed: the todo as the page expects the server to keep it.
    Put(Todo),
    /// Deleted.
    Gone(Uuid),
}

impl Expected {
    pub fn todo_id(&self) -> Uuid {
        match self {
            Expected::Put(todo) => todo.id,
            Expected::Gone(id) => *id,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pending {
    pub op: Uuid,
    pub expected: Expected,
}

/// The confirmed todos with every pending write laid over them, in order.
/// A new todo takes its place by creation time, as the server orders them.
pub fn overlay(confirmed: &[Todo], pending: &[Pending]) -> Vec<Todo> {
    let mut all = confirmed.to_vec();
    for write in pending {
        match &write.expected {
            Expected::Put(todo) => match all.iter_mut().find(|t| t.id == todo.id) {
                Some(shown) => *shown = todo.clone(),
                None => {
                    let at = all.partition_point(|t| t.created_at <= todo.created_at);
                    all.insert(at, todo.clone());
                }
            },
            Expected::Gone(id) => all.retain(|t| t.id != *id),
        }
    }
    all
}

/// Todo `id` as the page shows it: the last pending write about it, else
/// the confirmed copy (`None`: not shown).
pub fn shown(confirmed: &[Todo], pending: &[Pending], id: Uuid) -> Option<Todo> {
    match pending.iter().rev().find(|w| w.expected.todo_id() == id) {
        Some(Pending {
            expected: Expected::Put(todo),
            ..
        }) => Some(todo.clone()),
        Some(_) => None,
        None => confirmed.iter().find(|t| t.id == id).cloned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn todo(id: u128, title: &str, created: &str) -> Todo {
        super::super::test_todos::todo(id, title, created, created)
    }

    fn put(op: u128, todo: Todo) -> Pending {
        Pending {
            op: Uuid::from_u128(op),
            expected: Expected::Put(todo),
        }
    }

    fn titles(all: &[Todo]) -> Vec<&str> {
        all.iter().map(|t| t.title.as_str()).collect()
    }

    #[test]
    fn pending_writes_lie_over_the_confirmed_list_in_order() {
        let confirmed = [todo(1, "a", "2026-01-01"), todo(3, "c", "2026-01-03")];
        let mut done = confirmed[0].clone();
        done.completed = true;
        let pending = [
            put(10, todo(2, "b", "2026-01-02")),
            put(11, done),
            Pending {
                op: Uuid::from_u128(12),
                expected: Expected::Gone(Uuid::from_u128(3)),
            },
        ];
        let shown_all = overlay(&confirmed, &pending);
        assert_eq!(titles(&shown_all), ["a", "b"]);
        assert!(shown_all[0].completed);
        assert_eq!(shown(&confirmed, &pending, Uuid::from_u128(3)), None);
        assert!(
            shown(&confirmed, &pending, Uuid::from_u128(1))
                .unwrap()
                .completed
        );
        // Retiring the writes is the rollback: the confirmed list again.
        assert_eq!(overlay(&confirmed, &[]), confirmed);
    }

    #[test]
    fn a_write_laid_over_its_own_echo_is_not_applied_twice() {
        let added = todo(2, "b", "2026-01-02");
        let confirmed = [todo(1, "a", "2026-01-01"), added.clone()];
        let pending = [put(10, added)];
        assert_eq!(titles(&overlay(&confirmed, &pending)), ["a", "b"]);
    }
}
