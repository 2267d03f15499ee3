//! Server functions of the account page: change the password, log out
//! everywhere, delete the account. Each is a plain form post as well, so the
//! page works without JavaScript; on success they redirect (to the account
//! page with a notice, or to the log-in page once the session is gone).

use leptos::prelude::*;

use super::codec::Form;
use crate::error::AppError;

#[cfg(feature = "ssr")]
use crate::server::{auth::account_changes, context};

/// Keeps this session, ends every other one.
#[server(endpoint = "account/password", input = Form)]
pub async fn change_password(
    current_password: String,
    new_password: String,
) -> Result<(), AppError> {
    context::with_session(async |state, caller| {
        account_changes::change_password(&state, &caller, &current_password, &new_password).await?;
        leptos_axum::redirect("/account?changed=password");
        Ok(())
    })
    .await
}

#[server(endpoint = "account/logout-everywhere", input = Form)]
pub async fn logout_everywhere() -> Result<(), AppError> {
    context::with_caller(async |state, user| {
        account_changes::logout_everywhere(&state, user).await?;
        context::clear_session_cookie(&state);
        leptos_axum::redirect("/login");
        Ok(())
    })
    .await
}

#[server(endpoint = "account/delete", input = Form)]
pub async fn delete_account(password: String) -> Result<(), AppError> {
    context::with_caller(async |state, user| {
        account_changes::delete_account(&state, user, &password).await?;
        context::clear_session_cookie(&state);
        leptos_axum::redirect("/register");
        Ok(())
    })
    .await
}
