//! `X-Appwrite-Response-Format`: every official SDK names the server version its models are
//! built for. A format older than the server is served as is (this server keeps one model
//! shape); one newer than the server gets Appwrite's `X-Appwrite-Warning`, which the SDKs
//! print, so a developer learns their SDK is ahead of the server.

use std::cmp::Ordering;

use axum::extract::Request;
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;

use crate::error::VERSION;

/// Middleware: adds the warning to whatever response the request gets.
pub async fn apply(request: Request, next: Next) -> Response {
    let warning = request.headers().get("x-appwrite-response-format").and_then(|v| v.to_str().ok()).and_then(warning_for);
    let mut response = next.run(request).await;
    if let Some(value) = warning.and_then(|w| HeaderValue::from_str(&w).ok()) {
        response.headers_mut().insert("x-appwrite-warning", value);
    }
    response
}

/// Appwrite's warning text for a requested format newer than this server, else `None`.
pub fn warning_for(format: &str) -> Option<String> {
    (compare_versions(format.trim(), VERSION)? == Ordering::Greater).then(|| {
        format!(
            "The current SDK is built for Appwrite {}. However, the current Appwrite server version is {VERSION}. \
             Please downgrade your SDK to match the Appwrite version: https://appwrite.io/docs/sdks",
            format.trim()
        )
    })
}

/// Dotted numeric versions compared part by part, a missing part counting as 0 (`1.9` =
/// `1.9.0`); `None` when either is not such a version, as nothing sensible can be said then.
fn compare_versions(a: &str, b: &str) -> Option<Ordering> {
    let parse = |v: &str| v.split('.').map(|part| part.parse::<u64>().ok()).collect::<Option<Vec<u64>>>();
    let (a, b) = (parse(a)?, parse(b)?);
    let len = a.len().max(b.len());
    let at = |v: &[u64], i: usize| v.get(i).copied().unwrap_or(0);
    Some((0..len).map(|i| at(&a, i).cmp(&at(&b, i))).find(|o| o.is_ne()).unwrap_or(Ordering::Equal))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_format_newer_than_the_server_is_warned_about() {
        for (format, warned) in
            [("1.9.5", false), ("1.9.6", false), ("1.8.0", false), ("1.9.7", true), ("2.0.0", true), ("1.10", true), ("x", false)]
        {
            assert_eq!(warning_for(format).is_some(), warned, "format {format:?} against server {VERSION}");
        }
        assert_eq!(
            warning_for("2.0.0").as_deref(),
            Some(
                "The current SDK is built for Appwrite 2.0.0. However, the current Appwrite server version is 1.9.6. \
                 Please downgrade your SDK to match the Appwrite version: https://appwrite.io/docs/sdks"
            )
        );
    }
}
