//! Redis restarted under two running instances (issue 10, SPEC §8). While
//! it is gone an instance cannot reach the others' sockets, so its own
//! miss what the others publish; when it is back, every instance
//! reconnects and subscribes again by itself, says so in `/readyz`, and
//! tells its clients to `resync`, so they end with the right state. No
//! instance stays silently deaf.

mod common;

use common::cluster::Cluster;
use common::socket::{Recorder, Via, open_at};
use reqwest::StatusCode;
use serde_json::Value;
use std::process::Command;
use std::time::{Duration, Instant};

fn redis_port() -> String {
    std::env::var("TEST_REDIS_PORT").expect("TEST_REDIS_PORT: run scripts/test")
}

fn stop_redis() {
    let status = Command::new("redis-cli")
        .args(["-p", &redis_port(), "shutdown", "nosave"])
        .status()
        .expect("run redis-cli");
    // redis-cli reports the dropped connection of a shutdown as a failure.
    let _ = status;
}

fn start_redis(dir: &std::path::Path) {
    let bin = std::env::var("REDIS_SERVER_BIN").unwrap_or_else(|_| "redis-server".into());
    let status = Command::new(bin)
        .args([
            "--port",
            &redis_port(),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
        ])
        .args(["--daemonize", "yes", "--dir"])
        .arg(dir)
        .status()
        .expect("run redis-server");
    assert!(status.success(), "redis-server did not start");
}

/// `/readyz` of instance `node` until `adapter` reads `want`.
async fn wait_readiness(cluster: &Cluster, node: usize, want: &str) -> Value {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let res = cluster
            .http
            .get(format!("{}/readyz", cluster.base(node)))
            .send()
            .await
            .unwrap();
        let status = res.status();
        let body: Value = res.json().await.unwrap();
        if body["adapter"] == want {
            let expected = if want == "ok" {
                StatusCode::OK
            } else {
                StatusCode::SERVICE_UNAVAILABLE
            };
            assert_eq!(status, expected, "{body}");
            return body;
        }
        assert!(Instant::now() < deadline, "adapter never {want}: {body}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn socket_at(
    cluster: &Cluster,
    node: usize,
    token: &str,
) -> (rust_socketio::asynchronous::Client, Recorder) {
    let (client, recorder) = open_at(cluster.base(node), Via::AuthPayload, token).await;
    recorder.connected().await;
    (client, recorder)
}

#[tokio::test]
async fn after_a_redis_restart_instances_hear_each_other_again_and_clients_resync() {
    let redis_dir = tempfile::tempdir().unwrap();
    let cluster = Cluster::start(2).await;
    let ann = cluster.register(0, "ann").await;
    let bob = cluster.register(1, "bob").await;
    let list = cluster.shared_list(0, &ann, &bob).await;
    let (_bob_socket, bob_events) = socket_at(&cluster, 1, &bob.access_token).await;
    let write = async |title: &str| {
        cluster
            .create_todo(0, &ann.access_token, title, Some(&list))
            .await;
    };
    write("before").await;
    bob_events.wait_for("todo:created", 1).await;

    // Redis goes: both instances say they are not ready; a write still
    // commits (the database is up) but cannot reach Bob's instance.
    stop_redis();
    wait_readiness(&cluster, 0, "unavailable").await;
    wait_readiness(&cluster, 1, "unavailable").await;
    write("during").await;

    // Redis is back (empty: no persistence): each instance reconnects,
    // subscribes again, and tells its clients to resync.
    start_redis(redis_dir.path());
    wait_readiness(&cluster, 0, "ok").await;
    wait_readiness(&cluster, 1, "ok").await;
    bob_events.wait_for("resync", 1).await;
    // What Bob's client refetches on `resync` has everything.
    let (_, todos) = cluster
        .get(1, &bob.access_token, &format!("/api/v1/lists/{list}/todos"))
        .await;
    let titles: Vec<&str> = todos
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["before", "during"]);

    // And live delivery across instances works again.
    write("after").await;
    bob_events
        .wait_until("the write after the restart", |all| {
            all.iter()
                .any(|(n, t)| n == "todo:created" && t["title"] == "after")
        })
        .await;
}
