//! Step definitions, one file per area. Shared here: who a step speaks as, sending a
//! request and remembering its response, and checking a response against the contract.

mod databases;
mod databases_transactions;
mod databases_types;
mod http;
mod images;
mod principals;
mod rate_limit;
mod storage;
mod teams;
mod tokens;
mod users;
mod wire;

use crate::client::{Auth, Body, Request, Response};
use crate::contract;
use crate::failure::{assert, fail, FailureKind};
use crate::ledger::Resource;
use crate::world::ConformWorld;

/// Turns a principal phrase into credentials:
/// `the server`, `a guest`, `a read-only key`, `"alice"` (her session cookie),
/// `"alice" with a JWT`, `"alice" with the session header`, `"alice" with fallback cookies`,
/// `"alice" with a JWT and the session cookie`, `"alice" with the legacy cookie only`,
/// `the server with "alice"'s session`.
pub fn principal(world: &ConformWorld, phrase: &str) -> Auth {
    let phrase = phrase.trim();
    match phrase {
        "the server" => return Auth::Key,
        "a guest" => return Auth::Guest,
        "a read-only key" => {
            let key =
                world.ctx.read_only_key.clone().unwrap_or_else(|| {
                    panic!("this target has no read-only key: pass --read-only-key (scenario needs @needs:read-only-key)")
                });
            return Auth::KeySecret(key);
        }
        _ => {}
    }
    if let Some(rest) = phrase.strip_prefix("the server with ") {
        let name = quoted(rest).unwrap_or_else(|| panic!("cannot read a user name in {phrase:?}"));
        return Auth::KeyAndSession(session_cookie(world, &name));
    }
    let name = quoted(phrase)
        .unwrap_or_else(|| panic!("unknown principal {phrase:?}: use the server, a guest, a read-only key, or a quoted user name"));
    let user = world.user(&name);
    let how = phrase.rsplit('"').next().unwrap_or("").trim();
    match how {
        "" => Auth::SessionCookie(session_cookie(world, &name)),
        "with a JWT" => Auth::Jwt(user.jwt.clone().unwrap_or_else(|| panic!("{name:?} has no JWT yet: add Given {name:?} has a JWT"))),
        "with the session header" => Auth::SessionHeader(
            user.session_secret.clone().unwrap_or_else(|| panic!("{name:?} has no session secret: sign in through the server first")),
        ),
        "with a JWT and the session cookie" => Auth::JwtAndSession(
            user.jwt.clone().unwrap_or_else(|| panic!("{name:?} has no JWT yet: add Given {name:?} has a JWT")),
            session_cookie(world, &name),
        ),
        "with the legacy cookie only" => Auth::LegacyCookie(session_cookie(world, &name)),
        "with fallback cookies" => Auth::FallbackCookies(
            user.fallback_cookies.clone().unwrap_or_else(|| panic!("{name:?} received no X-Fallback-Cookies header at sign-in")),
        ),
        other => panic!("unknown way to speak as {name:?}: {other:?}"),
    }
}

fn session_cookie(world: &ConformWorld, name: &str) -> String {
    world.user(name).session_cookie.clone().unwrap_or_else(|| panic!("{name:?} is not signed in: add Given {name:?} is signed in"))
}

/// The first `"…"`-quoted text of a phrase.
fn quoted(text: &str) -> Option<String> {
    let start = text.find('"')? + 1;
    let len = text[start..].find('"')?;
    Some(text[start..start + len].to_string())
}

/// Sends a request, keeps the response as the scenario's last one, and panics with the
/// evidence if no response came (a dead or hanging target fails the step, not the run).
pub async fn send(world: &mut ConformWorld, request: Request) -> &Response {
    let response = dispatch(world, request).await;
    world.last = Some(response);
    world.last()
}

/// Sends a request with the scenario's pending headers and client address, records what it
/// created in the ledger, and returns the response.
pub async fn dispatch(world: &mut ConformWorld, mut request: Request) -> Response {
    prepare(world, std::slice::from_mut(&mut request));
    let path = request.path.clone();
    let response = match world.client.send(request).await {
        Ok(response) => response,
        Err(e) => fail(e.kind, format!("no response: {e}")),
    };
    if (200..300).contains(&response.status) {
        if let (Some(op), Ok(body)) = (&response.exchange.operation, response.json()) {
            if let Some(resource) = Resource::created_by(op, &path, &body) {
                world.ledger.record(resource);
            }
        }
    }
    // After the ledger, so what a faulty answer created is still cleaned up.
    assert_wire_habits(&response);
    response
}

