//! The production HTTP layer's headers: the page's Content-Security-Policy
//! and its nonce, the security headers on every kind of answer, `no-store`
//! on what is per user, and the HTTPS-only extras (HSTS, the `__Host-`
//! session cookie) whenever any configured origin is https.

#![cfg(feature = "ssr")]

mod common;

use common::{TestApp, spawn_app, spawn_app_with};
use reqwest::{Response, StatusCode};

const HTTPS_ORIGIN: &str = "https://todo.example.com";

fn header<'a>(res: &'a Response, name: &str) -> &'a str {
    res.headers()
        .get(name)
        .unwrap_or_else(|| panic!("{} has no {name} header", res.url()))
        .to_str()
        .unwrap()
}

/// What every answer carries, whatever it is.
fn assert_security_headers(res: &Response) {
    assert_eq!(header(res, "x-content-type-options"), "nosniff");
    assert_eq!(header(res, "referrer-policy"), "same-origin");
    assert!(header(res, "content-security-policy").contains("frame-ancestors 'none'"));
}

/// The nonce the policy's `script-src` names.
fn policy_nonce(csp: &str) -> String {
    let start = csp.find("'nonce-").expect("a nonce in the policy") + "'nonce-".len();
    csp[start..].split('\'').next().unwrap().to_owned()
}

#[tokio::test]
async fn the_login_page_has_a_strict_policy_with_a_fresh_nonce() {
    let app = spawn_app().await;

    let first = app.http.get(app.url("/login")).send().await.unwrap();
    let second = app.http.get(app.url("/login")).send().await.unwrap();

    assert_eq!(first.status(), StatusCode::OK);
    assert_security_headers(&first);
    let csp = header(&first, "content-security-policy").to_owned();
    for directive in [
        "script-src 'self' 'nonce-",
        "'wasm-unsafe-eval'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        &format!(
            "connect-src 'self' ws://127.0.0.1:{}",
            app.state.config.listen_addr.port()
        ),
    ] {
        assert!(csp.contains(directive), "{directive} missing from {csp}");
    }
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    let other = header(&second, "content-security-policy");
    assert_ne!(policy_nonce(&csp), policy_nonce(other), "nonces are reused");
    assert_eq!(header(&first, "cache-control"), "no-store");
}

#[tokio::test]
async fn the_hydration_script_carries_the_nonce_the_policy_names() {
    let app = spawn_app().await;
    let user = app.register("nonce").await;
    let cookie = app.session_cookie(&user.user.email).await;

    let res = app.page(&cookie, "/").await;

    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(header(&res, "cache-control"), "no-store");
    let nonce = policy_nonce(header(&res, "content-security-policy"));
    let html = res.text().await.unwrap();
    let script = format!("<script type=\"module\" nonce=\"{nonce}\">");
    assert!(html.contains(&script), "{script} not in the page");
    for tag in html.split("<script").skip(1) {
        let attributes = tag.split('>').next().unwrap_or_default();
        assert!(
            attributes.contains(&nonce),
            "a script without the nonce: <script{attributes}>"
        );
    }
}

#[tokio::test]
async fn api_answers_are_not_stored_and_allow_nothing() {
    let app = spawn_app().await;
    let user = app.register("apihdr").await;

    let ok = app
        .get(&user.access_token, "/api/v1/todos")
        .send()
        .await
        .unwrap();
    let refused = app.http.get(app.url("/api/v1/todos")).send().await.unwrap();

    for res in [&ok, &refused] {
        assert_security_headers(res);
        assert_eq!(header(res, "cache-control"), "no-store");
        assert!(header(res, "content-security-policy").starts_with("default-src 'none'"));
    }
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
    assert!(ok.headers().get("strict-transport-security").is_none());
}

/// Logs in through the page's server function from the https origin and
/// returns the whole `Set-Cookie`.
async fn https_login(app: &TestApp, email: &str) -> String {
    let res = app
        .http
        .post(app.url("/api/auth/login"))
        .header("origin", HTTPS_ORIGIN)
        .form(&[("email", email), ("password", "correct horse battery")])
        .send()
        .await
        .unwrap();
    assert!(res.status().is_success(), "login status {}", res.status());
    header(&res, "set-cookie").to_owned()
}

#[tokio::test]
async fn any_https_origin_makes_the_cookie_host_prefixed_and_secure() {
    // The https origin is the second one: the first alone must not decide.
    let origins = format!("http://localhost:1,{HTTPS_ORIGIN}");
    let app = spawn_app_with(&[("APP_ORIGINS", &origins)]).await;
    let user = app.register("hostck").await;

    let set_cookie = https_login(&app, &user.user.email).await;

    assert!(
        set_cookie.starts_with("__Host-livetodo_session="),
        "{set_cookie}"
    );
    assert!(set_cookie.contains("; Secure") && set_cookie.contains("Path=/"));
    assert!(!set_cookie.to_ascii_lowercase().contains("domain="));
    let token = set_cookie
        .split(';')
        .next()
        .unwrap()
        .split_once('=')
        .unwrap()
        .1;
    let home = |cookie: String| app.http.get(app.url("/")).header("cookie", cookie).send();
    let ours = home(format!("__Host-livetodo_session={token}"))
        .await
        .unwrap();
    assert_eq!(
        ours.status(),
        StatusCode::OK,
        "the server reads its own name"
    );
    assert_eq!(
        header(&ours, "strict-transport-security"),
        "max-age=31536000"
    );
    let planted = home(format!("livetodo_session={token}")).await.unwrap();
    assert_eq!(
        planted.status(),
        StatusCode::SEE_OTHER,
        "a plain name is ignored"
    );
}

#[tokio::test]
async fn over_plain_http_the_cookie_keeps_its_plain_name() {
    let app = spawn_app().await;
    let user = app.register("plainck").await;

    let cookie = app.session_cookie(&user.user.email).await;

    assert!(cookie.starts_with("livetodo_session="), "{cookie}");
    let home = app.page(&cookie, "/").await;
    assert_eq!(home.status(), StatusCode::OK);
    assert!(home.headers().get("strict-transport-security").is_none());
}
