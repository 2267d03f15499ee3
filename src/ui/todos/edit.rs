//! Turning an edit box's drafts into the smallest update: only the fields
//! the user changed since the editor opened are sent, with the version the
//! editor opened at (`ifVersion`). Saving an untouched todo writes nothing;
//! saving over a change made meanwhile elsewhere is refused by the server,
//! and the user chooses: keep theirs or keep mine (SPEC §7).

use crate::domain::{Todo, TodoForUpdate, time::Timestamp};

/// What the edit box holds while a todo is being edited.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Draft {
    pub title: String,
    pub description: String,
    pub priority: String,
    /// `YYYY-MM-DD` as `<input type=date>` uses it, or empty.
    pub due: String,
    /// When the todo the draft started from was last changed, to notice
    /// changes made elsewhere.
    pub base: Option<Timestamp>,
    /// Its version, sent as `ifVersion`.
    pub version: u64,
}

impl Draft {
    pub fn of(todo: &Todo) -> Self {
        Draft {
            title: todo.title.clone(),
            description: todo.description.clone(),
            priority: todo.priority.as_str().to_owned(),
            due: due_input_value(todo),
            base: Some(todo.updated_at),
            version: todo.version,
        }
    }

    /// The fields that differ from `original` (the draft as the editor
    /// opened); `None` when nothing does.
    pub fn changes(&self, original: &Draft) -> Option<TodoForUpdate> {
        let changed = |draft: &str, before: &str| (draft != before).then(|| draft.to_owned());
        let update = TodoForUpdate {
            title: changed(self.title.trim(), original.title.trim()),
            description: changed(&self.description, &original.description),
            priority: changed(&self.priority, &original.priority),
            due_date: changed(&self.due, &original.due).map(|d| Some(d).filter(|d| !d.is_empty())),
            completed: None,
            op_id: None,
            if_version: Some(original.version),
        };
        let any = update.title.is_some()
            || update.description.is_some()
            || update.priority.is_some()
            || update.due_date.is_some();
        any.then_some(update)
    }
}

/// A due date as the date input shows it (its UTC calendar day).
pub fn due_input_value(todo: &Todo) -> String {
    todo.due_date.map(Timestamp::date).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Priority, time::parse_due_date};
    use uuid::Uuid;

    fn todo() -> Todo {
        let now = parse_due_date("2026-01-01").unwrap();
        Todo {
            id: Uuid::nil(),
            title: "Buy milk".into(),
            description: String::new(),
            completed: false,
            priority: Priority::Medium,
            due_date: parse_due_date("2026-02-03"),
            user_id: Uuid::nil(),
            list_id: Uuid::nil(),
            version: 1,
            created_at: now,
            updated_at: now,
        }
    }

    #[test]
    fn untouched_drafts_change_nothing() {
        assert!(Draft::of(&todo()).changes(&Draft::of(&todo())).is_none());
    }

    #[test]
    fn only_changed_fields_are_sent_and_an_emptied_date_clears() {
        let original = Draft::of(&todo());
        let mut draft = original.clone();
        draft.title = "  Buy oat milk ".into();
        draft.due = String::new();
        let update = draft.changes(&original).unwrap();
        assert_eq!(update.title.as_deref(), Some("Buy oat milk"));
        assert_eq!(update.due_date, Some(None));
        assert!(update.description.is_none() && update.priority.is_none());
        assert_eq!(update.if_version, Some(1));
    }
}
