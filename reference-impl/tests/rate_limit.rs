//! Documented abuse limits, with windows shortened by the scale setting.

mod common;

use axum::http::{Method, StatusCode};
use common::Client;
use serde_json::json;

#[tokio::test]
async fn account_creation_is_limited_per_ip_but_not_for_keys() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    // 3600 s × 0.0005 = 1.8 s windows
    let c = Client::with_scale(dir.path(), 0.0005).await;
    // Align to a fresh window so the burst below lands in one window.
    let window_ms = 1800u128;
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_millis()).unwrap_or(0);
    tokio::time::sleep(std::time::Duration::from_millis((window_ms - now % window_ms) as u64 + 20)).await;
    // As in Appwrite, the limit is checked before params are validated, so invalid
    // requests count too; they keep the burst fast (no password hashing).
    let invalid = Some("{}");
    for i in 0..10u32 {
        let reply = c.send(Method::POST, "/v1/account", &[], invalid).await;
        reply.assert_error(400, "general_argument_invalid");
        assert_eq!(reply.header("x-ratelimit-remaining"), Some((9 - i).to_string().as_str()));
    }
    let create = |i: u32| json!({"userId": format!("r{i}"), "email": format!("r{i}@example.com"), "password": "password123"}).to_string();
    let limited = c.send(Method::POST, "/v1/account", &[], Some(&create(10))).await;
    limited.assert_error(429, "general_rate_limit_exceeded");
    assert_eq!(limited.header("x-ratelimit-limit"), Some("10"));
    assert_eq!(limited.header("x-ratelimit-remaining"), Some("0"));
    assert!(limited.header("x-ratelimit-reset").and_then(|r| r.parse::<u64>().ok()).is_some());

    // API keys are never limited, but still see the headers.
    let keyed = c.key(Method::POST, "/v1/account", invalid).await;
    keyed.assert_error(400, "general_argument_invalid");
    assert_eq!(keyed.header("x-ratelimit-limit"), Some("10"));

    // Another client IP has its own counter.
    let other = c.send(Method::POST, "/v1/account", &[("x-forwarded-for", "10.9.8.7")], invalid).await;
    other.assert_error(400, "general_argument_invalid");

    // After the window the limit lifts.
    tokio::time::sleep(std::time::Duration::from_millis(1900)).await;
    let later = c.send(Method::POST, "/v1/account", &[], Some(&create(13))).await;
    assert_eq!(later.status, StatusCode::CREATED, "{}", later.body);
}

#[tokio::test]
async fn failed_logins_are_limited_per_email_and_reset_by_success() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let c = Client::new(dir.path()).await;
    c.create_user("victim", "victim@example.com", "password123").await;
    for _ in 0..9 {
        c.login("victim@example.com", "wrong-password").await.assert_error(401, "user_invalid_credentials");
    }
    // the tenth attempt succeeds and clears the counter
    let ok = c.login("victim@example.com", "password123").await;
    assert_eq!(ok.status, StatusCode::CREATED, "{}", ok.body);
    for _ in 0..10 {
        c.login("victim@example.com", "wrong-password").await.assert_error(401, "user_invalid_credentials");
    }
    c.login("victim@example.com", "password123").await.assert_error(429, "general_rate_limit_exceeded");
    // a different email is counted separately
    c.login("other@example.com", "wrong-password").await.assert_error(401, "user_invalid_credentials");
}
