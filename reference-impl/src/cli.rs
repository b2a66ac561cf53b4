//! Command-line flags of the `conform-reference` binary, reusable by `conform serve`.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::Args;

use crate::config::{ApiKey, Config};

/// Serve the conform reference server (a minimal Appwrite-compatible API).
#[derive(Args, Debug, Clone)]
pub struct ServeArgs {
    /// Address to listen on (port 0 picks a free port).
    #[arg(long, env = "CONFORM_REFERENCE_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,

    /// Directory for the SQLite database (created if missing; data survives restarts).
    #[arg(long, env = "CONFORM_REFERENCE_DATA", default_value = "./conform-reference-data")]
    pub data: PathBuf,

    /// The project ID clients must send in X-Appwrite-Project.
    #[arg(long, env = "CONFORM_REFERENCE_PROJECT", default_value = "conform")]
    pub project: String,

    /// An API key secret granting every scope. Repeat the flag (or separate with commas in
    /// the environment variable) for several keys.
    #[arg(long = "api-key", env = "CONFORM_REFERENCE_API_KEY", value_delimiter = ',', required = true)]
    pub api_keys: Vec<String>,

    /// Multiplies every rate-limit window (1.0 = documented windows; 0.01 turns 60 s into
    /// 0.6 s). Limits themselves never change.
    #[arg(long, env = "CONFORM_REFERENCE_RATE_LIMIT_WINDOW_SCALE", default_value_t = 1.0, value_parser = positive_scale)]
    pub rate_limit_window_scale: f64,

    /// The hostname of a Web platform registered on the project (repeatable, or
    /// comma-separated in the environment variable): browsers on other hosts are refused.
    /// `*.example.com` admits its subdomains, `*` every host.
    #[arg(long = "platform", value_name = "HOSTNAME", env = "CONFORM_REFERENCE_PLATFORMS", value_delimiter = ',', default_values_t = crate::config::default_platforms())]
    pub platforms: Vec<String>,

    /// Break the contract on purpose with a fault from the catalogue (repeatable; see
    /// `conform selfcheck --list`). For testing test suites, never for real use.
    #[arg(long = "fault", value_name = "NAME", env = "CONFORM_REFERENCE_FAULTS", value_delimiter = ',')]
    pub faults: Vec<String>,
}

fn positive_scale(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if v.is_finite() && v > 0.0 => Ok(v),
        _ => Err(format!("`{s}` is not a positive number")),
    }
}

impl ServeArgs {
    pub fn config(&self) -> Config {
        Config {
            project_id: self.project.clone(),
            api_keys: self.api_keys.iter().map(ApiKey::all_scopes).collect(),
            data_dir: self.data.clone(),
            listen: self.listen,
            rate_limit_window_scale: self.rate_limit_window_scale,
            platforms: self.platforms.iter().map(|p| p.trim().to_lowercase()).filter(|p| !p.is_empty()).collect(),
            faults: self.faults.clone(),
        }
    }
}

/// Serves until Ctrl-C (or SIGTERM on Unix), then shuts down gracefully.
pub async fn serve(args: ServeArgs) -> anyhow::Result<()> {
    let server = crate::server::start(args.config()).await?;
    eprintln!("conform-reference listening on http://{}/v1 (project `{}`, data in {})", server.addr, args.project, args.data.display());
    if !args.faults.is_empty() {
        eprintln!("conform-reference: breaking the contract on purpose with: {}", args.faults.join(", "));
    }
    shutdown_signal().await;
    eprintln!("conform-reference: shutting down");
    server.shutdown().await;
    Ok(())
}

async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
