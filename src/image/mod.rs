//! A target started from a container image (`conform run --image`, `conform load --image`):
//! start it with testcontainers, wait until it answers, keep its logs, remove it.
//!
//! CI pipelines that gate a release hold an image, not a running server. The container gets
//! the project and key as `APPWRITE_PROJECT` and `APPWRITE_API_KEY` (plus every `--image-env`),
//! its port published on a random host port, and is removed after the run, on Ctrl-C and on a
//! failed start too; its stdout and stderr go into the run's report folder.

mod api_version;

use anyhow::Context;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use testcontainers::core::{ContainerPort, Mount};
use testcontainers::runners::AsyncRunner;
use testcontainers::{ContainerAsync, GenericImage, ImageExt};

pub use api_version::daemon_socket;

/// How many of the container's last log lines an error about it quotes.
pub const LOG_LINES_QUOTED: usize = 20;

/// The routes the health wait asks, in order, like the pre-flight: any 2xx from the first, or
/// from the ping when the first is 404, means the server is up.
const HEALTH_ROUTES: [&str; 2] = ["/health/version", "/ping"];

/// What to start and how.
#[derive(Clone, Debug)]
pub struct ImageSpec {
    /// `name[:tag]`, e.g. `registry.example/their-server:candidate` (tag `latest` when none).
    pub image: String,
    /// The port the server listens on inside the container.
    pub port: u16,
    /// Passed to the container as they are, after `APPWRITE_PROJECT` and `APPWRITE_API_KEY`.
    pub env: Vec<(String, String)>,
    /// Host folders mounted into the container (`HOST:CONTAINER`), for data that must persist.
    pub volumes: Vec<(PathBuf, String)>,
    /// The project and key the suite uses, given to the container through the environment.
    pub project: String,
    pub api_key: String,
    /// How long the server may take to answer its health route.
    pub start_timeout: Duration,
}

/// A started container whose server answered.
pub struct RunningImage {
    container: ContainerAsync<GenericImage>,
    /// `http://127.0.0.1:<published port>/v1`.
    pub endpoint: String,
    pub image: String,
}

/// `KEY=VALUE` of `--image-env`.
pub fn parse_env(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((key, value)) if !key.is_empty() => Ok((key.to_string(), value.to_string())),
        _ => Err(format!("{text:?} is not KEY=VALUE")),
    }
}

/// `HOST:CONTAINER` of `--image-volume`; the host folder is made absolute (Docker needs that).
pub fn parse_volume(text: &str) -> Result<(PathBuf, String), String> {
    match text.rsplit_once(':') {
        Some((host, container)) if !host.is_empty() && container.starts_with('/') => {
            let host = std::path::absolute(host).map_err(|e| format!("{host:?}: {e}"))?;
            Ok((host, container.to_string()))
        }
        _ => Err(format!("{text:?} is not HOST:CONTAINER (a host folder and an absolute path in the container)")),
    }
}

/// `name[:tag]` split for testcontainers; a colon before the last `/` belongs to a registry's port.
fn name_and_tag(image: &str) -> (String, String) {
    let last_slash = image.rfind('/').map_or(0, |i| i + 1);
    match image[last_slash..].rsplit_once(':') {
        Some((name, tag)) => (format!("{}{name}", &image[..last_slash]), tag.to_string()),
        None => (image.to_string(), "latest".to_string()),
    }
}

/// Starts the image and waits until its server answers the health route. A container that
/// exits, or does not answer within `start_timeout`, is removed; the error names what was
/// asked and what happened, quotes its last log lines and keeps the whole logs in
/// `<reports>/image-<id>/`.
pub async fn start(spec: &ImageSpec, reports: &Path) -> anyhow::Result<RunningImage> {
    api_version::ensure_compatible()?;
    let (name, tag) = name_and_tag(&spec.image);
    let mut request = GenericImage::new(name, tag)
        .with_exposed_port(ContainerPort::Tcp(spec.port))
        .with_env_var("APPWRITE_PROJECT", &spec.project)
        .with_env_var("APPWRITE_API_KEY", &spec.api_key)
        .with_label("conform.managed", "true");
    for (key, value) in &spec.env {
        request = request.with_env_var(key, value);
    }
    for (host, inside) in &spec.volumes {
        std::fs::create_dir_all(host).with_context(|| format!("creating the volume folder {}", host.display()))?;
        request = request.with_mount(Mount::bind_mount(host.display().to_string(), inside));
    }
    let container = request.start().await.with_context(|| format!("starting a container of {}", spec.image))?;
    let running = match container.get_host_port_ipv4(ContainerPort::Tcp(spec.port)).await {
        Ok(port) => RunningImage { container, endpoint: format!("http://127.0.0.1:{port}/v1"), image: spec.image.clone() },
        Err(e) => {
            // A container that exits at once has no port mappings left to ask about: say it stopped.
            let error = if container.is_running().await.unwrap_or(true) {
                anyhow::anyhow!("the container of {} publishes no port {}: {e}", spec.image, spec.port)
            } else {
                let code = container.exit_code().await.ok().flatten();
                anyhow::anyhow!(
                    "the container of {} stopped (exit code {}) before its server answered",
                    spec.image,
                    code.map_or("unknown".to_string(), |c| c.to_string())
                )
            };
            return Err(fail_start(container, &spec.image, error, reports).await);
        }
    };
    match wait_until_healthy(&running, &spec.project, spec.start_timeout).await {
        Ok(()) => Ok(running),
        Err(error) => Err(fail_start(running.container, &spec.image, error, reports).await),
    }
}

