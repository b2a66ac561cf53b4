//! `conform selfcheck`: proves the suite fails when it should, for the right reason. For each
//! fault of the reference server's catalogue it starts the bundled server with that fault,
//! runs the scenarios the fault's tag expression selects, and counts the fault caught when a
//! scenario that passes against the fault-free server (the baseline) fails on an assertion
//! about the server's answer. Failures of other kinds (deadline, transport, rate_limited,
//! harness) prove nothing about the contract: a fault met only by those is inconclusive.
//! A baseline that fails at all leaves no score.
//!
//! Child runs are read through the typed run report (`outcome::RunReport`); this module
//! never uses `report`, which reads `result` for the HTML page.

pub mod catalogue_table;
pub mod result;
mod suite_run;

use crate::failure::FailureKind;
use conform_reference::faults::{catalogue, Fault};
use futures::stream::{self, StreamExt};
use result::{Baseline, Failure, FaultResult, MutationScore, SelfcheckReport, Verdict};
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::time::Duration;

pub struct SelfcheckOptions {
    pub features: PathBuf,
    /// Runs at once (the baseline counts as one).
    pub jobs: usize,
    pub run_timeout: Duration,
    /// Times the baseline and each fault run; more than one tells flaky catches from steady ones.
    pub rounds: usize,
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
    /// A fault's result (verdict still to judge) and each round's failed scenarios.
    Fault(usize, FaultResult, Vec<Vec<Failure>>),
}

