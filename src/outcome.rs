//! The machine-readable result of a run: what happened to each scenario, and what that
//! means once expected outcomes are applied. `summary.json` is exactly [`RunReport`]
//! serialized, so these types are a stable interface for CI tooling: fields are only
//! ever added, and a breaking change bumps [`SCHEMA_VERSION`].
//!
//! Dependencies go one way: `outcome` uses `coverage` (a report carries its coverage), never
//! the reverse; `report` and `selfcheck` read these types.

use crate::behaviours::BehaviourCoverage;
use crate::client::TargetGone;
use crate::coverage::Coverage;
use crate::exchange::Exchange;
use crate::failure::FailureKind;
use chrono::{DateTime, Utc};
use cucumber::gherkin;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// Version of the `summary.json` layout; bumped on any change a reader could trip on.
pub const SCHEMA_VERSION: u32 = 1;

/// One run of the suite against one target.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct RunReport {
    /// Always [`SCHEMA_VERSION`] when written by this build.
    pub schema_version: u32,
    /// Unique per run; also the prefix of every resource ID the run created.
    pub run_id: String,
    pub started_at: DateTime<Utc>,
    pub finished_at: DateTime<Utc>,
    pub duration_ms: u64,
    pub target: TargetInfo,
    /// Sorted by feature path, then line.
    pub scenarios: Vec<ScenarioOutcome>,
    /// Operation id (`storage.createFile`) → how many requests the run made to it.
    pub operations_called: BTreeMap<String, u64>,
    /// Resources cleanup could not delete (`conform sweep` removes them).
    pub leftovers: Vec<String>,
    /// Things a person should look at that do not fail the run by themselves: expectation
    /// entries naming no scenario of the run, duplicate scenario ids, an empty run.
    pub warnings: Vec<String>,
    pub totals: Totals,
    /// Operation coverage against the contract: `@op` tags of this run's scenarios and the
    /// requests it made. Added within schema 1; absent in summaries written before it.
    #[serde(default)]
    pub coverage: Option<Coverage>,
    /// When the target stopped answering and the run stopped asking it (see the README's
    /// "Misbehaving targets"); such a run fails whatever the expectations say. Added within
    /// schema 1; absent in summaries written before it.
    #[serde(default)]
    pub target_gone: Option<TargetGone>,
    /// Behaviour coverage: the inventory's behaviours checked by a scenario that passed in
    /// this run. Added within schema 1; absent when no inventory was found.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub behaviours: Option<BehaviourCoverage>,
}

/// Where the run went.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct TargetInfo {
    pub endpoint: String,
    pub project: String,
    /// True when the target was the bundled reference server started for this run.
    pub bundled: bool,
}

/// Counts of scenarios by raw status and by verdict.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct Totals {
    pub scenarios: u64,
    pub passed: u64,
    pub failed: u64,
    pub skipped: u64,
    pub not_applicable: u64,
    /// Scenarios that were re-run at least once.
    pub retried: u64,
    pub verdicts: VerdictCounts,
}

/// One counter per [`Verdict`] kind.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct VerdictCounts {
    pub pass: u64,
    pub fail: u64,
    pub expected_fail: u64,
    pub unexpected_pass: u64,
    pub skipped: u64,
    pub flaky: u64,
    pub not_applicable: u64,
    pub expired: u64,
}

