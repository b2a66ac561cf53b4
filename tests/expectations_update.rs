//! `conform expectations update` round trip against the bundled server, with a two-scenario
//! suite in which one scenario expects what the server does not do: the run fails; the file
//! written from it makes the next run pass; once that scenario passes, the expected failure
//! fails the run, and updating again removes the entry and says so.

mod common;

use std::path::Path;

const PONG: &str = "  @id:ping-pong @op:general.ping\n  Scenario: The server answers a ping\n    When a guest sends GET /ping\n    Then the response status is 200\n";

/// A ping scenario expecting `status`: 418 fails against a conforming server, 200 passes.
fn write_suite(dir: &Path, status: u16) {
    let features = dir.join("features/general");
    std::fs::create_dir_all(&features).expect("features dir");
    let teapot = format!("  @id:ping-teapot @op:general.ping\n  Scenario: A ping answered as a teapot\n    When a guest sends GET /ping\n    Then the response status is {status}\n");
    std::fs::write(features.join("ping.feature"), format!("Feature: Ping\n\n{PONG}\n{teapot}")).expect("write feature");
}

fn run(dir: &Path, expectations: Option<&Path>) -> common::Run {
    let features = dir.join("features").display().to_string();
    let mut args = vec!["run", "--quiet", "--features", &features];
    let file;
    if let Some(path) = expectations {
        file = path.display().to_string();
        args.extend(["--expectations", &file]);
    }
    common::conform(dir, &args)
}

fn update(dir: &Path, file: &Path) -> common::Run {
    let from = dir.join("reports/latest").display().to_string();
    let file = file.display().to_string();
    common::conform(dir, &["expectations", "update", "--from", &from, "--file", &file])
}

#[test]
fn expectations_round_trip_through_runs_and_shrink_when_a_failure_is_fixed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("expectations.toml");
    // A kept entry for a scenario this suite does not have: update must leave it alone.
    std::fs::write(&file, "[scenario.\"elsewhere\"]\nexpect = \"skip\"\nreason = \"kept by hand\"\nexpires = \"2099-01-31\"\n")
        .expect("seed file");

    write_suite(dir.path(), 418);
    let failing = run(dir.path(), None);
    assert_eq!(failing.output.status.code(), Some(1), "ping-teapot fails against the bundled server\n{}", failing.explain());

    let written = update(dir.path(), &file);
    assert_eq!(written.output.status.code(), Some(0), "update from a run\n{}", written.explain());
    let text = std::fs::read_to_string(&file).expect("read the written file");
    assert!(text.contains("[scenario.\"ping-teapot\"]\nexpect = \"fail\""), "the failure becomes expect = \"fail\"; file:\n{text}");
    assert!(
        text.contains("reason = \"Then the response status is 418: GET http://"),
        "the reason is the failing step and its error, without assert_eq! noise; file:\n{text}"
    );
    assert!(
        text.contains("[scenario.\"elsewhere\"]\nexpect = \"skip\"\nreason = \"kept by hand\"\nexpires = \"2099-01-31\""),
        "existing entries keep reason and expiry; file:\n{text}"
    );
    assert!(!text.contains("ping-pong"), "a passing scenario gets no entry; file:\n{text}");
    assert!(
        String::from_utf8_lossy(&written.output.stderr).contains("added ping-teapot"),
        "stderr names the addition\n{}",
        written.explain()
    );

    let expected = run(dir.path(), Some(&file));
    assert_eq!(
        expected.output.status.code(),
        Some(0),
        "the same suite against the file written from its run passes\nfile:\n{text}\n{}",
        expected.explain()
    );

    write_suite(dir.path(), 200);
    let fixed = run(dir.path(), Some(&file));
    assert_eq!(fixed.output.status.code(), Some(1), "an expected failure that passes must fail the run\n{}", fixed.explain());
    let verdict = fixed.summary()["scenarios"]
        .as_array()
        .and_then(|all| all.iter().find(|s| s["id"] == "ping-teapot").map(|s| s["verdict"]["kind"].clone()));
    assert_eq!(verdict, Some(serde_json::json!("unexpected_pass")), "verdict of ping-teapot in summary.json\n{}", fixed.explain());

    let shrunk = update(dir.path(), &file);
    assert_eq!(shrunk.output.status.code(), Some(0), "update after the fix\n{}", shrunk.explain());
    let text = std::fs::read_to_string(&file).expect("read the updated file");
    assert!(!text.contains("ping-teapot"), "the entry of the scenario that now passes is removed; file:\n{text}");
    assert!(text.contains("[scenario.\"elsewhere\"]"), "unrelated entries stay; file:\n{text}");
    assert!(
        String::from_utf8_lossy(&shrunk.output.stderr).contains("removed ping-teapot"),
        "stderr names the removal\n{}",
        shrunk.explain()
    );

    let clean = run(dir.path(), Some(&file));
    assert_eq!(clean.output.status.code(), Some(0), "after the update the run passes again\n{}", clean.explain());
}
