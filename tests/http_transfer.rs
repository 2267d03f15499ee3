//! What goes over the wire: pages and JSON compressed for clients that
//! accept it, static files served from their precompressed copies with a
//! cache lifetime that matches their names, and Socket.IO unaffected by any
//! of it.

#![cfg(feature = "ssr")]

mod common;

use common::socket::{self, Recorder};
use common::{TestApp, spawn_app, spawn_app_with};
use reqwest::{Response, StatusCode};
use rust_socketio::{TransportType, asynchronous::ClientBuilder};
use serde_json::{Value, json};
use std::io::{Read, Write};
use std::path::Path;

const WASM_NAME: &str = "pkg/livetodo.Xq3v9ZrLp2w8TnB4yHc6Jd.wasm";
const VENDOR_NAME: &str = "vendor/socket.io-client-4.8.4.esm.min.js";

fn decode(encoding: &str, body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    match encoding {
        "br" => brotli::Decompressor::new(body, 4096).read_to_end(&mut out),
        "gzip" => flate2::read::GzDecoder::new(body).read_to_end(&mut out),
        other => panic!("unexpected content-encoding {other}"),
    }
    .expect("the body decodes");
    out
}

/// Content-Encoding and the decoded body of an answer.
async fn decoded(res: Response) -> (String, Vec<u8>) {
    let encoding = res
        .headers()
        .get("content-encoding")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    let body = res.bytes().await.unwrap();
    (encoding.clone(), decode(&encoding, &body))
}

#[tokio::test]
async fn pages_and_json_are_compressed_with_what_the_client_accepts() {
    let app = spawn_app().await;
    let user = app.register("gz").await;
    for n in 0..3 {
        app.create_todo(
            &user.access_token,
            json!({"title": format!("compressed {n}")}),
        )
        .await;
    }

    for encoding in ["br", "gzip"] {
        let page = app
            .http
            .get(app.url("/login"))
            .header("accept-encoding", encoding);
        let (got, html) = decoded(page.send().await.unwrap()).await;
        assert_eq!(got, encoding, "the log-in page");
        assert!(
            String::from_utf8(html)
                .unwrap()
                .contains("Log in to LiveTodo")
        );

        let api = app.get(&user.access_token, "/api/v1/todos");
        let res = api
            .header("accept-encoding", encoding)
            .send()
            .await
            .unwrap();
        assert_eq!(res.headers()["vary"], "accept-encoding");
        let (got, json) = decoded(res).await;
        assert_eq!(got, encoding, "the JSON API");
        let todos: Vec<Value> = serde_json::from_slice(&json).unwrap();
        assert_eq!(todos.len(), 3);
    }
}

#[tokio::test]
async fn without_accept_encoding_answers_are_plain() {
    let app = spawn_app().await;

    let res = app.http.get(app.url("/login")).send().await.unwrap();

    assert!(res.headers().get("content-encoding").is_none());
    assert!(res.text().await.unwrap().contains("Log in to LiveTodo"));
}

