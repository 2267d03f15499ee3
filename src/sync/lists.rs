//! What the page knows about the user's lists (SPEC §6, §7): the lists as
//! the user sees them, the open one, who else is there, and the last change
//! number applied of each, which tells the next event from one already
//! applied or one missed.

use leptos::prelude::*;
use uuid::Uuid;

use super::feed::Who;
use super::pending_lists::{self, ListExpected, PendingList, overlay};
use crate::api::lists::ListPage;
use crate::api::page_todos::PageTodos;
use crate::domain::User;
use crate::domain::events::{Actor, Present};
use crate::domain::list::{Member, TodoList};

/// What the page knows about lists, as signals.
#[derive(Clone, Copy)]
pub struct ListsState {
    pub me: RwSignal<Option<User>>,
    /// The user's lists as the server confirmed them, oldest first, each as
    /// the user sees it.
    confirmed: RwSignal<Vec<TodoList>>,
    /// This tab's list writes the server has not answered, in order.
    pending: RwSignal<Vec<PendingList>>,
    /// The lists as the page shows them: the confirmed ones with the
    /// pending writes laid over them.
    pub lists: Memo<Vec<TodoList>>,
    /// The open list.
    pub current: RwSignal<Option<Uuid>>,
    /// Who else has the open list open, and what they are editing.
    pub presence: RwSignal<Vec<Present>>,
    /// The todo this tab has open in its editor.
    pub editing: RwSignal<Option<Uuid>>,
    /// Where the page should go next (the open list was deleted or left);
    /// the page follows it with the router.
    pub go: RwSignal<Option<String>>,
    /// The last change number applied, per list (SPEC §7): what a
    /// reconnect resumes from, and what tells a change already applied or
    /// one missed.
    seqs: StoredValue<Vec<(Uuid, u64)>>,
    /// Lists gone from this page (deleted, left, removed from): a list page
    /// fetched before that must not bring them back.
    removed: StoredValue<Vec<Uuid>>,
}

/// What a list page hands the next one (`ListsState::hand_over`).
struct Handoff {
    me: User,
    confirmed: Vec<TodoList>,
    pending: Vec<PendingList>,
}

thread_local! {
    static HANDOFF: std::cell::Cell<Option<Handoff>> = const { std::cell::Cell::new(None) };
}

/// What to do with a numbered event (see `ListsState::step`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// The next change: apply it (it is noted as applied).
    Apply,
    /// Applied already (a replay overlapping live events): skip it.
    Old,
    /// One or more changes before it were missed: resume the list instead.
    Gap,
}

impl Default for ListsState {
    fn default() -> Self {
        let confirmed = RwSignal::new(Vec::new());
        let pending = RwSignal::new(Vec::<PendingList>::new());
        ListsState {
            me: RwSignal::new(None),
            confirmed,
            pending,
            lists: Memo::new(move |_| confirmed.with(|c| pending.with(|p| overlay(c, p)))),
            current: RwSignal::new(None),
            presence: RwSignal::new(Vec::new()),
            editing: RwSignal::new(None),
            go: RwSignal::new(None),
            seqs: StoredValue::new(Vec::new()),
            removed: StoredValue::new(Vec::new()),
        }
    }
}

impl ListsState {
    /// Takes what a list page's fetch returned (the todos go to the store).
    ///
    /// The page was read when its fetch began; what this page learnt since
    /// (a list renamed, made, shared with the user, deleted or left, by an
    /// answer or an event) is newer and stays.
    pub fn load(&self, page: &ListPage) {
        self.me.set(Some(page.me.clone()));
        let applied = self.seqs.get_value();
        let removed = self.removed.get_value();
        let known = self.confirmed.get_untracked();
        let applied_to = |id: Uuid| applied.iter().find(|(l, _)| *l == id).map(|(_, s)| *s);
        let newer = |l: &TodoList| {
            applied_to(l.id)
                .filter(|&seq| seq > l.seq)
                .and_then(|_| known.iter().find(|k| k.id == l.id).cloned())
        };
        let mut lists: Vec<TodoList> = page
            .lists
            .iter()
            .filter(|l| !removed.contains(&l.id))
            .map(|l| newer(l).unwrap_or_else(|| l.clone()))
            .collect();
        let since: Vec<TodoList> = known
            .into_iter()
            .filter(|k| !lists.iter().any(|l| l.id == k.id))
            .collect();
        lists.extend(since);
        // Keep the later number of each.
        let seqs = lists
            .iter()
            .map(|l| (l.id, applied_to(l.id).unwrap_or(0).max(l.seq)))
            .collect();
        self.seqs.set_value(seqs);
        self.confirmed.set(lists);
        self.current.set(Some(page.list));
    }

