//! The official Node SDK against the bundled server: `sdk/node/check.mjs` drives storage (the
//! SDK's chunked upload, downloads, previews), file tokens, databases, teams, sessions, JWTs
//! and the Users service (labels, prefs, status, server-made sessions, tokens and JWTs, and
//! password-hash imports signing in as clients) through the SDK's own code. The SDK (pinned in
//! `sdk/node/package-lock.json`) is installed with `npm ci` on first use. The check must also
//! fail against faults that break what the SDK relies on.

use std::path::Path;
use std::process::{Command, Output};
use std::sync::OnceLock;
use std::time::Duration;

const KEY: &str = "sdk-check-key";
const PROJECT: &str = "sdkcheck";
/// The check moves 15 MiB a few times and takes seconds; anything near this is a hang.
const CHECK_BOUND: Duration = Duration::from_secs(120);

fn sdk_dir() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/sdk/node"))
}

/// Installs the pinned SDK once per test run (the tests here run in parallel).
fn install_sdk() {
    static INSTALLED: OnceLock<()> = OnceLock::new();
    INSTALLED.get_or_init(|| {
        if sdk_dir().join("node_modules/node-appwrite").is_dir() {
            return;
        }
        let output = Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund"])
            .current_dir(sdk_dir())
            .output()
            .unwrap_or_else(|e| panic!("cannot run npm (Node.js and npm are needed for the SDK check): {e}"));
        assert!(
            output.status.success(),
            "command: npm ci (in {})\nexit: {:?}\n--- stderr ---\n{}",
            sdk_dir().display(),
            output.status.code(),
            String::from_utf8_lossy(&output.stderr)
        );
    });
}

/// Runs the check against a bundled server started with the named faults; returns a
/// description of the run (command, exit, stdout, stderr) with its output.
async fn check_against(faults: &[&str]) -> (String, Output) {
    install_sdk();
    let data = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
    let config = conform_reference::Config {
        project_id: PROJECT.into(),
        api_keys: vec![conform_reference::ApiKey::all_scopes(KEY)],
        data_dir: data.path().to_path_buf(),
        listen: std::net::SocketAddr::from(([127, 0, 0, 1], 0)),
        rate_limit_window_scale: 1.0,
        platforms: conform_reference::config::default_platforms(),
        faults: faults.iter().map(|f| f.to_string()).collect(),
    };
    let server = conform_reference::start(config).await.unwrap_or_else(|e| panic!("starting the bundled server: {e}"));
    let endpoint = format!("http://{}/v1", server.addr);
    let mut node = tokio::process::Command::new("node");
    node.arg("check.mjs")
        .current_dir(sdk_dir())
        .env("APPWRITE_ENDPOINT", &endpoint)
        .env("APPWRITE_PROJECT", PROJECT)
        .env("APPWRITE_API_KEY", KEY)
        .kill_on_drop(true);
    let output = tokio::time::timeout(CHECK_BOUND, node.output())
        .await
        .unwrap_or_else(|_| panic!("node check.mjs took over {} s against {endpoint} (faults {faults:?})", CHECK_BOUND.as_secs()))
        .unwrap_or_else(|e| panic!("cannot run node: {e}"));
    server.shutdown().await;
    let described = format!(
        "command: node sdk/node/check.mjs against {endpoint} (faults {faults:?})\nexit: {:?}\n--- stdout ---\n{}\n--- stderr ---\n{}",
        output.status.code(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (described, output)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_node_sdk_drives_every_covered_service_against_the_bundled_server() {
    let (described, output) = check_against(&[]).await;
    assert!(output.status.success(), "{described}");
}

/// The check exits 1 (not 0, not a crash of the check itself) and names the failing check.
async fn fails_against(fault: &str, failing_check: &str) {
    let (described, output) = check_against(&[fault]).await;
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "the check should fail against {fault}\n{described}");
    assert!(
        stdout.lines().any(|l| l.starts_with("FAIL") && l.contains(failing_check)),
        "expected a FAIL line naming {failing_check:?}\n{described}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_node_check_fails_when_the_file_signature_is_wrong() {
    fails_against("file-signature-wrong", "its signature is the MD5 of the content").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_node_check_fails_when_chunks_land_at_the_wrong_offset() {
    fails_against("chunks-stored-at-swapped-offsets", "the download is byte-identical").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_node_check_fails_when_responses_lose_their_content_type() {
    fails_against("content-type-dropped", "the SDK read the answer as text, not JSON").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_node_check_fails_when_a_model_field_is_renamed() {
    fails_against("model-field-renamed", "$createdAt is a datetime").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_node_check_fails_when_a_sha_import_ignores_its_version() {
    fails_against("users-sha-version-ignored", "sha (passwordVersion sha256): the original password signs in").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_node_check_fails_when_a_blocked_user_is_still_served() {
    fails_against("users-blocked-still-served", "a blocked user's session is refused").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_node_check_fails_when_labels_are_renamed() {
    fails_against("users-labels-renamed", "users.updateLabels: the user carries its labels").await;
}
