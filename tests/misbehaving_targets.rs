//! A target that is down, broken or hostile makes the run fail with a report naming the
//! failures and their reason, never panics, and never hangs: each case here runs `conform`
//! against a small server in the test and checks the exit code, the evidence, and that the
//! run ended within the bound the README states.

mod common;

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::time::Duration;

/// Small limits so a hostile target costs seconds, not minutes.
const REQUEST_TIMEOUT_S: u64 = 1;
const SCENARIO_TIMEOUT_S: u64 = 3;
const CONCURRENCY: u64 = 8;

/// The run against `endpoint` with the small limits, over `tags` (a part of the suite is
/// enough: every route of a hostile target answers alike).
fn run_against(dir: &std::path::Path, endpoint: &str, tags: Option<&str>, extra: &[&str]) -> common::Run {
    let request_timeout = REQUEST_TIMEOUT_S.to_string();
    let scenario_timeout = SCENARIO_TIMEOUT_S.to_string();
    let concurrency = CONCURRENCY.to_string();
    let mut args = vec![
        "run",
        "--quiet",
        "--endpoint",
        endpoint,
        "--project",
        "p",
        "--key",
        "k",
        "--request-timeout",
        &request_timeout,
        "--scenario-timeout",
        &scenario_timeout,
        "--concurrency",
        &concurrency,
    ];
    if let Some(tags) = tags {
        args.extend(["--tags", tags]);
    }
    args.extend(extra);
    common::conform(dir, &args)
}

/// The bound the README states: (⌈parallel scenarios ÷ concurrency⌉ + @serial scenarios + 1)
/// × (scenario timeout + cleanup limit, which is at most the scenario timeout), plus 15 s
/// for start-up and reports.
fn documented_bound(summary: &serde_json::Value) -> Duration {
    let scenarios = summary["scenarios"].as_array().expect("scenarios array");
    let serial = scenarios.iter().filter(|s| s["tags"].as_array().is_some_and(|t| t.iter().any(|t| t == "@serial"))).count() as u64;
    let parallel = scenarios.len() as u64 - serial;
    let slots = parallel.div_ceil(CONCURRENCY) + serial + 1;
    Duration::from_secs(slots * 2 * SCENARIO_TIMEOUT_S + 15)
}

/// Exit 1, a failing scenario for every scenario that ran, each with a reason in
/// summary.json and named on stdout, and a wall time within the documented bound.
/// Returns the summary for case-specific checks.
fn assert_failed_truthfully(run: &common::Run, case: &str, reason_needle: &str) -> serde_json::Value {
    // 1 is "a scenario failed"; 0 would be a lie, 2 a run that could not start, 101 a panic.
    assert_eq!(run.output.status.code(), Some(1), "{case}: the run must fail with exit 1 (not pass, not crash)\n{}", run.explain());
    let summary = run.summary();
    // Scenarios needing a capability a remote target was not declared to have do not run.
    let ran: Vec<&serde_json::Value> =
        summary["scenarios"].as_array().expect("scenarios array").iter().filter(|s| s["status"] != "not_applicable").collect();
    assert!(!ran.is_empty(), "{case}: no scenario ran\n{}", run.explain());
    let stdout = String::from_utf8_lossy(&run.output.stdout);
    for s in &ran {
        let id = s["id"].as_str().unwrap_or("?");
        assert_eq!(s["status"], "failed", "{case}: scenario {id} should fail, got {}; its steps: {}", s["status"], s["steps"]);
        let errors: Vec<&str> = s["steps"].as_array().into_iter().flatten().filter_map(|step| step["error"].as_str()).collect();
        assert!(
            errors.iter().any(|e| e.contains(reason_needle)),
            "{case}: scenario {id} should fail with a reason mentioning {reason_needle:?}; step errors: {errors:?}"
        );
        assert!(stdout.contains(id), "{case}: stdout should name the failing scenario {id}; stdout:\n{stdout}");
    }
    let bound = documented_bound(&summary);
    assert!(
        run.elapsed < bound,
        "{case}: the run took {:.1} s, beyond the documented bound of {} s\n{}",
        run.elapsed.as_secs_f64(),
        bound.as_secs(),
        run.explain()
    );
    eprintln!("{case}: {} scenarios failed in {:.1} s (bound {} s)", ran.len(), run.elapsed.as_secs_f64(), bound.as_secs());
    summary
}

