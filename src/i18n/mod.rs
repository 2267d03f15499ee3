//! The page's languages: English and Russian. Every string the page shows
//! comes from a [`Texts`] table (`en.rs`, `ru.rs`), picked once per page
//! by [`Lang`]: on the server from the `livetodo_lang` cookie, else from
//! `Accept-Language`; in the browser from the `lang` of the document the
//! server rendered, so hydration renders the very same words. Switching
//! language reloads the page (`api::language`), so nothing here is reactive.
//!
//! The JSON API and the server's messages stay in English: they are a
//! contract for scripts. The page translates the errors it shows
//! (`errors.rs`).

mod dates;
mod en;
mod errors;
mod ru;
mod texts;

pub use dates::{format_date, relative};
pub use errors::{describe, page_error, rule};
pub use texts::{Plural, Texts};

/// The cookie that remembers a choice made on the page.
pub const COOKIE: &str = "livetodo_lang";

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Lang {
    #[default]
    En,
    Ru,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Ru];

    /// The BCP 47 tag (`<html lang>`, the cookie's value).
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ru => "ru",
        }
    }

    /// The language's name in itself, as the switch offers it.
    pub fn name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Ru => "Русский",
        }
    }

    /// A tag or a language range (`ru`, `ru-RU`, `EN-gb`), if it is ours.
    pub fn parse(raw: &str) -> Option<Lang> {
        let primary = raw.trim().split(['-', '_']).next()?;
        Lang::ALL
            .into_iter()
            .find(|l| l.tag().eq_ignore_ascii_case(primary))
    }

    /// The best of ours for an `Accept-Language` header: the highest `q`
    /// among the ranges we have (the first of equals), else English.
    pub fn negotiate(accept_language: &str) -> Lang {
        let mut best: Option<(Lang, f32)> = None;
        for range in accept_language.split(',') {
            let mut parts = range.split(';');
            let Some(lang) = parts.next().and_then(Lang::parse) else {
                continue;
            };
            let q = parts
                .filter_map(|p| p.trim().strip_prefix("q="))
                .find_map(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            if q > 0.0 && best.is_none_or(|(_, top)| q > top) {
                best = Some((lang, q));
            }
        }
        best.map(|(lang, _)| lang).unwrap_or_default()
    }

    pub fn texts(self) -> &'static Texts {
        match self {
            Lang::En => &en::EN,
            Lang::Ru => &ru::RU,
        }
    }

    /// The plural form for `n` (CLDR rules: English one/other; Russian
    /// one/few/many, "1 задача", "2 задачи", "5 задач", "21 задача").
    pub fn plural(self, n: u64, forms: &Plural) -> &'static str {
        match self {
            Lang::En if n == 1 => forms.one,
            Lang::En => forms.many,
            Lang::Ru => match (n % 10, n % 100) {
                (1, r) if r != 11 => forms.one,
                (2..=4, r) if !(12..=14).contains(&r) => forms.few,
                _ => forms.many,
            },
        }
    }

    /// `forms` for `n`, with `n` filled in.
    pub fn count(self, n: u64, forms: &Plural) -> String {
        fill(self.plural(n, forms), &[&n.to_string()])
    }

    /// A title or a name as this language quotes it: “Milk”, «Молоко».
    pub fn quote(self, text: &str) -> String {
        fill(self.texts().quoted, &[text])
    }

    /// The page's language: the one chosen for this request on the server
    /// (provided by the shell), the document's in the browser.
    pub fn current() -> Lang {
        use leptos::prelude::use_context;
        use_context::<Lang>().unwrap_or_else(Lang::detect)
    }

    #[cfg(feature = "ssr")]
    fn detect() -> Lang {
        leptos::prelude::use_context::<http::request::Parts>()
            .map(|parts| Lang::of_request(&parts.headers))
            .unwrap_or_default()
    }

    #[cfg(not(feature = "ssr"))]
    fn detect() -> Lang {
        leptos::prelude::document()
            .document_element()
            .and_then(|html| html.get_attribute("lang"))
            .and_then(|tag| Lang::parse(&tag))
            .unwrap_or_default()
    }

    /// The cookie's choice, else the browser's preference.
    #[cfg(feature = "ssr")]
    pub fn of_request(headers: &http::HeaderMap) -> Lang {
        let chosen = crate::server::auth::cookie::value(headers, COOKIE).and_then(Lang::parse);
        chosen.unwrap_or_else(|| {
            headers
                .get(http::header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .map(Lang::negotiate)
                .unwrap_or_default()
        })
    }
}

/// The texts of the page's language.
pub fn t() -> &'static Texts {
    Lang::current().texts()
}

/// Fills `{0}`, `{1}`, … in `template` with `args` (a translation may put
/// them in another order).
pub fn fill(template: &str, args: &[&str]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let index = after
            .find('}')
            .and_then(|close| after[..close].parse::<usize>().ok().map(|i| (i, close)));
        match index.and_then(|(i, close)| args.get(i).map(|arg| (arg, close))) {
            Some((arg, close)) => {
                out.push_str(arg);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// "added" → "Added": a phrase that starts a sentence.
pub fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_picks_the_best_range_we_have() {
        assert_eq!(Lang::negotiate("ru-RU,ru;q=0.9,en-US;q=0.8"), Lang::Ru);
        assert_eq!(Lang::negotiate("de-DE, en;q=0.5, ru;q=0.7"), Lang::Ru);
        assert_eq!(Lang::negotiate("en-GB,en;q=0.9,ru;q=0.8"), Lang::En);
        assert_eq!(Lang::negotiate("fr, de"), Lang::En);
        assert_eq!(Lang::negotiate("ru;q=0, en;q=0.1"), Lang::En);
        assert_eq!(Lang::negotiate(""), Lang::En);
        assert_eq!(Lang::negotiate("*"), Lang::En);
    }

    #[test]
    fn russian_plurals_follow_cldr() {
        let forms = Plural {
            one: "{0} задача",
            few: "{0} задачи",
            many: "{0} задач",
        };
        let ru = |n| Lang::Ru.count(n, &forms);
        assert_eq!(ru(1), "1 задача");
        assert_eq!(ru(2), "2 задачи");
        assert_eq!(ru(4), "4 задачи");
        assert_eq!(ru(5), "5 задач");
        assert_eq!(ru(0), "0 задач");
        assert_eq!(ru(11), "11 задач");
        assert_eq!(ru(12), "12 задач");
        assert_eq!(ru(14), "14 задач");
        assert_eq!(ru(21), "21 задача");
        assert_eq!(ru(22), "22 задачи");
        assert_eq!(ru(111), "111 задач");
        assert_eq!(ru(1001), "1001 задача");
        assert_eq!(Lang::En.plural(1, &forms), forms.one);
        assert_eq!(Lang::En.plural(2, &forms), forms.many);
        assert_eq!(Lang::En.plural(0, &forms), forms.many);
    }

    #[test]
    fn fill_puts_arguments_where_the_template_says() {
        assert_eq!(fill("{0} to {1}", &["a", "b"]), "a to b");
        assert_eq!(fill("{1} ← {0}", &["a", "b"]), "b ← a");
        assert_eq!(fill("{x} {5} {", &["a"]), "{x} {5} {");
        assert_eq!(capitalized("добавлена"), "Добавлена");
        assert_eq!(Lang::Ru.quote("Молоко"), "«Молоко»");
        assert_eq!(Lang::En.quote("Milk"), "“Milk”");
    }
}
