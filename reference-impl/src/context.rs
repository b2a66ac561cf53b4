//! The per-request context every API handler starts from: the project check, the resolved
//! caller, client details, and `guard`, which applies a route's scope and rate limit in
//! Appwrite's order (project → caller → scope → blocked user → abuse limit → params).

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, FromRequestParts, MatchedPath};
use axum::http::request::Parts;
use axum::http::HeaderMap;

use crate::auth::{self, Principal};
use crate::catalogue;
use crate::error::{ApiError, ApiResult};
use crate::params::Params;
use crate::rate_limit::{fill_template, RateSpec};
use crate::response_headers::ResponseHeaders;
use crate::state::AppState;

/// A route's access labels: the scopes that admit a caller (any one suffices) and the
/// abuse limit, if the route has one.
#[derive(Clone, Copy, Debug)]
pub struct Route {
    pub scopes: &'static [&'static str],
    pub rate: Option<RateSpec>,
}

impl Route {
    pub const fn scope(scopes: &'static [&'static str]) -> Route {
        Route { scopes, rate: None }
    }

    pub const fn limited(scopes: &'static [&'static str], rate: RateSpec) -> Route {
        Route { scopes, rate: Some(rate) }
    }
}

/// Client details used in rate-limit keys and stored with sessions.
#[derive(Clone, Debug)]
pub struct Client {
    pub ip: String,
    pub user_agent: String,
    pub hostname: String,
}

pub struct Ctx {
    pub state: AppState,
    pub principal: Principal,
    pub client: Client,
    pub headers: HeaderMap,
    pub response_headers: ResponseHeaders,
    pub method: String,
    /// The matched route template, e.g. `/v1/account/sessions/{sessionId}`.
    route_path: String,
}

/// Proof that a request passed `Ctx::guard`; it can undo the rate-limit count afterwards.
pub struct Guard {
    rate: Option<(RateSpec, Vec<String>)>,
    state: AppState,
}

impl Guard {
    /// Appwrite's `abuse-reset`: forget this route's counters for the request's keys
    /// (a successful login clears earlier failed attempts).
    pub fn reset_rate_limit(&self) {
        if let Some((spec, keys)) = &self.rate {
            self.state.limiter.reset(spec, keys);
        }
    }
}

fn query_param(parts: &Parts, name: &str) -> Option<String> {
    let query = parts.uri.query()?;
    form_urlencoded::parse(query.as_bytes()).find(|(k, _)| k == name).map(|(_, v)| v.into_owned())
}

fn header_text(headers: &HeaderMap, name: &str) -> Option<String> {
    headers.get(name).and_then(|v| v.to_str().ok()).map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

/// The project the request names (`?project=` wins over `X-Appwrite-Project`, as in
/// Appwrite). Only this server's project exists; anything else, or nothing, is 404.
pub fn check_project(state: &AppState, parts: &Parts) -> ApiResult<()> {
    let named = query_param(parts, "project").or_else(|| header_text(&parts.headers, "x-appwrite-project"));
    match named {
        Some(id) if id == state.config.project_id => Ok(()),
        _ => Err(ApiError::new(catalogue::PROJECT_NOT_FOUND)),
    }
}

fn client(parts: &Parts) -> Client {
    // Like Appwrite's default `_APP_TRUSTED_HEADERS`, the first X-Forwarded-For hop wins.
    let forwarded = header_text(&parts.headers, "x-forwarded-for")
        .and_then(|v| v.split(',').next().map(|s| s.trim().to_string()))
        .filter(|s| !s.is_empty());
    let peer = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip().to_string());
    let host = header_text(&parts.headers, "host").unwrap_or_default();
    let hostname =
        host.rsplit_once(':').filter(|(_, port)| port.chars().all(|c| c.is_ascii_digit())).map_or(host.clone(), |(h, _)| h.to_string());
    Client {
        ip: forwarded.or(peer).unwrap_or_else(|| "127.0.0.1".into()),
        user_agent: header_text(&parts.headers, "x-forwarded-user-agent")
            .or_else(|| header_text(&parts.headers, "user-agent"))
            .unwrap_or_else(|| "UNKNOWN".into()),
        hostname,
    }
}

impl FromRequestParts<AppState> for Ctx {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Ctx, ApiError> {
        check_project(state, parts)?;
        let response_headers = parts.extensions.get::<ResponseHeaders>().cloned().unwrap_or_default();
        // Set before resolving, so an answer refusing the credentials carries it too.
        response_headers.set("x-debug-fallback", auth::looks_for_fallback(&parts.headers, &state.config.project_id));
        let principal = auth::resolve(state, &parts.headers).await?;
        Ok(Ctx {
            state: state.clone(),
            principal,
            client: client(parts),
            headers: parts.headers.clone(),
            response_headers,
            method: parts.method.as_str().to_string(),
            route_path: parts.extensions.get::<MatchedPath>().map(|m| m.as_str().to_string()).unwrap_or_default(),
        })
    }
}

impl Ctx {
    /// Checks the route's scopes, refuses blocked users, then applies its rate limit
    /// (setting the `X-RateLimit-*` headers even when the answer is 429).
    pub fn guard(&self, route: &Route, params: &Params) -> ApiResult<Guard> {
        if !route.scopes.iter().any(|s| self.principal.has_scope(s)) {
            let who = self.principal.user().and_then(|u| u.email.clone()).unwrap_or_else(|| "User".into());
            let wanted = serde_json::to_string(route.scopes).unwrap_or_default();
            return Err(ApiError::with_message(
                catalogue::GENERAL_UNAUTHORIZED_SCOPE,
                format!("{who} (role: {}) missing scopes ({wanted})", self.principal.role_label()),
            ));
        }
        if self.principal.user().is_some_and(|u| !u.status) {
            return Err(ApiError::new(catalogue::USER_BLOCKED));
        }
        let Some(spec) = route.rate else {
            return Ok(Guard { rate: None, state: self.state.clone() });
        };
        let keys: Vec<String> = spec.keys.iter().map(|template| self.fill(template, params)).collect();
        let decision = self.state.limiter.check(&spec, &keys, !self.principal.is_key());
        self.response_headers.set("x-ratelimit-limit", decision.headers.limit);
        self.response_headers.set("x-ratelimit-remaining", decision.headers.remaining);
        self.response_headers.set("x-ratelimit-reset", decision.headers.reset);
        if decision.limited {
            return Err(ApiError::new(catalogue::GENERAL_RATE_LIMIT_EXCEEDED));
        }
        Ok(Guard { rate: Some((spec, keys)), state: self.state.clone() })
    }

    fn fill(&self, template: &str, params: &Params) -> String {
        fill_template(template, |name| match name {
            "url" => Some(format!("{}{}", self.client.hostname, self.route_path)),
            "ip" => Some(self.client.ip.clone()),
            "method" => Some(self.method.clone()),
            "projectId" => Some(self.state.config.project_id.clone()),
            "userId" => Some(self.principal.user().map(|u| u.id.clone()).unwrap_or_default()),
            "userAgent" => Some(self.client.user_agent.clone()),
            // createFile's key: the upload's chunk number, which the handler puts in `params`.
            "chunkId" => params.raw_text("chunkId"),
            other => other.strip_prefix("param-").and_then(|p| params.raw_text(p)),
        })
    }

    /// The caller's user, or 401 `user_unauthorized` for guests and keys on routes that
    /// need an account.
    pub fn require_user(&self) -> ApiResult<&crate::store::users::UserRecord> {
        self.principal.user().ok_or_else(|| ApiError::new(catalogue::USER_UNAUTHORIZED))
    }
}
