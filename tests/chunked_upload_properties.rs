//! Property: however a file's 5 MiB chunks are sent (any order, some twice, some never),
//! the bundled reference server either assembles exactly the bytes sent (same SHA-256) once
//! every chunk has arrived, or, while chunks are missing, reports the distinct chunks it holds
//! and answers a download with the documented 404 `storage_file_not_found`. After the file is
//! complete, a chunk sent again is answered 200 with the finished file.
//!
//! Runs against `Target::bundled()` in-process with the harness's own client. Sizes stay below
//! 16 MiB (at most four chunks) and the case count small, so the test finishes in seconds.

use conform::client::{Auth, Body, Client, ClientConfig, Part, Recorder, Request, Response};
use conform::target::Target;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use rand::{RngCore, SeedableRng};
use reqwest::Method;
use sha2::{Digest, Sha256};
use std::collections::BTreeSet;
use std::time::Duration;

const CHUNK: usize = 5 * 1024 * 1024;
const MAX_SIZE: usize = 16 * 1024 * 1024;

/// One generated case: the file size, the seed of its bytes, and the chunks in sending order.
#[derive(Clone, Debug)]
struct Case {
    size: usize,
    seed: u64,
    /// 0-based chunk indexes in the order they are sent; duplicates allowed, some may be absent.
    sends: Vec<usize>,
}

fn chunks_of(size: usize) -> usize {
    size.div_ceil(CHUNK)
}

fn case_strategy() -> impl Strategy<Value = Case> {
    // Sizes near the chunk boundaries are where off-by-one errors live.
    let size = prop_oneof![1usize..=64 * 1024, (CHUNK - 2)..=(CHUNK + 2), (2 * CHUNK - 1)..=(2 * CHUNK + 1), (CHUNK + 1)..=MAX_SIZE,];
    (size, any::<u64>()).prop_flat_map(|(size, seed)| {
        let n = chunks_of(size);
        // Each chunk is sent 0, 1 or 2 times (mostly once), then the sends are shuffled.
        let copies = proptest::collection::vec(prop_oneof![1 => Just(0usize), 6 => Just(1usize), 2 => Just(2usize)], n);
        copies.prop_flat_map(move |copies| {
            let sends: Vec<usize> = copies.iter().enumerate().flat_map(|(i, c)| std::iter::repeat_n(i, *c)).collect();
            Just(sends).prop_shuffle().prop_map(move |sends| Case { size, seed, sends })
        })
    })
}

fn bytes_of(case: &Case) -> Vec<u8> {
    let mut out = vec![0u8; case.size];
    rand::rngs::StdRng::seed_from_u64(case.seed).fill_bytes(&mut out);
    out
}

fn chunk_request(bucket: &str, file: &str, bytes: &[u8], index: usize, first: bool) -> Request {
    let start = index * CHUNK;
    let end = ((index + 1) * CHUNK).min(bytes.len()) - 1;
    let parts = vec![
        Part::Text { name: "fileId".into(), value: file.into() },
        Part::File {
            name: "file".into(),
            filename: "prop.bin".into(),
            content_type: "application/octet-stream".into(),
            bytes: bytes[start..=end].to_vec(),
        },
    ];
    let mut request = Request::new(Method::POST, format!("/storage/buckets/{bucket}/files"))
        .auth(Auth::Key)
        .body(Body::Multipart(parts))
        .header("content-range", format!("bytes {start}-{end}/{}", bytes.len()));
    if !first {
        request = request.header("x-appwrite-id", file);
    }
    request
}

fn show(r: &Response) -> String {
    format!("{} {} → {}: {}", r.exchange.method, r.exchange.url, r.status, r.exchange.response_body.clone().unwrap_or_default())
}

fn json(r: &Response) -> Result<serde_json::Value, TestCaseError> {
    r.json().map_err(|e| TestCaseError::fail(format!("{e}; {}", show(r))))
}

