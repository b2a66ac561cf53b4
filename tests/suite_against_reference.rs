//! The whole suite against the bundled reference server: it must pass, and write every report.

mod common;

#[test]
fn the_whole_suite_passes_against_the_bundled_server() {
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
    assert!(scenarios.len() >= 40, "only {} scenarios ran; the suite lost some", scenarios.len());
    let stdout = String::from_utf8_lossy(&run.output.stdout);
    assert!(stdout.to_lowercase().contains("passed"), "no summary printed\n{}", run.explain());
}
