//! What the official SDKs rely on in every response, checked on every response of every
//! scenario (not only where a step looks): an SDK that trips over one of these breaks an app
//! even when the status and the model are right.
//!
//! - The Python SDK reads `Content-Type` on every response (a 204 without one is a `KeyError`).
//! - Both SDKs parse a body labelled `application/json`: a 204 so labelled, or a file's bytes
//!   so labelled when they are not JSON, make them fail.
//! - Both SDKs raise errors with the body's `message`.

use super::Response;
use crate::contract::{self, ResponseKind};

/// Every wire habit `response` breaks, each in one line; empty when it keeps them all.
pub fn violations(response: &Response) -> Vec<String> {
    let mut out = Vec::new();
    let content_type = response.header("content-type");
    let media = content_type.map(|ct| ct.split(';').next().unwrap_or_default().trim().to_ascii_lowercase());
    let labelled_json = media.as_deref() == Some("application/json");
    match content_type {
        None => {
            out.push(format!("the {} response carries no Content-Type header (the Python SDK reads it on every response)", response.status))
        }
        Some(ct) if ct.trim().is_empty() => out.push(format!("the {} response carries an empty Content-Type header", response.status)),
        Some(_) => {}
    }
    if response.status == 204 {
        if !response.body.is_empty() {
            out.push(format!("the 204 response has a body of {} bytes; a 204 has none", response.body.len()));
        }
        if labelled_json {
            out.push(format!(
                "the 204 response is labelled {:?}; with no body it must not claim JSON (the SDKs would parse nothing as JSON)",
                content_type.unwrap_or_default()
            ));
        }
    }
    if response.status >= 400 && response.exchange.method != "HEAD" {
        let message = serde_json::from_slice::<serde_json::Value>(&response.body).ok().and_then(|b| b.get("message").cloned());
        if !message.as_ref().is_some_and(serde_json::Value::is_string) {
            out.push(format!(
                "the {} error body holds no `message` string (the SDKs raise errors with it): {}",
                response.status,
                response.exchange.response_body.clone().unwrap_or_default()
            ));
        }
    }
    let serves_bytes = response
        .exchange
        .operation
        .as_deref()
        .and_then(|id| contract::contract().operation(id))
        .is_some_and(|op| op.response == ResponseKind::Bytes);
    if serves_bytes
        && (200..300).contains(&response.status)
        && labelled_json
        && serde_json::from_slice::<serde_json::Value>(&response.body).is_err()
    {
        out.push(format!(
            "a file's {} bytes are labelled {:?} but are not JSON (the SDKs would parse them as JSON)",
            response.body.len(),
            content_type.unwrap_or_default()
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exchange::Exchange;
    use reqwest::header::{HeaderMap, HeaderValue};

    fn response(method: &str, operation: Option<&str>, status: u16, content_type: Option<&str>, body: &[u8]) -> Response {
        let mut headers = HeaderMap::new();
        if let Some(ct) = content_type {
            headers.insert("content-type", HeaderValue::from_str(ct).expect("header value"));
        }
        let exchange = Exchange { method: method.into(), operation: operation.map(str::to_string), ..Exchange::default() };
        Response { status, headers, body: body.to_vec(), exchange }
    }

    #[track_caller]
    fn assert_found(response: &Response, needle: &str) {
        let found = violations(response);
        assert!(
            found.iter().any(|v| v.contains(needle)),
            "input: {} {:?} {:?}\nexpected a violation containing {needle:?}\nactual: {found:#?}",
            response.status,
            response.header("content-type"),
            String::from_utf8_lossy(&response.body)
        );
    }

    #[test]
    fn well_behaved_responses_pass() {
        let cases = [
            response("GET", Some("storage.getBucket"), 200, Some("application/json; charset=UTF-8"), b"{}"),
            response("DELETE", Some("storage.deleteBucket"), 204, Some("text/html"), b""),
            response("GET", Some("storage.getFileView"), 200, Some("image/png"), b"\x89PNG"),
            response("GET", Some("storage.getFileView"), 200, Some("application/json"), br#"{"a": 1}"#),
            response("GET", None, 404, Some("application/json"), br#"{"message": "Route not found.", "code": 404}"#),
        ];
        for case in cases {
            assert_eq!(violations(&case), Vec::<String>::new(), "{} {:?}", case.status, case.header("content-type"));
        }
    }

    #[test]
    fn each_broken_habit_is_named() {
        assert_found(&response("DELETE", Some("storage.deleteBucket"), 204, None, b""), "no Content-Type");
        assert_found(&response("DELETE", Some("storage.deleteBucket"), 204, Some("application/json"), b""), "must not claim JSON");
        assert_found(&response("DELETE", Some("storage.deleteBucket"), 204, Some("text/plain"), b"{}"), "a body of 2 bytes");
        assert_found(&response("GET", Some("storage.getFileDownload"), 200, Some("application/json"), b"\x89PNG"), "are not JSON");
        assert_found(&response("GET", Some("storage.getBucket"), 404, Some("application/json"), br#"{"code": 404}"#), "no `message`");
        assert_found(&response("GET", Some("storage.getBucket"), 500, Some("text/html"), b"<h1>oops</h1>"), "no `message`");
    }
}
