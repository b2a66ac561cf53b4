//! The run summary: `summary.json` (the run report itself, for machines) and the lines
//! the CLI prints at the end of a run (for the person at the terminal).

use super::{redact_text, CUCUMBER_JSON_FILE, HTML_FILE, JUNIT_FILE, SUMMARY_JSON_FILE};
use crate::outcome::RunReport;
use std::io::{self, Write};
use std::path::Path;

pub(super) fn render_json(report: &RunReport) -> io::Result<String> {
    serde_json::to_string_pretty(report).map_err(io::Error::other)
}

/// Counts per verdict, each scenario that fails the run with a one-line reason, warnings,
/// leftovers, where the reports are, and the result. `dir` is the run's report folder.
pub fn print_summary(report: &RunReport, dir: &Path, out: &mut dyn Write) -> io::Result<()> {
    let v = &report.totals.verdicts;
    writeln!(out)?;
    writeln!(
        out,
        "conform: {} scenarios in {:.1}s: {} passed, {} failed, {} expected failures, {} unexpected passes, {} flaky, {} skipped, {} not applicable, {} expired expectations",
        report.totals.scenarios,
        report.duration_ms as f64 / 1000.0,
        v.pass,
        v.fail,
        v.expected_fail,
        v.unexpected_pass,
        v.flaky,
        v.skipped,
        v.not_applicable,
        v.expired,
    )?;
    if let Some(gone) = &report.target_gone {
        writeln!(out, "\n{}", redact_text(&gone.describe()))?;
        writeln!(out, "every scenario not finished by then failed; the run stopped asking the target")?;
    }
    let failing: Vec<_> = report.scenarios.iter().filter(|s| s.verdict.fails_run()).collect();
    if !failing.is_empty() {
        writeln!(out, "\nfailing the run:")?;
        for s in failing {
            let why = match s.verdict.reason() {
                None => s.failure_summary(),
                Some(reason) => format!("{}: {reason}", s.verdict.label()),
            };
            writeln!(out, "  {}  {}:{}  {}", s.id, s.feature_path, s.line, redact_text(&why))?;
        }
    }
    let flaky: Vec<_> = report.scenarios.iter().filter(|s| s.verdict.label() == "flaky").collect();
    if !flaky.is_empty() {
        writeln!(out, "\nflaky:")?;
        for s in flaky {
            writeln!(out, "  {}  {}", s.id, s.verdict.reason().unwrap_or(""))?;
        }
    }
    if !report.warnings.is_empty() {
        writeln!(out, "\nwarnings:")?;
        for w in &report.warnings {
            writeln!(out, "  {w}")?;
        }
    }
    if !report.leftovers.is_empty() {
        writeln!(out, "\ncleanup could not delete {} resources (`conform sweep` removes them):", report.leftovers.len())?;
        for l in &report.leftovers {
            writeln!(out, "  {}", redact_text(l))?;
        }
    }
    writeln!(out, "\nreports: {}", dir.join(HTML_FILE).display())?;
    writeln!(out, "         {}, {}, {} in the same folder (and in latest/)", JUNIT_FILE, CUCUMBER_JSON_FILE, SUMMARY_JSON_FILE)?;
    writeln!(out, "result: {}", if report.passed() { "PASS (every outcome was expected)" } else { "FAIL" })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::tests::sample_report;

    #[test]
    fn summary_lists_counts_failures_and_paths() {
        let mut out = Vec::new();
        print_summary(&sample_report(), Path::new("reports/run-abc"), &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        for needle in [
            "4 scenarios",
            "1 passed, 1 failed, 1 expected failures",
            "1 not applicable",
            "storage-token-view  features/storage/tokens.feature:12  Then the response status is 200: expected 200, got 401",
            "reports/run-abc/report.html",
            "result: FAIL",
        ] {
            assert!(text.contains(needle), "summary should contain {needle:?}; got:\n{text}");
        }
        assert!(!text.contains("QUERYplanted6"), "leftover secrets are redacted; got:\n{text}");
    }

    #[test]
    fn summary_says_when_the_target_stopped_answering() {
        let mut report = sample_report();
        let gone = crate::client::TargetGone {
            at: report.started_at + chrono::Duration::seconds(21),
            after_ms: 21_000,
            unanswered_in_a_row: 6,
            last_error: "GET http://x/v1/users: no complete response within 15 s".into(),
        };
        report.target_gone = Some(gone.clone());
        let mut out = Vec::new();
        print_summary(&report, Path::new("reports/run-abc"), &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains(&gone.describe()), "summary should contain {:?}; got:\n{text}", gone.describe());
        assert!(text.contains("result: FAIL"), "a run whose target went away fails; got:\n{text}");
        let back: RunReport = serde_json::from_str(&render_json(&report).unwrap()).unwrap();
        assert_eq!(back.target_gone, Some(gone), "summary.json keeps target_gone");
    }

    #[test]
    fn summary_json_is_the_run_report() {
        let report = sample_report();
        let back: RunReport = serde_json::from_str(&render_json(&report).unwrap()).unwrap();
        assert_eq!(back, report, "summary.json round-trips to the same report");
    }
}
