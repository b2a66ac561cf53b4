//! The command line: `conform run`, `conform serve`, `conform sweep`.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(
    name = "conform",
    version,
    about = "Conformance test harness and load tester for Appwrite-compatible REST servers",
    long_about = "Runs a Gherkin suite describing the Appwrite REST API (Storage, Tokens, Databases, Teams, \
Users, Account, REST conventions) against a server, and writes reports that CI and people both read.\n\n\
With no target flags, `conform run` starts the bundled reference server in-process and tests that."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Run the conformance suite and write reports (exit 0 only when every outcome was expected).
    Run(RunArgs),
    /// Run the bundled reference server as a standalone server.
    Serve(conform_reference::ServeArgs),
    /// Prove the suite catches contract breaks: run it against the bundled server broken by each fault of the catalogue.
    Selfcheck(SelfcheckArgs),
    /// Delete what crashed runs left on a target: users, teams, buckets and databases whose IDs carry a run prefix.
    Sweep(SweepArgs),
    /// Load-test chunked uploads and image previews with a profile from scenarios/ (HDR latency, correctness sampling).
    Load(LoadArgs),
    /// Work with load reports.
    #[command(subcommand)]
    Report(ReportCommand),
    /// List each operation of the contract, per service, as covered or not: by the suite's @op tags and,
    /// with --from, by the requests a run really made.
    Coverage(CoverageArgs),
    /// Work with expected-outcome files (see --expectations of `conform run`).
    #[command(subcommand)]
    Expectations(ExpectationsCommand),
}