/// What happened to one scenario (one row of an outline's examples counts as one).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct ScenarioOutcome {
    /// From the `@id:<x>` tag, with `#<row>` appended for an outline's example row
    /// (row counted from 1 within its Examples table). Without an `@id` tag:
    /// `<feature_path>:<line>`, which is not stable and cannot be given an expectation.
    pub id: String,
    pub name: String,
    /// The feature's name.
    pub feature: String,
    /// `features/<area>/<topic>.feature`, with `/` separators on every platform.
    pub feature_path: String,
    /// The folder under `features/`, e.g. `storage`; empty for a feature at the top.
    pub area: String,
    /// Line of the scenario (of the example row, for an outline).
    pub line: usize,
    /// Every tag that applies, with its `@`: feature, then rule, then scenario (and example).
    pub tags: Vec<String>,
    /// Operations the scenario exercises, from its `@op:<service>.<method>` tags.
    pub operations: Vec<String>,
    pub status: Status,
    /// Why the status is what it is when the steps do not say: the missing capability of a
    /// not-applicable scenario, why a scenario was skipped or failed without a failing step.
    pub status_reason: Option<String>,
    /// How many times the scenario was re-run; passed with retries > 0 means flaky.
    pub retries: u32,
    /// Background steps first, then the scenario's; failed hooks appear as steps too.
    pub steps: Vec<StepOutcome>,
    /// The requests and responses of the failed attempt, as the World recorded them.
    pub evidence: Vec<Exchange>,
    pub duration_ms: u64,
    /// The expectations-file entry that applied to this scenario, if any.
    pub expected: Option<AppliedExpectation>,
    /// What the status means for the run; see [`Verdict`].
    pub verdict: Verdict,
}

/// An entry of the expectations file, as it applied to a scenario.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct AppliedExpectation {
    pub expect: Expect,
    pub reason: String,
    pub expires: Option<chrono::NaiveDate>,
}

/// What an expectations entry expects of a scenario on its target.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Expect {
    Fail,
    Skip,
    Flaky,
}

impl Expect {
    pub fn as_str(self) -> &'static str {
        match self {
            Expect::Fail => "fail",
            Expect::Skip => "skip",
            Expect::Flaky => "flaky",
        }
    }
}

/// What the target did, before any expectation is considered.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Passed,
    /// A step or hook failed, or a step had no (or more than one) matching definition.
    Failed,
    /// The run stopped (fail-fast) before the scenario finished.
    Skipped,
    /// The target lacks a capability the scenario needs (`@needs:<capability>`).
    NotApplicable,
}

/// What happened to one step.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct StepOutcome {
    pub kind: StepKind,
    /// `Given`, `When`, `Then`, `And`, `But`, `*`; `Before`/`After` for hooks.
    pub keyword: String,
    pub text: String,
    /// Line in the feature file; 0 for hooks.
    pub line: usize,
    pub status: StepStatus,
    /// The assertion or panic message of a failed step; what was wrong with an undefined
    /// or ambiguous one.
    pub error: Option<String>,
    /// Why a failed, undefined or ambiguous step failed: a wrong answer (`assertion`) or
    /// something else (see [`FailureKind`]). Added within schema 1; absent before it.
    #[serde(default)]
    pub failure_kind: Option<FailureKind>,
    pub duration_ms: u64,
}

#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum StepKind {
    Background,
    Scenario,
    BeforeHook,
    AfterHook,
}

#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum StepStatus {
    Passed,
    Failed,
    /// Not run, because an earlier step failed (or the scenario was not run at all).
    Skipped,
    /// No step definition matches the text.
    Undefined,
    /// More than one step definition matches the text.
    Ambiguous,
}

/// What a scenario's status means for the run, once expected outcomes are applied.
/// Only [`Verdict::Fail`], [`Verdict::UnexpectedPass`] and [`Verdict::Expired`] fail it.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Verdict {
    Pass,
    /// Failed with no expectation saying it would.
    Fail,
    /// Failed, as the expectations file says it does.
    ExpectedFail {
        reason: String,
    },
    /// Expected to fail but passed: the entry must go, so the list only shrinks.
    UnexpectedPass {
        reason: String,
    },
    /// Expected `skip`: its outcome counts neither way. Also a scenario the run never finished.
    Skipped {
        reason: String,
    },
    /// Either outcome accepted and reported: expected `flaky`, or passed only on a retry.
    Flaky {
        reason: String,
    },
    NotApplicable {
        reason: String,
    },
    /// The expectation's `expires` date has passed: someone must look again.
    Expired {
        reason: String,
    },
}

