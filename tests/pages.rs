//! The server-rendered pages and the plain-HTML form path (no JavaScript).

#![cfg(feature = "ssr")]

mod common;

use common::{TestApp, spawn_app};
use reqwest::StatusCode;

async fn logged_in_cookie(app: &TestApp) -> (String, String) {
    let user = app.register("page").await;
    let token = user.access_token;
    (format!("livetodo_session={token}"), token)
}

#[tokio::test]
async fn home_sends_visitors_without_a_session_to_login() {
    let app = spawn_app().await;

    let res = app.http.get(app.url("/")).send().await.unwrap();

    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers()["location"], "/login");
    let login = app.http.get(app.url("/login")).send().await.unwrap();
    assert_eq!(login.status(), StatusCode::OK);
    assert!(login.text().await.unwrap().contains("Log in to LiveTodo"));
}

#[tokio::test]
async fn home_renders_the_users_todos_on_the_server() {
    let app = spawn_app().await;
    let (cookie, token) = logged_in_cookie(&app).await;
    app.create_todo(&token, serde_json::json!({"title": "Rendered <safely>"}))
        .await;

    let res = app.page(&cookie, "/").await;

    assert_eq!(res.status(), StatusCode::OK);
    let html = res.text().await.unwrap();
    assert!(html.contains("Rendered &lt;safely&gt;"), "{html}");
    assert!(html.contains("1</strong>"));
}

#[tokio::test]
async fn a_plain_form_post_adds_and_redirects_back() {
    let app = spawn_app().await;
    let (cookie, token) = logged_in_cookie(&app).await;
    let referer = app.url("/?filter=active");

    let form = [
        ("title", "  no js  "),
        ("priority", "high"),
        ("due_date", ""),
    ];
    let res = app
        .plain_form_post(&cookie, "todos/add", &referer, &form)
        .await;

    assert_eq!(res.status(), StatusCode::FOUND);
    assert_eq!(res.headers()["location"], referer.as_str());
    let list: Vec<serde_json::Value> = app.get_json(&token, "/api/v1/todos").await;
    assert_eq!(list[0]["title"], "no js");
    assert_eq!(list[0]["priority"], "high");
}

#[tokio::test]
async fn signed_in_users_skip_the_login_page_and_unknown_pages_are_404() {
    let app = spawn_app().await;
    let (cookie, _) = logged_in_cookie(&app).await;

    let login = app.page(&cookie, "/login").await;
    let missing = app.http.get(app.url("/no/such/page")).send().await.unwrap();

    assert_eq!(login.status(), StatusCode::SEE_OTHER);
    assert_eq!(login.headers()["location"], "/");
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
}
