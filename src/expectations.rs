//! Expected outcomes per target: a TOML file keyed by scenario id saying which scenarios
//! are known to fail, to be skipped, or to be flaky there, and why. Applying it turns each
//! scenario's status into a verdict; an expected failure that passes fails the run, so the
//! list can only shrink.
//!
//! ```toml
//! [scenario."storage-preview-avif"]
//! expect = "fail"          # fail | skip | flaky
//! reason = "no AVIF encoder"
//! expires = "2027-01-31"   # optional; after it the entry itself fails the run
//! ```

pub use crate::outcome::Expect;
use crate::outcome::{AppliedExpectation, RunReport, Status, Verdict};
use chrono::NaiveDate;
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// The parsed file. `Default` expects every scenario to pass.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Expectations {
    /// Scenario id → what to expect of it.
    pub scenarios: BTreeMap<String, Expectation>,
}

/// One entry of the file; the same shape the report records as the entry that applied.
pub type Expectation = AppliedExpectation;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot read expectations file {}: {source}", path.display())]
    Read { path: PathBuf, source: std::io::Error },
    #[error("{}:{line}:{column}: {message}", path.display())]
    Invalid { path: PathBuf, line: usize, column: usize, message: String },
}

/// The file as written; `deny_unknown_fields` turns a typo (`expcet`, `[scenarios.x]`)
/// into an error instead of an entry that silently does nothing.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    scenario: BTreeMap<String, toml::Spanned<RawEntry>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    expect: Expect,
    reason: String,
    /// A quoted string or a bare TOML date; both read as a calendar date.
    expires: Option<toml::Spanned<toml::Value>>,
}

impl Expectations {
    pub fn load(path: &Path) -> Result<Expectations, Error> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Read { path: path.to_path_buf(), source })?;
        Expectations::parse(&text, path)
    }

    /// Parses `text`; `path` only names the file in errors.
    pub fn parse(text: &str, path: &Path) -> Result<Expectations, Error> {
        let invalid = |span: Option<std::ops::Range<usize>>, message: String| {
            let (line, column) = line_col(text, span.map_or(0, |s| s.start));
            Error::Invalid { path: path.to_path_buf(), line, column, message }
        };
        let raw: RawFile = toml::from_str(text).map_err(|e| invalid(e.span(), e.message().to_string()))?;
        let mut scenarios = BTreeMap::new();
        for (id, entry) in raw.scenario {
            let span = entry.span();
            let entry = entry.into_inner();
            if entry.reason.trim().is_empty() {
                return Err(invalid(Some(span), format!("scenario {id:?}: `reason` is empty; say why the outcome is expected")));
            }
            let expires = match entry.expires {
                None => None,
                Some(value) => {
                    let span = value.span();
                    let written = match value.into_inner() {
                        toml::Value::String(s) => s,
                        toml::Value::Datetime(d) => d.to_string(),
                        other => other.to_string(),
                    };
                    let date = NaiveDate::parse_from_str(&written, "%Y-%m-%d").map_err(|_| {
                        invalid(Some(span), format!("scenario {id:?}: `expires` must be a date like \"2027-01-31\", not {written}"))
                    })?;
                    Some(date)
                }
            };
            scenarios.insert(id, Expectation { expect: entry.expect, reason: entry.reason, expires });
        }
        Ok(Expectations { scenarios })
    }

    /// This file brought up to date with `report`: each unexpected failure of the run gets
    /// an `expect = "fail"` entry whose reason is its failure (first failing step and
    /// error line); an entry whose scenario passed in the run goes if it expected a failure;
    /// every other entry stays as it is, reason and expiry included. Entries that applied in
    /// the run (from another file) count as existing when this file has none for the id.
    pub fn updated(&self, report: &RunReport) -> Update {
        let mut update = Update { expectations: self.clone(), added: Vec::new(), removed: Vec::new() };
        for s in &report.scenarios {
            // Ids made up from the file position are not stable keys; nothing can expect them.
            if s.id.starts_with(&s.feature_path) {
                continue;
            }
            let existing = self.scenarios.get(&s.id).or(s.expected.as_ref()).cloned();
            match (existing, s.status) {
                (Some(e), Status::Passed) if e.expect == Expect::Fail => {
                    update.expectations.scenarios.remove(&s.id);
                    update.removed.push((s.id.clone(), e.reason));
                }
                (Some(e), _) => {
                    update.expectations.scenarios.insert(s.id.clone(), e);
                }
                (None, Status::Failed) => {
                    let reason = shorten(&s.failure_summary().replace(ASSERTION_NOISE, ""), MAX_REASON_CHARS);
                    update
                        .expectations
                        .scenarios
                        .insert(s.id.clone(), Expectation { expect: Expect::Fail, reason: reason.clone(), expires: None });
                    update.added.push((s.id.clone(), reason));
                }
                (None, _) => {}
            }
        }
        update
    }

    /// The file's text: a comment header saying where it came from, then one table per
    /// scenario, sorted by id. `origin` says what it was generated from.
    pub fn to_toml(&self, origin: &str) -> String {
        let mut out = format!(
            "# Expected outcomes for conform, keyed by scenario @id (conform run --expectations <this file>).\n\
             # {origin}\n\
             # expect = \"fail\" | \"skip\" | \"flaky\"; optional expires = \"YYYY-MM-DD\" makes the entry fail the run after that day.\n\
             # An expected failure that passes fails the run: delete its entry (conform expectations update does).\n"
        );
        for (id, e) in &self.scenarios {
            out.push_str(&format!(
                "\n[scenario.{}]\nexpect = \"{}\"\nreason = {}\n",
                toml_string(id),
                e.expect.as_str(),
                toml_string(&e.reason)
            ));
            if let Some(expires) = e.expires {
                out.push_str(&format!("expires = \"{expires}\"\n"));
            }
        }
        out
    }
}