/// A built site in a temporary directory: a hashed WASM with its `.br` and
/// `.gz` copies (as `cargo leptos build --release --precompress` writes
/// them), the vendored Socket.IO client and a favicon.
fn site(dir: &Path) -> Vec<u8> {
    let wasm: Vec<u8> = (0..20_000u32)
        .flat_map(|i| (i % 251).to_le_bytes())
        .collect();
    std::fs::create_dir_all(dir.join("pkg")).unwrap();
    std::fs::create_dir_all(dir.join("vendor")).unwrap();
    std::fs::write(dir.join(WASM_NAME), &wasm).unwrap();
    let mut br = Vec::new();
    brotli::CompressorWriter::new(&mut br, 4096, 9, 22)
        .write_all(&wasm)
        .unwrap();
    std::fs::write(dir.join(format!("{WASM_NAME}.br")), br).unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(&wasm).unwrap();
    std::fs::write(dir.join(format!("{WASM_NAME}.gz")), gz.finish().unwrap()).unwrap();
    std::fs::write(dir.join(VENDOR_NAME), "export const io = 1;").unwrap();
    std::fs::write(
        dir.join("favicon.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    )
    .unwrap();
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("public/sw.js"),
        dir.join("sw.js"),
    )
    .unwrap();
    wasm
}

async fn app_with_site(hashed: &str) -> (TestApp, tempfile::TempDir, Vec<u8>) {
    let root = tempfile::tempdir().unwrap();
    let wasm = site(root.path());
    let path = root.path().display().to_string();
    let app = spawn_app_with(&[("LEPTOS_SITE_ROOT", &path), ("LEPTOS_HASH_FILES", hashed)]).await;
    (app, root, wasm)
}

#[tokio::test]
async fn hashed_files_are_served_precompressed_and_cached_for_a_year() {
    let (app, _root, wasm) = app_with_site("true").await;

    for encoding in ["br", "gzip"] {
        let res = app
            .http
            .get(app.url(&format!("/{WASM_NAME}")))
            .header("accept-encoding", encoding)
            .send()
            .await
            .unwrap();

        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(res.headers()["content-type"], "application/wasm");
        assert_eq!(
            res.headers()["cache-control"],
            "public, max-age=31536000, immutable"
        );
        assert_eq!(res.headers()["x-content-type-options"], "nosniff");
        let (got, body) = decoded(res).await;
        assert_eq!(got, encoding);
        assert_eq!(body, wasm);
    }
    let vendor = app
        .http
        .get(app.url(&format!("/{VENDOR_NAME}")))
        .send()
        .await
        .unwrap();
    assert_eq!(
        vendor.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
}

#[tokio::test]
async fn files_whose_names_do_not_change_are_revalidated() {
    let (app, _root, _) = app_with_site("false").await;

    let wasm = app
        .http
        .get(app.url(&format!("/{WASM_NAME}")))
        .send()
        .await
        .unwrap();
    let icon = app.http.get(app.url("/favicon.svg")).send().await.unwrap();

    for res in [&wasm, &icon] {
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(res.headers()["cache-control"], "no-cache");
    }
    let modified = icon.headers()["last-modified"].clone();
    let again = app
        .http
        .get(app.url("/favicon.svg"))
        .header("if-modified-since", modified)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    let missing = app
        .http
        .get(app.url("/pkg/nothing.js"))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert_eq!(missing.headers()["cache-control"], "no-store");
}

#[tokio::test]
async fn the_service_worker_is_revalidated_and_may_fetch_this_origin_only() {
    let (app, _root, _) = app_with_site("true").await;

    let worker = app.http.get(app.url("/sw.js")).send().await.unwrap();

    assert_eq!(worker.status(), StatusCode::OK);
    assert_eq!(worker.headers()["content-type"], "text/javascript");
    // A new build's worker must replace the old one at the next visit.
    assert_eq!(worker.headers()["cache-control"], "no-cache");
    // Its fetches of pages and files need `connect-src 'self'`; the policy
    // of other non-page answers (`default-src 'none'`) would block them.
    assert_eq!(
        worker.headers()["content-security-policy"],
        "default-src 'none'; connect-src 'self'; frame-ancestors 'none'"
    );
    let body = worker.text().await.unwrap();
    assert!(body.contains("addEventListener('fetch'"));
    // Any other file keeps the policy that allows nothing.
    let icon = app.http.get(app.url("/favicon.svg")).send().await.unwrap();
    assert!(
        icon.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .starts_with("default-src 'none'; frame-ancestors")
    );
}

/// Opens a socket over `transport` that asks for compressed answers, and
/// checks that it connects and gets its `joined`.
async fn join_over(app: &TestApp, token: &str, transport: TransportType) -> Recorder {
    let builder = ClientBuilder::new(app.base.clone())
        .namespace("/")
        .reconnect(false)
        .transport_type(transport)
        .opening_header("Accept-Encoding", "br, gzip")
        .auth(json!({ "token": token }));
    let (client, events) = socket::open_with(builder).await;
    events.connected().await;
    client.emit("join", json!({})).await.unwrap();
    events.wait_for("joined", 1).await;
    client.disconnect().await.unwrap();
    events
}

#[tokio::test]
async fn sockets_work_for_clients_that_accept_compression() {
    let app = spawn_app().await;
    let user = app.register("sockgz").await;

    for transport in [TransportType::Websocket, TransportType::Polling] {
        let events = join_over(&app, &user.access_token, transport).await;
        assert_eq!(
            events.named("joined")[0]["user"]["id"],
            user.user.id.to_string()
        );
    }
}