    /// Takes a fresh copy of the user's lists (after being away): names,
    /// members and lists added or gone. The change numbers of lists already
    /// known stay, so that resuming replays what happened meanwhile.
    pub fn refresh(&self, fresh: Vec<TodoList>) {
        let gone: Vec<Uuid> = self.confirmed.with_untracked(|known| {
            known
                .iter()
                .filter(|k| !fresh.iter().any(|f| f.id == k.id))
                .map(|k| k.id)
                .collect()
        });
        for list in fresh {
            self.upsert(list);
        }
        for list in gone {
            self.remove(list);
        }
    }

    /// Where event `seq` of `list` stands against what was applied.
    pub fn step(&self, list: Uuid, seq: u64) -> Step {
        self.seqs
            .try_update_value(|seqs| match seqs.iter_mut().find(|(l, _)| *l == list) {
                Some((_, last)) if seq <= *last => Step::Old,
                Some((_, last)) if seq == *last + 1 => {
                    *last = seq;
                    Step::Apply
                }
                Some(_) => Step::Gap,
                // A list not (yet) known: nothing to compare with.
                None => Step::Apply,
            })
            .unwrap_or(Step::Apply)
    }

    /// The last change applied of every known list.
    pub fn seqs(&self) -> Vec<(Uuid, u64)> {
        self.seqs.get_value()
    }

    /// Notes that `list` is at `seq` at least (a resume's answer).
    pub fn caught_up(&self, list: Uuid, seq: u64) {
        self.seqs
            .update_value(|seqs| match seqs.iter_mut().find(|(l, _)| *l == list) {
                Some((_, last)) => *last = (*last).max(seq),
                None => seqs.push((list, seq)),
            });
    }

    pub fn me_untracked(&self) -> Option<Uuid> {
        self.me.with_untracked(|me| me.as_ref().map(|u| u.id))
    }

    /// Who made a change, as the page names them: "you" for this user
    /// (`own`: this very tab), else the member.
    pub fn who(&self, actor: &Actor, own: bool) -> Who {
        if own {
            Who::ThisTab
        } else if self.me_untracked() == Some(actor.id) {
            Who::You
        } else {
            Who::Member(actor.username.clone())
        }
    }

    /// The open list's id as a form field carries it, tracked.
    pub fn current_field(&self) -> String {
        self.current
            .get()
            .map(|id| id.to_string())
            .unwrap_or_default()
    }

    /// The open list, tracked.
    pub fn open(&self) -> Option<TodoList> {
        let id = self.current.get()?;
        self.lists
            .with(|all| all.iter().find(|l| l.id == id).cloned())
    }

    /// The open list as the page shows it, untracked.
    pub fn open_untracked(&self) -> Option<TodoList> {
        let id = self.current.get_untracked()?;
        self.lists
            .with_untracked(|all| all.iter().find(|l| l.id == id).cloned())
    }

    /// A list's name as shown, else as confirmed (a list this tab is
    /// deleting or leaving still has its name for the events about it).
    pub fn name_untracked(&self, list: Uuid) -> Option<String> {
        let named = |all: &Vec<TodoList>| all.iter().find(|l| l.id == list).map(|l| l.name.clone());
        self.lists
            .with_untracked(named)
            .or_else(|| self.confirmed.with_untracked(named))
    }

    /// Reads the lists as the server confirmed them.
    pub fn confirmed_untracked<R>(&self, f: impl FnOnce(&[TodoList]) -> R) -> R {
        self.confirmed.with_untracked(|all| f(all))
    }

    /// Adds a list or replaces it, seen as the user sees it.
    pub fn upsert(&self, list: TodoList) {
        let Some(me) = self.me_untracked() else {
            return;
        };
        let list = list.as_seen_by(me);
        // A list new to the page (shared with it, or made in another tab)
        // is followed from its current number on, so a reconnect resumes
        // it; a known list keeps the number applied (a resume starts there).
        let (id, seq) = (list.id, list.seq);
        self.removed.update_value(|gone| gone.retain(|l| *l != id));
        self.seqs.update_value(|seqs| {
            if !seqs.iter().any(|(l, _)| *l == id) {
                seqs.push((id, seq));
            }
        });
        self.confirmed
            .update(|all| match all.iter_mut().find(|l| l.id == list.id) {
                Some(known) => *known = list,
                None => all.push(list),
            });
    }

    pub fn remove(&self, list: Uuid) {
        self.removed.update_value(|gone| gone.push(list));
        self.seqs
            .update_value(|seqs| seqs.retain(|(l, _)| *l != list));
        self.confirmed.update(|all| all.retain(|l| l.id != list));
        if self.current.get_untracked() == Some(list) {
            self.presence.set(Vec::new());
            self.go.set(Some(self.landing(list)));
        }
    }

