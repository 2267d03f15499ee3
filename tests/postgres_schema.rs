//! The PostgreSQL schema (issue 10, `migrations/postgres`) on a real
//! PostgreSQL, started by `scripts/test` (`TEST_DATABASE_URL`); each test
//! makes a database of its own. It must reach the SQLite schema's tables
//! and columns and keep its rules.

mod common;

use std::collections::BTreeMap;

use sqlx::postgres::{PgPool, PgPoolOptions};
use sqlx::sqlite::SqlitePoolOptions;
use uuid::Uuid;

/// A new, empty database on the test PostgreSQL, migrated.
async fn fresh_database() -> PgPool {
    let pool = PgPoolOptions::new()
        .max_connections(2)
        .connect(&common::engine::fresh_postgres_database().await)
        .await
        .expect("the new database");
    sqlx::migrate!("./migrations/postgres")
        .run(&pool)
        .await
        .expect("the PostgreSQL migrations");
    pool
}

/// Table → its columns, sorted, of a schema read through `sql`.
fn tables(rows: Vec<(String, String)>) -> BTreeMap<String, Vec<String>> {
    let mut tables: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (table, column) in rows {
        if table != "_sqlx_migrations" {
            tables.entry(table).or_default().push(column);
        }
    }
    for columns in tables.values_mut() {
        columns.sort();
    }
    tables
}

#[tokio::test]
async fn both_engines_reach_the_same_tables_and_columns() {
    let pg = fresh_database().await;
    let pg_tables = tables(
        sqlx::query_as(
            "SELECT table_name::text, column_name::text FROM information_schema.columns
             WHERE table_schema = 'public'",
        )
        .fetch_all(&pg)
        .await
        .unwrap(),
    );
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/schema.db?mode=rwc", dir.path().display());
    let lite = SqlitePoolOptions::new().connect(&url).await.unwrap();
    sqlx::migrate!("./migrations/sqlite")
        .run(&lite)
        .await
        .unwrap();
    let lite_tables = tables(
        sqlx::query_as(
            "SELECT m.name, c.name FROM sqlite_master m, pragma_table_info(m.name) c
             WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'",
        )
        .fetch_all(&lite)
        .await
        .unwrap(),
    );
    // PostgreSQL spells out what SQLite's rowid gives todos: their order.
    let mut expected = lite_tables;
    let todos = expected.get_mut("todos").expect("a todos table");
    todos.push("ord".into());
    todos.sort();
    assert_eq!(pg_tables, expected);
}

#[tokio::test]
async fn the_postgresql_schema_keeps_the_rules() {
    let db = fresh_database().await;
    let now = "2026-12-04T10:00:00Z";
    let user = |name: &'static str, email: &'static str| {
        let db = db.clone();
        async move {
            sqlx::query(
                "INSERT INTO users (id, username, email, password_hash, created_at)
                 VALUES ($1, $2, $3, 'x', $4::timestamptz)",
            )
            .bind(Uuid::new_v4())
            .bind(name)
            .bind(email)
            .bind(now)
            .execute(&db)
            .await
        }
    };
    user("ann", "ann@example.com").await.unwrap();
    // Usernames and emails are unique whatever their case, under the index
    // names the server maps back to the field.
    for (name, email, index) in [
        ("ANN", "other@example.com", "users_username_key"),
        ("bob", "Ann@Example.com", "users_email_key"),
    ] {
        let taken = user(name, email).await.unwrap_err();
        let constraint = taken.as_database_error().and_then(|e| e.constraint());
        assert_eq!(constraint, Some(index));
    }

    let owner: Uuid = sqlx::query_scalar("SELECT id FROM users WHERE username = 'ann'")
        .fetch_one(&db)
        .await
        .unwrap();
    let list = Uuid::new_v4();
    sqlx::query(
        "INSERT INTO lists (id, name, owner_id, created_at, updated_at)
         VALUES ($1, 'Groceries', $2, $3::timestamptz, $3::timestamptz)",
    )
    .bind(list)
    .bind(owner)
    .bind(now)
    .execute(&db)
    .await
    .unwrap();
    let add = |title: &'static str| {
        let db = db.clone();
        async move {
            sqlx::query(
                "INSERT INTO todos (id, list_id, user_id, title, created_at, updated_at)
                 VALUES ($1, $2, $3, $4, $5::timestamptz, $5::timestamptz)",
            )
            .bind(Uuid::new_v4())
            .bind(list)
            .bind(owner)
            .bind(title)
            .bind(now)
            .execute(&db)
            .await
        }
    };
    for title in ["Milk", "Eggs", "Bread"] {
        add(title).await.unwrap();
    }
    // A title the service would refuse is refused here too.
    assert!(add("").await.is_err());
    // Same millisecond: the insertion order breaks the tie.
    let titles: Vec<String> =
        sqlx::query_scalar("SELECT title FROM todos WHERE list_id = $1 ORDER BY created_at, ord")
            .bind(list)
            .fetch_all(&db)
            .await
            .unwrap();
    assert_eq!(titles, ["Milk", "Eggs", "Bread"]);

    // The log keeps a payload's text as written, and one entry per number.
    let log = |seq: i64, payload: &'static str| {
        let db = db.clone();
        async move {
            sqlx::query(
                "INSERT INTO changes (list_id, seq, event, payload, actor_id, actor_name, at)
                 VALUES ($1, $2, 'todo:created', $3::json, $4, 'ann', $5::timestamptz)",
            )
            .bind(list)
            .bind(seq)
            .bind(payload)
            .bind(owner)
            .bind(now)
            .execute(&db)
            .await
        }
    };
    let payload = r#"{"title":"Milk",  "id":"x"}"#;
    log(1, payload).await.unwrap();
    assert!(log(1, "{}").await.is_err(), "seq 1 of the list is taken");
    let kept: String = sqlx::query_scalar("SELECT payload::text FROM changes WHERE seq = 1")
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(kept, payload);

    // A list's todos and log go with it.
    sqlx::query("DELETE FROM lists WHERE id = $1")
        .bind(list)
        .execute(&db)
        .await
        .unwrap();
    let left: i64 =
        sqlx::query_scalar("SELECT (SELECT count(*) FROM todos) + (SELECT count(*) FROM changes)")
            .fetch_one(&db)
            .await
            .unwrap();
    assert_eq!(left, 0);
}
