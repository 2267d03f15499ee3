//! The realtime contract of SPEC §3, as one definition both builds share: the
//! event names and what each one carries. The server's gateway emits these;
//! the page's Socket.IO client listens for them.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::list::{Role, TodoList};
use super::time::Timestamp;
use super::{Todo, User};

pub const TODO_CREATED: &str = "todo:created";
pub const TODO_UPDATED: &str = "todo:updated";
pub const TODO_COMPLETED: &str = "todo:completed";
pub const TODO_DELETED: &str = "todo:deleted";

/// Whether an event name is one of the `todo:*` events (their payload is a
/// todo, or `{id}` for a deletion).
pub fn is_todo_event(name: &str) -> bool {
    name.starts_with("todo:")
}
/// Client → server: ask for the `joined` greeting.
pub const JOIN: &str = "join";
pub const JOINED: &str = "joined";
/// Server → client: a message the server could not accept.
pub const ERROR: &str = "error";

/// One change to one todo, as it goes out to the owner's sockets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TodoEvent {
    Created(Todo),
    Updated(Todo),
    /// `completed` went from false to true (sent instead of `Updated`).
    Completed(Todo),
    Deleted(Deleted),
}

/// The payload of `todo:deleted`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deleted {
    pub id: Uuid,
}

impl TodoEvent {
    /// The event for a todo that changed from `before` to `after`.
    pub fn for_change(before: &Todo, after: Todo) -> Self {
        if after.completed && !before.completed {
            TodoEvent::Completed(after)
        } else {
            TodoEvent::Updated(after)
        }
    }

    pub fn name(&self) -> &'static str {
        match self {
            TodoEvent::Created(_) => TODO_CREATED,
            TodoEvent::Updated(_) => TODO_UPDATED,
            TodoEvent::Completed(_) => TODO_COMPLETED,
            TodoEvent::Deleted(_) => TODO_DELETED,
        }
    }

    pub fn todo_id(&self) -> Uuid {
        match self {
            TodoEvent::Created(t) | TodoEvent::Updated(t) | TodoEvent::Completed(t) => t.id,
            TodoEvent::Deleted(d) => d.id,
        }
    }
}

/// The answer to `join`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Joined {
    pub message: String,
    pub user: User,
}

/// The payload of `error`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorMessage {
    pub message: String,
}

/// Server → client: this socket missed events (it could not keep up); the
/// client should refetch its todos. An addition to SPEC §3 that clients
/// unaware of it can ignore: reconnecting refetches anyway.
pub const RESYNC: &str = "resync";
/// Client → server (SPEC §7): resume each named list after its last seen
/// change number, with an ack.
pub const SYNC: &str = "sync";

/// The payload of `resync`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Resync {
    pub reason: String,
}

pub const LIST_CREATED: &str = "list:created";
pub const LIST_UPDATED: &str = "list:updated";
pub const LIST_DELETED: &str = "list:deleted";
pub const MEMBER_ADDED: &str = "member:added";
pub const MEMBER_REMOVED: &str = "member:removed";

/// An event of namespace `/` about a list or its todos (SPEC §3, §6, §7),
/// decoded by its name from its JSON payload. Clients (the page, the tests)
/// decode them here and nowhere else.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ListEvent {
    Todo(TodoEvent),
    ListCreated(TodoList),
    ListUpdated(TodoList),
    ListDeleted(ListGone),
    MemberAdded(MemberAdded),
    MemberRemoved(MemberRemoved),
}

impl ListEvent {
    /// Every event name of namespace `/` that carries a list's change.
    pub const NAMES: [&'static str; 9] = [
        TODO_CREATED,
        TODO_UPDATED,
        TODO_COMPLETED,
        TODO_DELETED,
        LIST_CREATED,
        LIST_UPDATED,
        LIST_DELETED,
        MEMBER_ADDED,
        MEMBER_REMOVED,
    ];

