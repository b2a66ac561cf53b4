//! The whole suite sent the way each official client sends requests (`--client-style`),
//! against the bundled server: a server that copes with only one client's wire habits fails.
//! The Node style is the default, so `tests/suite_against_reference.rs` is its run. The
//! `@slow` scenarios are left out: they wait (a transaction's minute), which no wire habit changes.

mod common;

use std::sync::Mutex;

/// One whole-suite run at a time: two beside each other on a small machine stretch the
/// rate-limit scenarios' bursts past their (shortened) windows.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

fn the_whole_suite_passes_in_the_style(style: &str) {
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let dir = tempfile::tempdir().expect("tempdir");
    let run = common::conform(dir.path(), &["run", "--quiet", "--client-style", style, "--tags", "not @slow"]);
    assert_eq!(
        run.output.status.code(),
        Some(0),
        "the suite failed against the bundled server with requests sent in the {style} style\n{}",
        run.explain()
    );
    let stderr = String::from_utf8_lossy(&run.output.stderr);
    let announced = format!("requests sent the way the {style} client sends them");
    assert!(stderr.contains(&announced), "the run should say {announced:?}\n{}", run.explain());
    let summary = run.summary();
    let scenarios = summary["scenarios"].as_array().expect("scenarios array in summary.json");
    assert!(scenarios.len() >= 40, "only {} scenarios ran in the {style} style; the suite lost some", scenarios.len());
}

#[test]
fn the_whole_suite_passes_sent_the_way_the_python_sdk_sends_requests() {
    the_whole_suite_passes_in_the_style("python");
}

#[test]
fn the_whole_suite_passes_sent_the_way_the_cli_sends_requests() {
    the_whole_suite_passes_in_the_style("cli");
}
