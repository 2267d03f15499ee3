//! The visible parts of the live page: the connection badge, the "Recent
//! changes" list and the toasts.

use leptos::either::Either;
use leptos::prelude::*;

use super::history::OlderChanges;
use super::undo::Undoer;
use crate::i18n::{fill, relative};
use crate::sync::{Change, Engine, LiveFeed, Who};

/// One status: the connection as the page knows it ("Offline" whenever the
/// browser has no network), then how many of this tab's changes the server
/// has not answered yet — nothing when none, since "saved" is only ever the
/// server's word. Only the connection is a live region: a count that moves
/// with every keystroke would be read out each time.
#[component]
pub fn ConnectionBadge() -> impl IntoView {
    let Engine { feed, outbox, .. } = expect_context::<Engine>();
    let lang = feed.lang;
    let t = lang.texts();
    let waiting = move || {
        let n = outbox.waiting.get() as u64;
        (n > 0).then(|| {
            view! {
                " — "
                <span class="waiting">{lang.count(n, &t.changes_waiting)}</span>
            }
        })
    };
    view! {
        <span
            class="connection"
            data-state=move || feed.shown_status().key()
            title=t.connection_title
        >
            <span role="status">{move || feed.shown_status().label(lang)}</span>
            {waiting}
        </span>
    }
}

#[component]
pub fn RecentChanges() -> impl IntoView {
    let feed = expect_context::<LiveFeed>();
    let t = feed.lang.texts();
    view! {
        <aside class="card recent" aria-labelledby="recent-title">
            <h2 id="recent-title">{t.recent_changes}</h2>
            <Show
                when=move || feed.changes.with(|c| !c.is_empty())
                fallback=move || view! { <p class="quiet">{t.recent_empty}</p> }
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
    let lang = feed.lang;
    let t = lang.texts();
    let at = change.at;
    let when = move || relative(lang, at, feed.now.get());
    if change.who == Who::Away {
        return Either::Left(view! {
            <li class="recent-group">
                <strong>{change.what}</strong>
                <time class="recent-meta" datetime=at.to_wire()>{when}</time>
            </li>
        });
    }
    let verb = change.act.verb(lang);
    let undo = change.undo.map(|undoable| {
        let undoer = Undoer::from_context();
        let label = fill(t.undo_what, &[verb, &change.what]);
        view! {
            <button type="button" class="link undo" aria-label=label on:click=move |_| undoer.undo(undoable)>
                {t.undo}
            </button>
        }
    });
    let class = if change.burst.is_some() {
        "recent-entry in-burst"
    } else {
        "recent-entry"
    };
    Either::Right(view! {
        <li class=class data-action=change.act.key()>
            <span class="recent-what">
                <strong>{verb}</strong>
                " "
                <span class="recent-title">{change.what}</span>
            </span>
            <span class="recent-meta">
                <time datetime=at.to_wire()>{when}</time>
                " · "
                <span class="recent-who">{change.who.label(lang).to_owned()}</span>
                {undo.map(|button| view! { " · " {button} })}
            </span>
        </li>
    })
}

/// Never more than a handful; each closes by itself. Screen readers hear
/// them through the feed's announcement, once per burst, rather than one
/// by one as they appear.
#[component]
pub fn Toasts() -> impl IntoView {
    let feed = expect_context::<LiveFeed>();
    let undoer = Undoer::from_context();
    let lang = feed.lang;
    let t = lang.texts();
    view! {
        <section class="toasts" aria-label=t.notifications>
            <p class="sr-only announcer" role="status">{move || feed.announcement.get()}</p>
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
                                    {t.undo}
                                </button>
                            }
                        });
                        view! {
                            <div class="toast" data-action=toast.act.key()>
                                <p>{toast.sentence(lang)}</p>
                                {undo}
                                <button
                                    type="button"
                                    class="toast-close"
                                    aria-label=t.dismiss
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