/// A raw HTTP/1.1 server on a random port: each connection gets its own thread, which reads
/// the request head and hands it and the stream to `answer`. Returns the endpoint (`…/v1`).
fn raw_server(answer: fn(TcpStream, &str)) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            std::thread::spawn(move || {
                let mut stream = stream;
                let head = read_head(&mut stream);
                answer(stream, &head);
            });
        }
    });
    format!("http://{addr}/v1")
}

/// Reads the request head, and a body of the stated content-length (so closing the socket
/// sends no reset that could swallow the answer).
fn read_head(stream: &mut TcpStream) -> String {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") && head.len() < 64 * 1024 {
        match stream.read(&mut byte) {
            Ok(1) => head.push(byte[0]),
            _ => break,
        }
    }
    let head = String::from_utf8_lossy(&head).into_owned();
    let length = head
        .lines()
        .find_map(|l| l.to_ascii_lowercase().strip_prefix("content-length:").map(|v| v.trim().parse::<u64>().unwrap_or(0)))
        .unwrap_or(0);
    let _ = std::io::copy(&mut (&mut *stream).take(length), &mut std::io::sink());
    head
}

/// An axum server answering every request with `status`, `content_type` and `body`.
fn fixed_answer_server(runtime: &tokio::runtime::Runtime, status: u16, content_type: &'static str, body: &'static str) -> String {
    let listener = runtime.block_on(tokio::net::TcpListener::bind("127.0.0.1:0")).expect("bind");
    let addr = listener.local_addr().expect("addr");
    let status = axum::http::StatusCode::from_u16(status).expect("status");
    let app = axum::Router::new().fallback(move || async move { (status, [("content-type", content_type)], body) });
    runtime.spawn(async move { axum::serve(listener, app).await });
    format!("http://{addr}/v1")
}

fn passed_ids(summary: &serde_json::Value) -> Vec<String> {
    summary["scenarios"]
        .as_array()
        .expect("scenarios array")
        .iter()
        .filter(|s| s["status"] == "passed")
        .filter_map(|s| s["id"].as_str().map(str::to_string))
        .collect()
}

#[test]
fn nothing_listening_fails_the_run_with_a_report() {
    // Bind and drop: the port is then almost surely free, so connections are refused.
    let port = TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port();
    let dir = tempfile::tempdir().expect("tempdir");
    let endpoint = format!("http://127.0.0.1:{port}/v1");
    let run = run_against(dir.path(), &endpoint, None, &[]);
    let summary = assert_failed_truthfully(&run, "connection refused", "could not connect");
    assert!(summary["scenarios"].as_array().map_or(0, Vec::len) >= 100, "the whole suite should have run\n{}", run.explain());
}

#[test]
fn a_server_answering_500_to_everything_fails_the_run() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let endpoint = fixed_answer_server(
        &runtime,
        500,
        "application/json",
        r#"{"message":"boom","code":500,"type":"general_unknown","version":"1.9.6"}"#,
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let run = run_against(dir.path(), &endpoint, None, &[]);
    assert_failed_truthfully(&run, "500 to everything", "500");
}

#[test]
fn a_server_that_accepts_and_never_answers_fails_within_the_bound() {
    let endpoint = raw_server(|stream, _| {
        // Hold the connection open, say nothing.
        std::thread::sleep(Duration::from_secs(3600));
        drop(stream);
    });
    let dir = tempfile::tempdir().expect("tempdir");
    let run = run_against(dir.path(), &endpoint, Some("@conventions"), &[]);
    assert_failed_truthfully(&run, "hanging server", "no complete response within");
}

