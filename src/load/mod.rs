//! `conform load`: load runs against an Appwrite-compatible server with profiles from
//! `scenarios/`, and `conform report merge` for interval logs from several machines.
//!
//! A run: setup (bucket, generated source image and payload) → warm-up (unrecorded) →
//! measured phase (goose users in the closed model, our scheduler in the open model; every
//! transaction recorded in HDR histograms, a sample checked for correctness) → teardown →
//! reports in `reports/<run-id>/load/` → the baseline gate. A shard of a run split over
//! machines (`--shard I/N --start-at TIME`) waits for the common start time after warm-up.

pub mod alarm;
pub mod baseline;
pub mod charts;
pub mod closed;
pub mod connection;
pub mod html;
pub mod merge;
pub mod open;
pub mod outgoing;
pub mod profile;
pub mod progress;
pub mod recorder;
pub mod report;
pub mod sampler;
pub mod schedule;
pub mod shard;
pub mod transactions;

pub use merge::merge;

use crate::target::Target;
use baseline::{Regression, Thresholds};
use profile::Profile;
use recorder::{Meta, Recorder, Recording};
use report::Summary;
use schedule::{Mix, Schedule};
use shard::{Shard, ShardTag, WholeRun};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};
use transactions::Kind;

/// Measured-phase length when neither the profile nor the command line sets one.
const DEFAULT_DURATION: Duration = Duration::from_secs(10);

/// What the command line may override in a profile, and where the results go.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    pub scenario: String,
    pub users: Option<usize>,
    pub rate: Option<f64>,
    /// Open model: the profile's `max_in_flight`, overridden.
    pub max_in_flight: Option<usize>,
    pub duration: Option<Duration>,
    pub iterations: Option<u64>,
    pub warmup: Option<Duration>,
    pub sample_percent: Option<f64>,
    pub reports: PathBuf,
    pub baseline: Option<PathBuf>,
    pub thresholds: Thresholds,
    /// Fail the run when more than this share of transactions fail (0.01 = 1 %).
    pub max_error_rate: f64,
    pub quiet: bool,
    /// This machine's share of a run split over several (`Shard::WHOLE` when not split).
    pub shard: Shard,
    /// Start the measured phase at this wall-clock time (after setup and warm-up).
    pub start_at: Option<chrono::DateTime<chrono::Utc>>,
}

pub struct LoadOutcome {
    pub dir: PathBuf,
    pub summary: Summary,
    pub regressions: Vec<Regression>,
    /// Why the run failed, one line each; empty when it passed.
    pub failures: Vec<String>,
}

/// The model and bounds a run uses once the command line has overridden the profile.
struct Plan {
    open_rate: Option<f64>,
    /// Open model: transactions at once, at most (this machine's).
    max_in_flight: usize,
    /// The whole run's users (closed model); this shard runs its share.
    users: usize,
    duration: Option<Duration>,
    /// The whole run's transactions.
    iterations: Option<u64>,
    warmup: Duration,
    timeout: Duration,
    shard: Shard,
    start_at: Option<chrono::DateTime<chrono::Utc>>,
}

impl Plan {
    /// Users this machine runs in the closed model.
    fn shard_users(&self) -> usize {
        self.shard.users(self.users)
    }

    fn whole_run(&self) -> WholeRun {
        WholeRun {
            users: if self.open_rate.is_some() { None } else { Some(self.users) },
            rate: self.open_rate,
            duration_secs: self.duration.map(|d| d.as_secs_f64()),
            iterations: self.iterations,
        }
    }
}

