//! REST conventions: error shape, unknown routes, the project header, CORS, bad input, scopes.

mod common;

use axum::http::{Method, StatusCode};
use common::{Client, KEY, PROJECT};

#[tokio::test]
async fn unknown_route_is_an_appwrite_404() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let c = Client::new(dir.path()).await;
    c.send(Method::GET, "/v1/nope", &[], None).await.assert_error(404, "general_route_not_found");
    // a known path with an unsupported method, and no project at all: still a route 404
    c.send(Method::PUT, "/v1/account", &[("x-appwrite-project", "")], None).await.assert_error(404, "general_route_not_found");
}

#[tokio::test]
async fn project_is_required_and_must_exist() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let c = Client::new(dir.path()).await;
    c.send(Method::GET, "/v1/users", &[("x-appwrite-project", ""), ("x-appwrite-key", KEY)], None)
        .await
        .assert_error(404, "project_not_found");
    c.send(Method::GET, "/v1/users", &[("x-appwrite-project", "other"), ("x-appwrite-key", KEY)], None)
        .await
        .assert_error(404, "project_not_found");
    let by_query =
        c.send(Method::GET, &format!("/v1/users?project={PROJECT}"), &[("x-appwrite-project", ""), ("x-appwrite-key", KEY)], None).await;
    assert_eq!(by_query.status, StatusCode::OK, "{}", by_query.body);
}

#[tokio::test]
async fn ping_and_version() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let c = Client::new(dir.path()).await;
    let ping = c.send(Method::GET, "/v1/ping", &[], None).await;
    assert_eq!(ping.status, StatusCode::OK);
    assert_eq!(ping.raw, b"Pong!");
    assert!(ping.header("content-type").is_some_and(|t| t.starts_with("text/plain")));
    c.send(Method::GET, "/v1/ping", &[("x-appwrite-project", "")], None).await.assert_error(404, "project_not_found");
    let version = c.send(Method::GET, "/v1/health/version", &[("x-appwrite-project", "")], None).await;
    assert_eq!(version.status, StatusCode::OK);
    assert_eq!(version.body["version"], "1.9.6");
}

#[tokio::test]
async fn cors_preflight_is_an_empty_204() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let c = Client::new(dir.path()).await;
    let reply = c.send(Method::OPTIONS, "/v1/account/sessions/email", &[("origin", "http://app.test")], None).await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT);
    assert!(reply.raw.is_empty());
    assert_eq!(reply.header("content-type"), Some("text/html"), "clients read a Content-Type on every response, a 204 too");
    assert_eq!(reply.header("access-control-allow-origin"), Some("http://app.test"));
    assert!(reply.header("access-control-allow-headers").is_some_and(|h| h.contains("X-Appwrite-Project") && h.contains("X-Appwrite-JWT")));
    // Appwrite 1.9.6 exposes the two session headers only (app/config/cors.php).
    assert_eq!(reply.header("access-control-expose-headers"), Some("X-Appwrite-Session, X-Fallback-Cookies"));
    let normal = c.send(Method::GET, "/v1/nope", &[], None).await;
    assert!(normal.header("access-control-expose-headers").is_some());
}

#[tokio::test]
async fn bad_input_is_a_400_argument_error() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let c = Client::new(dir.path()).await;
    let malformed = c.key(Method::POST, "/v1/users", Some("{\"userId\": ")).await;
    malformed.assert_error(400, "general_argument_invalid");
    let not_object = c.key(Method::POST, "/v1/users", Some("[1,2]")).await;
    not_object.assert_error(400, "general_argument_invalid");
    let missing = c.key(Method::POST, "/v1/users", Some("{}")).await;
    missing.assert_error(400, "general_argument_invalid");
    assert_eq!(missing.body["message"], "Param \"userId\" is not optional.");
    let bad_id = c.key(Method::POST, "/v1/users", Some(r#"{"userId": "_x"}"#)).await;
    bad_id.assert_error(400, "general_argument_invalid");
    assert!(bad_id.body["message"].as_str().is_some_and(|m| m.starts_with("Invalid `userId` param")));
    let long_id = c.key(Method::POST, "/v1/users", Some(&format!(r#"{{"userId": "{}"}}"#, "a".repeat(37)))).await;
    long_id.assert_error(400, "general_argument_invalid");
    let wrong_type = c.key(Method::POST, "/v1/users", Some(r#"{"userId": "u1", "name": 42}"#)).await;
    wrong_type.assert_error(400, "general_argument_invalid");
    let bad_email = c.key(Method::POST, "/v1/users", Some(r#"{"userId": "u1", "email": "not-an-email"}"#)).await;
    bad_email.assert_error(400, "general_argument_invalid");
    let short_password = c.key(Method::POST, "/v1/users", Some(r#"{"userId": "u1", "password": "short"}"#)).await;
    short_password.assert_error(400, "general_argument_invalid");
    let bad_total = c.key(Method::GET, "/v1/users?total=maybe", None).await;
    bad_total.assert_error(400, "general_argument_invalid");
    let bad_path = c.key(Method::GET, "/v1/users/%FF%FE", None).await;
    bad_path.assert_error(400, "general_argument_invalid");
}

#[tokio::test]
async fn keys_and_scopes() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let c = Client::new(dir.path()).await;
    // no credentials: guests lack users.read
    let guest = c.send(Method::GET, "/v1/users", &[], None).await;
    guest.assert_error(401, "general_unauthorized_scope");
    assert!(guest.body["message"].as_str().is_some_and(|m| m.contains("role: guests") && m.contains("users.read")));
    // a key the project does not know is refused, even where a guest would be served
    c.send(Method::GET, "/v1/users", &[("x-appwrite-key", "wrong")], None).await.assert_error(401, "user_unauthorized");
    c.send(Method::GET, "/v1/ping", &[("x-appwrite-key", "wrong")], None).await.assert_error(401, "user_unauthorized");
    // a key without the route's scope
    let read_only = [("x-appwrite-key", "read-only-key")];
    assert_eq!(c.send(Method::GET, "/v1/users", &read_only, None).await.status, StatusCode::OK);
    c.send(Method::POST, "/v1/users", &read_only, Some(r#"{"userId":"x"}"#)).await.assert_error(401, "general_unauthorized_scope");
    // keys cannot use the account of a user
    c.key(Method::GET, "/v1/account", None).await.assert_error(401, "general_unauthorized_scope");
}
