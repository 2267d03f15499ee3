//! "Older changes": pages Recent changes back through the open list's
//! change log (`crate::sync::history`).

use leptos::prelude::*;

use crate::sync::{ListsState, LiveFeed, history};

/// "Older changes": the page before the oldest shown of the open list,
/// while the log has more.
#[component]
pub fn OlderChanges() -> impl IntoView {
    let feed = expect_context::<LiveFeed>();
    let lists = expect_context::<ListsState>();
    let label = feed.lang.texts().older_changes;
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
                <button type="button" class="link older" on:click=move |_| history::load(feed, lists, list, Some(seq))>
                    {label}
                </button>
            }
        })
    }
}
