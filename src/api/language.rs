//! The page's language switch: a plain form post (it works without
//! JavaScript, and with it the browser simply loads the page again, now
//! rendered in the chosen language). The choice is kept in a cookie.

use leptos::prelude::*;

use super::codec::Form;
use crate::error::AppError;

#[cfg(feature = "ssr")]
use crate::{i18n::Lang, server::context};

/// Sets the language and goes back to `next` (the page it was chosen on).
#[server(endpoint = "language", input = Form)]
pub async fn set_language(lang: String, next: Option<String>) -> Result<(), AppError> {
    context::with_state(async |state| {
        let chosen = Lang::ALL
            .into_iter()
            .find(|l| l.tag() == lang)
            .ok_or_else(|| AppError::invalid("lang", "must be one of en, ru"))?;
        context::set_language_cookie(&state, chosen);
        leptos_axum::redirect(back_to(next.as_deref()));
        Ok(())
    })
    .await
}

/// `next` if it is a path of this site, else `/`: never a redirect to
/// another site (`//evil.example`, `/\evil.example`, `https://…`).
pub fn back_to(next: Option<&str>) -> &str {
    match next {
        Some(path)
            if path.starts_with('/')
                && !path.starts_with("//")
                && !path.starts_with("/\\")
                && !path.chars().any(char::is_control) =>
        {
            path
        }
        _ => "/",
    }
}

#[cfg(test)]
mod tests {
    use super::back_to;

    #[test]
    fn only_paths_of_this_site_are_followed() {
        assert_eq!(
            back_to(Some("/lists/1?filter=active")),
            "/lists/1?filter=active"
        );
        assert_eq!(back_to(Some("/login")), "/login");
        assert_eq!(back_to(Some("//evil.example/")), "/");
        assert_eq!(back_to(Some("/\\evil.example")), "/");
        assert_eq!(back_to(Some("https://evil.example/")), "/");
        assert_eq!(back_to(Some("/a\nb")), "/");
        assert_eq!(back_to(None), "/");
    }
}
