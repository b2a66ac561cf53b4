//! The official Python SDK against the bundled server: `sdk/python/check.py` drives storage
//! (a chunked upload it interrupts and resumes, downloads, previews), file tokens, databases,
//! teams, sessions, JWTs and the Users service (labels, prefs, status, server-made sessions,
//! tokens and JWTs, password-hash imports signing in as clients) through the SDK's own code and
//! strict response models.
//! The SDK (pinned with hashes in `sdk/python/requirements.txt`) is installed on first use into
//! a virtualenv under the target directory; only `python3` with `venv` and `pip` is needed.
//! The check must also fail against faults that break what the SDK relies on.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;
use std::time::Duration;

const KEY: &str = "sdk-check-key";
const PROJECT: &str = "sdkcheck";
/// The check moves 15 MiB a few times and takes seconds; anything near this is a hang.
const CHECK_BOUND: Duration = Duration::from_secs(120);

fn sdk_dir() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/sdk/python"))
}

fn venv_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("sdk-python-venv")
}

fn run(command: &mut Command) -> Output {
    let output = command.output().unwrap_or_else(|e| panic!("cannot run {command:?} (python3 with venv and pip is needed): {e}"));
    assert!(
        output.status.success(),
        "command: {command:?}\nexit: {:?}\n--- stdout ---\n{}\n--- stderr ---\n{}",
        output.status.code(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// The virtualenv's python, installing the pinned SDK once per test run. A copy of the
/// requirements it was installed from marks it complete, so a changed pin reinstalls.
fn python() -> &'static Path {
    static PYTHON: OnceLock<PathBuf> = OnceLock::new();
    PYTHON.get_or_init(|| {
        let venv = venv_dir();
        let python = venv.join("bin/python");
        let requirements = sdk_dir().join("requirements.txt");
        let wanted = std::fs::read_to_string(&requirements).unwrap_or_else(|e| panic!("reading {}: {e}", requirements.display()));
        let marker = venv.join("installed-requirements.txt");
        if std::fs::read_to_string(&marker).is_ok_and(|installed| installed == wanted) && python.is_file() {
            return python;
        }
        run(Command::new("python3").args(["-m", "venv", "--clear"]).arg(&venv));
        run(Command::new(&python)
            .args(["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--require-hashes", "--no-deps", "-r"])
            .arg(&requirements));
        std::fs::write(&marker, wanted).unwrap_or_else(|e| panic!("writing {}: {e}", marker.display()));
        python
    })
}

/// Runs the check against a bundled server started with the named faults.
async fn check_against(faults: &[&str]) -> (String, Output) {
    let python = python();
    let data = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
    let names: Vec<String> = faults.iter().map(|f| f.to_string()).collect();
    let config = conform_reference::Config {
        project_id: PROJECT.into(),
        api_keys: vec![conform_reference::ApiKey::all_scopes(KEY)],
        data_dir: data.path().to_path_buf(),
        listen: std::net::SocketAddr::from(([127, 0, 0, 1], 0)),
        rate_limit_window_scale: 1.0,
        platforms: conform_reference::config::default_platforms(),
        faults: names,
    };
    let server = conform_reference::start(config).await.unwrap_or_else(|e| panic!("starting the bundled server: {e}"));
    let endpoint = format!("http://{}/v1", server.addr);
    let mut check = tokio::process::Command::new(python);
    check
        .arg("check.py")
        .current_dir(sdk_dir())
        .env("APPWRITE_ENDPOINT", &endpoint)
        .env("APPWRITE_PROJECT", PROJECT)
        .env("APPWRITE_API_KEY", KEY)
        .kill_on_drop(true);
    let output = tokio::time::timeout(CHECK_BOUND, check.output())
        .await
        .unwrap_or_else(|_| panic!("python check.py took over {} s against {endpoint} (faults {faults:?})", CHECK_BOUND.as_secs()))
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", python.display()));
    server.shutdown().await;
    let described = format!(
        "command: {} sdk/python/check.py against {endpoint} (faults {faults:?})\nexit: {:?}\n--- stdout ---\n{}\n--- stderr ---\n{}",
        python.display(),
        output.status.code(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (described, output)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_python_sdk_drives_every_covered_service_against_the_bundled_server() {
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
async fn the_python_check_fails_when_the_file_signature_is_wrong() {
    fails_against("file-signature-wrong", "its signature is the MD5 of the content").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_python_check_fails_when_chunks_land_at_the_wrong_offset() {
    fails_against("chunks-stored-at-swapped-offsets", "the download is byte-identical").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_python_check_fails_when_responses_lose_their_content_type() {
    fails_against("content-type-dropped", "KeyError").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_python_check_fails_when_a_model_field_is_renamed() {
    fails_against("model-field-renamed", "$createdAt").await;
}

/// The crash a new user met: every delete answered 204 without a Content-Type.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_python_check_fails_when_a_204_has_no_content_type() {
    fails_against("no-content-unlabelled", "KeyError").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_python_check_fails_when_a_sha_import_ignores_its_version() {
    fails_against("users-sha-version-ignored", "sha (password_version sha256): the original password signs in").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_python_check_fails_when_a_blocked_user_is_still_served() {
    fails_against("users-blocked-still-served", "a blocked user's session is refused").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_python_check_fails_when_labels_are_renamed() {
    fails_against("users-labels-renamed", "users.update_labels: the user carries its labels").await;
}
