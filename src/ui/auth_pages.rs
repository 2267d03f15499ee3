//! Log-in and registration pages. Both post to their server function; the
//! server sets the session cookie and redirects to the todo list.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use super::common::{ErrorLine, ErrorSlot, PasswordField};
use super::language::LanguageSwitch;
use crate::api::auth::{Login, Register, login, register};
use crate::i18n::t;

#[component]
pub fn LoginPage() -> impl IntoView {
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let errors = ErrorSlot::new();
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let (email, password) = (email.get_untracked(), password.get_untracked());
        errors.run(async move { login(email, password).await.map(drop) });
    };
    let t = t();
    view! {
        <main class="card narrow">
            <h1>{t.login_heading}</h1>
            <form class="auth-form" method="post" action=Login::url() on:submit=submit>
                <label>
                    {t.email}
                    <input type="email" name="email" required autocomplete="email" bind:value=email />
                </label>
                <PasswordField label=t.password name="password" value=password />
                <ErrorLine errors />
                <button type="submit" class="primary">{t.log_in}</button>
            </form>
            <p class="switch">{t.new_here} " " <a href="/register">{t.create_an_account}</a></p>
            <LanguageSwitch />
        </main>
    }
}

#[component]
pub fn RegisterPage() -> impl IntoView {
    let username = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let errors = ErrorSlot::new();
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let (username, email, password) = (
            username.get_untracked(),
            email.get_untracked(),
            password.get_untracked(),
        );
        errors.run(async move { register(username, email, password).await.map(drop) });
    };
    let t = t();
    view! {
        <main class="card narrow">
            <h1>{t.register_heading}</h1>
            <form class="auth-form" method="post" action=Register::url() on:submit=submit>
                <label>
                    {t.username}
                    <input
                        name="username"
                        required
                        minlength="3"
                        maxlength="32"
                        pattern="[A-Za-z0-9_\\-]+"
                        title=t.username_rule
                        autocomplete="username"
                        bind:value=username
                    />
                </label>
                <label>
                    {t.email}
                    <input type="email" name="email" required autocomplete="email" bind:value=email />
                </label>
                <PasswordField label=t.password name="password" value=password new=true />
                <ErrorLine errors />
                <button type="submit" class="primary">{t.create_account}</button>
            </form>
            <p class="switch">{t.already_registered} " " <a href="/login">{t.log_in}</a></p>
            <LanguageSwitch />
        </main>
    }
}
