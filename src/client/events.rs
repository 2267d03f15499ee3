//! Namespace `/`: every event carries its meta (SPEC §6/§7) as the second
//! argument, which says which list, who, and with which operation id; that
//! id tells this tab's own changes from everyone else's.

use leptos::prelude::*;
use uuid::Uuid;
use wasm_bindgen::JsValue;

use send_wrapper::SendWrapper;

use super::resume::resume;
use super::socket_io::Socket;
use super::{listen_with_meta, parse};
use crate::domain::Todo;
use crate::domain::events::{
    Deleted, LIST_CREATED, LIST_DELETED, LIST_UPDATED, ListGone, MEMBER_ADDED, MEMBER_REMOVED,
    MemberAdded, MemberRemoved, Meta, TODO_COMPLETED, TODO_CREATED, TODO_DELETED, TODO_UPDATED,
    TodoEvent,
};
use crate::domain::list::{Member, TodoList};
use crate::ui::lists::Step;
use crate::ui::live::{Page, Undoable, Who, quoted, todo_verb};

pub fn listen_all(socket: &Socket, page: Page) {
    on_todo(socket, TODO_CREATED, page, TodoEvent::Created);
    on_todo(socket, TODO_UPDATED, page, TodoEvent::Updated);
    on_todo(socket, TODO_COMPLETED, page, TodoEvent::Completed);
    numbered(socket, TODO_DELETED, page, move |deleted: Deleted, meta| {
        todo_changed(page, TodoEvent::Deleted(deleted), &meta)
    });
    // Created and deleted lists take no change number of their own.
    on(socket, LIST_CREATED, move |list: TodoList, meta| {
        list_created(page, list, &meta)
    });
    on(socket, LIST_DELETED, move |gone: ListGone, meta| {
        list_deleted(page, gone.id, &meta)
    });
    numbered(socket, LIST_UPDATED, page, move |list: TodoList, meta| {
        list_updated(page, list, &meta)
    });
    numbered(
        socket,
        MEMBER_ADDED,
        page,
        move |added: MemberAdded, meta| member_added(page, added, &meta),
    );
    numbered(
        socket,
        MEMBER_REMOVED,
        page,
        move |removed: MemberRemoved, meta| member_removed(page, removed, &meta),
    );
}

fn on<T: serde::de::DeserializeOwned>(
    socket: &Socket,
    name: &str,
    mut handle: impl FnMut(T, Meta) + 'static,
) {
    listen_with_meta(socket, name, move |payload: JsValue, meta: JsValue| {
        if let (Some(payload), Some(meta)) = (parse::<T>(&payload), parse::<Meta>(&meta)) {
            handle(payload, meta);
        }
    });
}

/// An event that took its list's next change number: applied once, in
/// order. One already applied (a resume's replay overlapping live events)
/// is skipped; one that shows a change was missed resumes the list instead,
/// which replays the missed one and this one in order.
fn numbered<T: serde::de::DeserializeOwned>(
    socket: &Socket,
    name: &str,
    page: Page,
    mut handle: impl FnMut(T, Meta) + 'static,
) {
    let resumer = SendWrapper::new(Socket::clone(socket));
    on(socket, name, move |payload: T, meta: Meta| {
        match page.lists.step(meta.list_id, meta.seq) {
            Step::Apply => handle(payload, meta),
            Step::Old => {}
            Step::Gap => resume(&resumer, page, Some(meta.list_id)),
        }
    });
}

fn on_todo(socket: &Socket, name: &str, page: Page, wrap: fn(Todo) -> TodoEvent) {
    numbered(socket, name, page, move |todo: Todo, meta| {
        todo_changed(page, wrap(todo), &meta)
    });
}

fn who(page: Page, meta: &Meta) -> Who {
    if page.ops.is_own(meta.op_id) {
        Who::ThisTab
    } else if page.lists.me_untracked() == Some(meta.actor.id) {
        Who::You
    } else {
        Who::Member(meta.actor.username.clone())
    }
}

