//! What the page shows of changes as they happen: the connection's state,
//! Recent changes and the toasts, each change named with who made it
//! ("this tab", "you", or the member). Numbered changes carry their list
//! and change number, which is how one seen live and the same one loaded
//! from the history are shown once.

use leptos::prelude::*;
use std::collections::VecDeque;
use std::time::Duration;
use uuid::Uuid;

use crate::domain::events::{TODO_COMPLETED, TODO_CREATED, TODO_DELETED, TODO_UPDATED};
use crate::domain::time::Timestamp;
use crate::i18n::{Lang, capitalized, fill};

/// Changes kept in the widget (SPEC asks for at least 20).
pub const RECENT_LIMIT: usize = 30;
/// Toasts on screen at once; older ones make way.
pub const TOASTS_VISIBLE: usize = 4;
/// How long a toast stays before it goes by itself.
pub const TOAST_LIFETIME: Duration = Duration::from_secs(5);
/// Screen readers hear the toasts of this long as one announcement: a
/// burst of remote changes is told once, not change by change.
pub const ANNOUNCE_AFTER: Duration = Duration::from_secs(1);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Connection {
    /// What the server renders: no script has run, so nothing is live (a
    /// page without JavaScript stays so, and says so).
    NotLive,
    Connecting,
    Connected,
    Reconnecting,
    Offline,
}

impl Connection {
    pub fn label(self, lang: Lang) -> &'static str {
        lang.texts().connection[self as usize]
    }

    pub fn key(self) -> &'static str {
        match self {
            Connection::NotLive => "not-live",
            Connection::Connecting => "connecting",
            Connection::Connected => "connected",
            Connection::Reconnecting => "reconnecting",
            Connection::Offline => "offline",
        }
    }
}

/// Who made a change, as the page names them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Who {
    /// This very tab (the event carries one of its operation ids).
    ThisTab,
    /// The same user in another tab or on another device.
    You,
    /// Another member of the list.
    Member(String),
    /// Nobody in particular: a summary of what happened while this page
    /// was away.
    Away,
}

impl Who {
    /// As Recent changes names them.
    pub fn label(&self, lang: Lang) -> &str {
        let t = lang.texts();
        match self {
            Who::ThisTab => t.this_tab,
            Who::You => t.you,
            Who::Member(name) => name,
            Who::Away => t.while_away,
        }
    }
}

/// What a change did; its verb is the page language's (`Texts::acts`,
/// in this order), its key the same in every language (`data-action`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Act {
    TodoAdded,
    TodoEdited,
    TodoCompleted,
    TodoDeleted,
    TodoChanged,
    ListCreated,
    ListShared,
    ListRenamed,
    ListRemoved,
    MemberAdded,
    MemberLeft,
    MemberRemoved,
    /// The summary of a resume: "20 changes while you were away".
    CaughtUp,
}

impl Act {
    /// How Recent changes and toasts name a `todo:*` event.
    pub fn of_todo_event(event: &str) -> Option<Act> {
        match event {
            TODO_CREATED => Some(Act::TodoAdded),
            TODO_UPDATED => Some(Act::TodoEdited),
            TODO_COMPLETED => Some(Act::TodoCompleted),
            TODO_DELETED => Some(Act::TodoDeleted),
            _ => None,
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Act::TodoAdded | Act::MemberAdded => "added",
            Act::TodoEdited => "edited",
            Act::TodoCompleted => "completed",
            Act::TodoDeleted => "deleted",
            Act::TodoChanged => "changed",
            Act::ListCreated => "created",
            Act::ListShared => "shared",
            Act::ListRenamed => "renamed",
            Act::ListRemoved | Act::MemberRemoved => "removed",
            Act::MemberLeft => "left",
            Act::CaughtUp => "caught-up",
        }
    }

    /// "added", "добавлена задача" (a summary has none: its `what` says it all).
    pub fn verb(self, lang: Lang) -> &'static str {
        match self {
            Act::CaughtUp => "",
            act => lang.texts().acts[act as usize],
        }
    }
}

/// One entry of the widget (and, unless this tab made it, a toast):
/// "`who` `verb` `what`", as in "Bob completed “Eggs”".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    pub seq: u64,
    pub act: Act,
    pub what: String,
    pub who: Who,
    pub at: Timestamp,
    /// A change to a todo can be undone (SPEC §7).
    pub undo: Option<Undoable>,
    /// The list and change number, for a numbered change: what tells a
    /// change loaded from the history from the same one seen live.
    pub origin: Option<(Uuid, u64)>,
    /// The resume that brought it, if it came in one (shown grouped under
    /// that resume's summary, "20 changes while you were away", which
    /// carries the same id).
    pub burst: Option<u64>,
}

/// Which logged change to undo, and the todo it is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Undoable {
    pub list: Uuid,
    pub seq: u64,
    pub todo: Uuid,
    /// The operation that made it, when seen live (Ctrl+Z on a write still
    /// on its way waits for this).
    pub op: Option<Uuid>,
}

