//! Presence on the page: the avatars of the others who have the open list
//! open, and "Bob is editing" on the row they have open in an editor. The
//! set comes from namespace `/presence` (see `crate::sync::socket::presence`).

use leptos::prelude::*;
use uuid::Uuid;

use super::initials;
use crate::i18n::{fill, t};
use crate::sync::ListsState;

#[component]
pub fn Avatars() -> impl IntoView {
    let state = expect_context::<ListsState>();
    let others = move || {
        let me = state.me.with(|me| me.as_ref().map(|u| u.id));
        state.presence.with(|all| {
            all.iter()
                .filter(|p| Some(p.id) != me)
                .map(|p| p.username.clone())
                .collect::<Vec<_>>()
        })
    };
    view! {
        <ul class="presence" aria-label=t().also_here>
            <For each=others key=|name| name.clone() let:name>
                <li class="avatar" title=name.clone() aria-label=name.clone()>
                    <span aria-hidden="true">{initials(&name)}</span>
                </li>
            </For>
        </ul>
    }
}

/// Who else is editing todo `id`, if anyone.
#[component]
pub fn EditingMarker(id: Uuid, state: ListsState) -> impl IntoView {
    let t = t();
    let who = move || {
        let me = state.me.with(|me| me.as_ref().map(|u| u.id));
        state.presence.with(|all| {
            let names: Vec<&str> = all
                .iter()
                .filter(|p| p.editing == Some(id) && Some(p.id) != me)
                .map(|p| p.username.as_str())
                .collect();
            let template = if names.len() == 1 {
                t.is_editing
            } else {
                t.are_editing
            };
            (!names.is_empty()).then(|| fill(template, &[&names.join(", ")]))
        })
    };
    move || who().map(|text| view! { <span class="editing-by">{text}</span> })
}
