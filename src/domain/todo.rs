//! The todo as it travels (SPEC §1) and the two input shapes that create and
//! change one. Inputs arrive as raw strings so that a bad value becomes an
//! error naming its field, not a deserialisation failure with no name.

use serde::{Deserialize, Deserializer, Serialize};
use std::{fmt, str::FromStr};
use uuid::Uuid;

use super::time::{self, Timestamp};
use super::validate;
use crate::error::AppError;

/// A todo on the wire. Clients must ignore fields they do not know.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Todo {
    pub id: Uuid,
    pub title: String,
    pub description: String,
    pub completed: bool,
    pub priority: Priority,
    pub due_date: Option<Timestamp>,
    /// Who created it (SPEC §6).
    pub user_id: Uuid,
    /// The list it is in (SPEC §6).
    pub list_id: Uuid,
    /// 1 when created, +1 on every change.
    pub version: u64,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

impl Todo {
    /// Overdue: not done and due before the start of today (UTC), so a todo
    /// due today is not overdue until the day is over.
    pub fn is_overdue(&self, now: Timestamp) -> bool {
        !self.completed && self.due_date.is_some_and(|due| due.day() < now.day())
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Priority {
    Low,
    #[default]
    Medium,
    High,
}

impl Priority {
    pub const ALL: [Priority; 3] = [Priority::Low, Priority::Medium, Priority::High];

    pub fn as_str(self) -> &'static str {
        match self {
            Priority::Low => "low",
            Priority::Medium => "medium",
            Priority::High => "high",
        }
    }
}

impl fmt::Display for Priority {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Priority {
    type Err = AppError;

    fn from_str(raw: &str) -> Result<Self, AppError> {
        Priority::ALL
            .into_iter()
            .find(|p| p.as_str() == raw)
            .ok_or_else(|| AppError::invalid("priority", "must be one of low, medium, high"))
    }
}

/// What a client sends to create a todo (`POST /api/v1/todos`, `add_todo`).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TodoForCreate {
    pub title: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub priority: Option<String>,
    #[serde(default)]
    pub due_date: Option<String>,
    /// The list to add to; the caller's first own list when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub list_id: Option<String>,
    /// The client's id for this write, echoed in the meta of its events.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub op_id: Option<String>,
    /// A todo id the client made (SPEC §7): sending the same create again
    /// answers the todo made the first time, and publishes nothing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
}

/// A create request that passed validation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewTodo {
    pub title: String,
    pub description: String,
    pub priority: Priority,
    pub due_date: Option<Timestamp>,
}

impl TodoForCreate {
    /// The list named, if any.
    pub fn list(&self) -> Result<Option<Uuid>, AppError> {
        validate::optional_id("listId", self.list_id.as_deref())
    }

    pub fn op_id(&self) -> Result<Option<Uuid>, AppError> {
        validate::optional_id("opId", self.op_id.as_deref())
    }

    /// The client-made todo id, if any.
    pub fn client_id(&self) -> Result<Option<Uuid>, AppError> {
        validate::optional_id("id", self.id.as_deref())
    }

    pub fn validate(&self) -> Result<NewTodo, AppError> {
        let title = match &self.title {
            Some(t) => validate::title(t)?,
            None => return Err(AppError::invalid("title", "is required")),
        };
        Ok(NewTodo {
            title,
            description: validate::description(self.description.as_deref().unwrap_or(""))?,
            priority: match self.priority.as_deref() {
                None | Some("") => Priority::default(),
                Some(p) => p.parse()?,
            },
            due_date: due_date(self.due_date.as_deref())?,
        })
    }
}

/// What a client sends to change a todo (`PATCH /api/v1/todos/{id}`): every
/// field optional; `dueDate: null` clears the date, a missing `dueDate` keeps it.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TodoForUpdate {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<String>,
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub due_date: Option<Option<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completed: Option<bool>,
    /// The client's id for this write, echoed in the meta of its events.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub op_id: Option<String>,
    /// Write only if the todo's `version` is still this one (SPEC §7).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub if_version: Option<u64>,
}

/// An update request that passed validation; `None` means "leave as is".
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TodoPatch {
    pub title: Option<String>,
    pub description: Option<String>,
    pub priority: Option<Priority>,
    pub due_date: Option<Option<Timestamp>>,
    pub completed: Option<bool>,
    /// The version the client last saw; a todo that moved on since is a
    /// conflict (409 with the current todo), and nothing is written.
    pub if_version: Option<u64>,
}