#[derive(Args, Debug)]
#[command(after_help = "An operation is covered when a scenario names it in an @op tag and, with --from, the run \
also requested it. Otherwise it is listed as `tagged, never requested` (the scenarios did not get that far, \
were filtered out, or the tag is wrong), `requested, no @op tag` (only setup calls it) or `not covered`.\n\n\
Exit status: 0 when the table was printed (whatever it says), 2 on bad input.")]
pub struct CoverageArgs {
    /// Folder of .feature files whose @op tags count [default: ./features, else the one conform was built from]
    #[arg(long)]
    pub features: Option<PathBuf>,
    /// A run's report folder (e.g. reports/latest) or its summary.json: also check which operations it requested
    #[arg(long, value_name = "RUN_DIR")]
    pub from: Option<PathBuf>,
    /// Only this service, e.g. storage or account
    #[arg(long)]
    pub service: Option<String>,
    /// Only operations that are not covered
    #[arg(long)]
    pub uncovered: bool,
    /// `text` for people, `json` for tools (versioned by its format_version field)
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,
    /// Behaviour coverage instead: the behaviours inventory (one entry per observable behaviour,
    /// read from Appwrite's source and e2e tests) checked by the suite's scenarios, per area.
    /// --service then names an area, --uncovered lists the behaviours no scenario covers, and
    /// --from counts only scenarios that passed in that run
    #[arg(long)]
    pub behaviours: bool,
    /// The behaviours inventory folder [default: contract/behaviours beside the features folder, else the one conform was built from]
    #[arg(long, value_name = "DIR", requires = "behaviours")]
    pub inventory: Option<PathBuf>,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutputFormat {
    Text,
    Json,
}

#[derive(Subcommand, Debug)]
pub enum ExpectationsCommand {
    /// Write or update an expectations file from a run: its failures become expected ones, fixed ones are removed.
    Update(ExpectationsUpdateArgs),
}

#[derive(Args, Debug)]
#[command(after_help = "Each scenario that failed in the run becomes `expect = \"fail\"` with the first failing step \
and its error as the reason (reword it). Entries already in the file, or that applied in the run, keep their reason \
and expiry date while the scenario still fails, is skipped, not applicable or not in the run; `skip` and `flaky` \
entries always stay. An entry expecting a failure whose scenario now passes is removed, and stderr names each removal \
and addition. An expired entry keeps its date, so it still fails the run until someone extends or removes it. The \
file is rewritten sorted by id; comments in it are not kept.")]
pub struct ExpectationsUpdateArgs {
    /// A run's report folder (e.g. reports/latest) or its summary.json
    #[arg(long, value_name = "RUN_DIR")]
    pub from: PathBuf,
    /// The expectations file to write; read first when it exists
    #[arg(long, default_value = "expectations.toml")]
    pub file: PathBuf,
}

/// Which server to test. All three flags together, or none for the bundled server.
#[derive(Args, Debug, Clone)]
pub struct TargetArgs {
    /// API endpoint including /v1, e.g. https://cloud.appwrite.io/v1 [default: the bundled server]
    #[arg(long, env = "APPWRITE_ENDPOINT", requires_all = ["project", "key"])]
    pub endpoint: Option<String>,
    /// Project ID on the target
    #[arg(long, env = "APPWRITE_PROJECT")]
    pub project: Option<String>,
    /// Server API key holding every scope the suite uses (never printed or reported)
    #[arg(long, env = "APPWRITE_API_KEY", hide_env_values = true)]
    pub key: Option<String>,
}

/// A target started from a container image instead of one already running (`run` and `load`).
#[derive(Args, Debug, Clone)]
pub struct ImageArgs {
    /// Start the target from this container image (name[:tag]), test it, remove it; needs --project
    /// and --key, which the container gets as APPWRITE_PROJECT and APPWRITE_API_KEY
    #[arg(long, value_name = "IMAGE", conflicts_with = "endpoint")]
    pub image: Option<String>,
    /// The port the image's server listens on inside the container
    #[arg(long, value_name = "PORT", default_value_t = 80, requires = "image")]
    pub image_port: u16,
    /// An environment variable for the container (repeatable); values are never printed
    #[arg(long = "image-env", value_name = "KEY=VALUE", value_parser = crate::image::parse_env, requires = "image")]
    pub image_env: Vec<(String, String)>,
    /// Mount a host folder into the container (repeatable), for data that must persist
    #[arg(long = "image-volume", value_name = "HOST:CONTAINER", value_parser = crate::image::parse_volume, requires = "image")]
    pub image_volumes: Vec<(PathBuf, String)>,
    /// Seconds the container's server may take to answer GET /v1/health/version (or /v1/ping) with a 2xx
    #[arg(long, value_name = "SECS", default_value_t = 60, requires = "image")]
    pub image_start_timeout: u64,
}

#[derive(Args, Debug)]
pub struct RunArgs {
    #[command(flatten)]
    pub target: TargetArgs,
    #[command(flatten)]
    pub image: ImageArgs,
    /// An API key holding only the read scopes (users.read, teams.read, buckets.read, files.read, tokens.read,
    /// databases.read, collections.read, attributes.read, indexes.read, documents.read);
    /// enables @needs:read-only-key scenarios on a remote target
    #[arg(long, env = "CONFORM_READ_ONLY_KEY", hide_env_values = true)]
    pub read_only_key: Option<String>,
    /// Declare a capability of a remote target (repeatable), e.g. fast-rate-windows; scenarios tagged
    /// @needs:<capability> are reported not-applicable when the target lacks it
    #[arg(long = "capability", value_name = "NAME")]
    pub capabilities: Vec<String>,
    /// Tag expression selecting scenarios, e.g. '@account and not @ip-budget'
    #[arg(long, short = 't')]
    pub tags: Option<String>,
    /// Only scenarios whose name matches this regular expression
    #[arg(long, short = 'n')]
    pub name: Option<String>,
    /// How many scenarios run at once (@serial ones always run alone)
    #[arg(long, default_value_t = 8)]
    pub concurrency: usize,
    /// Stop starting scenarios after the first failure
    #[arg(long)]
    pub fail_fast: bool,
    /// Re-run a failed scenario up to N times; one that then passes is reported flaky, not hidden
    #[arg(long, default_value_t = 0)]
    pub retries: usize,
    /// Expected outcomes per scenario id (TOML); see the README
    #[arg(long, env = "CONFORM_EXPECTATIONS")]
    pub expectations: Option<PathBuf>,
    /// Folder of .feature files [default: ./features, else the one conform was built from]
    #[arg(long)]
    pub features: Option<PathBuf>,
    /// Where reports go: <DIR>/<run-id>/ and <DIR>/latest/
    #[arg(long, default_value = "reports", env = "CONFORM_REPORTS")]
    pub reports: PathBuf,
    /// Seconds one request may take before it fails, from sending it to the last byte of the answer
    #[arg(long, default_value_t = 15)]
    pub request_timeout: u64,
    /// Seconds one scenario may take, all its requests included; cleanup after it gets as
    /// long again (at most 30 s)
    #[arg(long, default_value_t = 120)]
    pub scenario_timeout: u64,
    /// Seconds a background effect may take to show (Appwrite's workers apply some deletes
    /// after answering); a step waiting for one checks the last answer after this long
    #[arg(long, default_value_t = 30, value_name = "SECONDS")]
    pub settle_within: u64,
    /// Largest response body read, in MiB; a longer one fails its request (the suite's largest download is 100 MiB)
    #[arg(long, default_value_t = 160, value_name = "MIB")]
    pub max_body_mib: usize,
    /// Send requests the way this official client does (Content-Type on GET, multipart array names, SDK headers);
    /// scenarios documenting one client's habit pick their own
    #[arg(long, value_enum, env = "CONFORM_CLIENT_STYLE", default_value_t = crate::client::ClientStyle::Node)]
    pub client_style: crate::client::ClientStyle,
    /// Print only the final summary, not a line per scenario
    #[arg(long, short = 'q', env = "CONFORM_QUIET")]
    pub quiet: bool,
}

/// The default of `conform selfcheck --run-timeout`: the tests' hang bound sits above it, so
/// a fault run that hangs is named by selfcheck rather than hidden behind a killed test.
pub const SELFCHECK_RUN_TIMEOUT_S: u64 = 300;

/// `conform selfcheck`: see the README for the fault catalogue.
#[derive(Args, Debug)]
pub struct SelfcheckArgs {
    /// Check only this fault (repeatable) [default: every fault]
    #[arg(long = "fault", value_name = "NAME")]
    pub faults: Vec<String>,
    /// Check only the faults of this area (repeatable), e.g. storage; `--list` shows every area
    #[arg(long = "area", value_name = "AREA")]
    pub areas: Vec<String>,
    /// Print the fault catalogue as a Markdown table and exit
    #[arg(long)]
    pub list: bool,
    /// Suite runs at once (each is a `conform run` child process beside its own server)
    #[arg(long, default_value_t = 3)]
    pub jobs: usize,
    /// Seconds one fault's run may take before it counts as an error
    #[arg(long, default_value_t = SELFCHECK_RUN_TIMEOUT_S)]
    pub run_timeout: u64,
    /// Run the baseline and each fault this many times: a fault caught in some rounds only is
    /// reported flaky (and fails the selfcheck), a baseline scenario failing in some rounds too
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u64).range(1..=20))]
    pub rounds: u64,
    /// Folder of .feature files [default: ./features, else the one conform was built from]
    #[arg(long)]
    pub features: Option<PathBuf>,
    /// Where selfcheck.json goes (the HTML report of later runs into the same folder shows its score)
    #[arg(long, default_value = "reports", env = "CONFORM_REPORTS")]
    pub reports: PathBuf,
}

