//! One run of the suite: install the run context, select scenarios (tags, name,
//! capabilities), let cucumber drive them through the collector, clean up after each,
//! fail what is left once the target stops answering, and assemble the run report.

use crate::client::{Breaker, Client, ClientConfig, Recorder};
use crate::collector::Collector;
use crate::ids::{new_run_prefix, IdSource};
use crate::outcome::{RunReport, ScenarioOutcome};
use crate::target::Target;
use crate::world::{self, ConformWorld, RunContext};
use cucumber::event::ScenarioFinished;
use cucumber::gherkin::tagexpr::TagOperation;
use cucumber::tag::Ext as _;
use cucumber::World as _;
use futures::FutureExt as _;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub struct RunOptions {
    pub features: PathBuf,
    pub tags: Option<String>,
    pub name: Option<String>,
    pub concurrency: usize,
    pub fail_fast: bool,
    pub retries: usize,
    pub request_timeout: Duration,
    pub scenario_timeout: Duration,
    /// How long a step waiting for a background effect keeps asking.
    pub settle_within: Duration,
    /// A response body larger than this fails its request, so an endless body cannot hang a run.
    pub max_body_bytes: usize,
    pub read_only_key: Option<String>,
    /// Whose wire habits the requests follow (`--client-style`).
    pub client_style: crate::client::ClientStyle,
    pub quiet: bool,
}

/// The longest cleanup after one scenario; never longer than the scenario's own limit, so
/// a hanging target costs at most twice the scenario timeout per scenario.
const MAX_CLEANUP: Duration = Duration::from_secs(30);