impl Verdict {
    /// The verdict of an outcome nobody has an expectation about.
    pub fn unexpected(status: Status, retries: u32, status_reason: Option<&str>) -> Verdict {
        match status {
            Status::Passed if retries > 0 => {
                Verdict::Flaky { reason: format!("passed after {retries} retr{}", if retries == 1 { "y" } else { "ies" }) }
            }
            Status::Passed => Verdict::Pass,
            Status::Failed => Verdict::Fail,
            Status::Skipped => Verdict::Skipped { reason: status_reason.unwrap_or("not run").to_string() },
            Status::NotApplicable => {
                Verdict::NotApplicable { reason: status_reason.unwrap_or("not applicable to this target").to_string() }
            }
        }
    }

    /// True for the verdicts that make the run fail.
    pub fn fails_run(&self) -> bool {
        matches!(self, Verdict::Fail | Verdict::UnexpectedPass { .. } | Verdict::Expired { .. })
    }

    /// Short lowercase name, as used in the terminal and the reports.
    pub fn label(&self) -> &'static str {
        match self {
            Verdict::Pass => "pass",
            Verdict::Fail => "fail",
            Verdict::ExpectedFail { .. } => "expected fail",
            Verdict::UnexpectedPass { .. } => "unexpected pass",
            Verdict::Skipped { .. } => "skipped",
            Verdict::Flaky { .. } => "flaky",
            Verdict::NotApplicable { .. } => "not applicable",
            Verdict::Expired { .. } => "expired",
        }
    }

    pub fn reason(&self) -> Option<&str> {
        match self {
            Verdict::Pass | Verdict::Fail => None,
            Verdict::ExpectedFail { reason }
            | Verdict::UnexpectedPass { reason }
            | Verdict::Skipped { reason }
            | Verdict::Flaky { reason }
            | Verdict::NotApplicable { reason }
            | Verdict::Expired { reason } => Some(reason),
        }
    }
}

impl RunReport {
    pub fn new(
        run_id: String,
        started_at: DateTime<Utc>,
        finished_at: DateTime<Utc>,
        target: TargetInfo,
        scenarios: Vec<ScenarioOutcome>,
        operations_called: BTreeMap<String, u64>,
        leftovers: Vec<String>,
    ) -> RunReport {
        let coverage = Some(Coverage::of_run(&run_id, scenarios.iter().flat_map(|s| &s.operations), &operations_called));
        let mut report = RunReport {
            schema_version: SCHEMA_VERSION,
            run_id,
            started_at,
            finished_at,
            duration_ms: (finished_at - started_at).num_milliseconds().max(0) as u64,
            target,
            scenarios,
            operations_called,
            leftovers,
            warnings: Vec::new(),
            totals: Totals::default(),
            coverage,
            target_gone: None,
            behaviours: None,
        };
        report.recount();
        report
    }

    /// The ids of the scenarios that passed (what behaviour coverage of a run counts).
    pub fn passed_ids(&self) -> std::collections::BTreeSet<&str> {
        self.scenarios.iter().filter(|s| s.status == Status::Passed).map(|s| s.id.as_str()).collect()
    }

    /// Reads a run's `summary.json`, given the file or the run's report folder
    /// (`reports/latest`, `reports/<run-id>`).
    pub fn load(path: &Path) -> anyhow::Result<RunReport> {
        let file = if path.is_dir() { path.join("summary.json") } else { path.to_path_buf() };
        let text = std::fs::read_to_string(&file).map_err(|e| {
            anyhow::anyhow!("cannot read the run report {}: {e} (give a run's report folder, e.g. reports/latest)", file.display())
        })?;
        let report: RunReport =
            serde_json::from_str(&text).map_err(|e| anyhow::anyhow!("{} is not a conform run report: {e}", file.display()))?;
        anyhow::ensure!(
            report.schema_version == SCHEMA_VERSION,
            "{} has schema_version {}; this conform reads {SCHEMA_VERSION}",
            file.display(),
            report.schema_version
        );
        Ok(report)
    }

