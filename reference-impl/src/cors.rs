//! CORS: preflights (`OPTIONS` on any path) get 204 with the allowed methods and headers
//! (Appwrite 1.9.6 `app/config/cors.php`); every response names the headers browsers may read.

use axum::extract::Request;
use axum::http::{header, HeaderMap, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::Response;

const ALLOW_METHODS: &str = "GET, POST, PUT, PATCH, DELETE";

const ALLOW_HEADERS: &str = "Accept, Origin, Cookie, Set-Cookie, Content-Type, Content-Range, \
    X-Appwrite-Project, X-Appwrite-Key, X-Appwrite-Dev-Key, X-Appwrite-Locale, X-Appwrite-Mode, \
    X-Appwrite-JWT, X-Appwrite-Organization, X-Appwrite-Response-Format, X-Appwrite-Timeout, \
    X-Appwrite-ID, X-Appwrite-Timestamp, X-Appwrite-Session, X-Appwrite-Platform, \
    X-Appwrite-Impersonate-User-Id, X-Appwrite-Impersonate-User-Email, \
    X-Appwrite-Impersonate-User-Phone, X-SDK-Version, X-SDK-Name, X-SDK-Language, \
    X-SDK-Platform, X-SDK-GraphQL, X-SDK-Profile, Range, Cache-Control, Expires, Pragma, \
    X-Fallback-Cookies, X-Requested-With, X-Forwarded-For, X-Forwarded-User-Agent";

/// Appwrite exposes the session headers; the rate-limit headers are exposed too so browser
/// clients can back off.
const EXPOSE_HEADERS: &str = "X-Appwrite-Session, X-Fallback-Cookies, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset";

fn add_headers(headers: &mut HeaderMap, origin: Option<HeaderValue>) {
    headers.insert(header::ACCESS_CONTROL_ALLOW_METHODS, HeaderValue::from_static(ALLOW_METHODS));
    headers.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, HeaderValue::from_static(ALLOW_HEADERS));
    headers.insert(header::ACCESS_CONTROL_EXPOSE_HEADERS, HeaderValue::from_static(EXPOSE_HEADERS));
    headers.insert(header::ACCESS_CONTROL_MAX_AGE, HeaderValue::from_static("86400"));
    // Cookies only flow with a named origin; every origin is trusted by this test server.
    match origin {
        Some(origin) => {
            headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
            headers.insert(header::ACCESS_CONTROL_ALLOW_CREDENTIALS, HeaderValue::from_static("true"));
            headers.insert(header::VARY, HeaderValue::from_static("Origin"));
        }
        None => {
            headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
        }
    }
}

pub async fn apply(request: Request, next: Next) -> Response {
    let origin = request.headers().get(header::ORIGIN).cloned();
    let mut response = if request.method() == Method::OPTIONS { crate::respond::no_content() } else { next.run(request).await };
    add_headers(response.headers_mut(), origin);
    response
}
