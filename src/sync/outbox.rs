//! This tab's writes to its todos and lists, kept in the order they were
//! made until the server has answered each: shown at once (`pending`,
//! `pending_lists`), sent one after another, and kept in the browser's
//! storage so that a write made offline, or still on its way when the tab
//! closed, goes out when the page is open again. Every write is idempotent
//! — a create (of a todo or a list) carries its client-made id, a
//! completion its value rather than a flip, a deletion of something already
//! gone counts as done — so sending one twice (a lost answer, two tabs
//! adopting the same stored write) changes nothing more than once.
//!
//! A write that cannot reach the server (offline) waits and is tried again
//! (at once when the browser says it is online, else after 1 s, doubling to
//! 30 s); one the server refuses is rolled back and reported (`refused`).

use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::VecDeque;
use std::time::Duration;
use uuid::Uuid;

use super::Engine;
use super::pending::Expected;
use super::pending_lists::ListExpected;
use crate::api::lists::{add_member, create_list, delete_list, remove_member, rename_list};
use crate::api::todos::{add_todo, clear_completed, delete_todo, toggle_all, update_todo};
use crate::domain::list::{Member, TodoList};
use crate::domain::{Todo, TodoForUpdate};
use crate::error::AppError;

#[derive(Clone, Debug, Serialize, Deserialize)]
pub enum Write {
    Add {
        id: Uuid,
        title: String,
        priority: String,
        due: String,
    },
    /// A toggle, sent as the value it sets.
    Complete {
        id: Uuid,
        completed: bool,
    },
    /// A deletion, with the version it was made on: its answer may come
    /// after the todo is back (an undo), which it must not take away again.
    Delete {
        id: Uuid,
        #[serde(default)]
        version: Option<u64>,
    },
    /// An edit, with the version it was made on (`ifVersion`).
    Edit {
        id: Uuid,
        changes: TodoForUpdate,
    },
    CompleteAll {
        completed: bool,
    },
    ClearCompleted,
    /// A list made here: its id is the entry's `list`, made by this tab.
    CreateList {
        name: String,
    },
    RenameList {
        name: String,
    },
    DeleteList,
    /// `user`: a username or an email, as typed.
    Share {
        user: String,
    },
    /// The owner removes a member; `user` this user: leaving.
    RemoveMember {
        user: Uuid,
    },
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Entry {
    pub op: Uuid,
    pub list: Uuid,
    pub write: Write,
    /// What the page shows of its todos until the answer.
    pub expected: Vec<Expected>,
    /// What the page shows of its lists until the answer.
    #[serde(default)]
    pub lists: Vec<ListExpected>,
    /// The todo (or list, or member) it is about, to name it if the server
    /// refuses.
    pub title: String,
}

impl Entry {
    /// A write to list `list` itself (not its todos).
    pub fn of_list(op: Uuid, list: Uuid, write: Write, shown: ListExpected, title: String) -> Self {
        Entry {
            op,
            list,
            write,
            expected: Vec::new(),
            lists: vec![shown],
            title,
        }
    }
}

/// Steps older than this many writes belong to edits long answered.
const REMEMBERED_STEPS: usize = 256;
const FIRST_RETRY_MS: u64 = 1_000;
const LAST_RETRY_MS: u64 = 30_000;

#[derive(Clone, Copy)]
pub struct Outbox {
    queue: StoredValue<VecDeque<Entry>>,
    sending: StoredValue<bool>,
    retry_ms: StoredValue<u64>,
    /// A retry is scheduled: writes made meanwhile do not add another.
    retry_due: StoredValue<bool>,
    /// Where this tab keeps its writes (`None` until the user is known).
    key: StoredValue<Option<String>>,
    /// The last write the server refused, and why.
    pub refused: RwSignal<Option<(Entry, AppError)>>,
    /// How many writes wait for the server's answer (the badge's count).
    pub waiting: RwSignal<usize>,
    /// The versions this tab's own accepted writes moved each todo through
    /// (todo, from, to): an edit queued behind them was made on a version
    /// they have since replaced, and is sent on theirs (`rebased`), or it
    /// would meet its own tab's toggle as a conflict.
    steps: StoredValue<Vec<(Uuid, u64, u64)>>,
    /// The operation of this tab's latest write, until Ctrl+Z takes it:
    /// its answer may come before its change is logged (the socket's echo).
    latest: StoredValue<Option<Uuid>>,
}

impl Default for Outbox {
    fn default() -> Self {
        Outbox {
            queue: StoredValue::new(VecDeque::new()),
            sending: StoredValue::new(false),
            retry_ms: StoredValue::new(FIRST_RETRY_MS),
            retry_due: StoredValue::new(false),
            key: StoredValue::new(None),
            refused: RwSignal::new(None),
            waiting: RwSignal::new(0),
            steps: StoredValue::new(Vec::new()),
            latest: StoredValue::new(None),
        }
    }
}

/// This tab's latest write, as Ctrl+Z finds it.
pub enum Latest {
    /// None made since the last Ctrl+Z: the feed knows what came before.
    None,
    /// It had not gone out: it left the queue and the screen.
    TakenBack,
    /// It went out (or is on its way), made by this operation: undo it once
    /// its change is logged — at once if it is already.
    Sent(Uuid),
}

/// What the server answered a write with.
enum Answer {
    Todos(Vec<Todo>),
    Removed(Vec<Uuid>),
    /// One todo deleted, as it was at `version`.
    Deleted(Uuid, Option<u64>),
    /// The list as it now is (made or renamed).
    List(TodoList),
    /// The list went (deleted).
    ListGone,
    Member(Member),
    /// A member went from the list (this user: they left it).
    MemberGone(Uuid),
}

impl Outbox {
    /// Shows `entry` at once and sends it after the writes before it.
    pub fn push(self, engine: Engine, entry: Entry) {
        show(engine, &entry);
        self.latest.set_value(Some(entry.op));
        self.queue.update_value(|q| q.push_back(entry));
        self.persist();
        self.kick(engine);
    }