    /// Recomputes [`RunReport::totals`]; call after changing scenarios or verdicts.
    pub fn recount(&mut self) {
        let mut totals = Totals::default();
        for s in &self.scenarios {
            totals.scenarios += 1;
            match s.status {
                Status::Passed => totals.passed += 1,
                Status::Failed => totals.failed += 1,
                Status::Skipped => totals.skipped += 1,
                Status::NotApplicable => totals.not_applicable += 1,
            }
            if s.retries > 0 {
                totals.retried += 1;
            }
            let v = &mut totals.verdicts;
            *match s.verdict {
                Verdict::Pass => &mut v.pass,
                Verdict::Fail => &mut v.fail,
                Verdict::ExpectedFail { .. } => &mut v.expected_fail,
                Verdict::UnexpectedPass { .. } => &mut v.unexpected_pass,
                Verdict::Skipped { .. } => &mut v.skipped,
                Verdict::Flaky { .. } => &mut v.flaky,
                Verdict::NotApplicable { .. } => &mut v.not_applicable,
                Verdict::Expired { .. } => &mut v.expired,
            } += 1;
        }
        self.totals = totals;
    }

    /// True only when every outcome was expected (no verdict fails the run) and the target kept answering.
    pub fn passed(&self) -> bool {
        self.target_gone.is_none() && !self.scenarios.iter().any(|s| s.verdict.fails_run())
    }
}

impl ScenarioOutcome {
    /// Everything the feature file says about a scenario, with no result yet: status
    /// Skipped, its steps (backgrounds first) all Skipped.
    pub fn describe(
        feature: &gherkin::Feature,
        rule: Option<&gherkin::Rule>,
        scenario: &gherkin::Scenario,
        features_root: &Path,
    ) -> ScenarioOutcome {
        let (feature_path, area) = feature_location(feature, features_root);
        let mut tags: Vec<String> = Vec::new();
        for tag in feature.tags.iter().chain(rule.iter().flat_map(|r| &r.tags)).chain(&scenario.tags) {
            let tag = format!("@{}", tag.trim_start_matches('@'));
            if !tags.contains(&tag) {
                tags.push(tag);
            }
        }
        let operations: Vec<String> = tags.iter().filter_map(|t| t.strip_prefix("@op:")).map(str::to_string).collect();
        let id = match tags.iter().find_map(|t| t.strip_prefix("@id:")) {
            Some(id) => match example_row(scenario) {
                Some(row) => format!("{id}#{row}"),
                None => id.to_string(),
            },
            None => format!("{feature_path}:{}", scenario.position.line),
        };
        let background = feature
            .background
            .iter()
            .chain(rule.and_then(|r| r.background.as_ref()))
            .flat_map(|b| &b.steps)
            .map(|s| StepOutcome::not_run(StepKind::Background, s));
        let steps = background.chain(scenario.steps.iter().map(|s| StepOutcome::not_run(StepKind::Scenario, s))).collect();
        ScenarioOutcome {
            id,
            name: scenario.name.clone(),
            feature: feature.name.clone(),
            feature_path,
            area,
            line: scenario.position.line,
            tags,
            operations,
            status: Status::Skipped,
            status_reason: None,
            retries: 0,
            steps,
            evidence: Vec::new(),
            duration_ms: 0,
            expected: None,
            verdict: Verdict::Skipped { reason: "not run".to_string() },
        }
    }

    /// A scenario the runner chose not to run because the target lacks what it needs.
    pub fn not_applicable(
        feature: &gherkin::Feature,
        rule: Option<&gherkin::Rule>,
        scenario: &gherkin::Scenario,
        features_root: &Path,
        reason: String,
    ) -> ScenarioOutcome {
        let mut outcome = ScenarioOutcome::describe(feature, rule, scenario, features_root);
        outcome.status = Status::NotApplicable;
        outcome.verdict = Verdict::NotApplicable { reason: reason.clone() };
        outcome.status_reason = Some(reason);
        outcome
    }

    /// The first step that did not pass and was not merely skipped after it.
    pub fn failing_step(&self) -> Option<&StepOutcome> {
        self.steps.iter().find(|s| matches!(s.status, StepStatus::Failed | StepStatus::Undefined | StepStatus::Ambiguous))
    }

    /// Why the scenario failed, by kind: its failing step's, or harness when no step failed
    /// (no steps, a step never run). `None` for a scenario that did not fail.
    pub fn failure_kind(&self) -> Option<FailureKind> {
        if self.status != Status::Failed {
            return None;
        }
        Some(self.failing_step().and_then(|s| s.failure_kind).unwrap_or(FailureKind::Harness))
    }