/// What [`Expectations::updated`] changed.
#[derive(Clone, Debug, PartialEq)]
pub struct Update {
    pub expectations: Expectations,
    /// New `fail` entries: scenario id and reason.
    pub added: Vec<(String, String)>,
    /// Entries dropped because their scenario passed: scenario id and the reason it had.
    pub removed: Vec<(String, String)>,
}

/// What `assert_eq!` puts before a step's own message; it says nothing about the failure.
const ASSERTION_NOISE: &str = "assertion `left == right` failed: ";

/// A generated reason is a line to reword, not the whole error.
const MAX_REASON_CHARS: usize = 200;

fn shorten(text: &str, max: usize) -> String {
    let text = text.trim();
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max - 1).collect();
    format!("{}…", cut.trim_end())
}

/// Sets every scenario's verdict from its status and the expectations, as of `today`,
/// and lists expectation entries that name no scenario of the run (and ids that are not
/// unique) as warnings.
pub fn apply(report: &mut RunReport, expectations: &Expectations, today: NaiveDate) {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for s in &report.scenarios {
        *seen.entry(s.id.as_str()).or_default() += 1;
    }
    let mut warnings: Vec<String> = Vec::new();
    let mut duplicates: Vec<(&str, usize)> = seen.iter().filter(|(_, n)| **n > 1).map(|(id, n)| (*id, *n)).collect();
    duplicates.sort();
    for (id, n) in duplicates {
        warnings.push(format!("scenario id {id:?} is used by {n} scenarios; expectations and reports cannot tell them apart"));
    }
    for id in expectations.scenarios.keys() {
        if !seen.contains_key(id.as_str()) {
            warnings.push(format!("expectations name scenario {id:?}, which is not in this run (renamed, removed, or filtered out)"));
        }
    }
    if report.scenarios.is_empty() {
        warnings.push("no scenario ran: check the --tags and --name filters".to_string());
    }
    for s in &mut report.scenarios {
        s.expected = expectations.scenarios.get(&s.id).cloned();
        s.verdict = verdict(s.status, s.retries, s.status_reason.as_deref(), s.expected.as_ref(), today);
    }
    report.warnings.extend(warnings);
    report.recount();
}

