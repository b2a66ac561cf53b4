//! The generic request and response steps every feature reads with:
//! `When <who> sends <METHOD> <path> [with:]`, then status, error, body and header checks.

use super::{assert_status, json_body, request_from, send, with_queries};
use crate::checks::{at_path, match_json};
use crate::client::Body;
use crate::failure::{assert, assert_eq, wrong_answer};
use crate::world::ConformWorld;
use cucumber::gherkin::Step;
use cucumber::{given, then, when};

fn docstring(step: &Step) -> &str {
    step.docstring.as_deref().unwrap_or_else(|| panic!("step {:?} needs a \"\"\" docstring", step.value))
}

#[given(regex = r#"^the next request carries header "([^"]+): ([^"]*)"$"#)]
fn next_header(world: &mut ConformWorld, name: String, value: String) {
    let value = world.expand(&value);
    world.pending_headers.push((name, value));
}

#[given("the next request names no project")]
fn next_without_project(world: &mut ConformWorld) {
    world.pending_project = Some(None);
}

#[given(regex = r#"^the next request names the project "([^"]+)"$"#)]
fn next_with_project(world: &mut ConformWorld, project: String) {
    let project = world.expand(&project);
    world.pending_project = Some(Some(project));
}

/// A fresh run-prefixed ID kept under a name, so a scenario can check the server kept the
/// ID it was given (`{new-id}` makes a new one at every use).
#[given(regex = r#"^a new ID remembered as "([^"]+)"$"#)]
fn new_id_remembered(world: &mut ConformWorld, name: String) {
    let id = world.ctx.ids.next(&name);
    world.vars.insert(name, id);
}

/// A text kept as a JSON string literal (quotes and escapes included), for bodies that put
/// it inside a JSON document: `"permissions": [{bad}]`.
#[given(regex = r#"^the JSON string '([^']*)' remembered as "([^"]+)"$"#)]
fn json_string_remembered(world: &mut ConformWorld, text: String, name: String) {
    let text = world.expand(&text);
    world.vars.insert(name, serde_json::Value::String(text).to_string());
}

/// A JSON array of `count` distinct `read("user:…")` permissions, for the 100-item limit.
#[given(regex = r#"^(\d+) distinct read permissions remembered as "([^"]+)"$"#)]
fn many_permissions(world: &mut ConformWorld, count: usize, name: String) {
    let list: Vec<String> = (1..=count).map(|i| format!("read(\"user:p{i}\")")).collect();
    world.vars.insert(name, serde_json::Value::from(list).to_string());
}

#[when(regex = r"^(.+) sends (GET|POST|PUT|PATCH|DELETE|OPTIONS|HEAD) (\S+)$")]
async fn sends(world: &mut ConformWorld, who: String, method: String, path: String) {
    let request = request_from(world, &who, &method, &path, None);
    send(world, request).await;
}

#[when(regex = r"^(.+) sends (POST|PUT|PATCH|DELETE) (\S+) with:$")]
async fn sends_with(world: &mut ConformWorld, step: &Step, who: String, method: String, path: String) {
    let request = request_from(world, &who, &method, &path, Some(docstring(step)));
    send(world, request).await;
}

/// Sends the docstring byte for byte as `application/json`, valid or not.
#[when(regex = r"^(.+) sends (POST|PUT|PATCH|DELETE) (\S+) with the raw JSON body:$")]
async fn sends_raw(world: &mut ConformWorld, step: &Step, who: String, method: String, path: String) {
    let mut request = request_from(world, &who, &method, &path, None);
    request.body = Body::Raw { bytes: docstring(step).as_bytes().to_vec(), content_type: "application/json".into() };
    send(world, request).await;
}

#[then(regex = r"^the response status is (\d{3})$")]
fn status_is(world: &mut ConformWorld, status: u16) {
    assert_status(world.last(), status);
}

/// The error's HTTP status, its `type`, and the Appwrite error body shape together.
#[then(regex = r#"^the request fails with (\d{3}) "([a-z_]+)"$"#)]
fn fails_with(world: &mut ConformWorld, status: u16, error_type: String) {
    let response = world.last();
    assert_status(response, status);
    let body = json_body(response);
    assert_eq!(
        body.get("type").and_then(|t| t.as_str()),
        Some(error_type.as_str()),
        "{} {} answered {status} with the wrong error type; body: {body}",
        response.exchange.method,
        response.exchange.url
    );
}

#[then("the response body matches:")]
fn body_matches(world: &mut ConformWorld, step: &Step) {
    let text = world.expand(docstring(step));
    let expected: serde_json::Value =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("the expected JSON does not parse ({e}):\n{text}"));
    let response = world.last();
    let actual = json_body(response);
    let mut problems = Vec::new();
    match_json(&expected, Some(&actual), "$", &mut problems);
    assert!(
        problems.is_empty(),
        "{} {} body differs from the expected shape:\n  {}\nbody: {actual}",
        response.exchange.method,
        response.exchange.url,
        problems.join("\n  ")
    );
}

