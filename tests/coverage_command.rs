//! `conform coverage` from the suite's tags and from a run, in both formats, and the
//! coverage a run's summary.json carries.

mod common;

use std::path::Path;

/// One scenario tagged with an operation it requests, one tagged with an operation it never requests.
const FEATURE: &str = "Feature: Ping\n\n  @id:ping @op:general.ping\n  Scenario: ping\n    When a guest sends GET /ping\n    Then the response status is 200\n\n  \
@id:version-claimed @op:health.getVersion\n  Scenario: claims getVersion but only pings\n    When a guest sends GET /ping\n    Then the response status is 200\n";

fn coverage_json(dir: &Path, args: &[&str]) -> serde_json::Value {
    let mut all = vec!["coverage", "--format", "json"];
    all.extend(args);
    let run = common::conform(dir, &all);
    assert_eq!(run.output.status.code(), Some(0), "coverage should succeed\n{}", run.explain());
    serde_json::from_slice(&run.output.stdout).unwrap_or_else(|e| panic!("stdout is not JSON: {e}\n{}", run.explain()))
}

fn status_of(coverage: &serde_json::Value, id: &str) -> serde_json::Value {
    coverage["services"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|s| s["operations"].as_array().into_iter().flatten())
        .find(|o| o["id"] == id)
        .map(|o| o["status"].clone())
        .unwrap_or_else(|| panic!("no operation {id} in {coverage}"))
}

#[test]
fn the_suite_covers_operations_by_its_tags() {
    let dir = tempfile::tempdir().expect("tempdir");
    let features = Path::new(env!("CARGO_MANIFEST_DIR")).join("features").display().to_string();
    let c = coverage_json(dir.path(), &["--features", &features]);
    assert_eq!(c["format_version"], 1, "versioned output");
    let total = c["totals"]["operations"].as_u64().unwrap_or(0);
    let covered = c["totals"]["covered"].as_u64().unwrap_or(0);
    assert!(total >= 200 && covered >= 40 && covered < total, "whole contract counted, the suite covers part of it: {}", c["totals"]);
    assert_eq!(status_of(&c, "account.createEmailPasswordSession"), "covered", "tagged in features/account");
    assert_eq!(c["unknown_operations"], serde_json::json!([]), "every @op tag of the suite names a contract operation");

    let only = coverage_json(dir.path(), &["--features", &features, "--service", "account", "--uncovered"]);
    let services: Vec<&str> = only["services"].as_array().into_iter().flatten().filter_map(|s| s["service"].as_str()).collect();
    assert_eq!(services, ["account"], "--service keeps one service");
    let listed: Vec<&serde_json::Value> = only["services"][0]["operations"].as_array().into_iter().flatten().collect();
    assert!(listed.iter().all(|o| o["status"] != "covered"), "--uncovered lists no covered operation: {listed:?}");

    let bad = common::conform(dir.path(), &["coverage", "--features", &features, "--service", "nosuch"]);
    assert_eq!(bad.output.status.code(), Some(2), "an unknown service is bad input\n{}", bad.explain());
    assert!(String::from_utf8_lossy(&bad.output.stderr).contains("account"), "the error lists the services\n{}", bad.explain());
}

#[test]
fn a_run_tells_tagged_from_really_requested() {
    let dir = tempfile::tempdir().expect("tempdir");
    let features = dir.path().join("features/general");
    std::fs::create_dir_all(&features).expect("features dir");
    std::fs::write(features.join("ping.feature"), FEATURE).expect("write feature");
    let features = dir.path().join("features").display().to_string();
    let run = common::conform(dir.path(), &["run", "--quiet", "--features", &features]);
    assert_eq!(run.output.status.code(), Some(0), "both scenarios pass against the bundled server\n{}", run.explain());

    let in_summary = &run.summary()["coverage"];
    assert_eq!(status_of(in_summary, "general.ping"), "covered", "summary.json carries coverage; tagged and requested");
    assert_eq!(status_of(in_summary, "health.getVersion"), "not_requested", "tagged but never requested is not covered");

    let from = dir.path().join("reports/latest").display().to_string();
    let c = coverage_json(dir.path(), &["--features", &features, "--from", &from]);
    assert_eq!(status_of(&c, "general.ping"), "covered");
    assert_eq!(status_of(&c, "health.getVersion"), "not_requested");
    assert_eq!(status_of(&c, "users.delete"), "uncovered");
    assert_eq!(c["totals"]["covered"], 1, "totals: {}", c["totals"]);

    let text = common::conform(dir.path(), &["coverage", "--features", &features, "--from", &from, "--service", "general"]);
    let stdout = String::from_utf8_lossy(&text.output.stdout);
    assert!(stdout.contains("general  covered 1/1  (tagged 1, requested 1)"), "human table with counts per service\n{}", text.explain());
}