    /// One line saying why the scenario failed, for terminals and generated files.
    pub fn failure_summary(&self) -> String {
        match self.failing_step() {
            Some(step) => {
                let error = step.error.as_deref().unwrap_or("failed");
                let first = error.lines().find(|l| !l.trim().is_empty()).unwrap_or(error).trim();
                format!("{} {}: {first}", step.keyword, step.text).trim().to_string()
            }
            None => self.status_reason.clone().unwrap_or_else(|| "failed".to_string()),
        }
    }
}

impl StepOutcome {
    fn not_run(kind: StepKind, step: &gherkin::Step) -> StepOutcome {
        StepOutcome {
            kind,
            keyword: step.keyword.trim().to_string(),
            text: step.value.clone(),
            line: step.position.line,
            status: StepStatus::Skipped,
            error: None,
            failure_kind: None,
            duration_ms: 0,
        }
    }
}

/// The 1-based row of an expanded outline example within its Examples table. cucumber
/// expands each row into its own scenario placed at `examples line + row index + 2`
/// (keyword line, header line), keeping only that Examples block.
fn example_row(scenario: &gherkin::Scenario) -> Option<usize> {
    let [examples] = scenario.examples.as_slice() else { return None };
    scenario.position.line.checked_sub(examples.position.line + 1).filter(|row| *row >= 1)
}

fn feature_location(feature: &gherkin::Feature, features_root: &Path) -> (String, String) {
    match &feature.path {
        Some(path) => relative_feature_path(path, features_root),
        None => (feature.name.clone(), String::new()),
    }
}

