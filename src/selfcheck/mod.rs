//! `conform selfcheck`: proves the suite fails when it should. For each fault of the
//! reference server's catalogue it starts the bundled server with that fault, runs the
//! scenarios the fault's tag expression selects, and counts the fault caught when a
//! scenario fails that passes against the fault-free server (run once, as the baseline).

pub mod catalogue_table;
pub mod result;
mod suite_run;

use conform_reference::faults::{catalogue, Fault};
use futures::stream::{self, StreamExt};
use result::{Baseline, Failure, FaultResult, MutationScore, SelfcheckReport, Verdict};
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::time::Duration;

pub struct SelfcheckOptions {
    pub features: PathBuf,
    /// Runs at once (the baseline counts as one).
    pub jobs: usize,
    pub run_timeout: Duration,
}

/// The catalogue narrowed to the named faults and areas, or an error naming what is unknown.
pub fn select(faults: &[String], areas: &[String]) -> anyhow::Result<Vec<Fault>> {
    let all = catalogue();
    let known_areas: BTreeSet<&str> = all.iter().map(|f| f.area.as_str()).collect();
    for area in areas {
        anyhow::ensure!(
            known_areas.contains(area.as_str()),
            "unknown area {area:?}; areas with faults: {}",
            known_areas.iter().copied().collect::<Vec<_>>().join(", ")
        );
    }
    let named = if faults.is_empty() { all } else { conform_reference::faults::select(faults)? };
    Ok(named.into_iter().filter(|f| areas.is_empty() || areas.iter().any(|a| a == f.area.as_str())).collect())
}

enum Job<'a> {
    Baseline(String),
    Fault(usize, &'a Fault),
}

enum Done {
    Baseline(Baseline),
    Fault(usize, FaultResult, Vec<Failure>),
}

/// Runs the selfcheck, printing progress to stderr; the report says what was caught.
pub async fn run(faults: &[Fault], options: &SelfcheckOptions) -> anyhow::Result<SelfcheckReport> {
    anyhow::ensure!(!faults.is_empty(), "no fault selected");
    let started = chrono::Utc::now();
    let total = faults.len();
    let baseline_tags = union(faults.iter().map(|f| f.caught_by));
    let jobs = std::iter::once(Job::Baseline(baseline_tags)).chain(faults.iter().enumerate().map(|(i, f)| Job::Fault(i, f)));
    let mut finished = 0;
    let mut baseline = None;
    let mut results: Vec<Option<(FaultResult, Vec<Failure>)>> = vec![None; total];
    let mut runs = stream::iter(jobs).map(|job| run_job(job, options)).buffer_unordered(options.jobs.max(1));
    while let Some(done) = runs.next().await {
        match done {
            Done::Baseline(b) => {
                eprintln!("[baseline] {} scenarios without faults, {} failed", b.scenarios, b.failed.len());
                baseline = Some(b);
            }
            Done::Fault(i, result, failed) => {
                finished += 1;
                let what = match &result.error {
                    Some(error) => format!("ERROR {error}"),
                    None if failed.is_empty() => format!("no scenario failed of {}", result.scenarios),
                    None => format!("{} of {} failed: {}", failed.len(), result.scenarios, ids(&failed)),
                };
                eprintln!("[{finished}/{total}] {} ({:.1}s): {what}", result.name, result.duration_ms as f64 / 1000.0);
                results[i] = Some((result, failed));
            }
        }
    }
    let baseline = baseline.ok_or_else(|| anyhow::anyhow!("the baseline run did not report"))?;
    let failing_anyway: BTreeSet<&str> = baseline.failed.iter().map(|f| f.id.as_str()).collect();
    let faults: Vec<FaultResult> = results
        .into_iter()
        .flatten()
        .map(|(mut result, failed)| {
            if result.error.is_none() {
                result.caught_by = failed.into_iter().filter(|f| !failing_anyway.contains(f.id.as_str())).collect();
                result.verdict = if result.caught_by.is_empty() { Verdict::Survived } else { Verdict::Caught };
            }
            result
        })
        .collect();
    let finished_at = chrono::Utc::now();
    Ok(SelfcheckReport {
        schema_version: result::SCHEMA_VERSION,
        started_at: started,
        finished_at,
        duration_ms: (finished_at - started).num_milliseconds().max(0) as u64,
        score: MutationScore { caught: faults.iter().filter(|f| f.verdict == Verdict::Caught).count(), total: faults.len() },
        baseline,
        faults,
    })
}

async fn run_job(job: Job<'_>, options: &SelfcheckOptions) -> Done {
    match job {
        Job::Baseline(tags) => {
            let outcome = suite_run::run(&options.features, &tags, Vec::new(), options.run_timeout).await;
            Done::Baseline(match outcome {
                Ok(run) => Baseline { tags, scenarios: run.scenarios, failed: failures(run.failed), error: None },
                Err(e) => Baseline { tags, scenarios: 0, failed: Vec::new(), error: Some(format!("{e:#}")) },
            })
        }
        Job::Fault(i, fault) => {
            let started = std::time::Instant::now();
            let outcome = suite_run::run(&options.features, fault.caught_by, vec![fault.name.to_string()], options.run_timeout).await;
            let mut result = FaultResult {
                name: fault.name.to_string(),
                area: fault.area.as_str().to_string(),
                breaks: fault.breaks.to_string(),
                tags: fault.caught_by.to_string(),
                verdict: Verdict::Error,
                scenarios: 0,
                caught_by: Vec::new(),
                error: None,
                duration_ms: 0,
            };
            let failed = match outcome {
                Ok(run) => {
                    result.scenarios = run.scenarios;
                    failures(run.failed)
                }
                Err(e) => {
                    result.error = Some(format!("{e:#}"));
                    Vec::new()
                }
            };
            result.duration_ms = started.elapsed().as_millis() as u64;
            Done::Fault(i, result, failed)
        }
    }
}

fn failures(failed: Vec<(String, String)>) -> Vec<Failure> {
    failed.into_iter().map(|(id, reason)| Failure { id, reason }).collect()
}

fn ids(failed: &[Failure]) -> String {
    failed.iter().map(|f| f.id.as_str()).collect::<Vec<_>>().join(", ")
}

/// One tag expression selecting what any of `expressions` selects.
fn union<'a>(expressions: impl Iterator<Item = &'a str>) -> String {
    let distinct: BTreeSet<&str> = expressions.collect();
    distinct.into_iter().map(|e| format!("({e})")).collect::<Vec<_>>().join(" or ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use cucumber::gherkin::tagexpr::TagOperation;

    #[test]
    fn every_fault_names_a_tag_expression_cucumber_parses() {
        for fault in catalogue() {
            assert!(fault.caught_by.parse::<TagOperation>().is_ok(), "{}: {:?} is not a tag expression", fault.name, fault.caught_by);
        }
        let all = union(catalogue().iter().map(|f| f.caught_by));
        assert!(all.parse::<TagOperation>().is_ok(), "the baseline's union {all:?} does not parse");
    }

    #[test]
    fn selecting_by_area_and_name() {
        let account = select(&[], &["account".to_string()]).expect("account is an area");
        assert!(!account.is_empty() && account.iter().all(|f| f.area.as_str() == "account"));
        let err = select(&[], &["nowhere".to_string()]).err().expect("unknown area");
        assert!(err.to_string().contains("nowhere"), "{err}");
        let one = select(&["ping-wrong-text".to_string()], &[]).expect("known fault");
        assert_eq!(one.len(), 1);
    }
}