/// The expected value is JSON (string, number, array, object, true/false/null) or a `{…}`
/// placeholder, so the phrases `is remembered as …` and `is a datetime …` stay unambiguous.
#[then(regex = r#"^the response field "([^"]+)" is ((?:["\[{\d-]|true|false|null).*)$"#)]
fn field_is(world: &mut ConformWorld, path: String, expected: String) {
    let expected = world.expand(&expected);
    let expected: serde_json::Value =
        serde_json::from_str(&expected).unwrap_or_else(|e| panic!("expected value {expected:?} is not JSON: {e}"));
    let actual = json_body(world.last());
    let mut problems = Vec::new();
    match_json(&expected, at_path(&actual, &path), &format!("$.{path}"), &mut problems);
    assert!(problems.is_empty(), "{}\nbody: {actual}", problems.join("\n"));
}

#[then(regex = r#"^the response field "([^"]+)" is remembered as "([^"]+)"$"#)]
fn remember(world: &mut ConformWorld, path: String, name: String) {
    let body = json_body(world.last());
    let value = at_path(&body, &path).unwrap_or_else(|| wrong_answer!("no field {path:?} to remember in {body}"));
    let text = value.as_str().map(str::to_string).unwrap_or_else(|| value.to_string());
    world.vars.insert(name, text);
}

#[then(regex = r#"^the response header "([^"]+)" is "([^"]*)"$"#)]
fn header_is(world: &mut ConformWorld, name: String, expected: String) {
    let expected = world.expand(&expected);
    let response = world.last();
    assert_eq!(response.header(&name), Some(expected.as_str()), "header {name}; all headers: {:?}", response.exchange.response_headers);
}

#[then(regex = r#"^the response header "([^"]+)" contains "([^"]*)"$"#)]
fn header_contains(world: &mut ConformWorld, name: String, expected: String) {
    let expected = world.expand(&expected).to_lowercase();
    let response = world.last();
    let values = response.header_all(&name);
    assert!(values.iter().any(|v| v.to_lowercase().contains(&expected)), "header {name} should contain {expected:?}; got {values:?}");
}

#[then(regex = r#"^the response has no header "([^"]+)"$"#)]
fn header_absent(world: &mut ConformWorld, name: String) {
    let response = world.last();
    assert!(response.header_all(&name).is_empty(), "header {name} should be absent; got {:?}", response.header_all(&name));
}

#[then("the response has no JSON content type")]
fn not_json(world: &mut ConformWorld) {
    let response = world.last();
    let content_type = response.header("content-type").unwrap_or("");
    assert!(!content_type.contains("json"), "expected no JSON content type, got {content_type:?}");
}

#[then("the response body is empty")]
fn body_empty(world: &mut ConformWorld) {
    let response = world.last();
    assert!(response.body.is_empty(), "expected an empty body, got {} bytes: {:?}", response.body.len(), response.exchange.response_body);
}

#[then(regex = r#"^the response body is the text "([^"]*)"$"#)]
fn body_text(world: &mut ConformWorld, expected: String) {
    let response = world.last();
    assert_eq!(String::from_utf8_lossy(&response.body), expected);
}

#[then(regex = r#"^the response field "([^"]+)" is a datetime within (\d+) seconds of now$"#)]
fn datetime_near_now(world: &mut ConformWorld, path: String, seconds: i64) {
    let body = json_body(world.last());
    let value = at_path(&body, &path).and_then(|v| v.as_str()).unwrap_or_else(|| wrong_answer!("no string field {path:?} in {body}"));
    assert!(crate::checks::is_appwrite_datetime(value), "{path} = {value:?} is not an ISO-8601 datetime with milliseconds and offset");
    let at = chrono::DateTime::parse_from_rfc3339(value).expect("checked above");
    let drift = (chrono::Utc::now() - at.with_timezone(&chrono::Utc)).num_seconds().abs();
    assert!(drift <= seconds, "{path} = {value} is {drift} s from now (allowed {seconds} s)");
}

/// `GET` with queries, one JSON query per docstring line or table row (`{…}` expanded), sent
/// as `queries[0]=…&queries[1]=…` the way the official SDKs send them.
#[when(regex = r"^(.+) sends GET (\S+) with (?:the )?queries:$")]
async fn sends_with_queries(world: &mut ConformWorld, step: &Step, who: String, path: String) {
    let lines: Vec<String> = match (&step.docstring, &step.table) {
        (Some(text), _) => text.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect(),
        (None, Some(table)) => table.rows.iter().map(|row| row[0].trim().to_string()).collect(),
        (None, None) => panic!("step {:?} needs a docstring or a table with one query per line", step.value),
    };
    // Not checked as JSON: some scenarios send broken queries on purpose.
    let queries: Vec<String> = lines.iter().map(|line| world.expand(line)).collect();
    let request = with_queries(request_from(world, &who, "GET", &path, None), queries);
    send(world, request).await;
}

/// For outlines mixing successes and refusals: `200`, or `401 "user_unauthorized"`.
#[then(regex = r#"^the answer is (\d{3})(?: "([a-z_]+)")?$"#)]
fn answer_is(world: &mut ConformWorld, status: u16, error_type: String) {
    if error_type.is_empty() {
        assert_status(world.last(), status);
    } else {
        fails_with(world, status, error_type);
    }
}

