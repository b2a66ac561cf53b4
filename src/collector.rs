//! The cucumber writer that turns a run's event stream into [`ScenarioOutcome`]s, and
//! prints one progress line per finished scenario.
//!
//! Scenarios run concurrently, so their events interleave: state is kept per scenario,
//! keyed by where it is in which file, and the collector needs no normalisation (which
//! would hold progress lines back until whole features finish).

use crate::exchange::Evidence;
use crate::failure::{self, FailureKind};
use crate::outcome::{ScenarioOutcome, Status, StepKind, StepOutcome, StepStatus, Verdict};
use cucumber::event::{self, HookType, Retries, StepError};
use cucumber::{gherkin, parser, Event};
use std::collections::HashMap;
use std::fmt::Debug;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Collects outcomes from a cucumber run. Pass it to `with_writer`, get it back from
/// `run`/`filter_run`, then call [`Collector::into_scenarios`].
pub struct Collector {
    quiet: bool,
    features_root: PathBuf,
    running: HashMap<ScenarioKey, Running>,
    finished: Vec<ScenarioOutcome>,
}

/// (feature file, rule line, scenario line and column): unique per expanded scenario,
/// since cucumber places each outline example at its own row's line.
type ScenarioKey = (String, Option<usize>, usize, usize);

struct Running {
    outcome: ScenarioOutcome,
    started: Instant,
    /// When the step at each index started; filled as Started events arrive.
    step_started: Vec<Option<Instant>>,
    /// An attempt finished but a retry is due; kept in case the run stops before it.
    attempt_finished: bool,
}

impl Collector {
    /// `features_root` is the folder handed to cucumber, used to name feature files
    /// `features/<area>/<topic>.feature`. A quiet collector prints nothing.
    pub fn new(quiet: bool, features_root: PathBuf) -> Collector {
        // Steps fail with typed payloads; the hook prints them as the messages they are.
        failure::install_panic_hook();
        Collector { quiet, features_root, running: HashMap::new(), finished: Vec::new() }
    }

    /// Every scenario the run reached, sorted by feature path and line. A scenario the run
    /// stopped in the middle of (fail-fast) keeps its last finished attempt, or is
    /// Skipped when it never finished one.
    pub fn into_scenarios(self) -> Vec<ScenarioOutcome> {
        let mut all = self.finished;
        for (_, running) in self.running {
            let mut outcome = running.outcome;
            if !running.attempt_finished {
                outcome.status = Status::Skipped;
                outcome.status_reason = Some("the run stopped before this scenario finished".to_string());
                outcome.verdict = Verdict::unexpected(outcome.status, outcome.retries, outcome.status_reason.as_deref());
            }
            all.push(outcome);
        }
        all.sort_by(|a, b| (&a.feature_path, a.line, &a.id).cmp(&(&b.feature_path, b.line, &b.id)));
        all
    }

    fn scenario_event<W: Evidence>(
        &mut self,
        feature: &gherkin::Feature,
        rule: Option<&gherkin::Rule>,
        scenario: &gherkin::Scenario,
        ev: event::RetryableScenario<W>,
    ) {
        let key = (
            feature.path.as_ref().map_or_else(|| feature.name.clone(), |p| p.to_string_lossy().into_owned()),
            rule.map(|r| r.position.line),
            scenario.position.line,
            scenario.position.col,
        );
        let event::RetryableScenario { event, retries } = ev;
        if let event::Scenario::Started = event {
            let mut outcome = ScenarioOutcome::describe(feature, rule, scenario, &self.features_root);
            outcome.retries = retries.map_or(0, |r| r.current as u32);
            let step_started = vec![None; outcome.steps.len()];
            self.running.insert(key, Running { outcome, started: Instant::now(), step_started, attempt_finished: false });
            return;
        }
        let Some(running) = self.running.get_mut(&key) else { return };
        match event {
            event::Scenario::Started | event::Scenario::Log(_) => {}
            event::Scenario::Background(step, ev) => running.step(StepKind::Background, &step, ev),
            event::Scenario::Step(step, ev) => running.step(StepKind::Scenario, &step, ev),
            event::Scenario::Hook(which, event::Hook::Failed(world, info)) => {
                let (kind, keyword) = match which {
                    HookType::Before => (StepKind::BeforeHook, "Before"),
                    HookType::After => (StepKind::AfterHook, "After"),
                };
                let hook = StepOutcome {
                    kind,
                    keyword: keyword.to_string(),
                    text: "hook".to_string(),
                    line: 0,
                    status: StepStatus::Failed,
                    error: Some(failure::classify(&*info).1),
                    failure_kind: Some(FailureKind::Harness),
                    duration_ms: 0,
                };
                let at = if kind == StepKind::BeforeHook { 0 } else { running.outcome.steps.len() };
                running.outcome.steps.insert(at, hook);
                running.step_started.insert(at, None);
                running.take_evidence(world.as_deref());
            }
            event::Scenario::Hook(_, event::Hook::Started | event::Hook::Passed) => {}
            event::Scenario::Finished => {
                running.finish();
                if will_retry(&running.outcome, retries) {
                    running.attempt_finished = true;
                    if !self.quiet {
                        eprintln!(
                            "↻ {}:{} {} (failed, retrying)",
                            running.outcome.feature_path, running.outcome.line, running.outcome.name
                        );
                    }
                } else if let Some(done) = self.running.remove(&key) {
                    if !self.quiet {
                        print_progress(&done.outcome);
                    }
                    self.finished.push(done.outcome);
                }
            }
        }
    }

