//! What the container tests (`tests/containers_*.rs`) share: is there a Docker daemon, the
//! reference server's image built from this checkout, and the `docker` CLI for what
//! testcontainers does not do (kill, pause, listing what is left).
//!
//! Without a daemon each test prints one line `skipped: <test>: <why>` and returns; with
//! `CONFORM_REQUIRE_DOCKER=1` (set by `.ci/run`) that is a failure instead, so CI cannot pass
//! by skipping them.

#![allow(dead_code)] // each test file uses a part

use std::process::{Command, Output};
use std::sync::OnceLock;

/// The tag the tests build the reference server's image under.
pub const REFERENCE_IMAGE: &str = "conform-reference:test";

/// `Some(())` when a Docker daemon answers; otherwise prints why the test is skipped (or fails
/// it when `CONFORM_REQUIRE_DOCKER=1`) and returns `None`.
pub fn available(test: &str) -> Option<()> {
    static DAEMON: OnceLock<Result<(), String>> = OnceLock::new();
    match DAEMON.get_or_init(daemon_answers) {
        Ok(()) => Some(()),
        Err(why) if std::env::var("CONFORM_REQUIRE_DOCKER").as_deref() == Ok("1") => {
            panic!("{test}: needs Docker and CONFORM_REQUIRE_DOCKER=1, but {why}")
        }
        Err(why) => {
            println!("skipped: {test}: {why}");
            None
        }
    }
}

fn daemon_answers() -> Result<(), String> {
    match conform::image::daemon_socket() {
        Ok(Some(socket)) if !socket.exists() => {
            return Err(format!(
                "no Docker daemon ({} does not exist; set DOCKER_HOST, e.g. from tools/dockerd.sh start)",
                socket.display()
            ))
        }
        Err(e) => return Err(format!("{e:#}")),
        _ => {}
    }
    let out = Command::new("docker").args(["version", "--format", "{{.Server.Version}}"]).output();
    match out {
        Ok(out) if out.status.success() => Ok(()),
        Ok(out) => Err(format!("the Docker daemon does not answer: {}", String::from_utf8_lossy(&out.stderr).trim())),
        Err(e) => Err(format!("no docker CLI: {e}")),
    }
}

/// Builds [`REFERENCE_IMAGE`] from this checkout once per test binary (`deploy/docker/build.sh`,
/// which does nothing when the image already holds the current binary) and returns its tag.
pub fn reference_image() -> &'static str {
    static BUILT: OnceLock<Result<(), String>> = OnceLock::new();
    let built = BUILT.get_or_init(|| {
        let out = Command::new("bash")
            .arg("deploy/docker/build.sh")
            .arg(REFERENCE_IMAGE)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .output()
            .map_err(|e| format!("running deploy/docker/build.sh: {e}"))?;
        if out.status.success() {
            Ok(())
        } else {
            Err(format!("deploy/docker/build.sh failed:\n{}", String::from_utf8_lossy(&out.stderr)))
        }
    });
    if let Err(e) = built {
        panic!("{e}");
    }
    REFERENCE_IMAGE
}

/// `docker <args>`, its output (the test fails when the CLI cannot run at all).
pub fn docker(args: &[&str]) -> Output {
    Command::new("docker").args(args).output().unwrap_or_else(|e| panic!("docker {}: {e}", args.join(" ")))
}

/// `docker <args>` that must succeed.
pub fn docker_ok(args: &[&str]) -> String {
    let out = docker(args);
    assert!(out.status.success(), "docker {} failed: {}", args.join(" "), String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// Every container (running or not) whose ID starts with `id`: after a run, none may be left.
pub fn containers_with_id(id: &str) -> Vec<String> {
    docker_ok(&["ps", "-a", "--no-trunc", "--format", "{{.ID}}"]).lines().filter(|l| l.starts_with(id)).map(str::to_string).collect()
}

/// The key every container of the reference image is started with, and the arguments that
/// start it through `conform run|load --image`: project, key, and the key handed to the server
/// (its own variable, `CONFORM_REFERENCE_API_KEY`), its rate-limit windows as short as the
/// bundled server's.
pub const KEY: &str = "conform-container-tests-key-0123456789";

pub fn image_args() -> Vec<String> {
    [
        "--image",
        reference_image(),
        "--project",
        "conform",
        "--key",
        KEY,
        "--image-env",
        &format!("CONFORM_REFERENCE_API_KEY={KEY}"),
        "--image-env",
        "CONFORM_REFERENCE_RATE_LIMIT_WINDOW_SCALE=0.2",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}
