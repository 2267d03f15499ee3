//! The account page: who you are, change your password, log out everywhere,
//! delete your account. Every form posts to its server function without
//! JavaScript too; once hydrated, submit handlers call them in place and show
//! field errors on the page.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_query_map;

use super::common::{ErrorLine, ErrorSlot, PasswordField, page_resource};
use super::language::LanguageSwitch;
use crate::api::account::{
    ChangePassword, DeleteAccount, LogoutEverywhere, change_password, delete_account,
    logout_everywhere,
};
use crate::api::auth::current_user;
use crate::i18n::t;

#[component]
pub fn AccountPage() -> impl IntoView {
    let user = page_resource(current_user);
    let query = use_query_map();
    let changed = move || query.read().get("changed").as_deref() == Some("password");
    let t = t();
    view! {
        <main class="card narrow account">
            <p><a href="/">"← " {t.back_to_todos}</a></p>
            <h1>{t.account_heading}</h1>
            <Suspense>
                {move || Suspend::new(async move {
                    user.await.ok().map(|u| view! {
                        <p class="who">{u.username} " · " {u.email}</p>
                    })
                })}
            </Suspense>
            <Show when=changed>
                <p class="notice" role="status">{t.password_changed}</p>
            </Show>
            <PasswordForm />
            <LogoutEverywhereForm />
            <DeleteAccountForm />
            <LanguageSwitch />
        </main>
    }
}

#[component]
fn PasswordForm() -> impl IntoView {
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let errors = ErrorSlot::new();
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let (c, n) = (current.get_untracked(), new.get_untracked());
        errors.run(async move { change_password(c, n).await });
    };
    let t = t();
    view! {
        <section aria-labelledby="password-heading">
            <h2 id="password-heading">{t.change_password}</h2>
            <form class="auth-form" method="post" action=ChangePassword::url() on:submit=submit>
                <PasswordField label=t.current_password name="current_password" value=current />
                <PasswordField label=t.new_password name="new_password" value=new new=true />
                <ErrorLine errors />
                <button type="submit" class="primary">{t.change_password}</button>
            </form>
        </section>
    }
}

#[component]
fn LogoutEverywhereForm() -> impl IntoView {
    let errors = ErrorSlot::new();
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        errors.run(logout_everywhere());
    };
    let t = t();
    view! {
        <section aria-labelledby="everywhere-heading">
            <h2 id="everywhere-heading">{t.sessions}</h2>
            <p>{t.sessions_intro}</p>
            <form method="post" action=LogoutEverywhere::url() on:submit=submit>
                <ErrorLine errors />
                <button type="submit">{t.log_out_everywhere}</button>
            </form>
        </section>
    }
}

#[component]
fn DeleteAccountForm() -> impl IntoView {
    let password = RwSignal::new(String::new());
    let errors = ErrorSlot::new();
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let p = password.get_untracked();
        errors.run(async move { delete_account(p).await });
    };
    let t = t();
    view! {
        <section aria-labelledby="delete-heading">
            <h2 id="delete-heading">{t.delete_account}</h2>
            <p>{t.delete_account_intro}</p>
            <form class="auth-form" method="post" action=DeleteAccount::url() on:submit=submit>
                <PasswordField label=t.password name="password" value=password />
                <ErrorLine errors />
                <button type="submit" class="danger">{t.delete_my_account}</button>
            </form>
        </section>
    }
}
