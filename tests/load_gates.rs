//! `conform load` end to end against small servers made to misbehave: one that corrupts a
//! chunk of what it stores (the correctness sampler must catch it), one that answers
//! slowly (the baseline gate must fail the run), and the bundled reference server on
//! `GET /v1/ping` in both models. No assertion depends on how fast this machine is: the
//! slowed server is slower by a ratio far beyond the gate's threshold.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::{delete, get, post};
use axum::Router;
use conform::load::{baseline::Thresholds, LoadOptions};
use conform::target::Target;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// A minimal stand-in for Appwrite's Storage routes used by the upload transaction.
#[derive(Clone, Default)]
struct Fake {
    files: Arc<Mutex<HashMap<String, Vec<u8>>>>,
    /// Flip a byte in the second chunk of every stored file.
    corrupt_chunk: Option<usize>,
    /// Answer every request this much later.
    delay: Duration,
}

async fn fake_ping(State(fake): State<Fake>) -> &'static str {
    tokio::time::sleep(fake.delay).await;
    "Pong!"
}

async fn fake_create_bucket(body: Bytes) -> impl IntoResponse {
    let json: serde_json::Value = serde_json::from_slice(&body).unwrap_or_default();
    (StatusCode::CREATED, axum::Json(serde_json::json!({ "$id": json["bucketId"] })))
}

async fn fake_delete_bucket() -> StatusCode {
    StatusCode::NO_CONTENT
}

/// Reads the `fileId` and `file` parts of a multipart body (enough for reqwest's encoding).
fn multipart_parts(headers: &HeaderMap, body: &[u8]) -> HashMap<String, Vec<u8>> {
    let content_type = headers.get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("");
    let boundary = format!("--{}", content_type.split("boundary=").nth(1).unwrap_or("").trim());
    let mut parts = HashMap::new();
    let mut rest = body;
    while let Some(at) = find(rest, boundary.as_bytes()) {
        rest = &rest[at + boundary.len()..];
        let Some(head_end) = find(rest, b"\r\n\r\n") else { break };
        let head = String::from_utf8_lossy(&rest[..head_end]).to_string();
        let content = &rest[head_end + 4..];
        let Some(end) = find(content, boundary.as_bytes()) else { break };
        let value = content[..end.saturating_sub(2)].to_vec();
        if let Some(name) = head.split("name=\"").nth(1).and_then(|s| s.split('"').next()) {
            parts.insert(name.to_string(), value);
        }
        rest = &content[end..];
    }
    parts
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

async fn fake_upload(State(fake): State<Fake>, headers: HeaderMap, body: Bytes) -> impl IntoResponse {
    tokio::time::sleep(fake.delay).await;
    let parts = multipart_parts(&headers, &body);
    let id = String::from_utf8_lossy(&parts["fileId"]).to_string();
    let chunk = parts["file"].clone();
    let start: usize = headers
        .get("content-range")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("bytes "))
        .and_then(|v| v.split('-').next())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let mut files = fake.files.lock().unwrap();
    let file = files.entry(id.clone()).or_default();
    if file.len() < start + chunk.len() {
        file.resize(start + chunk.len(), 0);
    }
    file[start..start + chunk.len()].copy_from_slice(&chunk);
    (StatusCode::CREATED, axum::Json(serde_json::json!({ "$id": id })))
}

async fn fake_download(State(fake): State<Fake>, Path((_bucket, file)): Path<(String, String)>) -> impl IntoResponse {
    let mut bytes = fake.files.lock().unwrap().get(&file).cloned().unwrap_or_default();
    if let Some(chunk_size) = fake.corrupt_chunk {
        if let Some(byte) = bytes.get_mut(chunk_size + 7) {
            *byte ^= 0x40;
        }
    }
    bytes
}

