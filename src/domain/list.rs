//! Shared lists (SPEC §6) as they travel, and the inputs that create and
//! change them. Like todos, inputs arrive as raw strings so that a bad value
//! becomes an error naming its field.

use serde::{Deserialize, Serialize};
use std::{fmt, str::FromStr};
use uuid::Uuid;

use super::time::Timestamp;
use super::validate;
use crate::error::AppError;

/// The name of the list every account starts with.
pub const FIRST_LIST_NAME: &str = "My todos";

/// What a member may do: the owner renames, deletes and shares the list;
/// members read and write its todos and may leave.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Owner,
    Member,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Owner => "owner",
            Role::Member => "member",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = AppError;

    fn from_str(raw: &str) -> Result<Self, AppError> {
        match raw {
            "owner" => Ok(Role::Owner),
            "member" => Ok(Role::Member),
            _ => Err(AppError::invalid("role", "must be owner or member")),
        }
    }
}

/// `{id, username, role}`: one member of a list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    pub id: Uuid,
    pub username: String,
    pub role: Role,
}

/// A list on the wire. `role` is the reader's own, so the same list reads
/// differently to its owner and to its members.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TodoList {
    pub id: Uuid,
    pub name: String,
    pub owner_id: Uuid,
    pub role: Role,
    pub members: Vec<Member>,
    /// The list's latest change number (SPEC §7).
    pub seq: u64,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// Every account keeps at least one own list: deleting the last is refused
/// alike by the server and, before it is asked, by the page.
pub fn last_own_list() -> AppError {
    AppError::Conflict {
        field: "list".into(),
        message: "is your last own list; every account keeps at least one".into(),
    }
}

impl TodoList {
    /// The same list as `reader` sees it.
    pub fn as_seen_by(&self, reader: Uuid) -> TodoList {
        TodoList {
            role: if reader == self.owner_id {
                Role::Owner
            } else {
                Role::Member
            },
            ..self.clone()
        }
    }
}

/// `POST /api/v1/lists` and `PATCH /api/v1/lists/{id}`: `{name}`.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ListForm {
    #[serde(default)]
    pub name: Option<String>,
    /// The client's id for this write, echoed in the meta of its events.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub op_id: Option<String>,
    /// A list id the client made (create only): sending the same create
    /// again answers the list made the first time, and publishes nothing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
}

impl ListForm {
    pub fn op_id(&self) -> Result<Option<Uuid>, AppError> {
        validate::optional_id("opId", self.op_id.as_deref())
    }

    /// The client-made list id, if any.
    pub fn client_id(&self) -> Result<Option<Uuid>, AppError> {
        validate::optional_id("id", self.id.as_deref())
    }

    /// The trimmed name (SPEC §6: 1–100 characters).
    pub fn validate(&self) -> Result<String, AppError> {
        match &self.name {
            Some(name) => validate::list_name(name),
            None => Err(AppError::invalid("name", "is required")),
        }
    }
}

/// `POST /api/v1/lists/{id}/members`: `{user}`, a username or an email.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MemberForAdd {
    #[serde(default)]
    pub user: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub op_id: Option<String>,
}

impl MemberForAdd {
    pub fn op_id(&self) -> Result<Option<Uuid>, AppError> {
        validate::optional_id("opId", self.op_id.as_deref())
    }

    pub fn validate(&self) -> Result<String, AppError> {
        let user = self.user.as_deref().map(str::trim).unwrap_or_default();
        if user.is_empty() {
            return Err(AppError::invalid(
                "user",
                "is required (a username or an email)",
            ));
        }
        if user.chars().count() > validate::EMAIL_MAX {
            return Err(AppError::NoSuch {
                field: "user".into(),
            });
        }
        Ok(user.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_names_are_trimmed_and_bounded() {
        let form = |name: &str| ListForm {
            name: Some(name.into()),
            ..Default::default()
        };
        assert_eq!(form("  Groceries ").validate().unwrap(), "Groceries");
        assert_eq!(form(" ").validate().unwrap_err().field(), Some("name"));
        assert!(form(&"x".repeat(100)).validate().is_ok());
        assert_eq!(
            form(&"x".repeat(101)).validate().unwrap_err().field(),
            Some("name")
        );
        assert_eq!(
            ListForm::default().validate().unwrap_err().field(),
            Some("name")
        );
    }

    #[test]
    fn a_list_reads_with_the_readers_role() {
        let owner = Uuid::new_v4();
        let list = TodoList {
            id: Uuid::new_v4(),
            name: "x".into(),
            owner_id: owner,
            role: Role::Member,
            members: vec![],
            seq: 0,
            created_at: Timestamp::now(),
            updated_at: Timestamp::now(),
        };
        assert_eq!(list.as_seen_by(owner).role, Role::Owner);
        assert_eq!(list.as_seen_by(Uuid::new_v4()).role, Role::Member);
        let wire = serde_json::to_value(&list).unwrap();
        assert_eq!(wire["ownerId"], owner.to_string());
        assert_eq!(wire["role"], "member");
    }
}
