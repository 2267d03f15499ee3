//! Test helpers: a real LiveTodo server on a free port with its own
//! database (a SQLite file in a temporary directory, or a PostgreSQL
//! database of its own: `engine`), and small HTTP helpers around it. Every
//! test starts its own server, so tests share nothing.

#![allow(dead_code)] // each test binary uses a different subset

pub mod cluster;
pub mod engine;
pub mod process;
pub mod socket;

use livetodo::domain::AuthResponse;
use livetodo::server::{self, config::Config, state::AppState};
use reqwest::{Client, RequestBuilder, Response, StatusCode};
use serde_json::{Value, json};
use std::collections::HashMap;
use tempfile::TempDir;

pub struct TestApp {
    pub base: String,
    pub origin: String,
    pub http: Client,
    pub state: AppState,
    pub dir: TempDir,
}

/// Starts the whole application (migrations, router, guards) on 127.0.0.1:0.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(&[]).await
}

pub async fn spawn_app_with(extra: &[(&str, &str)]) -> TestApp {
    spawn_app_in(tempfile::tempdir().expect("temporary directory"), extra).await
}

/// As `spawn_app_with`, on a data directory prepared beforehand.
pub async fn spawn_app_in(dir: TempDir, extra: &[(&str, &str)]) -> TestApp {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind a free port");
    let addr = listener.local_addr().expect("local address");
    let mut vars: HashMap<String, String> = HashMap::from([
        ("LISTEN_ADDR".into(), addr.to_string()),
        ("DATA_DIR".into(), dir.path().display().to_string()),
    ]);
    if let Some(url) = engine::database_url().await {
        vars.insert("DATABASE_URL".into(), url);
    }
    for (k, v) in extra {
        vars.insert((*k).into(), (*v).into());
    }
    let config = Config::from_lookup(|k| vars.get(k).cloned()).expect("test configuration");
    let state = server::build_state(config).await.expect("server state");
    tokio::spawn(server::serve(
        listener,
        state.clone(),
        std::future::pending(),
    ));
    TestApp {
        base: format!("http://{addr}"),
        origin: format!("http://127.0.0.1:{}", addr.port()),
        http: Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("http client"),
        state,
        dir,
    }
}

/// A unique, valid username / email pair for this run.
pub fn unique_name(prefix: &str) -> String {
    let id = uuid::Uuid::new_v4().simple().to_string();
    format!("{prefix}_{}", &id[..12])
}

/// Registers a fresh user through the JSON API of the server at `base` (an
/// in-process `TestApp` or a `process::ServerProcess`).
pub async fn register_at(http: &Client, base: &str, prefix: &str) -> AuthResponse {
    let name = unique_name(prefix);
    let res = http
        .post(format!("{base}/api/v1/auth/register"))
        .json(&json!({
            "username": name,
            "email": format!("{name}@example.com"),
            "password": "correct horse battery",
        }))
        .send()
        .await
        .expect("register request");
    assert_eq!(res.status(), StatusCode::CREATED, "registering {name}");
    res.json().await.expect("register answer")
}

impl TestApp {
    /// A connection of the test's own to this server's database.
    pub async fn raw_db(&self) -> engine::RawDb {
        engine::RawDb::open(&self.state.config.database_url).await
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// Registers a fresh user through the JSON API.
    pub async fn register(&self, prefix: &str) -> AuthResponse {
        register_at(&self.http, &self.base, prefix).await
    }

    /// GETs a page the way a browser with the session `cookie` does.
    pub async fn page(&self, cookie: &str, path: &str) -> Response {
        self.http
            .get(self.url(path))
            .header("cookie", cookie)
            .send()
            .await
            .expect("page request")
    }

    pub fn get(&self, token: &str, path: &str) -> RequestBuilder {
        self.http.get(self.url(path)).bearer_auth(token)
    }

    /// GETs `path` with a bearer token and reads the JSON answer.
    pub async fn get_json<T: serde::de::DeserializeOwned>(&self, token: &str, path: &str) -> T {
        let res = self.get(token, path).send().await.expect("GET request");
        res.json().await.expect("JSON answer")
    }

    pub fn post(&self, token: &str, path: &str, body: Value) -> RequestBuilder {
        self.http
            .post(self.url(path))
            .bearer_auth(token)
            .json(&body)
    }

    pub fn patch(&self, token: &str, path: &str, body: Value) -> RequestBuilder {
        self.http
            .patch(self.url(path))
            .bearer_auth(token)
            .json(&body)
    }

    /// PATCHes `path`, expects 200 and returns the updated todo.
    pub async fn patch_json(&self, token: &str, path: &str, body: Value) -> Value {
        let res = self
            .patch(token, path, body)
            .send()
            .await
            .expect("PATCH request");
        assert_eq!(res.status(), StatusCode::OK);
        res.json().await.expect("JSON answer")
    }

    pub fn delete(&self, token: &str, path: &str) -> RequestBuilder {
        self.http.delete(self.url(path)).bearer_auth(token)
    }

    /// Creates a todo and returns its JSON.
    pub async fn create_todo(&self, token: &str, body: Value) -> Value {
        let res = self
            .post(token, "/api/v1/todos", body)
            .send()
            .await
            .expect("create");
        assert_eq!(res.status(), StatusCode::CREATED);
        res.json().await.expect("todo json")
    }
}

impl TestApp {
    /// Creates a list through the JSON API; returns its id.
    pub async fn create_list(&self, token: &str, name: &str) -> String {
        let res = self
            .post(token, "/api/v1/lists", json!({ "name": name }))
            .send()
            .await
            .expect("create a list");
        assert_eq!(res.status(), StatusCode::CREATED);
        let list: Value = res.json().await.expect("list json");
        list["id"].as_str().expect("list id").to_owned()
    }

