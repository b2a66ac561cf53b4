//! A commit is all or nothing. Neither an operation that fails half way nor the process
//! dying in the middle of the commit leaves any staged write visible; after the crash the
//! transaction is still pending with its whole log, and committing it then applies all.

mod common;

use std::path::Path;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

use axum::http::{Method, StatusCode};
use common::Client;
use conform_reference::services::databases::transactions::commit;
use conform_reference::store::databases::transactions as store;
use serde_json::Value;

/// Set in the child process the crash test starts: the data directory it must crash in.
const CRASH_DIR: &str = "CONFORM_TEST_CRASH_MID_COMMIT_DIR";
const CRASH_TEST: &str = "a_process_dying_mid_commit_leaves_nothing_behind";
const COLLECTION: &str = "/v1/databases/library/collections/books";

/// A database with a `books` collection (a unique `title`) and one existing document.
async fn library(c: &Client) {
    let made = c.key(Method::POST, "/v1/databases", Some(r#"{"databaseId": "library", "name": "Library"}"#)).await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
    let made = c.key(Method::POST, "/v1/databases/library/collections", Some(r#"{"collectionId": "books", "name": "Books"}"#)).await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
    let made =
        c.key(Method::POST, &format!("{COLLECTION}/attributes/string"), Some(r#"{"key": "title", "size": 64, "required": false}"#)).await;
    assert_eq!(made.status, StatusCode::ACCEPTED, "{}", made.body);
    let made = c
        .key(Method::POST, &format!("{COLLECTION}/indexes"), Some(r#"{"key": "unique_title", "type": "unique", "attributes": ["title"]}"#))
        .await;
    assert_eq!(made.status, StatusCode::ACCEPTED, "{}", made.body);
    let made =
        c.key(Method::POST, &format!("{COLLECTION}/documents"), Some(r#"{"documentId": "existing", "data": {"title": "Taken"}}"#)).await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
}

/// A pending transaction holding `titles` as creates of documents `d0`, `d1`, …
async fn staged(c: &Client, titles: &[&str]) -> String {
    let t = c.key(Method::POST, "/v1/databases/transactions", Some("{}")).await;
    assert_eq!(t.status, StatusCode::CREATED, "{}", t.body);
    let id = t.body["$id"].as_str().unwrap_or_default().to_string();
    let operations: Vec<Value> = titles
        .iter()
        .enumerate()
        .map(|(i, title)| {
            serde_json::json!({"action": "create", "databaseId": "library", "collectionId": "books", "documentId": format!("d{i}"), "data": {"title": title}})
        })
        .collect();
    let body = serde_json::json!({ "operations": operations }).to_string();
    let added = c.key(Method::POST, &format!("/v1/databases/transactions/{id}/operations"), Some(&body)).await;
    assert_eq!(added.status, StatusCode::CREATED, "{}", added.body);
    assert_eq!(added.body["operations"], titles.len());
    id
}

async fn document_ids(c: &Client) -> Vec<String> {
    let list = c.key(Method::GET, &format!("{COLLECTION}/documents"), None).await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.body);
    let mut ids: Vec<String> =
        list.body["documents"].as_array().into_iter().flatten().filter_map(|d| d["$id"].as_str().map(String::from)).collect();
    ids.sort();
    ids
}

#[tokio::test]
async fn a_failing_operation_leaves_nothing_behind() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let c = Client::new(dir.path()).await;
    library(&c).await;
    // The third create repeats a unique title: the first two were already applied inside
    // the commit when it fails.
    let id = staged(&c, &["One", "Two", "Taken", "Four"]).await;
    let committed = c.key(Method::PATCH, &format!("/v1/databases/transactions/{id}"), Some(r#"{"commit": true}"#)).await;
    committed.assert_error(409, "transaction_conflict");
    assert_eq!(document_ids(&c).await, ["existing"], "no staged write may survive a failed commit");
    let t = c.key(Method::GET, &format!("/v1/databases/transactions/{id}"), None).await;
    assert_eq!(t.body["status"], "failed");
}

/// The child's part: commit the staged transaction on a connection that aborts the
/// process (no unwinding, no rollback, no clean close) at the second document insert.
fn crash_mid_commit(dir: &Path) -> ! {
    let mut conn = rusqlite::Connection::open(dir.join("conform.sqlite3")).unwrap_or_else(|e| panic!("open: {e}"));
    let t = conn
        .query_row("SELECT id FROM transactions WHERE status = 'pending'", [], |r| r.get::<_, String>(0))
        .unwrap_or_else(|e| panic!("the staged transaction: {e}"));
    let t = store::get(&conn, &t).ok().flatten().unwrap_or_else(|| panic!("transaction {t} is gone"));
    static INSERTS: AtomicUsize = AtomicUsize::new(0);
    conn.update_hook(Some(|action, _: &str, table: &str, _| {
        let is_document = table.starts_with("docs_") && !table.contains("_perms") && !table.contains("_fts");
        if action == rusqlite::hooks::Action::SQLITE_INSERT && is_document && INSERTS.fetch_add(1, Ordering::SeqCst) == 1 {
            std::process::abort();
        }
    }));
    let outcome = commit(&mut conn, &t);
    panic!("the commit should have died half way, but it finished: {outcome:?}");
}

#[tokio::test]
async fn a_process_dying_mid_commit_leaves_nothing_behind() {
    if let Ok(dir) = std::env::var(CRASH_DIR) {
        crash_mid_commit(Path::new(&dir));
    }
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let id = {
        let c = Client::new(dir.path()).await;
        library(&c).await;
        staged(&c, &["One", "Two", "Three"]).await
    };
    let exe = std::env::current_exe().unwrap_or_else(|e| panic!("{e}"));
    let child = Command::new(exe)
        .args([CRASH_TEST, "--exact", "--nocapture", "--test-threads=1"])
        .env(CRASH_DIR, dir.path())
        .output()
        .unwrap_or_else(|e| panic!("start the crashing child: {e}"));
    assert!(!child.status.success(), "the child was meant to die mid-commit: {}", String::from_utf8_lossy(&child.stderr));
    let stderr = String::from_utf8_lossy(&child.stderr);
    assert!(!stderr.contains("should have died"), "the commit did not reach its second insert: {stderr}");

    // "Restart": a fresh server on the same data.
    let c = Client::new(dir.path()).await;
    assert_eq!(document_ids(&c).await, ["existing"], "a commit cut short must leave no staged write visible");
    let t = c.key(Method::GET, &format!("/v1/databases/transactions/{id}"), None).await;
    assert_eq!(t.body["status"], "pending", "{}", t.body);
    assert_eq!(t.body["operations"], 3);
    let committed = c.key(Method::PATCH, &format!("/v1/databases/transactions/{id}"), Some(r#"{"commit": true}"#)).await;
    assert_eq!(committed.status, StatusCode::OK, "{}", committed.body);
    assert_eq!(document_ids(&c).await, ["d0", "d1", "d2", "existing"], "the log survived the crash whole");
}