fn plan(profile: &mut Profile, options: &LoadOptions) -> anyhow::Result<Plan> {
    anyhow::ensure!(
        !(options.users.is_some() && options.rate.is_some()),
        "--users (closed model) and --rate (open model) exclude each other"
    );
    anyhow::ensure!(!(options.duration.is_some() && options.iterations.is_some()), "--duration and --iterations exclude each other");
    if let Some(rate) = options.rate {
        anyhow::ensure!(rate.is_finite() && rate > 0.0, "--rate must be a positive number of transactions per second");
    }
    anyhow::ensure!(options.users != Some(0), "--users must be at least 1");
    anyhow::ensure!(options.iterations != Some(0), "--iterations must be at least 1");
    if let Some(p) = options.sample_percent {
        anyhow::ensure!((0.0..=100.0).contains(&p), "--sample must be between 0 and 100");
        profile.sample.uploads_percent = p;
        profile.sample.previews_percent = p;
    }
    let run = &profile.run;
    let open_rate = if options.users.is_some() { None } else { options.rate.or(run.rate) };
    if let Some(n) = options.max_in_flight {
        anyhow::ensure!(open_rate.is_some(), "--max-in-flight applies to the open model: give --rate R (or a profile with a rate)");
        anyhow::ensure!(n >= 1, "--max-in-flight must be at least 1");
    }
    let (duration, iterations) = match (options.duration, options.iterations, run.duration, run.iterations) {
        (Some(d), _, _, _) => (Some(d), None),
        (None, Some(n), _, _) => (None, Some(n)),
        (None, None, d, n) if d.is_some() || n.is_some() => (d.map(|s| s.0), n),
        _ => (Some(DEFAULT_DURATION), None),
    };
    let users = options.users.unwrap_or(run.users);
    let shard = options.shard;
    if open_rate.is_none() && users < shard.count as usize {
        anyhow::bail!(
            "{users} users cannot be split over {} shards: shard {shard} would have none (each shard takes users i with i % {} == its index)",
            shard.count,
            shard.count
        );
    }
    anyhow::ensure!(
        shard.is_whole() || options.start_at.is_some(),
        "--shard needs --start-at: the shards must start their measured phase together"
    );
    if let Some(at) = options.start_at {
        shard::check_not_past(at, chrono::Utc::now()).map_err(anyhow::Error::msg)?;
    }
    Ok(Plan {
        open_rate,
        max_in_flight: options.max_in_flight.unwrap_or(run.max_in_flight),
        users,
        duration,
        iterations,
        warmup: options.warmup.unwrap_or(run.warmup.0),
        timeout: run.request_timeout.0,
        shard,
        start_at: options.start_at,
    })
}

fn weights(profile: &Profile) -> Vec<(Kind, u32)> {
    let mut w = Vec::new();
    if let Some(u) = &profile.upload {
        w.push((Kind::Upload, u.weight));
    }
    if let Some(p) = &profile.preview {
        w.push((Kind::Preview, p.weight));
    }
    if let Some(p) = &profile.ping {
        w.push((Kind::Ping, p.weight));
    }
    w
}

pub fn new_run_id() -> String {
    format!("{}-load-{}", chrono::Local::now().format("%Y%m%d-%H%M%S"), crate::ids::random_alnum(4))
}

/// A shard's run id says which shard it is.
fn run_id_for(shard: Shard) -> String {
    match shard.is_whole() {
        true => new_run_id(),
        false => format!("{}-shard-{}-of-{}", new_run_id(), shard.index, shard.count),
    }
}

pub async fn run(target: &Target, options: LoadOptions) -> anyhow::Result<LoadOutcome> {
    let (mut profile, path) = Profile::load(&options.scenario)?;
    let plan = plan(&mut profile, &options)?;
    let baseline = options.baseline.as_deref().map(Summary::read).transpose()?;
    let name = path.file_stem().and_then(|s| s.to_str()).unwrap_or(&options.scenario).to_string();
    let run_id = run_id_for(plan.shard);
    let dir = options.reports.join(&run_id).join("load");
    std::fs::create_dir_all(&dir).map_err(|e| anyhow::anyhow!("creating {}: {e}", dir.display()))?;
    let weights = weights(&profile);
    let mix = Mix::new(&weights);

    let warmup_recorder = Recorder::start(Meta::default());
    let ops = transactions::setup(&target.endpoint, &target.project, &target.api_key, &profile, warmup_recorder).await?;
    let outcome = measure(&ops, &plan, &mix, weights, &dir, &name, options.quiet).await;
    let leftovers = transactions::teardown(&ops).await;
    let recording = outcome?;

    let summary = Summary::from_recording(&recording, &run_id, &target.endpoint, leftovers);
    report::write_all(&dir, &summary, &recording)?;
    let regressions = baseline.map(|b| baseline::compare(&b, &summary, &options.thresholds)).unwrap_or_default();
    let failures = verdict(&summary, &regressions, options.max_error_rate);
    Ok(LoadOutcome { dir, summary, regressions, failures })
}

