//! Where the server under test is: the bundled reference server started in-process,
//! or any server named by endpoint, project and key.

use anyhow::Context;
use std::collections::BTreeSet;

/// The bundled server runs its rate-limit windows 5× faster (60 s → 12 s, 1 h → 12 min), so
/// scenarios that wait for a window to reset finish within the 15 s a scenario waits. Counts
/// stay the documented ones. Shorter windows (3 s once) made 121-request bursts straddle a
/// window on a loaded machine, failing scenarios for the harness's sake, not the server's.
pub const BUNDLED_WINDOW_SCALE: f64 = 0.2;
pub const BUNDLED_PROJECT: &str = "conform";

/// What a target can do beyond the contract, for `@needs:<capability>` scenarios.
pub const CAPABILITIES: &[(&str, &str)] = &[
    ("fast-rate-windows", "rate-limit windows short enough (under 15 s for per-minute limits) that a scenario can wait for one to reset"),
    (
        "email-delivery",
        "email delivery (SMTP) configured, so a session may send team invitations (without it Appwrite answers 503 general_smtp_disabled)",
    ),
    ("large-files", "a storage limit (_APP_STORAGE_LIMIT) of at least 100 MiB, so a bucket may take a 104857600-byte file"),
    (
        "localhost-platform",
        "a Web platform with hostname localhost on the project (or localhost as _APP_DOMAIN), so a client request from Origin http://localhost is served",
    ),
];

pub struct Target {
    pub endpoint: String,
    pub project: String,
    pub api_key: String,
    pub capabilities: BTreeSet<String>,
    /// The bundled server's key holding only [`crate::world::READ_ONLY_SCOPES`].
    pub read_only_key: Option<String>,
    /// Keeps the bundled server and its data directory alive for the run.
    bundled: Option<(conform_reference::RunningServer, tempfile::TempDir)>,
    /// The container of `--image`, removed at shutdown.
    container: Option<crate::image::RunningImage>,
}

impl Target {
    pub fn remote(endpoint: &str, project: &str, api_key: &str, capabilities: &[String]) -> anyhow::Result<Self> {
        let endpoint = endpoint.trim_end_matches('/').to_string();
        anyhow::ensure!(
            endpoint.starts_with("http://") || endpoint.starts_with("https://"),
            "--endpoint must be an http(s) URL such as http://localhost/v1, got {endpoint:?}"
        );
        for capability in capabilities {
            anyhow::ensure!(
                CAPABILITIES.iter().any(|(name, _)| name == capability),
                "unknown capability {capability:?}; known: {}",
                CAPABILITIES.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", ")
            );
        }
        Ok(Target {
            endpoint,
            project: project.to_string(),
            api_key: api_key.to_string(),
            capabilities: capabilities.iter().cloned().collect(),
            read_only_key: None,
            bundled: None,
            container: None,
        })
    }

    /// Starts `spec`'s image and waits until its server answers (see [`crate::image::start`]);
    /// the target is that container, with the declared capabilities, like a remote one.
    pub async fn from_image(spec: &crate::image::ImageSpec, capabilities: &[String], reports: &std::path::Path) -> anyhow::Result<Self> {
        // Checked before a container is started for nothing.
        let mut target = Target::remote("http://127.0.0.1/v1", &spec.project, &spec.api_key, capabilities)?;
        let container = crate::image::start(spec, reports).await?;
        target.endpoint = container.endpoint.clone();
        target.container = Some(container);
        Ok(target)
    }

    /// The container of `--image`, if the target is one.
    pub fn container(&self) -> Option<&crate::image::RunningImage> {
        self.container.as_ref()
    }

    /// Starts the reference server on 127.0.0.1 with a random port, a fresh data
    /// directory and a random API key holding every scope.
    pub async fn bundled() -> anyhow::Result<Self> {
        Target::bundled_with_faults(Vec::new(), BUNDLED_WINDOW_SCALE).await
    }

    /// [`Target::bundled`] breaking the contract with the named faults from
    /// `conform_reference::faults`, its rate-limit windows scaled by `window_scale`
    /// (for `conform selfcheck`).
    pub async fn bundled_with_faults(faults: Vec<String>, window_scale: f64) -> anyhow::Result<Self> {
        let data = tempfile::Builder::new().prefix("conform-data-").tempdir()?;
        let api_key = format!("conform-{}", crate::ids::random_alnum(40));
        let read_only_key = format!("conform-ro-{}", crate::ids::random_alnum(40));
        let config = conform_reference::Config {
            project_id: BUNDLED_PROJECT.to_string(),
            api_keys: vec![
                conform_reference::ApiKey::all_scopes(api_key.clone()),
                conform_reference::ApiKey {
                    secret: read_only_key.clone(),
                    scopes: crate::world::READ_ONLY_SCOPES.iter().map(|s| s.to_string()).collect(),
                },
            ],
            data_dir: data.path().to_path_buf(),
            listen: "127.0.0.1:0".parse()?,
            rate_limit_window_scale: window_scale,
            platforms: conform_reference::config::default_platforms(),
            faults,
        };
        let server = conform_reference::start(config).await.context("starting the bundled reference server")?;
        Ok(Target {
            endpoint: format!("http://{}/v1", server.addr),
            project: BUNDLED_PROJECT.to_string(),
            api_key,
            capabilities: CAPABILITIES.iter().map(|(n, _)| n.to_string()).collect(),
            read_only_key: Some(read_only_key),
            bundled: Some((server, data)),
            container: None,
        })
    }

    pub fn is_bundled(&self) -> bool {
        self.bundled.is_some()
    }

    pub async fn shutdown(self) {
        self.shutdown_keeping_logs(&[]).await;
    }

    /// [`Target::shutdown`], first writing a container's stdout and stderr into each of
    /// `log_dirs` (the run's report folders); a container that cannot be removed is named on stderr.
    pub async fn shutdown_keeping_logs(self, log_dirs: &[std::path::PathBuf]) {
        if let Some((server, _data)) = self.bundled {
            server.shutdown().await;
        }
        if let Some(container) = self.container {
            let id = container.id().to_string();
            if let Err(e) = container.remove_keeping_logs(log_dirs).await {
                eprintln!("conform: the container {id} of the target: {e:#}");
            }
        }
    }
}
