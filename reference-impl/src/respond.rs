//! Success responses in Appwrite's shape: JSON with an explicit charset, or an empty 204
//! labelled `text/html` as Appwrite's are.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::Value;

pub fn json(status: StatusCode, body: Value) -> Response {
    let mut response = (status, axum::Json(body)).into_response();
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json; charset=UTF-8"));
    response
}

pub fn ok(body: Value) -> Response {
    json(StatusCode::OK, body)
}

pub fn created(body: Value) -> Response {
    json(StatusCode::CREATED, body)
}

/// The label of a 204: Appwrite sets no type of its own there and its HTTP server (Swoole)
/// adds this default; clients such as the Python SDK read a Content-Type on every response.
pub const NO_CONTENT_TYPE: &str = "text/html";

/// 204 with no body, labelled [`NO_CONTENT_TYPE`].
pub fn no_content() -> Response {
    let mut response = StatusCode::NO_CONTENT.into_response();
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(NO_CONTENT_TYPE));
    response
}

pub fn text(body: &'static str) -> Response {
    let mut response = body.into_response();
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=UTF-8"));
    response
}
