//! Each todo operation through `/api/v1/todos`, as SPEC §2b describes it.

#![cfg(feature = "ssr")]

mod common;

use common::{spawn_app, status_json};
use livetodo::domain::Todo;
use reqwest::StatusCode;
use serde_json::{Value, json};

fn is_wire_timestamp(v: &Value) -> bool {
    // 2026-10-01T00:00:00.000Z
    v.as_str()
        .is_some_and(|s| s.len() == 24 && s.ends_with('Z') && s.as_bytes()[19] == b'.')
}

#[tokio::test]
async fn create_fills_defaults_and_answers_the_wire_format() {
    let app = spawn_app().await;
    let user = app.register("c").await;

    let todo = app
        .create_todo(&user.access_token, json!({"title": "  Buy milk  "}))
        .await;

    assert_eq!(todo["title"], "Buy milk");
    assert_eq!(todo["description"], "");
    assert_eq!(todo["completed"], false);
    assert_eq!(todo["priority"], "medium");
    assert_eq!(todo["dueDate"], Value::Null);
    assert_eq!(todo["userId"], user.user.id.to_string());
    assert!(is_wire_timestamp(&todo["createdAt"]) && is_wire_timestamp(&todo["updatedAt"]));
}

#[tokio::test]
async fn list_returns_only_my_todos_oldest_first() {
    let app = spawn_app().await;
    let user = app.register("l").await;
    for title in ["one", "two", "three"] {
        app.create_todo(&user.access_token, json!({"title": title}))
            .await;
    }

    let res = app
        .get(&user.access_token, "/api/v1/todos")
        .send()
        .await
        .unwrap();

    let (status, list) = status_json(res).await;
    assert_eq!(status, StatusCode::OK);
    let titles: Vec<_> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["one", "two", "three"]);
}

/// The list's JSON is written by SQLite, everything else by serde: both
/// must be the same bytes, down to key order and string escaping.
#[tokio::test]
async fn the_list_is_byte_for_byte_what_serde_writes() {
    // Setup: titles and descriptions with everything JSON escapes.
    let app = spawn_app().await;
    let user = app.register("bytes").await;
    let token = &user.access_token;
    let empty = app.get(token, "/api/v1/todos").send().await.unwrap();
    assert_eq!(empty.text().await.unwrap(), "[]");
    let created = [
        json!({"title": r#"He said "hi" \ o/ <b>&amp;</b> 'q'"#}),
        json!({"title": "café 日本 🎉", "description": "tab\there\nnew line \u{2028} \\",
               "priority": "high", "dueDate": "2026-10-01"}),
        json!({"title": "plain", "priority": "low"}),
    ];
    let mut ids = vec![];
    for body in created {
        ids.push(
            app.create_todo(token, body).await["id"]
                .as_str()
                .unwrap()
                .to_owned(),
        );
    }
    app.patch_json(
        token,
        &format!("/api/v1/todos/{}", ids[2]),
        json!({"completed": true}),
    )
    .await;

    // Exec
    let res = app.get(token, "/api/v1/todos").send().await.unwrap();

    // Check
    assert_eq!(res.headers()["content-type"], "application/json");
    let body = res.text().await.unwrap();
    let todos: Vec<Todo> = serde_json::from_str(&body).unwrap();
    assert_eq!(serde_json::to_string(&todos).unwrap(), body);
    for (todo, id) in todos.iter().zip(&ids) {
        let one: Todo = app.get_json(token, &format!("/api/v1/todos/{id}")).await;
        assert_eq!(&one, todo);
    }
    assert_eq!(todos.len(), 3);
    assert!(todos[2].completed && todos[1].due_date.is_some());
}

#[tokio::test]
async fn get_returns_the_todo_by_id() {
    let app = spawn_app().await;
    let user = app.register("g").await;
    let todo = app
        .create_todo(
            &user.access_token,
            json!({"title": "Read", "priority": "high", "dueDate": "2026-10-01"}),
        )
        .await;

    let res = app
        .get(
            &user.access_token,
            &format!("/api/v1/todos/{}", todo["id"].as_str().unwrap()),
        )
        .send()
        .await
        .unwrap();

    let (status, body) = status_json(res).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, todo);
    assert_eq!(body["dueDate"], "2026-10-01T00:00:00.000Z");
}

#[tokio::test]
async fn patch_changes_only_the_fields_sent() {
    let app = spawn_app().await;
    let user = app.register("p").await;
    let todo = app
        .create_todo(
            &user.access_token,
            json!({"title": "Old", "description": "keep", "dueDate": "2026-10-01T10:00:00Z"}),
        )
        .await;
    let path = format!("/api/v1/todos/{}", todo["id"].as_str().unwrap());

    let res = app
        .patch(
            &user.access_token,
            &path,
            json!({"title": "New", "priority": "low", "completed": true}),
        )
        .send()
        .await
        .unwrap();

    let (status, body) = status_json(res).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["title"], "New");
    assert_eq!(body["priority"], "low");
    assert_eq!(body["completed"], true);
    assert_eq!(body["description"], "keep");
    assert_eq!(body["dueDate"], "2026-10-01T10:00:00.000Z");
    assert_eq!(body["createdAt"], todo["createdAt"]);
    assert!(body["updatedAt"].as_str() >= todo["updatedAt"].as_str());
}