#[test]
fn a_server_closing_the_connection_mid_body_fails_the_run() {
    let endpoint = raw_server(|mut stream, _| {
        let _ = stream.write_all(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{\"$id\": \"cut");
        let _ = stream.flush();
        let _ = stream.shutdown(std::net::Shutdown::Both);
    });
    let dir = tempfile::tempdir().expect("tempdir");
    let run = run_against(dir.path(), &endpoint, Some("@conventions"), &[]);
    assert_failed_truthfully(&run, "connection closed mid-body", "no response");
}

#[test]
fn a_server_dripping_one_byte_every_200_ms_fails_within_the_bound() {
    let endpoint = raw_server(|mut stream, _| {
        let _ = stream.write_all(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100000\r\n\r\n{");
        // Each byte arrives well inside any idle timeout; only a total deadline ends this.
        while stream.write_all(b" ").and_then(|_| stream.flush()).is_ok() {
            std::thread::sleep(Duration::from_millis(200));
        }
    });
    let dir = tempfile::tempdir().expect("tempdir");
    let run = run_against(dir.path(), &endpoint, Some("@conventions"), &[]);
    assert_failed_truthfully(&run, "dripping server", "no complete response within");
}

#[test]
fn a_server_streaming_an_endless_body_is_cut_off_at_the_body_cap() {
    let endpoint = raw_server(|mut stream, _| {
        let _ = stream.write_all(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n");
        let chunk = [b'a'; 64 * 1024];
        let mut framed = format!("{:x}\r\n", chunk.len()).into_bytes();
        framed.extend_from_slice(&chunk);
        framed.extend_from_slice(b"\r\n");
        while stream.write_all(&framed).is_ok() {}
    });
    let dir = tempfile::tempdir().expect("tempdir");
    // A 1 MiB cap is reached long before the request timeout on loopback.
    let run = run_against(dir.path(), &endpoint, Some("@conventions"), &["--max-body-mib", "1"]);
    assert_failed_truthfully(&run, "endless body", "response body exceeded");
}

#[test]
fn a_server_answering_html_fails_the_run() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let endpoint = fixed_answer_server(
        &runtime,
        200,
        "text/html; charset=utf-8",
        "<!DOCTYPE html><html><body><h1>Welcome to nginx!</h1></body></html>",
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let run = run_against(dir.path(), &endpoint, Some("@conventions"), &[]);
    let summary = assert_failed_truthfully(&run, "HTML server", "");
    let evidence = summary.to_string();
    assert!(evidence.contains("Welcome to nginx"), "the evidence should quote the HTML body\n{}", run.explain());
}

#[test]
fn a_server_answering_invalid_json_fails_the_run() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let endpoint = fixed_answer_server(&runtime, 200, "application/json", r#"{"$id": "x", "name": "#);
    let dir = tempfile::tempdir().expect("tempdir");
    let run = run_against(dir.path(), &endpoint, Some("@conventions"), &[]);
    assert_failed_truthfully(&run, "invalid JSON server", "");
}

/// A suite that passes a server answering `200 {}` to everything checks nothing: every
/// scenario must fail, through the status checks and the response model's required fields.
#[test]
fn a_server_answering_200_empty_object_to_everything_fails_every_scenario() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let endpoint = fixed_answer_server(&runtime, 200, "application/json", "{}");
    let dir = tempfile::tempdir().expect("tempdir");
    let run = run_against(dir.path(), &endpoint, None, &[]);
    assert_eq!(run.output.status.code(), Some(1), "200 {{}} to everything must fail the run\n{}", run.explain());
    let summary = run.summary();
    let passed = passed_ids(&summary);
    assert!(passed.is_empty(), "no scenario may pass against a server answering 200 {{}} to everything; these did: {passed:?}");
    assert_failed_truthfully(&run, "200 {} to everything", "");
}

/// Cleanup is bounded too: a server that lets the suite create resources and then hangs on
/// every DELETE costs each scenario at most its cleanup limit, and what stays behind is
/// reported as leftovers instead of being forgotten.
#[test]
fn a_server_hanging_on_cleanup_reports_leftovers_within_the_bound() {
    let endpoint = raw_server(|mut stream, head| {
        if head.starts_with("DELETE ") {
            std::thread::sleep(Duration::from_secs(3600));
            return;
        }
        // Every create "succeeds" with an id the ledger records; no response model is complete.
        let body = r#"{"$id":"cfhang00-x","name":"x"}"#;
        let _ = write!(
            stream,
            "HTTP/1.1 201 Created\r\nconnection: close\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
            body.len()
        );
    });
    let dir = tempfile::tempdir().expect("tempdir");
    let run = run_against(dir.path(), &endpoint, Some("@op:databases.create"), &[]);
    let summary = assert_failed_truthfully(&run, "hanging cleanup", "");
    let leftovers: Vec<&str> = summary["leftovers"].as_array().expect("leftovers array").iter().filter_map(|l| l.as_str()).collect();
    assert!(
        leftovers.iter().any(|l| l.starts_with("/databases/cfhang00-x")),
        "resources whose delete hung should be reported as leftovers; got {leftovers:?}\n{}",
        run.explain()
    );
}