    /// The payload of event `name`; `None` for a name not in `NAMES`.
    pub fn decode(name: &str, payload: &[u8]) -> Option<Result<Self, serde_json::Error>> {
        fn de<T: serde::de::DeserializeOwned>(
            payload: &[u8],
            wrap: impl FnOnce(T) -> ListEvent,
        ) -> Option<Result<ListEvent, serde_json::Error>> {
            Some(serde_json::from_slice(payload).map(wrap))
        }
        let todo = |wrap: fn(Todo) -> TodoEvent| move |t| ListEvent::Todo(wrap(t));
        match name {
            TODO_CREATED => de(payload, todo(TodoEvent::Created)),
            TODO_UPDATED => de(payload, todo(TodoEvent::Updated)),
            TODO_COMPLETED => de(payload, todo(TodoEvent::Completed)),
            TODO_DELETED => de(payload, |d| ListEvent::Todo(TodoEvent::Deleted(d))),
            LIST_CREATED => de(payload, ListEvent::ListCreated),
            LIST_UPDATED => de(payload, ListEvent::ListUpdated),
            LIST_DELETED => de(payload, ListEvent::ListDeleted),
            MEMBER_ADDED => de(payload, ListEvent::MemberAdded),
            MEMBER_REMOVED => de(payload, ListEvent::MemberRemoved),
            _ => None,
        }
    }

    /// Whether the event took its list's next change number. A list created
    /// (or shared) or deleted (or left) carries the list's latest instead.
    pub fn numbered(&self) -> bool {
        !matches!(self, ListEvent::ListCreated(_) | ListEvent::ListDeleted(_))
    }
}

/// Who made a change, as events name them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    pub id: Uuid,
    pub username: String,
}

/// The second argument of every event of SPEC §6 and §7 on namespace `/`:
/// which list, when, who, its change number, and the client's operation id
/// when the write carried one (so a tab knows its own changes exactly).
/// Clients that know only SPEC §3 ignore it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Meta {
    pub list_id: Uuid,
    pub seq: u64,
    pub at: Timestamp,
    pub actor: Actor,
    pub op_id: Option<Uuid>,
}

/// The payload of `list:deleted`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListGone {
    pub id: Uuid,
}

/// A member as `member:added` names them (no role: that is beside it).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberRef {
    pub id: Uuid,
    pub username: String,
}

/// The payload of `member:added`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MemberAdded {
    pub list_id: Uuid,
    pub user: MemberRef,
    pub role: Role,
}

/// The payload of `member:removed`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MemberRemoved {
    pub list_id: Uuid,
    pub user_id: Uuid,
}

/// Namespace `/presence`, client → server: open a list (with an ack).
pub const PRESENCE_JOIN: &str = "presence:join";
/// Client → server: close it.
pub const PRESENCE_LEAVE: &str = "presence:leave";
/// Client → server: the todo you have open in an editor, or none.
pub const PRESENCE_EDITING: &str = "presence:editing";
/// Server → client: a list's presence set, whenever it changes.
pub const PRESENCE: &str = "presence";

/// One user in a list's presence: `editing` is the todo they have open in
/// an editor, if any.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Present {
    pub id: Uuid,
    pub username: String,
    pub editing: Option<Uuid>,
}

/// `presence`: the whole set of a list, sent whenever it changes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PresenceSet {
    pub list_id: Uuid,
    pub users: Vec<Present>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_list_event_decodes_by_its_name() {
        let id = "00000000-0000-0000-0000-000000000007";
        let gone = format!(r#"{{"id":"{id}"}}"#);
        assert_eq!(
            ListEvent::decode(TODO_DELETED, gone.as_bytes()).map(Result::unwrap),
            Some(ListEvent::Todo(TodoEvent::Deleted(Deleted {
                id: Uuid::from_u128(7)
            })))
        );
        let gone = ListEvent::decode(LIST_DELETED, gone.as_bytes()).map(Result::unwrap);
        assert!(gone.is_some_and(|e| !e.numbered()));
        let removed = format!(r#"{{"listId":"{id}","userId":"{id}"}}"#);
        let removed = ListEvent::decode(MEMBER_REMOVED, removed.as_bytes()).map(Result::unwrap);
        assert!(removed.is_some_and(|e| e.numbered()));
        // A malformed payload is an error, an unknown name none at all.
        assert!(ListEvent::decode(TODO_CREATED, b"{}").is_some_and(|r| r.is_err()));
        assert!(ListEvent::decode(PRESENCE, b"{}").is_none());
        for name in ListEvent::NAMES {
            assert!(ListEvent::decode(name, b"null").is_some(), "{name}");
        }
    }
}
