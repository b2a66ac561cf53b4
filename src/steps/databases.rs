//! Steps for the Databases service: collections with attributes and indexes set up with
//! the server key (waiting, with a bounded poll, until Appwrite's asynchronous workers
//! have made them `available`), documents seeded the same way, query lists sent in the
//! SDKs' wire form (`queries[0]=<JSON>`), and checks on listed document IDs.
//!
//! Names: `Given a collection "books"` remembers `{books}` (its ID) and `{db}` (the
//! scenario's database), so paths read `/databases/{db}/collections/{books}/documents`.

use super::{assert_status, json_body, request_from, send, with_queries};
use crate::checks::at_path;
use crate::client::{Auth, Request};
use crate::failure::{assert_eq, wrong_answer};
use crate::world::ConformWorld;
use cucumber::gherkin::Step;
use cucumber::{given, then, when};
use reqwest::Method;
use serde_json::{json, Value};
use std::time::{Duration, Instant};

/// How long attributes and indexes may stay `processing` before a scenario gives up.
const AVAILABLE_WITHIN: Duration = Duration::from_secs(30);
const POLL_EVERY: Duration = Duration::from_millis(250);

fn docstring(step: &Step) -> &str {
    step.docstring.as_deref().unwrap_or_else(|| panic!("step {:?} needs a \"\"\" docstring", step.value))
}

fn parse_json(world: &mut ConformWorld, text: &str) -> Value {
    let text = world.expand(text);
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("the step's JSON does not parse ({e}):\n{text}"))
}

/// The scenario's database, created on first use.
async fn database(world: &mut ConformWorld) -> String {
    if let Some(id) = world.vars.get("db") {
        return id.clone();
    }
    let id = world.ctx.ids.next("db");
    let request = Request::new(Method::POST, "/databases").auth(Auth::Key).json(json!({"databaseId": id, "name": "conform"}));
    assert_status(send(world, request).await, 201);
    world.vars.insert("db".into(), id.clone());
    id
}

pub(super) fn collection_path(world: &ConformWorld, name: &str) -> String {
    let id = world.vars.get(name).unwrap_or_else(|| panic!("no collection {name:?} in this scenario: add Given a collection {name:?}"));
    let db = world.vars.get("db").expect("a collection implies a database");
    format!("/databases/{db}/collections/{id}")
}

async fn create_collection(world: &mut ConformWorld, name: &str, settings: Value) {
    let db = database(world).await;
    let id = world.ctx.ids.next(name);
    let mut body = json!({"collectionId": id, "name": name});
    if let (Some(target), Value::Object(extra)) = (body.as_object_mut(), settings) {
        target.extend(extra);
    }
    let request = Request::new(Method::POST, format!("/databases/{db}/collections")).auth(Auth::Key).json(body);
    assert_status(send(world, request).await, 201);
    world.vars.insert(name.to_string(), id);
}

#[given(regex = r#"^a collection "([^"]+)"$"#)]
async fn a_collection(world: &mut ConformWorld, name: String) {
    create_collection(world, &name, json!({})).await;
}

/// The docstring holds createCollection params: permissions, documentSecurity, enabled.
#[given(regex = r#"^a collection "([^"]+)" with:$"#)]
async fn a_collection_with(world: &mut ConformWorld, step: &Step, name: String) {
    let settings = parse_json(world, docstring(step));
    create_collection(world, &name, settings).await;
}

/// Polls a schema resource (attribute or index) until its status is `available`.
async fn wait_available(world: &mut ConformWorld, path: &str) -> Value {
    let started = Instant::now();
    loop {
        let response = send(world, Request::new(Method::GET, path).auth(Auth::Key)).await;
        assert_status(response, 200);
        let body = json_body(response);
        match body["status"].as_str() {
            Some("available") => return body,
            Some("processing") if started.elapsed() < AVAILABLE_WITHIN => tokio::time::sleep(POLL_EVERY).await,
            other => panic!(
                "GET {path}: status {other:?} after {:.1} s (expected `available` within {} s); body: {body}",
                started.elapsed().as_secs_f64(),
                AVAILABLE_WITHIN.as_secs()
            ),
        }
    }
}

