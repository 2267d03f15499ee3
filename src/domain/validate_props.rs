//! Property tests of the validation rules: whatever the text, a control
//! character is refused naming its field, valid titles come back trimmed, and
//! the length limits hold exactly.

use proptest::prelude::*;

use super::validate::{self, DESCRIPTION_MAX, TITLE_MAX};

/// C0, DEL and C1: refused in every single-line field.
fn control() -> impl Strategy<Value = char> {
    prop_oneof![0u32..0x20, Just(0x7f), 0x80u32..0xa0].prop_filter_map("a char", char::from_u32)
}

/// Controls a description refuses (tab, newline and CR are line text there).
fn description_control() -> impl Strategy<Value = char> {
    control().prop_filter("line text", |c| !matches!(c, '\t' | '\n' | '\r'))
}

/// Any text without control characters, `min` to `max` characters long.
fn plain_len(min: usize, max: usize) -> impl Strategy<Value = String> {
    proptest::string::string_regex(&format!("[^\\p{{Cc}}]{{{min},{max}}}")).expect("a valid regex")
}

fn plain(max: usize) -> impl Strategy<Value = String> {
    plain_len(0, max)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn a_control_character_anywhere_in_a_title_is_refused(
        before in plain(60), c in control(), after in plain(60)
    ) {
        // The `x`s keep the character inside: edge whitespace is trimmed.
        let err = validate::title(&format!("x{before}{c}{after}x")).unwrap_err();
        prop_assert_eq!(err.field(), Some("title"));
    }

    #[test]
    fn a_control_character_in_a_description_is_refused(
        before in plain(60), c in description_control(), after in plain(60)
    ) {
        let err = validate::description(&format!("{before}{c}{after}")).unwrap_err();
        prop_assert_eq!(err.field(), Some("description"));
    }

    #[test]
    fn a_control_character_in_a_username_or_email_is_refused(c in control()) {
        let username = validate::username(&format!("ab{c}cd")).unwrap_err();
        let email = validate::email(&format!("a{c}b@c.de")).unwrap_err();
        prop_assert_eq!(username.field(), Some("username"));
        prop_assert_eq!(email.field(), Some("email"));
    }

    #[test]
    fn valid_titles_come_back_trimmed(
        lead in "[ \t\n]{0,3}", core in plain(TITLE_MAX), trail in "[ \t\n]{0,3}"
    ) {
        let trimmed = core.trim();
        prop_assume!(!trimmed.is_empty() && trimmed.chars().count() <= TITLE_MAX);
        let title = validate::title(&format!("{lead}{core}{trail}")).unwrap();
        prop_assert_eq!(&title, trimmed);
        // Validating again changes nothing: stored titles stay valid.
        prop_assert_eq!(validate::title(&title).unwrap(), title);
    }

    #[test]
    fn descriptions_keep_their_lines_with_lf_line_ends(
        // Non-empty lines: a lone CR right before an LF would be one CRLF.
        lines in prop::collection::vec(plain_len(1, 20), 1..6),
        ends in prop::collection::vec(prop_oneof![Just("\n"), Just("\r\n"), Just("\r"), Just("\t")], 6)
    ) {
        let raw: String = lines.iter().zip(&ends).map(|(l, e)| format!("{l}{e}")).collect();
        let expected: String = lines
            .iter()
            .zip(&ends)
            .map(|(l, e)| format!("{l}{}", if *e == "\t" { "\t" } else { "\n" }))
            .collect();
        prop_assert_eq!(validate::description(&raw).unwrap(), expected);
    }

    #[test]
    fn length_limits_count_characters_inclusively(n in 1usize..(2 * TITLE_MAX), m in 0usize..(2 * DESCRIPTION_MAX)) {
        prop_assert_eq!(validate::title(&"é".repeat(n)).is_ok(), n <= TITLE_MAX);
        prop_assert_eq!(validate::description(&"ü".repeat(m)).is_ok(), m <= DESCRIPTION_MAX);
    }
}
