//! File tokens: making one for a scenario, reading the claims of a token secret (a JWT,
//! decoded without its key: the suite checks what it says, the server checks the signature),
//! forging secrets, and times a token can expire at.

use super::{assert_status, json_body, send};
use crate::checks::{at_path, match_json};
use crate::client::{Auth, Body, Request};
use crate::failure::{assert, assert_eq, wrong_answer};
use crate::world::ConformWorld;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chrono::{DateTime, SecondsFormat, Utc};
use cucumber::gherkin::Step;
use cucumber::{given, then, when};
use serde_json::{Map, Value};
use std::time::Duration;

/// The longest a scenario waits for a time it remembered to pass.
const MAX_WAIT: Duration = Duration::from_secs(15);

#[given(regex = r#"^a token for "([^"]+)" in "([^"]+)" remembered as "([^"]+)"$"#)]
async fn token_for(world: &mut ConformWorld, file: String, bucket: String, name: String) {
    let path = world.expand(&format!("/tokens/buckets/{{{bucket}}}/files/{{{file}}}"));
    let mut request = Request::new(reqwest::Method::POST, path).auth(Auth::Key);
    request.body = Body::Json(Value::Object(Map::new()));
    let response = send(world, request).await;
    assert_status(response, 201);
    let body = json_body(response);
    let field = |key: &str| {
        body.get(key).and_then(Value::as_str).map(str::to_string).unwrap_or_else(|| wrong_answer!("the new token has no string {key:?}"))
    };
    let (id, secret) = (field("$id"), field("secret"));
    world.vars.insert(format!("{name}.secret"), secret);
    world.vars.insert(name, id);
}

fn seconds(amount: i64, unit: &str) -> i64 {
    match unit.trim_end_matches('s') {
        "second" => amount,
        "minute" => amount * 60,
        "hour" => amount * 3_600,
        "day" => amount * 86_400,
        other => panic!("unknown time unit {other:?}: use seconds, minutes, hours or days"),
    }
}

/// `{name}` becomes an ISO 8601 time (`…T…+00:00`, milliseconds) that far from now, or back
/// with `ago`; `the date …` keeps only the day (`2030-01-02`), as SDK users often send it.
#[given(regex = r#"^the (time|date) (\d+) (seconds?|minutes?|hours?|days?) (from now|ago) is remembered as "([^"]+)"$"#)]
fn time_remembered(world: &mut ConformWorld, kind: String, amount: i64, unit: String, direction: String, name: String) {
    let offset = chrono::Duration::seconds(seconds(amount, &unit));
    let at = if direction == "ago" { Utc::now() - offset } else { Utc::now() + offset };
    let text = match kind.as_str() {
        "date" => at.format("%Y-%m-%d").to_string(),
        _ => at.to_rfc3339_opts(SecondsFormat::Millis, false),
    };
    world.vars.insert(name, text);
}

#[when(regex = r#"^the time "([^"]+)" has passed$"#)]
async fn time_passes(world: &mut ConformWorld, name: String) {
    let text = world.vars.get(&name).cloned().unwrap_or_else(|| panic!("no time remembered as {name:?}"));
    let at = DateTime::parse_from_rfc3339(&text).unwrap_or_else(|e| panic!("{name:?} = {text:?} is not a time: {e}"));
    let left = (at.with_timezone(&Utc) - Utc::now()).to_std().unwrap_or_default();
    assert!(left <= MAX_WAIT, "{name:?} is {} s away; a scenario waits at most {} s", left.as_secs(), MAX_WAIT.as_secs());
    // A little past it, so a server comparing whole seconds sees it passed too.
    tokio::time::sleep(left + Duration::from_millis(1_100)).await;
}

/// The claims of a JWT, without checking its signature.
fn claims(jwt: &str) -> Result<Map<String, Value>, String> {
    let mut parts = jwt.split('.');
    let (Some(_), Some(payload), Some(_), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
        return Err("is not a JWT (three dot-separated parts)".into());
    };
    let bytes = URL_SAFE_NO_PAD.decode(payload).map_err(|e| format!("has a payload that is not base64url: {e}"))?;
    serde_json::from_slice(&bytes).map_err(|e| format!("has a payload that is not a JSON object: {e}"))
}

/// The response field at `path` read as a JWT, and its claims.
fn response_jwt(world: &ConformWorld, path: &str) -> Map<String, Value> {
    let body = json_body(world.last());
    let text = at_path(&body, path).and_then(Value::as_str).unwrap_or_else(|| wrong_answer!("the response has no string field {path:?}"));
    claims(text).unwrap_or_else(|e| wrong_answer!("the response field {path:?} {e}"))
}

