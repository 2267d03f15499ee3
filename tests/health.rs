//! `GET /healthz` and `GET /readyz` (issue 10): what a load balancer asks
//! before sending an instance traffic. No session needed; a part that
//! cannot work makes the instance not ready, by name.

mod common;

use common::{spawn_app, status_json};
use serde_json::json;

#[tokio::test]
async fn a_running_instance_is_healthy_and_ready() {
    let app = spawn_app().await;
    let (status, body) = status_json(app.http.get(app.url("/healthz")).send().await.unwrap()).await;
    assert_eq!((status.as_u16(), body), (200, json!({ "status": "ok" })));
    let (status, body) = status_json(app.http.get(app.url("/readyz")).send().await.unwrap()).await;
    assert_eq!(
        (status.as_u16(), body),
        (
            200,
            json!({ "status": "ready", "database": "ok", "writes": "ok" })
        )
    );
}

#[tokio::test]
async fn an_instance_that_takes_no_more_writes_is_alive_but_not_ready() {
    let app = spawn_app().await;
    // The write path stopped (as at the end of a shutdown): the process
    // still answers, but must not be sent work.
    app.state.committer.close().await;
    let (status, _) = status_json(app.http.get(app.url("/healthz")).send().await.unwrap()).await;
    assert_eq!(status.as_u16(), 200);
    let (status, body) = status_json(app.http.get(app.url("/readyz")).send().await.unwrap()).await;
    assert_eq!(status.as_u16(), 503);
    assert_eq!(body["status"], "not ready");
    assert_eq!(body["writes"], "closed");
    assert_eq!(body["database"], "ok");
}

#[tokio::test]
async fn an_instance_whose_database_is_gone_is_not_ready() {
    let app = spawn_app().await;
    app.state.store.close().await;
    let (status, body) = status_json(app.http.get(app.url("/readyz")).send().await.unwrap()).await;
    assert_eq!(status.as_u16(), 503);
    assert_eq!(body["database"], "unavailable");
}
