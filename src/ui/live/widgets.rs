//! The visible parts of the live page: the connection badge, the "Recent
//! changes" list and the toasts.

use leptos::either::Either;
use leptos::prelude::*;

use super::history::OlderChanges;
use super::relative;
use super::undo::Undoer;
use crate::sync::{Change, LiveFeed, Who};

#[component]
pub fn ConnectionBadge() -> impl IntoView {
    let feed = expect_context::<LiveFeed>();
    view! {
        <span
            class="connection"
            role="status"
            data-state=move || feed.status.get().key()
            title="Live updates from your other tabs and devices"
        >
            {move || feed.status.get().label()}
        </span>
    }
}

#[component]
pub fn RecentChanges() -> impl IntoView {
    let feed = expect_context::<LiveFeed>();
    view! {
        <aside class="card recent" aria-labelledby="recent-title">
            <h2 id="recent-title">"Recent changes"</h2>
            <Show
                when=move || feed.changes.with(|c| !c.is_empty())
                fallback=|| {
                    view! {
                        <p class="quiet">
                            "Changes to your lists appear here."
                        </p>
                    }
                }
            >
                <ol class="recent-list">
                    <For each=move || feed.changes.get() key=|c| c.seq let:change>
                        <RecentEntry change />
                    </For>
                </ol>
                <OlderChanges />
            </Show>
        </aside>
    }
}

/// One change; or the summary of a resume, above the changes it brought
/// (which are set in under it).
#[component]
fn RecentEntry(change: Change) -> impl IntoView {
    let feed = expect_context::<LiveFeed>();
    let at = change.at;
    if change.who == Who::Away {
        return Either::Left(view! {
            <li class="recent-group">
                <strong>{change.what}</strong>
                <time class="recent-meta" datetime=at.to_wire()>{move || relative(at, feed.now.get())}</time>
            </li>
        });
    }
    let undo = change.undo.map(|undoable| {
        let undoer = Undoer::from_context();
        let label = format!("Undo: {} {}", change.verb, change.what);
        view! {
            <button type="button" class="link undo" aria-label=label on:click=move |_| undoer.undo(undoable)>
                "Undo"
            </button>
        }
    });
    let class = if change.burst.is_some() {
        "recent-entry in-burst"
    } else {
        "recent-entry"
    };
    Either::Right(view! {
        <li class=class data-action=change.verb>
            <span class="recent-what">
                <strong>{change.verb}</strong>
                " "
                <span class="recent-title">{change.what}</span>
            </span>
            <span class="recent-meta">
                <time datetime=at.to_wire()>{move || relative(at, feed.now.get())}</time>
                " · "
                <span class="recent-who">{change.who.label().to_owned()}</span>
                {undo.map(|button| view! { " · " {button} })}
            </span>
        </li>
    })
}

/// Announced politely; never more than a handful; each closes by itself.
#[component]
pub fn Toasts() -> impl IntoView {
    let feed = expect_context::<LiveFeed>();
    let undoer = Undoer::from_context();
    view! {
        <section class="toasts" aria-label="Notifications" aria-live="polite" aria-atomic="false">
            // Re-rendered whole on each change: there are never more than a
            // handful, and it keeps the DOM exactly in step with the signal.
            {move || {
                feed.toasts
                    .get()
                    .into_iter()
                    .map(|toast| {
                        let seq = toast.seq;
                        // This tab's own deletions are toasted to be undone.
                        let undo = toast.undo.filter(|_| toast.who == Who::ThisTab).map(|undoable| {
                            view! {
                                <button
                                    type="button"
                                    class="toast-undo"
                                    on:click=move |_| {
                                        feed.dismiss(seq);
                                        undoer.undo(undoable);
                                    }
                                >
                                    "Undo"
                                </button>
                            }
                        });
                        view! {
                            <div class="toast" data-action=toast.verb>
                                <p>{toast.sentence()}</p>
                                {undo}
                                <button
                                    type="button"
                                    class="toast-close"
                                    aria-label="Dismiss notification"
                                    on:click=move |_| feed.dismiss(seq)
                                >
                                    "×"
                                </button>
                            </div>
                        }
                    })
                    .collect_view()
            }}
        </section>
    }
}
