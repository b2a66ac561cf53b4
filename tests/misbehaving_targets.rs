//! A target that is down, broken or hostile makes the run fail with a report naming the
//! failures and the reason the README's table states for each, never panics, and never
//! hangs: each case here runs `conform` against a small server in the test and checks the
//! exit code, the evidence, and that the run ended within the bound the README states.
//! (`tests/target_gone.rs` runs the same kinds of target with the default limits.)

mod common;
mod hostile;

use hostile::{fixed_answer_server, raw_server_past_preflight, respond, ERROR_500};
use std::io::Write;
use std::net::TcpListener;
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

/// What a failing step says once the breaker has declared the target gone.
const GONE: &str = "the target stopped answering at ";

/// What a failing step says when the connection closed before the body was complete
/// (hyper's words, after `no response: <request>: error decoding response body: …`).
const MID_BODY: &str = "end of file before message length reached";

/// Exit 1, a failing scenario for every scenario that ran, each named on stdout with a
/// reason in summary.json: one of `reasons` (the README row's), or, once the breaker has
/// declared the target gone, that moment; at least one scenario shows a row's reason. The
/// wall time stays within the documented bound. Returns the summary for case-specific checks.
fn assert_failed_truthfully(run: &common::Run, case: &str, reasons: &[&str]) -> serde_json::Value {
    // 1 is "a scenario failed"; 0 would be a lie, 2 a run that could not start, 101 a panic.
    assert_eq!(run.output.status.code(), Some(1), "{case}: the run must fail with exit 1 (not pass, not crash)\n{}", run.explain());
    let summary = run.summary();
    // Scenarios needing a capability a remote target was not declared to have do not run.
    let ran: Vec<&serde_json::Value> =
        summary["scenarios"].as_array().expect("scenarios array").iter().filter(|s| s["status"] != "not_applicable").collect();
    assert!(!ran.is_empty(), "{case}: no scenario ran\n{}", run.explain());
    let gone = !summary["target_gone"].is_null();
    let stdout = String::from_utf8_lossy(&run.output.stdout);
    let mut with_row_reason = 0;
    let mut unexplained = Vec::new();
    for s in &ran {
        let id = s["id"].as_str().unwrap_or("?");
        assert_eq!(s["status"], "failed", "{case}: scenario {id} should fail, got {}; its steps: {}", s["status"], s["steps"]);
        let errors: Vec<&str> = s["steps"].as_array().into_iter().flatten().filter_map(|step| step["error"].as_str()).collect();
        let row_reason = errors.iter().any(|e| reasons.iter().any(|r| e.contains(r)));
        let gone_reason = gone && errors.iter().any(|e| e.contains(GONE));
        if !(row_reason || gone_reason) {
            unexplained.push(format!("{id}: {errors:?}"));
        }
        with_row_reason += usize::from(row_reason);
        assert!(stdout.contains(id), "{case}: stdout should name the failing scenario {id}; stdout:\n{stdout}");
    }
    assert!(
        unexplained.is_empty(),
        "{case}: {} scenarios failed for a reason mentioning none of {reasons:?}{}:\n  {}",
        unexplained.len(),
        if gone { " nor the moment the target went away" } else { "" },
        unexplained.join("\n  ")
    );
    assert!(with_row_reason > 0, "{case}: no scenario failed with one of {reasons:?}\n{}", run.explain());
    let bound = documented_bound(&summary);
    assert!(
        run.elapsed < bound,
        "{case}: the run took {:.1} s, beyond the documented bound of {} s\n{}",
        run.elapsed.as_secs_f64(),
        bound.as_secs(),
        run.explain()
    );
    eprintln!(
        "{case}: {} scenarios failed ({with_row_reason} with the row's reason) in {:.1} s (bound {} s); target gone: {}",
        ran.len(),
        run.elapsed.as_secs_f64(),
        bound.as_secs(),
        summary["target_gone"]
    );
    summary
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

/// Nothing to run against: the pre-flight request is refused, and the run ends at once with
/// exit 2 naming the target and what happened, before any scenario (so no report).
#[test]
fn nothing_listening_ends_the_run_at_the_preflight() {
    // Bind and drop: the port is then almost surely free, so connections are refused.
    let port = TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port();
    let dir = tempfile::tempdir().expect("tempdir");
    let endpoint = format!("http://127.0.0.1:{port}/v1");
    let run = common::conform(dir.path(), &["run", "--quiet", "--endpoint", &endpoint, "--project", "p", "--key", "k"]);
    assert_eq!(run.output.status.code(), Some(2), "a run against nothing must not start (exit 2)\n{}", run.explain());
    let stderr = String::from_utf8_lossy(&run.output.stderr);
    for needle in [endpoint.as_str(), "pre-flight request (GET /v1/health/version", "could not connect", "no scenario was run"] {
        assert!(stderr.contains(needle), "stderr should contain {needle:?}\n{}", run.explain());
    }
    assert!(run.elapsed < Duration::from_secs(10), "the pre-flight should end the run within 10 s\n{}", run.explain());
    assert!(!run.reports.join("latest").exists(), "no scenario ran, so no report is written\n{}", run.explain());
    eprintln!("connection refused: exit 2 at the pre-flight in {:.1} s", run.elapsed.as_secs_f64());
}

#[test]
fn a_server_answering_500_to_everything_fails_the_run() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let endpoint = fixed_answer_server(&runtime, 500, "application/json", ERROR_500);
    let dir = tempfile::tempdir().expect("tempdir");
    let run = run_against(dir.path(), &endpoint, None, &[]);
    let summary = assert_failed_truthfully(&run, "500 to everything", &["answered 500", r#""code":500"#]);
    assert!(summary["target_gone"].is_null(), "a target answering 500 fast still answers: the breaker must not trip\n{}", run.explain());
}

#[test]
fn a_server_that_accepts_and_never_answers_fails_within_the_bound() {
    let endpoint = raw_server_past_preflight(|stream, _| {
        // Hold the connection open, say nothing.
        std::thread::sleep(Duration::from_secs(3600));
        drop(stream);
    });
    let dir = tempfile::tempdir().expect("tempdir");
    let run = run_against(dir.path(), &endpoint, Some("@conventions"), &[]);
    assert_failed_truthfully(&run, "hanging server", &["no complete response within 1 s"]);
}

#[test]
fn a_server_closing_the_connection_mid_body_fails_the_run() {
    let endpoint = raw_server_past_preflight(|mut stream, _| {
        let _ = stream.write_all(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{\"$id\": \"cut");
        let _ = stream.flush();
        let _ = stream.shutdown(std::net::Shutdown::Both);
    });
    let dir = tempfile::tempdir().expect("tempdir");
    let run = run_against(dir.path(), &endpoint, Some("@conventions"), &[]);
    assert_failed_truthfully(&run, "connection closed mid-body", &[MID_BODY]);
}

#[test]
fn a_server_dripping_one_byte_every_200_ms_fails_within_the_bound() {
    let endpoint = raw_server_past_preflight(|stream, _| hostile::dripping_body(stream, Duration::from_millis(200)));
    let dir = tempfile::tempdir().expect("tempdir");
    let run = run_against(dir.path(), &endpoint, Some("@conventions"), &[]);
    assert_failed_truthfully(&run, "dripping server", &["no complete response within 1 s"]);
}

#[test]
fn a_server_streaming_an_endless_body_is_cut_off_at_the_body_cap() {
    let endpoint = raw_server_past_preflight(|stream, _| hostile::endless_body(stream));
    let dir = tempfile::tempdir().expect("tempdir");
    // A 1 MiB cap is reached long before the request timeout on loopback.
    let run = run_against(dir.path(), &endpoint, Some("@conventions"), &["--max-body-mib", "1"]);
    assert_failed_truthfully(&run, "endless body", &["response body exceeded 1048576 bytes"]);
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
    let summary = assert_failed_truthfully(&run, "HTML server", &["answered 200 (expected", "breaks the contract of", "Welcome to nginx!"]);
    let evidence = summary.to_string();
    assert!(evidence.contains("Welcome to nginx"), "the evidence should quote the HTML body\n{}", run.explain());
}

#[test]
fn a_server_answering_invalid_json_fails_the_run() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let endpoint = fixed_answer_server(&runtime, 200, "application/json", r#"{"$id": "x", "name": "#);
    let dir = tempfile::tempdir().expect("tempdir");
    let run = run_against(dir.path(), &endpoint, Some("@conventions"), &[]);
    assert_failed_truthfully(&run, "invalid JSON server", &["answered 200 (expected", "breaks the contract of"]);
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
    assert_failed_truthfully(
        &run,
        "200 {} to everything",
        &[
            "answered 200 (expected",
            "missing required field",
            "content-type: expected text/plain",
            "answered 200 without rate-limit headers",
            "no field \"$id\" to remember",
        ],
    );
}

/// Cleanup is bounded too: a server that lets the suite create resources and then hangs on
/// every DELETE costs each scenario at most its cleanup limit, and what stays behind is
/// reported as leftovers instead of being forgotten.
#[test]
fn a_server_hanging_on_cleanup_reports_leftovers_within_the_bound() {
    let endpoint = raw_server_past_preflight(|stream, head| {
        if head.starts_with("DELETE ") {
            std::thread::sleep(Duration::from_secs(3600));
            return;
        }
        // Every create "succeeds" with an id the ledger records; no response model is complete.
        respond(stream, "201 Created", r#"{"$id":"cfhang00-x","name":"x"}"#);
    });
    let dir = tempfile::tempdir().expect("tempdir");
    let run = run_against(dir.path(), &endpoint, Some("@op:databases.create"), &[]);
    let summary = assert_failed_truthfully(&run, "hanging cleanup", &["answered 201 (expected", "breaks the contract of"]);
    let leftovers: Vec<&str> = summary["leftovers"].as_array().expect("leftovers array").iter().filter_map(|l| l.as_str()).collect();
    assert!(
        leftovers.iter().any(|l| l.starts_with("/databases/cfhang00-x")),
        "resources whose delete hung should be reported as leftovers; got {leftovers:?}\n{}",
        run.explain()
    );
}