#[tokio::test]
async fn patch_with_null_due_date_clears_it_and_description_can_be_emptied() {
    let app = spawn_app().await;
    let user = app.register("n").await;
    let todo = app
        .create_todo(
            &user.access_token,
            json!({"title": "T", "description": "d", "dueDate": "2026-10-01"}),
        )
        .await;
    let path = format!("/api/v1/todos/{}", todo["id"].as_str().unwrap());

    let res = app
        .patch(
            &user.access_token,
            &path,
            json!({"dueDate": null, "description": ""}),
        )
        .send()
        .await
        .unwrap();

    let (_, body) = status_json(res).await;
    assert_eq!(body["dueDate"], Value::Null);
    assert_eq!(body["description"], "");
    assert_eq!(body["title"], "T");
}

#[tokio::test]
async fn delete_answers_204_and_the_todo_is_gone() {
    let app = spawn_app().await;
    let user = app.register("d").await;
    let todo = app
        .create_todo(&user.access_token, json!({"title": "Bye"}))
        .await;
    let path = format!("/api/v1/todos/{}", todo["id"].as_str().unwrap());

    let res = app.delete(&user.access_token, &path).send().await.unwrap();

    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let again = app.get(&user.access_token, &path).send().await.unwrap();
    assert_eq!(again.status(), StatusCode::NOT_FOUND);
    let twice = app.delete(&user.access_token, &path).send().await.unwrap();
    assert_eq!(twice.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn todos_survive_a_restart_on_the_same_database() {
    let app = spawn_app().await;
    let user = app.register("r").await;
    app.create_todo(&user.access_token, json!({"title": "Persist me"}))
        .await;
    let data_dir = app.dir.path().display().to_string();
    let database = app.state.config.database_url.clone();

    // A second server on the same data directory (the same kept secret) and
    // the same database (the same SQLite file, or PostgreSQL database).
    let second =
        common::spawn_app_with(&[("DATA_DIR", &data_dir), ("DATABASE_URL", &database)]).await;
    let res = second
        .get(&user.access_token, "/api/v1/todos")
        .send()
        .await
        .unwrap();

    let (status, list) = status_json(res).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(list[0]["title"], "Persist me");
}

#[tokio::test]
async fn unknown_api_paths_answer_json_404() {
    let app = spawn_app().await;
    let (status, body) = status_json(
        app.http
            .get(app.url("/api/v1/nothing"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["error"], "not found");
}
