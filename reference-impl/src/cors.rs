//! What Appwrite 1.9.6's first API hook does for every request (`app/controllers/general.php`,
//! "Security headers"; `app/config/cors.php`; `app/init/resources/request.php`
//! `allowedHostnames`): CORS headers, `Server: Appwrite` and `X-Content-Type-Options: nosniff`
//! on every answer, and the refusal of a client request (one without `X-Appwrite-Key`) whose
//! `Origin` is not a registered platform. Preflights (`OPTIONS` on any path) get 204 and
//! their origin echoed, whatever it is.

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::catalogue;
use crate::error::ApiError;
use crate::state::AppState;

const ALLOW_METHODS: &str = "GET, POST, PUT, PATCH, DELETE";

const ALLOW_HEADERS: &str = "Accept, Origin, Cookie, Set-Cookie, Content-Type, Content-Range, \
    X-Appwrite-Project, X-Appwrite-Key, X-Appwrite-Dev-Key, X-Appwrite-Locale, X-Appwrite-Mode, \
    X-Appwrite-JWT, X-Appwrite-Organization, X-Appwrite-Response-Format, X-Appwrite-Timeout, \
    X-Appwrite-ID, X-Appwrite-Timestamp, X-Appwrite-Session, X-Appwrite-Platform, \
    X-Appwrite-Impersonate-User-Id, X-Appwrite-Impersonate-User-Email, \
    X-Appwrite-Impersonate-User-Phone, X-SDK-Version, X-SDK-Name, X-SDK-Language, \
    X-SDK-Platform, X-SDK-GraphQL, X-SDK-Profile, Range, Cache-Control, Expires, Pragma, \
    X-Fallback-Cookies, X-Requested-With, X-Forwarded-For, X-Forwarded-User-Agent";

/// The only headers a browser script may read besides the CORS-safelisted ones.
const EXPOSE_HEADERS: &str = "X-Appwrite-Session, X-Fallback-Cookies";

fn text<'a>(headers: &'a HeaderMap, name: &str) -> &'a str {
    headers.get(name).and_then(|v| v.to_str().ok()).map(str::trim).unwrap_or("")
}

/// The CORS headers for `origin`: the fixed lists always, `Access-Control-Allow-Origin`
/// (the origin, lowercased; never `*`) only when its host is allowed.
fn add_cors(headers: &mut HeaderMap, origin: &str, allowed_hosts: &[String]) {
    headers.insert(header::ACCESS_CONTROL_ALLOW_METHODS, HeaderValue::from_static(ALLOW_METHODS));
    headers.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, HeaderValue::from_static(ALLOW_HEADERS));
    headers.insert(header::ACCESS_CONTROL_EXPOSE_HEADERS, HeaderValue::from_static(EXPOSE_HEADERS));
    headers.insert(header::ACCESS_CONTROL_ALLOW_CREDENTIALS, HeaderValue::from_static("true"));
    headers.insert(header::ACCESS_CONTROL_MAX_AGE, HeaderValue::from_static("86400"));
    let origin = origin.to_lowercase();
    let host = crate::origin::parse(&origin).host.unwrap_or_default();
    if !origin.is_empty() && crate::origin::host_allowed(&host, allowed_hosts) {
        if let Ok(value) = HeaderValue::from_str(&origin) {
            headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, value);
        }
    }
}

fn add_security(headers: &mut HeaderMap) {
    headers.insert(header::SERVER, HeaderValue::from_static("Appwrite"));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
}

pub async fn apply(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let headers = request.headers();
    let origin = text(headers, "origin").to_string();
    let mut allowed = state.config.platforms.clone();
    if request.method() == Method::OPTIONS {
        // A preflight may come from anywhere: its origin (or referer) host is allowed.
        let from = if origin.is_empty() { text(headers, "referer") } else { origin.as_str() };
        allowed.extend(crate::origin::parse(from).host);
        let mut response = crate::respond::no_content();
        add_cors(response.headers_mut(), &origin, &allowed);
        response.headers_mut().insert(header::SERVER, HeaderValue::from_static("Appwrite"));
        return response;
    }
    let has_key = !text(headers, "x-appwrite-key").is_empty();
    let refusal = if origin.is_empty() || has_key {
        None
    } else {
        crate::origin::refusal(&origin, &state.config.platforms, &state.config.project_id)
    };
    let mut response = match refusal {
        Some(why) => ApiError::with_message(catalogue::GENERAL_UNKNOWN_ORIGIN, why).into_response(),
        None => next.run(request).await,
    };
    add_cors(response.headers_mut(), &origin, &allowed);
    add_security(response.headers_mut());
    response
}
