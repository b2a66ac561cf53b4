//! The suite must catch every fault of the reference server's catalogue, for the right
//! reason: `conform selfcheck` runs each fault's part of the suite against the faulty server,
//! and a fault counts as caught only when a scenario fails on an assertion about the answer.
//! A fault no scenario catches (a survivor) is a part of the contract the suite does not
//! check; one met only by deadlines, transport or harness errors (inconclusive) is a catch
//! by accident.

mod common;

use conform::selfcheck::result::{FaultResult, SelfcheckReport, Verdict, SCHEMA_VERSION};

#[test]
fn the_suite_catches_every_fault_in_the_catalogue_by_a_wrong_answer() {
    let dir = tempfile::tempdir().expect("tempdir");
    let run = common::conform(dir.path(), &["selfcheck"]);
    let path = run.reports.join("selfcheck.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("no {}: {e}\n{}", path.display(), run.explain()));
    let result: SelfcheckReport =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("selfcheck.json is not a selfcheck report ({e})\n{}", run.explain()));
    assert_eq!(result.schema_version, SCHEMA_VERSION, "selfcheck.json schema version");
    assert!(result.faults.len() >= 40, "only {} faults were checked", result.faults.len());
    assert!(
        result.baseline.passed(),
        "scenarios fail against the fault-free server (or it could not run): {:?}\n{}",
        result.baseline,
        run.explain()
    );
    let with_verdict = |verdict: Verdict| -> Vec<String> {
        result.with_verdict(verdict).map(|f| format!("{} [{}]: {} (tags {}){}", f.name, f.area, f.breaks, f.tags, otherwise(f))).collect()
    };
    for (verdict, what) in [
        (Verdict::Survived, "survived: no scenario caught them. Strengthen the suite (or the fault's tag expression)"),
        (Verdict::Inconclusive, "are inconclusive: scenarios failed only by deadline, transport, rate limit or harness errors"),
        (Verdict::Error, "could not be checked"),
        (Verdict::Flaky, "were caught in some rounds only"),
    ] {
        let found = with_verdict(verdict);
        assert!(found.is_empty(), "{} fault(s) {what}:\n  {}\n{}", found.len(), found.join("\n  "), run.explain());
    }
    for fault in &result.faults {
        assert!(
            fault.catching_scenarios == fault.caught_by.len()
                && fault.catching_scenarios > 0
                && fault.thin == (fault.catching_scenarios == 1),
            "{}: caught by {} scenarios, thin {}, catchers {:?}",
            fault.name,
            fault.catching_scenarios,
            fault.thin,
            fault.caught_by
        );
    }
    let score = result.score.unwrap_or_else(|| panic!("a clean baseline leaves a score\n{}", run.explain()));
    assert_eq!(score.caught, score.total, "the mutation score");
    assert_eq!(run.output.status.code(), Some(0), "selfcheck should exit 0 when every fault is caught\n{}", run.explain());
}

fn otherwise(fault: &FaultResult) -> String {
    if fault.failed_otherwise.is_empty() {
        return String::new();
    }
    let failures: Vec<String> = fault.failed_otherwise.iter().map(|f| format!("{}: {}", f.label(), f.reason)).collect();
    format!("\n      failed otherwise: {}", failures.join("\n      "))
}
