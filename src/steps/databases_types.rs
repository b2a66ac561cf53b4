//! Steps for the sized text types: documents holding values of a chosen length (tens of
//! kilobytes, too long to write out in a feature file) and checks on what came back.

use super::databases::collection_path;
use super::{json_body, send};
use crate::checks::at_path;
use crate::client::{Auth, Request};
use crate::failure::{assert, assert_eq, wrong_answer};
use crate::world::ConformWorld;
use cucumber::{then, when};
use reqwest::Method;
use serde_json::json;

/// Creates the document with the server key; the value is `length` characters cycling
/// through the alphabet (so a server keeping only a prefix or a suffix is caught too).
#[when(regex = r#"^the server creates the document "([^"]+)" in "([^"]+)" whose "([^"]+)" is (\d+) characters long$"#)]
async fn create_long(world: &mut ConformWorld, id: String, name: String, key: String, length: usize) {
    let base = collection_path(world, &name);
    let value: String = (0..length).map(|i| char::from(b'a' + (i % 26) as u8)).collect();
    let body = json!({"documentId": id, "data": {key: value}});
    send(world, Request::new(Method::POST, format!("{base}/documents")).auth(Auth::Key).json(body)).await;
}

#[then(regex = r#"^the response field "([^"]+)" is a string of (\d+) characters$"#)]
fn string_of_length(world: &mut ConformWorld, path: String, length: usize) {
    let body = json_body(world.last());
    let value = at_path(&body, &path).and_then(|v| v.as_str()).unwrap_or_else(|| wrong_answer!("no string field {path:?} in the response"));
    assert_eq!(value.chars().count(), length, "characters in {path}");
    let expected: String = (0..length).map(|i| char::from(b'a' + (i % 26) as u8)).collect();
    assert!(value == expected, "{path} holds {length} characters, but not the ones sent");
}

#[then(regex = r#"^the response field "([^"]+)" has no field "([^"]+)"$"#)]
fn has_no_field(world: &mut ConformWorld, path: String, field: String) {
    let body = json_body(world.last());
    let object = at_path(&body, &path).and_then(|v| v.as_object()).unwrap_or_else(|| wrong_answer!("no object {path:?} in {body}"));
    assert!(!object.contains_key(&field), "{path} has a field {field:?} it should not have: {}", json!(object));
}
