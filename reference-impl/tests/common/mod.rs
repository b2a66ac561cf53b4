//! In-process test client for the reference server: builds `app` on a temporary data dir
//! and sends requests with `tower::ServiceExt::oneshot`.

#![allow(dead_code)] // each test binary uses a different subset of these helpers

use std::net::SocketAddr;
use std::path::Path;

use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode};
use axum::Router;
use conform_reference::{ApiKey, Config};
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

pub const PROJECT: &str = "testproject";
pub const KEY: &str = "test-key-secret";

pub fn config(dir: &Path, scale: f64) -> Config {
    Config {
        project_id: PROJECT.into(),
        api_keys: vec![ApiKey::all_scopes(KEY), ApiKey { secret: "read-only-key".into(), scopes: vec!["users.read".into()] }],
        data_dir: dir.to_path_buf(),
        listen: SocketAddr::from(([127, 0, 0, 1], 0)),
        rate_limit_window_scale: scale,
        platforms: conform_reference::config::default_platforms(),
        faults: Vec::new(),
    }
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub raw: Vec<u8>,
    pub body: Value,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// Asserts an Appwrite error body with this status and type.
    pub fn assert_error(&self, status: u16, kind: &str) {
        assert_eq!(self.status.as_u16(), status, "body: {}", self.body);
        assert_eq!(self.body["type"], kind, "body: {}", self.body);
        assert_eq!(self.body["code"], status, "code must be the integer status");
        assert_eq!(self.body["version"], "1.9.6");
        assert!(self.body["message"].as_str().is_some_and(|m| !m.is_empty()));
        assert!(self.header("content-type").is_some_and(|c| c.starts_with("application/json")));
    }

    /// The session token from `X-Fallback-Cookies`.
    pub fn fallback_token(&self) -> String {
        let map: Value = serde_json::from_str(self.header("x-fallback-cookies").unwrap_or("{}")).unwrap_or(Value::Null);
        map[format!("a_session_{PROJECT}")].as_str().unwrap_or_default().to_string()
    }

    /// `name=value` of the modern session cookie, ready for a `Cookie` header.
    pub fn session_cookie(&self) -> String {
        let prefix = format!("a_session_{PROJECT}=");
        self.headers
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|c| c.starts_with(&prefix))
            .and_then(|c| c.split(';').next())
            .unwrap_or_default()
            .to_string()
    }
}

pub struct Client {
    pub app: Router,
}

impl Client {
    pub async fn new(dir: &Path) -> Client {
        Client::with_scale(dir, 1.0).await
    }

    pub async fn with_scale(dir: &Path, scale: f64) -> Client {
        let app = conform_reference::app(config(dir, scale)).await.unwrap_or_else(|e| panic!("app: {e}"));
        Client { app }
    }