/// A small inventory beside a features folder: one behaviour checked by the passing scenario,
/// one by a scenario that fails, one not written (todo), one no scenario can check.
const INVENTORY: &str = r#"
[[behaviour]]
id = "general.ping-answers"
says = "GET /ping → 200"
sources = ["1.9.6:tests/e2e/General/PingTest.php"]
scenarios = ["ping"]

[[behaviour]]
id = "general.ping-fails"
says = "GET /ping → 418 (this test's own failing scenario)"
sources = ["1.9.6:tests/e2e/General/PingTest.php"]
scenarios = ["teapot"]

[[behaviour]]
id = "general.not-written"
says = "GET /ping with a body → 200"
sources = ["1.9.6:tests/e2e/General/PingTest.php"]
todo = "not written yet"

[[behaviour]]
id = "general.mail"
says = "an e-mail is sent"
sources = ["1.9.6:tests/e2e/General/PingTest.php"]
cannot = "needs e-mail delivery"
"#;

const TEAPOT: &str = "Feature: Teapot\n\n  @id:teapot @op:general.ping\n  Scenario: ping is not a teapot\n    When a guest sends GET /ping\n    Then the response status is 418\n";

#[test]
fn behaviours_are_counted_from_the_features_and_from_a_run() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir_all(dir.path().join("features/general")).expect("features dir");
    std::fs::write(dir.path().join("features/general/ping.feature"), FEATURE).expect("write feature");
    std::fs::write(dir.path().join("features/general/teapot.feature"), TEAPOT).expect("write feature");
    std::fs::create_dir_all(dir.path().join("contract/behaviours")).expect("inventory dir");
    std::fs::write(dir.path().join("contract/behaviours/general.toml"), INVENTORY).expect("write inventory");
    let features = dir.path().join("features").display().to_string();

    let c = coverage_json(dir.path(), &["--features", &features, "--behaviours"]);
    let totals = &c["totals"];
    assert_eq!((totals["covered"].as_u64(), totals["todo"].as_u64(), totals["cannot"].as_u64()), (Some(2), Some(1), Some(1)), "{c}");

    let run = common::conform(dir.path(), &["run", "--quiet", "--features", &features]);
    assert_eq!(run.output.status.code(), Some(1), "the teapot scenario fails\n{}", run.explain());
    let in_summary = &run.summary()["behaviours"]["totals"];
    assert_eq!(in_summary["covered"], 1, "a run counts only the scenarios that passed: {in_summary}");
    assert_eq!(in_summary["unchecked"], 1, "the failed scenario's behaviour is unchecked: {in_summary}");
    let html = std::fs::read_to_string(dir.path().join("reports/latest/report.html")).expect("report.html");
    assert!(html.contains("Behaviour coverage") && html.contains("covered 1/3 checkable"), "report.html shows behaviour coverage");

    let from = dir.path().join("reports/latest").display().to_string();
    let text = common::conform(dir.path(), &["coverage", "--features", &features, "--behaviours", "--from", &from, "--uncovered"]);
    let stdout = String::from_utf8_lossy(&text.output.stdout);
    assert!(stdout.contains("1/3 = 33.3 %"), "per-area table\n{}", text.explain());
    assert!(
        stdout.contains("✗ general.not-written") && stdout.contains("✗ general.ping-fails"),
        "open behaviours listed\n{}",
        text.explain()
    );
    assert!(!stdout.contains("general.mail"), "cannot-entries are not open\n{}", text.explain());

    std::fs::write(dir.path().join("contract/behaviours/general.toml"), INVENTORY.replace("\"teapot\"", "\"ghost\"")).expect("rewrite");
    let bad = common::conform(dir.path(), &["coverage", "--features", &features, "--behaviours"]);
    assert_eq!(bad.output.status.code(), Some(2), "an inventory naming a missing scenario is bad input\n{}", bad.explain());
    assert!(String::from_utf8_lossy(&bad.output.stderr).contains("no scenario has @id:ghost"), "the problem is named\n{}", bad.explain());
}
