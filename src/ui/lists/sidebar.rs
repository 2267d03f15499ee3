//! The sidebar: the user's lists (the open one marked) and a form to create
//! one, which works without JavaScript (the server redirects to the new
//! list). With JavaScript the list is made here, with an id the server
//! keeps, and opened at once; the outbox sends it (later, offline).

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use crate::api::lists::CreateList;
use crate::domain::list::{Member, Role, TodoList};
use crate::domain::time::Timestamp;
use crate::domain::validate;
use crate::i18n::t;
use crate::sync::outbox::{Entry, Write};
use crate::sync::{Engine, ListExpected, ListsState, random_id};
use crate::ui::common::ErrorSlot;

#[component]
pub fn Sidebar() -> impl IntoView {
    let state = expect_context::<ListsState>();
    let rows = move || {
        state.lists.with(|all| {
            all.iter()
                .map(|l| (l.id, l.name.clone(), l.members.len()))
                .collect::<Vec<_>>()
        })
    };
    let t = t();
    view! {
        <nav class="card sidebar" aria-labelledby="lists-title">
            <h2 id="lists-title">{t.lists}</h2>
            <ul class="list-links">
                <For each=rows key=|row| row.clone() let:row>
                    {
                        let (id, name, members) = row;
                        view! {
                            <li>
                                <a
                                    href=format!("/lists/{id}")
                                    aria-current=move || (state.current.get() == Some(id)).then_some("page")
                                >
                                    <span class="list-link-name">{name}</span>
                                    {(members > 1)
                                        .then(|| {
                                            view! {
                                                <span class="shared-count" title=t.shared_with_members>
                                                    {members}
                                                </span>
                                            }
                                        })}
                                </a>
                            </li>
                        }
                    }
                </For>
            </ul>
            <NewListForm />
        </nav>
    }
}

#[component]
fn NewListForm() -> impl IntoView {
    let errors = expect_context::<ErrorSlot>();
    let engine = expect_context::<Engine>();
    let name = RwSignal::new(String::new());
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let Some(me) = engine.lists.me.get_untracked() else {
            return;
        };
        // The server's rule, first here: a name it would refuse stays typed.
        let text = match validate::list_name(&name.get_untracked()) {
            Ok(text) => text,
            Err(e) => {
                errors.0.set(Some(e));
                return;
            }
        };
        errors.0.set(None);
        name.set(String::new());
        let now = Timestamp::now();
        let made = TodoList {
            id: random_id(),
            name: text.clone(),
            owner_id: me.id,
            role: Role::Owner,
            members: vec![Member {
                id: me.id,
                username: me.username,
                role: Role::Owner,
            }],
            seq: 0,
            created_at: now,
            updated_at: now,
        };
        let id = made.id;
        let write = Write::CreateList { name: text.clone() };
        let entry = Entry::of_list(engine.ops.next(), id, write, ListExpected::Put(made), text);
        engine.outbox.push(engine, entry);
        engine.lists.go.set(Some(format!("/lists/{id}")));
    };
    let t = t();
    view! {
        <form class="new-list" method="post" action=CreateList::url() on:submit=submit>
            <input
                name="name"
                placeholder=t.new_list
                aria-label=t.new_list_name
                autocomplete="off"
                required
                maxlength="100"
                bind:value=name
            />
            <button type="submit">{t.add_list}</button>
        </form>
    }
}
