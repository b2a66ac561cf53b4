//! The official Node SDK against the bundled server: `sdk/node/check.mjs` uploads a file in
//! chunks the way node-appwrite sends them, downloads it, and shares it through a file token.
//! The SDK (pinned in `sdk/node/package-lock.json`) is installed with `npm ci` on first use.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

const KEY: &str = "sdk-check-key";
const PROJECT: &str = "sdkcheck";
/// The check moves 15 MiB a few times; anything near this is a hang.
const CHECK_BOUND: Duration = Duration::from_secs(120);

fn sdk_dir() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/sdk/node"))
}

fn install_sdk() {
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
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_node_sdk_uploads_in_chunks_downloads_and_shares_a_file_with_a_token() {
    install_sdk();
    let data = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
    let config = conform_reference::Config {
        project_id: PROJECT.into(),
        api_keys: vec![conform_reference::ApiKey::all_scopes(KEY)],
        data_dir: data.path().to_path_buf(),
        listen: std::net::SocketAddr::from(([127, 0, 0, 1], 0)),
        rate_limit_window_scale: 1.0,
        faults: Vec::new(),
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
        .unwrap_or_else(|_| panic!("node check.mjs took over {} s against {endpoint}", CHECK_BOUND.as_secs()))
        .unwrap_or_else(|e| panic!("cannot run node: {e}"));
    server.shutdown().await;
    assert!(
        output.status.success(),
        "command: node sdk/node/check.mjs against {endpoint}\nexit: {:?}\n--- stdout ---\n{}\n--- stderr ---\n{}",
        output.status.code(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}
