//! Namespace `/`: every event carries its meta (SPEC §6/§7) as the second
//! argument, which says which list, who, and with which operation id; that
//! id tells this tab's own changes from everyone else's. Events that took a
//! change number are applied once and in order.

use leptos::prelude::*;
use uuid::Uuid;
use wasm_bindgen::JsValue;

use send_wrapper::SendWrapper;

use super::resume::resume;
use super::socket_io::Socket;
use super::{decode, listen_with_meta, parse};
use crate::domain::events::{ListEvent, MemberAdded, MemberRemoved, Meta, TodoEvent};
use crate::domain::list::{Member, TodoList};
use crate::i18n::fill;
use crate::sync::lists::Step;
use crate::sync::{Act, Engine, Undoable, Who};

/// Listens for every event of `ListEvent::NAMES`. A numbered event already
/// applied (a resume's replay overlapping live events) is skipped; one that
/// shows a change was missed resumes its list instead, which replays the
/// missed one and this one in order.
pub fn listen_all(socket: &Socket, engine: Engine) {
    for name in ListEvent::NAMES {
        let resumer = SendWrapper::new(Socket::clone(socket));
        listen_with_meta(socket, name, move |payload: JsValue, meta: JsValue| {
            let (Some(event), Some(meta)) = (decode(name, &payload), parse::<Meta>(&meta)) else {
                return;
            };
            if event.numbered() {
                match engine.lists.step(meta.list_id, meta.seq) {
                    Step::Apply => {}
                    Step::Old => return,
                    Step::Gap => return resume(&resumer, engine, Some(meta.list_id)),
                }
            }
            apply(engine, event, &meta);
        });
    }
}

fn apply(engine: Engine, event: ListEvent, meta: &Meta) {
    match event {
        ListEvent::Todo(event) => todo_changed(engine, event, meta),
        ListEvent::ListCreated(list) => list_created(engine, list, meta),
        ListEvent::ListUpdated(list) => list_updated(engine, list, meta),
        ListEvent::ListDeleted(gone) => list_deleted(engine, gone.id, meta),
        ListEvent::MemberAdded(added) => member_added(engine, added, meta),
        ListEvent::MemberRemoved(removed) => member_removed(engine, removed, meta),
    }
}

fn who(engine: Engine, meta: &Meta) -> Who {
    engine.lists.who(&meta.actor, engine.ops.is_own(meta.op_id))
}

fn origin(meta: &Meta) -> Option<(Uuid, u64)> {
    Some((meta.list_id, meta.seq))
}

/// A change to a todo of the open list goes to the store; one in another
/// list is only told ("… in “Groceries”").
fn todo_changed(engine: Engine, event: TodoEvent, meta: &Meta) {
    let here = engine.lists.current.get_untracked() == Some(meta.list_id);
    let title = match &event {
        TodoEvent::Created(t) | TodoEvent::Updated(t) | TodoEvent::Completed(t) => t.title.clone(),
        TodoEvent::Deleted(d) => here
            .then(|| engine.store.title_untracked(d.id))
            .flatten()
            .unwrap_or_else(|| engine.feed.lang.texts().a_todo.to_owned()),
    };
    let act = Act::of_todo_event(event.name()).unwrap_or(Act::TodoChanged);
    let lang = engine.feed.lang;
    let mut what = lang.quote(&title);
    if here {
        engine.store.apply(&event);
    } else if let Some(list) = engine.lists.name_untracked(meta.list_id) {
        what = fill(lang.texts().in_list, &[&what, &lang.quote(&list)]);
    }
    let undo = Undoable {
        list: meta.list_id,
        seq: meta.seq,
        todo: event.todo_id(),
        op: meta.op_id,
    };
    engine
        .feed
        .record_todo(act, what, who(engine, meta), undo, meta.at);
}

/// A new list of yours, or someone shared theirs with you.
fn list_created(engine: Engine, list: TodoList, meta: &Meta) {
    let lang = engine.feed.lang;
    let name = lang.quote(&list.name);
    engine.lists.upsert(list);
    match who(engine, meta) {
        Who::Member(owner) => {
            let what = fill(lang.texts().shared_with_you, &[&name]);
            engine
                .feed
                .record(Act::ListShared, what, Who::Member(owner), meta.at, None)
        }
        mine => engine
            .feed
            .record(Act::ListCreated, name, mine, meta.at, None),
    }
}

/// Renamed (told), or its members changed (the member events tell that).
fn list_updated(engine: Engine, list: TodoList, meta: &Meta) {
    let before = engine.lists.name_untracked(list.id);
    let after = list.name.clone();
    engine.lists.upsert(list);
    if let Some(before) = before.filter(|b| *b != after) {
        let lang = engine.feed.lang;
        let (before, after) = (lang.quote(&before), lang.quote(&after));
        let what = fill(lang.texts().renamed_from_to, &[&before, &after]);
        engine.feed.record(
            Act::ListRenamed,
            what,
            who(engine, meta),
            meta.at,
            origin(meta),
        );
    }
}

/// Deleted, left, or the owner removed you: it leaves the sidebar (and the
/// screen, if open) at once.
fn list_deleted(engine: Engine, list: Uuid, meta: &Meta) {
    let name = engine.lists.name_untracked(list);
    engine.lists.remove(list);
    if let Some(name) = name {
        let lang = engine.feed.lang;
        let what = fill(lang.texts().from_your_lists, &[&lang.quote(&name)]);
        engine
            .feed
            .record(Act::ListRemoved, what, who(engine, meta), meta.at, None);
    }
}

fn member_added(engine: Engine, added: MemberAdded, meta: &Meta) {
    // Being added yourself arrives as `list:created`.
    if engine.lists.me_untracked() == Some(added.user.id) {
        return;
    }
    let list = engine
        .lists
        .name_untracked(added.list_id)
        .unwrap_or_default();
    let lang = engine.feed.lang;
    let what = fill(
        lang.texts().member_to,
        &[&added.user.username, &lang.quote(&list)],
    );
    engine.lists.add_member(
        added.list_id,
        Member {
            id: added.user.id,
            username: added.user.username,
            role: added.role,
        },
    );
    // This tab's share, named as typed (perhaps an email) until now: the
    // member is here under their name, so the typed one goes at once.
    if let Some(op) = meta.op_id {
        engine.lists.settle(op);
    }
    engine.feed.record(
        Act::MemberAdded,
        what,
        who(engine, meta),
        meta.at,
        origin(meta),
    );
}

fn member_removed(engine: Engine, removed: MemberRemoved, meta: &Meta) {
    // Your own removal arrives as `list:deleted`.
    if engine.lists.me_untracked() == Some(removed.user_id) {
        return;
    }
    let Some((list, username)) = engine.lists.confirmed_untracked(|all| {
        let list = all.iter().find(|l| l.id == removed.list_id)?;
        let member = list.members.iter().find(|m| m.id == removed.user_id)?;
        Some((list.name.clone(), member.username.clone()))
    }) else {
        return;
    };
    engine.lists.remove_member(removed.list_id, removed.user_id);
    let who = who(engine, meta);
    let lang = engine.feed.lang;
    let list = lang.quote(&list);
    if meta.actor.id == removed.user_id {
        engine
            .feed
            .record(Act::MemberLeft, list, who, meta.at, origin(meta));
    } else {
        let what = fill(lang.texts().member_from, &[&username, &list]);
        engine
            .feed
            .record(Act::MemberRemoved, what, who, meta.at, origin(meta));
    }
}