    /// Shows list write `op` before the server answers it.
    pub fn expect(&self, op: Uuid, expected: ListExpected) {
        self.pending
            .update(|all| all.push(PendingList { op, expected }));
        self.hand_over();
    }

    /// Retires list write `op` (answered, refused or taken back). If the
    /// open list is no longer shown (its making was refused), the page
    /// moves to another.
    pub fn settle(&self, op: Uuid) {
        if !self
            .pending
            .with_untracked(|all| all.iter().any(|w| w.op == op))
        {
            return;
        }
        self.pending.update(|all| all.retain(|w| w.op != op));
        self.hand_over();
        if let Some(open) = self.current.get_untracked()
            && !self
                .lists
                .with_untracked(|all| all.iter().any(|l| l.id == open))
        {
            self.go.set(Some(self.landing(open)));
        }
    }

    /// A list this tab made that the server has not confirmed yet.
    pub fn made_here(&self, list: Uuid) -> bool {
        self.confirmed.with_untracked(|confirmed| {
            self.pending
                .with_untracked(|pending| pending_lists::made_here(confirmed, pending, list))
        })
    }

    /// The page of a list this tab made and the server has not seen yet:
    /// nothing to fetch, it is empty but for this tab's own writes. (The
    /// list may have been made on the page before this one: `hand_over`.)
    pub fn local_page(&self, list: Option<Uuid>) -> Option<ListPage> {
        let list = list?;
        if !self.made_here(list) {
            self.take_over(list);
            if !self.made_here(list) {
                return None;
            }
        }
        Some(ListPage {
            me: self.me.get_untracked()?,
            lists: self.confirmed.get_untracked(),
            list,
            todos: PageTodos(Vec::new()),
        })
    }

    /// Keeps, while list writes wait, what the next list page needs to open
    /// a list made here that no server has yet (offline): the router mounts
    /// a new page between `/` and `/lists/{id}` (two routes), and the new
    /// one asks before the old one is gone. Browser only; one page at a
    /// time.
    fn hand_over(&self) {
        #[cfg(feature = "hydrate")]
        {
            let me = self.me.try_get_untracked().flatten();
            let confirmed = self.confirmed.try_get_untracked();
            let pending = self.pending.try_get_untracked();
            let handoff = match (me, confirmed, pending) {
                (Some(me), Some(confirmed), Some(pending)) if !pending.is_empty() => {
                    Some(Handoff {
                        me,
                        confirmed,
                        pending,
                    })
                }
                _ => None,
            };
            HANDOFF.set(handoff);
        }
    }

    /// Takes over what the page before handed over, if it made `list`.
    fn take_over(&self, list: Uuid) {
        let Some(before) = HANDOFF.take() else { return };
        if pending_lists::made_here(&before.confirmed, &before.pending, list) {
            self.me.set(Some(before.me));
            self.confirmed.set(before.confirmed);
            self.pending.set(before.pending);
        } else {
            HANDOFF.set(Some(before));
        }
    }

    /// Whether the user owns a list, as shown, other than `list`.
    pub fn owns_another(&self, list: Uuid) -> bool {
        let me = self.me_untracked();
        self.lists
            .with_untracked(|all| all.iter().any(|l| l.id != list && Some(l.owner_id) == me))
    }

    /// Where the page goes when `leaving` goes away: the user's first own
    /// list still shown, else their first list.
    pub fn landing(&self, leaving: Uuid) -> String {
        let me = self.me_untracked();
        self.lists
            .with_untracked(|all| {
                let others = || all.iter().filter(|l| l.id != leaving);
                others()
                    .find(|l| Some(l.owner_id) == me)
                    .or_else(|| others().next())
                    .map(|l| format!("/lists/{}", l.id))
            })
            .unwrap_or_else(|| "/".to_owned())
    }

    pub fn add_member(&self, list: Uuid, member: Member) {
        self.with_list(list, |l| {
            if !l.members.iter().any(|m| m.id == member.id) {
                l.members.push(member);
            }
        });
    }

    pub fn remove_member(&self, list: Uuid, user: Uuid) {
        self.with_list(list, |l| l.members.retain(|m| m.id != user));
    }

