//! Account server functions for the log-in, registration and log-out forms.
//! On success they set (or clear) the HttpOnly session cookie and redirect;
//! with JavaScript the router follows the redirect client-side, without it
//! the browser does.

use leptos::prelude::*;

use crate::domain::User;
use crate::error::AppError;

use super::codec::Form;
#[cfg(feature = "ssr")]
use crate::server::{auth::accounts, context};

#[server(endpoint = "auth/me", input = Form)]
pub async fn current_user() -> Result<User, AppError> {
    context::with_caller(async |state, user| {
        crate::server::db::users::find_by_id(&state.pool, user)
            .await?
            .ok_or(AppError::Unauthorized)
    })
    .await
}

#[server(endpoint = "auth/login", input = Form)]
pub async fn login(email: String, password: String) -> Result<User, AppError> {
    context::with_state(async |state| {
        let answer = accounts::login(&state, &email, &password).await?;
        context::set_session_cookie(&state, &answer.access_token);
        leptos_axum::redirect("/");
        Ok(answer.user)
    })
    .await
}

#[server(endpoint = "auth/register", input = Form)]
pub async fn register(username: String, email: String, password: String) -> Result<User, AppError> {
    context::with_state(async |state| {
        let answer = accounts::register(&state, &username, &email, &password).await?;
        context::set_session_cookie(&state, &answer.access_token);
        leptos_axum::redirect("/");
        Ok(answer.user)
    })
    .await
}

/// Ends the session: clears the cookie and disconnects every socket that was
/// opened with it (other log-ins of the same user stay connected).
#[server(endpoint = "auth/logout", input = Form)]
pub async fn logout() -> Result<(), AppError> {
    context::with_state(async |state| {
        if let Some(sid) = context::cookie_session(&state) {
            crate::server::realtime::end_session(&state.io, &sid).await;
        }
        context::clear_session_cookie(&state);
        leptos_axum::redirect("/login");
        Ok(())
    })
    .await
}
