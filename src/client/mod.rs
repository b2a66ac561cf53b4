//! A thin REST client for Appwrite-compatible servers: principals, bodies, bounded
//! timeouts and body sizes, and a redacted record of every exchange for evidence.

mod auth;
mod body;
mod breaker;
pub mod record;
mod redact;
pub mod style;
pub mod wire_checks;

pub use auth::Auth;
pub use body::{Body, Part};
pub use breaker::{Breaker, TargetGone};
pub use record::Recorder;
pub use redact::{redact_headers, redact_url};
pub use style::ClientStyle;

use crate::exchange::Exchange;
use crate::failure::FailureKind;
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

/// No response: refused, reset, timed out, or unreadable; or the request was never sent.
#[derive(Debug, thiserror::Error)]
#[error("{method} {url}: {message}")]
pub struct TransportError {
    pub method: String,
    pub url: String,
    pub message: String,
    /// Transport (refused, reset, invalid, too large) or deadline (no full answer in time).
    pub kind: FailureKind,
    pub exchange: Exchange,
    /// False when the request never left: it could not be built (a header that cannot be
    /// sent), or the run's breaker had declared the target gone.
    pub sent: bool,
}

#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    pub config: ClientConfig,
    pub recorder: Recorder,
    /// The scenario's deadline: no request outlives it, so a hanging target cannot hang a run.
    pub deadline: Option<Instant>,
    /// The run's breaker: told of every answer and every request that got none; once it
    /// has declared the target gone, requests fail at once and those waiting stop.
    pub breaker: Option<Breaker>,
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
        Ok(Client { http, config, recorder, deadline: None, breaker: None, style: ClientStyle::default() })
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.config.endpoint, path)
    }

    pub async fn send(&self, mut request: Request) -> Result<Response, TransportError> {
        self.style.shape(&mut request);
        let started = Instant::now();
        let url = self.url(&request.path);
        let mut exchange = Exchange {
            method: request.method.to_string(),
            url: redact_url(&full_url(&url, &request.query)),
            operation: crate::contract::contract()
                .match_request(request.method.as_str(), request.path.split('?').next().unwrap_or(""))
                .map(|op| op.id.clone()),
            request_body: request.body.describe(),
            ..Exchange::default()
        };
        let builder = self.http.request(request.method.clone(), &url).query(&request.query);
        let mut headers = HeaderMap::new();
        let built = self.headers_of(&request, &mut headers).and_then(|()| request.body.apply(builder, &mut headers));
        exchange.request_headers = redact_headers(header_pairs(&headers));
        let builder = match built {
            Ok(builder) => builder.headers(headers),
            Err(message) => return Err(not_sent(exchange, FailureKind::Harness, format!("the request was not sent: {message}"))),
        };
        if let Some(gone) = self.breaker.as_ref().and_then(Breaker::gone) {
            return Err(not_sent(exchange, FailureKind::Transport, format!("not sent: {}", gone.moment())));
        }

        let budget = match self.deadline {
            Some(deadline) => deadline.saturating_duration_since(Instant::now()).min(self.config.request_timeout),
            None => self.config.request_timeout,
        };
        let exchanged = tokio::time::timeout(budget, async {
            let mut response = builder.send().await.map_err(|e| {
                let (kind, message) = describe_error(e);
                NoAnswer::Unanswered(kind, message)
            })?;
            let status = response.status().as_u16();
            let headers = response.headers().clone();
            let mut body = Vec::new();
            while let Some(chunk) = response.chunk().await.map_err(|e| {
                let (kind, message) = describe_error(e);
                NoAnswer::Unanswered(kind, message)
            })? {
                if body.len() + chunk.len() > self.config.max_body_bytes {
                    return Err(NoAnswer::Unanswered(
                        FailureKind::Transport,
                        format!("response body exceeded {} bytes (status {status}); the rest was not read", self.config.max_body_bytes),
                    ));
                }
                body.extend_from_slice(&chunk);
            }
            Ok((status, headers, body))
        });
        let outcome = match &self.breaker {
            Some(breaker) => tokio::select! {
                exchanged = exchanged => exchanged,
                gone = breaker.tripped() => Ok(Err(NoAnswer::Cut(FailureKind::Transport, format!("given up waiting: {}", gone.moment())))),
            },
            None => exchanged.await,
        };
        let outcome = outcome.unwrap_or_else(|_| {
            Err(if budget < self.config.request_timeout {
                NoAnswer::Cut(FailureKind::Deadline, "the scenario's deadline passed before the server answered".to_string())
            } else {
                NoAnswer::Unanswered(FailureKind::Deadline, format!("no complete response within {} s", budget.as_secs_f64()))
            })
        });
        exchange.elapsed_ms = started.elapsed().as_millis() as u64;
        match outcome {
            Ok((status, headers, body)) => {
                if let Some(breaker) = &self.breaker {
                    breaker.answered();
                }
                exchange.status = Some(status);
                exchange.response_headers = redact_headers(header_pairs(&headers));
                exchange.response_body =
                    Some(record::describe_response_body(headers.get("content-type").and_then(|v| v.to_str().ok()), &body));
                self.recorder.record(&exchange);
                Ok(Response { status, headers, body, exchange })
            }
            Err(no_answer) => {
                let (kind, message) = match no_answer {
                    NoAnswer::Unanswered(kind, message) => {
                        if let Some(breaker) = &self.breaker {
                            breaker.unanswered(&format!("{} {}: {message}", exchange.method, exchange.url));
                        }
                        (kind, message)
                    }
                    NoAnswer::Cut(kind, message) => (kind, message),
                };
                exchange.error = Some(message.clone());
                self.recorder.record(&exchange);
                Err(TransportError { method: exchange.method.clone(), url: exchange.url.clone(), message, kind, exchange, sent: true })
            }
        }
    }

    /// The project, credential and request headers, or why one of them cannot be sent.
    fn headers_of(&self, request: &Request, headers: &mut HeaderMap) -> Result<(), String> {
        let project = match &request.project {
            Some(p) if p.is_empty() => Some(self.config.project.clone()),
            other => other.clone(),
        };
        if let Some(project) = &project {
            append(headers, "x-appwrite-project", project)?;
        }
        request.auth.apply(headers, &self.config.api_key, &self.config.project)?;
        for (name, value) in &request.headers {
            append(headers, name, value)?;
        }
        Ok(())
    }
}