    /// The id of the user's first list ("My todos").
    pub async fn first_list(&self, token: &str) -> String {
        let lists: Value = self.get_json(token, "/api/v1/lists").await;
        lists[0]["id"].as_str().expect("a first list").to_owned()
    }

    /// Shares `list` (owned by `owner_token`'s user) with the account a
    /// username or email names.
    pub async fn share(&self, owner_token: &str, list: &str, user: &str) {
        let res = self
            .post(
                owner_token,
                &format!("/api/v1/lists/{list}/members"),
                json!({ "user": user }),
            )
            .send()
            .await
            .expect("share a list");
        assert_eq!(res.status(), StatusCode::CREATED, "sharing with {user}");
    }
}

impl TestApp {
    /// Logs in through the page's server function (as the browser does) and
    /// returns the `name=value` session cookie.
    pub async fn session_cookie(&self, email: &str) -> String {
        let res = self
            .http
            .post(self.url("/api/auth/login"))
            .header("origin", &self.origin)
            .form(&[("email", email), ("password", "correct horse battery")])
            .send()
            .await
            .expect("login request");
        assert!(res.status().is_success(), "login status {}", res.status());
        let set_cookie = res.headers()["set-cookie"]
            .to_str()
            .expect("cookie")
            .to_owned();
        set_cookie.split(';').next().unwrap_or_default().to_owned()
    }

    /// Calls a server function the way the page does: cookie, our Origin, form body.
    pub async fn server_fn(&self, cookie: &str, endpoint: &str, form: &[(&str, &str)]) -> Response {
        self.http
            .post(self.url(&format!("/api/{endpoint}")))
            .header("cookie", cookie)
            .header("origin", &self.origin)
            .form(form)
            .send()
            .await
            .expect("server function request")
    }
}

impl TestApp {
    /// Calls a server function with a hand-made body of any content type.
    pub async fn server_fn_raw(
        &self,
        cookie: &str,
        endpoint: &str,
        content_type: &str,
        body: &str,
    ) -> Response {
        self.http
            .post(self.url(&format!("/api/{endpoint}")))
            .header("cookie", cookie)
            .header("origin", &self.origin)
            .header("content-type", content_type)
            .body(body.to_owned())
            .send()
            .await
            .expect("server function request")
    }
}

impl TestApp {
    /// Posts a form the way a browser without JavaScript does: HTML accepted,
    /// the page it was on as `Referer`.
    pub async fn plain_form_post(
        &self,
        cookie: &str,
        endpoint: &str,
        referer: &str,
        form: &[(&str, &str)],
    ) -> Response {
        self.http
            .post(self.url(&format!("/api/{endpoint}")))
            .header("cookie", cookie)
            .header("origin", &self.origin)
            .header("accept", "text/html,application/xhtml+xml")
            .header("referer", referer)
            .form(form)
            .send()
            .await
            .expect("form post")
    }
}

/// The claims of a token, read without checking its signature (tests only).
pub fn claims_of(token: &str) -> Value {
    use base64::Engine;
    let payload = token.split('.').nth(1).expect("a JWT has three parts");
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload)
        .expect("base64url claims");
    serde_json::from_slice(&bytes).expect("JSON claims")
}

/// Status and JSON body of a response, for compact assertions.
pub async fn status_json(res: Response) -> (StatusCode, Value) {
    let status = res.status();
    let body = res.json().await.unwrap_or(Value::Null);
    (status, body)
}
