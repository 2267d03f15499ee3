//! Every validation rule of SPEC §1 through the API: the error names the
//! field, and nothing reaches the database.

#![cfg(feature = "ssr")]

mod common;

use common::{TestApp, spawn_app, status_json};
use reqwest::StatusCode;
use serde_json::{Value, json};

async fn todo_count(app: &TestApp, token: &str) -> usize {
    app.get_json::<Vec<Value>>(token, "/api/v1/todos")
        .await
        .len()
}

#[tokio::test]
async fn invalid_creates_name_the_field_and_store_nothing() {
    let app = spawn_app().await;
    let user = app.register("v").await;
    let cases = [
        (json!({"title": ""}), "title", "title: must not be empty"),
        (
            json!({"title": " \t\n "}),
            "title",
            "title: must not be empty",
        ),
        (json!({}), "title", "title: is required"),
        (
            json!({"title": "x".repeat(201)}),
            "title",
            "title: must be at most 200 characters",
        ),
        (
            json!({"title": "ok", "priority": "urgent"}),
            "priority",
            "priority: must be one of low, medium, high",
        ),
        (
            json!({"title": "ok", "dueDate": "2026-02-30"}),
            "dueDate",
            "dueDate: must be a valid date (YYYY-MM-DD or RFC 3339)",
        ),
        (
            json!({"title": "ok", "dueDate": "2026-13-01T00:00:00Z"}),
            "dueDate",
            "dueDate: must be a valid date (YYYY-MM-DD or RFC 3339)",
        ),
        (
            json!({"title": "ok", "description": "d".repeat(2001)}),
            "description",
            "description: must be at most 2000 characters",
        ),
    ];
    for (body, field, message) in cases {
        let res = app
            .post(&user.access_token, "/api/v1/todos", body.clone())
            .send()
            .await
            .unwrap();
        let (status, answer) = status_json(res).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(answer, json!({"error": message, "field": field}));
    }
    assert_eq!(todo_count(&app, &user.access_token).await, 0);
}

#[tokio::test]
async fn limits_are_inclusive() {
    let app = spawn_app().await;
    let user = app.register("lim").await;
    let title = "é".repeat(200);
    let todo = app
        .create_todo(
            &user.access_token,
            json!({"title": title, "description": "d".repeat(2000)}),
        )
        .await;
    assert_eq!(todo["title"].as_str().unwrap().chars().count(), 200);
}

#[tokio::test]
async fn wrong_json_types_name_the_field() {
    let app = spawn_app().await;
    let user = app.register("typ").await;

    let res = app
        .post(&user.access_token, "/api/v1/todos", json!({"title": 5}))
        .send()
        .await
        .unwrap();
    let (status, body) = status_json(res).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["field"], "title");

    let res = app
        .http
        .post(app.url("/api/v1/todos"))
        .bearer_auth(&user.access_token)
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    let (status, body) = status_json(res).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["field"], "body");
}

#[tokio::test]
async fn invalid_updates_leave_the_todo_unchanged() {
    let app = spawn_app().await;
    let user = app.register("vu").await;
    let todo = app
        .create_todo(&user.access_token, json!({"title": "Stay"}))
        .await;
    let path = format!("/api/v1/todos/{}", todo["id"].as_str().unwrap());

    for body in [
        json!({"title": "  "}),
        json!({"priority": "HIGH"}),
        json!({"dueDate": "yesterday"}),
        json!({"completed": "yes"}),
    ] {
        let res = app
            .patch(&user.access_token, &path, body.clone())
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::BAD_REQUEST, "{body}");
    }

    let after: Value = app.get_json(&user.access_token, &path).await;
    assert_eq!(after, todo);
}

#[tokio::test]
async fn unicode_and_sql_looking_text_round_trip_literally() {
    let app = spawn_app().await;
    let user = app.register("lit").await;
    let texts = [
        "Robert'); DROP TABLE todos;--",
        "' OR '1'='1",
        "日本語のタスク 🥛✅",
        "<script>alert('x')</script>",
        "\"quotes\" and \\backslash",
    ];

    for text in texts {
        let todo = app
            .create_todo(
                &user.access_token,
                json!({"title": text, "description": text}),
            )
            .await;
        let path = format!("/api/v1/todos/{}", todo["id"].as_str().unwrap());
        let back: Value = app.get_json(&user.access_token, &path).await;
        assert_eq!(back["title"], text);
        assert_eq!(back["description"], text);
    }
    assert_eq!(todo_count(&app, &user.access_token).await, texts.len());
}

#[tokio::test]
async fn oversized_bodies_are_refused_with_413() {
    let app = spawn_app().await;
    let user = app.register("big").await;
    let huge = json!({"title": "x", "description": "d".repeat(100_000)});

    let res = app
        .post(&user.access_token, "/api/v1/todos", huge)
        .send()
        .await
        .unwrap();

    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(todo_count(&app, &user.access_token).await, 0);
}
