//! The closed model (`--users N`) on goose: goose starts the users, runs the scenario's
//! weighted transactions back to back, stops by time or iteration count, and writes its
//! own HTML and JSON reports. Each transaction also records into our HDR recorder.

use super::transactions::{Kind, Ops, Via};
use goose::prelude::*;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

pub struct ClosedRun<'a> {
    pub users: usize,
    pub duration: Option<Duration>,
    /// Transactions per user (goose counts per user).
    pub iterations_per_user: Option<u64>,
    pub weights: Vec<(Kind, u32)>,
    pub timeout: Duration,
    pub report_dir: &'a Path,
}

pub async fn run_goose(ops: Arc<Ops>, run: ClosedRun<'_>) -> anyhow::Result<()> {
    let host = ops.endpoint.clone();
    let users = run.users.to_string();
    // Start every user within a few milliseconds: the measured phase should not include a ramp.
    let increase_rate = (run.users * 100).max(1000).to_string();
    let html = run.report_dir.join("goose-report.html").display().to_string();
    let json = run.report_dir.join("goose-report.json").display().to_string();
    let timeout = run.timeout.as_secs().max(1).to_string();
    let mut args: Vec<String> = [
        "--host",
        &host,
        "--users",
        &users,
        "--increase-rate",
        &increase_rate,
        "--report-file",
        &html,
        "--report-file",
        &json,
        "--timeout",
        &timeout,
        // Our summary is the console output; goose's telnet controller would listen on all interfaces.
        "--no-print-metrics",
        "--no-telnet",
        "--quiet",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    match (run.duration, run.iterations_per_user) {
        (_, Some(each)) => args.extend(["--iterations".to_string(), each.max(1).to_string()]),
        (Some(d), None) => args.extend(["--run-time".to_string(), format!("{}s", d.as_secs_f64().ceil().max(1.0) as u64)]),
        (None, None) => anyhow::bail!("the closed model needs a duration or an iteration count"),
    }
    let config = goose::config::GooseConfiguration::parse_args_default(&args).map_err(|e| anyhow::anyhow!("configuring goose: {e}"))?;
    let mut scenario = scenario!("conform load");
    for (kind, weight) in run.weights {
        let ops = ops.clone();
        let transaction = Transaction::new(Arc::new(move |user: &mut GooseUser| {
            let ops = ops.clone();
            Box::pin(async move {
                ops.run(&mut Via::Goose(user), kind, None).await;
                Ok(())
            })
        }))
        .set_name(kind.name())
        .set_weight(weight as usize)
        .map_err(|e| anyhow::anyhow!("goose weight for {}: {e}", kind.name()))?;
        scenario = scenario.register_transaction(transaction);
    }
    GooseAttack::initialize_with_config(config)
        .map_err(|e| anyhow::anyhow!("starting goose: {e}"))?
        .register_scenario(scenario)
        .execute()
        .await
        .map_err(|e| anyhow::anyhow!("goose: {e}"))?;
    Ok(())
}
