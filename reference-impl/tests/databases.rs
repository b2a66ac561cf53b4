//! The Databases service end to end in-process: schema, documents, queries planned in SQL,
//! permissions, and no lost increments under concurrency.

mod common;

use std::sync::Arc;

use axum::http::{Method, StatusCode};
use common::Client;

fn enc(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

const C: &str = "/v1/databases/db1/collections/c1";

async fn setup(c: &Client) {
    assert_eq!(c.key(Method::POST, "/v1/databases", Some(r#"{"databaseId":"db1","name":"Main"}"#)).await.status, StatusCode::CREATED);
    let coll = c
        .key(
            Method::POST,
            "/v1/databases/db1/collections",
            Some(r#"{"collectionId":"c1","name":"Books","permissions":["read(\"any\")","create(\"users\")"],"documentSecurity":true}"#),
        )
        .await;
    assert_eq!(coll.status, StatusCode::CREATED, "{}", coll.body);
    for (kind, body) in [
        ("string", r#"{"key":"title","size":64,"required":true}"#),
        ("integer", r#"{"key":"count","required":false,"min":0,"max":1000000,"default":0}"#),
        ("string", r#"{"key":"tags","size":16,"required":false,"array":true}"#),
        ("enum", r#"{"key":"state","elements":["draft","done"],"required":false,"default":"draft"}"#),
    ] {
        let r = c.key(Method::POST, &format!("{C}/attributes/{kind}"), Some(body)).await;
        assert_eq!(r.status, StatusCode::ACCEPTED, "{}", r.body);
        assert_eq!(r.body["status"], "processing");
    }
}

#[tokio::test]
async fn schema_documents_and_queries() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let c = Client::new(dir.path()).await;
    setup(&c).await;
    assert_eq!(c.key(Method::GET, &format!("{C}/attributes/title"), None).await.body["status"], "available");
    let idx = c.key(Method::POST, &format!("{C}/indexes"), Some(r#"{"key":"ft","type":"fulltext","attributes":["title"]}"#)).await;
    assert_eq!(idx.status, StatusCode::ACCEPTED, "{}", idx.body);

    for (id, title, count) in [("a", "The quick fox", 3), ("b", "Lazy dogs sleep", 1), ("c", "Quickly done", 2)] {
        let body = format!(r#"{{"documentId":"{id}","data":{{"title":"{title}","count":{count},"tags":["x"]}}}}"#);
        let r = c.key(Method::POST, &format!("{C}/documents"), Some(&body)).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        assert_eq!(r.body["$sequence"].as_str().map(|s| !s.is_empty()), Some(true));
        assert_eq!(r.body["state"], "draft");
    }
    c.key(Method::POST, &format!("{C}/documents"), Some(r#"{"documentId":"a","data":{"title":"again"}}"#))
        .await
        .assert_error(409, "document_already_exists");
    c.key(Method::POST, &format!("{C}/documents"), Some(r#"{"documentId":"z","data":{"nope":1,"title":"t"}}"#))
        .await
        .assert_error(400, "document_invalid_structure");

    let q = |s: &str| format!("queries[0]={}", enc(s));
    let search =
        c.key(Method::GET, &format!("{C}/documents?{}", q(r#"{"method":"search","attribute":"title","values":["quick"]}"#)), None).await;
    assert_eq!(search.body["total"], 2, "{}", search.body);
    let ordered = c.key(Method::GET, &format!("{C}/documents?{}", q(r#"{"method":"orderDesc","attribute":"count"}"#)), None).await;
    assert_eq!(ordered.body["documents"][0]["$id"], "a");
    c.key(Method::GET, &format!("{C}/documents?{}", q(r#"{"method":"search","attribute":"tags","values":["x"]}"#)), None)
        .await
        .assert_error(400, "general_query_invalid");

    // The FTS index follows updates and deletes (triggers).
    let r = c.key(Method::PATCH, &format!("{C}/documents/b"), Some(r#"{"data":{"title":"quick too"}}"#)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    c.key(Method::DELETE, &format!("{C}/documents/a"), None).await;
    let search =
        c.key(Method::GET, &format!("{C}/documents?{}", q(r#"{"method":"search","attribute":"title","values":["quick"]}"#)), None).await;
    assert_eq!(search.body["total"], 2, "{}", search.body);

    // Attributes can be renamed and dropped with data and indexes in place.
    let renamed =
        c.key(Method::PATCH, &format!("{C}/attributes/integer/count"), Some(r#"{"required":false,"default":null,"newKey":"hits"}"#)).await;
    assert_eq!(renamed.body["key"], "hits", "{}", renamed.body);
    assert_eq!(c.key(Method::GET, &format!("{C}/documents/c"), None).await.body["hits"], 2);
    assert_eq!(c.key(Method::DELETE, &format!("{C}/attributes/title"), None).await.status, StatusCode::NO_CONTENT);
    let list = c.key(Method::GET, &format!("{C}/documents"), None).await;
    assert_eq!(list.body["total"], 2);
    assert!(list.body["documents"][0].get("title").is_none());
    assert_eq!(c.key(Method::DELETE, "/v1/databases/db1", None).await.status, StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn concurrent_increments_are_never_lost() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let c = Arc::new(Client::new(dir.path()).await);
    setup(&c).await;
    let r = c.key(Method::POST, &format!("{C}/documents"), Some(r#"{"documentId":"n","data":{"title":"counter"}}"#)).await;
    assert_eq!(r.status, StatusCode::CREATED);
    let tasks: Vec<_> = (0..100)
        .map(|_| {
            let c = c.clone();
            tokio::spawn(
                async move { c.key(Method::PATCH, &format!("{C}/documents/n/count/increment"), Some(r#"{"value":1}"#)).await.status },
            )
        })
        .collect();
    for t in tasks {
        assert_eq!(t.await.unwrap_or(StatusCode::INTERNAL_SERVER_ERROR), StatusCode::OK);
    }
    assert_eq!(c.key(Method::GET, &format!("{C}/documents/n"), None).await.body["count"], 100);
    c.key(Method::PATCH, &format!("{C}/documents/n/count/increment"), Some(r#"{"value":1,"max":100}"#))
        .await
        .assert_error(400, "attribute_limit_exceeded");
}
