//! A thin REST client for Appwrite-compatible servers: principals, bodies, bounded
//! timeouts and body sizes, and a redacted record of every exchange for evidence.

mod auth;
mod body;
pub mod record;
mod redact;
pub mod style;
pub mod wire_checks;

pub use auth::Auth;
pub use body::{Body, Part};
pub use record::Recorder;
pub use redact::{redact_headers, redact_url};
pub use style::ClientStyle;

use crate::exchange::Exchange;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use std::time::{Duration, Instant};

/// Where the target is and how long we wait for it.
#[derive(Clone, Debug)]
pub struct ClientConfig {
    /// API base including `/v1`, without a trailing slash.
    pub endpoint: String,
    pub project: String,
    pub api_key: String,
    pub request_timeout: Duration,
    /// Responses larger than this are cut off and reported, so an endless body cannot hang a run.
    pub max_body_bytes: usize,
}

/// One request, described before it is sent.
#[derive(Clone, Debug)]
pub struct Request {
    pub method: reqwest::Method,
    /// Path below the endpoint, starting with `/`, e.g. `/account/sessions/email`.
    pub path: String,
    pub query: Vec<(String, String)>,
    pub headers: Vec<(String, String)>,
    pub body: Body,
    pub auth: Auth,
    /// `None` sends no project at all; the default is the configured project.
    pub project: Option<String>,
}

impl Request {
    pub fn new(method: reqwest::Method, path: impl Into<String>) -> Self {
        Request {
            method,
            path: path.into(),
            query: Vec::new(),
            headers: Vec::new(),
            body: Body::None,
            auth: Auth::Guest,
            project: Some(String::new()),
        }
    }
    pub fn auth(mut self, auth: Auth) -> Self {
        self.auth = auth;
        self
    }
    pub fn json(mut self, value: serde_json::Value) -> Self {
        self.body = Body::Json(value);
        self
    }
    pub fn body(mut self, body: Body) -> Self {
        self.body = body;
        self
    }
    pub fn header(mut self, name: &str, value: impl Into<String>) -> Self {
        self.headers.push((name.to_string(), value.into()));
        self
    }
    pub fn query(mut self, name: &str, value: impl Into<String>) -> Self {
        self.query.push((name.to_string(), value.into()));
        self
    }
}

/// A complete response. `body` holds at most `max_body_bytes`.
#[derive(Clone, Debug)]
pub struct Response {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
    pub exchange: Exchange,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
    pub fn header_all(&self, name: &str) -> Vec<String> {
        self.headers.get_all(name).iter().filter_map(|v| v.to_str().ok().map(str::to_string)).collect()
    }
    pub fn json(&self) -> Result<serde_json::Value, String> {
        serde_json::from_slice(&self.body)
            .map_err(|e| format!("response body is not JSON ({e}): {}", record::preview_text(&self.body, 300)))
    }
}

/// No response: refused, reset, timed out, or unreadable.
#[derive(Debug, thiserror::Error)]
#[error("{method} {url}: {message}")]
pub struct TransportError {
    pub method: String,
    pub url: String,
    pub message: String,
    pub exchange: Exchange,
}

#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    pub config: ClientConfig,
    pub recorder: Recorder,
    /// The scenario's deadline: no request outlives it, so a hanging target cannot hang a run.
    pub deadline: Option<Instant>,
    /// Which official client's wire habits every request follows.
    pub style: ClientStyle,
}

