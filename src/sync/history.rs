//! Recent changes from a list's change log (SPEC §7), so the feed survives
//! a reload and shows what happened while the page was closed: loaded
//! whenever a list opens (merged with what was seen live), and paged back
//! on request ("Older changes").

use uuid::Uuid;

use super::feed::{Act, Change, LiveFeed, Undoable};
use super::lists::ListsState;
use crate::api::changes::{PastChange, recent_changes};
use crate::domain::events::{LIST_UPDATED, MEMBER_ADDED, MEMBER_REMOVED};
use crate::i18n::fill;

/// Loads the history of every list the page opens (browser only).
#[cfg(feature = "hydrate")]
pub fn follow(engine: super::Engine) {
    use leptos::prelude::*;
    Effect::new(move |_| {
        if let Some(list) = engine.lists.current.get() {
            load(engine.feed, engine.lists, list, None);
        }
    });
}

/// Loads the changes of `list` before `before` (or the latest).
pub fn load(feed: LiveFeed, lists: ListsState, list: Uuid, before: Option<u64>) {
    leptos::task::spawn_local(async move {
        match recent_changes(list, before).await {
            Ok(past) => {
                let changes = past
                    .into_iter()
                    .filter_map(|p| in_words(feed, lists, list, p))
                    .collect();
                feed.load_past(changes, before.is_some());
            }
            Err(e) => leptos::logging::warn!("loading recent changes failed: {e}"),
        }
    });
}

fn in_words(feed: LiveFeed, lists: ListsState, list: Uuid, past: PastChange) -> Option<Change> {
    let lang = feed.lang;
    let t = lang.texts();
    let name = lang.quote(&lists.name_untracked(list).unwrap_or_default());
    let (act, what) = match (Act::of_todo_event(&past.event), past.event.as_str()) {
        (Some(act), _) => (act, lang.quote(&past.subject)),
        (None, LIST_UPDATED) => (
            Act::ListRenamed,
            fill(t.renamed_to, &[&lang.quote(&past.subject)]),
        ),
        (None, MEMBER_ADDED) => (Act::MemberAdded, fill(t.member_to, &[&past.subject, &name])),
        (None, MEMBER_REMOVED) => (Act::MemberRemoved, fill(t.a_member_from, &[&name])),
        _ => return None,
    };
    // This tab's own operation ids do not survive a reload: "you".
    let who = lists.who(&past.actor, false);
    let undo = past.todo.map(|todo| Undoable {
        list,
        seq: past.seq,
        todo,
        op: None,
    });
    Some(feed.past(act, what, who, past.at, (list, past.seq), undo))
}
