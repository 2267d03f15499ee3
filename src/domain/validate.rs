//! Validation rules of SPEC §1, shared so that the page and the server agree.
//! Every failure names the field and the rule: `title: must not be empty`.
//!
//! Control characters are refused everywhere text is stored: they are never
//! typed on purpose, render as nothing or garbage, and some (NUL) even break
//! the database's own length check. Single-line fields refuse all of C0,
//! DEL and C1; descriptions keep tab and newline (see docs/decisions.md).

use crate::error::AppError;

pub const TITLE_MAX: usize = 200;
pub const DESCRIPTION_MAX: usize = 2_000;
pub const LIST_NAME_MAX: usize = 100;
pub const USERNAME_MIN: usize = 3;
pub const USERNAME_MAX: usize = 32;
pub const PASSWORD_MIN: usize = 8;
pub const PASSWORD_MAX: usize = 128;
pub const EMAIL_MAX: usize = 254;

/// A control character: C0 (U+0000–U+001F), DEL (U+007F) or C1 (U+0080–U+009F).
pub fn is_control(c: char) -> bool {
    c.is_control()
}

/// Refuses `text` if it holds a control character other than those in
/// `allowed`, naming the field and the first offending code point.
fn refuse_controls(field: &str, text: &str, allowed: &[char]) -> Result<(), AppError> {
    match text
        .chars()
        .find(|c| is_control(*c) && !allowed.contains(c))
    {
        Some(c) => Err(AppError::invalid(
            field,
            format!(
                "must not contain control characters (found U+{:04X})",
                c as u32
            ),
        )),
        None => Ok(()),
    }
}

/// Trims a title and checks its length in characters (not bytes).
/// Trimming first forgives a pasted trailing newline; any control character
/// left inside is refused.
pub fn title(raw: &str) -> Result<String, AppError> {
    one_line("title", raw, TITLE_MAX)
}

/// A list's name: the same rules as a title, at most [`LIST_NAME_MAX`].
pub fn list_name(raw: &str) -> Result<String, AppError> {
    one_line("name", raw, LIST_NAME_MAX)
}

fn one_line(field: &str, raw: &str, max: usize) -> Result<String, AppError> {
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return Err(AppError::invalid(field, "must not be empty"));
    }
    refuse_controls(field, trimmed, &[])?;
    if trimmed.chars().count() > max {
        return Err(AppError::invalid(
            field,
            format!("must be at most {max} characters"),
        ));
    }
    Ok(trimmed.to_owned())
}

/// Descriptions are kept as written (no trimming: whitespace can be intended)
/// except line ends: CRLF and lone CR become LF, because browsers submit a
/// textarea's lines with CRLF and a pasted Windows text carries them too.
/// Tab and newline are allowed; every other control character is refused.
pub fn description(raw: &str) -> Result<String, AppError> {
    let text = raw.replace("\r\n", "\n").replace('\r', "\n");
    refuse_controls("description", &text, &['\t', '\n'])?;
    if text.chars().count() > DESCRIPTION_MAX {
        return Err(AppError::invalid(
            "description",
            format!("must be at most {DESCRIPTION_MAX} characters"),
        ));
    }
    Ok(text)
}

pub fn username(raw: &str) -> Result<String, AppError> {
    let name = raw.trim();
    refuse_controls("username", name, &[])?;
    let len = name.chars().count();
    if !(USERNAME_MIN..=USERNAME_MAX).contains(&len) {
        return Err(AppError::invalid(
            "username",
            format!("must be {USERNAME_MIN} to {USERNAME_MAX} characters"),
        ));
    }
    if !name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        return Err(AppError::invalid(
            "username",
            "may contain only letters, digits, '_' and '-'",
        ));
    }
    Ok(name.to_owned())
}

