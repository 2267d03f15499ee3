//! The All / Active / Completed filter, kept in the URL
//! (`/lists/{id}?filter=active`)
//! so it survives reloads and works in the server-rendered page.

use crate::domain::Todo;
use crate::i18n::Texts;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Filter {
    All,
    Active,
    Completed,
}

impl Filter {
    pub const ALL: [Filter; 3] = [Filter::All, Filter::Active, Filter::Completed];

    /// Anything unknown falls back to showing everything.
    pub fn parse(raw: Option<&str>) -> Self {
        match raw {
            Some("active") => Filter::Active,
            Some("completed") => Filter::Completed,
            _ => Filter::All,
        }
    }

    pub fn matches(self, todo: &Todo) -> bool {
        match self {
            Filter::All => true,
            Filter::Active => !todo.completed,
            Filter::Completed => todo.completed,
        }
    }

    /// The filter's address on the list page at `base`.
    pub fn href(self, base: &str) -> String {
        match self {
            Filter::All => base.to_owned(),
            Filter::Active => format!("{base}?filter=active"),
            Filter::Completed => format!("{base}?filter=completed"),
        }
    }

    pub fn label(self, t: &'static Texts) -> &'static str {
        match self {
            Filter::All => t.filter_all,
            Filter::Active => t.filter_active,
            Filter::Completed => t.filter_completed,
        }
    }
}
