//! Accounts through the JSON API: registration rules, log-in answers, tokens.

#![cfg(feature = "ssr")]

mod common;

use common::{spawn_app, status_json, unique_name};
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn register_answers_a_working_token_and_the_public_user() {
    // Setup
    let app = spawn_app().await;
    let name = unique_name("ann");

    // Exec
    let res = app
        .http
        .post(app.url("/api/v1/auth/register"))
        .json(&json!({"username": name, "email": format!("{name}@Example.com"), "password": "long enough"}))
        .send()
        .await
        .unwrap();

    // Check
    let (status, body) = status_json(res).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(body["user"]["username"], name.as_str());
    assert!(body["user"]["id"].as_str().unwrap().len() == 36);
    assert!(body["user"].get("password").is_none() && body["user"].get("passwordHash").is_none());
    let token = body["accessToken"].as_str().unwrap();
    let list = app.get(token, "/api/v1/todos").send().await.unwrap();
    assert_eq!(list.status(), StatusCode::OK);
}

#[tokio::test]
async fn duplicate_email_or_username_is_refused_whatever_the_case() {
    let app = spawn_app().await;
    let first = app.register("dup").await;
    let upper_email = first.user.email.to_uppercase();
    let upper_name = first.user.username.to_uppercase();

    let same_email = app
        .http
        .post(app.url("/api/v1/auth/register"))
        .json(&json!({"username": unique_name("other"), "email": upper_email, "password": "long enough"}))
        .send()
        .await
        .unwrap();
    let same_name = app
        .http
        .post(app.url("/api/v1/auth/register"))
        .json(&json!({"username": upper_name, "email": "fresh@example.com", "password": "long enough"}))
        .send()
        .await
        .unwrap();

    let (status, body) = status_json(same_email).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(body["field"], "email");
    let (status, body) = status_json(same_name).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(body["field"], "username");
}

#[tokio::test]
async fn registration_fields_are_validated_by_name() {
    let app = spawn_app().await;
    let cases = [
        (
            json!({"username": "ab", "email": "a@b.co", "password": "long enough"}),
            "username",
        ),
        (
            json!({"username": "has space", "email": "a@b.co", "password": "long enough"}),
            "username",
        ),
        (
            json!({"username": "okname", "email": "not-an-email", "password": "long enough"}),
            "email",
        ),
        (
            json!({"username": "okname", "email": "a@b.co", "password": "short"}),
            "password",
        ),
        (
            json!({"email": "a@b.co", "password": "long enough"}),
            "username",
        ),
    ];
    for (body, field) in cases {
        let res = app
            .http
            .post(app.url("/api/v1/auth/register"))
            .json(&body)
            .send()
            .await
            .unwrap();
        let (status, answer) = status_json(res).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(answer["field"], field, "{body}");
        assert!(
            answer["error"]
                .as_str()
                .unwrap()
                .starts_with(&format!("{field}: "))
        );
    }
}

#[tokio::test]
async fn login_with_the_right_password_returns_a_token() {
    let app = spawn_app().await;
    let user = app.register("log").await;

    let res = app
        .http
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({"email": user.user.email, "password": "correct horse battery"}))
        .send()
        .await
        .unwrap();

    let (status, body) = status_json(res).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["user"]["id"], user.user.id.to_string());
    assert!(
        body["accessToken"]
            .as_str()
            .is_some_and(|t| t.split('.').count() == 3)
    );
}

#[tokio::test]
async fn unknown_email_and_wrong_password_answer_alike() {
    let app = spawn_app().await;
    let user = app.register("pw").await;
    let login = |email: String, password: &'static str| {
        app.http
            .post(app.url("/api/v1/auth/login"))
            .json(&json!({"email": email, "password": password}))
            .send()
    };

    let wrong_password = status_json(
        login(user.user.email.clone(), "not the password")
            .await
            .unwrap(),
    )
    .await;
    let unknown_email = status_json(
        login("nobody@example.com".into(), "not the password")
            .await
            .unwrap(),
    )
    .await;

    assert_eq!(wrong_password.0, StatusCode::UNAUTHORIZED);
    assert_eq!(wrong_password, unknown_email);
}

#[tokio::test]
async fn requests_without_a_valid_token_get_401() {
    let app = spawn_app().await;
    let other_secret =
        livetodo::server::auth::TokenKeys::new(&[9u8; 32], std::time::Duration::from_secs(60));
    let forged = other_secret
        .issue(
            uuid::Uuid::new_v4(),
            uuid::Uuid::new_v4(),
            chrono::Utc::now() + chrono::Duration::minutes(1),
        )
        .unwrap();

    for token in [None, Some("garbage"), Some(forged.as_str())] {
        let mut req = app.http.get(app.url("/api/v1/todos"));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        let (status, body) = status_json(req.send().await.unwrap()).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{token:?}");
        assert!(body["error"].is_string());
    }
}
