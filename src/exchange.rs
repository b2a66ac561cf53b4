//! One HTTP request and its response as recorded for evidence in reports.
//! Everything here is already redacted: no key, cookie, session or token secret.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct Exchange {
    pub method: String,
    /// Full URL with secret query values (`token`, …) replaced by `[redacted]`.
    pub url: String,
    /// The operation of the contract this request matched, e.g. `storage.createFile`.
    pub operation: Option<String>,
    pub request_headers: Vec<(String, String)>,
    /// Text bodies (truncated), or a description such as `<multipart: 3 parts, 5242880 bytes>`.
    pub request_body: Option<String>,
    /// `None` when no response arrived (connection refused, timeout, reset).
    pub status: Option<u16>,
    pub response_headers: Vec<(String, String)>,
    /// Text bodies (truncated), or `<N bytes of image/png>` for binary ones.
    pub response_body: Option<String>,
    /// Transport error, when there was no complete response.
    pub error: Option<String>,
    pub elapsed_ms: u64,
}

/// What a cucumber World can hand to the report when one of its steps fails.
pub trait Evidence {
    /// The exchanges of the current scenario, oldest first (the client keeps a bounded tail).
    fn evidence(&self) -> Vec<Exchange>;
}
