//! The whole suite against the bundled reference server: every scenario of the features
//! runs (none lost, none "not applicable": the bundled server has every capability) and
//! passes, and every report is written. And the harness has no silent paths: a step whose
//! text cannot become the request it describes fails, instead of sending something else.

mod common;

use cucumber::feature::Ext as _;
use std::path::{Path, PathBuf};

/// Scenarios in the `.feature` files under `dir`, counted the way the runner counts them:
/// each scenario once, each row of an outline's Examples once (cucumber's own expansion).
fn scenarios_in(dir: &Path) -> usize {
    let mut count = 0;
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display())) {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            count += scenarios_in(&path);
        } else if path.extension().is_some_and(|e| e == "feature") {
            let feature = cucumber::gherkin::Feature::parse_path(&path, cucumber::gherkin::GherkinEnv::default())
                .unwrap_or_else(|e| panic!("{} does not parse: {e}", path.display()))
                .expand_examples()
                .unwrap_or_else(|e| panic!("{}: examples do not expand: {e}", path.display()));
            count += feature.scenarios.len() + feature.rules.iter().map(|r| r.scenarios.len()).sum::<usize>();
        }
    }
    count
}

#[test]
fn the_whole_suite_passes_against_the_bundled_server() {
    let features = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("features");
    let expected = scenarios_in(&features);
    let dir = tempfile::tempdir().expect("tempdir");
    let run = common::conform(dir.path(), &["run", "--quiet"]);
    assert_eq!(run.output.status.code(), Some(0), "the suite failed against the bundled server\n{}", run.explain());
    for file in ["junit.xml", "cucumber.json", "summary.json", "report.html"] {
        let path = run.reports.join("latest").join(file);
        let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        assert!(size > 0, "{} is missing or empty\n{}", path.display(), run.explain());
    }
    let summary = run.summary();
    let scenarios = summary["scenarios"].as_array().expect("scenarios array in summary.json");
    assert_eq!(scenarios.len(), expected, "summary.json holds {} scenarios; {} has {expected}", scenarios.len(), features.display());
    let not_passed: Vec<String> = scenarios
        .iter()
        .filter(|s| s["status"] != "passed")
        .map(|s| format!("{} ({}): {}", s["id"], s["status"], s["status_reason"]))
        .collect();
    assert!(
        not_passed.is_empty(),
        "against the bundled server every scenario runs and passes; these did not:\n  {}",
        not_passed.join("\n  ")
    );
    assert_eq!(summary["totals"]["not_applicable"], 0, "totals: {}", summary["totals"]);
    assert!(summary["target_gone"].is_null(), "the bundled server never stops answering: {}", summary["target_gone"]);
    let stdout = String::from_utf8_lossy(&run.output.stdout);
    assert!(stdout.contains(&format!("{expected} scenarios")), "the printed summary should count {expected} scenarios\n{}", run.explain());
}

/// Without these checks both scenarios below pass: the typo'd path is sent as written and
/// answered 404, and the header is dropped.
const HARNESS_CHECKS: &str = r#"Feature: The harness refuses what it cannot send as written

  @id:typo-in-placeholder
  Scenario: A typo in a placeholder fails its step
    Given a user "alice"
    When the server sends GET /users/{alice.idd}
    Then the response status is 404

  @id:unsendable-header
  Scenario: A header that cannot be sent fails its step
    Given the next request carries header "x bad: 1"
    When the server sends GET /users
    Then the response status is 200
"#;

#[test]
fn a_step_that_cannot_be_sent_as_written_fails_and_says_why() {
    let dir = tempfile::tempdir().expect("tempdir");
    let features = dir.path().join("features");
    std::fs::create_dir_all(&features).expect("features folder");
    std::fs::write(features.join("harness.feature"), HARNESS_CHECKS).expect("write the feature");
    let run = common::conform(dir.path(), &["run", "--quiet", "--features", &features.display().to_string()]);
    assert_eq!(run.output.status.code(), Some(1), "both scenarios must fail\n{}", run.explain());
    let summary = run.summary();
    let failing_step = |id: &str| -> (String, String) {
        let scenario = summary["scenarios"].as_array().expect("scenarios").iter().find(|s| s["id"] == id);
        let scenario = scenario.unwrap_or_else(|| panic!("no scenario {id} in the run\n{}", run.explain()));
        assert_eq!(scenario["status"], "failed", "{id} should fail; steps: {}", scenario["steps"]);
        let step = scenario["steps"].as_array().expect("steps").iter().find(|s| s["status"] == "failed").expect("a failed step");
        (step["text"].as_str().unwrap_or_default().to_string(), step["error"].as_str().unwrap_or_default().to_string())
    };
    let (text, error) = failing_step("typo-in-placeholder");
    assert_eq!(text, "the server sends GET /users/{alice.idd}", "the step with the typo fails, not a later one");
    for needle in ["unknown placeholder {alice.idd}", "{project}", "{new-id}", "{alice.id}", "{alice.email}"] {
        assert!(error.contains(needle), "the error should contain {needle:?} (the unknown name, then the known ones); got: {error}");
    }
    let (text, error) = failing_step("unsendable-header");
    assert_eq!(text, "the server sends GET /users", "the request carrying the header fails");
    assert!(error.contains("the request was not sent: \"x bad\" is not a valid HTTP header name"), "got: {error}");
}
