//! The selfcheck result: `selfcheck.json` (versioned, for machines and for the HTML report's
//! mutation score) and the lines printed at the end.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::io::Write;
use std::path::Path;

/// Bumped when a field changes meaning or disappears.
pub const SCHEMA_VERSION: u32 = 1;
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
    pub score: MutationScore,
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
}

#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// In every round, at least one scenario failed that passes without the fault.
    Caught,
    /// Every selected scenario passed (or failed anyway, without the fault too), every round.
    Survived,
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
    /// The scenarios that caught the fault in every round.
    pub caught_by: Vec<Failure>,
    /// Scenarios that caught it in some rounds only.
    #[serde(default)]
    pub caught_sometimes: Vec<String>,
    pub error: Option<String>,
    pub duration_ms: u64,
}

fn one_round() -> usize {
    1
}

impl SelfcheckReport {
    pub fn survivors(&self) -> impl Iterator<Item = &FaultResult> {
        self.faults.iter().filter(|f| f.verdict == Verdict::Survived)
    }

    /// True when every fault was caught and the baseline ran clean.
    pub fn passed(&self) -> bool {
        self.faults.iter().all(|f| f.verdict == Verdict::Caught) && self.baseline.failed.is_empty() && self.baseline.error.is_none()
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
        writeln!(out, "\nconform selfcheck: {} in {:.1}s", self.score, self.duration_ms as f64 / 1000.0)?;
        if let Some(error) = &self.baseline.error {
            writeln!(out, "\nERROR: the fault-free baseline run failed to run: {error}")?;
        }
        if !self.baseline.failed.is_empty() {
            writeln!(out, "\nERROR: scenarios that fail without any fault (they catch nothing; fix them first):")?;
            for failure in &self.baseline.failed {
                writeln!(out, "  {}: {}", failure.id, failure.reason)?;
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
        let flaky: Vec<&FaultResult> = self.faults.iter().filter(|f| f.verdict == Verdict::Flaky).collect();
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
