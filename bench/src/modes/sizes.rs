//! `sizes`: the bytes a first visit transfers for the WASM, JS, CSS and the
//! socket.io client, as brotli, as gzip and uncompressed. The asset URLs are
//! taken from the /login page, the way a browser finds them.

use serde_json::{Map, Value, json};

use crate::api;
use crate::server::Server;

/// Asset paths (`/pkg/…` and `/vendor/…` ending in .wasm, .js or .css)
/// mentioned anywhere in `html`, each once.
pub fn asset_paths(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for prefix in ["/pkg/", "/vendor/"] {
        let mut rest = html;
        while let Some(at) = rest.find(prefix) {
            let tail = &rest[at..];
            let end = tail
                .find(|c: char| c == '"' || c == '\'' || c == ')' || c.is_whitespace() || c == '>')
                .unwrap_or(tail.len());
            let path = &tail[..end];
            let wanted = [".wasm", ".js", ".css"].iter().any(|x| path.ends_with(x));
            if wanted && !found.iter().any(|f| f == path) {
                found.push(path.to_string());
            }
            rest = &tail[prefix.len()..];
        }
    }
    found
}

/// Bytes on the wire for `url` asked with `encoding`, the encoding the
/// server chose, and the body.
async fn transferred(
    http: &reqwest::Client,
    url: &str,
    encoding: &str,
) -> Result<(usize, String, Vec<u8>), String> {
    let r = http
        .get(url)
        .header("accept-encoding", encoding)
        .send()
        .await
        .map_err(|e| format!("{url}: {e}"))?;
    if !r.status().is_success() {
        return Err(format!("{url}: {}", r.status()));
    }
    let got = r
        .headers()
        .get("content-encoding")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("identity")
        .to_string();
    let body = r.bytes().await.map_err(|e| format!("{url}: {e}"))?;
    Ok((body.len(), got, body.to_vec()))
}

pub async fn run(server: &Server) -> Result<Value, String> {
    let http = api::client()?;
    let html = http
        .get(format!("{}/login", server.base))
        .send()
        .await
        .map_err(|e| format!("/login: {e}"))?
        .text()
        .await
        .map_err(|e| format!("/login: {e}"))?;
    // The page names the JS, WASM and CSS; the JS glue imports the socket
    // client: follow the scripts' references too, as a browser does.
    let mut paths = asset_paths(&html);
    let mut files = Map::new();
    let (mut br, mut gz, mut raw) = (0, 0, 0);
    let mut i = 0;
    while let Some(path) = paths.get(i).cloned() {
        i += 1;
        let url = format!("{}{path}", server.base);
        let (b, b_enc, _) = transferred(&http, &url, "br").await?;
        let (g, g_enc, _) = transferred(&http, &url, "gzip").await?;
        let (r, _, body) = transferred(&http, &url, "identity").await?;
        if path.ends_with(".js") {
            for more in asset_paths(&String::from_utf8_lossy(&body)) {
                if !paths.contains(&more) {
                    paths.push(more);
                }
            }
        }
        br += b;
        gz += g;
        raw += r;
        files.insert(
            path.clone(),
            json!({ "br": b, "br_encoding": b_enc, "gzip": g, "gzip_encoding": g_enc, "raw": r }),
        );
    }
    for kind in [".wasm", ".js", ".css"] {
        if !paths.iter().any(|p| p.ends_with(kind)) {
            return Err(format!("no {kind} found from /login (found {paths:?})"));
        }
    }
    Ok(json!({
        "login_html_bytes": html.len(),
        "total_br_bytes": br,
        "total_gzip_bytes": gz,
        "total_raw_bytes": raw,
        "files": files,
    }))
}

#[cfg(test)]
mod tests {
    use super::asset_paths;

    #[test]
    fn finds_each_asset_once() {
        let html = r#"<link rel="modulepreload" href="/pkg/a.1.js"><link href="/pkg/a.1.css" rel=stylesheet>
            <script>import('/pkg/a.1.js'); init('/pkg/a.1.wasm')</script><img src="/favicon.svg">
            <script type=module src="/vendor/socket.io-client-4.8.1.esm.min.js"></script>"#;
        assert_eq!(
            asset_paths(html),
            [
                "/pkg/a.1.js",
                "/pkg/a.1.css",
                "/pkg/a.1.wasm",
                "/vendor/socket.io-client-4.8.1.esm.min.js"
            ]
        );
    }
}
