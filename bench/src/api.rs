//! The JSON API calls the harness makes (register, log in, create a todo).

use serde_json::{Value, json};

/// A registered user and their access token.
#[derive(Clone, Debug)]
pub struct User {
    pub token: String,
}

pub const PASSWORD: &str = "bench-password-0123456789";

/// A client for the loopback server: no TLS, plenty of pooled connections.
pub fn client() -> Result<reqwest::Client, String> {
    reqwest::Client::builder()
        .pool_max_idle_per_host(1024)
        .build()
        .map_err(|e| format!("http client: {e}"))
}

/// Registers `bench{n}` and returns its token.
pub async fn register(http: &reqwest::Client, base: &str, n: usize) -> Result<User, String> {
    let body = json!({
        "username": format!("bench{n}"),
        "email": format!("bench{n}@example.com"),
        "password": PASSWORD,
    });
    let r = http
        .post(format!("{base}/api/v1/auth/register"))
        .json(&body)
        .send()
        .await
        .map_err(|e| format!("register: {e}"))?;
    token_of(r, "register").await
}

/// Logs `bench{n}` in; returns the HTTP status.
pub async fn login_status(http: &reqwest::Client, base: &str, n: usize) -> Result<u16, String> {
    let body = json!({ "email": format!("bench{n}@example.com"), "password": PASSWORD });
    let r = http
        .post(format!("{base}/api/v1/auth/login"))
        .json(&body)
        .send()
        .await
        .map_err(|e| format!("login: {e}"))?;
    let status = r.status().as_u16();
    let _ = r.bytes().await;
    Ok(status)
}

async fn token_of(r: reqwest::Response, what: &str) -> Result<User, String> {
    let status = r.status();
    let v: Value = r.json().await.map_err(|e| format!("{what}: {e}"))?;
    match v.get("accessToken").and_then(Value::as_str) {
        Some(t) if status.is_success() => Ok(User {
            token: t.to_string(),
        }),
        _ => Err(format!("{what}: {status} {v}")),
    }
}

/// Creates a todo titled `title`; returns the HTTP status.
pub async fn create(
    http: &reqwest::Client,
    base: &str,
    token: &str,
    title: &str,
) -> Result<u16, String> {
    let r = http
        .post(format!("{base}/api/v1/todos"))
        .bearer_auth(token)
        .json(&json!({ "title": title }))
        .send()
        .await
        .map_err(|e| format!("create: {e}"))?;
    let status = r.status().as_u16();
    let _ = r.bytes().await;
    Ok(status)
}

/// Registers users `first..first+count` at `concurrency` requests at a time.
pub async fn register_many(
    http: &reqwest::Client,
    base: &str,
    first: usize,
    count: usize,
    concurrency: usize,
) -> Result<Vec<User>, String> {
    use futures_util::StreamExt;
    let results: Vec<Result<User, String>> = futures_util::stream::iter(first..first + count)
        .map(|n| register(http, base, n))
        .buffered(concurrency.max(1))
        .collect()
        .await;
    results.into_iter().collect()
}
