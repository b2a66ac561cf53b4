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
    /// Delete what crashed runs left on a target: users, teams, buckets and databases whose IDs carry a run prefix.
    Sweep(SweepArgs),
}

/// Which server to test. All three flags together, or none for the bundled server.
#[derive(Args, Debug, Clone)]
pub struct TargetArgs {
    /// API endpoint including /v1, e.g. https://cloud.appwrite.io/v1 [default: the bundled server]
    #[arg(long, env = "APPWRITE_ENDPOINT", requires_all = ["project", "key"])]
    pub endpoint: Option<String>,
    /// Project ID on the target
    #[arg(long, env = "APPWRITE_PROJECT", requires = "endpoint")]
    pub project: Option<String>,
    /// Server API key holding every scope the suite uses (never printed or reported)
    #[arg(long, env = "APPWRITE_API_KEY", requires = "endpoint", hide_env_values = true)]
    pub key: Option<String>,
}

#[derive(Args, Debug)]
pub struct RunArgs {
    #[command(flatten)]
    pub target: TargetArgs,
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
    /// Seconds one request may take before it fails
    #[arg(long, default_value_t = 15)]
    pub request_timeout: u64,
    /// Seconds one scenario may take, all its requests included
    #[arg(long, default_value_t = 120)]
    pub scenario_timeout: u64,
    /// Print only the final summary, not a line per scenario
    #[arg(long, short = 'q', env = "CONFORM_QUIET")]
    pub quiet: bool,
}

#[derive(Args, Debug)]
pub struct SweepArgs {
    #[command(flatten)]
    pub target: TargetArgs,
    /// List what would be deleted without deleting it
    #[arg(long)]
    pub dry_run: bool,
}