fn origin(meta: &Meta) -> Option<(Uuid, u64)> {
    Some((meta.list_id, meta.seq))
}

/// A change to a todo of the open list goes to the store; one in another
/// list is only told ("… in “Groceries”").
fn todo_changed(page: Page, event: TodoEvent, meta: &Meta) {
    let here = page.lists.current.get_untracked() == Some(meta.list_id);
    let title = match &event {
        TodoEvent::Created(t) | TodoEvent::Updated(t) | TodoEvent::Completed(t) => t.title.clone(),
        TodoEvent::Deleted(d) => here
            .then(|| page.store.find_untracked(d.id))
            .flatten()
            .map_or_else(|| "a todo".to_owned(), |t| t.title),
    };
    let verb = todo_verb(event.name()).unwrap_or("changed");
    let mut what = quoted(&title);
    if here {
        page.store.apply(&event);
    } else if let Some(list) = page.lists.name_untracked(meta.list_id) {
        what = format!("{what} in {}", quoted(&list));
    }
    let undo = Undoable {
        list: meta.list_id,
        seq: meta.seq,
        todo: event.todo_id(),
    };
    page.feed
        .record_todo(verb, what, who(page, meta), undo, meta.at);
}

/// A new list of yours, or someone shared theirs with you.
fn list_created(page: Page, list: TodoList, meta: &Meta) {
    let name = quoted(&list.name);
    page.lists.upsert(list);
    match who(page, meta) {
        Who::Member(owner) => {
            let what = format!("{name} with you");
            page.feed
                .record("shared", what, Who::Member(owner), meta.at, None)
        }
        mine => page.feed.record("created", name, mine, meta.at, None),
    }
}

/// Renamed (told), or its members changed (the member events tell that).
fn list_updated(page: Page, list: TodoList, meta: &Meta) {
    let before = page.lists.name_untracked(list.id);
    let after = list.name.clone();
    page.lists.upsert(list);
    if let Some(before) = before.filter(|b| *b != after) {
        let what = format!("{} to {}", quoted(&before), quoted(&after));
        page.feed
            .record("renamed", what, who(page, meta), meta.at, origin(meta));
    }
}

/// Deleted, left, or the owner removed you: it leaves the sidebar (and the
/// screen, if open) at once.
fn list_deleted(page: Page, list: Uuid, meta: &Meta) {
    let name = page.lists.name_untracked(list);
    page.lists.remove(list);
    if let Some(name) = name {
        let what = format!("{} from your lists", quoted(&name));
        page.feed
            .record("removed", what, who(page, meta), meta.at, None);
    }
}

fn member_added(page: Page, added: MemberAdded, meta: &Meta) {
    // Being added yourself arrives as `list:created`.
    if page.lists.me_untracked() == Some(added.user.id) {
        return;
    }
    let list = page.lists.name_untracked(added.list_id).unwrap_or_default();
    let what = format!("{} to {}", added.user.username, quoted(&list));
    page.lists.add_member(
        added.list_id,
        Member {
            id: added.user.id,
            username: added.user.username,
            role: added.role,
        },
    );
    page.feed
        .record("added", what, who(page, meta), meta.at, origin(meta));
}

fn member_removed(page: Page, removed: MemberRemoved, meta: &Meta) {
    // Your own removal arrives as `list:deleted`.
    if page.lists.me_untracked() == Some(removed.user_id) {
        return;
    }
    let Some((list, username)) = page.lists.lists.with_untracked(|all| {
        let list = all.iter().find(|l| l.id == removed.list_id)?;
        let member = list.members.iter().find(|m| m.id == removed.user_id)?;
        Some((list.name.clone(), member.username.clone()))
    }) else {
        return;
    };
    page.lists.remove_member(removed.list_id, removed.user_id);
    let who = who(page, meta);
    if meta.actor.id == removed.user_id {
        page.feed
            .record("left", quoted(&list), who, meta.at, origin(meta));
    } else {
        let what = format!("{username} from {}", quoted(&list));
        page.feed
            .record("removed", what, who, meta.at, origin(meta));
    }
}
