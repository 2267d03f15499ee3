//! The open list's header: its name (the owner renames it in place), who
//! else has it open, and what the user may do with it: share and delete it
//! (owner) or leave it (member). Delete and leave are real forms, so they
//! work without JavaScript too. With it, each is shown at once and sent by
//! the outbox (later, if offline).

use leptos::ev::{KeyboardEvent, SubmitEvent};
use leptos::html;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use uuid::Uuid;

use super::owns;
use super::presence::Avatars;
use super::share::ShareDialog;
use crate::api::lists::{DeleteList, RemoveMember};
use crate::domain::list::last_own_list;
use crate::domain::validate;
use crate::i18n::{Lang, fill, t};
use crate::sync::outbox::{Entry, Write};
use crate::sync::{Engine, ListExpected, ListsState};
use crate::ui::common::ErrorSlot;
use crate::ui::todos::Hydrated;

#[component]
pub fn ListHeader() -> impl IntoView {
    let state = expect_context::<ListsState>();
    let Hydrated(hydrated) = expect_context::<Hydrated>();
    let list = Memo::new(move |_| state.open());
    let name = move || list.with(|l| l.as_ref().map(|l| l.name.clone()).unwrap_or_default());
    let is_owner = move || list.with(|l| l.as_ref().is_some_and(owns));
    let renaming = RwSignal::new(false);
    let sharing = RwSignal::new(false);
    let t = t();
    view! {
        <header class="list-head">
            <div class="list-title-row">
                {move || {
                    if renaming.get() {
                        view! { <RenameBox renaming /> }.into_any()
                    } else {
                        view! { <h2 class="list-name">{name}</h2> }.into_any()
                    }
                }}
                <Avatars />
            </div>
            <div class="list-actions">
                <Show when=move || hydrated.get()>
                    <Show when=is_owner>
                        <button type="button" class="link" on:click=move |_| renaming.set(true)>
                            {t.rename}
                        </button>
                    </Show>
                    <button
                        type="button"
                        class="link share-button"
                        aria-haspopup="dialog"
                        on:click=move |_| sharing.set(true)
                    >
                        {move || if is_owner() { t.share } else { t.members }}
                    </button>
                </Show>
                {move || if is_owner() { view! { <DeleteForm /> }.into_any() } else { view! { <LeaveForm /> }.into_any() }}
            </div>
            // Only the hydrated page can open it: no markup before then.
            <Show when=move || hydrated.get()>
                <ShareDialog open=sharing />
            </Show>
        </header>
    }
}

/// The owner's inline rename: Enter saves, Escape (or leaving it) cancels.
#[component]
fn RenameBox(renaming: RwSignal<bool>) -> impl IntoView {
    let engine = expect_context::<Engine>();
    let errors = expect_context::<ErrorSlot>();
    let state = engine.lists;
    let open = state.open_untracked();
    let draft = RwSignal::new(open.as_ref().map(|l| l.name.clone()).unwrap_or_default());
    let input = NodeRef::<html::Input>::new();
    Effect::new(move |_| {
        if let Some(input) = input.get() {
            let _ = input.focus();
            input.select();
        }
    });
    let save = move || {
        renaming.set(false);
        let Some(mut list) = open.clone() else { return };
        let name = match validate::list_name(&draft.get_untracked()) {
            Ok(name) if name == list.name => return,
            Ok(name) => name,
            Err(e) => {
                errors.0.set(Some(e));
                return;
            }
        };
        list.name.clone_from(&name);
        let write = Write::RenameList { name: name.clone() };
        let entry = Entry::of_list(
            engine.ops.next(),
            list.id,
            write,
            ListExpected::Put(list),
            name,
        );
        engine.outbox.push(engine, entry);
    };
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        save();
    };
    let keydown = move |ev: KeyboardEvent| {
        if ev.key() == "Escape" {
            ev.prevent_default();
            renaming.set(false);
        }
    };
    view! {
        <form class="rename-list" on:submit=submit>
            <input
                class="list-name-input"
                aria-label=t().list_name
                maxlength="100"
                required
                node_ref=input
                bind:value=draft
                on:keydown=keydown
                on:blur=move |_| renaming.set(false)
            />
        </form>
    }
}

#[component]
fn DeleteForm() -> impl IntoView {
    let engine = expect_context::<Engine>();
    let state = engine.lists;
    let id = move || state.current_field();
    let errors = expect_context::<ErrorSlot>();
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let Some(list) = state.current.get_untracked() else {
            return;
        };
        // The server's rule, first here: nothing to roll back.
        if !state.owns_another(list) {
            errors.0.set(Some(last_own_list()));
            return;
        }
        let name = state.name_untracked(list).unwrap_or_default();
        let lang = Lang::current();
        if !confirmed(&fill(
            lang.texts().confirm_delete_list,
            &[&lang.quote(&name)],
        )) {
            return;
        }
        leave_behind(engine, list, Write::DeleteList, name);
    };
    view! {
        <form class="delete-list" method="post" action=DeleteList::url() on:submit=submit>
            <input type="hidden" name="id" value=id />
            <button type="submit" class="link danger">{t().delete_list}</button>
        </form>
    }
}

#[component]
fn LeaveForm() -> impl IntoView {
    let engine = expect_context::<Engine>();
    let state = engine.lists;
    let list_id = move || state.current_field();
    let user_id = move || {
        state
            .me
            .with(|me| me.as_ref().map(|u| u.id.to_string()))
            .unwrap_or_default()
    };
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let (Some(list), Some(me)) = (state.current.get_untracked(), state.me_untracked()) else {
            return;
        };
        let name = state.name_untracked(list).unwrap_or_default();
        let lang = Lang::current();
        if !confirmed(&fill(
            lang.texts().confirm_leave_list,
            &[&lang.quote(&name)],
        )) {
            return;
        }
        leave_behind(engine, list, Write::RemoveMember { user: me }, name);
    };
    view! {
        <form class="leave-list" method="post" action=RemoveMember::url() on:submit=submit>
            <input type="hidden" name="list_id" value=list_id />
            <input type="hidden" name="user_id" value=user_id />
            <button type="submit" class="link danger">{t().leave_list}</button>
        </form>
    }
}

/// Deletes or leaves `list`: it goes from the page at once, which moves to
/// another list; the outbox sends the write.
fn leave_behind(engine: Engine, list: Uuid, write: Write, name: String) {
    let entry = Entry::of_list(
        engine.ops.next(),
        list,
        write,
        ListExpected::Gone(list),
        name,
    );
    let landing = engine.lists.landing(list);
    engine.outbox.push(engine, entry);
    engine.lists.go.set(Some(landing));
}

/// The browser's own confirmation box (keyboard and screen-reader ready).
fn confirmed(question: &str) -> bool {
    #[cfg(feature = "hydrate")]
    {
        leptos::prelude::window()
            .confirm_with_message(question)
            .unwrap_or(false)
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = question;
        true
    }
}