impl Client {
    pub fn new(config: ClientConfig, recorder: Recorder) -> anyhow::Result<Self> {
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(5).min(config.request_timeout))
            // No reqwest timeout: `send` puts one total deadline over the request and the whole
            // body, so a server dripping a byte at a time is cut off like a silent one.
            // Cookies are handled per principal by hand: one jar would mix users.
            .redirect(reqwest::redirect::Policy::none())
            .pool_max_idle_per_host(16)
            .build()?;
        Ok(Client { http, config, recorder, deadline: None, style: ClientStyle::default() })
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.config.endpoint, path)
    }

    pub async fn send(&self, mut request: Request) -> Result<Response, TransportError> {
        self.style.shape(&mut request);
        let started = Instant::now();
        let url = self.url(&request.path);
        let mut headers = HeaderMap::new();
        let project = match &request.project {
            Some(p) if p.is_empty() => Some(self.config.project.clone()),
            other => other.clone(),
        };
        if let Some(project) = &project {
            insert(&mut headers, "x-appwrite-project", project);
        }
        request.auth.apply(&mut headers, &self.config.api_key, &self.config.project);
        for (name, value) in &request.headers {
            insert(&mut headers, name, value);
        }
        let described_body = request.body.describe();
        let mut builder = self.http.request(request.method.clone(), &url).query(&request.query);
        builder = request.body.apply(builder, &mut headers);
        builder = builder.headers(headers.clone());

        let mut exchange = Exchange {
            method: request.method.to_string(),
            url: redact_url(&full_url(&url, &request.query)),
            operation: crate::contract::contract()
                .match_request(request.method.as_str(), request.path.split('?').next().unwrap_or(""))
                .map(|op| op.id.clone()),
            request_headers: redact_headers(header_pairs(&headers)),
            request_body: described_body,
            ..Exchange::default()
        };

        let budget = match self.deadline {
            Some(deadline) => deadline.saturating_duration_since(Instant::now()).min(self.config.request_timeout),
            None => self.config.request_timeout,
        };
        let outcome = tokio::time::timeout(budget, async {
            let mut response = builder.send().await.map_err(describe_error)?;
            let status = response.status().as_u16();
            let headers = response.headers().clone();
            let mut body = Vec::new();
            while let Some(chunk) = response.chunk().await.map_err(describe_error)? {
                if body.len() + chunk.len() > self.config.max_body_bytes {
                    return Err(format!(
                        "response body exceeded {} bytes (status {status}); the rest was not read",
                        self.config.max_body_bytes
                    ));
                }
                body.extend_from_slice(&chunk);
            }
            Ok((status, headers, body))
        })
        .await
        .unwrap_or_else(|_| {
            Err(if budget < self.config.request_timeout {
                "the scenario's deadline passed before the server answered".to_string()
            } else {
                format!("no complete response within {} s", budget.as_secs_f64())
            })
        });
        exchange.elapsed_ms = started.elapsed().as_millis() as u64;
        match outcome {
            Ok((status, headers, body)) => {
                exchange.status = Some(status);
                exchange.response_headers = redact_headers(header_pairs(&headers));
                exchange.response_body =
                    Some(record::describe_response_body(headers.get("content-type").and_then(|v| v.to_str().ok()), &body));
                self.recorder.record(&exchange);
                Ok(Response { status, headers, body, exchange })
            }
            Err(message) => {
                exchange.error = Some(message.clone());
                self.recorder.record(&exchange);
                Err(TransportError { method: exchange.method.clone(), url: exchange.url.clone(), message, exchange })
            }
        }
    }
}

fn insert(headers: &mut HeaderMap, name: &str, value: &str) {
    if let (Ok(n), Ok(v)) = (HeaderName::try_from(name), HeaderValue::try_from(value)) {
        headers.append(n, v);
    }
}

fn header_pairs(headers: &HeaderMap) -> Vec<(String, String)> {
    headers.iter().map(|(k, v)| (k.to_string(), String::from_utf8_lossy(v.as_bytes()).into_owned())).collect()
}

fn full_url(url: &str, query: &[(String, String)]) -> String {
    if query.is_empty() {
        return url.to_string();
    }
    let pairs: Vec<String> = query.iter().map(|(k, v)| format!("{k}={v}")).collect();
    format!("{url}?{}", pairs.join("&"))
}

/// reqwest's Display hides the cause ("error sending request"); the chain says what happened.
fn describe_error(error: reqwest::Error) -> String {
    let mut message = if error.is_timeout() {
        "timed out waiting for the server".to_string()
    } else if error.is_connect() {
        "could not connect".to_string()
    } else {
        error.to_string()
    };
    let mut source = std::error::Error::source(&error);
    while let Some(cause) = source {
        message.push_str(&format!(": {cause}"));
        source = cause.source();
    }
    message
}