    /// A feature file that does not parse is a failed scenario of its own, so a broken
    /// file can never make a run look green.
    fn parse_error(&mut self, error: &parser::Error) {
        let (path, detail) = match error {
            parser::Error::Parsing(e) => {
                let path = match &**e {
                    gherkin::ParseFileError::Reading { path, .. } | gherkin::ParseFileError::Parsing { path, .. } => Some(path.clone()),
                };
                let mut detail = e.to_string();
                let mut source = std::error::Error::source(&**e);
                while let Some(s) = source {
                    detail.push_str(&format!(": {s}"));
                    source = s.source();
                }
                (path, detail)
            }
            parser::Error::ExampleExpansion(e) => (e.path.clone(), e.to_string()),
        };
        let feature_path = path.as_deref().map_or_else(|| "features".to_string(), |p| self.relative(p));
        let outcome = ScenarioOutcome {
            id: format!("parse-error:{feature_path}"),
            name: "the feature file parses".to_string(),
            feature: feature_path.clone(),
            area: String::new(),
            feature_path,
            line: 0,
            tags: Vec::new(),
            operations: Vec::new(),
            status: Status::Failed,
            status_reason: Some(detail),
            retries: 0,
            steps: Vec::new(),
            evidence: Vec::new(),
            duration_ms: 0,
            expected: None,
            verdict: Verdict::Fail,
        };
        if !self.quiet {
            print_progress(&outcome);
        }
        self.finished.push(outcome);
    }

    fn relative(&self, path: &Path) -> String {
        crate::outcome::relative_feature_path(path, &self.features_root).0
    }
}

impl Running {
    fn step<W: Evidence>(&mut self, kind: StepKind, step: &gherkin::Step, ev: event::Step<W>) {
        // Steps are matched by kind and position: the runner hands over fresh copies, but
        // a step's line and column are unique within one expanded scenario.
        let Some(index) = self
            .outcome
            .steps
            .iter()
            .position(|s| s.kind == kind && s.line == step.position.line && s.status == StepStatus::Skipped && s.error.is_none())
        else {
            return;
        };
        let elapsed = || self.step_started[index].map_or(0, |t| t.elapsed().as_millis() as u64);
        match ev {
            event::Step::Started => self.step_started[index] = Some(Instant::now()),
            event::Step::Passed(..) => {
                let duration_ms = elapsed();
                let s = &mut self.outcome.steps[index];
                s.status = StepStatus::Passed;
                s.duration_ms = duration_ms;
            }
            event::Step::Skipped => {
                let duration_ms = elapsed();
                let s = &mut self.outcome.steps[index];
                s.status = StepStatus::Undefined;
                s.error = Some("no step definition matches this step".to_string());
                s.failure_kind = Some(FailureKind::Harness);
                s.duration_ms = duration_ms;
            }
            event::Step::Failed(_, _, world, error) => {
                let duration_ms = elapsed();
                let about_rate_limits = self.outcome.tags.iter().any(|t| t == RATE_LIMIT_TAG);
                let s = &mut self.outcome.steps[index];
                s.duration_ms = duration_ms;
                let (status, kind, text) = match &error {
                    StepError::NotFound => {
                        (StepStatus::Undefined, FailureKind::Harness, "no step definition matches this step".to_string())
                    }
                    StepError::AmbiguousMatch(e) => {
                        (StepStatus::Ambiguous, FailureKind::Harness, format!("more than one step definition matches this step. {e}"))
                    }
                    StepError::Panic(info) => {
                        let (kind, text) = failure::classify(&**info);
                        (StepStatus::Failed, kind, text)
                    }
                };
                // A spent budget is the subject of a rate-limit scenario: a wrong answer there.
                let kind = if kind == FailureKind::RateLimited && about_rate_limits { FailureKind::Assertion } else { kind };
                s.status = status;
                s.error = Some(text);
                s.failure_kind = Some(kind);
                self.take_evidence(world.as_deref());
            }
        }
    }

