//! The selfcheck result: `selfcheck.json` (versioned, for machines and for the HTML report's
//! mutation score) and the lines printed at the end.
//!
//! Dependencies go one way: `report` reads these types (the HTML page shows the mutation
//! score); nothing here or in `selfcheck` uses `report`.

use crate::failure::FailureKind;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::io::Write;
use std::path::Path;

/// Bumped when a field changes meaning or disappears. 2: `score` is absent when the
/// baseline failed; a catch counts only a wrong answer (`inconclusive` verdict).
pub const SCHEMA_VERSION: u32 = 2;
pub const FILE: &str = "selfcheck.json";

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct SelfcheckReport {
    pub schema_version: u32,
    pub started_at: DateTime<Utc>,
    pub finished_at: DateTime<Utc>,
    pub duration_ms: u64,
    /// How many times the baseline and each fault ran (`--rounds`); 1 in files before it.
    #[serde(default = "one_round")]
    pub rounds: usize,
    /// Absent when the baseline failed: no verdict can be trusted then.
    pub score: Option<MutationScore>,
    /// The same scenarios against the fault-free server: what fails there catches nothing.
    pub baseline: Baseline,
    pub faults: Vec<FaultResult>,
}

/// Caught faults out of all checked.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct MutationScore {
    pub caught: usize,
    pub total: usize,
}

impl MutationScore {
    pub fn percent(&self) -> f64 {
        if self.total == 0 {
            0.0
        } else {
            100.0 * self.caught as f64 / self.total as f64
        }
    }
}

