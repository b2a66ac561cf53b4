//! Appwrite answers a chunk 429 `general_rate_limit_exceeded` with `Retry-After: 5` when the
//! upload's lock is held too long ("File upload is busy. Try again."), and its own e2e tests
//! send the chunk again after the delay. The suite's whole-file uploads must do the same, or a
//! correct Appwrite under lock contention fails `storage-chunked-sdk-parallel`. A proxy in front
//! of the bundled server answers continuation chunks "busy" a set number of times.

mod common;

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

const KEY: &str = "busy-retry-key";
const PROJECT: &str = "busyretry";
const SCENARIO: &str = "^As the SDKs do it, the first chunk alone and then eight at a time$";

struct Proxy {
    backend: String,
    http: reqwest::Client,
    /// Busy answers still to give.
    busy_left: AtomicUsize,
    busy_given: AtomicUsize,
}

/// A continuation chunk: the SDKs send the file's ID in `X-Appwrite-ID` from the second chunk on.
fn is_continuation_chunk(method: &Method, path: &str, headers: &HeaderMap) -> bool {
    method == Method::POST && path.ends_with("/files") && headers.contains_key("x-appwrite-id")
}

async fn forward(State(proxy): State<Arc<Proxy>>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let path = parts.uri.path().to_string();
    // Read the whole chunk first, as Appwrite does before it answers: an answer before the body
    // is read breaks the client's pipe.
    let bytes: Bytes = axum::body::to_bytes(body, usize::MAX).await.expect("request body");
    if is_continuation_chunk(&parts.method, &path, &parts.headers)
        && proxy.busy_left.fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1)).is_ok()
    {
        proxy.busy_given.fetch_add(1, Ordering::SeqCst);
        let body = r#"{"message":"File upload is busy. Try again.","code":429,"type":"general_rate_limit_exceeded","version":"1.9.6"}"#;
        return (StatusCode::TOO_MANY_REQUESTS, [("content-type", "application/json"), ("retry-after", "1")], body).into_response();
    }
    let url = format!("{}{}", proxy.backend, parts.uri.path_and_query().map(|p| p.as_str()).unwrap_or("/"));
    let mut outgoing = proxy.http.request(parts.method.clone(), url).body(bytes);
    for (name, value) in &parts.headers {
        if name != "host" && name != "content-length" {
            outgoing = outgoing.header(name, value);
        }
    }
    let answer = outgoing.send().await.expect("the bundled server answers");
    let status = answer.status();
    let headers = answer.headers().clone();
    let body = answer.bytes().await.expect("the bundled server's body");
    let mut response = Response::new(axum::body::Body::from(body));
    *response.status_mut() = status;
    for (name, value) in &headers {
        if name != "content-length" && name != "transfer-encoding" {
            response.headers_mut().append(name, value.clone());
        }
    }
    response
}

/// Runs the SDK-order chunked upload scenario through a proxy that answers `busy` continuation
/// chunks "busy"; returns the run (with the folder holding its reports) and how many busy
/// answers the proxy gave.
fn run_with_busy_answers(busy: usize) -> (tempfile::TempDir, common::Run, usize) {
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime");
    let data = tempfile::tempdir().expect("temp dir");
    let config = conform_reference::Config {
        project_id: PROJECT.into(),
        api_keys: vec![conform_reference::ApiKey::all_scopes(KEY)],
        data_dir: data.path().to_path_buf(),
        listen: std::net::SocketAddr::from(([127, 0, 0, 1], 0)),
        rate_limit_window_scale: 1.0,
        platforms: conform_reference::config::default_platforms(),
        faults: Vec::new(),
    };
    let server = runtime.block_on(conform_reference::start(config)).expect("start the bundled server");
    let proxy = Arc::new(Proxy {
        backend: format!("http://{}", server.addr),
        http: reqwest::Client::new(),
        busy_left: AtomicUsize::new(busy),
        busy_given: AtomicUsize::new(0),
    });
    let listener = runtime.block_on(tokio::net::TcpListener::bind("127.0.0.1:0")).expect("bind the proxy");
    let endpoint = format!("http://{}/v1", listener.local_addr().expect("proxy address"));
    let app = axum::Router::new().fallback(forward).layer(DefaultBodyLimit::disable()).with_state(proxy.clone());
    runtime.spawn(async move { axum::serve(listener, app).await });

    let dir = tempfile::tempdir().expect("temp dir");
    let run =
        common::conform(dir.path(), &["run", "--quiet", "--endpoint", &endpoint, "--project", PROJECT, "--key", KEY, "--name", SCENARIO]);
    runtime.block_on(server.shutdown());
    let given = proxy.busy_given.load(Ordering::SeqCst);
    (dir, run, given)
}

#[test]
fn chunks_answered_busy_are_sent_again_after_retry_after() {
    let (_reports, run, given) = run_with_busy_answers(2);
    assert_eq!(given, 2, "the proxy should have answered two chunks busy\n{}", run.explain());
    assert_eq!(run.output.status.code(), Some(0), "a server busy twice (429 with Retry-After) must not fail the upload\n{}", run.explain());
    let summary = run.summary();
    assert_eq!(summary["totals"]["passed"], 1, "exactly the one scenario should run and pass\n{}", run.explain());
}

#[test]
fn a_chunk_still_busy_after_the_retries_fails_with_the_servers_answer() {
    let (_reports, run, given) = run_with_busy_answers(usize::MAX);
    assert_eq!(run.output.status.code(), Some(1), "an upload that stays busy must fail\n{}", run.explain());
    assert!(given >= 4, "each chunk should be tried 1 + 3 times before the step gives up; the proxy gave {given} busy answers");
    let stdout = String::from_utf8_lossy(&run.output.stdout);
    let summary = run.summary();
    let reason = summary["scenarios"][0]["steps"].as_array().into_iter().flatten().find_map(|s| s["error"].as_str()).unwrap_or_default();
    assert!(reason.contains("429"), "the failure should quote the busy answer, got {reason:?}\n{stdout}");
}
