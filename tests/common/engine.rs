//! Which database engine the tests run on. SQLite (a file in the test's
//! temporary directory) by default; with `TEST_ENGINE=postgres`, a new
//! database per test on the PostgreSQL that `TEST_DATABASE_URL` names
//! (`scripts/test` starts one and runs the suite on each engine).

use sqlx::postgres::PgPool;
use uuid::Uuid;

/// Whether this run is on PostgreSQL.
pub fn is_postgres() -> bool {
    std::env::var("TEST_ENGINE").is_ok_and(|e| e == "postgres")
}

/// The test PostgreSQL server's URL.
pub fn postgres_server() -> String {
    std::env::var("TEST_DATABASE_URL")
        .expect("TEST_DATABASE_URL: run scripts/test, which starts PostgreSQL for the tests")
}

/// A new, empty database on the test PostgreSQL; its URL.
pub async fn fresh_postgres_database() -> String {
    let server = postgres_server();
    let admin = PgPool::connect(&server).await.expect("the test PostgreSQL");
    let name = format!("livetodo_{}", Uuid::new_v4().simple());
    // The name is made here of hex digits: nothing to escape.
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&admin)
        .await
        .expect("create a database");
    admin.close().await;
    let (base, _) = server.rsplit_once('/').expect("a database URL");
    format!("{base}/{name}")
}

/// The `DATABASE_URL` a test server gets: a fresh PostgreSQL database on a
/// PostgreSQL run, none (the SQLite default in its data directory) else.
pub async fn database_url() -> Option<String> {
    if is_postgres() {
        Some(fresh_postgres_database().await)
    } else {
        None
    }
}

/// A connection of the test's own to the server's database, for what no
/// API does (aging a session, pruning by hand). Each statement is spelled
/// for both engines; binds are text, so PostgreSQL's statement casts them
/// (`$1::uuid`).
pub enum RawDb {
    Sqlite(sqlx::SqlitePool),
    Postgres(PgPool),
}

impl RawDb {
    pub async fn open(database_url: &str) -> RawDb {
        if database_url.starts_with("postgres") {
            RawDb::Postgres(
                PgPool::connect(database_url)
                    .await
                    .expect("the test database"),
            )
        } else {
            RawDb::Sqlite(
                sqlx::SqlitePool::connect(database_url)
                    .await
                    .expect("the test database"),
            )
        }
    }

    /// Runs the statement for this engine; the rows it changed.
    pub async fn execute(
        &self,
        sqlite: &'static str,
        postgres: &'static str,
        binds: &[&str],
    ) -> u64 {
        match self {
            RawDb::Sqlite(pool) => {
                let mut query = sqlx::query(sqlite);
                for b in binds {
                    query = query.bind(*b);
                }
                query.execute(pool).await.expect(sqlite).rows_affected()
            }
            RawDb::Postgres(pool) => {
                let mut query = sqlx::query(postgres);
                for b in binds {
                    query = query.bind(*b);
                }
                query.execute(pool).await.expect(postgres).rows_affected()
            }
        }
    }

    /// The one integer the query for this engine answers.
    pub async fn scalar(
        &self,
        sqlite: &'static str,
        postgres: &'static str,
        binds: &[&str],
    ) -> i64 {
        match self {
            RawDb::Sqlite(pool) => {
                let mut query = sqlx::query_scalar(sqlite);
                for b in binds {
                    query = query.bind(*b);
                }
                query.fetch_one(pool).await.expect(sqlite)
            }
            RawDb::Postgres(pool) => {
                let mut query = sqlx::query_scalar(postgres);
                for b in binds {
                    query = query.bind(*b);
                }
                query.fetch_one(pool).await.expect(postgres)
            }
        }
    }
}
