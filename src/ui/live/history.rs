//! Recent changes from the open list's change log (SPEC §7), so the widget
//! survives a reload and shows what happened while the page was closed:
//! loaded whenever a list opens (merged with what was seen live), and paged
//! back with "Older changes".

use leptos::prelude::*;
use uuid::Uuid;

use super::{Change, LiveFeed, Undoable, Who, quoted, todo_verb};
use crate::api::changes::{PastChange, recent_changes};
use crate::domain::events::{LIST_UPDATED, MEMBER_ADDED, MEMBER_REMOVED};
use crate::ui::lists::ListsState;

/// Loads the history of every list the page opens (browser only).
#[cfg(feature = "hydrate")]
pub fn follow(page: super::Page) {
    Effect::new(move |_| {
        if let Some(list) = page.lists.current.get() {
            load(page.feed, page.lists, list, None);
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

/// "Older changes": the page before the oldest shown of the open list,
/// while the log has more.
#[component]
pub fn OlderChanges() -> impl IntoView {
    let feed = expect_context::<LiveFeed>();
    let lists = expect_context::<ListsState>();
    let oldest = move || {
        let list = lists.current.get()?;
        feed.changes.with(|all| {
            all.iter()
                .filter_map(|c| c.origin)
                .filter(|(l, _)| *l == list)
                .map(|(_, seq)| seq)
                .min()
                .filter(|seq| *seq > 1)
                .map(|seq| (list, seq))
        })
    };
    move || {
        oldest().map(|(list, seq)| {
            view! {
                <button type="button" class="link older" on:click=move |_| load(feed, lists, list, Some(seq))>
                    "Older changes"
                </button>
            }
        })
    }
}

fn in_words(feed: LiveFeed, lists: ListsState, list: Uuid, past: PastChange) -> Option<Change> {
    let name = quoted(&lists.name_untracked(list).unwrap_or_default());
    let (verb, what) = match (todo_verb(&past.event), past.event.as_str()) {
        (Some(verb), _) => (verb, quoted(&past.subject)),
        (None, LIST_UPDATED) => ("renamed", format!("the list to {}", quoted(&past.subject))),
        (None, MEMBER_ADDED) => ("added", format!("{} to {name}", past.subject)),
        (None, MEMBER_REMOVED) => ("removed", format!("a member from {name}")),
        _ => return None,
    };
    // This tab's own operation ids do not survive a reload: "you".
    let who = if lists.me_untracked() == Some(past.actor.id) {
        Who::You
    } else {
        Who::Member(past.actor.username.clone())
    };
    let undo = past.todo.map(|todo| Undoable {
        list,
        seq: past.seq,
        todo,
    });
    Some(feed.past(verb, what, who, past.at, (list, past.seq), undo))
}