    fn take_evidence<W: Evidence>(&mut self, world: Option<&W>) {
        if let Some(world) = world {
            let evidence = world.evidence();
            if !evidence.is_empty() {
                self.outcome.evidence = evidence;
            }
        }
    }

    /// Sets status and verdict from the steps: anything that did not pass and was not
    /// merely left unrun after a failure fails the scenario, and so does having no steps,
    /// because a scenario nothing checked must never pass.
    fn finish(&mut self) {
        let outcome = &mut self.outcome;
        outcome.duration_ms = self.started.elapsed().as_millis() as u64;
        let broken = outcome.steps.iter().any(|s| matches!(s.status, StepStatus::Failed | StepStatus::Undefined | StepStatus::Ambiguous));
        let all_passed = outcome.steps.iter().all(|s| s.status == StepStatus::Passed);
        (outcome.status, outcome.status_reason) = if broken {
            (Status::Failed, None)
        } else if outcome.steps.is_empty() {
            (Status::Failed, Some("the scenario has no steps, so nothing was checked".to_string()))
        } else if all_passed {
            (Status::Passed, None)
        } else {
            (Status::Failed, Some("some steps never ran, though none failed".to_string()))
        };
        outcome.verdict = Verdict::unexpected(outcome.status, outcome.retries, outcome.status_reason.as_deref());
    }
}

/// cucumber re-runs a failed scenario while it has retries left.
fn will_retry(outcome: &ScenarioOutcome, retries: Option<Retries>) -> bool {
    outcome.status == Status::Failed && retries.is_some_and(|r| r.left > 0)
}

/// Scenarios about rate limits carry it; a 429 is what they check.
const RATE_LIMIT_TAG: &str = "@rate-limit";

fn print_progress(outcome: &ScenarioOutcome) {
    let mark = match outcome.status {
        Status::Passed => "✔",
        Status::Failed => "✘",
        Status::Skipped | Status::NotApplicable => "↷",
    };
    let mut line = format!("{mark} {}:{} {}", outcome.feature_path, outcome.line, outcome.name);
    if outcome.status == Status::Failed {
        match outcome.failing_step() {
            Some(step) => {
                line.push_str(&format!("\n    {} {}", step.keyword, step.text));
                for l in step.error.as_deref().unwrap_or("").lines() {
                    line.push_str(&format!("\n      {l}"));
                }
            }
            None => line.push_str(&format!("\n    {}", outcome.status_reason.as_deref().unwrap_or("failed"))),
        }
    }
    // One write per scenario keeps lines from concurrent scenarios whole.
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}

impl<W: cucumber::World + Evidence + Debug> cucumber::Writer<W> for Collector {
    type Cli = cucumber::cli::Empty;

    async fn handle_event(&mut self, event: parser::Result<Event<event::Cucumber<W>>>, _cli: &Self::Cli) {
        match event.map(Event::into_inner) {
            Err(error) => self.parse_error(&error),
            Ok(event::Cucumber::Feature(feature, event::Feature::Scenario(scenario, ev))) => {
                self.scenario_event(&feature, None, &scenario, ev);
            }
            Ok(event::Cucumber::Feature(feature, event::Feature::Rule(rule, event::Rule::Scenario(scenario, ev)))) => {
                self.scenario_event(&feature, Some(&rule), &scenario, ev);
            }
            Ok(_) => {}
        }
    }
}

