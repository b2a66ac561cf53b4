//! Lets testcontainers speak to Docker daemons older than its client.
//!
//! testcontainers (through bollard) puts its API version in every path (`/v1.53/containers/…`)
//! and never negotiates, and a daemon refuses a version newer than its own ("client version
//! 1.53 is too new. Maximum supported API version is 1.41": Debian 12's `docker.io` is 20.10).
//! When the daemon is older, a relay on a private Unix socket rewrites the version in each
//! request line to the daemon's and passes everything else through untouched, and
//! `DOCKER_HOST` names the relay for this process. Fields the old API does not know are
//! ignored by the daemon; the features conform uses (create, start, inspect, logs, remove,
//! port publishing, bind mounts) are all in API 1.41.

use anyhow::Context;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{UnixListener, UnixStream};

/// The API version testcontainers' client sends.
fn client_version() -> (u32, u32) {
    let v = testcontainers::bollard::API_DEFAULT_VERSION;
    (v.major_version as u32, v.minor_version as u32)
}

/// The daemon `DOCKER_HOST` names (or Docker's default socket), as a Unix socket path; `None`
/// for daemons reached over TCP, which testcontainers then talks to as they are.
pub fn daemon_socket() -> anyhow::Result<Option<PathBuf>> {
    match std::env::var("DOCKER_HOST") {
        Ok(host) if !host.is_empty() => Ok(host.strip_prefix("unix://").map(PathBuf::from)),
        _ => Ok(Some(PathBuf::from("/var/run/docker.sock"))),
    }
}

static RELAY: OnceLock<Result<(), String>> = OnceLock::new();

/// Makes sure testcontainers can speak to the daemon: asks its API version and, when it is
/// older than the client's, starts the relay (once per process) and points `DOCKER_HOST` at it.
pub fn ensure_compatible() -> anyhow::Result<()> {
    RELAY.get_or_init(|| start_relay_if_needed().map_err(|e| format!("{e:#}"))).clone().map_err(anyhow::Error::msg)
}

fn start_relay_if_needed() -> anyhow::Result<()> {
    let Some(socket) = daemon_socket()? else { return Ok(()) };
    anyhow::ensure!(
        socket.exists(),
        "no Docker daemon: {} does not exist (set DOCKER_HOST to the daemon's socket, e.g. unix:///run/docker.sock)",
        socket.display()
    );
    // The relay and the version check run on a thread of their own, so the relay outlives any
    // one async runtime (each #[tokio::test] has its own).
    let (ready_tx, ready_rx) = std::sync::mpsc::channel::<anyhow::Result<Option<PathBuf>>>();
    let daemon = socket.clone();
    std::thread::Builder::new().name("docker-api-relay".into()).spawn(move || {
        let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
            Ok(rt) => rt,
            Err(e) => {
                let _ = ready_tx.send(Err(e.into()));
                return;
            }
        };
        runtime.block_on(async move {
            let version = match daemon_version(&daemon).await {
                Ok(v) => v,
                Err(e) => {
                    let _ = ready_tx.send(Err(e));
                    return;
                }
            };
            if version >= client_version() {
                let _ = ready_tx.send(Ok(None));
                return;
            }
            let dir = std::env::temp_dir().join(format!("conform-docker-relay-{}", std::process::id()));
            let _ = std::fs::remove_dir_all(&dir);
            let listener = match std::fs::create_dir_all(&dir).and_then(|_| UnixListener::bind(dir.join("docker.sock"))) {
                Ok(l) => l,
                Err(e) => {
                    let _ = ready_tx.send(Err(anyhow::anyhow!("binding the Docker API relay in {}: {e}", dir.display())));
                    return;
                }
            };
            let _ = ready_tx.send(Ok(Some(dir.join("docker.sock"))));
            let from = format!("/v{}.{}/", client_version().0, client_version().1);
            let to = format!("/v{}.{}/", version.0, version.1);
            loop {
                let Ok((client, _)) = listener.accept().await else { continue };
                let (daemon, from, to) = (daemon.clone(), from.clone(), to.clone());
                tokio::spawn(async move {
                    let _ = relay(client, &daemon, &from, &to).await;
                });
            }
        });
    })?;
    let relay = ready_rx.recv().context("the Docker API relay thread ended")??;
    if let Some(path) = relay {
        // Set once, before testcontainers makes its first client; nothing else reads it.
        std::env::set_var("DOCKER_HOST", format!("unix://{}", path.display()));
    }
    Ok(())
}

/// The daemon's highest API version, from `GET /version` (which needs no version in the path).
async fn daemon_version(socket: &Path) -> anyhow::Result<(u32, u32)> {
    let mut stream =
        UnixStream::connect(socket).await.with_context(|| format!("connecting to the Docker daemon at {}", socket.display()))?;
    stream.write_all(b"GET /version HTTP/1.0\r\nHost: docker\r\n\r\n").await?;
    let mut answer = String::new();
    tokio::time::timeout(std::time::Duration::from_secs(10), stream.read_to_string(&mut answer))
        .await
        .context("the Docker daemon did not answer GET /version within 10 s")??;
    let body = answer.split_once("\r\n\r\n").map(|(_, b)| b).unwrap_or_default();
    let json: serde_json::Value =
        serde_json::from_str(body.trim()).with_context(|| format!("the Docker daemon's GET /version answer is not JSON: {answer:.200}"))?;
    let text = json["ApiVersion"].as_str().context("the Docker daemon's version has no ApiVersion")?;
    parse_version(text).with_context(|| format!("the Docker daemon's ApiVersion {text:?} is not MAJOR.MINOR"))
}

fn parse_version(text: &str) -> Option<(u32, u32)> {
    let (major, minor) = text.split_once('.')?;
    Some((major.parse().ok()?, minor.parse().ok()?))
}

/// One connection: the request head with the version rewritten and `Connection: close` (so the
/// next request comes on a new connection and is rewritten too), then bytes both ways.
async fn relay(client: UnixStream, daemon: &Path, from: &str, to: &str) -> std::io::Result<()> {
    let mut client = BufReader::new(client);
    let mut head = Vec::new();
    loop {
        let mut line = Vec::new();
        if client.read_until(b'\n', &mut line).await? == 0 {
            return Ok(());
        }
        let text = String::from_utf8_lossy(&line).to_string();
        let blank = text == "\r\n" || text == "\n";
        if head.is_empty() {
            head.extend_from_slice(text.replacen(from, to, 1).as_bytes());
        } else if blank {
            head.extend_from_slice(b"Connection: close\r\n\r\n");
            break;
        } else if !text.to_ascii_lowercase().starts_with("connection:") {
            head.extend_from_slice(&line);
        }
    }
    let mut upstream = UnixStream::connect(daemon).await?;
    upstream.write_all(&head).await?;
    // Whatever the reader buffered past the head (the start of a body) goes first.
    let buffered = client.buffer().to_vec();
    upstream.write_all(&buffered).await?;
    let mut client = client.into_inner();
    tokio::io::copy_bidirectional(&mut client, &mut upstream).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_parse_and_compare() {
        assert_eq!(parse_version("1.41"), Some((1, 41)));
        assert!(parse_version("1.41").expect("parses") < (1, 53));
        assert_eq!(parse_version("banana"), None);
    }
}
