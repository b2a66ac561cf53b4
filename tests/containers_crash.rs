//! Crash and resume, nothing lost: the reference server's container is killed (`docker kill`,
//! SIGKILL, no shutdown) in the middle of writes, a new container comes up on the same data
//! volume, and every write the first one acknowledged is there, and nothing half-written is
//! visible:
//!
//! - a 50 MiB chunked upload resumes from `chunksUploaded` the way the Python SDK does (read
//!   the file, skip the chunks it has) and the download's SHA-256 is the original's;
//! - bulk document writes: every acknowledged batch is there whole, the one in flight is there
//!   whole or not at all;
//! - a counter incremented by many clients holds at least every acknowledged increment and at
//!   most those plus the ones in flight.
//!
//! Skipped (one line saying why) without Docker.

mod docker;

use conform::image::{ImageSpec, RunningImage};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

const PROJECT: &str = "conform";
const CHUNK: usize = 5 * 1024 * 1024;

/// The reference image with its data in `volume`.
async fn start(volume: &Path, reports: &Path) -> RunningImage {
    let spec = ImageSpec {
        image: docker::reference_image().to_string(),
        port: 80,
        env: vec![("CONFORM_REFERENCE_API_KEY".into(), docker::KEY.into())],
        volumes: vec![(volume.to_path_buf(), "/data".into())],
        project: PROJECT.into(),
        api_key: docker::KEY.into(),
        start_timeout: Duration::from_secs(60),
    };
    conform::image::start(&spec, reports).await.unwrap_or_else(|e| panic!("starting the reference image: {e:#}"))
}

/// SIGKILL: the server gets no chance to flush or shut down.
async fn kill(container: RunningImage) {
    docker::docker_ok(&["kill", container.id()]);
    container.remove_keeping_logs(&[]).await.expect("remove the killed container");
}

#[derive(Clone)]
struct Api {
    http: reqwest::Client,
    endpoint: String,
}

impl Api {
    fn new(container: &RunningImage) -> Api {
        Api {
            http: reqwest::Client::builder().timeout(Duration::from_secs(60)).build().expect("client"),
            endpoint: container.endpoint.clone(),
        }
    }

    fn request(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        self.http
            .request(method, format!("{}{path}", self.endpoint))
            .header("x-appwrite-project", PROJECT)
            .header("x-appwrite-key", docker::KEY)
    }

    /// Sends and returns the status and JSON body; the test fails on no answer.
    async fn send(&self, request: reqwest::RequestBuilder) -> (u16, Value) {
        let response = request.send().await.unwrap_or_else(|e| panic!("no answer: {e}"));
        let status = response.status().as_u16();
        let text = response.text().await.unwrap_or_else(|e| panic!("no body: {e}"));
        (status, serde_json::from_str(&text).unwrap_or(Value::String(text)))
    }

    async fn expect(&self, request: reqwest::RequestBuilder, status: u16, what: &str) -> Value {
        let (got, body) = self.send(request).await;
        assert_eq!(got, status, "{what}: {body}");
        body
    }