/// Runs the selfcheck, printing progress to stderr; the report says what was caught.
pub async fn run(faults: &[Fault], options: &SelfcheckOptions) -> anyhow::Result<SelfcheckReport> {
    anyhow::ensure!(!faults.is_empty(), "no fault selected");
    let started = chrono::Utc::now();
    let total = faults.len();
    let expressions: Vec<String> = faults.iter().map(|f| quick(f.caught_by)).collect();
    let baseline_tags = union(expressions.iter().map(String::as_str));
    let jobs = std::iter::once(Job::Baseline(baseline_tags)).chain(faults.iter().enumerate().map(|(i, f)| Job::Fault(i, f)));
    let mut finished = 0;
    let mut baseline = None;
    let mut results: Vec<Option<(FaultResult, Vec<Vec<Failure>>)>> = vec![None; total];
    let mut runs = stream::iter(jobs).map(|job| run_job(job, options)).buffer_unordered(options.jobs.max(1));
    while let Some(done) = runs.next().await {
        match done {
            Done::Baseline(b) => {
                let failed = if b.failed.is_empty() { String::new() } else { format!(": {}", labels(&b.failed)) };
                eprintln!("[baseline] {} scenarios without faults, {} failed{failed}", b.scenarios, b.failed.len());
                baseline = Some(b);
            }
            Done::Fault(i, result, rounds) => {
                finished += 1;
                let what = match &result.error {
                    Some(error) => format!("ERROR {error}"),
                    None => progress(result.scenarios, &rounds),
                };
                eprintln!("[{finished}/{total}] {} ({:.1}s): {what}", result.name, result.duration_ms as f64 / 1000.0);
                results[i] = Some((result, rounds));
            }
        }
    }
    let baseline = baseline.ok_or_else(|| anyhow::anyhow!("the baseline run did not report"))?;
    let failing_anyway: BTreeSet<&str> = baseline.failed.iter().map(|f| f.id.as_str()).collect();
    let faults: Vec<FaultResult> = results
        .into_iter()
        .flatten()
        .map(|(mut result, rounds)| {
            if result.error.is_none() {
                judge(&rounds, &failing_anyway).apply_to(&mut result);
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
        rounds: options.rounds.max(1),
        score: score(&baseline, &faults),
        baseline,
        faults,
    })
}

/// Caught faults out of all, or none when the baseline failed: a scenario failing without
/// any fault means the suite or the server is broken, and every verdict with it.
fn score(baseline: &Baseline, faults: &[FaultResult]) -> Option<MutationScore> {
    baseline.passed().then(|| MutationScore { caught: faults.iter().filter(|f| f.verdict == Verdict::Caught).count(), total: faults.len() })
}

async fn run_job(job: Job<'_>, options: &SelfcheckOptions) -> Done {
    match job {
        Job::Baseline(tags) => Done::Baseline(match run_rounds(options, &tags, Vec::new()).await {
            Ok((scenarios, rounds)) => baseline(tags, scenarios, rounds),
            Err(e) => Baseline { tags, scenarios: 0, failed: Vec::new(), flaky: Vec::new(), error: Some(format!("{e:#}")) },
        }),
        Job::Fault(i, fault) => {
            let started = std::time::Instant::now();
            let outcome = run_rounds(options, &quick(fault.caught_by), vec![fault.name.to_string()]).await;
            let mut result = FaultResult {
                name: fault.name.to_string(),
                area: fault.area.as_str().to_string(),
                breaks: fault.breaks.to_string(),
                tags: fault.caught_by.to_string(),
                verdict: Verdict::Error,
                scenarios: 0,
                caught_by: Vec::new(),
                catching_scenarios: 0,
                thin: false,
                caught_sometimes: Vec::new(),
                failed_otherwise: Vec::new(),
                error: None,
                duration_ms: 0,
            };
            let rounds = match outcome {
                Ok((scenarios, rounds)) => {
                    result.scenarios = scenarios;
                    rounds
                }
                Err(e) => {
                    result.error = Some(format!("{e:#}"));
                    Vec::new()
                }
            };
            result.duration_ms = started.elapsed().as_millis() as u64;
            Done::Fault(i, result, rounds)
        }
    }
}

/// The selected scenarios, run `options.rounds` times one after the other: how many there
/// are, and each round's failures. Any round that cannot run makes the whole an error.
async fn run_rounds(options: &SelfcheckOptions, tags: &str, faults: Vec<String>) -> anyhow::Result<(usize, Vec<Vec<Failure>>)> {
    let mut scenarios = 0;
    let mut rounds = Vec::new();
    for _ in 0..options.rounds.max(1) {
        let run = suite_run::run(&options.features, tags, faults.clone(), options.run_timeout).await?;
        scenarios = run.scenarios;
        rounds.push(run.failed);
    }
    Ok((scenarios, rounds))
}

/// The baseline over rounds: what failed in any round (with its first reason), and which of
/// those passed in another round.
fn baseline(tags: String, scenarios: usize, rounds: Vec<Vec<Failure>>) -> Baseline {
    let (_, sometimes) = split_by_rounds(&rounds);
    let flaky = sometimes.into_iter().map(str::to_string).collect();
    let mut failed: Vec<Failure> = Vec::new();
    for failure in rounds.into_iter().flatten() {
        if !failed.iter().any(|f| f.id == failure.id) {
            failed.push(failure);
        }
    }
    Baseline { tags, scenarios, failed, flaky, error: None }
}

/// Ids failing in every round, and ids failing in some rounds only.
fn split_by_rounds(rounds: &[Vec<Failure>]) -> (BTreeSet<&str>, BTreeSet<&str>) {
    let mut count: BTreeMap<&str, usize> = BTreeMap::new();
    for round in rounds {
        for id in round.iter().map(|f| f.id.as_str()).collect::<BTreeSet<_>>() {
            *count.entry(id).or_default() += 1;
        }
    }
    let (always, sometimes): (Vec<_>, Vec<_>) = count.into_iter().partition(|(_, n)| *n == rounds.len());
    (always.into_iter().map(|(id, _)| id).collect(), sometimes.into_iter().map(|(id, _)| id).collect())
}

/// What the rounds of one fault showed.
#[derive(Debug, PartialEq)]
struct Judgement {
    verdict: Verdict,
    /// Scenarios that caught the fault in every round (with the first round's reason).
    caught_by: Vec<Failure>,
    /// Scenarios that caught it in some rounds only.
    caught_sometimes: Vec<String>,
    /// Scenarios that failed with the fault for a reason other than a wrong answer, once each.
    failed_otherwise: Vec<Failure>,
}

impl Judgement {
    fn apply_to(self, result: &mut FaultResult) {
        result.verdict = self.verdict;
        result.catching_scenarios = self.caught_by.len();
        result.thin = self.verdict == Verdict::Caught && self.caught_by.len() == 1;
        result.caught_by = self.caught_by;
        result.caught_sometimes = self.caught_sometimes;
        result.failed_otherwise = self.failed_otherwise;
    }
}

/// A fault's verdict from each round's failures, ignoring scenarios that fail without the
/// fault. Only a failed assertion about the answer catches: caught when every round caught
/// it, flaky when only some did, inconclusive when scenarios failed but never that way.
fn judge(rounds: &[Vec<Failure>], failing_anyway: &BTreeSet<&str>) -> Judgement {
    let new_failures =
        |round: &Vec<Failure>| -> Vec<Failure> { round.iter().filter(|f| !failing_anyway.contains(f.id.as_str())).cloned().collect() };
    let (catches, others): (Vec<Vec<Failure>>, Vec<Vec<Failure>>) =
        rounds.iter().map(|round| new_failures(round).into_iter().partition(|f| f.kind == Some(FailureKind::Assertion))).unzip();
    let rounds_caught = catches.iter().filter(|round| !round.is_empty()).count();
    let mut failed_otherwise: Vec<Failure> = Vec::new();
    for failure in others.into_iter().flatten() {
        if !failed_otherwise.iter().any(|f| f.id == failure.id) {
            failed_otherwise.push(failure);
        }
    }
    let verdict = match rounds_caught {
        0 if failed_otherwise.is_empty() => Verdict::Survived,
        0 => Verdict::Inconclusive,
        n if n == catches.len() => Verdict::Caught,
        _ => Verdict::Flaky,
    };
    let (always, sometimes) = split_by_rounds(&catches);
    let caught_by =
        catches.first().map(|round| round.iter().filter(|f| always.contains(f.id.as_str())).cloned().collect()).unwrap_or_default();
    Judgement { verdict, caught_by, caught_sometimes: sometimes.into_iter().map(str::to_string).collect(), failed_otherwise }
}

/// What a fault's rounds failed, for the progress line: once when every round agrees.
fn progress(scenarios: usize, rounds: &[Vec<Failure>]) -> String {
    let said: Vec<String> = rounds
        .iter()
        .map(|failed| {
            if failed.is_empty() {
                format!("no scenario failed of {scenarios}")
            } else {
                format!("{} of {scenarios} failed: {}", failed.len(), labels(failed))
            }
        })
        .collect();
    match said.as_slice() {
        [one] => one.clone(),
        [first, rest @ ..] if rest.iter().all(|s| s == first) => format!("{first} (each of {} rounds)", said.len()),
        _ => said.iter().enumerate().map(|(r, s)| format!("round {}: {s}", r + 1)).collect::<Vec<_>>().join(" | "),
    }
}

/// Each failure with its kind: `a (assertion), b (deadline)`.
fn labels(failed: &[Failure]) -> String {
    failed.iter().map(Failure::label).collect::<Vec<_>>().join(", ")
}

/// A fault's tag expression without the `@slow` scenarios it only sweeps in: the quick
/// scenarios prove a catch as well, and `@op:databases.createDocument` once made three faults
/// wait out a transaction's minute-long ttl each. A slow scenario the expression names by
/// `@id:` still runs: the expired-transaction fault has no other catcher.
fn quick(expression: &str) -> String {
    let named: BTreeSet<&str> =
        expression.split(|c: char| c.is_whitespace() || c == '(' || c == ')').filter(|token| token.starts_with("@id:")).collect();
    match named.is_empty() {
        true => format!("({expression}) and not @slow"),
        false => format!("({expression}) and (not @slow or {})", named.into_iter().collect::<Vec<_>>().join(" or ")),
    }
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
    use cucumber::tag::Ext as _;

    #[test]
    fn every_fault_names_a_tag_expression_cucumber_parses() {
        for fault in catalogue() {
            assert!(fault.caught_by.parse::<TagOperation>().is_ok(), "{}: {:?} is not a tag expression", fault.name, fault.caught_by);
        }
        let all = union(catalogue().iter().map(|f| f.caught_by));
        assert!(all.parse::<TagOperation>().is_ok(), "the baseline's union {all:?} does not parse");
        for fault in catalogue() {
            let quick = quick(fault.caught_by);
            assert!(quick.parse::<TagOperation>().is_ok(), "{}: {quick:?} is not a tag expression", fault.name);
        }
    }

    #[test]
    fn slow_scenarios_run_only_when_named_by_id() {
        let selects = |expression: &str, tags: &[&str]| expression.parse::<TagOperation>().unwrap().eval(tags.iter().copied());
        let broad = quick("@op:databases.createDocument");
        assert!(selects(&broad, &["op:databases.createDocument", "id:doc-create"]));
        assert!(!selects(&broad, &["op:databases.createDocument", "id:tx-expired-refused", "slow"]), "{broad}");
        let named = quick("@id:tx-expired-refused or (@transactions and not @slow)");
        assert!(selects(&named, &["transactions", "id:tx-expired-refused", "slow"]), "{named}");
        assert!(!selects(&named, &["transactions", "id:tx-other", "slow"]), "{named}");
    }

    fn failed_as(kind: FailureKind, ids: &[&str]) -> Vec<Failure> {
        ids.iter().map(|id| Failure { id: id.to_string(), reason: format!("{id} failed"), kind: Some(kind) }).collect()
    }

    fn failed(ids: &[&str]) -> Vec<Failure> {
        failed_as(FailureKind::Assertion, ids)
    }

    fn verdict_and_catchers(j: Judgement) -> (Verdict, Vec<Failure>, Vec<String>) {
        (j.verdict, j.caught_by, j.caught_sometimes)
    }

    #[test]
    fn a_fault_caught_every_round_is_caught_and_one_caught_sometimes_is_flaky() {
        let none = BTreeSet::new();
        let judged = verdict_and_catchers(judge(&[failed(&["a", "b"]), failed(&["a"])], &none));
        assert_eq!(judged, (Verdict::Caught, failed(&["a"]), vec!["b".to_string()]));
        let judged = verdict_and_catchers(judge(&[failed(&["a"]), failed(&[])], &none));
        assert_eq!(judged, (Verdict::Flaky, Vec::new(), vec!["a".to_string()]));
        let judged = verdict_and_catchers(judge(&[failed(&["a"]), failed(&["b"])], &none));
        assert_eq!((judged.0, judged.1), (Verdict::Caught, Vec::new()), "caught each round, by no steady scenario");
        let anyway = BTreeSet::from(["a"]);
        assert_eq!(judge(&[failed(&["a"])], &anyway).verdict, Verdict::Survived, "a scenario failing without the fault catches nothing");
        assert_eq!(judge(&[failed(&["b"])], &anyway).verdict, Verdict::Caught);
    }

    #[test]
    fn only_an_assertion_about_the_answer_catches_a_fault() {
        let none = BTreeSet::new();
        let caught = judge(&[failed(&["a"])], &none);
        assert_eq!((caught.verdict, caught.caught_by.clone()), (Verdict::Caught, failed(&["a"])), "assertion → caught: {caught:?}");

        let deadline_only = judge(&[failed_as(FailureKind::Deadline, &["slow"])], &none);
        assert_eq!(deadline_only.verdict, Verdict::Inconclusive, "only a deadline → inconclusive: {deadline_only:?}");
        assert_eq!(deadline_only.failed_otherwise, failed_as(FailureKind::Deadline, &["slow"]), "the deadline is reported");
        assert!(deadline_only.caught_by.is_empty());
        for kind in [FailureKind::Transport, FailureKind::Harness, FailureKind::RateLimited] {
            assert_eq!(judge(&[failed_as(kind, &["x"])], &none).verdict, Verdict::Inconclusive, "only {kind} → inconclusive");
        }
        let untyped = vec![Failure { id: "old".into(), reason: "from a report without kinds".into(), kind: None }];
        assert_eq!(judge(&[untyped], &none).verdict, Verdict::Inconclusive, "a failure of unknown kind catches nothing");

        assert_eq!(judge(&[failed(&[])], &none).verdict, Verdict::Survived, "nothing failed → survived");

        let mixed = judge(&[[failed(&["a"]), failed_as(FailureKind::Deadline, &["slow"])].concat()], &none);
        assert_eq!((mixed.verdict, mixed.caught_by.len()), (Verdict::Caught, 1), "an assertion among deadlines still catches");
        let anyway = BTreeSet::from(["a"]);
        assert_eq!(
            judge(&[[failed(&["a"]), failed_as(FailureKind::Transport, &["b"])].concat()], &anyway).verdict,
            Verdict::Inconclusive,
            "the only assertion is in a scenario failing without the fault"
        );
    }

    #[test]
    fn one_catching_scenario_is_thin() {
        let mut result = FaultResult {
            name: "f".into(),
            area: "account".into(),
            breaks: "b".into(),
            tags: "@account".into(),
            verdict: Verdict::Error,
            scenarios: 3,
            caught_by: Vec::new(),
            catching_scenarios: 0,
            thin: false,
            caught_sometimes: Vec::new(),
            failed_otherwise: Vec::new(),
            error: None,
            duration_ms: 1,
        };
        judge(&[failed(&["a"])], &BTreeSet::new()).apply_to(&mut result);
        assert_eq!((result.verdict, result.catching_scenarios, result.thin), (Verdict::Caught, 1, true));
        judge(&[failed(&["a", "b"])], &BTreeSet::new()).apply_to(&mut result);
        assert_eq!((result.verdict, result.catching_scenarios, result.thin), (Verdict::Caught, 2, false));
        judge(&[failed(&[])], &BTreeSet::new()).apply_to(&mut result);
        assert_eq!((result.verdict, result.catching_scenarios, result.thin), (Verdict::Survived, 0, false), "a survivor is not thin");
    }

    #[test]
    fn a_failing_baseline_leaves_no_score() {
        let fault = |verdict| FaultResult {
            name: "f".into(),
            area: "account".into(),
            breaks: "b".into(),
            tags: "@account".into(),
            verdict,
            scenarios: 3,
            caught_by: Vec::new(),
            catching_scenarios: 0,
            thin: false,
            caught_sometimes: Vec::new(),
            failed_otherwise: Vec::new(),
            error: None,
            duration_ms: 1,
        };
        let clean = baseline("@account".into(), 3, vec![failed(&[])]);
        assert_eq!(score(&clean, &[fault(Verdict::Caught), fault(Verdict::Inconclusive)]), Some(MutationScore { caught: 1, total: 2 }));
        let failing = baseline("@account".into(), 3, vec![failed_as(FailureKind::Deadline, &["slow"])]);
        assert_eq!(score(&failing, &[fault(Verdict::Caught)]), None, "a baseline failure leaves no score");
        let broken = Baseline { error: Some("could not start".into()), ..clean };
        assert_eq!(score(&broken, &[fault(Verdict::Caught)]), None, "a baseline that could not run leaves no score");
    }

    #[test]
    fn progress_says_agreeing_rounds_once_with_the_kind_of_each_failure() {
        assert_eq!(progress(4, &[failed(&["a"])]), "1 of 4 failed: a (assertion)");
        assert_eq!(progress(4, &[failed(&["a"]), failed(&["a"])]), "1 of 4 failed: a (assertion) (each of 2 rounds)");
        assert_eq!(
            progress(4, &[failed(&["a"]), failed_as(FailureKind::Deadline, &["b"])]),
            "round 1: 1 of 4 failed: a (assertion) | round 2: 1 of 4 failed: b (deadline)"
        );
        assert_eq!(progress(4, &[failed(&[])]), "no scenario failed of 4");
    }

    #[test]
    fn the_baseline_names_scenarios_that_failed_in_some_rounds_as_flaky() {
        let b = baseline("@x".into(), 3, vec![failed(&["a", "b"]), failed(&["a"])]);
        assert_eq!(b.failed, failed(&["a", "b"]));
        assert_eq!(b.flaky, vec!["b".to_string()]);
        assert!(baseline("@x".into(), 3, vec![failed(&[])]).failed.is_empty());
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
