//! A target that stops answering must not hold CI for a quarter of an hour: with the
//! default limits (15 s per request, 120 s per scenario, 160 MiB per body) the whole suite
//! against a target that hangs from the start ends at the pre-flight (exit 2, within 10 s),
//! and against one that hangs, drips, streams an endless body or dies mid-run it ends within
//! 60 s (exit 1) with the report naming the moment the target went away. A target that
//! answers slowly, but answers, never trips the breaker.

mod common;
mod hostile;

use hostile::{answered_preflight, raw_server, raw_server_dying_after, raw_server_past_preflight, respond, ERROR_500};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// What the issue asks of a run against a target that went away.
const GONE_BOUND: Duration = Duration::from_secs(60);
/// What it asks of a run whose pre-flight got no answer.
const PREFLIGHT_BOUND: Duration = Duration::from_secs(10);
/// Past this the run is killed as hung: far above the bounds, far below a quarter of an hour.
const KILL_AFTER: Duration = Duration::from_secs(180);

/// The whole suite against `endpoint`, default limits.
fn whole_suite(dir: &std::path::Path, endpoint: &str) -> common::Run {
    common::conform_within(dir, &["run", "--quiet", "--endpoint", endpoint, "--project", "p", "--key", "k"], KILL_AFTER)
}

/// `2026-12-03T08:32:18.878636968Z` → `2026-12-03 08:32:18`: how scenario errors and the
/// printed summary write the moment summary.json holds.
fn printed_moment(at: &str) -> String {
    at.replacen('T', " ", 1).chars().take(19).collect()
}

/// Exit 1 within [`GONE_BOUND`]; summary.json's `target_gone` says when; every scenario
/// failed (none passed or was skipped), those not finished by then with "the target stopped
/// answering at <that moment>", and the printed summary and HTML report say it too.
fn assert_went_away(run: &common::Run, case: &str) -> serde_json::Value {
    assert_eq!(run.output.status.code(), Some(1), "{case}: the run must fail with exit 1\n{}", run.explain());
    assert!(
        run.elapsed < GONE_BOUND,
        "{case}: the run took {:.1} s, beyond {} s\n{}",
        run.elapsed.as_secs_f64(),
        GONE_BOUND.as_secs(),
        run.explain()
    );
    let summary = run.summary();
    let gone = &summary["target_gone"];
    let at =
        gone["at"].as_str().unwrap_or_else(|| panic!("{case}: summary.json has no target_gone.at; target_gone: {gone}\n{}", run.explain()));
    let moment = format!("the target stopped answering at {}", printed_moment(at));
    let scenarios = summary["scenarios"].as_array().expect("scenarios array");
    let mut not_run = 0;
    for s in scenarios.iter().filter(|s| s["status"] != "not_applicable") {
        let id = s["id"].as_str().unwrap_or("?");
        assert_eq!(s["status"], "failed", "{case}: scenario {id} should have failed, got {}; steps: {}", s["status"], s["steps"]);
        let errors: Vec<&str> = s["steps"].as_array().into_iter().flatten().filter_map(|step| step["error"].as_str()).collect();
        not_run += usize::from(errors.iter().any(|e| e.starts_with("not run: ") && e.contains(&moment)));
    }
    assert!(not_run > 0, "{case}: no scenario failed with \"not run: {moment}…\"\n{}", run.explain());
    let stdout = String::from_utf8_lossy(&run.output.stdout);
    assert!(stdout.contains(&moment), "{case}: the printed summary should say {moment:?}\n{}", run.explain());
    let html = std::fs::read_to_string(run.reports.join("latest").join("report.html")).expect("report.html");
    assert!(html.contains(&printed_moment(at)), "{case}: report.html should name the moment {at}");
    let mut slowest: Vec<(u64, &str)> =
        scenarios.iter().map(|s| (s["duration_ms"].as_u64().unwrap_or(0), s["id"].as_str().unwrap_or("?"))).collect();
    slowest.sort_unstable_by(|a, b| b.cmp(a));
    slowest.truncate(3);
    eprintln!(
        "{case}: exit 1 in {:.1} s; the target went away {:.1} s into the run ({}), {not_run} of {} scenarios not run; slowest (ms, id): {slowest:?}",
        run.elapsed.as_secs_f64(),
        gone["after_ms"].as_f64().unwrap_or(0.0) / 1000.0,
        gone["last_error"].as_str().unwrap_or("?"),
        scenarios.len()
    );
    summary
}

#[test]
fn a_target_hanging_from_the_start_ends_at_the_preflight_within_10_s() {
    let endpoint = raw_server(|stream, _| {
        std::thread::sleep(Duration::from_secs(3600));
        drop(stream);
    });
    let dir = tempfile::tempdir().expect("tempdir");
    let run = whole_suite(dir.path(), &endpoint);
    assert_eq!(run.output.status.code(), Some(2), "a run whose pre-flight got no answer must not start (exit 2)\n{}", run.explain());
    assert!(run.elapsed < PREFLIGHT_BOUND, "the pre-flight took {:.1} s\n{}", run.elapsed.as_secs_f64(), run.explain());
    let stderr = String::from_utf8_lossy(&run.output.stderr);
    for needle in [endpoint.as_str(), "GET /v1/health/version", "no complete response within 5 s", "no scenario was run"] {
        assert!(stderr.contains(needle), "stderr should contain {needle:?}\n{}", run.explain());
    }
    eprintln!("hangs from the start: exit 2 at the pre-flight in {:.1} s", run.elapsed.as_secs_f64());
}