/// Gives `requests`, the requests of one step, the scenario's pending headers and project
/// (then forgotten: they are for the next step's requests only) and its client address.
pub fn prepare(world: &mut ConformWorld, requests: &mut [Request]) {
    let headers = std::mem::take(&mut world.pending_headers);
    let project = world.pending_project.take();
    for request in requests {
        request.headers.extend(headers.iter().cloned());
        if let Some(project) = &project {
            request.project = project.clone();
        }
        request.headers.push(("x-forwarded-for".to_string(), world.client_address.clone()));
    }
}

/// Panics unless the response keeps what the official SDKs rely on (see
/// [`crate::client::wire_checks`]); every request a step sends goes through this.
pub fn assert_wire_habits(response: &Response) {
    let broken = crate::client::wire_checks::violations(response);
    assert!(
        broken.is_empty(),
        "{} {} answered {}, breaking what the official SDKs rely on:\n  {}",
        response.exchange.method,
        response.exchange.url,
        response.status,
        broken.join("\n  ")
    );
}

/// Builds a request from a step's method, path and optional JSON docstring, expanding `{…}`.
pub fn request_from(world: &mut ConformWorld, who: &str, method: &str, path: &str, body: Option<&str>) -> Request {
    let auth = principal(world, who);
    let path = world.expand(path);
    let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap_or_else(|_| panic!("bad HTTP method {method:?}"));
    let mut request = Request::new(method, path).auth(auth);
    if let Some(text) = body {
        let text = world.expand(text);
        let json: serde_json::Value =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("the step's JSON body does not parse ({e}):\n{text}"));
        request.body = Body::Json(json);
    }
    request
}

/// Adds `queries` as `queries[0]=…&queries[1]=…`, the way the official SDKs send them.
pub fn with_queries(mut request: Request, queries: Vec<String>) -> Request {
    for (i, query) in queries.into_iter().enumerate() {
        request = request.query(&format!("queries[{i}]"), query);
    }
    request
}

/// Everything the contract says about this response: model on success, error shape on failure.
pub fn contract_violations(response: &Response) -> Vec<String> {
    let content_type = response.header("content-type");
    let op = response.exchange.operation.as_deref().and_then(|id| contract::contract().operation(id));
    let violations = match op {
        Some(op) => contract::check_response(op, response.status, content_type, &response.body),
        None if response.status >= 400 => match serde_json::from_slice(&response.body) {
            Ok(body) => contract::check_error_body(response.status, &body),
            Err(_) => return vec![format!("error response is not JSON: {}", response.exchange.response_body.clone().unwrap_or_default())],
        },
        None => Vec::new(),
    };
    violations.into_iter().map(|v| v.to_string()).collect()
}

/// Fails the step unless the response has `status` and agrees with the contract. A 429
/// `general_rate_limit_exceeded` where another status was expected is a spent budget, not a
/// wrong answer, and says so (kind rate_limited; the collector keeps it an assertion in
/// scenarios tagged `@rate-limit`, whose subject it is).
pub fn assert_status(response: &Response, status: u16) {
    let body = response.exchange.response_body.clone().unwrap_or_default();
    if response.status != status {
        let wrong = format!(
            "{} {} answered {} (expected {status}); body: {body}",
            response.exchange.method, response.exchange.url, response.status
        );
        match rate_limit_exhausted(response) {
            Some(budget) => fail(FailureKind::RateLimited, format!("{budget}\n{wrong}")),
            None => fail(FailureKind::Assertion, wrong),
        }
    }
    let violations = contract_violations(response);
    assert!(
        violations.is_empty(),
        "{} {} answered {status} as expected, but the response breaks the contract of {}:\n  {}",
        response.exchange.method,
        response.exchange.url,
        response.exchange.operation.as_deref().unwrap_or("its route"),
        violations.join("\n  ")
    );
}

