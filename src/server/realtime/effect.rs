//! What a committed write tells which sockets: the committer collects these
//! while it runs a batch and hands them to `publish` once the batch is
//! durable, in commit order. Room changes are effects too, so a socket
//! joins or leaves a list's room exactly between the events before and
//! after the change that caused it.

use uuid::Uuid;

use serde_json::value::RawValue;

use crate::domain::events::{MemberAdded, MemberRemoved, Meta};
use crate::domain::list::TodoList;

#[derive(Clone, Debug)]
pub enum Effect {
    /// A `todo:*` event, to the sockets of every member of `meta.list_id`;
    /// its payload encoded once, for the log and every socket alike.
    Todo {
        name: &'static str,
        payload: Box<RawValue>,
        meta: Meta,
    },
    /// `user`'s sockets join the list's room, then get `list:created`.
    ListJoined {
        user: Uuid,
        list: TodoList,
        meta: Meta,
    },
    /// `list:updated`, to the members' sockets (each reads its own role).
    ListUpdated { list: TodoList, meta: Meta },
    /// `users`' sockets leave the room of `meta.list_id`, then each gets
    /// `list:deleted`: nothing about the list reaches them after it.
    ListLeft { users: Vec<Uuid>, meta: Meta },
    /// `member:added`, to the members' sockets.
    MemberAdded { added: MemberAdded, meta: Meta },
    /// `member:removed`, to the remaining members' sockets.
    MemberRemoved { removed: MemberRemoved, meta: Meta },
}