#[derive(Args, Debug)]
pub struct SweepArgs {
    #[command(flatten)]
    pub target: TargetArgs,
    /// List what would be deleted without deleting it
    #[arg(long)]
    pub dry_run: bool,
}

/// `conform load`: see the README's "Load testing" section for the profile format and report files.
#[derive(Args, Debug)]
pub struct LoadArgs {
    #[command(flatten)]
    pub target: TargetArgs,
    #[command(flatten)]
    pub image: ImageArgs,
    /// Profile name in scenarios/ (chunked-upload, preview, mixed, ping) or a path to a .toml file
    #[arg(long, short = 's', default_value = "chunked-upload")]
    pub scenario: String,
    /// Closed model: N users, each starting its next transaction when the last one ends (driven by goose)
    #[arg(long, conflicts_with = "rate")]
    pub users: Option<usize>,
    /// Open model: start R transactions per second on a fixed schedule; latency counts from each intended start
    #[arg(long, value_name = "R", value_parser = parse_rate)]
    pub rate: Option<f64>,
    /// Open model: transactions running at once, at most; an arrival finding them all busy
    /// starts late [default: the profile's max_in_flight]
    #[arg(long, value_name = "N", conflicts_with = "users", value_parser = clap::value_parser!(u64).range(1..=100_000))]
    pub max_in_flight: Option<u64>,
    /// Length of the measured phase, e.g. 30s or 2m [default: the profile's]
    #[arg(long, value_parser = parse_span, conflicts_with = "iterations")]
    pub duration: Option<std::time::Duration>,
    /// Transactions in the measured phase, in all [default: the profile's]
    #[arg(long)]
    pub iterations: Option<u64>,
    /// Unrecorded warm-up before the measured phase, e.g. 0s or 5s [default: the profile's]
    #[arg(long, value_parser = parse_span)]
    pub warmup: Option<std::time::Duration>,
    /// Percentage of uploads and of previews checked for correctness [default: the profile's, 5]
    #[arg(long, value_name = "PERCENT")]
    pub sample: Option<f64>,
    /// Where reports go: <DIR>/<run-id>/load/
    #[arg(long, default_value = "reports", env = "CONFORM_REPORTS")]
    pub reports: PathBuf,
    /// A summary.json of an earlier run: exit 1 when this run regresses beyond the thresholds
    #[arg(long, value_name = "SUMMARY_JSON")]
    pub baseline: Option<PathBuf>,
    /// Allowed growth of p50/p90/p99/p99.9 corrected latency against the baseline, in percent
    #[arg(long, default_value_t = 20.0, value_name = "PERCENT")]
    pub latency_threshold: f64,
    /// Latency growth below this many milliseconds never counts as a regression
    #[arg(long, default_value_t = 1.0, value_name = "MS")]
    pub latency_floor_ms: f64,
    /// Allowed drop of transactions per second against the baseline, in percent
    #[arg(long, default_value_t = 20.0, value_name = "PERCENT")]
    pub throughput_threshold: f64,
    /// Allowed rise of a transaction's error rate against the baseline, in percentage points
    #[arg(long, default_value_t = 1.0, value_name = "POINTS")]
    pub error_rate_threshold: f64,
    /// Fail the run when more than this percentage of transactions fail
    #[arg(long, default_value_t = 1.0, value_name = "PERCENT")]
    pub max_error_rate: f64,
    /// No progress line (also off when CI is set)
    #[arg(long, short = 'q', env = "CONFORM_QUIET")]
    pub quiet: bool,
    /// Run shard I of N (0-based: 0/3, 1/3, 2/3) of a run split over machines: users i with
    /// i % N == I (closed model) or every N-th arrival of the schedule (open model); needs --start-at
    #[arg(long, value_name = "I/N", value_parser = parse_shard, conflicts_with = "shards", requires = "start_at")]
    pub shard: Option<crate::load::shard::Shard>,
    /// Like --shard I/N, with I read from JOB_COMPLETION_INDEX (a Kubernetes Indexed Job's pod index)
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..), requires = "start_at")]
    pub shards: Option<u32>,
    /// Start the measured phase at this wall-clock time, RFC 3339 (e.g. 2026-12-03T09:30:00Z), after
    /// setup and warm-up; refused when more than 5 s in the past
    #[arg(long, value_name = "TIME", value_parser = parse_start_at)]
    pub start_at: Option<chrono::DateTime<chrono::Utc>>,
}