/// One attribute per row: `| type | key | options |`, options being the create params
/// beyond `key` as JSON (`required` defaults to false).
#[given(regex = r#"^"([^"]+)" has the attributes:$"#)]
async fn has_attributes(world: &mut ConformWorld, step: &Step, name: String) {
    let base = collection_path(world, &name);
    let table = step.table.as_ref().unwrap_or_else(|| panic!("step {:?} needs a table | type | key | options |", step.value));
    for row in table.rows.iter().skip(1) {
        let (kind, key) = (row[0].trim().to_string(), row[1].trim().to_string());
        let options = row.get(2).map(|s| s.trim()).filter(|s| !s.is_empty()).unwrap_or("{}");
        let mut body = parse_json(world, options);
        body["key"] = json!(key);
        if body.get("required").is_none() {
            body["required"] = json!(false);
        }
        let request = Request::new(Method::POST, format!("{base}/attributes/{kind}")).auth(Auth::Key).json(body);
        assert_status(send(world, request).await, 202);
        wait_available(world, &format!("{base}/attributes/{key}")).await;
    }
}

#[given(regex = r#"^"([^"]+)" has an? (key|unique|fulltext) index "([^"]+)" on "([^"]+)"$"#)]
async fn has_index(world: &mut ConformWorld, name: String, kind: String, key: String, attributes: String) {
    let base = collection_path(world, &name);
    let attributes: Vec<&str> = attributes.split(',').map(str::trim).collect();
    let body = json!({"key": key, "type": kind, "attributes": attributes});
    let request = Request::new(Method::POST, format!("{base}/indexes")).auth(Auth::Key).json(body);
    assert_status(send(world, request).await, 202);
    wait_available(world, &format!("{base}/indexes/{key}")).await;
}

#[then(regex = r#"^the (attribute|index) "([^"]+)" of "([^"]+)" becomes available$"#)]
async fn becomes_available(world: &mut ConformWorld, what: String, key: String, name: String) {
    let base = collection_path(world, &name);
    let plural = if what == "attribute" { "attributes" } else { "indexes" };
    wait_available(world, &format!("{base}/{plural}/{key}")).await;
}

/// A JSON array of documents, each with `$id`, optional `$permissions`, and attribute
/// values, created one by one with the server key (createDocument).
#[given(regex = r#"^"([^"]+)" has the documents:$"#)]
async fn has_documents(world: &mut ConformWorld, step: &Step, name: String) {
    let base = collection_path(world, &name);
    let Value::Array(items) = parse_json(world, docstring(step)) else { panic!("the documents must be a JSON array") };
    for mut item in items {
        let map = item.as_object_mut().expect("each document is a JSON object");
        let id = map.remove("$id").unwrap_or(json!("unique()"));
        let mut body = json!({"documentId": id});
        if let Some(perms) = map.remove("$permissions") {
            body["permissions"] = perms;
        }
        body["data"] = Value::Object(map.clone());
        let request = Request::new(Method::POST, format!("{base}/documents")).auth(Auth::Key).json(body);
        assert_status(send(world, request).await, 201);
    }
}

/// `count` copies of a document (IDs `<prefix>-1` …), for page-size and limit scenarios.
#[given(regex = r#"^"([^"]+)" has (\d+) documents like:$"#)]
async fn has_many_documents(world: &mut ConformWorld, step: &Step, name: String, count: usize) {
    let base = collection_path(world, &name);
    let data = parse_json(world, docstring(step));
    let documents: Vec<Value> = (1..=count)
        .map(|i| {
            let mut d = data.clone();
            d["$id"] = json!(format!("doc-{i}"));
            d
        })
        .collect();
    // Bulk create (createDocuments) keeps setup to a few requests.
    for chunk in documents.chunks(100) {
        let request = Request::new(Method::POST, format!("{base}/documents")).auth(Auth::Key).json(json!({"documents": chunk}));
        assert_status(send(world, request).await, 201);
    }
}

