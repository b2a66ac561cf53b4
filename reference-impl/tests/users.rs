//! The Users service and list queries.

mod common;

use axum::http::{Method, StatusCode};
use common::{assert_shape, Client, USER_FIELDS};

fn encode(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

#[tokio::test]
async fn create_get_list_delete() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let c = Client::new(dir.path()).await;
    let created = c.create_user("u1", "u1@example.com", "password123").await;
    assert_shape(&created.body, USER_FIELDS);
    assert_eq!(created.body["hash"], "argon2");
    assert!(created.body["hashOptions"]["memoryCost"].is_number());
    let generated = c.key(Method::POST, "/v1/users", Some(r#"{"userId":"unique()"}"#)).await;
    assert_eq!(generated.status, StatusCode::CREATED);
    assert_eq!(generated.body["$id"].as_str().map(str::len), Some(20));
    assert_eq!(generated.body["passwordUpdate"], "");
    c.key(Method::POST, "/v1/users", Some(r#"{"userId":"u1"}"#)).await.assert_error(409, "user_already_exists");

    let got = c.key(Method::GET, "/v1/users/u1", None).await;
    assert_eq!(got.body["email"], "u1@example.com");
    c.key(Method::GET, "/v1/users/missing", None).await.assert_error(404, "user_not_found");

    let list = c.key(Method::GET, "/v1/users", None).await;
    assert_eq!(list.body["total"], 2);
    assert_eq!(list.body["users"].as_array().map(Vec::len), Some(2));

    assert_eq!(c.key(Method::DELETE, "/v1/users/u1", None).await.status, StatusCode::NO_CONTENT);
    c.key(Method::DELETE, "/v1/users/u1", None).await.assert_error(404, "user_not_found");
    assert_eq!(c.key(Method::GET, "/v1/users", None).await.body["total"], 1);
}

#[tokio::test]
async fn list_queries_in_both_wire_forms() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let c = Client::new(dir.path()).await;
    for i in 1..=5 {
        c.create_user(&format!("q{i}"), &format!("q{i}@example.com"), "password123").await;
    }
    let limit = encode(r#"{"method":"limit","values":[2]}"#);
    let offset = encode(r#"{"method":"offset","values":[1]}"#);
    let page = c.key(Method::GET, &format!("/v1/users?queries[]={limit}&queries[]={offset}"), None).await;
    let ids: Vec<&str> = page.body["users"].as_array().map(|u| u.iter().filter_map(|x| x["$id"].as_str()).collect()).unwrap_or_default();
    assert_eq!(ids, vec!["q2", "q3"]);
    assert_eq!(page.body["total"], 5);

    let cursor = encode(r#"{"method":"cursorAfter","values":["q3"]}"#);
    let after = c.key(Method::GET, &format!("/v1/users?queries[0]={cursor}&queries[1]={limit}"), None).await;
    let ids: Vec<&str> = after.body["users"].as_array().map(|u| u.iter().filter_map(|x| x["$id"].as_str()).collect()).unwrap_or_default();
    assert_eq!(ids, vec!["q4", "q5"]);

    let equal = encode(r#"{"method":"equal","attribute":"email","values":["q4@example.com"]}"#);
    let found = c.key(Method::GET, &format!("/v1/users?queries[]={equal}&total=false"), None).await;
    assert_eq!(found.body["users"][0]["$id"], "q4");
    assert_eq!(found.body["total"], 0, "total=false skips counting");

    let search = c.key(Method::GET, "/v1/users?search=q5", None).await;
    assert_eq!(search.body["total"], 1);

    let unknown = encode(r#"{"method":"equal","attribute":"password","values":["x"]}"#);
    let bad = c.key(Method::GET, &format!("/v1/users?queries[]={unknown}"), None).await;
    bad.assert_error(400, "general_argument_invalid");
    assert!(bad.body["message"].as_str().is_some_and(|m| m.starts_with("Invalid `queries` param")));
    let gone = encode(r#"{"method":"cursorAfter","values":["nobody"]}"#);
    c.key(Method::GET, &format!("/v1/users?queries[]={gone}"), None).await.assert_error(400, "general_cursor_not_found");
}