/// `features/<area>/<topic>.feature` and `<area>` for a feature file under
/// `features_root`, whatever the current directory; the path as given when it is elsewhere.
pub fn relative_feature_path(path: &Path, features_root: &Path) -> (String, String) {
    let relative = path.strip_prefix(features_root).ok().map(Path::to_path_buf).or_else(|| {
        let root = features_root.canonicalize().ok()?;
        let full = path.canonicalize().ok()?;
        full.strip_prefix(root).ok().map(Path::to_path_buf)
    });
    match relative {
        Some(rel) => {
            let parts: Vec<String> = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
            let area = if parts.len() > 1 { parts[0].clone() } else { String::new() };
            (format!("features/{}", parts.join("/")), area)
        }
        None => (path.to_string_lossy().replace('\\', "/"), String::new()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str, dir: &Path, rel: &str) -> gherkin::Feature {
        let path = dir.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        use cucumber::feature::Ext as _;
        gherkin::Feature::parse_path(&path, gherkin::GherkinEnv::default()).unwrap().expand_examples().unwrap()
    }

    const OUTLINE: &str = "@area-tag\nFeature: Files\n  Background:\n    Given a bucket\n\n  @id:files-upload @op:storage.createFile\n  Scenario: Upload\n    When I upload\n\n  @id:files-preview @op:storage.getFilePreview\n  Scenario Outline: Preview <format>\n    When I preview as <format>\n\n    Examples:\n      | format |\n      | png    |\n      | webp   |\n\n  Scenario: Untagged\n    When I do nothing\n";

    #[test]
    fn describe_reads_ids_rows_tags_operations_and_location() {
        let dir = tempfile::tempdir().unwrap();
        let feature = parse(OUTLINE, dir.path(), "storage/files.feature");
        let described: Vec<ScenarioOutcome> =
            feature.scenarios.iter().map(|s| ScenarioOutcome::describe(&feature, None, s, dir.path())).collect();
        let ids: Vec<&str> = described.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(
            ids,
            ["files-upload", "files-preview#1", "files-preview#2", "features/storage/files.feature:19"],
            "ids of the scenarios in:\n{OUTLINE}"
        );
        let upload = &described[0];
        assert_eq!(upload.feature_path, "features/storage/files.feature");
        assert_eq!(upload.area, "storage");
        assert_eq!(upload.tags, ["@area-tag", "@id:files-upload", "@op:storage.createFile"]);
        assert_eq!(upload.operations, ["storage.createFile"]);
        let steps: Vec<(StepKind, &str)> = upload.steps.iter().map(|s| (s.kind, s.text.as_str())).collect();
        assert_eq!(steps, [(StepKind::Background, "a bucket"), (StepKind::Scenario, "I upload")]);
        assert_eq!(described[2].name, "Preview webp");
        assert_eq!(described[2].line, 17, "line of the second example row");
    }

    fn outcome(status: Status, verdict: Verdict, retries: u32) -> ScenarioOutcome {
        ScenarioOutcome {
            id: "x".into(),
            name: "x".into(),
            feature: "f".into(),
            feature_path: "features/f.feature".into(),
            area: String::new(),
            line: 1,
            tags: vec![],
            operations: vec![],
            status,
            status_reason: None,
            retries,
            steps: vec![],
            evidence: vec![],
            duration_ms: 0,
            expected: None,
            verdict,
        }
    }

    #[test]
    fn passed_is_false_exactly_for_fail_unexpected_pass_and_expired() {
        let reason = || "r".to_string();
        let cases = [
            (Verdict::Pass, true),
            (Verdict::Fail, false),
            (Verdict::ExpectedFail { reason: reason() }, true),
            (Verdict::UnexpectedPass { reason: reason() }, false),
            (Verdict::Skipped { reason: reason() }, true),
            (Verdict::Flaky { reason: reason() }, true),
            (Verdict::NotApplicable { reason: reason() }, true),
            (Verdict::Expired { reason: reason() }, false),
        ];
        for (verdict, expected) in cases {
            let report = RunReport::new(
                "run".into(),
                Utc::now(),
                Utc::now(),
                TargetInfo { endpoint: "http://x".into(), project: "p".into(), bundled: true },
                vec![outcome(Status::Passed, Verdict::Pass, 0), outcome(Status::Failed, verdict.clone(), 0)],
                BTreeMap::new(),
                vec![],
            );
            assert_eq!(report.passed(), expected, "passed() with verdicts [pass, {verdict:?}]");
        }
    }

    #[test]
    fn totals_count_statuses_verdicts_and_retries() {
        let report = RunReport::new(
            "run".into(),
            Utc::now(),
            Utc::now(),
            TargetInfo { endpoint: "http://x".into(), project: "p".into(), bundled: false },
            vec![
                outcome(Status::Passed, Verdict::Pass, 0),
                outcome(Status::Passed, Verdict::unexpected(Status::Passed, 2, None), 2),
                outcome(Status::Failed, Verdict::Fail, 1),
                outcome(Status::NotApplicable, Verdict::unexpected(Status::NotApplicable, 0, Some("no avif")), 0),
            ],
            BTreeMap::new(),
            vec![],
        );
        let t = &report.totals;
        assert_eq!((t.scenarios, t.passed, t.failed, t.not_applicable, t.retried), (4, 2, 1, 1, 2), "totals: {t:?}");
        assert_eq!((t.verdicts.pass, t.verdicts.flaky, t.verdicts.fail, t.verdicts.not_applicable), (1, 1, 1, 1), "verdicts: {t:?}");
    }

    #[test]
    fn summary_json_carries_schema_version_and_tagged_verdicts() {
        let report = RunReport::new(
            "run".into(),
            Utc::now(),
            Utc::now(),
            TargetInfo { endpoint: "http://x".into(), project: "p".into(), bundled: false },
            vec![outcome(Status::Failed, Verdict::ExpectedFail { reason: "no avif".into() }, 0)],
            BTreeMap::new(),
            vec![],
        );
        let json = serde_json::to_value(&report).unwrap();
        assert_eq!(json["schema_version"], 1, "json: {json}");
        assert_eq!(json["scenarios"][0]["verdict"], serde_json::json!({"kind": "expected_fail", "reason": "no avif"}));
        assert_eq!(json["scenarios"][0]["status"], "failed");
        let back: RunReport = serde_json::from_value(json).unwrap();
        assert_eq!(back, report, "round trip through JSON");
    }
}
