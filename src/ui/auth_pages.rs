//! Log-in and registration pages. Both post to their server function; the
//! server sets the session cookie and redirects to the todo list.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use super::common::{ErrorLine, ErrorSlot, PasswordField};
use crate::api::auth::{Login, Register, login, register};

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
    view! {
        <main class="card narrow">
            <h1>"Log in to LiveTodo"</h1>
            <form class="auth-form" method="post" action=Login::url() on:submit=submit>
                <label>
                    "Email"
                    <input type="email" name="email" required autocomplete="email" bind:value=email />
                </label>
                <PasswordField label="Password" name="password" value=password />
                <ErrorLine errors />
                <button type="submit" class="primary">"Log in"</button>
            </form>
            <p class="switch">"New here? " <a href="/register">"Create an account"</a></p>
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
    view! {
        <main class="card narrow">
            <h1>"Create your LiveTodo account"</h1>
            <form class="auth-form" method="post" action=Register::url() on:submit=submit>
                <label>
                    "Username"
                    <input
                        name="username"
                        required
                        minlength="3"
                        maxlength="32"
                        pattern="[A-Za-z0-9_\\-]+"
                        title="3 to 32 letters, digits, _ or -"
                        autocomplete="username"
                        bind:value=username
                    />
                </label>
                <label>
                    "Email"
                    <input type="email" name="email" required autocomplete="email" bind:value=email />
                </label>
                <PasswordField label="Password" name="password" value=password new=true />
                <ErrorLine errors />
                <button type="submit" class="primary">"Create account"</button>
            </form>
            <p class="switch">"Already registered? " <a href="/login">"Log in"</a></p>
        </main>
    }
}
