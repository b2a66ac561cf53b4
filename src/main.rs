//! `conform`: a thin binary over the library's modules.

use clap::Parser;
use conform::cli::{
    Cli, Command, CoverageArgs, ExpectationsCommand, ExpectationsUpdateArgs, ImageArgs, LoadArgs, MergeArgs, OutputFormat, ReportCommand,
    RunArgs, SelfcheckArgs, TargetArgs,
};
use conform::target::Target;
use std::process::ExitCode;
use std::time::Duration;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("conform: cannot start the async runtime: {e}");
            return ExitCode::from(2);
        }
    };
    let result = runtime.block_on(async {
        match cli.command {
            Command::Run(args) => run(args).await,
            Command::Serve(args) => conform_reference::serve(args).await.map(|_| ExitCode::SUCCESS),
            Command::Selfcheck(args) => selfcheck(args).await,
            Command::Sweep(args) => {
                let target = remote_target(&args.target, &[])?.ok_or_else(|| {
                    anyhow::anyhow!("sweep needs a target: --endpoint, --project and --key (the bundled server starts empty every run)")
                })?;
                conform::sweep::sweep(&target, args.dry_run).await.map(|_| ExitCode::SUCCESS)
            }
            Command::Load(args) => load(args).await,
            Command::Report(ReportCommand::Merge(args)) => merge(args),
            Command::Coverage(args) => coverage(args),
            Command::Expectations(ExpectationsCommand::Update(args)) => update_expectations(args),
        }
    });
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("conform: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn remote_target(args: &TargetArgs, capabilities: &[String]) -> anyhow::Result<Option<Target>> {
    match (&args.endpoint, &args.project, &args.key) {
        (Some(endpoint), Some(project), Some(key)) => Ok(Some(Target::remote(endpoint, project, key, capabilities)?)),
        (None, None, None) => Ok(None),
        _ => anyhow::bail!("--endpoint, --project and --key go together (or their APPWRITE_* variables)"),
    }
}

/// The target of `--image`: its container started and answering, or `None` without the flag.
async fn image_target(
    target: &TargetArgs,
    image: &ImageArgs,
    capabilities: &[String],
    reports: &std::path::Path,
) -> anyhow::Result<Option<Target>> {
    let Some(name) = &image.image else { return Ok(None) };
    let (Some(project), Some(key)) = (&target.project, &target.key) else {
        anyhow::bail!("--image needs --project and --key (or APPWRITE_PROJECT and APPWRITE_API_KEY): the container gets them as APPWRITE_PROJECT and APPWRITE_API_KEY")
    };
    let spec = conform::image::ImageSpec {
        image: name.clone(),
        port: image.image_port,
        env: image.image_env.clone(),
        volumes: image.image_volumes.clone(),
        project: project.clone(),
        api_key: key.clone(),
        start_timeout: Duration::from_secs(image.image_start_timeout.max(1)),
    };
    eprintln!("conform: starting a container of {name} (port {}), waiting until it answers", spec.port);
    let target = tokio::select! {
        target = Target::from_image(&spec, capabilities, reports) => target?,
        _ = tokio::signal::ctrl_c() => anyhow::bail!("interrupted (Ctrl-C) while the container of {name} was starting"),
    };
    if let Some(container) = target.container() {
        eprintln!("conform: container {} of {name} answers at {}", conform::image::short_id(container.id()), target.endpoint);
    }
    Ok(Some(target))
}

/// Runs `work` against `target`; `None` when Ctrl-C came first and a container target must be
/// removed (with the default handler Ctrl-C would end the process and leave the container).
async fn unless_interrupted<T>(target: &Target, work: impl std::future::Future<Output = T>) -> Option<T> {
    if target.container().is_none() {
        return Some(work.await);
    }
    tokio::select! {
        done = work => Some(done),
        _ = tokio::signal::ctrl_c() => {
            eprintln!("conform: interrupted (Ctrl-C): removing the container, keeping its logs");
            None
        }
    }
}

