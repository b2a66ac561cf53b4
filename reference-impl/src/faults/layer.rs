//! The wrapper that applies faults. It sits outside CORS and the late headers (faults edit
//! what those wrote) and inside a panic guard (a fault's edit that panics is answered like
//! any other bug), see `server::app`. Requests no fault touches pass through as they came.
//! A touched request is buffered, up to the largest body the server accepts, so faults can
//! read and edit it; a larger one streams through to the app as it came (the app refuses it
//! anyway), so uploads of any size reach the server, and answer edits still apply.

use std::convert::Infallible;
use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::Request;
use axum::http::header::CONTENT_LENGTH;
use axum::http::request::Parts;
use axum::http::Response;
use axum::response::IntoResponse;
use axum::Router;
use futures_util::{stream, StreamExt};
use tower::{service_fn, ServiceExt};

use super::edit::copy_request;
use super::{Fault, FaultEnv};
use crate::error::ApiError;

/// The largest request body a fault buffers: the largest the server accepts at all (an
/// upload chunk with its form fields). A larger one is refused by the app whatever a fault
/// would make of it, so it goes to the app as it came and answer edits see no body.
const MAX_BUFFERED: usize = crate::services::storage::MAX_BODY;

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

/// A request body read up to a limit.
enum Read {
    Whole(Bytes),
    /// Over the limit: what was read, followed by the rest, unread.
    TooLarge(Body),
    Unreadable,
}

async fn read_up_to(body: Body, limit: usize) -> Read {
    let mut chunks = body.into_data_stream();
    let mut read = Vec::new();
    while let Some(chunk) = chunks.next().await {
        let Ok(chunk) = chunk else { return Read::Unreadable };
        read.extend_from_slice(&chunk);
        if read.len() > limit {
            let head = stream::once(async move { Ok::<_, axum::Error>(Bytes::from(read)) });
            return Read::TooLarge(Body::from_stream(head.chain(chunks)));
        }
    }
    Read::Whole(Bytes::from(read))
}

impl Faulty {
    async fn handle(&self, request: Request) -> Response<Body> {
        let path = request.uri().path().to_string();
        let active: Vec<&Fault> = self.faults.iter().filter(|f| f.route.matches(request.method(), &path)).collect();
        if active.is_empty() {
            return self.app.clone().oneshot(request).await.unwrap_or_else(|never| match never {});
        }
        let (parts, body) = request.into_parts();
        let (request, mut response) = match read_up_to(body, MAX_BUFFERED).await {
            Read::Whole(body) => {
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
                (request, response)
            }
            Read::TooLarge(body) => self.stream(parts, body).await,
            Read::Unreadable => return ApiError::argument("The request body could not be read.").into_response(),
        };
        for edit in active.iter().filter_map(|f| f.on_response) {
            edit(&request, &mut response);
        }
        // The body may have changed length; hyper counts it again.
        response.headers_mut().remove(CONTENT_LENGTH);
        response.map(Body::from)
    }

    /// Asks the app with the body as it streams in; answer edits see the request without it.
    async fn stream(&self, parts: Parts, body: Body) -> (Request<Bytes>, Response<Bytes>) {
        let seen = Request::from_parts(parts.clone(), Bytes::new());
        let response = self.app.clone().oneshot(Request::from_parts(parts, body)).await.unwrap_or_else(|never| match never {});
        (seen, buffer(response).await)
    }

    /// Asks the app and buffers its answer.
    async fn forward(&self, request: &Request<Bytes>) -> Response<Bytes> {
        let response = self.app.clone().oneshot(copy_request(request).map(Body::from)).await.unwrap_or_else(|never| match never {});
        buffer(response).await
    }
}

/// The app's answer, read whole so faults can edit it.
async fn buffer(response: Response<Body>) -> Response<Bytes> {
    let (parts, body) = response.into_parts();
    match axum::body::to_bytes(body, usize::MAX).await {
        Ok(body) => Response::from_parts(parts, body),
        Err(err) => {
            eprintln!("conform-reference: fault layer: reading the response: {err}");
            super::edit::server_error()
        }
    }
}