    /// The page this outbox belonged to has gone (another page, or a list
    /// page mounted afresh): an answer or a timer arriving after it has
    /// nothing left to update. Its writes stay in the browser's storage,
    /// for the next page to adopt.
    fn gone(self) -> bool {
        self.queue.is_disposed()
    }

    /// Sends what waits, unless a sender runs already.
    pub fn kick(self, engine: Engine) {
        if self.gone() || self.sending.get_value() {
            return;
        }
        self.sending.set_value(true);
        leptos::task::spawn_local(async move { self.drain(engine).await });
    }

    async fn drain(self, engine: Engine) {
        while let Some(entry) = self.queue.try_with_value(|q| q.front().cloned()).flatten() {
            let answer = send(&self.rebased(entry.clone())).await;
            if self.gone() {
                return;
            }
            if let Err(AppError::Transport(_)) = answer {
                self.sending.set_value(false);
                self.retry_later(engine);
                return;
            }
            self.retry_ms.set_value(FIRST_RETRY_MS);
            self.finish(engine, &entry, answer);
        }
        self.sending.set_value(false);
    }

    /// One timer at a time, however many writes fail meanwhile: 1 s,
    /// doubling to 30 s.
    fn retry_later(self, engine: Engine) {
        if self.gone() || self.retry_due.get_value() {
            return;
        }
        self.retry_due.set_value(true);
        let wait = self.retry_ms.get_value();
        self.retry_ms.set_value((wait * 2).min(LAST_RETRY_MS));
        set_timeout(
            move || {
                self.retry_due.set_value(false);
                self.kick(engine);
            },
            Duration::from_millis(wait),
        );
    }

    /// `version` of `todo` after this tab's own writes since.
    fn followed(self, todo: Uuid, mut version: u64) -> u64 {
        self.steps.with_value(|steps| {
            // Each step raises the version, so this ends.
            while let Some(&(_, _, next)) = steps
                .iter()
                .find(|&&(id, from, _)| id == todo && from == version)
            {
                version = next;
            }
        });
        version
    }

    /// An edit as it goes out: on the version its todo has after this
    /// tab's own writes before it.
    fn rebased(self, mut entry: Entry) -> Entry {
        if let Write::Edit { id, changes } = &mut entry.write {
            changes.if_version = changes.if_version.map(|v| self.followed(*id, v));
        }
        entry
    }

    /// Notes the versions `entry` moved its todos to, where nothing but
    /// this write came between (its new version is the next one).
    fn note_steps(self, entry: &Entry, todos: &[Todo]) {
        for todo in todos {
            let Some(base) = entry.expected.iter().find_map(|e| match e {
                Expected::Put(seen) if seen.id == todo.id => Some(seen.version),
                _ => None,
            }) else {
                continue;
            };
            let from = self.followed(todo.id, base);
            if todo.version == from + 1 {
                self.steps.update_value(|steps| {
                    if steps.len() == REMEMBERED_STEPS {
                        steps.remove(0);
                    }
                    steps.push((todo.id, from, todo.version));
                });
            }
        }
    }

