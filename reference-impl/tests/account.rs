//! The account flow: sign-up, sessions (cookie, fallback header, session header), JWTs.

mod common;

use axum::http::{Method, StatusCode};
use common::{assert_shape, Client, KEY, SESSION_FIELDS, USER_FIELDS};
use serde_json::json;

#[tokio::test]
async fn sign_up_log_in_and_out() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let c = Client::new(dir.path()).await;

    let body = json!({"userId": "alice", "email": "Alice@Example.com", "password": "password123", "name": "Alice"}).to_string();
    let created = c.send(Method::POST, "/v1/account", &[], Some(&body)).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    assert_shape(&created.body, USER_FIELDS);
    assert_eq!(created.body["email"], "alice@example.com");
    assert!(created.body.get("password").is_none(), "the account model hides the hash");
    assert_eq!(created.body["targets"][0]["identifier"], "alice@example.com");
    assert!(created.body["$createdAt"].as_str().is_some_and(|t| t.ends_with("+00:00") && t.len() == 29));
    let rl_remaining = created.header("x-ratelimit-remaining").map(str::to_string);
    assert_eq!(created.header("x-ratelimit-limit"), Some("10"));
    assert_eq!(rl_remaining.as_deref(), Some("9"));

    let again = json!({"userId": "alice2", "email": "alice@example.com", "password": "password123"}).to_string();
    c.send(Method::POST, "/v1/account", &[], Some(&again)).await.assert_error(409, "user_already_exists");

    c.login("alice@example.com", "wrong-password").await.assert_error(401, "user_invalid_credentials");
    c.login("nobody@example.com", "password123").await.assert_error(401, "user_invalid_credentials");

    let login = c.login("ALICE@example.com", "password123").await;
    assert_eq!(login.status, StatusCode::CREATED, "{}", login.body);
    assert_shape(&login.body, SESSION_FIELDS);
    assert_eq!(login.body["secret"], "", "clients never see the secret");
    assert_eq!(login.body["current"], true);
    let cookie = login.session_cookie();
    assert!(cookie.len() > "a_session_testproject=".len());
    assert_eq!(login.headers.get_all("set-cookie").iter().count(), 2, "modern and legacy cookies");
    let token = login.fallback_token();
    assert!(!token.is_empty());

    let me = c.send(Method::GET, "/v1/account", &[("cookie", &cookie)], None).await;
    assert_eq!(me.status, StatusCode::OK, "{}", me.body);
    assert_eq!(me.body["$id"], "alice");
    let fallback = json!({"a_session_testproject": token}).to_string();
    let via_fallback = c.send(Method::GET, "/v1/account", &[("x-fallback-cookies", &fallback)], None).await;
    assert_eq!(via_fallback.status, StatusCode::OK);

    c.send(
        Method::POST,
        "/v1/account/sessions/email",
        &[("cookie", &cookie)],
        Some(r#"{"email":"alice@example.com","password":"password123"}"#),
    )
    .await
    .assert_error(401, "user_session_already_exists");
    // a key beside a session wins: the request is the key's
    let both = [("cookie", cookie.as_str()), ("x-appwrite-key", KEY)];
    assert_eq!(c.send(Method::GET, "/v1/users", &both, None).await.status, StatusCode::OK);
    c.send(Method::GET, "/v1/account", &both, None).await.assert_error(401, "general_unauthorized_scope");

    let second = c.login("alice@example.com", "password123").await;
    let list = c.send(Method::GET, "/v1/account/sessions", &[("cookie", &cookie)], None).await;
    assert_eq!(list.status, StatusCode::OK);
    assert_eq!(list.body["total"], 2);
    let current: Vec<bool> = list.body["sessions"].as_array().map(|s| s.iter().map(|x| x["current"] == true).collect()).unwrap_or_default();
    assert_eq!(current, vec![true, false]);

    let this = c.send(Method::GET, "/v1/account/sessions/current", &[("cookie", &cookie)], None).await;
    assert_eq!(this.body["$id"], login.body["$id"]);
    let other_id = second.body["$id"].as_str().unwrap_or_default().to_string();
    let other = c.send(Method::GET, &format!("/v1/account/sessions/{other_id}"), &[("cookie", &cookie)], None).await;
    assert_eq!(other.body["current"], false);
    c.send(Method::GET, "/v1/account/sessions/nope", &[("cookie", &cookie)], None).await.assert_error(404, "user_session_not_found");

    let deleted = c.send(Method::DELETE, &format!("/v1/account/sessions/{other_id}"), &[("cookie", &cookie)], None).await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
    let logout = c.send(Method::DELETE, "/v1/account/sessions/current", &[("cookie", &cookie)], None).await;
    assert_eq!(logout.status, StatusCode::NO_CONTENT);
    assert!(logout.raw.is_empty() && logout.header("content-type") == Some("text/html"), "a 204 is empty and labelled, never as JSON");
    assert!(logout.header("x-ratelimit-limit") == Some("100"));
    assert!(logout.headers.get_all("set-cookie").iter().any(|c| c.to_str().is_ok_and(|c| c.contains("1970"))));
    c.send(Method::GET, "/v1/account", &[("cookie", &cookie)], None).await.assert_error(401, "general_unauthorized_scope");
}

#[tokio::test]
async fn jwts_and_server_side_sessions() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let c = Client::new(dir.path()).await;
    c.create_user("bob", "bob@example.com", "password123").await;

    // A key caller gets the session secret and can act with it via X-Appwrite-Session.
    let login = c.key(Method::POST, "/v1/account/sessions/email", Some(r#"{"email":"bob@example.com","password":"password123"}"#)).await;
    assert_eq!(login.status, StatusCode::CREATED, "{}", login.body);
    let secret = login.body["secret"].as_str().unwrap_or_default().to_string();
    assert!(!secret.is_empty());
    let session = [("x-appwrite-session", secret.as_str())];
    assert_eq!(c.send(Method::GET, "/v1/account", &session, None).await.body["$id"], "bob");

    let jwt = c.send(Method::POST, "/v1/account/jwts", &session, Some(r#"{"duration": 60}"#)).await;
    assert_eq!(jwt.status, StatusCode::CREATED, "{}", jwt.body);
    let token = jwt.body["jwt"].as_str().unwrap_or_default().to_string();
    assert_eq!(jwt.header("x-ratelimit-limit"), Some("120"));
    let me = c.send(Method::GET, "/v1/account", &[("x-appwrite-jwt", &token)], None).await;
    assert_eq!(me.body["$id"], "bob");
    c.send(Method::GET, "/v1/account", &[("x-appwrite-jwt", "abc.def.ghi")], None).await.assert_error(401, "user_jwt_invalid");
    c.send(Method::GET, "/v1/account", &[("x-appwrite-jwt", &token), ("x-appwrite-session", &secret)], None)
        .await
        .assert_error(403, "user_jwt_and_cookie_set");
    c.send(Method::POST, "/v1/account/jwts", &session, Some(r#"{"duration": 3601}"#)).await.assert_error(400, "general_argument_invalid");

    // Deleting every session ends the JWT too.
    assert_eq!(c.send(Method::DELETE, "/v1/account/sessions", &session, None).await.status, StatusCode::NO_CONTENT);
    c.send(Method::GET, "/v1/account", &[("x-appwrite-jwt", &token)], None).await.assert_error(401, "general_unauthorized_scope");
}
