//! The suite must catch every fault of the reference server's catalogue: `conform selfcheck`
//! runs each fault's part of the suite against the faulty server, and a fault no scenario
//! catches (a survivor) is a part of the contract the suite does not check.

mod common;

#[test]
fn the_suite_catches_every_fault_in_the_catalogue() {
    let dir = tempfile::tempdir().expect("tempdir");
    let run = common::conform(dir.path(), &["selfcheck"]);
    let path = run.reports.join("selfcheck.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("no {}: {e}\n{}", path.display(), run.explain()));
    let result: serde_json::Value = serde_json::from_str(&text).expect("selfcheck.json is JSON");
    assert_eq!(result["schema_version"], 1, "selfcheck.json schema version");
    let faults = result["faults"].as_array().expect("faults array");
    assert!(faults.len() >= 40, "only {} faults were checked", faults.len());
    let with_verdict = |verdict: &str| -> Vec<String> {
        faults
            .iter()
            .filter(|f| f["verdict"] == verdict)
            .map(|f| {
                format!(
                    "{} [{}]: {} (tags {})",
                    f["name"].as_str().unwrap_or("?"),
                    f["area"].as_str().unwrap_or("?"),
                    f["breaks"].as_str().unwrap_or("?"),
                    f["tags"].as_str().unwrap_or("?")
                )
            })
            .collect()
    };
    let survivors = with_verdict("survived");
    assert!(
        survivors.is_empty(),
        "{} fault(s) survived: no scenario caught them. Strengthen the suite (or the fault's tag expression):\n  {}\n{}",
        survivors.len(),
        survivors.join("\n  "),
        run.explain()
    );
    let errors = with_verdict("error");
    assert!(errors.is_empty(), "faults that could not be checked:\n  {}\n{}", errors.join("\n  "), run.explain());
    let baseline_failures = result["baseline"]["failed"].as_array().map(Vec::len).unwrap_or(0);
    assert_eq!(baseline_failures, 0, "scenarios fail against the fault-free server: {}\n{}", result["baseline"], run.explain());
    assert_eq!(run.output.status.code(), Some(0), "selfcheck should exit 0 when every fault is caught\n{}", run.explain());
    assert_eq!(result["score"]["caught"], result["score"]["total"], "the mutation score");
}