/// Runs the selected scenarios against `target`. Call once per process: cucumber builds
/// Worlds from a process-wide run context.
pub async fn run(target: &Target, options: RunOptions) -> anyhow::Result<RunReport> {
    let tags = match &options.tags {
        Some(expr) => Some(expr.parse::<TagOperation>().map_err(|e| anyhow::anyhow!("--tags {expr:?} is not a tag expression: {e}"))?),
        None => None,
    };
    let name = match &options.name {
        Some(re) => Some(regex::Regex::new(re).map_err(|e| anyhow::anyhow!("--name {re:?} is not a regular expression: {e}"))?),
        None => None,
    };
    anyhow::ensure!(options.features.is_dir(), "no features folder at {}", options.features.display());

    let prefix = new_run_prefix();
    let client = ClientConfig {
        endpoint: target.endpoint.clone(),
        project: target.project.clone(),
        api_key: target.api_key.clone(),
        request_timeout: options.request_timeout,
        max_body_bytes: options.max_body_bytes,
    };
    let breaker = Breaker::new(options.request_timeout);
    let mut template = Client::new(client.clone(), Recorder::default())?;
    template.breaker = Some(breaker.clone());
    let context = Arc::new(RunContext {
        client,
        ids: IdSource::new(prefix.clone()),
        operations: Arc::default(),
        leftovers: Mutex::default(),
        capabilities: target.capabilities.clone(),
        read_only_key: options.read_only_key.clone().or_else(|| target.read_only_key.clone()),
        scenario_timeout: options.scenario_timeout,
        settle_within: options.settle_within,
        breaker,
        template,
        client_style: options.client_style,
    });
    world::install(context.clone())?;

    let not_applicable: Arc<Mutex<Vec<ScenarioOutcome>>> = Arc::default();
    let features_root = options.features.clone();
    let filter = {
        let not_applicable = not_applicable.clone();
        let context = context.clone();
        move |feature: &cucumber::gherkin::Feature, rule: Option<&cucumber::gherkin::Rule>, scenario: &cucumber::gherkin::Scenario| {
            let all_tags: Vec<&String> = feature.tags.iter().chain(rule.iter().flat_map(|r| &r.tags)).chain(&scenario.tags).collect();
            if let Some(tags) = &tags {
                if !tags.eval(all_tags.iter().map(|t| t.as_str())) {
                    return false;
                }
            }
            if let Some(name) = &name {
                if !name.is_match(&scenario.name) {
                    return false;
                }
            }
            let missing: Vec<&str> = all_tags
                .iter()
                .filter_map(|t| t.strip_prefix("needs:"))
                .filter(|cap| {
                    let provided = context.capabilities.contains(*cap) || (*cap == "read-only-key" && context.read_only_key.is_some());
                    !provided
                })
                .collect();
            if missing.is_empty() {
                return true;
            }
            if let Ok(mut list) = not_applicable.lock() {
                list.push(ScenarioOutcome::not_applicable(
                    feature,
                    rule,
                    scenario,
                    &features_root,
                    format!("the target lacks {}", missing.join(", ")),
                ));
            }
            false
        }
    };

    let started = chrono::Utc::now();
    let mut cucumber = ConformWorld::cucumber()
        .with_writer(Collector::new(options.quiet, options.features.clone()))
        .with_cli(cucumber::cli::Opts::<_, _, _, cucumber::cli::Empty>::default())
        .max_concurrent_scenarios(options.concurrency.max(1))
        .retries(options.retries);
    if options.fail_fast {
        cucumber = cucumber.fail_fast();
    }
    let collector = cucumber
        .before(|_, _, _, world| async move { not_run_once_the_target_is_gone(world) }.boxed_local())
        .after(move |_, _, _, finished, world| {
            async move {
                if let Some(world) = world {
                    let gone_before_the_end = world.ctx.breaker.gone();
                    clean_up(world).await;
                    if let (Some(gone), ScenarioFinished::StepPassed) = (gone_before_the_end, finished) {
                        panic!("{}, before this scenario finished (its cleanup could not run)", gone.moment());
                    }
                }
            }
            .boxed_local()
        })
        .filter_run(options.features.clone(), filter)
        .await;

    let mut scenarios = collector.into_scenarios();
    scenarios.extend(not_applicable.lock().map(|l| l.clone()).unwrap_or_default());
    scenarios.sort_by(|a, b| (&a.feature_path, a.line).cmp(&(&b.feature_path, b.line)));
    let operations_called = context.operations.lock().map(|m| m.clone()).unwrap_or_default();
    let leftovers = context.leftovers.lock().map(|l| l.clone()).unwrap_or_default();
    let mut report = RunReport::new(
        prefix,
        started,
        chrono::Utc::now(),
        crate::outcome::TargetInfo { endpoint: target.endpoint.clone(), project: target.project.clone(), bundled: target.is_bundled() },
        scenarios,
        operations_called,
        leftovers,
    );
    report.target_gone = context.breaker.gone();
    match behaviour_coverage(&report, &options.features) {
        Ok(coverage) => report.behaviours = Some(coverage),
        Err(e) => report.warnings.push(format!("no behaviour coverage: {e:#}")),
    }
    Ok(report)
}

/// The inventory's behaviours checked by a scenario that passed in this run.
fn behaviour_coverage(report: &RunReport, features: &std::path::Path) -> anyhow::Result<crate::behaviours::BehaviourCoverage> {
    let inventory = crate::behaviours::Inventory::load(&crate::behaviours::default_dir(features))?;
    let passed = report.passed_ids();
    Ok(inventory.coverage(format!("the scenarios that passed in run {}", report.run_id), |id| passed.contains(id)))
}

/// The before hook: once the target is declared gone, a scenario that has not started
/// fails at once instead of waiting on it (failed, never passed or skipped: it checked nothing).
fn not_run_once_the_target_is_gone(world: &ConformWorld) {
    if let Some(gone) = world.ctx.breaker.gone() {
        panic!("not run: {}", gone.moment());
    }
}

/// Deletes what the scenario created, with a fresh deadline and without counting the
/// deletes as operations the suite exercised.
async fn clean_up(world: &mut ConformWorld) {
    let mut client = world.client.clone();
    client.recorder = Recorder::default();
    client.deadline = Some(std::time::Instant::now() + MAX_CLEANUP.min(world.ctx.scenario_timeout));
    let leftovers = world.ledger.clean_up(&client).await;
    if !leftovers.is_empty() {
        if let Ok(mut all) = world.ctx.leftovers.lock() {
            all.extend(leftovers);
        }
    }
}
