//! Namespace `/presence` (SPEC §6): the page joins the open list's presence
//! (again after every reconnect, and on switching lists), shows who else is
//! there, and announces the todo this tab has open in its editor.

use leptos::prelude::*;
use send_wrapper::SendWrapper;
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use wasm_bindgen::prelude::*;

use super::socket_io::{Manager, Socket};
use super::{listen, parse, to_js};
use crate::domain::events::{
    PRESENCE, PRESENCE_EDITING, PRESENCE_JOIN, PRESENCE_LEAVE, PresenceSet, Present,
};
use crate::sync::Engine;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ListRef {
    list_id: Uuid,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Editing {
    list_id: Uuid,
    todo_id: Option<Uuid>,
}

/// The answer to `presence:join`.
#[derive(Deserialize)]
struct Joined {
    success: bool,
    #[serde(default)]
    users: Vec<Present>,
}

/// Opens the namespace (over the page's one connection) and keeps it in
/// step with the open list; returns the socket so the page can close it.
pub fn start(manager: &Manager, engine: Engine) -> Socket {
    let socket = manager.socket("/presence");
    let lists = engine.lists;
    // The list this socket has joined, if any.
    let joined = Joins {
        joined: StoredValue::new(None),
        refused: StoredValue::new(None),
    };
    let shared = SendWrapper::new(Socket::clone(&socket));

    {
        let socket = SendWrapper::clone(&shared);
        listen(&socket.clone(), "connect", move |_: JsValue| {
            // A new connection has joined nothing yet.
            joined.joined.set_value(None);
            join(&socket, engine, joined);
        });
    }
    listen(&socket, PRESENCE, move |payload: JsValue| {
        if let Some(set) = parse::<PresenceSet>(&payload)
            && lists.current.get_untracked() == Some(set.list_id)
        {
            lists.presence.set(set.users);
        }
    });
    {
        let socket = SendWrapper::clone(&shared);
        // (The lists too: a list made here can be joined once the server
        // has it.)
        Effect::new(move |_| {
            lists.current.track();
            lists.lists.track();
            join(&socket, engine, joined);
        });
    }
    {
        let socket = SendWrapper::clone(&shared);
        Effect::new(move |_| {
            let todo = lists.editing.get();
            if let Some(list) = joined.joined.get_value() {
                announce(&socket, list, todo);
            }
        });
    }
    socket
}

/// The list a presence socket has joined, and the last one it was refused.
#[derive(Clone, Copy)]
struct Joins {
    joined: StoredValue<Option<Uuid>>,
    refused: StoredValue<Option<Uuid>>,
}

/// Leaves the presence of the list joined before, if another, and joins
/// the open one.
fn join(socket: &Socket, engine: Engine, joins: Joins) {
    let Joins { joined, refused } = joins;
    let lists = engine.lists;
    let open = lists.current.get_untracked();
    if !socket.connected() || joined.get_value() == open {
        return;
    }
    if let Some(before) = joined.get_value() {
        socket.send(PRESENCE_LEAVE, &to_js(&ListRef { list_id: before }));
    }
    joined.set_value(open);
    let Some(list) = open else { return };
    let socket_again = SendWrapper::new(Socket::clone(socket));
    let ack = Closure::once_into_js(move |answer: JsValue| {
        let Some(answer) = parse::<Joined>(&answer) else {
            return;
        };
        if !answer.success && joined.try_get_value() == Some(Some(list)) {
            // Refused: a list made here that the server had not made when
            // asked. Joined again once it has (the lists change then), or
            // at once if it has by now; once, should it refuse again.
            joined.set_value(None);
            let first = refused.get_value() != Some(list);
            refused.set_value(Some(list));
            if first && !lists.made_here(list) {
                join(&socket_again, engine, joins);
            }
            return;
        }
        if answer.success && lists.current.get_untracked() == Some(list) {
            lists.presence.set(answer.users);
            // An editor left open across a reconnect is announced again.
            if let Some(todo) = lists.editing.get_untracked() {
                announce(&socket_again, list, Some(todo));
            }
        }
    });
    socket.ask(
        PRESENCE_JOIN,
        &to_js(&ListRef { list_id: list }),
        ack.unchecked_ref(),
    );
}

fn announce(socket: &Socket, list: Uuid, todo: Option<Uuid>) {
    socket.send(
        PRESENCE_EDITING,
        &to_js(&Editing {
            list_id: list,
            todo_id: todo,
        }),
    );
}