    /// The server answered `entry`: its result goes in (for the open list),
    /// the write leaves the queue, a refusal is reported.
    fn finish(self, engine: Engine, entry: &Entry, answer: Result<Answer, AppError>) {
        if let Ok(Answer::Todos(todos)) = &answer {
            self.note_steps(entry, todos);
        }
        let (lists, list) = (engine.lists, entry.list);
        let here = lists.current.get_untracked() == Some(list);
        let outcome = engine
            .store
            .answered(entry.op, answer, |store, answer| match answer {
                Answer::Todos(todos) if here => todos.into_iter().for_each(|t| store.upsert(t)),
                Answer::Removed(ids) if here => ids.into_iter().for_each(|id| store.remove(id)),
                Answer::Deleted(id, version) if here => store.remove_unless_newer(id, version),
                Answer::Todos(_) | Answer::Removed(_) | Answer::Deleted(..) => {}
                Answer::List(made) => lists.upsert(made),
                Answer::ListGone => lists.remove(list),
                Answer::Member(member) => lists.add_member(list, member),
                Answer::MemberGone(user) if lists.me_untracked() == Some(user) => {
                    lists.remove(list)
                }
                Answer::MemberGone(user) => lists.remove_member(list, user),
            });
        lists.settle(entry.op);
        self.queue.update_value(|q| {
            if q.front().is_some_and(|e| e.op == entry.op) {
                q.pop_front();
            }
        });
        self.persist();
        if let Err(e) = outcome {
            self.refused.try_set(Some((entry.clone(), e)));
        }
    }

    /// Takes back the latest write if it has not gone out yet (waiting
    /// behind another, or offline); one sent is named, to be undone.
    pub fn take_back(self, engine: Engine) -> Latest {
        let Some(op) = self.latest.try_get_value().flatten() else {
            return Latest::None;
        };
        // While a sender runs, the front of the queue is out.
        let sending = self.sending.get_value();
        let unsent = self
            .queue
            .with_value(|q| q.back().is_some_and(|e| e.op == op) && !(sending && q.len() == 1));
        if !unsent {
            self.latest.set_value(None);
            return Latest::Sent(op);
        }
        let before = self.queue.try_update_value(|q| {
            q.pop_back();
            q.back().map(|e| e.op)
        });
        engine.store.settle(op);
        engine.lists.settle(op);
        self.latest.set_value(before.flatten());
        self.persist();
        Latest::TakenBack
    }

    /// Takes over the writes this user's tabs left in the browser (a
    /// reload, a closed tab), shows those of the open list, and sends them
    /// before this tab's own. Browser only.
    pub fn restore(self, engine: Engine, user: Uuid) {
        let prefix = format!("livetodo.outbox.{user}.");
        let adopted = storage::take_all(&prefix);
        self.key
            .set_value(Some(format!("{prefix}{}", super::random_id())));
        let open = engine.lists.current.get_untracked();
        for entry in &adopted {
            for shown in &entry.lists {
                engine.lists.expect(entry.op, shown.clone());
            }
            if Some(entry.list) == open {
                for expected in &entry.expected {
                    engine.store.expect(entry.op, expected.clone());
                }
            }
        }
        self.queue.update_value(|q| {
            for entry in adopted.into_iter().rev() {
                q.push_front(entry);
            }
        });
        self.persist();
        self.kick(engine);
    }

    /// Shows again the waiting writes to the todos of `list`, once its todos
    /// are loaded (opening a list starts its todos afresh).
    pub fn show_waiting(self, engine: Engine, list: Uuid) {
        let waiting: Vec<Entry> = self
            .queue
            .try_with_value(|q| q.iter().filter(|e| e.list == list).cloned().collect())
            .unwrap_or_default();
        for entry in waiting {
            if !engine.store.expects(entry.op) {
                for expected in entry.expected {
                    engine.store.expect(entry.op, expected);
                }
            }
        }
    }

