//! Server-level routes: `GET /v1/ping`, `GET /v1/health/version`, and the answer for
//! unknown routes.

use axum::response::Response;
use axum::routing::get;
use axum::Router;
use serde_json::json;

use crate::catalogue;
use crate::context::{Ctx, Route};
use crate::error::{ApiError, ApiResult, VERSION};
use crate::params::Params;
use crate::respond;
use crate::state::AppState;

const PING: Route = Route::scope(&["global"]);

pub fn router() -> Router<AppState> {
    Router::new().route("/v1/ping", get(ping)).route("/v1/health/version", get(version))
}

/// Needs a project (Appwrite answers `project_not_found` without one) and replies in text.
async fn ping(ctx: Ctx, params: Params) -> ApiResult<Response> {
    ctx.guard(&PING, &params)?;
    Ok(respond::text("Pong!"))
}

/// Public, no project needed: Appwrite serves it under the console project.
async fn version() -> Response {
    respond::ok(json!({ "version": VERSION }))
}

/// Unknown paths and unsupported methods on known paths alike.
pub async fn route_not_found() -> ApiError {
    ApiError::new(catalogue::GENERAL_ROUTE_NOT_FOUND)
}
