//! The language switch: one submit button per language, in its own
//! language. A plain form (`api::language`), so it works without
//! JavaScript; the server answers with the same page in the new language.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_location;

use crate::api::language::SetLanguage;
use crate::i18n::Lang;

#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let current = Lang::current();
    let location = use_location();
    // Back to this very page, filter and all.
    let next = move || {
        let search = location.search.get();
        let search = search.trim_start_matches('?');
        let mark = if search.is_empty() { "" } else { "?" };
        format!("{}{mark}{search}", location.pathname.get())
    };
    view! {
        <form class="language" method="post" action=SetLanguage::url() aria-label=current.texts().language>
            <input type="hidden" name="next" value=next />
            {Lang::ALL
                .map(|lang| {
                    view! {
                        <button
                            type="submit"
                            class="link"
                            name="lang"
                            value=lang.tag()
                            lang=lang.tag()
                            aria-pressed=(lang == current).to_string()
                        >
                            {lang.name()}
                        </button>
                    }
                })}
        </form>
    }
}
