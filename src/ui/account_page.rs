//! The account page: who you are, change your password, log out everywhere,
//! delete your account. Every form posts to its server function without
//! JavaScript too; once hydrated, submit handlers call them in place and show
//! field errors on the page.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_query_map;

use super::common::{ErrorLine, ErrorSlot, PasswordField, page_resource};
use crate::api::account::{
    ChangePassword, DeleteAccount, LogoutEverywhere, change_password, delete_account,
    logout_everywhere,
};
use crate::api::auth::current_user;

#[component]
pub fn AccountPage() -> impl IntoView {
    let user = page_resource(current_user);
    let query = use_query_map();
    let changed = move || query.read().get("changed").as_deref() == Some("password");
    view! {
        <main class="card narrow account">
            <p><a href="/">"← Back to your todos"</a></p>
            <h1>"Your account"</h1>
            <Suspense>
                {move || Suspend::new(async move {
                    user.await.ok().map(|u| view! {
                        <p class="who">{u.username} " · " {u.email}</p>
                    })
                })}
            </Suspense>
            <Show when=changed>
                <p class="notice" role="status">
                    "Password changed. Your other devices have been logged out."
                </p>
            </Show>
            <PasswordForm />
            <LogoutEverywhereForm />
            <DeleteAccountForm />
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
    view! {
        <section aria-labelledby="password-heading">
            <h2 id="password-heading">"Change password"</h2>
            <form class="auth-form" method="post" action=ChangePassword::url() on:submit=submit>
                <PasswordField label="Current password" name="current_password" value=current />
                <PasswordField label="New password" name="new_password" value=new new=true />
                <ErrorLine errors />
                <button type="submit" class="primary">"Change password"</button>
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
    view! {
        <section aria-labelledby="everywhere-heading">
            <h2 id="everywhere-heading">"Sessions"</h2>
            <p>"Signed in somewhere you should not be? This ends every session, this one too."</p>
            <form method="post" action=LogoutEverywhere::url() on:submit=submit>
                <ErrorLine errors />
                <button type="submit">"Log out everywhere"</button>
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
    view! {
        <section aria-labelledby="delete-heading">
            <h2 id="delete-heading">"Delete account"</h2>
            <p>"Your todos and sessions are deleted at once; this cannot be undone."</p>
            <form class="auth-form" method="post" action=DeleteAccount::url() on:submit=submit>
                <PasswordField label="Password" name="password" value=password />
                <ErrorLine errors />
                <button type="submit" class="danger">"Delete my account"</button>
            </form>
        </section>
    }
}