#[test]
fn a_target_hanging_after_40_requests_is_declared_gone() {
    let answered = Arc::new(AtomicUsize::new(0));
    let endpoint = raw_server_past_preflight(move |stream, _| {
        if answered.fetch_add(1, Ordering::SeqCst) < 40 {
            respond(stream, "500 Internal Server Error", ERROR_500);
        } else {
            std::thread::sleep(Duration::from_secs(3600));
        }
    });
    let dir = tempfile::tempdir().expect("tempdir");
    let run = whole_suite(dir.path(), &endpoint);
    let summary = assert_went_away(&run, "hangs after 40 requests");
    let last = summary["target_gone"]["last_error"].as_str().unwrap_or_default();
    assert!(last.contains("no complete response within 15 s"), "the last unanswered request timed out; got {last:?}");
}

#[test]
fn a_target_dripping_a_byte_every_2_s_is_declared_gone() {
    let endpoint = raw_server_past_preflight(|stream, _| hostile::dripping_body(stream, Duration::from_secs(2)));
    let dir = tempfile::tempdir().expect("tempdir");
    let run = whole_suite(dir.path(), &endpoint);
    assert_went_away(&run, "drips a byte every 2 s");
}

#[test]
fn a_target_streaming_an_endless_body_is_declared_gone() {
    let endpoint = raw_server_past_preflight(|stream, _| hostile::endless_body(stream));
    let dir = tempfile::tempdir().expect("tempdir");
    let run = whole_suite(dir.path(), &endpoint);
    let summary = assert_went_away(&run, "endless body");
    let last = summary["target_gone"]["last_error"].as_str().unwrap_or_default();
    assert!(last.contains("response body exceeded 167772160 bytes"), "the last unanswered request hit the body cap; got {last:?}");
}

#[test]
fn a_target_that_stops_listening_mid_run_is_declared_gone() {
    // The pre-flight and 40 requests, one connection each (every answer closes it), then refused.
    let endpoint = raw_server_dying_after(41, |stream, head| {
        if !answered_preflight(&stream, head) {
            respond(stream, "500 Internal Server Error", ERROR_500);
        }
    });
    let dir = tempfile::tempdir().expect("tempdir");
    let run = whole_suite(dir.path(), &endpoint);
    let summary = assert_went_away(&run, "dies mid-run");
    let last = summary["target_gone"]["last_error"].as_str().unwrap_or_default();
    assert!(last.contains("could not connect"), "the last unanswered request was refused; got {last:?}");
}

/// Slow is not gone: every answer takes 2 s (well within the 15 s request timeout) and the
/// breaker never trips; each scenario fails on the answer itself.
#[test]
fn a_target_answering_slowly_never_trips_the_breaker() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let endpoint = hostile::fixed_answer_server_after(&runtime, 500, "application/json", ERROR_500, Duration::from_secs(2));
    let dir = tempfile::tempdir().expect("tempdir");
    let run =
        common::conform(dir.path(), &["run", "--quiet", "--endpoint", &endpoint, "--project", "p", "--key", "k", "--tags", "@conventions"]);
    assert_eq!(run.output.status.code(), Some(1), "500 to everything fails the run\n{}", run.explain());
    let summary = run.summary();
    assert!(
        summary["target_gone"].is_null(),
        "a target that answers, however slowly, is not gone: {}\n{}",
        summary["target_gone"],
        run.explain()
    );
    for s in summary["scenarios"].as_array().expect("scenarios array").iter().filter(|s| s["status"] != "not_applicable") {
        let errors: Vec<&str> = s["steps"].as_array().into_iter().flatten().filter_map(|step| step["error"].as_str()).collect();
        assert!(
            errors.iter().any(|e| e.contains("answered 500") || e.contains(r#""code":500"#)),
            "scenario {} should fail on the 500 it got; step errors: {errors:?}",
            s["id"]
        );
    }
    eprintln!("slow answers: exit 1 in {:.1} s, breaker not tripped", run.elapsed.as_secs_f64());
}

/// `conform load` asks the same pre-flight before any load.
#[test]
fn a_load_against_nothing_ends_at_the_preflight() {
    let port = std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("a free port");
    let endpoint = format!("http://127.0.0.1:{port}/v1");
    let dir = tempfile::tempdir().expect("tempdir");
    let reports = dir.path().join("reports").display().to_string();
    let run = common::conform_within(
        dir.path(),
        &["load", "--scenario", "ping", "--endpoint", &endpoint, "--project", "p", "--key", "k", "--reports", &reports],
        KILL_AFTER,
    );
    assert_eq!(run.output.status.code(), Some(2), "a load whose pre-flight was refused must not start (exit 2)\n{}", run.explain());
    assert!(run.elapsed < PREFLIGHT_BOUND, "the pre-flight took {:.1} s\n{}", run.elapsed.as_secs_f64(), run.explain());
    let stderr = String::from_utf8_lossy(&run.output.stderr);
    for needle in [endpoint.as_str(), "pre-flight request (GET /v1/health/version", "could not connect"] {
        assert!(stderr.contains(needle), "stderr should contain {needle:?}\n{}", run.explain());
    }
}
