//! The Share dialog: the open list's members, and for its owner a form to
//! add someone by username or email and a button to remove each member.
//! A native modal `<dialog>`: the page behind it is inert, Escape closes it
//! and focus returns to the button that opened it. Tab cycles within it
//! (the browser alone would let focus leave for its own toolbar).
//! Adding and removing show at once and go out through the outbox; a
//! refusal (no such account) is rolled back and said here.

use leptos::ev::{KeyboardEvent, SubmitEvent};
use leptos::html;
use leptos::prelude::*;
use uuid::Uuid;
use wasm_bindgen::JsCast;

use super::{initials, owns};
use crate::domain::list::{Member, Role};
use crate::error::AppError;
use crate::i18n::{Lang, describe, fill};
use crate::sync::outbox::{Entry, Write};
use crate::sync::{Engine, ListExpected};
use crate::ui::common::modal_follows;

#[component]
pub fn ShareDialog(open: RwSignal<bool>) -> impl IntoView {
    let engine = expect_context::<Engine>();
    let state = engine.lists;
    let dialog = NodeRef::<html::Dialog>::new();
    let close = NodeRef::<html::Button>::new();
    let list = Memo::new(move |_| state.open());
    let is_owner = move || list.with(|l| l.as_ref().is_some_and(owns));
    let name = move || list.with(|l| l.as_ref().map(|l| l.name.clone()).unwrap_or_default());
    let members = move || list.with(|l| l.as_ref().map(|l| l.members.clone()).unwrap_or_default());
    let error = RwSignal::new(None::<AppError>);
    // What the last action did, for screen readers.
    let status = RwSignal::new(String::new());
    let who = RwSignal::new(String::new());
    let lang = Lang::current();
    let t = lang.texts();

    modal_follows(dialog, open, move || {
        error.set(None);
        status.set(String::new());
    });

    // A refused share or removal of this list is rolled back; say why
    // here, and give back what was typed. Only refusals after it opened.
    Effect::new(move |seen: Option<()>| {
        let refused = engine.outbox.refused.get();
        if seen.is_none() {
            return;
        }
        let Some((entry, e)) = refused else { return };
        if Some(entry.list) != state.current.get_untracked() {
            return;
        }
        match entry.write {
            Write::Share { user } => {
                if who.get_untracked().is_empty() {
                    who.set(user);
                }
            }
            Write::RemoveMember { .. } => {}
            _ => return,
        }
        status.set(String::new());
        error.set(Some(e));
    });
    let add = move |ev: SubmitEvent| {
        ev.prevent_default();
        let Some(list) = state.current.get_untracked() else {
            return;
        };
        let user = who.get_untracked().trim().to_owned();
        if user.is_empty() {
            return;
        }
        let op = engine.ops.next();
        // Named as typed, until the server names them.
        let shown = Member {
            id: op,
            username: user.clone(),
            role: Role::Member,
        };
        let expected = ListExpected::Member(list, shown);
        let write = Write::Share { user: user.clone() };
        engine.outbox.push(
            engine,
            Entry::of_list(op, list, write, expected, user.clone()),
        );
        status.set(fill(t.can_now_see, &[&user]));
        who.set(String::new());
        error.set(None);
    };
    let remove = move |member: Uuid, username: String| {
        let Some(list) = state.current.get_untracked() else {
            return;
        };
        let expected = ListExpected::NoMember(list, member);
        let write = Write::RemoveMember { user: member };
        let entry = Entry::of_list(engine.ops.next(), list, write, expected, username.clone());
        engine.outbox.push(engine, entry);
        status.set(fill(t.was_removed, &[&username]));
        error.set(None);
    };
    // The focus trap: past the last control (Close) back to the first, and
    // before the first back to Close.
    let keydown = move |ev: KeyboardEvent| {
        if ev.key() != "Tab" {
            return;
        }
        let (Some(dialog), Some(close)) = (dialog.get_untracked(), close.get_untracked()) else {
            return;
        };
        let Some(first) = dialog
            .query_selector("button, input")
            .ok()
            .flatten()
            .and_then(|first| first.dyn_into::<leptos::web_sys::HtmlElement>().ok())
        else {
            return;
        };
        let active = document().active_element();
        let on = |el: &leptos::web_sys::HtmlElement| active.as_ref() == Some(el.as_ref());
        let target = if ev.shift_key() {
            on(&first).then_some(&*close)
        } else {
            on(&close).then_some(&first)
        };
        if let Some(target) = target {
            ev.prevent_default();
            let _ = target.focus();
        }
    };
    let user_invalid = move || error.with(|e| e.as_ref().and_then(AppError::field) == Some("user"));

    view! {
        <dialog
            class="share-dialog"
            node_ref=dialog
            aria-labelledby="share-title"
            on:close=move |_| open.set(false)
            on:keydown=keydown
        >
            <h2 id="share-title">{move || fill(t.members_of, &[&lang.quote(&name())])}</h2>
            <ul class="members">
                <For each=members key=|m| m.id let:member>
                    <MemberRow member can_remove=is_owner() remove />
                </For>
            </ul>
            <Show
                when=is_owner
                fallback=move || view! { <p class="quiet">{t.owner_only_members}</p> }
            >
                <form class="add-member" on:submit=add>
                    <label for="share-user">{t.username_or_email}</label>
                    <div class="add-member-row">
                        <input
                            id="share-user"
                            name="user"
                            autocomplete="off"
                            required
                            aria-invalid=move || user_invalid().to_string()
                            aria-describedby="share-error"
                            bind:value=who
                        />
                        <button type="submit" class="primary">{t.add}</button>
                    </div>
                </form>
            </Show>
            <p id="share-error" class="error" role="alert">
                {move || error.get().map(|e| describe(lang, &e))}
            </p>
            <p class="sr-only" aria-live="polite">{move || status.get()}</p>
            <button type="button" class="close-dialog" node_ref=close on:click=move |_| open.set(false)>
                {t.close}
            </button>
        </dialog>
    }
}

#[component]
fn MemberRow(
    member: Member,
    can_remove: bool,
    remove: impl Fn(Uuid, String) + Copy + 'static,
) -> impl IntoView {
    let Member { id, username, role } = member;
    let removable = can_remove && role != Role::Owner;
    let t = crate::i18n::t();
    let label = fill(t.remove_member, &[&username]);
    let role_name = match role {
        Role::Owner => t.roles[0],
        Role::Member => t.roles[1],
    };
    view! {
        <li class="member">
            <span class="avatar" aria-hidden="true">{initials(&username)}</span>
            <span class="member-name">{username.clone()}</span>
            <span class="role">{role_name}</span>
            {removable
                .then(|| {
                    view! {
                        <button
                            type="button"
                            class="link danger remove-member"
                            aria-label=label
                            on:click=move |_| remove(id, username.clone())
                        >
                            {t.remove}
                        </button>
                    }
                })}
        </li>
    }
}