impl std::fmt::Display for MutationScore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{} faults caught ({:.1}%)", self.caught, self.total, self.percent())
    }
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Baseline {
    pub tags: String,
    pub scenarios: usize,
    /// Scenarios that failed without any fault in any round, with why: errors in the suite
    /// or the server.
    pub failed: Vec<Failure>,
    /// Those of `failed` that passed in another round: they depend on timing or order.
    #[serde(default)]
    pub flaky: Vec<String>,
    /// Why the baseline run could not happen, if it could not.
    pub error: Option<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Failure {
    pub id: String,
    pub reason: String,
    /// Why it failed: only `assertion` (a wrong answer) catches a fault.
    #[serde(default)]
    pub kind: Option<FailureKind>,
}

impl Failure {
    /// `id (kind)`, as progress lines and lists name a failure.
    pub fn label(&self) -> String {
        match self.kind {
            Some(kind) => format!("{} ({kind})", self.id),
            None => self.id.clone(),
        }
    }
}

#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// In every round, at least one scenario that passes without the fault failed on an
    /// assertion about the server's answer.
    Caught,
    /// Every selected scenario passed (or failed anyway, without the fault too), every round.
    Survived,
    /// Scenarios failed, but never on an assertion about the answer: only deadlines,
    /// transport errors, spent rate-limit budgets or harness errors, which prove nothing.
    Inconclusive,
    /// Caught in some rounds and missed in others: what catches it depends on timing or order.
    Flaky,
    /// The run could not happen; nothing is known.
    Error,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct FaultResult {
    pub name: String,
    pub area: String,
    pub breaks: String,
    pub tags: String,
    pub verdict: Verdict,
    pub scenarios: usize,
    /// The scenarios that caught the fault in every round, each with the kind of its catch.
    pub caught_by: Vec<Failure>,
    /// How many scenarios caught it in every round (`caught_by`'s length).
    #[serde(default)]
    pub catching_scenarios: usize,
    /// Caught by exactly one scenario: one edit away from a survivor.
    #[serde(default)]
    pub thin: bool,
    /// Scenarios that caught it in some rounds only.
    #[serde(default)]
    pub caught_sometimes: Vec<String>,
    /// Scenarios that failed with the fault for a reason that catches nothing (deadline,
    /// transport, rate_limited, harness); all an inconclusive fault has.
    #[serde(default)]
    pub failed_otherwise: Vec<Failure>,
    pub error: Option<String>,
    pub duration_ms: u64,
}

fn one_round() -> usize {
    1
}

fn ids(failures: &[Failure]) -> String {
    failures.iter().map(|f| f.id.as_str()).collect::<Vec<_>>().join(", ")
}

impl Baseline {
    /// Every scenario passed, every round: the only baseline a score can rest on.
    pub fn passed(&self) -> bool {
        self.failed.is_empty() && self.error.is_none()
    }
}

impl SelfcheckReport {
    pub fn survivors(&self) -> impl Iterator<Item = &FaultResult> {
        self.faults.iter().filter(|f| f.verdict == Verdict::Survived)
    }

    /// True when every fault was caught and the baseline ran clean.
    pub fn passed(&self) -> bool {
        self.faults.iter().all(|f| f.verdict == Verdict::Caught) && self.baseline.passed()
    }

    pub fn with_verdict(&self, verdict: Verdict) -> impl Iterator<Item = &FaultResult> {
        self.faults.iter().filter(move |f| f.verdict == verdict)
    }

    pub fn write(&self, path: &Path) -> anyhow::Result<()> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(path, serde_json::to_string_pretty(self)? + "\n")?;
        Ok(())
    }

    /// The result in `path`, if there is one this build can read.
    pub fn read(path: &Path) -> Option<SelfcheckReport> {
        let report: SelfcheckReport = serde_json::from_str(&std::fs::read_to_string(path).ok()?).ok()?;
        (report.schema_version == SCHEMA_VERSION).then_some(report)
    }

    pub fn print(&self, out: &mut impl Write) -> std::io::Result<()> {
        let score = match &self.score {
            Some(score) => score.to_string(),
            None => "NO SCORE: the fault-free baseline failed, so no verdict can be trusted".to_string(),
        };
        writeln!(out, "\nconform selfcheck: {score} in {:.1}s", self.duration_ms as f64 / 1000.0)?;
        if let Some(error) = &self.baseline.error {
            writeln!(out, "\nERROR: the fault-free baseline run failed to run: {error}")?;
        }
        if !self.baseline.failed.is_empty() {
            writeln!(out, "\nERROR: scenarios that fail without any fault (they catch nothing; fix them first):")?;
            for failure in &self.baseline.failed {
                writeln!(out, "  {}: {}", failure.label(), failure.reason)?;
            }
        }
        if !self.baseline.flaky.is_empty() {
            writeln!(out, "  (flaky: they passed in another of the {} rounds: {})", self.rounds, self.baseline.flaky.join(", "))?;
        }
        let errors: Vec<&FaultResult> = self.faults.iter().filter(|f| f.verdict == Verdict::Error).collect();
        if !errors.is_empty() {
            writeln!(out, "\nERROR: faults that could not be checked:")?;
            for fault in errors {
                writeln!(out, "  {}: {}", fault.name, fault.error.as_deref().unwrap_or("unknown error"))?;
            }
        }
        let survivors: Vec<&FaultResult> = self.survivors().collect();
        if !survivors.is_empty() {
            writeln!(out, "\nSURVIVORS: faults no scenario caught (the suite does not check this part of the contract):")?;
            for fault in survivors {
                writeln!(out, "  {} [{}]: {} ({} scenarios ran: {})", fault.name, fault.area, fault.breaks, fault.scenarios, fault.tags)?;
            }
        }
        let inconclusive: Vec<&FaultResult> = self.with_verdict(Verdict::Inconclusive).collect();
        if !inconclusive.is_empty() {
            writeln!(
                out,
                "\nINCONCLUSIVE: faults that made scenarios fail, but never on an assertion about the answer (fix the scenario \
                 or the fault's tags):"
            )?;
            for fault in inconclusive {
                writeln!(out, "  {} [{}]: {}", fault.name, fault.area, fault.breaks)?;
                for failure in &fault.failed_otherwise {
                    writeln!(out, "    {}: {}", failure.label(), failure.reason)?;
                }
            }
        }
        let thin: Vec<String> = self.faults.iter().filter(|f| f.thin).map(|f| format!("{} ({})", f.name, ids(&f.caught_by))).collect();
        if !thin.is_empty() {
            writeln!(out, "\nthin: faults caught by one scenario only: {}", thin.join(", "))?;
        }
        let flaky: Vec<&FaultResult> = self.with_verdict(Verdict::Flaky).collect();
        if !flaky.is_empty() {
            writeln!(out, "\nFLAKY: faults caught in some of the {} rounds only (make their scenarios deterministic):", self.rounds)?;
            for fault in flaky {
                writeln!(
                    out,
                    "  {} [{}]: {} (caught sometimes by: {})",
                    fault.name,
                    fault.area,
                    fault.breaks,
                    fault.caught_sometimes.join(", ")
                )?;
            }
        }
        Ok(())
    }
}