/// Why a request has no response.
enum NoAnswer {
    /// The target did not answer: refused, reset, closed mid-body, too slow, body too long.
    Unanswered(FailureKind, String),
    /// We stopped waiting (the scenario's deadline, the breaker): says nothing new about the target.
    Cut(FailureKind, String),
}

/// A request that never left: `kind` says whose fault that is (a step's header that cannot be
/// sent is the harness's; a target the breaker declared gone is a transport failure).
fn not_sent(exchange: Exchange, kind: FailureKind, message: String) -> TransportError {
    TransportError { method: exchange.method.clone(), url: exchange.url.clone(), message, kind, exchange, sent: false }
}

/// Appends a header, or says why it cannot be sent; a value is described, never quoted,
/// since it may be a credential.
fn append(headers: &mut HeaderMap, name: &str, value: &str) -> Result<(), String> {
    let header = HeaderName::try_from(name).map_err(|_| format!("{name:?} is not a valid HTTP header name"))?;
    headers.append(header, header_value(name, value)?);
    Ok(())
}

/// `value` as the value of header `name`, or which byte of it HTTP does not allow.
fn header_value(name: &str, value: &str) -> Result<HeaderValue, String> {
    HeaderValue::try_from(value).map_err(|_| match value.bytes().position(|b| b != b'\t' && (b < 0x20 || b == 0x7f)) {
        Some(at) => {
            format!(
                "the value of header {name:?} ({} bytes) has byte 0x{:02x} at offset {at}, which HTTP does not allow",
                value.len(),
                value.as_bytes()[at]
            )
        }
        None => format!("the value of header {name:?} ({} bytes) is not a valid HTTP header value", value.len()),
    })
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
fn describe_error(error: reqwest::Error) -> (FailureKind, String) {
    let kind = if error.is_timeout() { FailureKind::Deadline } else { FailureKind::Transport };
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
    (kind, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A client for a port nothing listens on: a request that was sent fails to connect,
    /// one that could not be built never gets that far.
    fn client() -> Client {
        let port = std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("a free port");
        let config = ClientConfig {
            endpoint: format!("http://127.0.0.1:{port}/v1"),
            project: "p".into(),
            api_key: "k".into(),
            request_timeout: Duration::from_secs(5),
            max_body_bytes: 1024,
        };
        Client::new(config, Recorder::default()).expect("client")
    }

    #[tokio::test]
    async fn a_header_that_cannot_be_sent_fails_the_request_instead_of_being_dropped() {
        let secret = "line one\nline two";
        let cases = [
            (Request::new(reqwest::Method::GET, "/users").header("x bad", "1"), "\"x bad\" is not a valid HTTP header name"),
            (
                Request::new(reqwest::Method::GET, "/users").header("x-custom", secret),
                "the value of header \"x-custom\" (17 bytes) has byte 0x0a at offset 8",
            ),
            (Request::new(reqwest::Method::GET, "/account").auth(Auth::Jwt(secret.into())), "the value of header \"x-appwrite-jwt\""),
            (
                Request::new(reqwest::Method::POST, "/x").body(Body::Raw { bytes: vec![1], content_type: "a/b\r\nx: y".into() }),
                "the value of header \"content-type\"",
            ),
        ];
        for (request, expected) in cases {
            let described = format!("{request:?}");
            let error = client().send(request).await.expect_err("an unsendable request must fail");
            assert!(!error.sent, "{described}: reported as sent: {error}");
            assert!(error.message.contains(expected), "{described}: expected an error containing {expected:?}, got: {error}");
            assert!(!error.to_string().contains("line two"), "{described}: the value is quoted in the error (it may be a secret): {error}");
        }
    }

    #[tokio::test]
    async fn once_the_breaker_declared_the_target_gone_requests_fail_at_once() {
        let mut client = client();
        let breaker = Breaker::new(Duration::from_secs(5));
        client.breaker = Some(breaker.clone());
        for _ in 0..breaker::UNANSWERED_IN_A_ROW {
            let error = client.send(Request::new(reqwest::Method::GET, "/health/version")).await.expect_err("nothing listens");
            assert!(error.sent && error.message.contains("could not connect"), "expected a refused connection: {error}");
        }
        let gone = breaker.gone().expect("six refused connections in a row trip the breaker");
        let error = client.send(Request::new(reqwest::Method::GET, "/health/version")).await.expect_err("the target is gone");
        assert!(!error.sent, "sent after the target was declared gone: {error}");
        assert!(error.message.contains(&gone.moment()), "the error should name the moment {:?}: {error}", gone.moment());
    }
}
