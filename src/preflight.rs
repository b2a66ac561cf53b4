//! One request before a run: does the target answer at all? A target that is down or hangs
//! ends the run within seconds with exit 2 and what happened, instead of failing every
//! scenario one request timeout at a time.

use crate::client::{Client, ClientConfig, Recorder, Request};
use crate::target::Target;
use std::time::{Duration, Instant};

/// How long the pre-flight may take in all: both requests, connection and body included.
pub const DEADLINE: Duration = Duration::from_secs(5);

/// What the target answered to the pre-flight.
#[derive(Debug, PartialEq, Eq)]
pub enum Answer {
    /// `GET /health/version` (or, where that is 404, `GET /ping`) had this status.
    Status { path: &'static str, status: u16 },
    /// Both answered 404: the target speaks HTTP, but perhaps not at this API base.
    NotFound,
}

/// The routes asked, in order: Appwrite's version route, then the ping of servers without it.
const ROUTES: [&str; 2] = ["/health/version", "/ping"];

/// Asks the target `GET /health/version`, then `GET /ping` if that is 404. Any complete
/// HTTP answer will do (a wrong one fails scenarios later, with evidence); no answer
/// within [`DEADLINE`] is an error naming the target, the request and what happened.
pub async fn check(target: &Target) -> anyhow::Result<Answer> {
    let started = Instant::now();
    for (i, path) in ROUTES.into_iter().enumerate() {
        let config = ClientConfig {
            endpoint: target.endpoint.clone(),
            project: target.project.clone(),
            api_key: target.api_key.clone(),
            // The ping gets what the version request left.
            request_timeout: if i == 0 { DEADLINE } else { DEADLINE.saturating_sub(started.elapsed()).max(Duration::from_millis(100)) },
            // A version or ping answer is a few bytes; an endless body is no answer.
            max_body_bytes: 1024 * 1024,
        };
        // Its own recorder: the pre-flight is not an operation the suite exercised.
        let client = Client::new(config, Recorder::default())?;
        let response = client.send(Request::new(reqwest::Method::GET, path)).await.map_err(|e| {
            anyhow::anyhow!(
                "the target {} did not answer the pre-flight request (GET {}{path}, {} s at most): {}; no scenario was run",
                target.endpoint,
                path_prefix(&target.endpoint),
                DEADLINE.as_secs(),
                e.message
            )
        })?;
        if response.status != 404 {
            return Ok(Answer::Status { path, status: response.status });
        }
    }
    Ok(Answer::NotFound)
}

/// The path of the endpoint (`/v1`), so messages name the route the way the README does.
fn path_prefix(endpoint: &str) -> &str {
    let after_scheme = endpoint.split_once("://").map_or(endpoint, |(_, rest)| rest);
    after_scheme.find('/').map_or("", |i| &after_scheme[i..])
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Read, Write};

    fn target(endpoint: String) -> Target {
        Target::remote(&endpoint, "p", "k", &[]).expect("target")
    }

    /// A server answering each connection with `answer(request head)`, or holding it when that is `None`.
    fn server(answer: fn(&str) -> Option<String>) -> String {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let endpoint = format!("http://{}/v1", listener.local_addr().expect("addr"));
        std::thread::spawn(move || {
            for mut stream in listener.incoming().flatten() {
                std::thread::spawn(move || {
                    let mut head = [0u8; 4096];
                    let n = stream.read(&mut head).unwrap_or(0);
                    match answer(&String::from_utf8_lossy(&head[..n])) {
                        Some(text) => {
                            let _ = stream.write_all(text.as_bytes());
                        }
                        None => std::thread::sleep(Duration::from_secs(60)),
                    }
                });
            }
        });
        endpoint
    }

    fn http(status: &str, body: &str) -> Option<String> {
        Some(format!("HTTP/1.1 {status}\r\nconnection: close\r\ncontent-length: {}\r\n\r\n{body}", body.len()))
    }

    #[tokio::test]
    async fn any_answer_passes_and_a_404_asks_the_ping() {
        let version = server(|head| if head.starts_with("GET /v1/health/version ") { http("200 OK", "{}") } else { None });
        assert_eq!(check(&target(version)).await.expect("answered"), Answer::Status { path: "/health/version", status: 200 });
        let ping = server(|head| if head.starts_with("GET /v1/ping ") { http("200 OK", "Pong!") } else { http("404 Not Found", "") });
        assert_eq!(check(&target(ping)).await.expect("answered"), Answer::Status { path: "/ping", status: 200 });
        let broken = server(|_| http("500 Internal Server Error", "boom"));
        assert_eq!(check(&target(broken)).await.expect("answered"), Answer::Status { path: "/health/version", status: 500 });
        let elsewhere = server(|_| http("404 Not Found", ""));
        assert_eq!(check(&target(elsewhere)).await.expect("answered"), Answer::NotFound);
    }

    #[tokio::test]
    async fn no_answer_within_the_deadline_is_an_error_naming_the_target_and_what_happened() {
        let silent = server(|_| None);
        let started = Instant::now();
        let error = check(&target(silent.clone())).await.expect_err("a silent target fails the pre-flight").to_string();
        assert!(started.elapsed() < DEADLINE + Duration::from_secs(2), "took {:?}", started.elapsed());
        for needle in [silent.as_str(), "GET /v1/health/version", "no complete response within"] {
            assert!(error.contains(needle), "the error should contain {needle:?}: {error}");
        }
        let port = std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("a free port");
        let error = check(&target(format!("http://127.0.0.1:{port}/v1"))).await.expect_err("nothing listens").to_string();
        assert!(error.contains("could not connect"), "the error should say the connection was refused: {error}");
    }
}
