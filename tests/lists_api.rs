//! SPEC §6 over the JSON API: lists, members, and every permission rule for
//! owner, member and stranger; a list a caller cannot see reads exactly like
//! a missing one.

mod common;

use common::{TestApp, spawn_app, status_json};
use livetodo::domain::AuthResponse;
use reqwest::StatusCode;
use serde_json::{Value, json};

/// Ann owns "Groceries" and shared it with Bob; Eve is a stranger.
struct Shared {
    app: TestApp,
    ann: AuthResponse,
    bob: AuthResponse,
    eve: AuthResponse,
    list: String,
}

async fn shared() -> Shared {
    let app = spawn_app().await;
    let ann = app.register("ann").await;
    let bob = app.register("bob").await;
    let eve = app.register("eve").await;
    let list = app.create_list(&ann.access_token, "Groceries").await;
    let (status, member) = status_json(
        app.post(
            &ann.access_token,
            &format!("/api/v1/lists/{list}/members"),
            json!({ "user": bob.user.username }),
        )
        .send()
        .await
        .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{member}");
    assert_eq!(member["id"], bob.user.id.to_string());
    assert_eq!(member["role"], "member");
    Shared {
        app,
        ann,
        bob,
        eve,
        list,
    }
}

async fn status_of(req: reqwest::RequestBuilder) -> (StatusCode, Value) {
    status_json(req.send().await.unwrap()).await
}

#[tokio::test]
async fn registration_gives_every_account_my_todos_and_todos_land_there() {
    let app = spawn_app().await;
    let ann = app.register("ann").await;
    let lists: Vec<Value> = app.get_json(&ann.access_token, "/api/v1/lists").await;
    assert_eq!(lists.len(), 1);
    let mine = &lists[0];
    assert_eq!(mine["name"], "My todos");
    assert_eq!(mine["role"], "owner");
    assert_eq!(mine["ownerId"], ann.user.id.to_string());
    assert_eq!(mine["seq"], 0);
    assert_eq!(
        mine["members"],
        json!([{ "id": ann.user.id, "username": ann.user.username, "role": "owner" }])
    );

    let todo = app
        .create_todo(&ann.access_token, json!({ "title": "Milk" }))
        .await;
    assert_eq!(todo["listId"], mine["id"]);
    assert_eq!(todo["version"], 1);
    assert_eq!(todo["userId"], ann.user.id.to_string());
    let updated = app
        .patch_json(
            &ann.access_token,
            &format!("/api/v1/todos/{}", todo["id"].as_str().unwrap()),
            json!({ "completed": true }),
        )
        .await;
    assert_eq!(updated["version"], 2);
    let list: Value = app
        .get_json(
            &ann.access_token,
            &format!("/api/v1/lists/{}", mine["id"].as_str().unwrap()),
        )
        .await;
    assert_eq!(list["seq"], 2, "a create and an update: two changes");
}

#[tokio::test]
async fn members_read_and_write_the_lists_todos_strangers_see_nothing() {
    let s = shared().await;
    let (ann, bob, eve) = (
        &s.ann.access_token,
        &s.bob.access_token,
        &s.eve.access_token,
    );
    let todos_path = format!("/api/v1/lists/{}/todos", s.list);

    // Bob sees the list, with both members and his own role.
    let lists: Vec<Value> = s.app.get_json(bob, "/api/v1/lists").await;
    let groceries = lists.iter().find(|l| l["id"] == s.list.as_str()).unwrap();
    assert_eq!(groceries["role"], "member");
    assert_eq!(groceries["members"].as_array().unwrap().len(), 2);
    assert_eq!(groceries["members"][0]["role"], "owner");

    // Both write; both read; `GET /api/v1/todos` spans every list (§2b).
    let milk = s
        .app
        .create_todo(ann, json!({ "title": "Milk", "listId": s.list }))
        .await;
    let eggs = s
        .app
        .create_todo(bob, json!({ "title": "Eggs", "listId": s.list }))
        .await;
    assert_eq!(eggs["userId"], s.bob.user.id.to_string());
    let eggs_path = format!("/api/v1/todos/{}", eggs["id"].as_str().unwrap());
    s.app
        .patch_json(ann, &eggs_path, json!({ "completed": true }))
        .await;
    for token in [ann, bob] {
        let todos: Vec<Value> = s.app.get_json(token, &todos_path).await;
        let titles: Vec<&str> = todos.iter().map(|t| t["title"].as_str().unwrap()).collect();
        assert_eq!(titles, ["Milk", "Eggs"]);
        let all: Vec<Value> = s.app.get_json(token, "/api/v1/todos").await;
        assert!(all.iter().any(|t| t["id"] == milk["id"]));
    }

    // Eve: every door answers 404, like a list that does not exist.
    let missing = format!("/api/v1/lists/{}", uuid::Uuid::new_v4());
    for path in [format!("/api/v1/lists/{}", s.list), missing.clone()] {
        let (status, body) = status_of(s.app.get(eve, &path)).await;
        assert_eq!(
            (status, &body),
            (StatusCode::NOT_FOUND, &json!({ "error": "not found" }))
        );
        let (status, _) = status_of(s.app.get(eve, &format!("{path}/todos"))).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, _) = status_of(s.app.patch(eve, &path, json!({ "name": "x" }))).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, _) = status_of(s.app.delete(eve, &path)).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, _) = status_of(s.app.post(
            eve,
            &format!("{path}/members"),
            json!({ "user": s.eve.user.username }),
        ))
        .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }
    let (status, _) = status_of(s.app.post(
        eve,
        "/api/v1/todos",
        json!({ "title": "sneak", "listId": s.list }),
    ))
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    for req in [
        s.app.get(eve, &eggs_path),
        s.app.patch(eve, &eggs_path, json!({ "title": "x" })),
        s.app.delete(eve, &eggs_path),
    ] {
        assert_eq!(status_of(req).await.0, StatusCode::NOT_FOUND);
    }
    let all: Vec<Value> = s.app.get_json(eve, "/api/v1/todos").await;
    assert!(all.is_empty(), "{all:?}");
    let lists: Vec<Value> = s.app.get_json(eve, "/api/v1/lists").await;
    assert_eq!(lists.len(), 1, "only her own list");
}