/// The collector keeps per-scenario state, so it is correct for events in any order
/// cucumber's runner emits them; it has no use for `normalized()`.
impl cucumber::writer::Normalized for Collector {}

/// Events pass through unchanged (the collector outputs nothing cucumber reads back).
impl cucumber::writer::NonTransforming for Collector {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exchange::Exchange;
    use cucumber::{given, then, World};

    #[derive(Debug, Default, World)]
    struct TinyWorld {
        calls: Vec<String>,
    }

    impl Evidence for TinyWorld {
        fn evidence(&self) -> Vec<Exchange> {
            self.calls
                .iter()
                .map(|url| Exchange { method: "GET".into(), url: url.clone(), status: Some(500), ..Exchange::default() })
                .collect()
        }
    }

    #[given(expr = "a request to {word}")]
    fn request(world: &mut TinyWorld, url: String) {
        world.calls.push(url);
    }

    #[then(expr = "the answer is {int}")]
    fn answer(_: &mut TinyWorld, n: i32) {
        crate::failure::assert_eq!(n, 42, "the answer should be 42");
    }

    #[then("the server never answers")]
    fn never_answers(_: &mut TinyWorld) {
        failure::fail(FailureKind::Deadline, "no complete response within 15 s");
    }

    #[then("the budget is spent")]
    fn budget_spent(_: &mut TinyWorld) {
        failure::fail(FailureKind::RateLimited, "rate-limit budget exhausted on POST /v1/account/sessions/email");
    }

    #[then("the step misreads its arguments")]
    fn misread(_: &mut TinyWorld) {
        panic!("unknown principal \"nobody\"");
    }

    #[then("the step is ambiguous")]
    fn ambiguous_one(_: &mut TinyWorld) {}

    #[then(regex = "^the step is (ambiguous)$")]
    fn ambiguous_two(_: &mut TinyWorld, _word: String) {}

    const PASSING: &str = "Feature: Good\n  Background:\n    Given a request to /health\n\n  @id:good @op:health.get\n  Scenario: The answer\n    Then the answer is 42\n\n  @id:outline\n  Scenario Outline: Answers\n    Then the answer is <n>\n\n    Examples:\n      | n  |\n      | 42 |\n      | 41 |\n";
    const FAILING: &str = "Feature: Bad\n  @id:wrong\n  Scenario: A wrong answer\n    Given a request to /wrong\n    Then the answer is 7\n    Then the answer is 42\n\n  @id:undefined\n  Scenario: A step nobody wrote\n    Given nobody wrote this step\n    Then the answer is 42\n\n  @id:ambiguous\n  Scenario: Two definitions\n    Then the step is ambiguous\n\n  @id:empty\n  Scenario: Nothing to check\n\n  @id:deadline\n  Scenario: A silent server\n    Then the server never answers\n\n  @id:budget\n  Scenario: A spent budget\n    Then the budget is spent\n\n  @id:limited @rate-limit\n  Scenario: A spent budget is what this one checks\n    Then the budget is spent\n\n  @id:misread\n  Scenario: A step misused\n    Then the step misreads its arguments\n";

