//! Step definitions, one file per area. Shared here: who a step speaks as, sending a
//! request and remembering its response, and checking a response against the contract.

mod databases;
mod http;
mod images;
mod principals;
mod rate_limit;
mod storage;
mod teams;
mod tokens;
mod wire;

use crate::client::{Auth, Body, Request, Response};
use crate::contract;
use crate::ledger::Resource;
use crate::world::ConformWorld;

/// Turns a principal phrase into credentials:
/// `the server`, `a guest`, `a read-only key`, `"alice"` (her session cookie),
/// `"alice" with a JWT`, `"alice" with the session header`, `"alice" with fallback cookies`,
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
    request.headers.extend(std::mem::take(&mut world.pending_headers));
    if let Some(project) = world.pending_project.take() {
        request.project = project;
    }
    if let Some(ip) = &world.client_address {
        request.headers.push(("x-forwarded-for".to_string(), ip.clone()));
    }
    let path = request.path.clone();
    let response = match world.client.send(request).await {
        Ok(response) => response,
        Err(e) => panic!("no response: {e}"),
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

/// Panics unless the response has `status` and agrees with the contract.
pub fn assert_status(response: &Response, status: u16) {
    let body = response.exchange.response_body.clone().unwrap_or_default();
    assert_eq!(
        response.status, status,
        "{} {} answered {} (expected {status}); body: {body}",
        response.exchange.method, response.exchange.url, response.status
    );
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

/// The parsed JSON body, or a panic that shows what came instead.
pub fn json_body(response: &Response) -> serde_json::Value {
    response.json().unwrap_or_else(|e| panic!("{} {}: {e}", response.exchange.method, response.exchange.url))
}
