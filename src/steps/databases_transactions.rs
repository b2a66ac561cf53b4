//! Steps for Databases transactions: making one as a caller, staging many operations at
//! once (the 100-operation limit), and checking when a transaction expires.

use super::{assert_status, json_body, request_from, send};
use crate::checks::at_path;
use crate::client::{Body, Request};
use crate::failure::{assert, wrong_answer};
use crate::world::ConformWorld;
use cucumber::{given, then, when};
use serde_json::{json, Value};

/// How far an `expiresAt` may be from the expected moment (clock skew plus the request).
const EXPIRY_SLACK_SECS: i64 = 30;

/// `the server has a transaction …` or `"alice" has a transaction …`: creates one with the
/// default ttl as that caller and remembers its ID.
#[given(regex = r#"^(the server|"[^"]+") has a transaction remembered as "([^"]+)"$"#)]
async fn has_transaction(world: &mut ConformWorld, who: String, name: String) {
    let request = request_from(world, &who, "POST", "/databases/transactions", Some("{}"));
    let response = send(world, request).await;
    assert_status(response, 201);
    let body = json_body(response);
    let id = body["$id"].as_str().unwrap_or_else(|| wrong_answer!("createTransaction answered no $id: {body}")).to_string();
    world.vars.insert(name, id);
}

/// One createOperations request holding `count` creates of fresh documents.
#[when(regex = r#"^the server stages (\d+) creates in "([^"]+)" in transaction "([^"]+)"$"#)]
async fn stages_creates(world: &mut ConformWorld, count: usize, collection: String, transaction: String) {
    let database = world.expand("{db}");
    let collection_id = world.expand(&format!("{{{collection}}}"));
    let transaction_id = world.expand(&format!("{{{transaction}}}"));
    let operations: Vec<Value> = (0..count)
        .map(|_| {
            let document_id = world.ctx.ids.next("staged");
            json!({"action": "create", "databaseId": database, "collectionId": collection_id, "documentId": document_id, "data": {}})
        })
        .collect();
    let mut request: Request =
        request_from(world, "the server", "POST", &format!("/databases/transactions/{transaction_id}/operations"), None);
    request.body = Body::Json(json!({ "operations": operations }));
    send(world, request).await;
}

/// `expiresAt` is `seconds` after now, give or take the slack.
#[then(regex = r#"^the response field "([^"]+)" is a datetime about (\d+) seconds from now$"#)]
fn datetime_from_now(world: &mut ConformWorld, path: String, seconds: i64) {
    let body = json_body(world.last());
    let value = at_path(&body, &path).and_then(Value::as_str).unwrap_or_else(|| wrong_answer!("no string field {path:?} in {body}"));
    let at = chrono::DateTime::parse_from_rfc3339(value).unwrap_or_else(|e| wrong_answer!("{path} = {value:?} is not a datetime: {e}"));
    let ahead = (at.with_timezone(&chrono::Utc) - chrono::Utc::now()).num_seconds();
    assert!(
        (ahead - seconds).abs() <= EXPIRY_SLACK_SECS,
        "{path} = {value} is {ahead} s from now, expected about {seconds} s (± {EXPIRY_SLACK_SECS} s)"
    );
}

/// The longest a scenario waits for a transaction to expire: the shortest ttl (60 s) and
/// a margin.
const EXPIRY_WAIT_MAX: std::time::Duration = std::time::Duration::from_secs(75);

/// Waits until the transaction's own `expiresAt` (read with the server key) has passed,
/// and a little more, so a server comparing whole seconds sees it passed too.
#[when(regex = r#"^the transaction "([^"]+)" has expired$"#)]
async fn transaction_expired(world: &mut ConformWorld, name: String) {
    let id = world.expand(&format!("{{{name}}}"));
    let request = request_from(world, "the server", "GET", &format!("/databases/transactions/{id}"), None);
    let response = send(world, request).await;
    assert_status(response, 200);
    let body = json_body(response);
    let text = body["expiresAt"].as_str().unwrap_or_else(|| wrong_answer!("no expiresAt in {body}"));
    let at = chrono::DateTime::parse_from_rfc3339(text).unwrap_or_else(|e| wrong_answer!("expiresAt {text:?} is not a datetime: {e}"));
    let left = (at.with_timezone(&chrono::Utc) - chrono::Utc::now()).to_std().unwrap_or_default();
    assert!(
        left <= EXPIRY_WAIT_MAX,
        "transaction {id} expires in {} s; a scenario waits at most {} s",
        left.as_secs(),
        EXPIRY_WAIT_MAX.as_secs()
    );
    tokio::time::sleep(left + std::time::Duration::from_millis(1_100)).await;
}