    /// Keeps the queue in the browser, and its length on the badge.
    fn persist(self) {
        if self.gone() {
            return;
        }
        let waiting = self.queue.with_value(VecDeque::len);
        if self.waiting.get_untracked() != waiting {
            self.waiting.try_set(waiting);
        }
        if let Some(key) = self.key.get_value() {
            self.queue.with_value(|q| storage::put(&key, q));
        }
    }
}

/// Lays `entry` over what the page shows: its todos and its lists.
fn show(engine: Engine, entry: &Entry) {
    for expected in &entry.expected {
        engine.store.expect(entry.op, expected.clone());
    }
    for shown in &entry.lists {
        engine.lists.expect(entry.op, shown.clone());
    }
}

async fn send(entry: &Entry) -> Result<Answer, AppError> {
    let op = Some(entry.op);
    match &entry.write {
        Write::Add {
            id,
            title,
            priority,
            due,
        } => add_todo(
            Some(entry.list),
            title.clone(),
            None,
            Some(priority.clone()),
            Some(due.clone()),
            op,
            Some(*id),
        )
        .await
        .map(|t| Answer::Todos(vec![t])),
        Write::Complete { id, completed } => {
            let changes = TodoForUpdate {
                completed: Some(*completed),
                op_id: Some(entry.op.to_string()),
                ..Default::default()
            };
            update_todo(*id, changes)
                .await
                .map(|t| Answer::Todos(vec![t]))
        }
        Write::Edit { id, changes } => update_todo(*id, changes.clone())
            .await
            .map(|t| Answer::Todos(vec![t])),
        Write::Delete { id, version } => match delete_todo(*id, op).await {
            Ok(()) | Err(AppError::NotFound) => Ok(Answer::Deleted(*id, *version)),
            Err(e) => Err(e),
        },
        Write::CompleteAll { completed } => toggle_all(entry.list, *completed, op)
            .await
            .map(Answer::Todos),
        Write::ClearCompleted => clear_completed(entry.list, op).await.map(Answer::Removed),
        Write::CreateList { name } => create_list(name.clone(), op, Some(entry.list))
            .await
            .map(Answer::List),
        Write::RenameList { name } => rename_list(entry.list, name.clone(), op)
            .await
            .map(Answer::List),
        // Gone already (deleted elsewhere, or this write's answer was
        // lost): what was asked for is done.
        Write::DeleteList => match delete_list(entry.list, op).await {
            Ok(()) | Err(AppError::NotFound) => Ok(Answer::ListGone),
            Err(e) => Err(e),
        },
        Write::Share { user } => add_member(entry.list, user.clone(), op)
            .await
            .map(Answer::Member),
        Write::RemoveMember { user } => match remove_member(entry.list, *user, op).await {
            Ok(()) | Err(AppError::NotFound) => Ok(Answer::MemberGone(*user)),
            Err(e) => Err(e),
        },
    }
}

/// The browser's `localStorage`, one key per tab. (Nothing on the server.)
mod storage {
    use super::Entry;
    use std::collections::VecDeque;

    #[cfg(feature = "hydrate")]
    fn local() -> Option<leptos::web_sys::Storage> {
        leptos::prelude::window().local_storage().ok().flatten()
    }

    #[cfg(feature = "hydrate")]
    pub fn put(key: &str, queue: &VecDeque<Entry>) {
        let Some(local) = local() else { return };
        let _ = if queue.is_empty() {
            local.remove_item(key)
        } else {
            match serde_json::to_string(queue) {
                Ok(json) => local.set_item(key, &json),
                Err(_) => Ok(()),
            }
        };
    }

    /// Every write kept under `prefix` (each tab's in its order); the keys go.
    #[cfg(feature = "hydrate")]
    pub fn take_all(prefix: &str) -> Vec<Entry> {
        let Some(local) = local() else {
            return Vec::new();
        };
        let keys: Vec<String> = (0..local.length().unwrap_or(0))
            .filter_map(|i| local.key(i).ok().flatten())
            .filter(|k| k.starts_with(prefix))
            .collect();
        let mut all = Vec::new();
        for key in keys {
            if let Ok(Some(json)) = local.get_item(&key) {
                all.extend(serde_json::from_str::<Vec<Entry>>(&json).unwrap_or_default());
            }
            let _ = local.remove_item(&key);
        }
        all
    }

    #[cfg(not(feature = "hydrate"))]
    pub fn put(_key: &str, _queue: &VecDeque<Entry>) {}