/// Warm-up and the measured phase; returns what the measured phase recorded.
#[allow(clippy::too_many_arguments)]
async fn measure(
    ops: &transactions::Ops,
    plan: &Plan,
    mix: &Mix<Kind>,
    weights: Vec<(Kind, u32)>,
    dir: &Path,
    name: &str,
    quiet: bool,
) -> anyhow::Result<Recording> {
    let shard = plan.shard;
    if !plan.warmup.is_zero() {
        let warm = Arc::new(ops.with_recorder(Recorder::start(Meta::default()), None));
        match plan.open_rate {
            Some(rate) => {
                let schedule = Schedule { rate_per_sec: rate, duration: Some(plan.warmup), count: None, shard };
                open::run_open(warm, schedule, mix.clone(), plan.max_in_flight, plan.timeout).await?
            }
            None => open::run_closed_direct(warm, plan.shard_users(), mix.clone(), Instant::now() + plan.warmup, plan.timeout).await?,
        }
    }
    if let Some(at) = plan.start_at {
        if at < chrono::Utc::now() {
            eprintln!(
                "conform load: --start-at {} passed during setup and warm-up; starting now (the skew is reported)",
                shard::rfc3339(at)
            );
        }
        shard::wait_until(at).await;
    }
    // Each shard reports its own share of users and rate, so the shards' meta add up to the whole run.
    let meta = Meta {
        profile: name.to_string(),
        model: if plan.open_rate.is_some() { "open" } else { "closed" }.to_string(),
        users: if plan.open_rate.is_some() { None } else { Some(plan.shard_users()) },
        rate: plan.open_rate.map(|r| r / shard.count as f64),
        shard: (!shard.is_whole()).then(|| ShardTag {
            index: shard.index,
            count: shard.count,
            start_at: plan.start_at.map(shard::rfc3339).unwrap_or_default(),
            run: plan.whole_run(),
        }),
        start_at: plan.start_at.map(shard::rfc3339),
        ..Meta::default()
    };
    let sampler = ops.bucket_id.as_ref().map(|_| sampler::Sampler::spawn(ops.verifier_target(), plan.timeout));
    let recorder = Recorder::start(meta);
    let measured = Arc::new(ops.with_recorder(recorder.clone(), sampler.as_ref().map(|(s, _)| s.clone())));
    let progress = progress::wanted(quiet).then(|| progress::Progress::start(recorder.clone(), plan.duration));
    let result = match plan.open_rate {
        Some(rate) => {
            let schedule = Schedule { rate_per_sec: rate, duration: plan.duration, count: plan.iterations, shard };
            open::run_open(measured.clone(), schedule, mix.clone(), plan.max_in_flight, plan.timeout).await
        }
        None => {
            let run = closed::ClosedRun {
                users: plan.shard_users(),
                duration: plan.duration,
                // Each user of the whole run runs its share, rounded up, wherever it runs.
                iterations_per_user: plan.iterations.map(|n| n.div_ceil(plan.users as u64)),
                weights,
                timeout: plan.timeout,
                report_dir: dir,
            };
            closed::run_goose(measured.clone(), run).await
        }
    };
    let mut recording = recorder.finish();
    if let Some(progress) = progress {
        progress.stop().await;
    }
    if let Some((sampler, verifier)) = sampler {
        sampler.close();
        drop(measured);
        recording.meta.correctness = verifier.await.map_err(|e| anyhow::anyhow!("the correctness verifier failed: {e}"))?;
    }
    result?;
    Ok(recording)
}

