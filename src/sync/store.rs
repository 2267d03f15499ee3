//! The page's copy of the open list's todos. Every change the page learns
//! about (its own actions' results, other tabs' events, refetches after a
//! reconnect) goes through this store, which merges by id and ignores stale
//! versions: a todo is never shown twice and never goes back in time. This
//! tab's writes show at once, laid over the confirmed todos until the
//! server answers (`pending`).

use leptos::prelude::*;
use uuid::Uuid;

use super::pending::{Expected, Pending, overlay, shown};
use crate::domain::Todo;
use crate::domain::events::TodoEvent;
use crate::error::AppError;

#[derive(Clone, Copy)]
pub struct TodoStore {
    todos: RwSignal<Vec<Todo>>,
    /// Todos deleted while this page is open, with the version each had: a
    /// late event cannot revive them, only a newer version can (an undo
    /// puts a todo back one version on). (Plain vectors here and below: a
    /// page holds a few hundred ids at most, and each hash-table type costs
    /// the WASM a few KB.)
    deleted: StoredValue<Vec<(Uuid, u64)>>,
    /// The titles of the last todos removed here, so that the event of a
    /// deletion (which carries only the id) can still name the todo when
    /// this tab removed it first (its own delete answered before the event).
    removed_titles: StoredValue<Vec<(Uuid, String)>>,
    /// While a list fetch is on its way, every change applied meanwhile, to
    /// replay on top of the (possibly older) list when it arrives.
    journal: StoredValue<Journal>,
    /// This tab's writes the server has not answered yet, oldest first.
    pending: RwSignal<Vec<Pending>>,
}

/// Removed todos whose titles are remembered.
const REMOVED_TITLES: usize = 32;

#[derive(Default)]
struct Journal {
    fetches: usize,
    changes: Vec<TodoEvent>,
}

impl Default for TodoStore {
    fn default() -> Self {
        TodoStore {
            todos: RwSignal::new(Vec::new()),
            deleted: StoredValue::new(Vec::new()),
            removed_titles: StoredValue::new(Vec::new()),
            journal: StoredValue::new(Journal::default()),
            pending: RwSignal::new(Vec::new()),
        }
    }
}

impl TodoStore {
    /// Another list is being opened: forget this one's todos, and journal
    /// the new one's changes until its fetch arrives.
    pub fn switch(&self) {
        self.todos.set(Vec::new());
        // Their answers still come, and retire nothing any more.
        self.pending.set(Vec::new());
        self.deleted.set_value(Vec::new());
        self.journal.set_value(Journal::default());
        self.begin_fetch();
    }

    /// Call before asking the server for the list.
    pub fn begin_fetch(&self) {
        self.journal.update_value(|j| j.fetches += 1);
    }

    /// Takes the list a fetch returned, then replays what changed while it
    /// was on its way (those changes may be newer than the list).
    pub fn finish_fetch(&self, fresh: Vec<Todo>) {
        let meanwhile = self.end_fetch();
        let deleted = self.deleted.get_value();
        self.todos.set(
            fresh
                .into_iter()
                .filter(|t| !stays_deleted(&deleted, t))
                .collect(),
        );
        for change in &meanwhile {
            self.apply(change);
        }
    }

    /// A fetch that failed: stop journaling for it.
    pub fn abandon_fetch(&self) {
        self.end_fetch();
    }

    fn end_fetch(&self) -> Vec<TodoEvent> {
        self.journal
            .try_update_value(|j| {
                j.fetches = j.fetches.saturating_sub(1);
                if j.fetches == 0 {
                    std::mem::take(&mut j.changes)
                } else {
                    j.changes.clone()
                }
            })
            .unwrap_or_default()
    }

    fn journal(&self, change: TodoEvent) {
        self.journal.update_value(|j| {
            if j.fetches > 0 {
                j.changes.push(change);
            }
        });
    }

    /// Adds a todo or updates it in place, unless ours is newer.
    pub fn upsert(&self, todo: Todo) {
        if self.deleted.with_value(|d| stays_deleted(d, &todo)) {
            return;
        }
        self.deleted
            .update_value(|d| d.retain(|(id, _)| *id != todo.id));
        self.journal(TodoEvent::Updated(todo.clone()));
        self.todos.update(|all| merge(all, todo));
    }