async fn serve(fake: Fake) -> (String, tokio::task::JoinHandle<()>) {
    let app = Router::new()
        .route("/v1/ping", get(fake_ping))
        .route("/v1/storage/buckets", post(fake_create_bucket))
        .route("/v1/storage/buckets/{bucket}", delete(fake_delete_bucket))
        .route("/v1/storage/buckets/{bucket}/files", post(fake_upload))
        .route("/v1/storage/buckets/{bucket}/files/{file}/download", get(fake_download))
        .with_state(fake);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let task = tokio::spawn(async move {
        axum::serve(listener, app).await.unwrap();
    });
    (format!("http://{addr}/v1"), task)
}

fn profile(dir: &std::path::Path, name: &str, text: &str) -> String {
    let path = dir.join(format!("{name}.toml"));
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

fn options(scenario: String, reports: &std::path::Path) -> LoadOptions {
    LoadOptions {
        scenario,
        warmup: Some(Duration::ZERO),
        reports: reports.to_path_buf(),
        thresholds: Thresholds::default(),
        max_error_rate: 0.01,
        quiet: true,
        ..LoadOptions::default()
    }
}

const UPLOADS: &str = r#"
description = "small chunked uploads, every one verified"
[run]
users = 2
[sample]
uploads_percent = 100.0
[upload]
file_size = "300KiB"
chunk_size = "100KiB"
"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sampler_catches_a_server_that_corrupts_one_chunk() {
    let tmp = tempfile::tempdir().unwrap();
    let scenario = profile(tmp.path(), "uploads", UPLOADS);

    let (honest, h1) = serve(Fake::default()).await;
    let target = Target::remote(&honest, "p", "k", &[]).unwrap();
    let good = conform::load::run(&target, LoadOptions { iterations: Some(8), ..options(scenario.clone(), tmp.path()) }).await.unwrap();
    assert_eq!(good.summary.correctness.uploads_checked, 8, "{:?}", good.summary.correctness);
    assert_eq!(good.summary.correctness.uploads_failed, 0, "{:?}", good.summary.correctness.failures);
    assert!(good.failures.is_empty(), "{:?}", good.failures);
    assert!(good.summary.transactions["upload.chunk"].count >= 24, "three chunks per upload");

    let (corrupting, h2) = serve(Fake { corrupt_chunk: Some(100 * 1024), ..Fake::default() }).await;
    let target = Target::remote(&corrupting, "p", "k", &[]).unwrap();
    let bad = conform::load::run(&target, LoadOptions { iterations: Some(8), ..options(scenario, tmp.path()) }).await.unwrap();
    let c = &bad.summary.correctness;
    assert_eq!((c.uploads_checked, c.uploads_failed), (8, 8), "{c:?}");
    assert!(c.failures[0].contains("SHA-256"), "{:?}", c.failures);
    assert!(bad.failures.iter().any(|f| f.starts_with("correctness")), "{:?}", bad.failures);
    for dir in [&good.dir, &bad.dir] {
        for file in ["summary.json", "summary.md", "report.html", "latency.hlog", "goose-report.html", "goose-report.json"] {
            assert!(dir.join(file).is_file(), "{} missing in {}", file, dir.display());
        }
    }
    h1.abort();
    h2.abort();
}

