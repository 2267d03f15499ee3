//! Property tests of where a socket's token comes from (SPEC §3): each of the
//! four sources alone yields the token, with or without `Bearer ` in any
//! case, and when several are present the first in the documented order wins.

use http::request::Parts;
use proptest::prelude::*;
use serde_json::json;

use super::handshake::token_from;
use crate::server::auth::SessionCookie;

/// The plain-http cookie, as in development and tests.
const COOKIE: SessionCookie = SessionCookie::plain();

/// JWT-shaped: base64url segments joined by dots.
fn token() -> impl Strategy<Value = String> {
    "[A-Za-z0-9_-]{1,24}(\\.[A-Za-z0-9_-]{1,24}){0,2}"
}

fn scheme() -> impl Strategy<Value = &'static str> {
    prop_oneof![Just(""), Just("Bearer "), Just("bearer "), Just("BEARER ")]
}

/// One handshake request: each source is present when `Some`.
#[derive(Debug, Clone)]
struct Sources {
    auth: Option<String>,
    query: Option<String>,
    header: Option<String>,
    cookie: Option<String>,
}

fn parts(s: &Sources, query_scheme: &str) -> Parts {
    let mut query = vec![("EIO", "4".to_owned()), ("transport", "polling".to_owned())];
    if let Some(t) = &s.query {
        query.push(("token", format!("{query_scheme}{t}")));
    }
    let query = serde_urlencoded::to_string(&query).expect("encodable query");
    let mut req = http::Request::builder().uri(format!("/socket.io/?{query}"));
    if let Some(t) = &s.header {
        req = req.header("authorization", format!("Bearer {t}"));
    }
    if let Some(t) = &s.cookie {
        req = req.header("cookie", format!("theme=dark; {}={t}", COOKIE.name()));
    }
    req.body(()).expect("a valid request").into_parts().0
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn the_query_token_is_found_with_or_without_bearer(t in token(), scheme in scheme()) {
        let s = Sources { auth: None, query: Some(t.clone()), header: None, cookie: None };
        prop_assert_eq!(token_from(None, &parts(&s, scheme), COOKIE), Some(t));
    }

    #[test]
    fn the_auth_payload_token_is_found_with_or_without_bearer(t in token(), scheme in scheme()) {
        let auth = json!({ "token": format!("{scheme}{t}") });
        let none = Sources { auth: None, query: None, header: None, cookie: None };
        prop_assert_eq!(token_from(Some(&auth), &parts(&none, ""), COOKIE), Some(t));
    }

    #[test]
    fn the_first_present_source_wins(
        a in proptest::option::of(token()),
        q in proptest::option::of(token()),
        h in proptest::option::of(token()),
        c in proptest::option::of(token()),
        scheme in scheme(),
    ) {
        // Distinct per source, so the answer shows which one was used.
        let s = Sources {
            auth: a.map(|t| format!("a{t}")),
            query: q.map(|t| format!("q{t}")),
            header: h.map(|t| format!("h{t}")),
            cookie: c.map(|t| format!("c{t}")),
        };
        let auth = s.auth.as_ref().map(|t| json!({ "token": t }));
        let expected = s.auth.clone().or(s.query.clone()).or(s.header.clone()).or(s.cookie.clone());
        prop_assert_eq!(token_from(auth.as_ref(), &parts(&s, scheme), COOKIE), expected);
    }

    #[test]
    fn an_empty_or_non_string_auth_payload_falls_through(t in token()) {
        let s = Sources { auth: None, query: None, header: None, cookie: Some(t.clone()) };
        for auth in [json!({}), json!({"token": ""}), json!({"token": 5}), json!("x")] {
            prop_assert_eq!(token_from(Some(&auth), &parts(&s, ""), COOKIE), Some(t.clone()));
        }
    }
}
