//! The wrapper that applies faults: it sits outside the whole router (CORS and late headers
//! included), buffers the requests a fault touches, rewrites them, asks the app, and
//! rewrites the answer. Requests no fault touches pass through as they came.

use std::convert::Infallible;
use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::Request;
use axum::http::header::CONTENT_LENGTH;
use axum::http::Response;
use axum::response::IntoResponse;
use axum::Router;
use tower::{service_fn, ServiceExt};

use super::edit::copy_request;
use super::{Fault, FaultEnv};
use crate::error::ApiError;

/// The largest request body a fault buffers; faults touch JSON routes only.
const MAX_BUFFERED: usize = 16 * 1024 * 1024;

struct Faulty {
    app: Router,
    faults: Vec<Fault>,
    env: FaultEnv,
}

/// `app` with `faults` applied; `app` itself when there are none.
pub fn wrap(app: Router, faults: Vec<Fault>, env: FaultEnv) -> Router {
    if faults.is_empty() {
        return app;
    }
    let faulty = Arc::new(Faulty { app, faults, env });
    Router::new().fallback_service(service_fn(move |request: Request| {
        let faulty = faulty.clone();
        async move { Ok::<_, Infallible>(faulty.handle(request).await) }
    }))
}

impl Faulty {
    async fn handle(&self, request: Request) -> Response<Body> {
        let path = request.uri().path().to_string();
        let active: Vec<&Fault> = self.faults.iter().filter(|f| f.route.matches(request.method(), &path)).collect();
        if active.is_empty() {
            return self.app.clone().oneshot(request).await.unwrap_or_else(|never| match never {});
        }
        let (parts, body) = request.into_parts();
        let body = match axum::body::to_bytes(body, MAX_BUFFERED).await {
            Ok(body) => body,
            Err(_) => return ApiError::argument("The request body could not be read.").into_response(),
        };
        let mut request = Request::from_parts(parts, body);
        for edit in active.iter().filter_map(|f| f.on_request) {
            edit(&mut request, &self.env);
        }
        let mut response = self.forward(&request).await;
        for resend in active.iter().filter_map(|f| f.resend) {
            if let Some(again) = resend(&request, &response, &self.env) {
                response = self.forward(&again).await;
            }
        }
        for edit in active.iter().filter_map(|f| f.on_response) {
            edit(&request, &mut response);
        }
        // The body may have changed length; hyper counts it again.
        response.headers_mut().remove(CONTENT_LENGTH);
        response.map(Body::from)
    }

    /// Asks the app and buffers its answer.
    async fn forward(&self, request: &Request<Bytes>) -> Response<Bytes> {
        let response = self.app.clone().oneshot(copy_request(request).map(Body::from)).await.unwrap_or_else(|never| match never {});
        let (parts, body) = response.into_parts();
        match axum::body::to_bytes(body, usize::MAX).await {
            Ok(body) => Response::from_parts(parts, body),
            Err(err) => {
                eprintln!("conform-reference: fault layer: reading the response: {err}");
                super::edit::server_error()
            }
        }
    }
}
