//! The account page, server-rendered, and its forms posted the way a browser
//! without JavaScript posts them.

#![cfg(feature = "ssr")]

mod common;

use common::{TestApp, spawn_app};
use reqwest::StatusCode;

const PASSWORD: &str = "correct horse battery";

/// A registered user's page cookie (`name=value`) and API token.
async fn signed_in(app: &TestApp) -> (String, String, String) {
    let user = app.register("acct").await;
    let cookie = app.session_cookie(&user.user.email).await;
    (cookie, user.access_token, user.user.email)
}

#[tokio::test]
async fn the_account_page_needs_a_session_and_offers_every_action() {
    let app = spawn_app().await;
    let (cookie, _, email) = signed_in(&app).await;

    let anonymous = app.http.get(app.url("/account")).send().await.unwrap();
    let page = app.page(&cookie, "/account").await;

    assert_eq!(anonymous.headers()["location"], "/login");
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    for text in [
        email.as_str(),
        "action=\"/api/account/password\"",
        "action=\"/api/account/logout-everywhere\"",
        "action=\"/api/account/delete\"",
    ] {
        assert!(html.contains(text), "missing {text}");
    }
}

#[tokio::test]
async fn a_plain_password_change_redirects_with_a_notice_and_keeps_this_session() {
    let app = spawn_app().await;
    let (cookie, api_token, _) = signed_in(&app).await;
    let referer = app.url("/account");

    let res = app
        .plain_form_post(
            &cookie,
            "account/password",
            &referer,
            &[
                ("current_password", PASSWORD),
                ("new_password", "another long one"),
            ],
        )
        .await;

    assert!(res.status().is_redirection(), "{}", res.status());
    assert_eq!(res.headers()["location"], "/account?changed=password");
    let list = app.server_fn(&cookie, "lists/open", &[]).await;
    assert_eq!(
        list.status(),
        StatusCode::OK,
        "the page's own session stays"
    );
    let api = app.get(&api_token, "/api/v1/todos").send().await.unwrap();
    assert_eq!(api.status(), StatusCode::UNAUTHORIZED, "other sessions end");
}

#[tokio::test]
async fn plain_log_out_everywhere_and_delete_account_work_without_javascript() {
    let app = spawn_app().await;
    let (cookie, api_token, _) = signed_in(&app).await;
    let referer = app.url("/account");

    let out = app
        .plain_form_post(&cookie, "account/logout-everywhere", &referer, &[])
        .await;

    assert_eq!(out.headers()["location"], "/login");
    assert!(
        out.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .contains("Max-Age=0")
    );
    let api = app.get(&api_token, "/api/v1/todos").send().await.unwrap();
    assert_eq!(api.status(), StatusCode::UNAUTHORIZED);

    // A new log-in, then deletion through the form.
    let user_cookie = {
        let (cookie, _, _) = signed_in(&app).await;
        cookie
    };
    let gone = app
        .plain_form_post(
            &user_cookie,
            "account/delete",
            &referer,
            &[("password", PASSWORD)],
        )
        .await;
    assert_eq!(gone.headers()["location"], "/register");
    let list = app.server_fn(&user_cookie, "lists/open", &[]).await;
    assert_eq!(list.status(), StatusCode::UNAUTHORIZED);
}
