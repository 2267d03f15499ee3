//! The table every language fills in. A language that leaves an entry out
//! does not compile; the tests below catch one left empty, left in
//! English, or with other placeholders than English has.

/// Forms of a phrase that depends on a number ([`super::Lang::plural`]).
/// English uses `one` and `many` (its "other"); `few` repeats `many`.
pub struct Plural {
    pub one: &'static str,
    pub few: &'static str,
    pub many: &'static str,
}

macro_rules! texts {
    ($($(#[$doc:meta])* $name:ident: $ty:ty,)*) => {
        /// Every string of the page in one language. `{0}`, `{1}` are
        /// filled by [`super::fill`].
        pub struct Texts {
            $($(#[$doc])* pub $name: $ty,)*
        }

        #[cfg(test)]
        impl Texts {
            /// Every entry by name, each form apart, for the tests.
            pub fn entries(&self) -> Vec<(String, &'static str)> {
                let mut all = Vec::new();
                $(Entry::push(&self.$name, stringify!($name), &mut all);)*
                all
            }
        }
    };
}

#[cfg(test)]
trait Entry {
    fn push(&self, name: &str, all: &mut Vec<(String, &'static str)>);
}

#[cfg(test)]
impl Entry for &'static str {
    fn push(&self, name: &str, all: &mut Vec<(String, &'static str)>) {
        all.push((name.to_owned(), self));
    }
}

#[cfg(test)]
impl Entry for Plural {
    fn push(&self, name: &str, all: &mut Vec<(String, &'static str)>) {
        all.push((format!("{name}.one"), self.one));
        all.push((format!("{name}.few"), self.few));
        all.push((format!("{name}.many"), self.many));
    }
}

#[cfg(test)]
impl<const N: usize> Entry for [&'static str; N] {
    fn push(&self, name: &str, all: &mut Vec<(String, &'static str)>) {
        for (i, text) in self.iter().enumerate() {
            all.push((format!("{name}[{i}]"), text));
        }
    }
}

texts! {
    /// How a title or a name is quoted.
    quoted: &'static str,
    // Pages and the top bar.
    language: &'static str,
    /// The list a new account starts with (made by the page's registration).
    first_list: &'static str,
    not_found: &'static str,
    nothing_here: &'static str,
    back_to_todos: &'static str,
    loading_lists: &'static str,
    account: &'static str,
    log_out: &'static str,
    edit_hint: &'static str,
    shortcuts_button: &'static str,
    // Log-in and registration.
    login_heading: &'static str,
    email: &'static str,
    password: &'static str,
    log_in: &'static str,
    new_here: &'static str,
    create_an_account: &'static str,
    register_heading: &'static str,
    username: &'static str,
    username_rule: &'static str,
    create_account: &'static str,
    already_registered: &'static str,
    // The account page.
    account_heading: &'static str,
    password_changed: &'static str,
    change_password: &'static str,
    current_password: &'static str,
    new_password: &'static str,
    sessions: &'static str,
    sessions_intro: &'static str,
    log_out_everywhere: &'static str,
    delete_account: &'static str,
    delete_account_intro: &'static str,
    delete_my_account: &'static str,
    // The list of todos.
    mark_all_done: &'static str,
    mark_all_not_done: &'static str,
    /// After the number, in its own element.
    items_left: Plural,
    filter_todos: &'static str,
    filter_all: &'static str,
    filter_active: &'static str,
    filter_completed: &'static str,
    clear_completed: &'static str,
    new_todo: &'static str,
    new_todo_placeholder: &'static str,
    add: &'static str,
    priority: &'static str,
    due: &'static str,
    /// low, medium, high.
    priorities: [&'static str; 3],
    due_on: &'static str,
    overdue_due_on: &'static str,
    // One todo.
    done: &'static str,
    delete: &'static str,
    mark_done: &'static str,
    mark_not_done: &'static str,
    edit_todo: &'static str,
    delete_todo: &'static str,
    title: &'static str,
    description: &'static str,
    save: &'static str,
    deleted_elsewhere: &'static str,
    changed_elsewhere: &'static str,
    changed_by: &'static str,
    you_elsewhere: &'static str,
    someone_else: &'static str,
    yours_theirs: &'static str,
    keep_mine: &'static str,
    take_theirs: &'static str,
    // Lists, members and presence.
    lists: &'static str,
    shared_with_members: &'static str,
    new_list: &'static str,
    new_list_name: &'static str,
    add_list: &'static str,
    rename: &'static str,
    share: &'static str,
    members: &'static str,
    list_name: &'static str,
    confirm_delete_list: &'static str,
    delete_list: &'static str,
    confirm_leave_list: &'static str,
    leave_list: &'static str,
    also_here: &'static str,
    /// One name, then several joined by ", ".
    is_editing: &'static str,
    are_editing: &'static str,
    members_of: &'static str,
    owner_only_members: &'static str,
    username_or_email: &'static str,
    can_now_see: &'static str,
    was_removed: &'static str,
    remove_member: &'static str,
    remove: &'static str,
    close: &'static str,
    /// owner, member.
    roles: [&'static str; 2],
    // The shortcuts dialog.
    shortcuts_heading: &'static str,
    /// n, 1, 2, 3, Ctrl+Z, ?
    shortcuts: [&'static str; 6],
    shortcuts_note: &'static str,
    // The live parts: badge, Recent changes, toasts, announcements.
    /// Not live, connecting, live, reconnecting, offline.
    connection: [&'static str; 5],
    connection_title: &'static str,
    recent_changes: &'static str,
    recent_empty: &'static str,
    older_changes: &'static str,
    undo: &'static str,
    undo_what: &'static str,
    notifications: &'static str,
    dismiss: &'static str,
    this_tab: &'static str,
    you: &'static str,
    while_away: &'static str,
    /// Verbs of the changes, by `Act`.
    acts: [&'static str; 12],
    a_todo: &'static str,
    in_list: &'static str,
    shared_with_you: &'static str,
    renamed_from_to: &'static str,
    renamed_to: &'static str,
    from_your_lists: &'static str,
    member_to: &'static str,
    member_from: &'static str,
    a_member_from: &'static str,
    you_did: &'static str,
    member_did: &'static str,
    changes_while_away: Plural,
    changes_announced: Plural,
    cannot_undo: &'static str,
    /// A write the server refused: {0} the todo, {1} why.
    not_saved: &'static str,
    unsaved: &'static str,
    changes_waiting: Plural,
    it_did: &'static str,
    changed_since: &'static str,
    changed_since_by: &'static str,
    // Dates and times.
    months: [&'static str; 12],
    /// {0} day, {1} month, {2} year.
    date: &'static str,
    just_now: &'static str,
    seconds_ago: Plural,
    minutes_ago: Plural,
    hours_ago: Plural,
}

#[cfg(test)]
mod tests {
    use super::super::Lang;
    use std::collections::BTreeSet;

    /// What a template expects to be filled with.
    fn placeholders(text: &str) -> BTreeSet<String> {
        text.match_indices('{')
            .filter_map(|(at, _)| {
                let rest = &text[at + 1..];
                let close = rest.find('}')?;
                rest[..close].parse::<usize>().ok().map(|i| i.to_string())
            })
            .collect()
    }

    #[test]
    fn every_language_has_every_string_translated() {
        let english = Lang::En.texts().entries();
        for lang in Lang::ALL {
            let entries = lang.texts().entries();
            assert_eq!(entries.len(), english.len());
            for ((name, text), (_, en)) in entries.iter().zip(&english) {
                assert!(!text.trim().is_empty(), "{lang:?}: `{name}` is empty");
                assert_eq!(
                    placeholders(text),
                    placeholders(en),
                    "{lang:?}: `{name}` has other placeholders than English"
                );
                if lang != Lang::En {
                    assert_ne!(text, en, "{lang:?}: `{name}` is still in English");
                }
            }
        }
    }

    #[test]
    fn english_has_no_few_form() {
        for (name, text) in Lang::En.texts().entries() {
            if let Some(base) = name.strip_suffix(".few") {
                let many = format!("{base}.many");
                let entries = Lang::En.texts().entries();
                let other = entries.iter().find(|(n, _)| *n == many).map(|(_, t)| *t);
                assert_eq!(Some(text), other, "English `{name}` differs from `many`");
            }
        }
    }
}
