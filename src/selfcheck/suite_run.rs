//! One run of part of the suite against the bundled server, optionally with faults: the
//! server starts in this process, `conform run` in a child process (cucumber keeps one run
//! context per process), pointed at it through the APPWRITE_* variables so no secret is
//! ever on a command line.

use super::result::Failure;
use crate::outcome::{RunReport, ScenarioOutcome, Status};
use crate::target::{Target, CAPABILITIES};
use anyhow::Context as _;
use cucumber::gherkin::tagexpr::TagOperation;
use cucumber::tag::Ext as _;
use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

/// What a run of the selected scenarios showed.
pub struct SuiteRun {
    pub scenarios: usize,
    /// Failed scenarios, each with its failing step, the first line of its error and its kind.
    pub failed: Vec<Failure>,
}

/// Runs the scenarios `tags` selects against the bundled server broken by `faults`.
pub async fn run(features: &Path, tags: &str, faults: Vec<String>, timeout: Duration) -> anyhow::Result<SuiteRun> {
    let target = Target::bundled_with_faults(faults, crate::target::BUNDLED_WINDOW_SCALE).await?;
    let outcome = run_against(&target, features, tags, timeout).await;
    target.shutdown().await;
    let (scenarios, failed) = outcome?;
    Ok(SuiteRun { scenarios, failed })
}

async fn run_against(target: &Target, features: &Path, tags: &str, timeout: Duration) -> anyhow::Result<(usize, Vec<Failure>)> {
    let reports = tempfile::Builder::new().prefix("conform-selfcheck-").tempdir()?;
    let exe = std::env::current_exe()?;
    let mut command = tokio::process::Command::new(&exe);
    command
        .arg("run")
        .arg("--quiet")
        .arg("--tags")
        .arg(tags)
        .arg("--features")
        .arg(features)
        .arg("--reports")
        .arg(reports.path())
        // The bundled server applies every effect before it answers: no worker to wait for.
        .arg("--settle-within")
        .arg("2")
        .env("APPWRITE_ENDPOINT", &target.endpoint)
        .env("APPWRITE_PROJECT", &target.project)
        .env("APPWRITE_API_KEY", &target.api_key)
        .env_remove("CONFORM_EXPECTATIONS")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    match &target.read_only_key {
        Some(key) => command.env("CONFORM_READ_ONLY_KEY", key),
        None => command.env_remove("CONFORM_READ_ONLY_KEY"),
    };
    // The bundled server has every capability; a remote-looking run must be told.
    for (capability, _) in CAPABILITIES {
        command.arg("--capability").arg(capability);
    }
    // A rebuild during a selfcheck replaces the binary its children are started from.
    let child = command
        .spawn()
        .with_context(|| format!("could not start `conform run` from {} (was conform rebuilt while selfcheck ran?)", exe.display()))?;
    let output = match tokio::time::timeout(timeout, child.wait_with_output()).await {
        Ok(output) => output?,
        Err(_) => anyhow::bail!("the run did not end within {} s", timeout.as_secs()),
    };
    // 0: all passed, 1: some failed; anything else means the run itself could not happen.
    if !matches!(output.status.code(), Some(0 | 1)) {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let last = stderr.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or("no output");
        anyhow::bail!("`conform run` exited with {:?}: {last}", output.status.code());
    }
    // Typed, so a change of the run report's layout breaks this at compile time, not silently.
    let report = RunReport::load(&reports.path().join("latest"))?;
    Ok(failures_among_selected(&report, tags))
}

/// How many scenarios of `report` the tag expression `tags` selects, and those of them that
/// failed, each with why in one line and the kind of its failure. The child ran with these
/// tags, so every scenario should be selected; the check keeps a catch from ever resting on a
/// scenario the fault's expression does not name.
fn failures_among_selected(report: &RunReport, tags: &str) -> (usize, Vec<Failure>) {
    let expression: Option<TagOperation> = tags.parse().ok();
    let selected: Vec<&ScenarioOutcome> = report
        .scenarios
        .iter()
        .filter(|s| expression.as_ref().is_none_or(|e| e.eval(s.tags.iter().map(|t| t.trim_start_matches('@')))))
        .collect();
    let failed = selected
        .iter()
        .filter(|s| s.status == Status::Failed)
        .map(|s| Failure { id: s.id.clone(), reason: one_line(&s.failure_summary()), kind: s.failure_kind() })
        .collect();
    (selected.len(), failed)
}

fn one_line(text: &str) -> String {
    text.chars().take(240).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::failure::FailureKind;
    use crate::outcome::{StepKind, StepOutcome, StepStatus, TargetInfo, Verdict};

    fn scenario(id: &str, tags: &[&str], failed: Option<FailureKind>) -> ScenarioOutcome {
        let step = StepOutcome {
            kind: StepKind::Scenario,
            keyword: "Then".into(),
            text: "the response status is 200".into(),
            line: 3,
            status: if failed.is_some() { StepStatus::Failed } else { StepStatus::Passed },
            error: failed.map(|k| format!("failed by {k}\nsecond line")),
            failure_kind: failed,
            duration_ms: 1,
        };
        ScenarioOutcome {
            id: id.into(),
            name: id.into(),
            feature: "f".into(),
            feature_path: "features/a/f.feature".into(),
            area: "a".into(),
            line: 2,
            tags: tags.iter().map(|t| t.to_string()).collect(),
            operations: Vec::new(),
            status: if failed.is_some() { Status::Failed } else { Status::Passed },
            status_reason: None,
            retries: 0,
            steps: vec![step],
            evidence: Vec::new(),
            duration_ms: 1,
            expected: None,
            verdict: if failed.is_some() { Verdict::Fail } else { Verdict::Pass },
        }
    }

    #[test]
    fn failures_come_with_their_kind_and_only_from_selected_scenarios() {
        let report = RunReport::new(
            "run".into(),
            chrono::Utc::now(),
            chrono::Utc::now(),
            TargetInfo { endpoint: "http://x".into(), project: "p".into(), bundled: true },
            vec![
                scenario("ok", &["@account"], None),
                scenario("wrong", &["@account", "@id:wrong"], Some(FailureKind::Assertion)),
                scenario("slow", &["@account"], Some(FailureKind::Deadline)),
                scenario("elsewhere", &["@teams"], Some(FailureKind::Assertion)),
            ],
            Default::default(),
            Vec::new(),
        );
        let (scenarios, failed) = failures_among_selected(&report, "@account");
        assert_eq!(scenarios, 3, "scenarios '@account' selects");
        let got: Vec<(&str, Option<FailureKind>, &str)> = failed.iter().map(|f| (f.id.as_str(), f.kind, f.reason.as_str())).collect();
        assert_eq!(
            got,
            [
                ("wrong", Some(FailureKind::Assertion), "Then the response status is 200: failed by assertion"),
                ("slow", Some(FailureKind::Deadline), "Then the response status is 200: failed by deadline"),
            ]
        );
    }
}
