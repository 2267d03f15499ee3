//! Errors as the page shows them. The server's messages are English and
//! stable (scripts read them from the JSON API), so the page translates
//! what it shows: the field by its label, the rule by a table of the
//! server's message templates. A message not in the table (a framework's
//! decoding detail, which only a hand-made request can cause) is shown as
//! it came.

use super::{Lang, fill};
use crate::error::AppError;

/// The field an error names, as the Russian page labels it.
const RU_FIELDS: [(&str, &str); 20] = [
    ("title", "Название"),
    ("description", "Описание"),
    ("priority", "Приоритет"),
    ("dueDate", "Срок"),
    ("due_date", "Срок"),
    ("name", "Название списка"),
    ("username", "Имя пользователя"),
    ("email", "Эл. почта"),
    ("password", "Пароль"),
    ("current_password", "Текущий пароль"),
    ("new_password", "Новый пароль"),
    ("user", "Пользователь"),
    ("role", "Роль"),
    ("list", "Список"),
    ("list_id", "Список"),
    ("lists", "Списки"),
    ("members", "Участники"),
    ("todos", "Задачи"),
    ("todo", "Задача"),
    ("version", "Версия"),
];

/// The server's rules (`{0}`: the number or code point in the message).
const RU_MESSAGES: [(&str, &str); 22] = [
    ("must not be empty", "не может быть пустым"),
    ("is required", "обязательное поле"),
    (
        "is required (a username or an email)",
        "укажите имя пользователя или эл. почту",
    ),
    ("is incorrect", "неверный"),
    ("must be at most {0} characters", "не длиннее {0} символов"),
    ("must be {0} to {1} characters", "от {0} до {1} символов"),
    (
        "must not contain control characters (found {0})",
        "не может содержать управляющие символы (найден {0})",
    ),
    (
        "may contain only letters, digits, '_' and '-'",
        "может содержать только латинские буквы, цифры, «_» и «-»",
    ),
    (
        "must be a valid email address",
        "должна быть верным адресом",
    ),
    (
        "must be one of low, medium, high",
        "должен быть низким, средним или высоким",
    ),
    (
        "must be a valid date (YYYY-MM-DD or RFC 3339)",
        "должен быть верной датой (ГГГГ-ММ-ДД)",
    ),
    ("must be a UUID", "должен быть UUID"),
    (
        "must be owner or member",
        "должна быть «владелец» или «участник»",
    ),
    ("is already taken", "уже занято"),
    (
        "is already used by another todo",
        "уже занят другой задачей",
    ),
    (
        "is your last own list; every account keeps at least one",
        "это ваш последний собственный список; у каждой учётной записи остаётся хотя бы один",
    ),
    (
        "is already a member of this list",
        "уже участник этого списка",
    ),
    (
        "is the list's owner, who cannot leave it; delete the list instead",
        "владелец списка не может его покинуть; удалите список",
    ),
    ("was deleted since", "с тех пор удалена"),
    (
        "is not a change to a todo; only those can be undone",
        "это не изменение задачи; отменить можно только их",
    ),
    (
        "changed since you loaded it",
        "изменена после того, как вы её открыли",
    ),
    ("no such account", "такой учётной записи нет"),
];

/// The field of an error the page made itself (a refused undo, a write
/// rolled back), whose message is in the page's language already.
const PAGE_MADE: &str = "page";

/// An error the page tells in its own words.
pub fn page_error(message: String) -> AppError {
    AppError::Conflict {
        field: PAGE_MADE.into(),
        message,
    }
}

/// What the page says about `err`, in `lang`.
pub fn describe(lang: Lang, err: &AppError) -> String {
    if let AppError::Conflict { field, message } = err
        && field == PAGE_MADE
    {
        return message.clone();
    }
    match lang {
        Lang::En => err.to_string(),
        Lang::Ru => russian(err),
    }
}

fn russian(err: &AppError) -> String {
    let about =
        |field: &str, message: &str| format!("{}: {}", field_label(field), rule(Lang::Ru, message));
    match err {
        AppError::Invalid { field, message } | AppError::Conflict { field, message } => {
            about(field, message)
        }
        AppError::Taken { field } => about(field, "is already taken"),
        AppError::NoSuch { field } => about(field, "no such account"),
        AppError::Stale { .. } => about("todo", "changed since you loaded it"),
        AppError::LimitReached { field, limit, per } => {
            let per = if per == "user" {
                "учётную запись"
            } else {
                "список"
            };
            format!("{}: не больше {limit} на {per}", field_label(field))
        }
        AppError::BadCredentials => "Неверная эл. почта или пароль".into(),
        AppError::Unauthorized => "Вы не вошли, или сеанс истёк".into(),
        AppError::CrossSite => "Запрос с другого сайта отклонён".into(),
        AppError::OwnerOnly(_) => "Это может сделать только владелец списка".into(),
        AppError::NotFound => "Не найдено".into(),
        AppError::TooLarge => "Слишком большой запрос".into(),
        AppError::RateLimited { retry_after_secs } => {
            format!("Слишком много запросов; повторите через {retry_after_secs} с")
        }
        AppError::Busy { retry_after_secs } => {
            format!("Сервер занят; повторите через {retry_after_secs} с")
        }
        AppError::UnsupportedMediaType(what) => format!("Content-Type должен быть {what}"),
        AppError::Internal => "Что-то пошло не так на нашей стороне; попробуйте ещё раз".into(),
        AppError::Transport(detail) => format!("Запрос не удался: {detail}"),
    }
}