#[derive(Subcommand, Debug)]
pub enum ReportCommand {
    /// Merge load reports from several machines (the shards of a split run, or interval logs measured together) into one.
    Merge(MergeArgs),
}

#[derive(Args, Debug)]
#[command(
    after_help = "Each input is a load report folder (reports/<run-id>/load, or the --reports folder of a shard holding one run), a summary.json (its latency.hlog beside it is read), or a latency.hlog. Shards of a split run must all be given, once each, and come from the same run (profile, model, whole-run rate or users, duration, shard count, --start-at); anything else is refused. Histograms are merged, never averaged; throughput is the sum of the shards'."
)]
pub struct MergeArgs {
    /// Load report folders, summary.json files or latency.hlog files
    #[arg(required = true, value_name = "REPORT")]
    pub logs: Vec<PathBuf>,
    /// Where the merged summary.json, summary.md, report.html and latency.hlog go [default: reports/<merge-id>/load]
    #[arg(long)]
    pub out: Option<PathBuf>,
}

fn parse_span(s: &str) -> Result<std::time::Duration, String> {
    crate::load::profile::parse_span(s)
}

fn parse_shard(s: &str) -> Result<crate::load::shard::Shard, String> {
    crate::load::shard::Shard::parse(s)
}

fn parse_start_at(s: &str) -> Result<chrono::DateTime<chrono::Utc>, String> {
    crate::load::shard::parse_start_at(s, chrono::Utc::now())
}

fn parse_rate(s: &str) -> Result<f64, String> {
    let number = s.strip_suffix("/s").unwrap_or(s);
    match number.parse::<f64>() {
        Ok(r) if r.is_finite() && r > 0.0 => Ok(r),
        _ => Err(format!("{s:?} is not a rate such as 50 or 50/s")),
    }
}