#[tokio::test]
async fn only_the_owner_renames_deletes_and_shares() {
    let s = shared().await;
    let (ann, bob) = (&s.ann.access_token, &s.bob.access_token);
    let path = format!("/api/v1/lists/{}", s.list);

    let (status, body) = status_of(s.app.patch(bob, &path, json!({ "name": "Mine now" }))).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    let (status, _) = status_of(s.app.delete(bob, &path)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = status_of(s.app.post(
        bob,
        &format!("{path}/members"),
        json!({ "user": s.eve.user.email }),
    ))
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = status_of(
        s.app
            .delete(bob, &format!("{path}/members/{}", s.ann.user.id)),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    let renamed = s
        .app
        .patch_json(ann, &path, json!({ "name": "  Food " }))
        .await;
    assert_eq!(renamed["name"], "Food");
    assert_eq!(renamed["role"], "owner");
    let seen: Value = s.app.get_json(bob, &path).await;
    assert_eq!(seen["name"], "Food");

    let (status, _) = status_of(s.app.delete(ann, &path)).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = status_of(s.app.get(bob, &path)).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "deleted for every member");
}

#[tokio::test]
async fn sharing_names_the_field_and_the_rule() {
    let s = shared().await;
    let ann = &s.ann.access_token;
    let members = format!("/api/v1/lists/{}/members", s.list);

    // By email, any case.
    let (status, member) = status_of(s.app.post(
        ann,
        &members,
        json!({ "user": s.eve.user.email.to_uppercase() }),
    ))
    .await;
    assert_eq!(status, StatusCode::CREATED, "{member}");
    assert_eq!(member["username"], s.eve.user.username);

    let cases = [
        (
            json!({ "user": "nobody_here_at_all" }),
            StatusCode::NOT_FOUND,
            "user",
        ),
        (json!({ "user": "" }), StatusCode::BAD_REQUEST, "user"),
        (json!({}), StatusCode::BAD_REQUEST, "user"),
        (
            json!({ "user": s.bob.user.username }),
            StatusCode::CONFLICT,
            "user",
        ),
    ];
    for (body, want, field) in cases {
        let (status, answer) = status_of(s.app.post(ann, &members, body.clone())).await;
        assert_eq!(
            (status, answer["field"].as_str()),
            (want, Some(field)),
            "{body} → {answer}"
        );
    }
    for name in ["", "   ", &"x".repeat(101)] {
        let (status, answer) =
            status_of(s.app.post(ann, "/api/v1/lists", json!({ "name": name }))).await;
        assert_eq!(
            (status, answer["field"].as_str()),
            (StatusCode::BAD_REQUEST, Some("name"))
        );
    }
}

#[tokio::test]
async fn members_leave_owners_remove_and_the_last_own_list_stays() {
    let s = shared().await;
    let (ann, bob) = (&s.ann.access_token, &s.bob.access_token);
    let members = format!("/api/v1/lists/{}/members", s.list);

    // The owner cannot leave their own list.
    let (status, body) =
        status_of(s.app.delete(ann, &format!("{members}/{}", s.ann.user.id))).await;
    assert_eq!(
        (status, body["field"].as_str()),
        (StatusCode::CONFLICT, Some("user"))
    );

    // Bob leaves; then he is a stranger to it.
    let (status, _) = status_of(s.app.delete(bob, &format!("{members}/{}", s.bob.user.id))).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = status_of(s.app.get(bob, &format!("/api/v1/lists/{}", s.list))).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // Removing someone who is not a member is "not found".
    let (status, _) = status_of(s.app.delete(ann, &format!("{members}/{}", s.bob.user.id))).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // Ann owns two lists: one may go, the last may not.
    let lists: Vec<Value> = s.app.get_json(ann, "/api/v1/lists").await;
    let first = lists[0]["id"].as_str().unwrap().to_owned();
    let (status, _) = status_of(s.app.delete(ann, &format!("/api/v1/lists/{}", s.list))).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, body) = status_of(s.app.delete(ann, &format!("/api/v1/lists/{first}"))).await;
    assert_eq!(
        (status, body["field"].as_str()),
        (StatusCode::CONFLICT, Some("list")),
        "{body}"
    );
    // A list owned by someone else does not count as one's own.
    let bobs_lists: Vec<Value> = s.app.get_json(bob, "/api/v1/lists").await;
    assert_eq!(bobs_lists.len(), 1);
}

