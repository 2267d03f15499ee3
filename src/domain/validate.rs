//! Validation rules of SPEC §1, shared so that the page and the server agree.
//! Every failure names the field and the rule: `title: must not be empty`.

use crate::error::AppError;

pub const TITLE_MAX: usize = 200;
pub const DESCRIPTION_MAX: usize = 2_000;
pub const USERNAME_MIN: usize = 3;
pub const USERNAME_MAX: usize = 32;
pub const PASSWORD_MIN: usize = 8;
pub const PASSWORD_MAX: usize = 128;
pub const EMAIL_MAX: usize = 254;

/// Trims a title and checks its length in characters (not bytes).
pub fn title(raw: &str) -> Result<String, AppError> {
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return Err(AppError::invalid("title", "must not be empty"));
    }
    if trimmed.chars().count() > TITLE_MAX {
        return Err(AppError::invalid(
            "title",
            format!("must be at most {TITLE_MAX} characters"),
        ));
    }
    Ok(trimmed.to_owned())
}

/// Descriptions are kept as written (no trimming: whitespace can be intended).
pub fn description(raw: &str) -> Result<String, AppError> {
    if raw.chars().count() > DESCRIPTION_MAX {
        return Err(AppError::invalid(
            "description",
            format!("must be at most {DESCRIPTION_MAX} characters"),
        ));
    }
    Ok(raw.to_owned())
}

pub fn username(raw: &str) -> Result<String, AppError> {
    let name = raw.trim();
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

/// Passwords are never trimmed: every character counts.
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