const PINGS: &str = r#"
description = "pings"
[run]
users = 2
[ping]
"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_baseline_gate_fails_a_slowed_server_and_names_transaction_and_percentile() {
    let tmp = tempfile::tempdir().unwrap();
    let scenario = profile(tmp.path(), "pings", PINGS);

    let (fast, h1) = serve(Fake::default()).await;
    let target = Target::remote(&fast, "p", "k", &[]).unwrap();
    let before = conform::load::run(&target, LoadOptions { iterations: Some(200), ..options(scenario.clone(), tmp.path()) }).await.unwrap();
    assert!(before.failures.is_empty(), "{:?}", before.failures);
    let baseline_file = before.dir.join("summary.json");

    // A run compared with itself passes the gate: only a change beyond the thresholds fails it.
    assert!(conform::load::baseline::compare(&before.summary, &before.summary, &Thresholds::default()).is_empty());

    // 50 ms per request is many times the baseline's latency on any machine.
    let (slow, h2) = serve(Fake { delay: Duration::from_millis(50), ..Fake::default() }).await;
    let target = Target::remote(&slow, "p", "k", &[]).unwrap();
    let after =
        conform::load::run(&target, LoadOptions { iterations: Some(20), baseline: Some(baseline_file), ..options(scenario, tmp.path()) })
            .await
            .unwrap();
    let p50 = after.regressions.iter().find(|r| r.transaction == "ping" && r.measure == "p50");
    assert!(p50.is_some(), "{:?}", after.regressions);
    assert!(after.failures.iter().any(|f| f.contains("regression: ping: p50 latency rose")), "{:?}", after.failures);
    h1.abort();
    h2.abort();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bundled_server_ping_in_the_open_model_counts_every_scheduled_start() {
    let tmp = tempfile::tempdir().unwrap();
    let scenario = profile(tmp.path(), "pings", PINGS);
    let target = Target::bundled().await.unwrap();
    let outcome =
        conform::load::run(&target, LoadOptions { rate: Some(200.0), iterations: Some(100), ..options(scenario, tmp.path()) }).await;
    target.shutdown().await;
    let outcome = outcome.unwrap();
    let s = &outcome.summary;
    assert_eq!(s.model, "open");
    assert_eq!(s.scheduled, 100, "every arrival is started, late or not");
    assert_eq!(s.transactions["ping"].count + s.transactions["ping"].errors, 100);
    assert!(s.start_lag.is_some());
    assert!(outcome.failures.is_empty(), "{:?}", outcome.failures);

    // The interval log merges with itself into twice the counts.
    let hlog = outcome.dir.join("latency.hlog");
    let merged = conform::load::merge(&[hlog.clone(), hlog], &tmp.path().join("merged")).unwrap();
    assert_eq!(merged.transactions["ping"].count, 2 * s.transactions["ping"].count);
    assert_eq!(merged.sources, 2);
    assert!(tmp.path().join("merged/report.html").is_file());
}

/// Every profile in `scenarios/` is what a user runs first: each must run without a single
/// error against the bundled server, in both models, and the sampled uploads and previews
/// must check out. (The `mixed` profile once sent 1 MiB chunks, which Appwrite's 5 MiB chunk
/// grid refuses, and nothing ran it.) A few transactions each keep this quick.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_shipped_profile_runs_clean_against_the_bundled_server_in_both_models() {
    let tmp = tempfile::tempdir().unwrap();
    let target = Target::bundled().await.unwrap();
    let mut problems = Vec::new();
    for scenario in ["chunked-upload", "preview", "mixed", "ping"] {
        for (model, users, rate) in [("closed", Some(2), None), ("open", None, Some(20.0))] {
            let options = LoadOptions {
                users,
                rate,
                iterations: Some(5),
                sample_percent: Some(100.0),
                max_error_rate: 0.0,
                ..options(scenario.to_string(), tmp.path())
            };
            let outcome = match conform::load::run(&target, options).await {
                Ok(outcome) => outcome,
                Err(e) => {
                    problems.push(format!("{scenario} ({model}): {e:#}"));
                    continue;
                }
            };
            let s = &outcome.summary;
            if !outcome.failures.is_empty() || !s.errors.is_empty() {
                problems.push(format!("{scenario} ({model}): failures {:?}, errors {:?}", outcome.failures, s.errors));
            }
            let checked = s.correctness.uploads_checked + s.correctness.previews_checked;
            if scenario != "ping" && checked == 0 {
                problems.push(format!("{scenario} ({model}): no upload or preview was checked"));
            }
        }
    }
    target.shutdown().await;
    assert!(problems.is_empty(), "shipped profiles against the bundled server:\n{}", problems.join("\n"));
}
