//! One run of part of the suite against the bundled server, optionally with faults: the
//! server starts in this process, `conform run` in a child process (cucumber keeps one run
//! context per process), pointed at it through the APPWRITE_* variables so no secret is
//! ever on a command line.

use crate::target::{Target, CAPABILITIES};
use anyhow::Context as _;
use serde_json::Value;
use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

/// What a run of the selected scenarios showed.
pub struct SuiteRun {
    pub scenarios: usize,
    /// Failed scenarios by id, each with the first line of its failing step's error.
    pub failed: Vec<(String, String)>,
}

/// Runs the scenarios `tags` selects against the bundled server broken by `faults`.
pub async fn run(features: &Path, tags: &str, faults: Vec<String>, timeout: Duration) -> anyhow::Result<SuiteRun> {
    let target = Target::bundled_with_faults(faults, crate::target::BUNDLED_WINDOW_SCALE).await?;
    let outcome = run_against(&target, features, tags, timeout).await;
    target.shutdown().await;
    let (scenarios, failed) = outcome?;
    Ok(SuiteRun { scenarios, failed })
}

type Failures = Vec<(String, String)>;

async fn run_against(target: &Target, features: &Path, tags: &str, timeout: Duration) -> anyhow::Result<(usize, Failures)> {
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
    let summary_path = reports.path().join("latest").join(crate::report::SUMMARY_JSON_FILE);
    let summary: Value = serde_json::from_str(&std::fs::read_to_string(&summary_path)?)?;
    let scenarios = summary["scenarios"].as_array().cloned().unwrap_or_default();
    let failed = scenarios.iter().filter(|s| s["status"] == "failed").map(|s| (text(&s["id"]), first_error(s))).collect();
    Ok((scenarios.len(), failed))
}

fn text(value: &Value) -> String {
    value.as_str().unwrap_or_default().to_string()
}

/// Why the scenario failed, in one line: its failing step and the error's first line.
fn first_error(scenario: &Value) -> String {
    let steps = scenario["steps"].as_array().cloned().unwrap_or_default();
    let failing = steps.iter().find(|s| s["error"].is_string());
    match failing {
        Some(step) => {
            let error = step["error"].as_str().unwrap_or_default();
            let line = error.lines().find(|l| !l.trim().is_empty()).unwrap_or_default();
            let line: String = line.chars().take(240).collect();
            format!("{}: {line}", step["text"].as_str().unwrap_or("step"))
        }
        None => scenario["status_reason"].as_str().unwrap_or("failed").to_string(),
    }
}
