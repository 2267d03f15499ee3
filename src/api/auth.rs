//! Account server functions for the log-in, registration and log-out forms.
//! On success they set (or clear) the HttpOnly session cookie and redirect;
//! with JavaScript the router follows the redirect client-side, without it
//! the browser does.

use leptos::prelude::*;

use crate::domain::User;
use crate::error::AppError;

use super::codec::Form;
#[cfg(feature = "ssr")]
use crate::server::{
    auth::{account_changes, accounts},
    context,
    limits::ClientIp,
};

#[server(endpoint = "auth/me", input = Form)]
pub async fn current_user() -> Result<User, AppError> {
    context::with_caller(async |state, user| {
        state
            .store
            .user_by_id(user)
            .await?
            .ok_or(AppError::Unauthorized)
    })
    .await
}

#[server(endpoint = "auth/login", input = Form)]
pub async fn login(email: String, password: String) -> Result<User, AppError> {
    context::with_state(async |state| {
        let answer = accounts::login(&state, ClientIp::of_server_fn(), &email, &password).await?;
        context::set_session_cookie(&state, &answer.access_token);
        leptos_axum::redirect("/");
        Ok(answer.user)
    })
    .await
}

#[server(endpoint = "auth/register", input = Form)]
pub async fn register(username: String, email: String, password: String) -> Result<User, AppError> {
    context::with_state(async |state| {
        let answer = accounts::register(
            &state,
            ClientIp::of_server_fn(),
            &username,
            &email,
            &password,
            // The page's language names it; the JSON API's is English.
            context::page_lang().texts().first_list,
        )
        .await?;
        context::set_session_cookie(&state, &answer.access_token);
        leptos_axum::redirect("/");
        Ok(answer.user)
    })
    .await
}

/// Ends the session on the server, clears the cookie and disconnects every
/// socket opened with it (other log-ins of the same user stay connected).
/// Without a live session it still clears the cookie: logging out twice is fine.
#[server(endpoint = "auth/logout", input = Form)]
pub async fn logout() -> Result<(), AppError> {
    context::with_state(async |state| {
        if let Ok(caller) = context::signed_in(&state).await {
            account_changes::logout(&state, &caller).await?;
        }
        context::clear_session_cookie(&state);
        leptos_axum::redirect("/login");
        Ok(())
    })
    .await
}