impl Change {
    /// The toast's sentence.
    pub fn sentence(&self, lang: Lang) -> String {
        let t = lang.texts();
        let verb = self.act.verb(lang);
        match &self.who {
            Who::ThisTab => capitalized(&format!("{verb} {}", self.what)),
            Who::You => capitalized(&fill(t.you_did, &[verb, &self.what])),
            Who::Member(name) => fill(t.member_did, &[name, verb, &self.what]),
            Who::Away => self.what.clone(),
        }
    }
}

#[derive(Clone, Copy)]
pub struct LiveFeed {
    /// The page's language, which the changes are told in.
    pub lang: Lang,
    pub status: RwSignal<Connection>,
    /// What the browser says of its network (`navigator.onLine`): without
    /// one the page says "Offline" whatever the socket is doing.
    pub online: RwSignal<bool>,
    /// Newest first.
    pub changes: RwSignal<VecDeque<Change>>,
    pub toasts: RwSignal<Vec<Change>>,
    /// Ticks while the page is open so relative times stay current.
    pub now: RwSignal<Timestamp>,
    /// What screen readers were last told (a polite live region).
    pub announcement: RwSignal<String>,
    /// Toasted changes not announced yet.
    unannounced: StoredValue<Vec<String>>,
    next_seq: StoredValue<u64>,
    /// While above zero, changes are recorded without toasts (a resume's
    /// replay), to be summed up in one toast at its end; `missed` counts
    /// them.
    quiet: StoredValue<u32>,
    missed: StoredValue<u64>,
    /// The id of the changes recorded since the last summary: the first
    /// one's `seq`.
    burst: StoredValue<Option<u64>>,
}

impl Default for LiveFeed {
    fn default() -> Self {
        LiveFeed {
            lang: Lang::current(),
            status: RwSignal::new(Connection::NotLive),
            online: RwSignal::new(true),
            changes: RwSignal::new(VecDeque::new()),
            toasts: RwSignal::new(Vec::new()),
            now: RwSignal::new(Timestamp::now()),
            announcement: RwSignal::new(String::new()),
            unannounced: StoredValue::new(Vec::new()),
            next_seq: StoredValue::new(0),
            quiet: StoredValue::new(0),
            missed: StoredValue::new(0),
            burst: StoredValue::new(None),
        }
    }
}

impl LiveFeed {
    /// The connection as the badge tells it.
    pub fn shown_status(&self) -> Connection {
        if self.online.get() {
            self.status.get()
        } else {
            Connection::Offline
        }
    }

    /// Records a change made at `at` (`origin`: its list and number, when
    /// it took one); one this tab did not make also gets a toast that
    /// leaves by itself (unless a resume is replaying).
    pub fn record(
        &self,
        act: Act,
        what: String,
        who: Who,
        at: Timestamp,
        origin: Option<(Uuid, u64)>,
    ) {
        let mut change = self.change(act, what, who, at);
        change.origin = origin;
        self.add(change, false);
    }

    /// Records a change to a todo, which can be undone; this tab's own
    /// deletions get a toast too, to undo them from.
    pub fn record_todo(&self, act: Act, what: String, who: Who, undo: Undoable, at: Timestamp) {
        let change = self.past(act, what, who, at, (undo.list, undo.seq), Some(undo));
        self.add(change, act == Act::TodoDeleted);
    }

    /// Adds changes loaded from a list's history (newest first) that are
    /// not shown yet, newest first overall. `older`: they page back past
    /// what is shown, so the widget may grow past its usual length.
    pub fn load_past(&self, past: Vec<Change>, older: bool) {
        self.changes.update(|all| {
            for change in past {
                if all
                    .iter()
                    .any(|c| c.origin.is_some() && c.origin == change.origin)
                {
                    continue;
                }
                all.push_back(change);
            }
            all.make_contiguous()
                .sort_by_key(|c| std::cmp::Reverse(c.at.millis()));
            if !older {
                all.truncate(RECENT_LIMIT);
            }
        });
    }

    /// A numbered change (from a list's history, or seen live), put in the
    /// widget's terms.
    pub fn past(
        &self,
        act: Act,
        what: String,
        who: Who,
        at: Timestamp,
        origin: (Uuid, u64),
        undo: Option<Undoable>,
    ) -> Change {
        let mut change = self.change(act, what, who, at);
        change.origin = Some(origin);
        change.undo = undo;
        change
    }

    fn add(&self, mut change: Change, toast_own: bool) {
        let hushed = self.quiet.get_value() > 0;
        if hushed {
            self.missed.update_value(|n| *n += 1);
            let burst = *self.burst.get_value().get_or_insert(change.seq);
            self.burst.set_value(Some(burst));
            change.burst = Some(burst);
        }
        self.changes.update(|all| {
            all.push_front(change.clone());
            all.truncate(RECENT_LIMIT);
        });
        if !hushed && (change.who != Who::ThisTab || toast_own) {
            self.toast(change);
        }
    }

    /// This tab's latest change that can be undone (Ctrl+Z).
    pub fn last_own_undoable(&self) -> Option<Undoable> {
        self.changes.with_untracked(|all| {
            all.iter()
                .filter(|c| c.who == Who::ThisTab)
                .find_map(|c| c.undo)
        })
    }

