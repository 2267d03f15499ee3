//! The shared-lists migration on a database made by the previous schema:
//! every user gets a "My todos" list holding all their todos, in order,
//! nothing lost, and they can log in and go on.

mod common;

use common::{spawn_app_in, status_json};
use reqwest::StatusCode;
use serde_json::{Value, json};
use sqlx::migrate::Migrator;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection};
use std::path::Path;

/// The migration that brought lists in; everything before it is the old schema.
const LISTS_MIGRATION: i64 = 20261203000002;

#[tokio::test]
async fn every_existing_todo_moves_into_its_owners_first_list() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("livetodo.db");
    let mut old = SqliteConnectOptions::new()
        .filename(&file)
        .create_if_missing(true)
        .connect()
        .await
        .unwrap();
    let mut migrator = Migrator::new(Path::new("migrations/sqlite")).await.unwrap();
    let before: Vec<_> = migrator
        .migrations
        .iter()
        .filter(|m| m.version < LISTS_MIGRATION)
        .cloned()
        .collect();
    assert!(before.len() >= 3, "the old schema has its migrations");
    migrator.migrations = before.into();
    migrator.run(&mut old).await.unwrap();

    // Two users of the old schema, with todos (two in the same millisecond,
    // whose order only rowid keeps) made before the migration existed.
    // Their password is "correct horse battery" (Argon2id, default params).
    let hash = {
        use argon2::{Argon2, PasswordHasher};
        Argon2::default()
            .hash_password(b"correct horse battery")
            .unwrap()
            .to_string()
    };
    for (user, name) in [
        ("00000000-0000-4000-8000-000000000001", "old_ann"),
        ("00000000-0000-4000-8000-000000000002", "old_bob"),
    ] {
        sqlx::query("INSERT INTO users (id, username, email, password_hash, created_at) VALUES (?, ?, ?, ?, '2026-11-01T00:00:00.000Z')")
            .bind(user)
            .bind(name)
            .bind(format!("{name}@example.com"))
            .bind(&hash)
            .execute(&mut old)
            .await
            .unwrap();
    }
    let todos = [
        (
            "10000000-0000-4000-8000-000000000003",
            "00000000-0000-4000-8000-000000000001",
            "second",
            "2026-11-02T00:00:00.000Z",
            1,
        ),
        (
            "10000000-0000-4000-8000-000000000002",
            "00000000-0000-4000-8000-000000000001",
            "first",
            "2026-11-01T00:00:00.000Z",
            0,
        ),
        (
            "10000000-0000-4000-8000-000000000001",
            "00000000-0000-4000-8000-000000000001",
            "first too",
            "2026-11-01T00:00:00.000Z",
            0,
        ),
        (
            "10000000-0000-4000-8000-000000000004",
            "00000000-0000-4000-8000-000000000002",
            "bob's",
            "2026-11-03T00:00:00.000Z",
            0,
        ),
    ];
    for (id, user, title, at, done) in todos {
        sqlx::query("INSERT INTO todos (id, user_id, title, description, completed, priority, due_date, created_at, updated_at) VALUES (?, ?, ?, 'kept', ?, 'high', '2026-12-24T00:00:00.000Z', ?, ?)")
            .bind(id)
            .bind(user)
            .bind(title)
            .bind(done)
            .bind(at)
            .bind(at)
            .execute(&mut old)
            .await
            .unwrap();
    }
    old.close().await.unwrap();

    // The server migrates on start.
    let app = spawn_app_in(dir, &[]).await;
    let login = |email: &str| {
        app.http
            .post(app.url("/api/v1/auth/login"))
            .json(&json!({ "email": email, "password": "correct horse battery" }))
            .send()
    };
    let (status, ann) = status_json(login("old_ann@example.com").await.unwrap()).await;
    assert_eq!(status, StatusCode::OK, "{ann}");
    let ann = ann["accessToken"].as_str().unwrap().to_owned();
    let (_, bob) = status_json(login("old_bob@example.com").await.unwrap()).await;
    let bob = bob["accessToken"].as_str().unwrap().to_owned();

    let lists: Vec<Value> = app.get_json(&ann, "/api/v1/lists").await;
    assert_eq!(lists.len(), 1);
    assert_eq!(
        (lists[0]["name"].as_str(), lists[0]["role"].as_str()),
        (Some("My todos"), Some("owner"))
    );
    let list = lists[0]["id"].as_str().unwrap();
    assert!(uuid::Uuid::parse_str(list).unwrap().get_version_num() == 4);

    let kept: Vec<Value> = app
        .get_json(&ann, &format!("/api/v1/lists/{list}/todos"))
        .await;
    let titles: Vec<&str> = kept.iter().map(|t| t["title"].as_str().unwrap()).collect();
    assert_eq!(
        titles,
        ["first", "first too", "second"],
        "oldest first, ties as before"
    );
    for todo in &kept {
        assert_eq!(todo["listId"], list);
        assert_eq!(todo["version"], 1);
        assert_eq!(
            (todo["description"].as_str(), todo["priority"].as_str()),
            (Some("kept"), Some("high"))
        );
        assert_eq!(todo["dueDate"], "2026-12-24T00:00:00.000Z");
    }
    assert_eq!(kept[2]["completed"], true);

    let bobs: Vec<Value> = app.get_json(&bob, "/api/v1/todos").await;
    assert_eq!(bobs.len(), 1);
    assert_ne!(bobs[0]["listId"], list, "each user their own list");

    // And life goes on: a new todo lands in the migrated list.
    let new = app.create_todo(&ann, json!({ "title": "after" })).await;
    assert_eq!(new["listId"], list);
}