/// A deliberately simple check (one `@`, a dotted domain, no spaces): the
/// real proof of an address is mail reaching it, which LiveTodo does not send.
pub fn email(raw: &str) -> Result<String, AppError> {
    let email = raw.trim();
    let bad = || AppError::invalid("email", "must be a valid email address");
    if email.len() > EMAIL_MAX || email.chars().any(char::is_whitespace) {
        return Err(bad());
    }
    refuse_controls("email", email, &[])?;
    let (local, domain) = email.split_once('@').ok_or_else(bad)?;
    let domain_ok = !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..");
    if local.is_empty() || !domain_ok {
        return Err(bad());
    }
    Ok(email.to_owned())
}

/// Passwords are never trimmed: every character counts. Control characters
/// are allowed: a password is only ever hashed, never shown or stored as text.
pub fn password(raw: &str) -> Result<(), AppError> {
    let len = raw.chars().count();
    if !(PASSWORD_MIN..=PASSWORD_MAX).contains(&len) {
        return Err(AppError::invalid(
            "password",
            format!("must be {PASSWORD_MIN} to {PASSWORD_MAX} characters"),
        ));
    }
    Ok(())
}

/// An optional id a client sends in a field (`listId`, `opId`): absent or
/// empty is `None`; anything else must be a UUID.
pub fn optional_id(field: &str, raw: Option<&str>) -> Result<Option<uuid::Uuid>, AppError> {
    match raw.map(str::trim) {
        None | Some("") => Ok(None),
        Some(raw) => uuid::Uuid::parse_str(raw)
            .map(Some)
            .map_err(|_| AppError::invalid(field, "must be a UUID")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_is_trimmed_and_bounded_in_characters() {
        assert_eq!(title("  Buy milk \n").unwrap(), "Buy milk");
        assert_eq!(title(&"é".repeat(200)).unwrap().chars().count(), 200);
        let err = title(&"x".repeat(201)).unwrap_err();
        assert_eq!(err.to_string(), "title: must be at most 200 characters");
        assert_eq!(
            title(" \t ").unwrap_err().to_string(),
            "title: must not be empty"
        );
    }

    #[test]
    fn control_characters_are_refused_naming_the_field() {
        let err = title("\0Buy milk").unwrap_err();
        assert_eq!(
            err.to_string(),
            "title: must not contain control characters (found U+0000)"
        );
        assert!(title("a\tb").is_err());
        assert!(title("a\u{85}b").is_err());
        assert_eq!(
            description("a\u{7f}").unwrap_err().field(),
            Some("description")
        );
        assert_eq!(username("ann\u{1}").unwrap_err().field(), Some("username"));
        assert_eq!(email("a\u{9b}b@c.de").unwrap_err().field(), Some("email"));
    }

    #[test]
    fn descriptions_keep_tab_and_newline_and_normalise_line_ends() {
        assert_eq!(description("a\tb\nc").unwrap(), "a\tb\nc");
        assert_eq!(description("a\r\nb\rc").unwrap(), "a\nb\nc");
        // A textarea's CRLF lines must not count twice against the limit.
        let lines = "x\r\n".repeat(1_000);
        assert_eq!(description(&lines).unwrap().chars().count(), 2_000);
    }

    #[test]
    fn usernames_allow_only_the_documented_alphabet() {
        assert!(username("ab").is_err());
        assert!(username("ann_b-2").is_ok());
        assert!(username("ann b").is_err());
        assert!(username(&"a".repeat(33)).is_err());
    }

    #[test]
    fn emails_need_a_local_part_and_a_dotted_domain() {
        assert!(email("a@b.co").is_ok());
        for bad in ["a@b", "@b.co", "a b@c.de", "a@@b.co", "a@.b.co", "a@b.co."] {
            assert!(email(bad).is_err(), "{bad} should be rejected");
        }
    }

    #[test]
    fn password_length_is_checked_untrimmed() {
        assert!(password("1234567").is_err());
        assert!(password("        ").is_ok());
        assert!(password(&"p".repeat(129)).is_err());
    }
}
