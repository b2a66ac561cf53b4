//! Appwrite-shaped errors: every failure leaves the server as
//! `{"message", "code", "type", "version"}` with the catalogue's type and HTTP code.

use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::catalogue;

/// The API version every error body and the health endpoint report.
pub const VERSION: &str = "1.9.6";

/// One entry of the error catalogue (see `catalogue.rs`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ErrorType {
    pub name: &'static str,
    pub code: u16,
    pub message: &'static str,
}

/// An error on its way to the client: a catalogue type plus an optional specific message
/// (Appwrite fills in validator descriptions and `%s` placeholders the same way).
#[derive(Clone, Debug)]
pub struct ApiError {
    pub kind: ErrorType,
    pub message: String,
}

pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    pub fn new(kind: ErrorType) -> ApiError {
        ApiError { kind, message: kind.message.to_string() }
    }

    pub fn with_message(kind: ErrorType, message: impl Into<String>) -> ApiError {
        ApiError { kind, message: message.into() }
    }

    /// A 400 `general_argument_invalid`, the answer to any param that fails validation.
    pub fn argument(message: impl Into<String>) -> ApiError {
        ApiError::with_message(catalogue::GENERAL_ARGUMENT_INVALID, message)
    }

    /// An internal failure (database, hashing, task join). The detail goes to stderr, the
    /// client gets Appwrite's generic server error so nothing internal leaks.
    pub fn internal(detail: impl std::fmt::Display) -> ApiError {
        eprintln!("conform-reference: internal error: {detail}");
        ApiError::new(catalogue::GENERAL_SERVER_ERROR)
    }

    pub fn status(&self) -> StatusCode {
        StatusCode::from_u16(self.kind.code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({}): {}", self.kind.name, self.kind.code, self.message)
    }
}

impl std::error::Error for ApiError {}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = json!({
            "message": self.message,
            "code": self.kind.code,
            "type": self.kind.name,
            "version": VERSION,
        });
        let mut response = (self.status(), axum::Json(body)).into_response();
        // Appwrite answers errors with the charset spelled out, like its other JSON.
        let headers = response.headers_mut();
        headers.insert(axum::http::header::CONTENT_TYPE, HeaderValue::from_static("application/json; charset=UTF-8"));
        // Appwrite's error hook forbids caching any error.
        headers.insert(axum::http::header::CACHE_CONTROL, HeaderValue::from_static("no-cache, no-store, must-revalidate"));
        headers.insert(axum::http::header::EXPIRES, HeaderValue::from_static("0"));
        headers.insert(axum::http::header::PRAGMA, HeaderValue::from_static("no-cache"));
        response
    }
}

impl From<rusqlite::Error> for ApiError {
    fn from(err: rusqlite::Error) -> ApiError {
        ApiError::internal(format!("sqlite: {err}"))
    }
}