/// Membership in an array field, order aside: `the response field "$permissions" contains "read(\"any\")"`;
/// or, for a text field, a part of the text: `the response field "message" contains "512 chars"`.
#[then(regex = r#"^the response field "([^"]+)" (contains|does not contain) (.+)$"#)]
fn field_contains(world: &mut ConformWorld, path: String, verb: String, expected: String) {
    let expected = world.expand(&expected);
    let expected: serde_json::Value =
        serde_json::from_str(&expected).unwrap_or_else(|e| panic!("expected value {expected:?} is not JSON: {e}"));
    let actual = json_body(world.last());
    let field = at_path(&actual, &path);
    let found = match (field, &expected) {
        (Some(serde_json::Value::Array(items)), _) => items.contains(&expected),
        (Some(serde_json::Value::String(text)), serde_json::Value::String(part)) => text.contains(part.as_str()),
        _ => wrong_answer!("{path} is neither an array nor a text in {actual}"),
    };
    let shown = field.map(ToString::to_string).unwrap_or_default();
    assert_eq!(found, verb == "contains", "{path} = {shown} should {verb} {expected}");
}

/// `X-Fallback-Cookies` on a sign-in: a JSON object with one key, the session cookie's name,
/// whose value is the very token the `a_session_<project>` cookie carries. Never prints the
/// token (it is a secret): only the keys and whether the values agree.
#[then("the response header \"X-Fallback-Cookies\" holds the session cookie")]
fn fallback_holds_cookie(world: &mut ConformWorld) {
    let cookie_name = format!("a_session_{}", world.ctx.client.project);
    let response = world.last();
    let value = response.header("x-fallback-cookies").unwrap_or_else(|| wrong_answer!("no X-Fallback-Cookies header"));
    let map: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(value).unwrap_or_else(|_| wrong_answer!("X-Fallback-Cookies is not a JSON object"));
    let keys: Vec<&String> = map.keys().collect();
    assert_eq!(keys, vec![&cookie_name], "X-Fallback-Cookies should name exactly the session cookie");
    let token = map[&cookie_name].as_str().filter(|t| !t.is_empty()).unwrap_or_else(|| wrong_answer!("X-Fallback-Cookies holds no token"));
    let prefix = format!("{cookie_name}=");
    let cookie = response
        .header_all("set-cookie")
        .iter()
        .find_map(|c| c.strip_prefix(&prefix).map(|rest| percent_decode(rest.split(';').next().unwrap_or(""))))
        .unwrap_or_else(|| wrong_answer!("no {cookie_name} cookie beside X-Fallback-Cookies"));
    assert!(cookie == token, "X-Fallback-Cookies and the {cookie_name} cookie carry different tokens");
}

/// `%XX` sequences decoded (cookie values are URL-encoded on the way out).
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = (bytes[i] == b'%').then(|| text.get(i + 1..i + 3)).flatten().and_then(|h| u8::from_str_radix(h, 16).ok());
        match hex {
            Some(byte) => {
                out.push(byte);
                i += 3;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A part of an error's `message`, quoted with single quotes so it may hold double ones.
#[then(regex = r#"^the error message contains '([^']*)'$"#)]
fn error_message_contains(world: &mut ConformWorld, part: String) {
    let part = world.expand(&part);
    let body = json_body(world.last());
    let message = body.get("message").and_then(|m| m.as_str()).unwrap_or_else(|| wrong_answer!("no message in {body}"));
    assert!(message.contains(&part), "the error message should contain {part:?}; it is {message:?}");
}

/// For values with double quotes in them: `the response header "Content-Disposition" is 'inline; filename="a.png"'`.
#[then(regex = r#"^the response header "([^"]+)" is '([^']*)'$"#)]
fn header_is_single_quoted(world: &mut ConformWorld, name: String, expected: String) {
    header_is(world, name, expected);
}

/// For effects Appwrite applies in a worker after answering (a deleted user's memberships):
/// repeats the GET until the field has the value, failing on the last answer after
/// `--settle-within` (30 s by default).
#[when(regex = r#"^(.+) sends GET (\S+) until the response field "([^"]+)" is (.+)$"#)]
async fn sends_until(world: &mut ConformWorld, who: String, path: String, field: String, expected: String) {
    let started = std::time::Instant::now();
    loop {
        let request = request_from(world, &who, "GET", &path, None);
        send(world, request).await;
        let done = world.last().status == 200 && {
            let expected: serde_json::Value =
                serde_json::from_str(&world.expand(&expected)).unwrap_or_else(|e| panic!("expected value {expected:?} is not JSON: {e}"));
            let actual = json_body(world.last());
            let mut problems = Vec::new();
            match_json(&expected, at_path(&actual, &field), &format!("$.{field}"), &mut problems);
            problems.is_empty()
        };
        if done || started.elapsed() >= world.ctx.settle_within {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(250)).await;
    }
}