/// Polls the health route until a 2xx; stops early when the container is no longer running.
async fn wait_until_healthy(running: &RunningImage, project: &str, timeout: Duration) -> anyhow::Result<()> {
    let started = Instant::now();
    let client = reqwest::Client::builder().timeout(Duration::from_secs(2)).build()?;
    let mut last = String::from("nothing asked yet");
    while started.elapsed() < timeout {
        for route in HEALTH_ROUTES {
            let url = format!("{}{route}", running.endpoint);
            match client.get(&url).header("x-appwrite-project", project).send().await {
                Ok(answer) if answer.status().is_success() => return Ok(()),
                Ok(answer) if answer.status().as_u16() == 404 => last = format!("GET /v1{route} answered 404"),
                Ok(answer) => {
                    last = format!("GET /v1{route} answered {}", answer.status().as_u16());
                    break;
                }
                Err(e) => {
                    last = format!("GET /v1{route}: {}", describe(&e));
                    break;
                }
            }
        }
        if !running.container.is_running().await.unwrap_or(false) {
            let code = running.container.exit_code().await.ok().flatten();
            anyhow::bail!(
                "the container of {} stopped (exit code {}) before its server answered (last: {last})",
                running.image,
                code.map_or("unknown".to_string(), |c| c.to_string())
            );
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    anyhow::bail!(
        "the container of {} did not become healthy within {} s: GET /v1/health/version (or /v1/ping) never answered 2xx (last: {last})",
        running.image,
        timeout.as_secs()
    )
}

/// What a failed health request met, in words: refused, timed out, or reqwest's chain of causes.
fn describe(error: &reqwest::Error) -> String {
    if error.is_connect() {
        return "could not connect".to_string();
    }
    if error.is_timeout() {
        return "no answer within 2 s".to_string();
    }
    let mut text = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text.push_str(&format!(": {cause}"));
        source = cause.source();
    }
    text
}

/// Docker's short form of a container id: its first 12 characters.
pub fn short_id(id: &str) -> &str {
    &id[..12.min(id.len())]
}

/// Where a container's logs go when no run report folder holds them: `<reports>/image-<short id>`.
pub fn log_dir(reports: &Path, id: &str) -> PathBuf {
    reports.join(format!("image-{}", short_id(id)))
}

/// Keeps the logs of a container that did not come up, removes it, and returns `error` with
/// its last log lines and where the rest is.
async fn fail_start(container: ContainerAsync<GenericImage>, image: &str, error: anyhow::Error, reports: &Path) -> anyhow::Error {
    let logs = Logs::read(&container).await;
    let dir = log_dir(reports, container.id());
    let kept = logs.write(&dir).map(|_| format!("; its whole logs are in {}", dir.display())).unwrap_or_default();
    let _ = container.rm().await;
    anyhow::anyhow!(
        "{error:#}; no scenario was run{kept}\nthe last {LOG_LINES_QUOTED} log lines of {image}:\n{}",
        logs.tail(LOG_LINES_QUOTED)
    )
}

impl RunningImage {
    pub fn id(&self) -> &str {
        self.container.id()
    }

    /// Writes the container's stdout and stderr into each of `dirs`, then removes it.
    pub async fn remove_keeping_logs(self, dirs: &[PathBuf]) -> anyhow::Result<()> {
        let logs = Logs::read(&self.container).await;
        let mut kept = Ok(());
        for dir in dirs {
            if let Err(e) = logs.write(dir) {
                kept = Err(e);
            }
        }
        self.container.rm().await.with_context(|| format!("removing the container of {}", self.image))?;
        kept
    }
}

/// A container's output so far.
struct Logs {
    stdout: Vec<u8>,
    stderr: Vec<u8>,
}

/// The files in a report folder that hold a container's output.
pub const STDOUT_FILE: &str = "container.stdout.log";
pub const STDERR_FILE: &str = "container.stderr.log";

impl Logs {
    async fn read(container: &ContainerAsync<GenericImage>) -> Logs {
        let stdout = container.stdout_to_vec().await.unwrap_or_else(|e| format!("(could not read stdout: {e})\n").into_bytes());
        let stderr = container.stderr_to_vec().await.unwrap_or_else(|e| format!("(could not read stderr: {e})\n").into_bytes());
        Logs { stdout, stderr }
    }

    fn write(&self, dir: &Path) -> anyhow::Result<()> {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        std::fs::write(dir.join(STDOUT_FILE), &self.stdout)?;
        std::fs::write(dir.join(STDERR_FILE), &self.stderr)?;
        Ok(())
    }

    /// The last `n` lines of stderr and stdout together (servers log to either).
    fn tail(&self, n: usize) -> String {
        let text = format!("{}{}", String::from_utf8_lossy(&self.stdout), String::from_utf8_lossy(&self.stderr));
        let lines: Vec<&str> = text.lines().collect();
        match lines.len() {
            0 => "  (it wrote nothing)".to_string(),
            len => lines[len.saturating_sub(n)..].iter().map(|l| format!("  {l}")).collect::<Vec<_>>().join("\n"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn image_names_split_into_name_and_tag() {
        assert_eq!(name_and_tag("conform-reference:local"), ("conform-reference".into(), "local".into()));
        assert_eq!(name_and_tag("registry:5000/their-server"), ("registry:5000/their-server".into(), "latest".into()));
        assert_eq!(name_and_tag("registry:5000/team/server:candidate"), ("registry:5000/team/server".into(), "candidate".into()));
    }

    #[test]
    fn env_and_volume_flags_parse() {
        assert_eq!(parse_env("A=b=c"), Ok(("A".into(), "b=c".into())));
        assert!(parse_env("=x").is_err() && parse_env("novalue").is_err());
        let (host, inside) = parse_volume("data:/data").expect("parses");
        assert!(host.is_absolute() && host.ends_with("data") && inside == "/data");
        assert!(parse_volume("data").is_err() && parse_volume("data:relative").is_err());
    }
}
