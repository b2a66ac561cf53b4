//! Runs repeated against one long-lived server stay green: a CI job running the suite against
//! a staging server again and again must not fail because an earlier run spent a rate-limit
//! budget. One reference server with the documented windows (an hour is an hour) serves three
//! whole-suite runs in a row, and every run must pass.
//!
//! The server lacks `fast-rate-windows` (a per-minute window takes up to a minute to reset,
//! longer than a scenario waits), so it is the one capability not declared: the scenarios that
//! need it must be reported not applicable, and nothing else may be. The `@slow` scenarios
//! (a transaction waiting out its minute, a 100 MiB upload) spend no budget and are left out:
//! they would only add a minute to every run.

mod common;

use conform::outcome::{RunReport, Status};
use conform::target::CAPABILITIES;

const RUNS: usize = 3;
const PROJECT: &str = "repeat";
/// Keys of a throwaway server that lives as long as this test.
const KEY: &str = "repeat-runs-key";
const READ_ONLY_KEY: &str = "repeat-runs-read-only-key";
/// The capability a server with documented windows does not have.
const FAST_WINDOWS: &str = "fast-rate-windows";

fn start_server(runtime: &tokio::runtime::Runtime, data: &std::path::Path) -> conform_reference::RunningServer {
    let config = conform_reference::Config {
        project_id: PROJECT.into(),
        api_keys: vec![
            conform_reference::ApiKey::all_scopes(KEY),
            conform_reference::ApiKey {
                secret: READ_ONLY_KEY.into(),
                scopes: conform::world::READ_ONLY_SCOPES.iter().map(|s| s.to_string()).collect(),
            },
        ],
        data_dir: data.to_path_buf(),
        listen: std::net::SocketAddr::from(([127, 0, 0, 1], 0)),
        rate_limit_window_scale: 1.0,
        platforms: conform_reference::config::default_platforms(),
        faults: Vec::new(),
    };
    runtime.block_on(conform_reference::start(config)).unwrap_or_else(|e| panic!("starting the reference server: {e}"))
}

/// Each scenario that fails the run, with where it is and why: its failing step and error.
fn failures(report: &RunReport) -> Vec<String> {
    report
        .scenarios
        .iter()
        .filter(|s| s.verdict.fails_run())
        .map(|s| {
            let why = match s.steps.iter().find(|step| step.error.is_some()) {
                Some(step) => format!("step {:?} (line {}): {}", step.text, step.line, step.error.as_deref().unwrap_or_default()),
                None => s.status_reason.clone().unwrap_or_else(|| format!("{:?}", s.status)),
            };
            format!("{} ({}:{}, {:?}): {why}", s.id, s.feature_path, s.line, s.name)
        })
        .collect()
}

#[test]
fn three_whole_suite_runs_against_one_server_with_documented_windows_all_pass() {
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("a tokio runtime");
    let data = tempfile::tempdir().expect("tempdir for the server's data");
    let server = start_server(&runtime, data.path());
    let endpoint = format!("http://{}/v1", server.addr);
    let mut args = vec![
        "run",
        "--quiet",
        "--endpoint",
        &endpoint,
        "--project",
        PROJECT,
        "--key",
        KEY,
        "--read-only-key",
        READ_ONLY_KEY,
        "--tags",
        "not @slow",
    ];
    for (capability, _) in CAPABILITIES.iter().filter(|(name, _)| *name != FAST_WINDOWS) {
        args.extend(["--capability", capability]);
    }
    let reports = tempfile::tempdir().expect("tempdir for reports");
    let mut scenario_counts = Vec::new();
    for round in 1..=RUNS {
        let run = common::conform(&reports.path().join(format!("run-{round}")), &args);
        let summary = run.reports.join("latest").join(conform::report::SUMMARY_JSON_FILE);
        let report = RunReport::load(&summary).unwrap_or_else(|e| panic!("run {round} of {RUNS}: {e}\n{}", run.explain()));
        let failed = failures(&report);
        assert!(
            failed.is_empty() && run.output.status.code() == Some(0),
            "run {round} of {RUNS} against one server with documented rate-limit windows failed {} scenario(s); a scenario \
             failing only in a later run spends a budget an earlier run spent (give it a fresh user or value, see \
             tests/rate_limit_budgets.rs):\n  {}\n{}",
            failed.len(),
            failed.join("\n  "),
            run.explain()
        );
        let wrongly_not_applicable: Vec<String> = report
            .scenarios
            .iter()
            .filter(|s| (s.status == Status::NotApplicable) != s.tags.iter().any(|t| t == &format!("@needs:{FAST_WINDOWS}")))
            .map(|s| format!("{} ({}:{}) is {:?} with tags {:?}", s.id, s.feature_path, s.line, s.status, s.tags))
            .collect();
        assert!(
            wrongly_not_applicable.is_empty(),
            "run {round}: exactly the @needs:{FAST_WINDOWS} scenarios should be not applicable (every other capability \
             was declared):\n  {}",
            wrongly_not_applicable.join("\n  ")
        );
        // For the README's numbers (`cargo test --test repeat_runs -- --nocapture`).
        eprintln!(
            "run {round} of {RUNS}: {} scenarios, {} passed, {} not applicable, {:.1} s",
            report.scenarios.len(),
            report.totals.passed,
            report.totals.not_applicable,
            run.elapsed.as_secs_f64()
        );
        scenario_counts.push(report.scenarios.len());
    }
    runtime.block_on(server.shutdown());
    assert!(scenario_counts.iter().all(|n| *n == scenario_counts[0] && *n > 500), "scenarios per run: {scenario_counts:?}");
}