impl TodoPatch {
    /// `todo` as this patch leaves it: what the page shows while the
    /// server has not answered (the answer, with its new version and
    /// times, replaces it).
    pub fn applied_to(&self, todo: &Todo) -> Todo {
        let mut next = todo.clone();
        if let Some(title) = &self.title {
            next.title.clone_from(title);
        }
        if let Some(description) = &self.description {
            next.description.clone_from(description);
        }
        if let Some(priority) = self.priority {
            next.priority = priority;
        }
        if let Some(due_date) = self.due_date {
            next.due_date = due_date;
        }
        if let Some(completed) = self.completed {
            next.completed = completed;
        }
        next
    }
}

impl TodoForUpdate {
    pub fn op_id(&self) -> Result<Option<Uuid>, AppError> {
        validate::optional_id("opId", self.op_id.as_deref())
    }

    pub fn validate(&self) -> Result<TodoPatch, AppError> {
        Ok(TodoPatch {
            title: self.title.as_deref().map(validate::title).transpose()?,
            description: self
                .description
                .as_deref()
                .map(validate::description)
                .transpose()?,
            priority: self.priority.as_deref().map(str::parse).transpose()?,
            due_date: self
                .due_date
                .as_ref()
                .map(|d| due_date(d.as_deref()))
                .transpose()?,
            completed: self.completed,
            if_version: self.if_version,
        })
    }
}

/// An empty string (a cleared `<input type=date>`) means "no due date".
fn due_date(raw: Option<&str>) -> Result<Option<Timestamp>, AppError> {
    match raw.map(str::trim) {
        None | Some("") => Ok(None),
        Some(raw) => time::parse_due_date(raw).map(Some).ok_or_else(|| {
            AppError::invalid("dueDate", "must be a valid date (YYYY-MM-DD or RFC 3339)")
        }),
    }
}

/// Tells a present `null` (Some(None)) from an absent field (None).
fn present<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Option<String>>, D::Error> {
    Option::<String>::deserialize(d).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn update_tells_null_from_absent_due_date() {
        let clear: TodoForUpdate = serde_json::from_str(r#"{"dueDate":null}"#).unwrap();
        assert_eq!(clear.validate().unwrap().due_date, Some(None));
        let keep: TodoForUpdate = serde_json::from_str(r#"{"title":"x"}"#).unwrap();
        assert_eq!(keep.validate().unwrap().due_date, None);
    }

    #[test]
    fn create_defaults_priority_and_names_bad_fields() {
        let ok = TodoForCreate {
            title: Some(" a ".into()),
            ..Default::default()
        };
        assert_eq!(ok.validate().unwrap().priority, Priority::Medium);
        let bad = TodoForCreate {
            title: Some("a".into()),
            priority: Some("urgent".into()),
            ..Default::default()
        };
        assert_eq!(
            bad.validate().unwrap_err().to_string(),
            "priority: must be one of low, medium, high"
        );
    }

    #[test]
    fn overdue_means_due_before_today_and_not_done() {
        let now = time::parse_due_date("2026-10-02T08:00:00Z").unwrap();
        let mut todo = Todo {
            id: Uuid::nil(),
            title: "t".into(),
            description: String::new(),
            completed: false,
            priority: Priority::Low,
            due_date: time::parse_due_date("2026-10-01"),
            user_id: Uuid::nil(),
            list_id: Uuid::nil(),
            version: 1,
            created_at: now,
            updated_at: now,
        };
        assert!(todo.is_overdue(now));
        todo.due_date = time::parse_due_date("2026-10-02");
        assert!(!todo.is_overdue(now));
        todo.due_date = time::parse_due_date("2026-09-01");
        todo.completed = true;
        assert!(!todo.is_overdue(now));
    }

    #[test]
    fn a_patch_applied_on_the_page_changes_only_what_it_names() {
        let now = time::Timestamp::from_millis(0);
        let todo = Todo {
            id: Uuid::nil(),
            title: "t".into(),
            description: "d".into(),
            completed: false,
            priority: Priority::Low,
            due_date: time::parse_due_date("2026-10-01"),
            user_id: Uuid::nil(),
            list_id: Uuid::nil(),
            version: 3,
            created_at: now,
            updated_at: now,
        };
        let patch = TodoForUpdate {
            title: Some(" new ".into()),
            due_date: Some(None),
            ..Default::default()
        }
        .validate()
        .unwrap();
        let next = patch.applied_to(&todo);
        assert_eq!(next.title, "new");
        assert_eq!(next.due_date, None);
        assert_eq!(
            (next.description.as_str(), next.priority),
            ("d", Priority::Low)
        );
        assert_eq!(next.version, 3);
        assert_eq!(TodoPatch::default().applied_to(&todo), todo);
    }
}
