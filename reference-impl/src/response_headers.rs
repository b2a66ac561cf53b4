//! Headers decided before a handler's outcome is known (rate-limit headers are set before
//! the limit check, so a 429 or any later error carries them too). Handlers add them to a
//! per-request sink; a middleware copies them onto whatever response goes out.

use std::sync::{Arc, Mutex};

use axum::extract::Request;
use axum::http::{HeaderMap, HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

#[derive(Clone, Default)]
pub struct ResponseHeaders(Arc<Mutex<HeaderMap>>);

impl ResponseHeaders {
    pub fn set(&self, name: &'static str, value: impl ToString) {
        if let Ok(value) = HeaderValue::from_str(&value.to_string()) {
            let mut map = self.0.lock().unwrap_or_else(|p| p.into_inner());
            map.insert(HeaderName::from_static(name), value);
        }
    }
}

/// Middleware: provides the sink to the request and applies it to the response.
pub async fn apply(mut request: Request, next: Next) -> Response {
    let sink = ResponseHeaders::default();
    request.extensions_mut().insert(sink.clone());
    let mut response = next.run(request).await;
    let extra = std::mem::take(&mut *sink.0.lock().unwrap_or_else(|p| p.into_inner()));
    for (name, value) in extra.iter() {
        response.headers_mut().insert(name.clone(), value.clone());
    }
    response
}