    /// Creates a database and a collection with integer attributes `names` (the first
    /// required, the others defaulting to 0) and waits until they are available.
    async fn collection(&self, database: &str, collection: &str, names: &[&str]) {
        use reqwest::Method;
        self.expect(
            self.request(Method::POST, "/databases").json(&json!({"databaseId": database, "name": database})),
            201,
            "create database",
        )
        .await;
        let base = format!("/databases/{database}/collections");
        self.expect(
            self.request(Method::POST, &base).json(&json!({"collectionId": collection, "name": collection, "documentSecurity": false})),
            201,
            "create collection",
        )
        .await;
        for (i, name) in names.iter().enumerate() {
            let body = if i == 0 { json!({"key": name, "required": true}) } else { json!({"key": name, "required": false, "default": 0}) };
            self.expect(
                self.request(Method::POST, &format!("{base}/{collection}/attributes/integer")).json(&body),
                202,
                "create attribute",
            )
            .await;
        }
        for name in names {
            let started = Instant::now();
            loop {
                let attribute =
                    self.expect(self.request(Method::GET, &format!("{base}/{collection}/attributes/{name}")), 200, "get attribute").await;
                if attribute["status"] == "available" {
                    break;
                }
                assert!(started.elapsed() < Duration::from_secs(30), "attribute {name} never became available: {attribute}");
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }
    }
}

fn chunk_form(file_id: &str, bytes: &[u8], index: usize) -> (reqwest::multipart::Form, String) {
    let start = index * CHUNK;
    let end = ((index + 1) * CHUNK).min(bytes.len());
    let part = reqwest::multipart::Part::bytes(bytes[start..end].to_vec())
        .file_name("crash.bin")
        .mime_str("application/octet-stream")
        .expect("mime");
    let form = reqwest::multipart::Form::new().text("fileId", file_id.to_string()).part("file", part);
    (form, format!("bytes {start}-{}/{}", end - 1, bytes.len()))
}

fn upload_chunk(api: &Api, bucket: &str, file_id: &str, bytes: &[u8], index: usize) -> reqwest::RequestBuilder {
    let (form, range) = chunk_form(file_id, bytes, index);
    let request =
        api.request(reqwest::Method::POST, &format!("/storage/buckets/{bucket}/files")).header("content-range", range).multipart(form);
    // The SDKs name the upload from the second chunk on (and on every chunk of a resumed one).
    if index == 0 {
        request
    } else {
        request.header("x-appwrite-id", file_id)
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_chunked_upload_cut_by_a_kill_resumes_and_downloads_byte_for_byte() {
    let Some(()) = docker::available("a_chunked_upload_cut_by_a_kill_resumes_and_downloads_byte_for_byte") else { return };
    let dir = tempfile::tempdir().expect("temp dir");
    let volume = dir.path().join("data");
    // 50 MiB and a bit: eleven chunks, the last one short.
    let mut bytes = vec![0u8; 50 * 1024 * 1024 + 12_345];
    rand::RngCore::fill_bytes(&mut <rand::rngs::StdRng as rand::SeedableRng>::seed_from_u64(16), &mut bytes);
    let bytes = Arc::new(bytes);
    let total = bytes.len().div_ceil(CHUNK);
    let (bucket, file_id) = ("crash", "upload50");

    let first = start(&volume, dir.path()).await;
    let api = Api::new(&first);
    api.expect(
        api.request(reqwest::Method::POST, "/storage/buckets").json(&json!({"bucketId": bucket, "name": bucket, "fileSecurity": false})),
        201,
        "create bucket",
    )
    .await;
    let acknowledged = 5;
    for index in 0..acknowledged {
        let body = api.expect(upload_chunk(&api, bucket, file_id, &bytes, index), 201, &format!("chunk {index}")).await;
        assert_eq!(body["chunksUploaded"], json!(index + 1), "{body}");
    }
    // One more chunk in flight when the container is killed: it may or may not be kept.
    let in_flight = {
        let (api, bytes) = (api.clone(), bytes.clone());
        tokio::spawn(async move { upload_chunk(&api, bucket, file_id, &bytes, acknowledged).send().await.map(|r| r.status().as_u16()) })
    };
    tokio::time::sleep(Duration::from_millis(30)).await;
    kill(first).await;
    let in_flight = in_flight.await.expect("task");

    let second = start(&volume, dir.path()).await;
    let api = Api::new(&second);
    // What the Python SDK does when it is given the ID of an upload: read the file first.
    let file = api.expect(api.request(reqwest::Method::GET, &format!("/storage/buckets/{bucket}/files/{file_id}")), 200, "get file").await;
    let has = file["chunksUploaded"].as_u64().expect("chunksUploaded") as usize;
    assert_eq!(file["chunksTotal"], json!(total), "{file}");
    assert!(
        (acknowledged..=acknowledged + 1).contains(&has),
        "after the kill the server must hold the {acknowledged} acknowledged chunks (and at most the one in flight, {in_flight:?}): chunksUploaded = {has}"
    );
    if matches!(in_flight, Ok(201)) {
        assert_eq!(has, acknowledged + 1, "the in-flight chunk was acknowledged, so it must be kept");
    }
    let mut last = Value::Null;
    for index in has..total {
        last = api.expect(upload_chunk(&api, bucket, file_id, &bytes, index), 201, &format!("resumed chunk {index}")).await;
    }
    assert_eq!(last["chunksUploaded"], json!(total), "the upload is complete: {last}");
    assert_eq!(last["sizeOriginal"], json!(bytes.len()), "{last}");
    let response = api
        .request(reqwest::Method::GET, &format!("/storage/buckets/{bucket}/files/{file_id}/download"))
        .send()
        .await
        .expect("download answered");
    assert_eq!(response.status().as_u16(), 200);
    let downloaded = response.bytes().await.expect("download body");
    assert_eq!(downloaded.len(), bytes.len(), "download length");
    let (want, got) = (hex::encode(Sha256::digest(&bytes[..])), hex::encode(Sha256::digest(&downloaded)));
    assert_eq!(got, want, "the download's SHA-256 must be the original's");
    println!("upload: {has} of {total} chunks survived the kill (in flight: {in_flight:?}); resumed, SHA-256 {got} matches");
    second.remove_keeping_logs(&[]).await.expect("remove");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn bulk_document_writes_cut_by_a_kill_keep_every_acknowledged_batch_whole() {
    let Some(()) = docker::available("bulk_document_writes_cut_by_a_kill_keep_every_acknowledged_batch_whole") else { return };
    const BATCH: u64 = 100;
    let dir = tempfile::tempdir().expect("temp dir");
    let volume = dir.path().join("data");
    let first = start(&volume, dir.path()).await;
    let api = Api::new(&first);
    api.collection("crash", "items", &["n", "batch"]).await;
    let documents = "/databases/crash/collections/items/documents";

    let acked = Arc::new(AtomicU64::new(0));
    let writer = {
        let (api, acked) = (api.clone(), acked.clone());
        tokio::spawn(async move {
            for batch in 0u64.. {
                let docs: Vec<Value> =
                    (0..BATCH).map(|i| json!({"$id": format!("b{batch}-{i}"), "n": batch * BATCH + i, "batch": batch})).collect();
                let answer = api.request(reqwest::Method::POST, documents).json(&json!({"documents": docs})).send().await;
                match answer {
                    Ok(r) if r.status().as_u16() == 201 => {
                        acked.store(batch + 1, Ordering::SeqCst);
                    }
                    Ok(r) => return Err(format!("batch {batch} answered {}: {}", r.status(), r.text().await.unwrap_or_default())),
                    Err(_) => return Ok(batch),
                }
            }
            unreachable!("the loop ends when the server goes away")
        })
    };
    let started = Instant::now();
    while acked.load(Ordering::SeqCst) < 5 {
        assert!(started.elapsed() < Duration::from_secs(60), "five batches were not written within 60 s");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    kill(first).await;
    let cut_at = writer.await.expect("task").unwrap_or_else(|e| panic!("{e}"));
    let acknowledged = acked.load(Ordering::SeqCst);
    assert_eq!(cut_at, acknowledged, "the writer stops at the first batch without an answer");

    let second = start(&volume, dir.path()).await;
    let api = Api::new(&second);
    let mut in_flight_kept = false;
    for batch in 0..=acknowledged {
        let query = json!({"method": "equal", "attribute": "batch", "values": [batch]}).to_string();
        let limit = json!({"method": "limit", "values": [1000]}).to_string();
        let list = api
            .expect(
                api.request(reqwest::Method::GET, documents).query(&[("queries[]", query), ("queries[]", limit)]),
                200,
                "list documents",
            )
            .await;
        let found = list["documents"].as_array().expect("documents");
        let mut ns: Vec<u64> = found.iter().filter_map(|d| d["n"].as_u64()).collect();
        ns.sort_unstable();
        let whole: Vec<u64> = (batch * BATCH..(batch + 1) * BATCH).collect();
        if batch < acknowledged {
            assert_eq!(ns, whole, "acknowledged batch {batch} must be there whole after the kill");
        } else {
            assert!(
                ns.is_empty() || ns == whole,
                "the batch in flight ({batch}) must be there whole or not at all, found {} documents",
                ns.len()
            );
            in_flight_kept = !ns.is_empty();
        }
    }
    let all = api.expect(api.request(reqwest::Method::GET, documents), 200, "count documents").await;
    let expected_total = (acknowledged + u64::from(in_flight_kept)) * BATCH;
    assert_eq!(all["total"], json!(expected_total), "no other document may exist");
    println!("bulk: {acknowledged} batches of {BATCH} acknowledged, all whole after the kill; the one in flight kept: {in_flight_kept}");
    second.remove_keeping_logs(&[]).await.expect("remove");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_counter_incremented_by_many_clients_keeps_every_acknowledged_increment() {
    let Some(()) = docker::available("a_counter_incremented_by_many_clients_keeps_every_acknowledged_increment") else { return };
    const CLIENTS: usize = 8;
    let dir = tempfile::tempdir().expect("temp dir");
    let volume = dir.path().join("data");
    let first = start(&volume, dir.path()).await;
    let api = Api::new(&first);
    api.collection("crash", "counters", &["slot", "count"]).await;
    let document = "/databases/crash/collections/counters/documents/hits";
    api.expect(
        api.request(reqwest::Method::POST, "/databases/crash/collections/counters/documents")
            .json(&json!({"documentId": "hits", "data": {"slot": 1, "count": 0}})),
        201,
        "create the counter",
    )
    .await;

    let (acked, sent) = (Arc::new(AtomicU64::new(0)), Arc::new(AtomicU64::new(0)));
    let clients: Vec<_> = (0..CLIENTS)
        .map(|_| {
            let (api, acked, sent) = (api.clone(), acked.clone(), sent.clone());
            tokio::spawn(async move {
                loop {
                    sent.fetch_add(1, Ordering::SeqCst);
                    let answer =
                        api.request(reqwest::Method::PATCH, &format!("{document}/count/increment")).json(&json!({"value": 1})).send().await;
                    match answer {
                        Ok(r) if r.status().as_u16() == 200 => {
                            acked.fetch_add(1, Ordering::SeqCst);
                        }
                        Ok(r) => return Err(format!("an increment answered {}: {}", r.status(), r.text().await.unwrap_or_default())),
                        Err(_) => return Ok(()),
                    }
                }
            })
        })
        .collect();
    let started = Instant::now();
    while acked.load(Ordering::SeqCst) < 300 {
        assert!(started.elapsed() < Duration::from_secs(60), "300 increments were not acknowledged within 60 s");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    kill(first).await;
    for client in clients {
        client.await.expect("task").unwrap_or_else(|e| panic!("{e}"));
    }
    let (acknowledged, sent) = (acked.load(Ordering::SeqCst), sent.load(Ordering::SeqCst));

    let second = start(&volume, dir.path()).await;
    let api = Api::new(&second);
    let counter = api.expect(api.request(reqwest::Method::GET, document), 200, "read the counter").await;
    let count = counter["count"].as_u64().unwrap_or_else(|| panic!("count: {counter}"));
    assert!(
        (acknowledged..=sent).contains(&count),
        "the counter must hold every acknowledged increment ({acknowledged}) and at most those in flight too ({sent} sent): {count}"
    );
    println!("counter: {acknowledged} increments acknowledged, {sent} sent by {CLIENTS} clients; {count} after the kill");
    second.remove_keeping_logs(&[]).await.expect("remove");
}