    fn with_list(&self, list: Uuid, f: impl FnOnce(&mut TodoList)) {
        self.confirmed.update(|all| {
            if let Some(l) = all.iter_mut().find(|l| l.id == list) {
                f(l);
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::list::Role;
    use crate::domain::time::Timestamp;

    fn list(seq: u64) -> TodoList {
        TodoList {
            id: Uuid::from_u128(7),
            name: "Shared".into(),
            owner_id: Uuid::from_u128(1),
            role: Role::Owner,
            members: Vec::new(),
            seq,
            created_at: Timestamp::from_millis(0),
            updated_at: Timestamp::from_millis(0),
        }
    }

    /// Who owns the lists `list` makes.
    fn ann() -> User {
        User {
            id: Uuid::from_u128(1),
            username: "ann".into(),
            email: "ann@example.com".into(),
        }
    }

    #[test]
    fn changes_are_named_this_tab_you_or_the_member() {
        Owner::new().with(|| {
            let state = ListsState::default();
            let me = Uuid::from_u128(2);
            state.me.set(Some(User {
                id: me,
                username: "bob".into(),
                email: "bob@example.com".into(),
            }));
            let actor = |id, name: &str| Actor {
                id,
                username: name.into(),
            };
            assert_eq!(state.who(&actor(me, "bob"), true), Who::ThisTab);
            assert_eq!(state.who(&actor(me, "bob"), false), Who::You);
            let ann = actor(Uuid::from_u128(3), "ann");
            assert_eq!(state.who(&ann, false), Who::Member("ann".into()));
        });
    }

    #[test]
    fn a_list_shared_live_is_followed_from_its_number_on() {
        Owner::new().with(|| {
            let state = ListsState::default();
            state.me.set(Some(User {
                id: Uuid::from_u128(2),
                username: "bob".into(),
                email: "bob@example.com".into(),
            }));
            state.upsert(list(5));
            let id = Uuid::from_u128(7);
            assert_eq!(state.seqs(), [(id, 5)]);
            assert_eq!(state.step(id, 7), Step::Gap, "6 was missed");
            assert_eq!(state.step(id, 6), Step::Apply);
            assert_eq!(state.step(id, 6), Step::Old);
            // Renamed later: the number applied stays.
            state.upsert(list(9));
            assert_eq!(state.step(id, 7), Step::Apply);
        });
    }

    #[test]
    fn a_list_made_here_has_a_page_of_its_own_until_its_making_is_refused() {
        Owner::new().with(|| {
            let state = ListsState::default();
            let me = ann();
            state.me.set(Some(me));
            let mine = list(0);
            state.upsert(mine.clone());
            let mut made = list(0);
            made.id = Uuid::from_u128(8);
            made.name = "Trip".into();
            let op = Uuid::from_u128(100);
            state.expect(op, ListExpected::Put(made.clone()));
            state.current.set(Some(made.id));

            let page = state.local_page(Some(made.id)).expect("made here");
            assert_eq!((page.list, page.todos.0.len()), (made.id, 0));
            assert!(
                state.local_page(Some(mine.id)).is_none(),
                "the server has it"
            );
            assert_eq!(state.lists.get_untracked().len(), 2);
            assert_eq!(state.name_untracked(made.id).as_deref(), Some("Trip"));

            // Refused: it goes, and the page moves to the user's own list.
            state.settle(op);
            assert_eq!(state.lists.get_untracked(), std::slice::from_ref(&mine));
            assert_eq!(
                state.go.get_untracked(),
                Some(format!("/lists/{}", mine.id))
            );
            assert!(state.local_page(Some(made.id)).is_none());
        });
    }

    #[test]
    fn a_list_page_read_before_a_change_does_not_undo_it() {
        Owner::new().with(|| {
            let state = ListsState::default();
            let me = ann();
            let named = |n: u128, name: &str, seq: u64| TodoList {
                id: Uuid::from_u128(n),
                name: name.into(),
                ..list(seq)
            };
            let page = |lists: Vec<TodoList>| ListPage {
                me: me.clone(),
                lists,
                list: Uuid::from_u128(10),
                todos: PageTodos(Vec::new()),
            };
            let (home, plans, team) = (
                named(10, "Home", 1),
                named(11, "Plans", 4),
                named(12, "Team", 2),
            );
            state.load(&page(vec![home.clone(), plans.clone(), team.clone()]));
            // Since that page was asked for again: Plans renamed (change 5),
            // Team deleted, Trip made.
            assert_eq!(state.step(plans.id, 5), Step::Apply);
            state.upsert(named(11, "Old plans", 5));
            state.remove(team.id);
            state.upsert(named(13, "Trip", 0));
            state.load(&page(vec![home, plans, team]));
            let names: Vec<String> = state
                .lists
                .get_untracked()
                .into_iter()
                .map(|l| l.name)
                .collect();
            assert_eq!(names, ["Home", "Old plans", "Trip"]);
            assert_eq!(
                state.step(Uuid::from_u128(11), 6),
                Step::Apply,
                "5 stays applied"
            );
        });
    }
}
