//! Requests authenticated by the session cookie are refused when they come
//! from another site; bearer-token requests and same-origin ones are not.

#![cfg(feature = "ssr")]

mod common;

use common::{TestApp, spawn_app};
use reqwest::StatusCode;

/// A fresh user's session cookie, as the log-in server function sets it.
async fn session_cookie(app: &TestApp) -> String {
    let user = app.register("cookie").await;
    app.session_cookie(&user.user.email).await
}

#[tokio::test]
async fn the_session_cookie_is_http_only_and_same_site() {
    let app = spawn_app().await;
    let user = app.register("flags").await;

    let res = app
        .http
        .post(app.url("/api/auth/login"))
        .header("origin", &app.origin)
        .form(&[
            ("email", user.user.email.as_str()),
            ("password", "correct horse battery"),
        ])
        .send()
        .await
        .unwrap();

    let set_cookie = res.headers()["set-cookie"].to_str().unwrap();
    assert!(set_cookie.starts_with("livetodo_session="));
    assert!(set_cookie.contains("HttpOnly") && set_cookie.contains("SameSite=Lax"));
}

fn add_todo(app: &TestApp, cookie: &str) -> reqwest::RequestBuilder {
    app.http
        .post(app.url("/api/todos/add"))
        .header("cookie", cookie)
        .form(&[("title", "from a form")])
}

#[tokio::test]
async fn same_origin_cookie_requests_work() {
    let app = spawn_app().await;
    let cookie = session_cookie(&app).await;

    let res = add_todo(&app, &cookie)
        .header("origin", &app.origin)
        .send()
        .await
        .unwrap();

    assert_eq!(res.status(), StatusCode::OK);
    let todo: serde_json::Value = res.json().await.unwrap();
    assert_eq!(todo["title"], "from a form");
}

#[tokio::test]
async fn cookie_requests_from_a_foreign_origin_are_refused() {
    let app = spawn_app().await;
    let cookie = session_cookie(&app).await;

    let server_fn = add_todo(&app, &cookie)
        .header("origin", "https://evil.example")
        .send()
        .await
        .unwrap();
    let api = app
        .http
        .get(app.url("/api/v1/todos"))
        .header("cookie", &cookie)
        .header("origin", "https://evil.example")
        .send()
        .await
        .unwrap();
    let fetch_metadata = add_todo(&app, &cookie)
        .header("sec-fetch-site", "cross-site")
        .send()
        .await
        .unwrap();

    assert_eq!(server_fn.status(), StatusCode::FORBIDDEN);
    assert_eq!(api.status(), StatusCode::FORBIDDEN);
    assert_eq!(fetch_metadata.status(), StatusCode::FORBIDDEN);
    // Nothing was written by the refused requests.
    let list = app.page(&cookie, "/api/v1/todos").await;
    assert_eq!(
        list.json::<Vec<serde_json::Value>>().await.unwrap().len(),
        0
    );
}

#[tokio::test]
async fn bearer_requests_are_not_subject_to_the_origin_check() {
    let app = spawn_app().await;
    let user = app.register("bearer").await;

    let res = app
        .post(
            &user.access_token,
            "/api/v1/todos",
            serde_json::json!({"title": "scripted"}),
        )
        .header("origin", "https://other.example")
        .send()
        .await
        .unwrap();

    assert_eq!(res.status(), StatusCode::CREATED);
}
