//! Resuming after being away (SPEC §7). On every (re)connect the page
//! refreshes its sidebar (lists shared with it or taken away meanwhile),
//! then asks the server for every change after the last one it applied of
//! each list (`sync`). The missed changes arrive as ordinary events before
//! the answer, are applied in order (`ListsState::step` skips any seen
//! twice) and go to Recent changes; one toast then sums them up. A list
//! whose log no longer reaches back that far is refetched instead. A gap
//! noticed in live events resumes that one list the same way; its few
//! changes get their own toasts, as live ones do.

use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use uuid::Uuid;
use wasm_bindgen::prelude::*;

use super::socket_io::Socket;
use super::{parse, to_js};
use crate::api::lists::{my_lists, open_list};
use crate::domain::events::SYNC;
use crate::error::AppError;
use crate::sync::Engine;

/// How long a resume waits for its answer.
const SYNC_TIMEOUT_MS: u32 = 15_000;

#[derive(Serialize)]
struct Request {
    lists: BTreeMap<Uuid, u64>,
}

#[derive(Deserialize)]
struct Answer {
    #[serde(default)]
    lists: BTreeMap<Uuid, Entry>,
}

#[derive(Deserialize)]
struct Entry {
    #[serde(default)]
    resync: bool,
    seq: Option<u64>,
}

/// After a (re)connect: the sidebar first, then every known list.
pub fn on_connect(socket: &Socket, engine: Engine) {
    let socket = send_wrapper::SendWrapper::new(Socket::clone(socket));
    spawn_local(async move {
        match my_lists().await {
            Ok(lists) => engine.lists.refresh(lists),
            Err(e) => leptos::logging::warn!("refreshing the lists failed: {e}"),
        }
        resume(&socket, engine, None);
    });
}

/// Asks for the changes of `only` that list (a gap), or of every known
/// list (a reconnect: one toast for them all), after the last applied.
pub fn resume(socket: &Socket, engine: Engine, only: Option<Uuid>) {
    let grouped = only.is_none();
    let known: BTreeMap<Uuid, u64> = engine
        .lists
        .seqs()
        .into_iter()
        .filter(|(list, _)| only.is_none_or(|only| only == *list))
        .collect();
    if known.is_empty() {
        return;
    }
    if grouped {
        engine.feed.hush();
    }
    // An answer lost with its connection must not leave the feed hushed:
    // the ack times out, and the next connect resumes again.
    let ack = Closure::once_into_js(move |err: JsValue, answer: JsValue| {
        let answer = if err.is_null() || err.is_undefined() {
            parse::<Answer>(&answer)
        } else {
            None
        }
        .unwrap_or(Answer {
            lists: BTreeMap::new(),
        });
        for (list, entry) in answer.lists {
            if entry.resync && engine.lists.current.get_untracked() == Some(list) {
                refetch(engine);
            }
            if let Some(seq) = entry.seq {
                engine.lists.caught_up(list, seq);
            }
        }
        if grouped {
            engine.feed.unhush();
        }
    });
    socket.timeout(SYNC_TIMEOUT_MS).ask(
        SYNC,
        &to_js(&Request { lists: known }),
        ack.unchecked_ref(),
    );
}

/// Reloads the open list and the sidebar (`resync`, or a gap the log no
/// longer covers); the store replays whatever changes meanwhile. An open
/// list that is gone sends the page home.
pub fn refetch(engine: Engine) {
    let Some(list) = engine.lists.current.get_untracked() else {
        return;
    };
    engine.store.begin_fetch();
    spawn_local(async move {
        match open_list(Some(list)).await {
            // The user may have opened another list meanwhile.
            Ok(fresh) if engine.lists.current.get_untracked() == Some(fresh.list) => {
                engine.lists.load(&fresh);
                engine.store.finish_fetch(fresh.todos.0);
            }
            Ok(_) => engine.store.abandon_fetch(),
            Err(e) => {
                engine.store.abandon_fetch();
                if e == AppError::NotFound {
                    engine.lists.remove(list);
                } else {
                    leptos::logging::warn!("refetching the list failed: {e}");
                }
            }
        }
    });
}
