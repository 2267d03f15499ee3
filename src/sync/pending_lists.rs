//! This tab's list writes (made, renamed, deleted, left, shared, a member
//! removed) shown before the server answers them, as `pending` does for
//! todos: each is what the page expects, kept under its operation id and
//! laid over the confirmed lists in the order made. An answer goes into
//! the confirmed lists and retires the write; a refusal only retires it,
//! which is the rollback.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::domain::list::{Member, TodoList};

/// What a pending list write expects.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ListExpected {
    /// The list as it will be: made here, or renamed.
    Put(TodoList),
    /// Gone from the user's lists: deleted, or left.
    Gone(Uuid),
    /// A member added to a list, named as typed until the server names them
    /// (their id is the write's until then).
    Member(Uuid, Member),
    /// A member removed from a list.
    NoMember(Uuid, Uuid),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PendingList {
    pub op: Uuid,
    pub expected: ListExpected,
}

/// Whether `list` is one a pending write makes that the server has not
/// confirmed.
pub fn made_here(confirmed: &[TodoList], pending: &[PendingList], list: Uuid) -> bool {
    !confirmed.iter().any(|l| l.id == list)
        && pending
            .iter()
            .any(|w| matches!(&w.expected, ListExpected::Put(l) if l.id == list))
}

/// The confirmed lists with every pending list write laid over them.
pub fn overlay(confirmed: &[TodoList], pending: &[PendingList]) -> Vec<TodoList> {
    let mut all = confirmed.to_vec();
    for write in pending {
        match &write.expected {
            ListExpected::Put(list) => match all.iter_mut().find(|l| l.id == list.id) {
                // A rename keeps the members the page knows now.
                Some(shown) => shown.name.clone_from(&list.name),
                None => all.push(list.clone()),
            },
            ListExpected::Gone(id) => all.retain(|l| l.id != *id),
            ListExpected::Member(list, member) => {
                if let Some(l) = all.iter_mut().find(|l| l.id == *list)
                    && !l.members.iter().any(|m| m.username == member.username)
                {
                    l.members.push(member.clone());
                }
            }
            ListExpected::NoMember(list, user) => {
                if let Some(l) = all.iter_mut().find(|l| l.id == *list) {
                    l.members.retain(|m| m.id != *user);
                }
            }
        }
    }
    all
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::list::Role;
    use crate::domain::time::Timestamp;

    fn list(n: u128, name: &str) -> TodoList {
        TodoList {
            id: Uuid::from_u128(n),
            name: name.into(),
            owner_id: Uuid::from_u128(1),
            role: Role::Owner,
            members: vec![Member {
                id: Uuid::from_u128(1),
                username: "ann".into(),
                role: Role::Owner,
            }],
            seq: 0,
            created_at: Timestamp::from_millis(0),
            updated_at: Timestamp::from_millis(0),
        }
    }

    fn pending(op: u128, expected: ListExpected) -> PendingList {
        PendingList {
            op: Uuid::from_u128(op),
            expected,
        }
    }

    #[test]
    fn pending_list_writes_lie_over_the_confirmed_lists_in_order() {
        let confirmed = [list(10, "Home"), list(11, "Work")];
        let bob = Member {
            id: Uuid::from_u128(100),
            username: "bob".into(),
            role: Role::Member,
        };
        let writes = [
            pending(100, ListExpected::Put(list(12, "Trip"))),
            pending(101, ListExpected::Put(list(12, "Trip to Oslo"))),
            pending(102, ListExpected::Gone(Uuid::from_u128(11))),
            pending(103, ListExpected::Member(Uuid::from_u128(12), bob.clone())),
            pending(104, ListExpected::Member(Uuid::from_u128(12), bob)),
            pending(
                105,
                ListExpected::NoMember(Uuid::from_u128(10), Uuid::from_u128(1)),
            ),
        ];
        let shown = overlay(&confirmed, &writes);
        let names: Vec<&str> = shown.iter().map(|l| l.name.as_str()).collect();
        assert_eq!(names, ["Home", "Trip to Oslo"]);
        assert!(shown[0].members.is_empty());
        let members: Vec<&str> = shown[1]
            .members
            .iter()
            .map(|m| m.username.as_str())
            .collect();
        assert_eq!(members, ["ann", "bob"], "added once");
        // Nothing pending: the confirmed lists as they are.
        assert_eq!(overlay(&confirmed, &[]), confirmed);
    }
}
