//! The page's shared lists (SPEC §6): the sidebar, and the open list's
//! header with its presence and Share dialog. Their state is the sync
//! engine's (`crate::sync::ListsState`), which keeps it live.

mod header;
mod presence;
mod share;
mod sidebar;

pub use header::ListHeader;
pub use presence::EditingMarker;
pub use sidebar::Sidebar;

use crate::domain::list::{Role, TodoList};

/// Whether the user owns the open list.
pub fn owns(list: &TodoList) -> bool {
    list.role == Role::Owner
}

/// "Ann Lee" → "AL", "bob" → "B": what an avatar shows.
pub fn initials(name: &str) -> String {
    let mut words = name
        .split(|c: char| c.is_whitespace() || c == '.' || c == '_' || c == '-')
        .filter(|w| !w.is_empty());
    let first = words.next().and_then(|w| w.chars().next());
    let last = words.next_back().and_then(|w| w.chars().next());
    first
        .into_iter()
        .chain(last)
        .flat_map(char::to_uppercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initials_take_the_first_and_last_word() {
        assert_eq!(initials("Ann Lee"), "AL");
        assert_eq!(initials("bob"), "B");
        assert_eq!(initials("mary_jane_watson"), "MW");
        assert_eq!(initials("élodie"), "É");
        assert_eq!(initials(""), "");
    }
}
