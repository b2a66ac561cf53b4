//! Success responses in Appwrite's shape: JSON with an explicit charset, or an empty 204.

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

/// 204 with no body and no Content-Type.
pub fn no_content() -> Response {
    StatusCode::NO_CONTENT.into_response()
}

pub fn text(body: &'static str) -> Response {
    let mut response = body.into_response();
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=UTF-8"));
    response
}
