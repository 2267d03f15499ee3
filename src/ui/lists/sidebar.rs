//! The sidebar: the user's lists (the open one marked) and a form to create
//! one, which works without JavaScript (the server redirects to the new
//! list; with JavaScript the router follows the same redirect).

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use crate::api::lists::{CreateList, create_list};
use crate::i18n::t;
use crate::sync::{ListsState, OwnOps};
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
    let ops = expect_context::<OwnOps>();
    let name = RwSignal::new(String::new());
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let text = name.get_untracked().trim().to_owned();
        if text.is_empty() {
            return;
        }
        name.set(String::new());
        let op = ops.next();
        errors.run(async move {
            if let Err(e) = create_list(text.clone(), Some(op)).await {
                name.set(text);
                return Err(e);
            }
            Ok(())
        });
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