fn verdict(status: Status, retries: u32, status_reason: Option<&str>, expectation: Option<&Expectation>, today: NaiveDate) -> Verdict {
    let Some(e) = expectation else { return Verdict::unexpected(status, retries, status_reason) };
    let reason = e.reason.clone();
    if let Some(expires) = e.expires.filter(|d| *d < today) {
        return Verdict::Expired { reason: format!("expectation \"{}\" expired on {expires}: {reason}", e.expect.as_str()) };
    }
    match (status, e.expect) {
        // Neither passed nor failed here, whatever was expected.
        (Status::NotApplicable | Status::Skipped, _) => Verdict::unexpected(status, retries, status_reason),
        (_, Expect::Skip) => Verdict::Skipped { reason },
        (_, Expect::Flaky) => Verdict::Flaky { reason },
        (Status::Failed, Expect::Fail) => Verdict::ExpectedFail { reason },
        (Status::Passed, Expect::Fail) => Verdict::UnexpectedPass { reason },
    }
}

/// 1-based line and column of a byte offset, for error messages.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// A TOML basic string holding `s` exactly.
fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outcome::{ScenarioOutcome, TargetInfo};
    use chrono::Utc;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn scenario(id: &str, status: Status, retries: u32) -> ScenarioOutcome {
        ScenarioOutcome {
            id: id.into(),
            name: id.into(),
            feature: "f".into(),
            feature_path: "features/storage/files.feature".into(),
            area: "storage".into(),
            line: 1,
            tags: vec![],
            operations: vec![],
            status,
            status_reason: (status == Status::NotApplicable).then(|| "the target lacks avif".to_string()),
            retries,
            steps: vec![],
            evidence: vec![],
            duration_ms: 0,
            expected: None,
            verdict: Verdict::Pass,
        }
    }

    fn report(scenarios: Vec<ScenarioOutcome>) -> RunReport {
        RunReport::new(
            "run1".into(),
            Utc::now(),
            Utc::now(),
            TargetInfo { endpoint: "http://x/v1".into(), project: "p".into(), bundled: false },
            scenarios,
            BTreeMap::new(),
            vec![],
        )
    }

    const FILE: &str = r#"
[scenario."expect-fail"]
expect = "fail"
reason = "no AVIF encoder"

[scenario."expect-skip"]
expect = "skip"
reason = "slow on this target"

[scenario."expect-flaky"]
expect = "flaky"
reason = "eventual consistency"
expires = 2099-12-31

[scenario."expired"]
expect = "fail"
reason = "bug 12"
expires = "2020-01-31"