/// Why a run fails: wrong bytes or images, too many errors, or regressions.
pub fn verdict(summary: &Summary, regressions: &[Regression], max_error_rate: f64) -> Vec<String> {
    let mut failures = Vec::new();
    let c = &summary.correctness;
    if summary.correctness_failed() > 0 {
        failures.push(format!(
            "correctness: {} of {} sampled uploads and {} of {} sampled previews were wrong",
            c.uploads_failed, c.uploads_checked, c.previews_failed, c.previews_checked
        ));
    }
    if summary.error_rate > max_error_rate {
        failures.push(format!("error rate {:.2} % is above the allowed {:.2} %", summary.error_rate * 100.0, max_error_rate * 100.0));
    }
    let whole: u64 = summary.transactions.iter().filter(|(m, _)| report::is_whole(m)).map(|(_, s)| s.count).sum();
    if whole == 0 {
        failures.push("no transaction completed".to_string());
    }
    failures.extend(regressions.iter().map(|r| format!("regression: {r}")));
    failures
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pings() -> Profile {
        Profile::parse("description = \"pings\"\n[ping]\n").unwrap()
    }

    fn in_a_minute() -> Option<chrono::DateTime<chrono::Utc>> {
        Some(chrono::Utc::now() + chrono::Duration::minutes(1))
    }

    #[test]
    fn a_shard_runs_its_share_of_the_users_and_reports_the_whole_run() {
        let options = LoadOptions { users: Some(5), shard: Shard::new(1, 3).unwrap(), start_at: in_a_minute(), ..LoadOptions::default() };
        let plan = plan(&mut pings(), &options).unwrap();
        assert_eq!(plan.shard_users(), 2, "users 1 and 4 of 0..5");
        assert_eq!(plan.whole_run(), WholeRun { users: Some(5), rate: None, duration_secs: Some(10.0), iterations: None });
    }

    #[test]
    fn max_in_flight_overrides_the_profile_in_the_open_model_only() {
        let open = LoadOptions { rate: Some(10.0), max_in_flight: Some(7), ..LoadOptions::default() };
        assert_eq!(plan(&mut pings(), &open).unwrap().max_in_flight, 7);
        let default = LoadOptions { rate: Some(10.0), ..LoadOptions::default() };
        assert_eq!(plan(&mut pings(), &default).unwrap().max_in_flight, 256, "the profile's default");
        let closed = LoadOptions { users: Some(2), max_in_flight: Some(7), ..LoadOptions::default() };
        let err = plan(&mut pings(), &closed).err().unwrap().to_string();
        assert!(err.contains("--max-in-flight applies to the open model"), "{err}");
    }

    #[test]
    fn shard_plans_that_cannot_work_are_refused_before_setup() {
        let shard = Shard::new(2, 3).unwrap();
        let too_few = LoadOptions { users: Some(2), shard, start_at: in_a_minute(), ..LoadOptions::default() };
        let err = plan(&mut pings(), &too_few).err().unwrap().to_string();
        assert!(err.contains("2 users cannot be split over 3 shards"), "{err}");
        let unsynchronised = LoadOptions { rate: Some(10.0), shard, ..LoadOptions::default() };
        assert!(plan(&mut pings(), &unsynchronised).err().unwrap().to_string().contains("--start-at"));
        let stale = LoadOptions {
            rate: Some(10.0),
            shard,
            start_at: Some(chrono::Utc::now() - chrono::Duration::minutes(1)),
            ..LoadOptions::default()
        };
        assert!(plan(&mut pings(), &stale).err().unwrap().to_string().contains("in the past"));
    }
}
