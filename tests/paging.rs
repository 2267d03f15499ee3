//! `GET /api/v1/todos` pages (issue 6): `limit` and `cursor`, the answer
//! still a JSON array, the next page in `Link` and `X-Next-Cursor`.

mod common;

use common::{spawn_app, status_json};
use reqwest::StatusCode;
use serde_json::{Value, json};

fn titles(todos: &Value) -> Vec<String> {
    todos
        .as_array()
        .expect("a JSON array")
        .iter()
        .map(|t| t["title"].as_str().unwrap_or_default().to_owned())
        .collect()
}

#[tokio::test]
async fn pages_walk_the_whole_list_in_order_and_the_default_is_all_of_it() {
    // Setup
    let app = spawn_app().await;
    let user = app.register("pages").await;
    let token = &user.access_token;
    let all: Vec<String> = (0..5).map(|i| format!("todo {i}")).collect();
    for title in &all {
        app.create_todo(token, json!({ "title": title })).await;
    }
    // Exec: follow `Link` from the first page of two.
    let mut seen = vec![];
    let mut next = Some("/api/v1/todos?limit=2".to_owned());
    let mut pages = 0;
    while let Some(path) = next.take() {
        let res = app.get(token, &path).send().await.expect("page");
        assert_eq!(res.status(), StatusCode::OK);
        let cursor = res.headers().get("x-next-cursor").cloned();
        next = res.headers().get("link").map(|link| {
            let link = link.to_str().expect("ascii link");
            assert!(link.ends_with(">; rel=\"next\""), "{link}");
            link.trim_start_matches('<')
                .split('>')
                .next()
                .unwrap()
                .to_owned()
        });
        if let (Some(c), Some(n)) = (&cursor, &next) {
            assert!(n.ends_with(c.to_str().unwrap()));
        }
        seen.extend(titles(&res.json().await.expect("json")));
        pages += 1;
    }
    let whole = app.get(token, "/api/v1/todos").send().await.expect("list");
    // Check
    assert_eq!((pages, &seen), (3, &all));
    assert!(whole.headers().get("link").is_none());
    assert_eq!(titles(&whole.json().await.expect("json")), all);
}

#[tokio::test]
async fn bad_limit_or_cursor_is_400_naming_the_field() {
    // Setup
    let app = spawn_app().await;
    let user = app.register("badpage").await;
    for (query, field) in [
        ("limit=0", "limit"),
        ("limit=abc", "limit"),
        ("limit=5001", "limit"),
        ("cursor=zz", "cursor"),
        ("cursor=", "cursor"),
    ] {
        // Exec
        let res = app
            .get(&user.access_token, &format!("/api/v1/todos?{query}"))
            .send()
            .await
            .expect("list");
        // Check
        let (status, body) = status_json(res).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{query}");
        assert_eq!(body["field"], field, "{query}: {body}");
    }
}