[scenario."gone"]
expect = "fail"
reason = "renamed since"
"#;

    #[test]
    fn every_verdict() {
        let expectations = Expectations::parse(FILE, Path::new("x.toml")).unwrap();
        let cases = [
            (scenario("plain-pass", Status::Passed, 0), Verdict::Pass),
            (scenario("plain-fail", Status::Failed, 0), Verdict::Fail),
            (scenario("retried-pass", Status::Passed, 1), Verdict::Flaky { reason: "passed after 1 retry".into() }),
            (scenario("expect-fail", Status::Failed, 0), Verdict::ExpectedFail { reason: "no AVIF encoder".into() }),
            (scenario("expect-fail", Status::Passed, 0), Verdict::UnexpectedPass { reason: "no AVIF encoder".into() }),
            (scenario("expect-skip", Status::Failed, 0), Verdict::Skipped { reason: "slow on this target".into() }),
            (scenario("expect-skip", Status::Passed, 0), Verdict::Skipped { reason: "slow on this target".into() }),
            (scenario("expect-flaky", Status::Failed, 2), Verdict::Flaky { reason: "eventual consistency".into() }),
            (scenario("expect-flaky", Status::Passed, 0), Verdict::Flaky { reason: "eventual consistency".into() }),
            (scenario("na", Status::NotApplicable, 0), Verdict::NotApplicable { reason: "the target lacks avif".into() }),
            (scenario("expect-fail", Status::NotApplicable, 0), Verdict::NotApplicable { reason: "the target lacks avif".into() }),
            (
                scenario("expired", Status::Failed, 0),
                Verdict::Expired { reason: "expectation \"fail\" expired on 2020-01-31: bug 12".into() },
            ),
            (
                scenario("expired", Status::Passed, 0),
                Verdict::Expired { reason: "expectation \"fail\" expired on 2020-01-31: bug 12".into() },
            ),
        ];
        for (outcome, expected) in cases {
            let input = format!("{} {:?} retries={}", outcome.id, outcome.status, outcome.retries);
            let mut r = report(vec![outcome]);
            apply(&mut r, &expectations, day("2026-06-01"));
            assert_eq!(r.scenarios[0].verdict, expected, "verdict for {input}");
        }
    }

    #[test]
    fn expiry_is_inclusive_of_its_day() {
        let expectations = Expectations::parse(FILE, Path::new("x.toml")).unwrap();
        let mut r = report(vec![scenario("expired", Status::Failed, 0)]);
        apply(&mut r, &expectations, day("2020-01-31"));
        assert_eq!(r.scenarios[0].verdict, Verdict::ExpectedFail { reason: "bug 12".into() }, "on the expiry day itself");
    }

    #[test]
    fn run_fails_on_unexpected_outcomes_only() {
        let expectations = Expectations::parse(FILE, Path::new("x.toml")).unwrap();
        let mut ok = report(vec![scenario("expect-fail", Status::Failed, 0), scenario("plain-pass", Status::Passed, 0)]);
        apply(&mut ok, &expectations, day("2026-06-01"));
        assert!(ok.passed(), "expected failure + pass should pass the run: {:?}", ok.totals);
        let mut bad = report(vec![scenario("expect-fail", Status::Passed, 0)]);
        apply(&mut bad, &expectations, day("2026-06-01"));
        assert!(!bad.passed(), "an unexpected pass should fail the run");
        assert_eq!(bad.totals.verdicts.unexpected_pass, 1, "totals recounted after apply: {:?}", bad.totals);
    }

    #[test]
    fn unknown_and_duplicate_ids_are_warnings() {
        let expectations = Expectations::parse(FILE, Path::new("x.toml")).unwrap();
        let mut r = report(vec![
            scenario("dup", Status::Passed, 0),
            scenario("dup", Status::Passed, 0),
            scenario("expect-fail", Status::Failed, 0),
        ]);
        apply(&mut r, &expectations, day("2026-06-01"));
        let joined = r.warnings.join("\n");
        for needle in ["\"gone\"", "\"dup\" is used by 2", "\"expired\"", "\"expect-skip\""] {
            assert!(joined.contains(needle), "warnings should mention {needle}; got:\n{joined}");
        }
        assert!(!joined.contains("\"expect-fail\""), "a matched id is no warning; got:\n{joined}");
    }

    #[test]
    fn load_errors_name_file_line_and_problem() {
        let cases = [
            ("[scenario.a]\nexpect = \"fial\"\nreason = \"x\"\n", 2, "fial"),
            ("[scenario.a]\nexpect = \"fail\"\n", 1, "reason"),
            ("[scenario.a]\nexpect = \"fail\"\nreason = \"x\"\nexpires = \"31/01/2027\"\n", 4, "31/01/2027"),
            ("[scenario.a]\nexpect = \"fail\"\nreason = \" \"\n", 1, "reason"),
            ("[scenario.a]\nexpect = \"fail\"\nreason = \"x\"\nexpcet = 1\n", 4, "expcet"),
            ("[scenario.a\n", 1, ""),
        ];
        for (text, line, needle) in cases {
            match Expectations::parse(text, Path::new("exp.toml")) {
                Ok(e) => panic!("input:\n{text}\nexpected an error at line {line}, got {e:?}"),
                Err(e) => {
                    let message = e.to_string();
                    assert!(message.starts_with(&format!("exp.toml:{line}:")), "input:\n{text}\nexpected exp.toml:{line}:…, got {message}");
                    assert!(message.contains(needle), "input:\n{text}\nexpected the message to mention {needle:?}, got {message}");
                }
            }
        }
        let missing = Expectations::load(Path::new("/nonexistent/exp.toml")).unwrap_err().to_string();
        assert!(missing.contains("/nonexistent/exp.toml"), "got {missing}");
    }

    fn failed_at(id: &str, step: &str, error: &str) -> ScenarioOutcome {
        let mut s = scenario(id, Status::Failed, 0);
        s.steps.push(crate::outcome::StepOutcome {
            kind: crate::outcome::StepKind::Scenario,
            keyword: "Then".into(),
            text: step.into(),
            line: 3,
            status: crate::outcome::StepStatus::Failed,
            error: Some(error.into()),
            failure_kind: Some(crate::failure::FailureKind::Assertion),
            duration_ms: 1,
        });
        s
    }

    #[test]
    fn update_adds_failures_keeps_entries_and_removes_passing_ones() {
        let existing = Expectations::parse(FILE, Path::new("x.toml")).unwrap();
        let long_error = format!("expected 200, got {}", "x".repeat(400));
        // Run without --expectations: every status is raw, no entry applied.
        let r = report(vec![
            scenario("plain-pass", Status::Passed, 0),
            failed_at("plain-fail", "the status is 201", "expected 201, got \"500\"\nbody: …"),
            failed_at("long-fail", "the status is 200", &long_error),
            scenario("expect-fail", Status::Passed, 0),
            scenario("expect-skip", Status::Passed, 0),
            scenario("expect-flaky", Status::Passed, 0),
            failed_at("expired", "x", "y"),
            scenario("na", Status::NotApplicable, 0),
        ]);
        let update = existing.updated(&r);
        let got: Vec<(&str, Expect, &str, Option<NaiveDate>)> =
            update.expectations.scenarios.iter().map(|(id, e)| (id.as_str(), e.expect, e.reason.as_str(), e.expires)).collect();
        let long_reason = update.expectations.scenarios["long-fail"].reason.clone();
        assert_eq!(
            got,
            [
                ("expect-flaky", Expect::Flaky, "eventual consistency", Some(day("2099-12-31"))),
                ("expect-skip", Expect::Skip, "slow on this target", None),
                ("expired", Expect::Fail, "bug 12", Some(day("2020-01-31"))),
                ("gone", Expect::Fail, "renamed since", None),
                ("long-fail", Expect::Fail, long_reason.as_str(), None),
                ("plain-fail", Expect::Fail, "Then the status is 201: expected 201, got \"500\"", None),
            ],
            "kept: skip/flaky entries, the still-failing expired entry with its date, the entry for a scenario not in the run; \
             added: the new failures; removed: the expected failure that passed"
        );
        assert!(
            long_reason.starts_with("Then the status is 200: expected 200, got xxx")
                && long_reason.ends_with('…')
                && long_reason.chars().count() == MAX_REASON_CHARS,
            "long reasons are cut: {long_reason:?}"
        );
        assert_eq!(update.removed, [("expect-fail".to_string(), "no AVIF encoder".to_string())], "removed entries are reported");
        assert_eq!(
            update.added.iter().map(|(id, _)| id.as_str()).collect::<Vec<_>>(),
            ["plain-fail", "long-fail"],
            "added entries are reported"
        );

        let text = update.expectations.to_toml("Updated from run run1.");
        assert!(text.starts_with("# Expected outcomes") && text.contains("# Updated from run run1."), "comment header:\n{text}");
        let back = Expectations::parse(&text, Path::new("generated.toml"))
            .unwrap_or_else(|e| panic!("generated file does not parse: {e}\n{text}"));
        assert_eq!(back, update.expectations, "the written file reads back as the same expectations:\n{text}");
    }

    #[test]
    fn a_run_passes_against_the_expectations_updated_from_it() {
        let r = report(vec![
            scenario("plain-pass", Status::Passed, 0),
            failed_at("plain-fail", "s", "e"),
            scenario("na", Status::NotApplicable, 0),
        ]);
        let update = Expectations::default().updated(&r);
        let mut again = r.clone();
        apply(&mut again, &update.expectations, day("2026-06-01"));
        assert!(again.passed(), "the same run against its updated expectations passes: {:?}", again.totals);
    }

    #[test]
    fn entries_that_applied_in_the_run_count_as_existing() {
        let applied = Expectations::parse(FILE, Path::new("other.toml")).unwrap();
        let mut r = report(vec![failed_at("expect-fail", "s", "a different error now")]);
        apply(&mut r, &applied, day("2026-06-01"));
        let update = Expectations::default().updated(&r);
        assert_eq!(update.expectations.scenarios["expect-fail"].reason, "no AVIF encoder", "the reason a person wrote is kept");
        assert!(update.added.is_empty(), "nothing new: {:?}", update.added);
    }
}