    /// Sends a request; `headers` are extra headers, the project header is added unless
    /// `headers` mentions `x-appwrite-project` (use an empty value to omit it).
    pub async fn send(&self, method: Method, uri: &str, headers: &[(&str, &str)], body: Option<&str>) -> Reply {
        let mut builder = Request::builder().method(method).uri(uri);
        if !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("x-appwrite-project")) {
            builder = builder.header("x-appwrite-project", PROJECT);
        }
        for (k, v) in headers {
            if !v.is_empty() {
                builder = builder.header(*k, *v);
            }
        }
        if body.is_some() {
            builder = builder.header("content-type", "application/json");
        }
        let request = builder.body(Body::from(body.unwrap_or("").to_string())).unwrap_or_else(|e| panic!("request: {e}"));
        self.dispatch(request).await
    }

    /// Sends a request with a body of any type (multipart uploads) and the server key.
    pub async fn key_bytes(&self, method: Method, uri: &str, headers: &[(&str, &str)], content_type: &str, body: Vec<u8>) -> Reply {
        let mut builder = Request::builder()
            .method(method)
            .uri(uri)
            .header("x-appwrite-project", PROJECT)
            .header("x-appwrite-key", KEY)
            .header("content-type", content_type);
        for (k, v) in headers {
            builder = builder.header(*k, *v);
        }
        let request = builder.body(Body::from(body)).unwrap_or_else(|e| panic!("request: {e}"));
        self.dispatch(request).await
    }

    async fn dispatch(&self, request: Request<Body>) -> Reply {
        let response = self.app.clone().oneshot(request).await.unwrap_or_else(|e| match e {});
        let status = response.status();
        let headers = response.headers().clone();
        let raw = response.into_body().collect().await.map(|b| b.to_bytes().to_vec()).unwrap_or_default();
        let body = serde_json::from_slice(&raw).unwrap_or(Value::Null);
        Reply { status, headers, raw, body }
    }

    pub async fn key(&self, method: Method, uri: &str, body: Option<&str>) -> Reply {
        self.send(method, uri, &[("x-appwrite-key", KEY)], body).await
    }

    /// Creates a user with the server key.
    pub async fn create_user(&self, id: &str, email: &str, password: &str) -> Reply {
        let body = serde_json::json!({"userId": id, "email": email, "password": password, "name": "Test"}).to_string();
        let reply = self.key(Method::POST, "/v1/users", Some(&body)).await;
        assert_eq!(reply.status, StatusCode::CREATED, "create user: {}", reply.body);
        reply
    }

    /// Logs in as a client (no key) and returns the reply.
    pub async fn login(&self, email: &str, password: &str) -> Reply {
        let body = serde_json::json!({"email": email, "password": password}).to_string();
        self.send(Method::POST, "/v1/account/sessions/email", &[], Some(&body)).await
    }
}

/// Asserts `value` has every key with the JSON type named (s=string, b=bool, a=array, o=object, n=number).
pub fn assert_shape(value: &Value, fields: &[(&str, char)]) {
    for (name, kind) in fields {
        let field = &value[*name];
        let ok = match kind {
            's' => field.is_string(),
            'b' => field.is_boolean(),
            'a' => field.is_array(),
            'o' => field.is_object(),
            'n' => field.is_number(),
            _ => false,
        };
        assert!(ok, "field `{name}` should be of kind {kind} in {value}");
    }
}

pub const USER_FIELDS: &[(&str, char)] = &[
    ("$id", 's'),
    ("$createdAt", 's'),
    ("$updatedAt", 's'),
    ("name", 's'),
    ("registration", 's'),
    ("status", 'b'),
    ("labels", 'a'),
    ("passwordUpdate", 's'),
    ("email", 's'),
    ("phone", 's'),
    ("emailVerification", 'b'),
    ("phoneVerification", 'b'),
    ("mfa", 'b'),
    ("prefs", 'o'),
    ("targets", 'a'),
    ("accessedAt", 's'),
];

pub const SESSION_FIELDS: &[(&str, char)] = &[
    ("$id", 's'),
    ("$createdAt", 's'),
    ("$updatedAt", 's'),
    ("userId", 's'),
    ("expire", 's'),
    ("provider", 's'),
    ("providerUid", 's'),
    ("providerAccessToken", 's'),
    ("providerAccessTokenExpiry", 's'),
    ("providerRefreshToken", 's'),
    ("ip", 's'),
    ("osCode", 's'),
    ("osName", 's'),
    ("osVersion", 's'),
    ("clientType", 's'),
    ("clientCode", 's'),
    ("clientName", 's'),
    ("clientVersion", 's'),
    ("clientEngine", 's'),
    ("clientEngineVersion", 's'),
    ("deviceName", 's'),
    ("deviceBrand", 's'),
    ("deviceModel", 's'),
    ("countryCode", 's'),
    ("countryName", 's'),
    ("current", 'b'),
    ("factors", 'a'),
    ("secret", 's'),
    ("mfaUpdatedAt", 's'),
];