/// Where a container's logs go when a run wrote no report folder.
fn container_log_dir(target: &Target, reports: &std::path::Path) -> Vec<std::path::PathBuf> {
    target.container().map(|c| conform::image::log_dir(reports, c.id())).into_iter().collect()
}

async fn run(args: RunArgs) -> anyhow::Result<ExitCode> {
    let expectations = match &args.expectations {
        Some(path) => conform::expectations::Expectations::load(path)?,
        None => conform::expectations::Expectations::default(),
    };
    let image = image_target(&args.target, &args.image, &args.capabilities, &args.reports).await?;
    let target = match image.map_or_else(|| remote_target(&args.target, &args.capabilities), |t| Ok(Some(t)))? {
        Some(target) => target,
        None => {
            anyhow::ensure!(args.capabilities.is_empty(), "--capability describes a remote target; the bundled server has them all");
            Target::bundled().await?
        }
    };
    eprintln!(
        "conform: testing {} (project {}){}, requests sent the way the {} client sends them",
        target.endpoint,
        target.project,
        if target.is_bundled() { ", the bundled reference server" } else { "" },
        args.client_style
    );
    let target = preflight(target, &args.reports).await?;
    let options = conform::runner::RunOptions {
        features: args.features.clone().unwrap_or_else(default_features),
        tags: args.tags.clone(),
        name: args.name.clone(),
        concurrency: args.concurrency,
        fail_fast: args.fail_fast,
        retries: args.retries,
        request_timeout: Duration::from_secs(args.request_timeout.max(1)),
        scenario_timeout: Duration::from_secs(args.scenario_timeout.max(1)),
        settle_within: Duration::from_secs(args.settle_within),
        max_body_bytes: args.max_body_mib.max(1).saturating_mul(1024 * 1024),
        read_only_key: args.read_only_key.clone(),
        client_style: args.client_style,
        quiet: args.quiet,
    };
    let Some(outcome) = unless_interrupted(&target, conform::runner::run(&target, options)).await else {
        let dirs = container_log_dir(&target, &args.reports);
        target.shutdown_keeping_logs(&dirs).await;
        return Ok(ExitCode::from(130));
    };
    let mut report = match outcome {
        Ok(report) => report,
        Err(e) => {
            let dirs = container_log_dir(&target, &args.reports);
            target.shutdown_keeping_logs(&dirs).await;
            return Err(e);
        }
    };
    conform::expectations::apply(&mut report, &expectations, chrono::Local::now().date_naive());
    let published = conform::report::publish(&report, &args.reports);
    // The container's output goes beside the reports it explains.
    let log_dirs = match &published {
        Ok(dir) => vec![dir.clone(), args.reports.join("latest")],
        Err(_) => container_log_dir(&target, &args.reports),
    };
    target.shutdown_keeping_logs(&log_dirs).await;
    let dir = published?;
    conform::report::print_summary(&report, &dir, &mut std::io::stdout())?;
    Ok(if report.passed() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

async fn selfcheck(args: SelfcheckArgs) -> anyhow::Result<ExitCode> {
    use conform::selfcheck::{self, catalogue_table, result};
    let faults = selfcheck::select(&args.faults, &args.areas)?;
    if args.list {
        print!("{}", catalogue_table::markdown(&faults));
        return Ok(ExitCode::SUCCESS);
    }
    let options = selfcheck::SelfcheckOptions {
        features: args.features.clone().unwrap_or_else(default_features),
        jobs: args.jobs,
        run_timeout: Duration::from_secs(args.run_timeout.max(1)),
        rounds: args.rounds as usize,
    };
    let rounds = match options.rounds {
        1 => String::new(),
        n => format!(", each {n} times"),
    };
    eprintln!("conform selfcheck: {} faults, {} runs at once, plus one fault-free baseline{rounds}", faults.len(), options.jobs.max(1));
    let report = selfcheck::run(&faults, &options).await?;
    let path = args.reports.join(result::FILE);
    report.write(&path)?;
    report.print(&mut std::io::stdout())?;
    println!("Result in {}", path.display());
    Ok(if report.passed() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

/// The target if it answers the pre-flight request; else it is shut down (a container's logs
/// kept under `reports`) and the error (exit 2) names it and what happened.
async fn preflight(target: Target, reports: &std::path::Path) -> anyhow::Result<Target> {
    match conform::preflight::check(&target).await {
        Ok(conform::preflight::Answer::NotFound) => {
            eprintln!(
                "conform: note: {} answered 404 to GET /health/version and GET /ping; is it the API base, including /v1?",
                target.endpoint
            );
            Ok(target)
        }
        Ok(conform::preflight::Answer::Status { .. }) => Ok(target),
        Err(error) => {
            let dirs = container_log_dir(&target, reports);
            target.shutdown_keeping_logs(&dirs).await;
            Err(error)
        }
    }
}

/// `./features` when run from a checkout, else the suite conform was built with.
fn default_features() -> std::path::PathBuf {
    let local = std::path::PathBuf::from("features");
    if local.is_dir() {
        local
    } else {
        std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("features")
    }
}

async fn load(args: LoadArgs) -> anyhow::Result<ExitCode> {
    let shard = match (args.shard, args.shards) {
        (Some(shard), _) => shard,
        (None, Some(count)) => {
            let index = std::env::var(conform::load::shard::INDEX_ENV).ok();
            conform::load::shard::Shard::from_index_env(count, index.as_deref()).map_err(anyhow::Error::msg)?
        }
        (None, None) => conform::load::shard::Shard::WHOLE,
    };
    let image = image_target(&args.target, &args.image, &[], &args.reports).await?;
    let target = match image.map_or_else(|| remote_target(&args.target, &[]), |t| Ok(Some(t)))? {
        Some(target) => target,
        None if !shard.is_whole() => {
            anyhow::bail!("--shard needs a remote target (--endpoint, --project, --key): each shard would test a bundled server of its own")
        }
        None => Target::bundled().await?,
    };
    let target = preflight(target, &args.reports).await?;
    let of = if shard.is_whole() { String::new() } else { format!(", shard {shard}") };
    eprintln!("conform load: {} against {}{of}", args.scenario, target.endpoint);
    let options = conform::load::LoadOptions {
        scenario: args.scenario.clone(),
        users: args.users,
        rate: args.rate,
        max_in_flight: args.max_in_flight.map(|n| n as usize),
        duration: args.duration,
        iterations: args.iterations,
        warmup: args.warmup,
        sample_percent: args.sample,
        reports: args.reports.clone(),
        baseline: args.baseline.clone(),
        thresholds: conform::load::baseline::Thresholds {
            latency_percent: args.latency_threshold,
            latency_floor_ms: args.latency_floor_ms,
            throughput_percent: args.throughput_threshold,
            error_rate_points: args.error_rate_threshold,
        },
        max_error_rate: args.max_error_rate / 100.0,
        quiet: args.quiet,
        shard,
        start_at: args.start_at,
    };
    let Some(outcome) = unless_interrupted(&target, conform::load::run(&target, options)).await else {
        let dirs = container_log_dir(&target, &args.reports);
        target.shutdown_keeping_logs(&dirs).await;
        return Ok(ExitCode::from(130));
    };
    let log_dirs = match &outcome {
        Ok(outcome) => vec![outcome.dir.clone()],
        Err(_) => container_log_dir(&target, &args.reports),
    };
    target.shutdown_keeping_logs(&log_dirs).await;
    let outcome = outcome?;
    print!("{}", outcome.summary.markdown());
    println!("\nReports in {}", outcome.dir.display());
    for failure in &outcome.failures {
        eprintln!("conform load: FAILED: {failure}");
    }
    Ok(if outcome.failures.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

fn merge(args: MergeArgs) -> anyhow::Result<ExitCode> {
    let out =
        args.out.unwrap_or_else(|| std::path::PathBuf::from("reports").join(format!("merge-{}", conform::load::new_run_id())).join("load"));
    let summary = conform::load::merge(&args.logs, &out)?;
    print!("{}", summary.markdown());
    println!("\nMerged report in {}", out.display());
    Ok(ExitCode::SUCCESS)
}

fn coverage(args: CoverageArgs) -> anyhow::Result<ExitCode> {
    let features = args.features.clone().unwrap_or_else(default_features);
    if args.behaviours {
        return behaviour_coverage(args, &features);
    }
    let tagged = conform::coverage::tags_in_features(&features)?;
    let run = match &args.from {
        Some(path) => Some(conform::outcome::RunReport::load(path)?),
        None => None,
    };
    let requested = run
        .as_ref()
        .zip(args.from.as_ref())
        .map(|(report, path)| (&report.operations_called, format!("run {} ({})", report.run_id, path.display())));
    let mut coverage =
        conform::coverage::Coverage::compute(conform::contract::contract(), &tagged, features.display().to_string(), requested);
    if let Some(service) = &args.service {
        coverage.retain_service(service)?;
    }
    if args.uncovered {
        coverage.retain_uncovered();
    }
    match args.format {
        OutputFormat::Text => print!("{}", coverage.render_text()),
        OutputFormat::Json => println!("{}", serde_json::to_string_pretty(&coverage)?),
    }
    Ok(ExitCode::SUCCESS)
}

fn behaviour_coverage(args: CoverageArgs, features: &std::path::Path) -> anyhow::Result<ExitCode> {
    let dir = args.inventory.unwrap_or_else(|| conform::behaviours::default_dir(features));
    let inventory = conform::behaviours::Inventory::load(&dir)?;
    let problems = inventory.problems(&conform::coverage::scenario_ids_in_features(features)?);
    anyhow::ensure!(
        problems.is_empty(),
        "the behaviours inventory {} has {} problem(s):\n  {}",
        dir.display(),
        problems.len(),
        problems.join("\n  ")
    );
    let mut coverage = match &args.from {
        Some(path) => {
            let report = conform::outcome::RunReport::load(path)?;
            let passed = report.passed_ids();
            inventory.coverage(format!("the scenarios that passed in run {} ({})", report.run_id, path.display()), |id| passed.contains(id))
        }
        None => {
            let ids = conform::coverage::scenario_ids_in_features(features)?;
            inventory.coverage(format!("the scenarios in {}", features.display()), |id| ids.contains(id))
        }
    };
    if let Some(area) = &args.service {
        coverage.retain_area(area)?;
    }
    match args.format {
        OutputFormat::Text => print!("{}", coverage.render_text(args.uncovered)),
        OutputFormat::Json => println!("{}", serde_json::to_string_pretty(&coverage)?),
    }
    Ok(ExitCode::SUCCESS)
}

fn update_expectations(args: ExpectationsUpdateArgs) -> anyhow::Result<ExitCode> {
    use conform::expectations::Expectations;
    let report = conform::outcome::RunReport::load(&args.from)?;
    let existing = if args.file.exists() { Expectations::load(&args.file)? } else { Expectations::default() };
    let update = existing.updated(&report);
    for (id, reason) in &update.removed {
        eprintln!("conform: removed {id}: it passed in run {} (it was expected to fail: {reason})", report.run_id);
    }
    for (id, reason) in &update.added {
        eprintln!("conform: added {id}: expect fail, {reason}");
    }
    let origin = format!(
        "Updated from run {} against {} (project {}) on {}.",
        report.run_id,
        report.target.endpoint,
        report.target.project,
        report.finished_at.format("%Y-%m-%d")
    );
    std::fs::write(&args.file, update.expectations.to_toml(&origin))
        .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", args.file.display()))?;
    eprintln!(
        "conform: wrote {}: {} entries ({} added, {} removed)",
        args.file.display(),
        update.expectations.scenarios.len(),
        update.added.len(),
        update.removed.len()
    );
    Ok(ExitCode::SUCCESS)
}