/// "rate-limit budget exhausted on POST /v1/account/sessions/email; resets at …" when the
/// response is Appwrite's 429 `general_rate_limit_exceeded`.
pub fn rate_limit_exhausted(response: &Response) -> Option<String> {
    let body: serde_json::Value = response.json().ok()?;
    if response.status != 429 || body["type"] != "general_rate_limit_exceeded" {
        return None;
    }
    let op = response.exchange.operation.as_deref().and_then(|id| contract::contract().operation(id));
    let route = match op {
        Some(op) => format!("{} /v1{}", op.http_method.to_uppercase(), op.path),
        None => format!("{} {}", response.exchange.method, response.exchange.url.split('?').next().unwrap_or_default()),
    };
    let reset = response.header("x-ratelimit-reset");
    let resets = match reset.and_then(|r| r.trim().parse::<i64>().ok()).and_then(|s| chrono::DateTime::from_timestamp(s, 0)) {
        Some(at) => at.format("%Y-%m-%d %H:%M:%S UTC").to_string(),
        None => format!("an unknown time (X-RateLimit-Reset: {})", reset.unwrap_or("absent")),
    };
    Some(format!(
        "rate-limit budget exhausted on {route}; resets at {resets} (the scenario is not about rate limits: give it a budget of its \
         own, or wait for the reset)"
    ))
}

/// The parsed JSON body, or a failure that shows what came instead.
pub fn json_body(response: &Response) -> serde_json::Value {
    response.json().unwrap_or_else(|e| fail(FailureKind::Assertion, format!("{} {}: {e}", response.exchange.method, response.exchange.url)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exchange::Exchange;
    use crate::failure::{classify, StepFailure};
    use std::assert; // the tests' own, not the answer check the steps import

    fn answered(status: u16, body: &str, reset: Option<&str>) -> Response {
        let mut headers = reqwest::header::HeaderMap::new();
        if let Some(reset) = reset {
            headers.insert("x-ratelimit-reset", reset.parse().expect("header value"));
        }
        let exchange = Exchange {
            method: "POST".into(),
            url: "http://127.0.0.1:1/v1/account/sessions/email".into(),
            operation: Some("account.createEmailPasswordSession".into()),
            status: Some(status),
            response_body: Some(body.into()),
            ..Exchange::default()
        };
        Response { status, headers, body: body.as_bytes().to_vec(), exchange }
    }

    fn failure_of(response: &Response, expected: u16) -> StepFailure {
        let payload = std::panic::catch_unwind(|| assert_status(response, expected)).expect_err("the status check should fail");
        let (kind, message) = classify(&*payload);
        StepFailure { kind, message }
    }

    #[test]
    fn a_spent_rate_limit_budget_is_reported_as_such_with_route_and_reset_time() {
        crate::failure::install_panic_hook();
        let limited = answered(
            429,
            r#"{"message":"Rate limit","code":429,"type":"general_rate_limit_exceeded","version":"1.9.0"}"#,
            Some("1764748800"),
        );
        let failure = failure_of(&limited, 400);
        assert_eq!(failure.kind, FailureKind::RateLimited, "POST sign-in answered 429 where 400 was expected: {failure:?}");
        let first = failure.message.lines().next().unwrap_or_default();
        assert!(
            first.starts_with("rate-limit budget exhausted on POST /v1/account/sessions/email; resets at 2025-12-03 08:00:00 UTC"),
            "first line: {first:?}"
        );
        assert!(failure.message.contains("answered 429 (expected 400)"), "the wrong status is still shown: {:?}", failure.message);
    }

    #[test]
    fn any_other_wrong_status_is_an_assertion() {
        crate::failure::install_panic_hook();
        let other_429 = answered(429, r#"{"message":"x","code":429,"type":"user_blocked","version":"1.9.0"}"#, None);
        assert_eq!(failure_of(&other_429, 200).kind, FailureKind::Assertion, "a 429 of another type is a wrong answer");
        let not_found = answered(404, r#"{"message":"x","code":404,"type":"user_not_found","version":"1.9.0"}"#, None);
        let failure = failure_of(&not_found, 201);
        assert_eq!(failure.kind, FailureKind::Assertion);
        assert!(
            failure.message.starts_with("POST http://127.0.0.1:1/v1/account/sessions/email answered 404 (expected 201)"),
            "{failure:?}"
        );
    }
}