async fn run_case(client: &Client, bucket: &str, n: u64, case: &Case) -> Result<(), TestCaseError> {
    let bytes = bytes_of(case);
    let total = chunks_of(case.size);
    let file = format!("prop-{n}");
    let mut held = BTreeSet::new();
    for (k, &index) in case.sends.iter().enumerate() {
        let was_complete = held.len() == total;
        let response = client
            .send(chunk_request(bucket, &file, &bytes, index, k == 0))
            .await
            .map_err(|e| TestCaseError::fail(format!("no response to chunk {}: {e}", index + 1)))?;
        held.insert(index);
        let expected_status = if was_complete { 200 } else { 201 };
        prop_assert_eq!(response.status, expected_status, "chunk {} (send {} of {:?}): {}", index + 1, k + 1, case.sends, show(&response));
        let body = json(&response)?;
        prop_assert_eq!(body["chunksTotal"].as_u64(), Some(total as u64), "chunksTotal: {}", show(&response));
        prop_assert_eq!(
            body["chunksUploaded"].as_u64(),
            Some(held.len() as u64),
            "chunksUploaded should count the {} distinct chunks sent so far ({:?}): {}",
            held.len(),
            &case.sends[..=k],
            show(&response)
        );
    }
    let download = client
        .send(Request::new(Method::GET, format!("/storage/buckets/{bucket}/files/{file}/download")).auth(Auth::Key))
        .await
        .map_err(|e| TestCaseError::fail(format!("no response to the download: {e}")))?;
    if held.len() == total {
        prop_assert_eq!(download.status, 200, "{}", show(&download));
        prop_assert_eq!(
            hex::encode(Sha256::digest(&download.body)),
            hex::encode(Sha256::digest(&bytes)),
            "the download of {} bytes differs from the {} bytes sent",
            download.body.len(),
            bytes.len()
        );
    } else if held.is_empty() {
        prop_assert_eq!(download.status, 404, "nothing was sent, so there is no file: {}", show(&download));
        let body = json(&download)?;
        prop_assert_eq!(body["type"].as_str(), Some("storage_file_not_found"));
    } else {
        prop_assert_eq!(
            download.status,
            404,
            "chunks {:?} of {} are missing: {}",
            (0..total).filter(|i| !held.contains(i)).collect::<Vec<_>>(),
            total,
            show(&download)
        );
        let body = json(&download)?;
        prop_assert_eq!(body["type"].as_str(), Some("storage_file_not_found"), "{}", show(&download));
    }
    Ok(())
}

#[test]
fn chunked_uploads_assemble_exactly_or_report_missing_chunks() {
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("a tokio runtime");
    let target = runtime.block_on(Target::bundled()).expect("the bundled reference server starts");
    let config = ClientConfig {
        endpoint: target.endpoint.clone(),
        project: target.project.clone(),
        api_key: target.api_key.clone(),
        request_timeout: Duration::from_secs(30),
        max_body_bytes: 32 * 1024 * 1024,
    };
    let client = Client::new(config, Recorder::default()).expect("a client");
    let created = runtime
        .block_on(client.send(Request::new(Method::POST, "/storage/buckets").auth(Auth::Key).json(serde_json::json!({
            "bucketId": "chunk-properties",
            "name": "chunk properties"
        }))))
        .expect("the bucket is created");
    assert_eq!(created.status, 201, "{}", show(&created));

    let mut runner = TestRunner::new(Config { cases: 12, max_shrink_iters: 16, failure_persistence: None, ..Config::default() });
    // The runner takes an `Fn`, so the case counter (which names each case's file) is atomic.
    let n = std::sync::atomic::AtomicU64::new(0);
    let result = runner.run(&case_strategy(), |case| {
        let case_number = n.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
        runtime.block_on(run_case(&client, "chunk-properties", case_number, &case))
    });
    runtime.block_on(target.shutdown());
    if let Err(e) = result {
        panic!("{e}");
    }
}