    async fn run(retries: usize) -> Vec<ScenarioOutcome> {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("demo")).unwrap();
        std::fs::write(dir.path().join("demo/good.feature"), PASSING).unwrap();
        std::fs::write(dir.path().join("demo/bad.feature"), FAILING).unwrap();
        std::fs::write(dir.path().join("broken.feature"), "this is not gherkin\n").unwrap();
        TinyWorld::cucumber()
            .with_writer(Collector::new(true, dir.path().to_path_buf()))
            .with_cli(cucumber::cli::Opts::<_, _, _, cucumber::cli::Empty>::default())
            .max_concurrent_scenarios(4)
            .retries(retries)
            .filter_run(dir.path().to_path_buf(), |_, _, _| true)
            .await
            .into_scenarios()
    }

    fn find<'a>(all: &'a [ScenarioOutcome], id: &str) -> &'a ScenarioOutcome {
        all.iter()
            .find(|s| s.id == id)
            .unwrap_or_else(|| panic!("no scenario {id} among {:?}", all.iter().map(|s| &s.id).collect::<Vec<_>>()))
    }

    #[tokio::test]
    async fn classifies_passing_failing_undefined_ambiguous_and_empty_scenarios() {
        let all = run(0).await;
        let statuses: Vec<(&str, Status)> = all.iter().map(|s| (s.id.as_str(), s.status)).collect();
        let expected = [
            ("parse-error:features/broken.feature", Status::Failed),
            ("wrong", Status::Failed),
            ("undefined", Status::Failed),
            ("ambiguous", Status::Failed),
            ("empty", Status::Failed),
            ("deadline", Status::Failed),
            ("budget", Status::Failed),
            ("limited", Status::Failed),
            ("misread", Status::Failed),
            ("good", Status::Passed),
            ("outline#1", Status::Passed),
            ("outline#2", Status::Failed),
        ];
        assert_eq!(statuses, expected, "statuses by id, sorted by feature path, then line");

        let good = find(&all, "good");
        assert_eq!(good.feature_path, "features/demo/good.feature");
        assert_eq!(good.area, "demo");
        let steps: Vec<(StepKind, StepStatus)> = good.steps.iter().map(|s| (s.kind, s.status)).collect();
        assert_eq!(steps, [(StepKind::Background, StepStatus::Passed), (StepKind::Scenario, StepStatus::Passed)]);
        assert!(good.evidence.is_empty(), "a passing scenario carries no evidence: {:?}", good.evidence);

        let wrong = find(&all, "wrong");
        let steps: Vec<StepStatus> = wrong.steps.iter().map(|s| s.status).collect();
        assert_eq!(steps, [StepStatus::Passed, StepStatus::Failed, StepStatus::Skipped], "steps of 'wrong'");
        let error = wrong.steps[1].error.as_deref().unwrap_or("");
        assert!(error.contains("the answer should be 42"), "the panic message is the error text, got {error:?}");
        assert_eq!(wrong.evidence.iter().map(|e| e.url.as_str()).collect::<Vec<_>>(), ["/wrong"], "evidence from the failing World");
        assert_eq!(wrong.verdict, Verdict::Fail);

        let undefined = find(&all, "undefined");
        assert_eq!(undefined.steps[0].status, StepStatus::Undefined, "steps: {:?}", undefined.steps);
        assert_eq!(undefined.steps[1].status, StepStatus::Skipped);
        let ambiguous = find(&all, "ambiguous");
        assert_eq!(ambiguous.steps[0].status, StepStatus::Ambiguous, "steps: {:?}", ambiguous.steps);
        assert!(find(&all, "empty").status_reason.as_deref().unwrap_or("").contains("no steps"));
        let kinds: Vec<(&str, Option<FailureKind>)> =
            ["wrong", "undefined", "ambiguous", "empty", "deadline", "budget", "limited", "misread", "good"]
                .into_iter()
                .map(|id| (id, find(&all, id).failure_kind()))
                .collect();
        let expected = [
            ("wrong", Some(FailureKind::Assertion)),
            ("undefined", Some(FailureKind::Harness)),
            ("ambiguous", Some(FailureKind::Harness)),
            ("empty", Some(FailureKind::Harness)),
            ("deadline", Some(FailureKind::Deadline)),
            ("budget", Some(FailureKind::RateLimited)),
            ("limited", Some(FailureKind::Assertion)),
            ("misread", Some(FailureKind::Harness)),
            ("good", None),
        ];
        assert_eq!(kinds, expected, "failure kind of each scenario (a 429 in a @rate-limit scenario is a wrong answer)");
        assert_eq!(find(&all, "deadline").steps[0].error.as_deref(), Some("no complete response within 15 s"), "typed message");
        let broken = &all[0];
        assert!(broken.status_reason.as_deref().unwrap_or("").contains("broken.feature"), "parse error detail: {:?}", broken.status_reason);
    }

    #[tokio::test]
    async fn counts_retries_of_a_scenario_that_keeps_failing() {
        let all = run(2).await;
        let wrong = find(&all, "wrong");
        assert_eq!((wrong.status, wrong.retries), (Status::Failed, 2), "status and retries of 'wrong' with --retry 2");
        assert_eq!(find(&all, "good").retries, 0, "a passing scenario is not retried");
    }
}