    pub fn remove(&self, id: Uuid) {
        // Unknown here: nothing may bring it back but a fetch.
        let found = self.confirmed_untracked(id);
        let version = found.as_ref().map_or(u64::MAX, |t| t.version);
        if let Some(todo) = found {
            self.removed_titles.update_value(|titles| {
                if titles.len() >= REMOVED_TITLES {
                    titles.remove(0);
                }
                titles.push((id, todo.title));
            });
        }
        self.deleted.update_value(|d| {
            if !d.iter().any(|(gone, _)| *gone == id) {
                d.push((id, version));
            }
        });
        self.journal(TodoEvent::Deleted(crate::domain::events::Deleted { id }));
        self.todos.update(|all| all.retain(|t| t.id != id));
    }

    /// Removes the todo deleted at `version` (any version if unknown),
    /// unless it has come back since at a newer one (an undo).
    pub fn remove_unless_newer(&self, id: Uuid, version: Option<u64>) {
        let back = version.is_some_and(|deleted| {
            self.confirmed_untracked(id)
                .is_some_and(|todo| todo.version > deleted)
        });
        if !back {
            self.remove(id);
        }
    }

    /// Applies an event from the socket.
    pub fn apply(&self, event: &TodoEvent) {
        match event {
            TodoEvent::Created(t) | TodoEvent::Updated(t) | TodoEvent::Completed(t) => {
                self.upsert(t.clone())
            }
            TodoEvent::Deleted(d) => self.remove(d.id),
        }
    }

    /// Shows a write of this tab at once, until `settle(op)`.
    pub fn expect(&self, op: Uuid, expected: Expected) {
        self.pending
            .update(|all| all.push(Pending { op, expected }));
    }

    /// The server answered write `op` (its result, if any, is applied
    /// first): the page shows the confirmed todos for it again.
    pub fn settle(&self, op: Uuid) {
        self.pending.update(|all| all.retain(|w| w.op != op));
    }

    /// Retires write `op` with the server's answer: a result goes in first
    /// (`apply`), so nothing flickers; a refusal leaves only the confirmed
    /// todos, which rolls the change back on screen.
    pub fn answered<T>(
        &self,
        op: Uuid,
        answer: Result<T, AppError>,
        apply: impl FnOnce(&Self, T),
    ) -> Result<(), AppError> {
        let outcome = answer.map(|value| apply(self, value));
        self.settle(op);
        outcome
    }

    /// Whether write `op` is shown.
    pub fn expects(&self, op: Uuid) -> bool {
        self.pending
            .with_untracked(|all| all.iter().any(|w| w.op == op))
    }

    /// Whether todo `id` has a write the server has not answered yet.
    pub fn is_pending(&self, id: Uuid) -> bool {
        self.pending
            .with(|all| all.iter().any(|w| w.expected.todo_id() == id))
    }

    pub fn find(&self, id: Uuid) -> Option<Todo> {
        self.pending
            .with(|pending| self.todos.with(|all| shown(all, pending, id)))
    }

    /// The title of a todo here, or of one removed here lately.
    pub fn title_untracked(&self, id: Uuid) -> Option<String> {
        self.confirmed_untracked(id).map(|t| t.title).or_else(|| {
            self.removed_titles.with_value(|titles| {
                titles
                    .iter()
                    .rev()
                    .find(|(gone, _)| *gone == id)
                    .map(|(_, t)| t.clone())
            })
        })
    }

    fn confirmed_untracked(&self, id: Uuid) -> Option<Todo> {
        self.todos
            .with_untracked(|all| all.iter().find(|t| t.id == id).cloned())
    }

    /// The todo as the page shows it (pending writes included).
    pub fn find_untracked(&self, id: Uuid) -> Option<Todo> {
        self.pending
            .with_untracked(|pending| self.todos.with_untracked(|all| shown(all, pending, id)))
    }

    /// The todos as the page shows them (pending writes included).
    pub fn with<T>(&self, f: impl FnOnce(&[Todo]) -> T) -> T {
        self.pending.with(|pending| {
            self.todos.with(|all| {
                if pending.is_empty() {
                    f(all)
                } else {
                    f(&overlay(all, pending))
                }
            })
        })
    }