#[then(regex = r#"^the response field "([^"]+)" is a JWT with the claims:$"#)]
fn jwt_claims(world: &mut ConformWorld, step: &Step, path: String) {
    let text = world.expand(step.docstring.as_deref().unwrap_or_else(|| panic!("this step needs a docstring of claims")));
    let expected: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("the expected claims do not parse ({e}):\n{text}"));
    let actual = Value::Object(response_jwt(world, &path));
    let mut problems = Vec::new();
    match_json(&expected, Some(&actual), "claims", &mut problems);
    assert!(problems.is_empty(), "the JWT in {path:?} has other claims:\n  {}\nclaims: {actual}", problems.join("\n  "));
}

#[then(regex = r#"^the response field "([^"]+)" is a JWT without the claim "([^"]+)"$"#)]
fn jwt_lacks(world: &mut ConformWorld, path: String, claim: String) {
    let actual = response_jwt(world, &path);
    assert!(!actual.contains_key(&claim), "the JWT in {path:?} has the claim {claim:?}: {}", Value::Object(actual.clone()));
}

/// A numeric date claim (`iat`, `exp`) and a datetime field of the same response name the
/// same second.
#[then(regex = r#"^the response field "([^"]+)" is a JWT whose "([^"]+)" is the time in the response field "([^"]+)"$"#)]
fn jwt_time(world: &mut ConformWorld, path: String, claim: String, field: String) {
    let actual = response_jwt(world, &path);
    let body = json_body(world.last());
    let text =
        at_path(&body, &field).and_then(Value::as_str).unwrap_or_else(|| wrong_answer!("the response has no string field {field:?}"));
    let expected = DateTime::parse_from_rfc3339(text)
        .unwrap_or_else(|e| wrong_answer!("the response field {field:?} = {text:?} is not a datetime: {e}"));
    let got =
        actual.get(&claim).and_then(Value::as_i64).unwrap_or_else(|| wrong_answer!("the JWT in {path:?} has no numeric {claim:?} claim"));
    assert_eq!(got, expected.timestamp(), "the JWT's {claim:?} is not the time of {field:?} ({text})");
}

/// A copy of a remembered secret whose signature no longer matches: the first signature
/// character changed, so the decoded bytes differ whatever the padding bits.
#[given(regex = r#"^"([^"]+)" is "([^"]+)" with its signature changed$"#)]
fn forged_signature(world: &mut ConformWorld, name: String, source: String) {
    let secret = remembered(world, &source);
    let (signed, signature) = secret.rsplit_once('.').unwrap_or_else(|| panic!("{source:?} is not a JWT"));
    let mut chars: Vec<char> = signature.chars().collect();
    let first = chars.first_mut().unwrap_or_else(|| panic!("{source:?} has an empty signature"));
    *first = if *first == 'A' { 'B' } else { 'A' };
    world.vars.insert(name, format!("{signed}.{}", chars.into_iter().collect::<String>()));
}

/// A copy of a remembered secret with one claim rewritten and the original signature kept:
/// what someone holding a token for one file would try for another.
#[given(regex = r#"^"([^"]+)" is "([^"]+)" with the claim "([^"]+)" set to "([^"]*)"$"#)]
fn forged_claim(world: &mut ConformWorld, name: String, source: String, claim: String, value: String) {
    let secret = remembered(world, &source);
    let value = world.expand(&value);
    let mut parts: Vec<String> = secret.split('.').map(str::to_string).collect();
    let mut payload = claims(&secret).unwrap_or_else(|e| panic!("{source:?} {e}"));
    payload.insert(claim, Value::String(value));
    parts[1] = URL_SAFE_NO_PAD.encode(Value::Object(payload).to_string());
    world.vars.insert(name, parts.join("."));
}

fn remembered(world: &ConformWorld, name: &str) -> String {
    world.vars.get(name).cloned().unwrap_or_else(|| panic!("nothing remembered as {name:?}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    // The tests' own asserts, not the answer checks the steps import.
    use std::{assert, assert_eq};

    #[test]
    fn reads_the_claims_of_a_jwt_and_refuses_what_is_not_one() {
        let payload = URL_SAFE_NO_PAD.encode(r#"{"tokenId":"t1","iat":5}"#);
        let parsed = claims(&format!("eyJhbGciOiJIUzI1NiJ9.{payload}.c2ln")).unwrap_or_default();
        assert_eq!(parsed.get("tokenId"), Some(&Value::from("t1")));
        assert!(claims("only.two").is_err());
        assert!(claims("a.!!!.c").is_err());
    }

    #[test]
    fn time_units() {
        assert_eq!(seconds(2, "days"), 172_800);
        assert_eq!(seconds(1, "minute"), 60);
    }
}