/// `count` copies of one query: for the per-request query limit.
#[when(regex = r"^(.+) sends GET (\S+) with (\d+) copies of the query:$")]
async fn sends_with_copies(world: &mut ConformWorld, step: &Step, who: String, path: String, count: usize) {
    let query = world.expand(docstring(step).trim());
    let request = with_queries(request_from(world, &who, "GET", &path, None), vec![query; count]);
    send(world, request).await;
}

/// An `equal` query on `attribute` with `count` distinct string values: for the
/// per-query value limit.
#[when(regex = r#"^(.+) sends GET (\S+) with an equal query on "([^"]+)" of (\d+) values$"#)]
async fn sends_with_many_values(world: &mut ConformWorld, who: String, path: String, attribute: String, count: usize) {
    let values: Vec<String> = (0..count).map(|i| format!("v{i}")).collect();
    let query = json!({"method": "equal", "attribute": attribute, "values": values}).to_string();
    let request = with_queries(request_from(world, &who, "GET", &path, None), vec![query]);
    send(world, request).await;
}

fn listed_ids(world: &ConformWorld) -> Vec<String> {
    let body = json_body(world.last());
    let docs = at_path(&body, "documents").and_then(Value::as_array).unwrap_or_else(|| wrong_answer!("no documents array in {body}"));
    docs.iter().map(|d| d["$id"].as_str().unwrap_or_else(|| wrong_answer!("a listed document has no $id: {d}")).to_string()).collect()
}

fn expected_ids(list: &str) -> Vec<String> {
    list.split(',').map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect()
}

#[then(regex = r#"^the response lists the documents "([^"]*)" in this order$"#)]
fn lists_in_order(world: &mut ConformWorld, ids: String) {
    assert_status(world.last(), 200);
    assert_eq!(listed_ids(world), expected_ids(&ids), "listed document IDs (in order)");
}

#[then(regex = r#"^the response lists the documents "([^"]*)" in any order$"#)]
fn lists_any_order(world: &mut ConformWorld, ids: String) {
    assert_status(world.last(), 200);
    let mut got = listed_ids(world);
    let mut want = expected_ids(&ids);
    got.sort();
    want.sort();
    assert_eq!(got, want, "listed document IDs (any order)");
}

#[then(regex = r"^the response lists (\d+) documents$")]
fn lists_count(world: &mut ConformWorld, count: usize) {
    assert_status(world.last(), 200);
    assert_eq!(listed_ids(world).len(), count, "number of listed documents");
}

/// Every listed document carries exactly the given attribute keys beside its system ones.
#[then(regex = r#"^every listed document has only the attributes "([^"]*)"$"#)]
fn only_attributes(world: &mut ConformWorld, keys: String) {
    let body = json_body(world.last());
    let mut want = expected_ids(&keys);
    want.sort();
    for doc in body["documents"].as_array().unwrap_or(&Vec::new()) {
        let mut got: Vec<String> = doc.as_object().map(|m| m.keys().filter(|k| !k.starts_with('$')).cloned().collect()).unwrap_or_default();
        got.sort();
        assert_eq!(got, want, "attributes of {doc}");
    }
}

/// A bulk body of `count` copies of one document (IDs `bulk-1` …): for the batch limit.
#[when(regex = r"^(.+) sends (POST|PUT) (\S+) with (\d+) documents like:$")]
async fn sends_many_documents(world: &mut ConformWorld, step: &Step, who: String, method: String, path: String, count: usize) {
    let data = parse_json(world, docstring(step));
    let documents: Vec<Value> = (1..=count)
        .map(|i| {
            let mut d = data.clone();
            d["$id"] = json!(format!("bulk-{i}"));
            d
        })
        .collect();
    let body = json!({"documents": documents}).to_string();
    let request = request_from(world, &who, &method, &path, Some(&body));
    send(world, request).await;
}