#[tokio::test]
async fn a_deleted_lists_todos_go_with_it() {
    let s = shared().await;
    let ann = &s.ann.access_token;
    let todo = s
        .app
        .create_todo(ann, json!({ "title": "Milk", "listId": s.list }))
        .await;
    let (status, _) = status_of(s.app.delete(ann, &format!("/api/v1/lists/{}", s.list))).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = status_of(s.app.get(
        ann,
        &format!("/api/v1/todos/{}", todo["id"].as_str().unwrap()),
    ))
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn members_per_list_and_lists_per_user_are_capped() {
    let app =
        common::spawn_app_with(&[("MAX_MEMBERS_PER_LIST", "2"), ("MAX_LISTS_PER_USER", "2")]).await;
    let ann = app.register("ann").await;
    let bob = app.register("bob").await;
    let eve = app.register("eve").await;
    let list = app.create_list(&ann.access_token, "Two of us").await;
    let members = format!("/api/v1/lists/{list}/members");
    let (status, _) = status_of(app.post(
        &ann.access_token,
        &members,
        json!({ "user": bob.user.username }),
    ))
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, body) = status_of(app.post(
        &ann.access_token,
        &members,
        json!({ "user": eve.user.username }),
    ))
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(
        body,
        json!({ "error": "members: at most 2 per list", "field": "members" })
    );

    // "My todos" and "Two of us": a third own list is one too many.
    let (status, body) = status_of(app.post(
        &ann.access_token,
        "/api/v1/lists",
        json!({ "name": "third" }),
    ))
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(
        body,
        json!({ "error": "lists: at most 2 per user", "field": "lists" })
    );
}

/// A create with a client-made id, sent again (an answer lost offline),
/// makes no second list; the id cannot take over someone else's list.
#[tokio::test]
async fn a_list_create_sent_again_with_its_id_makes_one_list() {
    let s = shared().await;
    let id = uuid::Uuid::new_v4().to_string();
    let create = |token: &str, id: &str| {
        s.app.post(
            token,
            "/api/v1/lists",
            json!({ "name": "Trip", "id": id, "opId": uuid::Uuid::new_v4() }),
        )
    };

    let (first, made) = status_of(create(&s.ann.access_token, &id)).await;
    let (again, same) = status_of(create(&s.ann.access_token, &id)).await;
    let (taken, refused) = status_of(create(&s.bob.access_token, &s.list)).await;
    let (bad, unreadable) = status_of(create(&s.eve.access_token, "nope")).await;

    assert_eq!(first, StatusCode::CREATED, "{made}");
    assert_eq!(made["id"], id.as_str());
    assert_eq!(again, StatusCode::OK, "{same}");
    assert_eq!(same, made);
    let lists: Vec<Value> = s.app.get_json(&s.ann.access_token, "/api/v1/lists").await;
    assert_eq!(lists.iter().filter(|l| l["name"] == "Trip").count(), 1);
    // Bob is a member of Ann's list, Eve of none: neither can claim an id.
    assert_eq!(taken, StatusCode::CONFLICT, "{refused}");
    assert_eq!(refused["field"], "id");
    assert_eq!(bad, StatusCode::BAD_REQUEST, "{unreadable}");
    assert_eq!(unreadable["field"], "id");
    let (stranger, _) = status_of(create(&s.eve.access_token, &id)).await;
    assert_eq!(stranger, StatusCode::CONFLICT);
}