    /// The todos shown (pending writes included) that `keep` picks.
    pub fn shown_untracked(&self, keep: impl Fn(&Todo) -> bool) -> Vec<Todo> {
        self.pending.with_untracked(|pending| {
            self.todos.with_untracked(|all| {
                let mut shown = overlay(all, pending);
                shown.retain(|t| keep(t));
                shown
            })
        })
    }
}

/// Whether `todo` is an older copy of one deleted while the page is open.
fn stays_deleted(deleted: &[(Uuid, u64)], todo: &Todo) -> bool {
    deleted
        .iter()
        .any(|(id, version)| *id == todo.id && todo.version <= *version)
}

/// The merge rule on its own, so it can be tested without a reactive runtime.
/// The list stays ordered oldest first, like the server's.
pub(super) fn merge(all: &mut Vec<Todo>, todo: Todo) {
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
    use crate::sync::test_todos::todo;

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

    #[test]
    fn changes_made_while_a_fetch_is_on_its_way_survive_its_older_list() {
        let owner = Owner::new();
        owner.with(|| {
            let store = TodoStore::default();
            let old = todo(1, "old", "2026-01-01", "2026-01-01");
            store.begin_fetch();
            store.upsert(todo(2, "added meanwhile", "2026-01-02", "2026-01-02"));
            store.upsert(todo(1, "edited meanwhile", "2026-01-01", "2026-01-03"));
            store.finish_fetch(vec![old]);
            let titles = store.with(|all| all.iter().map(|t| t.title.clone()).collect::<Vec<_>>());
            assert_eq!(titles, ["edited meanwhile", "added meanwhile"]);
            // With no fetch running, nothing is journaled.
            store.upsert(todo(3, "later", "2026-01-04", "2026-01-04"));
            store.begin_fetch();
            store.finish_fetch(vec![]);
            assert!(store.with(<[Todo]>::is_empty));
        });
    }

    #[test]
    fn a_todo_removed_here_is_still_named_by_its_deletion_event() {
        let owner = Owner::new();
        owner.with(|| {
            let store = TodoStore::default();
            let t = todo(1, "Buy oat milk", "2026-01-01", "2026-01-01");
            store.upsert(t.clone());
            store.remove(t.id);
            assert_eq!(store.find_untracked(t.id), None);
            assert_eq!(store.title_untracked(t.id).as_deref(), Some("Buy oat milk"));
            assert_eq!(store.title_untracked(Uuid::new_v4()), None);
        });
    }

    #[test]
    fn deleted_todos_stay_deleted_until_another_list_opens() {
        let owner = Owner::new();
        owner.with(|| {
            let store = TodoStore::default();
            let t = todo(1, "a", "2026-01-01", "2026-01-01");
            store.upsert(t.clone());
            store.remove(t.id);
            store.apply(&TodoEvent::Updated(todo(
                1,
                "late",
                "2026-01-01",
                "2026-01-02",
            )));
            store.begin_fetch();
            store.finish_fetch(vec![t.clone()]);
            assert!(store.find_untracked(t.id).is_none());
            // An undo puts it back one version on.
            let mut back = t.clone();
            back.version = 2;
            store.upsert(back);
            assert!(store.find_untracked(t.id).is_some());
            store.switch();
            store.upsert(todo(2, "b", "2026-01-03", "2026-01-03"));
            store.finish_fetch(vec![t.clone()]);
            let titles = store.with(|all| all.iter().map(|t| t.title.clone()).collect::<Vec<_>>());
            assert_eq!(titles, ["a", "b"]);
        });
    }

    #[test]
    fn a_late_answer_to_a_deletion_leaves_a_todo_an_undo_brought_back() {
        let owner = Owner::new();
        owner.with(|| {
            let store = TodoStore::default();
            let t = todo(1, "Oat milk", "2026-01-01", "2026-01-01");
            store.upsert(t.clone());
            store.remove(t.id); // the deletion's echo
            let mut back = t.clone();
            back.version = t.version + 1; // the undo's echo
            store.upsert(back);
            store.remove_unless_newer(t.id, Some(t.version));
            assert!(store.find_untracked(t.id).is_some());
            // An answer for the version it now has removes it.
            store.remove_unless_newer(t.id, Some(t.version + 1));
            assert!(store.find_untracked(t.id).is_none());
        });
    }
}
