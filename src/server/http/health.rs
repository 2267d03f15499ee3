//! Health endpoints for load balancers and orchestrators (issue 10):
//! `GET /healthz` says the process is up and serving; `GET /readyz` says it
//! can do its work now: the database answers, writes are being taken and,
//! with `REDIS_URL`, Redis answers (`adapter`).
//! Neither needs a session, and neither says more than which part failed
//! (the detail goes to the log).

use std::time::Duration;

use axum::{Json, extract::State, http::StatusCode, response::IntoResponse};
use serde_json::json;

use crate::server::state::AppState;

/// How long a readiness check waits for the database.
const DB_CHECK_TIMEOUT: Duration = Duration::from_secs(2);

/// `GET /healthz`: 200 while the process serves requests.
pub async fn live() -> impl IntoResponse {
    Json(json!({ "status": "ok" }))
}

/// `GET /readyz`: 200 when the database answers and the committer takes
/// writes; 503 naming the part that does not (e.g. during shutdown).
pub async fn ready(State(state): State<AppState>) -> impl IntoResponse {
    let database = match tokio::time::timeout(DB_CHECK_TIMEOUT, state.store.ping()).await {
        Ok(Ok(())) => "ok",
        // Logged with its detail where it failed.
        Ok(Err(_)) => "unavailable",
        Err(_) => {
            tracing::error!("readiness: the database took longer than 2 s");
            "unavailable"
        }
    };
    let writes = if state.committer.is_closed() {
        "closed"
    } else {
        "ok"
    };
    let adapter = match state.gateway.adapter_ready().await {
        None => None,
        Some(true) => Some("ok"),
        Some(false) => {
            tracing::error!("readiness: Redis did not answer");
            Some("unavailable")
        }
    };
    let ready = database == "ok" && writes == "ok" && adapter.is_none_or(|a| a == "ok");
    let status = if ready {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    let mut body = json!({
        "status": if ready { "ready" } else { "not ready" },
        "database": database,
        "writes": writes,
    });
    if let Some(adapter) = adapter {
        body["adapter"] = adapter.into();
    }
    (status, Json(body))
}
