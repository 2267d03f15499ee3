//! The page's door to shared lists: its server functions and list pages,
//! over the same service path (and the same permission checks) as the JSON
//! API, and the plain forms a browser without JavaScript posts.

#![cfg(feature = "ssr")]

mod common;

use common::{TestApp, spawn_app, status_json};
use reqwest::StatusCode;
use serde_json::Value;

/// A registered user: page cookie, API token, username.
async fn person(app: &TestApp, prefix: &str) -> (String, String, String) {
    let user = app.register(prefix).await;
    let cookie = app.session_cookie(&user.user.email).await;
    (cookie, user.access_token, user.user.username)
}

#[tokio::test]
async fn a_list_page_shows_only_lists_the_user_belongs_to() {
    let app = spawn_app().await;
    let (ann_cookie, ann_token, _) = person(&app, "ann").await;
    let (bob_cookie, _, bob_name) = person(&app, "bob").await;
    let groceries = app.create_list(&ann_token, "Groceries").await;

    let own = app.page(&ann_cookie, &format!("/lists/{groceries}")).await;
    let foreign = app.page(&bob_cookie, &format!("/lists/{groceries}")).await;
    let garbage = app.page(&bob_cookie, "/lists/not-a-list").await;
    let anonymous = app
        .http
        .get(app.url(&format!("/lists/{groceries}")))
        .send()
        .await
        .unwrap();

    assert_eq!(own.status(), StatusCode::OK);
    let html = own.text().await.unwrap();
    assert!(html.contains("Groceries") && html.contains("My todos"));
    assert_eq!(foreign.status(), StatusCode::NOT_FOUND);
    assert!(!foreign.text().await.unwrap().contains("Groceries"));
    assert_eq!(garbage.status(), StatusCode::NOT_FOUND);
    assert_eq!(anonymous.headers()["location"], "/login");

    // Shared, Bob's page opens it, and his sidebar lists it.
    app.share(&ann_token, &groceries, &bob_name).await;
    let shared = app.page(&bob_cookie, &format!("/lists/{groceries}")).await;
    assert_eq!(shared.status(), StatusCode::OK);
    let (status, page) = status_json(
        app.server_fn(&bob_cookie, "lists/open", &[("list", &groceries)])
            .await,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(page["list"], groceries.as_str());
    let names: Vec<&str> = page["lists"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["My todos", "Groceries"]);
}

#[tokio::test]
async fn the_page_functions_check_the_same_rules_as_the_json_api() {
    let app = spawn_app().await;
    let (ann_cookie, ann_token, ann_name) = person(&app, "ann").await;
    let (bob_cookie, _, bob_name) = person(&app, "bob").await;
    let (carl_cookie, _, _) = person(&app, "carl").await;
    let list = app.create_list(&ann_token, "Team").await;
    app.share(&ann_token, &list, &bob_name).await;

    // A member may add todos but not rename, delete or share.
    let add = app
        .server_fn(
            &bob_cookie,
            "todos/add",
            &[("list_id", &list), ("title", "From Bob")],
        )
        .await;
    assert_eq!(add.status(), StatusCode::OK);
    let rename = app
        .server_fn(
            &bob_cookie,
            "lists/rename",
            &[("id", &list), ("name", "Mine")],
        )
        .await;
    assert_eq!(rename.status(), StatusCode::FORBIDDEN);
    let share = app
        .server_fn(
            &bob_cookie,
            "lists/members/add",
            &[("list_id", &list), ("user", &ann_name)],
        )
        .await;
    assert_eq!(share.status(), StatusCode::FORBIDDEN);
    let delete = app
        .server_fn(&bob_cookie, "lists/delete", &[("id", &list)])
        .await;
    assert_eq!(delete.status(), StatusCode::FORBIDDEN);

    // A stranger learns nothing: every call is a 404, as for no list at all.
    for (endpoint, form) in [
        (
            "todos/add",
            vec![("list_id", list.as_str()), ("title", "x")],
        ),
        ("todos/list", vec![("list_id", list.as_str())]),
        ("lists/open", vec![("list", list.as_str())]),
        ("lists/rename", vec![("id", list.as_str()), ("name", "x")]),
        ("lists/delete", vec![("id", list.as_str())]),
    ] {
        let res = app.server_fn(&carl_cookie, endpoint, &form).await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{endpoint}");
    }

    // Errors name their field.
    let (status, body) = status_json(
        app.server_fn(
            &ann_cookie,
            "lists/members/add",
            &[("list_id", &list), ("user", "nobody_here")],
        )
        .await,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["NoSuch"]["field"], "user", "{body}");
    let blank = app
        .server_fn(&ann_cookie, "lists/create", &[("name", "  ")])
        .await;
    assert_eq!(blank.status(), StatusCode::BAD_REQUEST);

    // The owner renames; the member leaves (removing themself).
    let (status, renamed) = status_json(
        app.server_fn(
            &ann_cookie,
            "lists/rename",
            &[("id", &list), ("name", "Team release")],
        )
        .await,
    )
    .await;
    assert_eq!(
        (status, renamed["name"].clone()),
        (StatusCode::OK, Value::from("Team release"))
    );
    let me: Value = app.get_json(&ann_token, "/api/v1/lists").await;
    let bob_id = me.as_array().unwrap()[1]["members"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["username"] == bob_name.as_str())
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let leave = app
        .server_fn(
            &bob_cookie,
            "lists/members/remove",
            &[("list_id", &list), ("user_id", &bob_id)],
        )
        .await;
    assert_eq!(leave.status(), StatusCode::OK);
    let gone = app
        .server_fn(&bob_cookie, "lists/open", &[("list", &list)])
        .await;
    assert_eq!(gone.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn without_javascript_creating_a_list_lands_on_it_and_its_forms_act_on_it() {
    let app = spawn_app().await;
    let (cookie, token, _) = person(&app, "plain").await;
    let home = app.url("/");

    let created = app
        .plain_form_post(&cookie, "lists/create", &home, &[("name", "Plain list")])
        .await;
    assert!(created.status().is_redirection(), "{}", created.status());
    let location = created.headers()["location"].to_str().unwrap().to_owned();
    let list = location
        .strip_prefix("/lists/")
        .expect("the new list's page")
        .to_owned();

    let page = app.url(&location);
    let added = app
        .plain_form_post(
            &cookie,
            "todos/add",
            &page,
            &[("list_id", &list), ("title", "Plain one")],
        )
        .await;
    assert!(added.status().is_redirection());
    // Back to the list it was posted from.
    let back = added.headers()["location"].to_str().unwrap();
    assert!(back.starts_with(&page), "{back}");
    let todos: Value = app
        .get_json(&token, &format!("/api/v1/lists/{list}/todos"))
        .await;
    assert_eq!(todos[0]["title"], "Plain one");
    let id = todos[0]["id"].as_str().unwrap().to_owned();
    app.plain_form_post(&cookie, "todos/toggle", &page, &[("id", &id)])
        .await;
    app.plain_form_post(
        &cookie,
        "todos/toggle-all",
        &page,
        &[("list_id", &list), ("completed", "true")],
    )
    .await;
    let todos: Value = app
        .get_json(&token, &format!("/api/v1/lists/{list}/todos"))
        .await;
    assert_eq!(todos[0]["completed"], true);
    app.plain_form_post(
        &cookie,
        "todos/clear-completed",
        &page,
        &[("list_id", &list)],
    )
    .await;
    let todos: Value = app
        .get_json(&token, &format!("/api/v1/lists/{list}/todos"))
        .await;
    assert_eq!(todos, serde_json::json!([]));

    let html = app.page(&cookie, &location).await.text().await.unwrap();
    assert!(html.contains("Plain list"));
    assert!(html.contains(&format!("name=\"list_id\" value=\"{list}\"")));
    let deleted = app
        .plain_form_post(&cookie, "lists/delete", &page, &[("id", &list)])
        .await;
    assert_eq!(deleted.headers()["location"], "/");
}

/// The page moves by itself when it writes (its outbox may send minutes
/// later): only a plain form is redirected to the new list.
#[tokio::test]
async fn only_a_plain_form_is_redirected_to_the_list_it_made() {
    let app = spawn_app().await;
    let (cookie, token, _) = person(&app, "moves").await;
    let id = uuid::Uuid::new_v4().to_string();

    let from_page = app
        .server_fn(&cookie, "lists/create", &[("name", "Trip"), ("id", &id)])
        .await;
    assert_eq!(from_page.status(), StatusCode::OK);
    assert!(from_page.headers().get("location").is_none());
    assert!(from_page.headers().get("serverfnredirect").is_none());
    let made: Value = from_page.json().await.unwrap();
    assert_eq!(made["id"], id.as_str());
    // Sent again, as the outbox does after a lost answer: the same list.
    let again: Value = app
        .server_fn(&cookie, "lists/create", &[("name", "Trip"), ("id", &id)])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(again["id"], id.as_str());
    let lists: Vec<Value> = app.get_json(&token, "/api/v1/lists").await;
    assert_eq!(lists.len(), 2, "My todos and Trip");

    let left = app.server_fn(&cookie, "lists/delete", &[("id", &id)]).await;
    assert_eq!(left.status(), StatusCode::OK);
    assert!(left.headers().get("serverfnredirect").is_none());
}