    #[cfg(not(feature = "hydrate"))]
    pub fn take_all(_prefix: &str) -> Vec<Entry> {
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(op: u128, write: Write, seen: &Todo) -> Entry {
        Entry {
            op: Uuid::from_u128(op),
            list: seen.list_id,
            write,
            expected: vec![Expected::Put(seen.clone())],
            lists: Vec::new(),
            title: seen.title.clone(),
        }
    }

    fn edit_on(id: Uuid, version: u64) -> Write {
        Write::Edit {
            id,
            changes: TodoForUpdate {
                title: Some("Oat milk".into()),
                if_version: Some(version),
                ..Default::default()
            },
        }
    }

    fn sent_version(entry: &Entry) -> Option<u64> {
        match &entry.write {
            Write::Edit { changes, .. } => changes.if_version,
            _ => None,
        }
    }

    /// A toggle of `seen` (op `op`), answered with `version`.
    fn toggle_answered(outbox: Outbox, op: u128, seen: &Todo, version: u64) {
        let id = seen.id;
        let toggle = entry(
            op,
            Write::Complete {
                id,
                completed: true,
            },
            seen,
        );
        let mut answered = seen.clone();
        answered.version = version;
        outbox.note_steps(&toggle, &[answered]);
    }

    #[test]
    fn an_edit_queued_behind_its_own_tabs_toggles_goes_out_on_their_version() {
        // The outbox's state lives in Leptos' arena, which needs an owner.
        Owner::new().with(|| {
            let outbox = Outbox::default();
            let seen = super::super::test_todos::todo(7, "Milk", "2026-01-01", "2026-01-01");
            let edit = entry(2, edit_on(seen.id, seen.version), &seen);
            // The toggle is answered with the next version: nobody else wrote.
            toggle_answered(outbox, 1, &seen, seen.version + 1);
            let sent = outbox.rebased(edit.clone());
            assert_eq!(sent_version(&sent), Some(seen.version + 1));
            // A second toggle on the version shown before either: still chained.
            toggle_answered(outbox, 3, &seen, seen.version + 2);
            assert_eq!(sent_version(&outbox.rebased(edit)), Some(seen.version + 2));
        });
    }

    #[test]
    fn an_edit_behind_someone_elses_change_keeps_its_version_and_meets_the_conflict() {
        Owner::new().with(|| {
            let outbox = Outbox::default();
            let seen = super::super::test_todos::todo(7, "Milk", "2026-01-01", "2026-01-01");
            // Another member wrote in between: the toggle's answer skipped one.
            toggle_answered(outbox, 1, &seen, seen.version + 2);
            let edit = entry(2, edit_on(seen.id, seen.version), &seen);
            assert_eq!(sent_version(&outbox.rebased(edit)), Some(seen.version));
        });
    }

    #[test]
    fn a_stored_write_reads_back_as_it_was() {
        let todo = super::super::test_todos::todo(7, "Milk", "2026-01-01", "2026-01-01");
        let queue: VecDeque<Entry> = [
            Entry {
                op: Uuid::from_u128(1),
                list: Uuid::from_u128(2),
                write: Write::Add {
                    id: todo.id,
                    title: "Milk".into(),
                    priority: "high".into(),
                    due: String::new(),
                },
                expected: vec![Expected::Put(todo.clone())],
                lists: Vec::new(),
                title: "Milk".into(),
            },
            Entry {
                op: Uuid::from_u128(3),
                list: Uuid::from_u128(2),
                write: Write::Delete {
                    id: todo.id,
                    version: Some(todo.version),
                },
                expected: vec![Expected::Gone(todo.id)],
                lists: Vec::new(),
                title: "Milk".into(),
            },
            Entry::of_list(
                Uuid::from_u128(4),
                Uuid::from_u128(5),
                Write::DeleteList,
                ListExpected::Gone(Uuid::from_u128(5)),
                "Trip".into(),
            ),
        ]
        .into();
        let json = serde_json::to_string(&queue).unwrap();
        let back = serde_json::from_str::<VecDeque<Entry>>(&json).unwrap();
        assert_eq!(serde_json::to_string(&back).unwrap(), json);
        assert_eq!(back[1].expected, queue[1].expected);
        assert_eq!(back[2].lists, queue[2].lists);
        // Written before lists were: read as a write with no list part.
        let older = json.replace(r#","lists":[]"#, "");
        let back = serde_json::from_str::<VecDeque<Entry>>(&older).unwrap();
        assert!(back[0].lists.is_empty());
    }
}
