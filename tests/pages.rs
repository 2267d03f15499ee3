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

/// The value of attribute `name` in the first tag of `html` that contains
/// `marker` (a test helper, not an HTML parser: enough for our own markup).
fn attribute_of_tag_with(html: &str, marker: &str, name: &str) -> Option<String> {
    let at = html.find(marker)?;
    let start = html[..at].rfind('<')?;
    let tag = &html[start..start + html[start..].find('>')?];
    let value = tag.split(&format!(" {name}=\"")).nth(1)?;
    Some(value[..value.find('"')?].to_owned())
}

#[tokio::test]
async fn the_rows_buttons_toggle_and_delete_without_javascript() {
    // Setup: one todo; the buttons and forms are read from the page itself.
    let app = spawn_app().await;
    let (cookie, token) = logged_in_cookie(&app).await;
    let todo = app
        .create_todo(&token, serde_json::json!({"title": "Plain row"}))
        .await;
    let html = app.page(&cookie, "/").await.text().await.unwrap();
    let submit = |form_id: &str| {
        let form = format!("form=\"{form_id}\"");
        let name = attribute_of_tag_with(&html, &form, "name").expect("button name");
        let value = attribute_of_tag_with(&html, &form, "value").expect("button value");
        let action = attribute_of_tag_with(&html, &format!("id=\"{form_id}\""), "action")
            .expect("form action");
        (action, name, value)
    };
    let (toggle, delete) = (submit("tg"), submit("dl"));

    // Exec: the toggle button's form as a browser posts it.
    let endpoint = |action: &str| action.trim_start_matches("/api/").to_owned();
    let referer = app.url("/");
    let res = app
        .plain_form_post(
            &cookie,
            &endpoint(&toggle.0),
            &referer,
            &[(&toggle.1, &toggle.2)],
        )
        .await;

    // Check: done, and back on the page; then the delete button removes it.
    assert_eq!(res.status(), StatusCode::FOUND);
    let list: Vec<serde_json::Value> = app.get_json(&token, "/api/v1/todos").await;
    assert_eq!(
        (&list[0]["id"], &list[0]["completed"]),
        (&todo["id"], &serde_json::json!(true))
    );
    let res = app
        .plain_form_post(
            &cookie,
            &endpoint(&delete.0),
            &referer,
            &[(&delete.1, &delete.2)],
        )
        .await;
    assert_eq!(res.status(), StatusCode::FOUND);
    let list: Vec<serde_json::Value> = app.get_json(&token, "/api/v1/todos").await;
    assert!(list.is_empty(), "{list:?}");
}

/// The home page's size budget (issue 7): 100 todos, as the benchmark's
/// `ssr` mode seeds them, in at most 50 KB of HTML, hydration data included.
#[tokio::test]
async fn a_hundred_todos_fit_the_home_pages_html_budget() {
    const BUDGET: usize = 50_000;
    let app = spawn_app().await;
    let (cookie, token) = logged_in_cookie(&app).await;
    for i in 0..100 {
        app.create_todo(
            &token,
            serde_json::json!({"title": format!("todo number {i}")}),
        )
        .await;
    }

    let html = app.page(&cookie, "/").await.text().await.unwrap();

    assert!(html.contains("todo number 99"));
    println!("home page with 100 todos: {} bytes", html.len());
    assert!(html.len() <= BUDGET, "{} bytes > {BUDGET}", html.len());
}

#[tokio::test]
async fn pages_speak_the_browsers_language_until_the_switch_picks_one() {
    let app = spawn_app().await;
    let login = async |accept_language: &str, cookie: &str| {
        let res = app
            .http
            .get(app.url("/login"))
            .header("accept-language", accept_language)
            .header("cookie", cookie)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        res.text().await.unwrap()
    };

    let russian = login("ru-RU,ru;q=0.9,en-US;q=0.8", "").await;
    assert!(russian.contains(r#"<html lang="ru""#), "{russian}");
    assert!(russian.contains("Вход в LiveTodo"), "{russian}");
    let english = login("de-DE,en;q=0.5", "").await;
    assert!(english.contains(r#"<html lang="en""#), "{english}");
    assert!(english.contains("Log in to LiveTodo"), "{english}");

    // The switch: a plain form post remembers the choice and goes back.
    let res = app
        .plain_form_post(
            "",
            "language",
            &app.url("/login"),
            &[("lang", "en"), ("next", "/login")],
        )
        .await;
    assert!(res.status().is_redirection(), "{}", res.status());
    assert_eq!(res.headers()["location"], "/login");
    let cookie = res.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(cookie.starts_with("livetodo_lang=en;"), "{cookie}");
    assert!(cookie.contains("Max-Age=31536000"), "{cookie}");
    let chosen = login("ru-RU,ru;q=0.9", "livetodo_lang=en").await;
    assert!(chosen.contains("Log in to LiveTodo"), "{chosen}");

    // Never back to another site.
    let res = app
        .plain_form_post(
            "",
            "language",
            &app.url("/login"),
            &[("lang", "ru"), ("next", "//evil.example/")],
        )
        .await;
    assert_eq!(res.headers()["location"], "/");

    // A language we do not have is refused, naming the field.
    let res = app
        .http
        .post(app.url("/api/language"))
        .header("origin", &app.origin)
        .form(&[("lang", "xx")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let body = res.text().await.unwrap();
    assert!(
        body.contains("lang") && body.contains("must be one of en, ru"),
        "{body}"
    );
}
