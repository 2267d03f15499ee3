//! Several real `livetodo` processes sharing one PostgreSQL database (a new
//! one per test) and the test Redis (`scripts/test` starts both: SPEC §8),
//! and the HTTP calls the multi-instance tests make against them.

use livetodo::domain::AuthResponse;
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};
use tempfile::TempDir;

use super::process::ServerProcess;
use super::{engine, register_at};

/// One signing secret for every instance: a token from one is good on all.
const SECRET: &str = "multi-instance-test-secret-0123456789abcdef";

pub struct Cluster {
    pub nodes: Vec<ServerProcess>,
    /// Kept for the nodes' lifetime (their data directories).
    _dirs: Vec<TempDir>,
    pub http: Client,
    env: Vec<(String, String)>,
}

/// The test Redis's URL.
pub fn redis_url() -> String {
    std::env::var("TEST_REDIS_URL")
        .expect("TEST_REDIS_URL: run scripts/test, which starts Redis for the tests")
}

impl Cluster {
    /// `n` instances on a fresh database; write rate limits off (the tests
    /// make bursts on purpose).
    pub async fn start(n: usize) -> Cluster {
        Cluster::start_with(n, &[("RATE_WRITES_PER_USER", "off")]).await
    }

    /// `n` instances on a fresh database, with `extra` environment.
    pub async fn start_with(n: usize, extra: &[(&str, &str)]) -> Cluster {
        let mut env = vec![
            (
                "DATABASE_URL".into(),
                engine::fresh_postgres_database().await,
            ),
            ("REDIS_URL".into(), redis_url()),
            ("JWT_SECRET".into(), SECRET.into()),
            // Clusters of concurrent tests share the test Redis: each keeps
            // to its own channels and counts.
            (
                "REDIS_PREFIX".into(),
                format!("test{}", uuid::Uuid::new_v4().simple()),
            ),
        ];
        env.extend(
            extra
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned())),
        );
        let mut cluster = Cluster {
            nodes: Vec::new(),
            _dirs: Vec::new(),
            http: Client::new(),
            env,
        };
        for _ in 0..n {
            cluster.add_node();
        }
        cluster
    }

    /// Starts one more instance; its index.
    pub fn add_node(&mut self) -> usize {
        let dir = tempfile::tempdir().expect("a data directory");
        let env: Vec<(&str, &str)> = self
            .env
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        self.nodes.push(ServerProcess::start(dir.path(), &env));
        self._dirs.push(dir);
        self.nodes.len() - 1
    }

    pub fn base(&self, node: usize) -> &str {
        &self.nodes[node].base
    }

    pub async fn register(&self, node: usize, prefix: &str) -> AuthResponse {
        register_at(&self.http, self.base(node), prefix).await
    }

    /// POSTs JSON with a bearer token; the status and the JSON answer.
    pub async fn post(
        &self,
        node: usize,
        token: &str,
        path: &str,
        body: Value,
    ) -> (StatusCode, Value) {
        let res = self
            .http
            .post(format!("{}{path}", self.base(node)))
            .bearer_auth(token)
            .json(&body)
            .send()
            .await
            .expect("a POST");
        let status = res.status();
        (status, res.json().await.unwrap_or(Value::Null))
    }

    pub async fn get(&self, node: usize, token: &str, path: &str) -> (StatusCode, Value) {
        let res = self
            .http
            .get(format!("{}{path}", self.base(node)))
            .bearer_auth(token)
            .send()
            .await
            .expect("a GET");
        let status = res.status();
        (status, res.json().await.unwrap_or(Value::Null))
    }

    pub async fn delete(&self, node: usize, token: &str, path: &str) -> StatusCode {
        self.http
            .delete(format!("{}{path}", self.base(node)))
            .bearer_auth(token)
            .send()
            .await
            .expect("a DELETE")
            .status()
    }

    /// Creates a todo titled `title` through instance `node`, in `list`
    /// (`None`: the user's first list); expects 201.
    pub async fn create_todo(&self, node: usize, token: &str, title: &str, list: Option<&str>) {
        let mut body = json!({ "title": title });
        if let Some(list) = list {
            body["listId"] = list.into();
        }
        let (status, answer) = self.post(node, token, "/api/v1/todos", body).await;
        assert_eq!(status, StatusCode::CREATED, "{answer}");
    }

    /// A list owned by `owner`, shared with `with`; its id.
    pub async fn shared_list(
        &self,
        node: usize,
        owner: &AuthResponse,
        with: &AuthResponse,
    ) -> String {
        let (status, list) = self
            .post(
                node,
                &owner.access_token,
                "/api/v1/lists",
                json!({ "name": "Shared" }),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{list}");
        let id = list["id"].as_str().expect("a list id").to_owned();
        let (status, answer) = self
            .post(
                node,
                &owner.access_token,
                &format!("/api/v1/lists/{id}/members"),
                json!({ "user": with.user.username }),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{answer}");
        id
    }
}