    /// The newest change written by operation `op`, once its echo is in.
    pub fn undoable_of(&self, op: Uuid) -> Option<Undoable> {
        self.changes
            .with(|all| all.iter().find_map(|c| c.undo.filter(|u| u.op == Some(op))))
    }

    /// Who else last changed `todo`, as far as this page saw.
    pub fn last_other_actor(&self, todo: Uuid) -> Option<Who> {
        self.changes.with_untracked(|all| {
            all.iter()
                .filter(|c| c.who != Who::ThisTab)
                .find(|c| c.undo.is_some_and(|u| u.todo == todo))
                .map(|c| c.who.clone())
        })
    }

    /// A resume starts replaying: its changes go to Recent changes only.
    pub fn hush(&self) {
        self.quiet.update_value(|q| *q += 1);
    }

    /// The connection dropped: resumes in flight will not be answered (their
    /// acks time out later), and the next connect starts a new one.
    pub fn connection_lost(&self) {
        self.quiet.set_value(0);
    }

    /// A resume ended. When the last one running ends, one toast sums up
    /// the changes recorded meanwhile (a change replayed twice, by
    /// overlapping resumes, was applied and counted once).
    pub fn unhush(&self) {
        self.quiet.update_value(|q| *q = q.saturating_sub(1));
        if self.quiet.get_value() > 0 {
            return;
        }
        let n = self.missed.get_value();
        self.missed.set_value(0);
        if n > 0 {
            let what = self.lang.count(n, &self.lang.texts().changes_while_away);
            let mut summary = self.change(Act::CaughtUp, what, Who::Away, Timestamp::now());
            summary.burst = self.burst.get_value();
            // Recent changes shows it above the changes it sums up.
            self.changes.update(|all| all.push_front(summary.clone()));
            self.toast(summary);
        }
        self.burst.set_value(None);
    }

    fn change(&self, act: Act, what: String, who: Who, at: Timestamp) -> Change {
        let seq = self.next_seq.get_value();
        self.next_seq.set_value(seq + 1);
        Change {
            seq,
            act,
            what,
            who,
            at,
            undo: None,
            origin: None,
            burst: None,
        }
    }

    fn toast(&self, change: Change) {
        let seq = change.seq;
        let first = self.unannounced.with_value(Vec::is_empty);
        self.unannounced
            .update_value(|waiting| waiting.push(change.sentence(self.lang)));
        if first {
            let feed = *self;
            set_timeout(move || feed.announce(), ANNOUNCE_AFTER);
        }
        self.toasts.update(|shown| {
            shown.push(change);
            let excess = shown.len().saturating_sub(TOASTS_VISIBLE);
            shown.drain(..excess);
        });
        let feed = *self;
        set_timeout(move || feed.dismiss(seq), TOAST_LIFETIME);
    }

    /// One announcement for what was toasted since the last: the sentence
    /// of a lone change, the count of a burst.
    fn announce(&self) {
        let Some(waiting) = self.unannounced.try_update_value(std::mem::take) else {
            return;
        };
        let text = match waiting.as_slice() {
            [] => return,
            [one] => one.clone(),
            many => {
                let n = many.len() as u64;
                self.lang.count(n, &self.lang.texts().changes_announced)
            }
        };
        self.announcement.try_set(text);
    }

    pub fn dismiss(&self, seq: u64) {
        self.toasts.update(|shown| shown.retain(|t| t.seq != seq));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toasts_name_who_made_the_change() {
        let change = |who| Change {
            seq: 0,
            act: Act::TodoCompleted,
            what: "“Eggs”".into(),
            who,
            at: Timestamp::from_millis(0),
            undo: None,
            origin: None,
            burst: None,
        };
        let en = Lang::En;
        assert_eq!(
            change(Who::Member("Bob".into())).sentence(en),
            "Bob completed “Eggs”"
        );
        assert_eq!(
            change(Who::You).sentence(en),
            "You completed “Eggs”, in another tab or device"
        );
        assert_eq!(change(Who::ThisTab).who.label(en), "this tab");
        assert_eq!(change(Who::ThisTab).sentence(en), "Completed “Eggs”");
        let mut away = change(Who::Away);
        away.what = "3 changes while you were away".into();
        assert_eq!(away.sentence(en), "3 changes while you were away");
    }

    #[test]
    fn russian_toasts_need_no_gender() {
        let mut eggs = Change {
            seq: 0,
            act: Act::TodoCompleted,
            what: Lang::Ru.quote("Яйца"),
            who: Who::Member("Боб".into()),
            at: Timestamp::from_millis(0),
            undo: None,
            origin: None,
            burst: None,
        };
        let ru = Lang::Ru;
        assert_eq!(eggs.sentence(ru), "Боб: выполнена задача «Яйца»");
        eggs.who = Who::ThisTab;
        assert_eq!(eggs.sentence(ru), "Выполнена задача «Яйца»");
        eggs.who = Who::You;
        assert_eq!(
            eggs.sentence(ru),
            "Выполнена задача «Яйца» (вы, в другой вкладке или на другом устройстве)"
        );
    }
}