fn field_label(field: &str) -> &str {
    RU_FIELDS
        .iter()
        .find(|(name, _)| *name == field)
        .map_or(field, |(_, label)| label)
}

/// One of the server's messages (the rule, without its field) in `lang`.
pub fn rule(lang: Lang, message: &str) -> String {
    match lang {
        Lang::En => message.to_owned(),
        Lang::Ru => translated(message).unwrap_or_else(|| message.to_owned()),
    }
}

fn translated(message: &str) -> Option<String> {
    RU_MESSAGES.iter().find_map(|(en, ru)| {
        let args = matched(en, message)?;
        Some(fill(ru, &args))
    })
}

/// The values a message fills into template `en`'s placeholders (in
/// order), if the message is that template.
fn matched<'m>(en: &str, message: &'m str) -> Option<Vec<&'m str>> {
    let mut literals = Vec::new();
    let mut template = en;
    while let Some(open) = template.find('{') {
        literals.push(&template[..open]);
        let close = open + template[open..].find('}')?;
        template = &template[close + 1..];
    }
    let mut rest = message.strip_prefix(literals.first().copied().unwrap_or(template))?;
    if literals.is_empty() {
        return rest.is_empty().then(Vec::new);
    }
    literals.push(template);
    let mut args = Vec::new();
    let count = literals.len() - 1;
    for (i, literal) in literals[1..].iter().enumerate() {
        let at = if i + 1 == count {
            rest.strip_suffix(literal).map(str::len)?
        } else {
            rest.find(literal)?
        };
        if at == 0 {
            return None;
        }
        args.push(&rest[..at]);
        rest = &rest[at + literal.len()..];
    }
    Some(args)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::validate;

    /// Every failure of the rules the page's forms meet.
    fn rule_failures() -> Vec<AppError> {
        let long = "x".repeat(2_001);
        vec![
            validate::title("  ").unwrap_err(),
            validate::title(&long).unwrap_err(),
            validate::title("a\u{7}b").unwrap_err(),
            validate::list_name(&long).unwrap_err(),
            validate::description(&long).unwrap_err(),
            validate::username("ab").unwrap_err(),
            validate::username("a b c").unwrap_err(),
            validate::email("nope").unwrap_err(),
            validate::password("short").unwrap_err(),
            validate::optional_id("opId", Some("x")).unwrap_err(),
            "urgent".parse::<crate::domain::Priority>().unwrap_err(),
            crate::domain::list::MemberForAdd::default()
                .validate()
                .unwrap_err(),
            AppError::invalid("title", "is required"),
            AppError::invalid("current_password", "is incorrect"),
        ]
    }

    #[test]
    fn every_rule_the_page_meets_is_in_russian() {
        for err in rule_failures() {
            let AppError::Invalid { message, .. } = &err else {
                panic!("not a rule: {err:?}");
            };
            assert!(translated(message).is_some(), "no Russian for {message:?}");
            assert_eq!(describe(Lang::En, &err), err.to_string());
        }
    }

    #[test]
    fn russian_names_the_field_and_keeps_the_numbers() {
        let long = "x".repeat(201);
        assert_eq!(
            describe(Lang::Ru, &validate::title(&long).unwrap_err()),
            "Название: не длиннее 200 символов"
        );
        assert_eq!(
            describe(Lang::Ru, &validate::title("a\u{7}").unwrap_err()),
            "Название: не может содержать управляющие символы (найден U+0007)"
        );
        assert_eq!(
            describe(
                Lang::Ru,
                &AppError::Taken {
                    field: "username".into()
                }
            ),
            "Имя пользователя: уже занято"
        );
        assert_eq!(
            describe(Lang::Ru, &validate::password("short").unwrap_err()),
            "Пароль: от 8 до 128 символов"
        );
        assert_eq!(
            describe(Lang::Ru, &AppError::BadCredentials),
            "Неверная эл. почта или пароль"
        );
        assert_eq!(describe(Lang::Ru, &AppError::invalid("x", "odd")), "x: odd");
    }
}
