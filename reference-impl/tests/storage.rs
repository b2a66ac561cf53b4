//! Chunked uploads over HTTP: an upload interrupted by a restart resumes with nothing lost,
//! and chunks sent many times at once are counted once. File tokens outlive a restart.

mod common;

use axum::http::{Method, StatusCode};
use common::Client;
use sha2::{Digest, Sha256};

const CHUNK: usize = 5 * 1024 * 1024;
const BOUNDARY: &str = "conform-test-boundary";

fn content(len: usize) -> Vec<u8> {
    // Not compressible to nothing, deterministic.
    (0..len).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect()
}

fn multipart(file_id: &str, name: &str, bytes: &[u8]) -> Vec<u8> {
    let mut body = format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"fileId\"\r\n\r\n{file_id}\r\n\
         --{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n\
         Content-Type: application/octet-stream\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
    body
}

async fn send_chunk(client: &Client, bucket: &str, file_id: &str, data: &[u8], index: usize) -> common::Reply {
    let start = index * CHUNK;
    let end = ((index + 1) * CHUNK).min(data.len()) - 1;
    let range = format!("bytes {start}-{end}/{}", data.len());
    let headers = [("content-range", range.as_str()), ("x-appwrite-id", file_id)];
    let content_type = format!("multipart/form-data; boundary={BOUNDARY}");
    let uri = format!("/v1/storage/buckets/{bucket}/files");
    client.key_bytes(Method::POST, &uri, &headers, &content_type, multipart(file_id, "big.bin", &data[start..=end])).await
}

async fn bucket(client: &Client, id: &str, settings: serde_json::Value) {
    let mut body = serde_json::json!({"bucketId": id, "name": id});
    if let (Some(body), Some(extra)) = (body.as_object_mut(), settings.as_object()) {
        body.extend(extra.clone());
    }
    let reply = client.key(Method::POST, "/v1/storage/buckets", Some(&body.to_string())).await;
    assert_eq!(reply.status, StatusCode::CREATED, "create bucket: {}", reply.body);
}

async fn download_digest(client: &Client, bucket: &str, file_id: &str) -> Vec<u8> {
    let reply = client.key(Method::GET, &format!("/v1/storage/buckets/{bucket}/files/{file_id}/download"), None).await;
    assert_eq!(reply.status, StatusCode::OK, "download: {}", String::from_utf8_lossy(&reply.raw[..reply.raw.len().min(300)]));
    Sha256::digest(&reply.raw).to_vec()
}

#[tokio::test]
async fn an_upload_interrupted_by_a_restart_resumes_with_nothing_lost() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let data = content(12 * 1024 * 1024);
    {
        let before = Client::new(dir.path()).await;
        bucket(&before, "vault", serde_json::json!({"compression": "zstd", "encryption": true})).await;
        let first = send_chunk(&before, "vault", "resumable", &data, 0).await;
        assert_eq!(first.status, StatusCode::CREATED, "chunk 1: {}", first.body);
        assert_eq!(first.body["chunksUploaded"], 1);
    }
    let after = Client::new(dir.path()).await;
    let progress = after.key(Method::GET, "/v1/storage/buckets/vault/files/resumable", None).await;
    assert_eq!(progress.body["chunksUploaded"], 1, "the restart kept the first chunk: {}", progress.body);
    for index in [2, 1] {
        let reply = send_chunk(&after, "vault", "resumable", &data, index).await;
        assert_eq!(reply.status, StatusCode::CREATED, "chunk {}: {}", index + 1, reply.body);
    }
    let file = after.key(Method::GET, "/v1/storage/buckets/vault/files/resumable", None).await;
    assert_eq!(file.body["chunksUploaded"], 3, "{}", file.body);
    assert_eq!(file.body["signature"], hex::encode(md5::Md5::digest(&data)));
    assert_eq!(download_digest(&after, "vault", "resumable").await, Sha256::digest(&data).to_vec());
}

#[tokio::test]
async fn chunks_sent_many_times_at_once_count_once() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let client = Client::new(dir.path()).await;
    bucket(&client, "busy", serde_json::json!({"encryption": false})).await;
    let data = content(3 * CHUNK - 100);
    let sends = (0..12).map(|n| send_chunk(&client, "busy", "racy", &data, n % 3));
    let replies = futures_util::future::join_all(sends).await;
    for reply in &replies {
        assert!(reply.status == StatusCode::CREATED || reply.status == StatusCode::OK, "{}: {}", reply.status, reply.body);
        assert!(reply.body["chunksUploaded"].as_u64().is_some_and(|n| n <= 3), "{}", reply.body);
    }
    let file = client.key(Method::GET, "/v1/storage/buckets/busy/files/racy", None).await;
    assert_eq!(file.body["chunksUploaded"], 3, "{}", file.body);
    assert_eq!(download_digest(&client, "busy", "racy").await, Sha256::digest(&data).to_vec());
}

/// The secret of a file token is signed with a key the server keeps in its database, so a
/// restart (a new process, a new key in memory) must not turn issued tokens into noise.
#[tokio::test]
async fn a_file_token_still_opens_its_file_after_a_restart() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let data = content(1000);
    let secret = {
        let before = Client::new(dir.path()).await;
        bucket(&before, "private", serde_json::json!({})).await;
        let content_type = format!("multipart/form-data; boundary={BOUNDARY}");
        let uploaded = before
            .key_bytes(Method::POST, "/v1/storage/buckets/private/files", &[], &content_type, multipart("kept", "kept.bin", &data))
            .await;
        assert_eq!(uploaded.status, StatusCode::CREATED, "upload: {}", uploaded.body);
        let token = before.key(Method::POST, "/v1/tokens/buckets/private/files/kept", Some("{}")).await;
        assert_eq!(token.status, StatusCode::CREATED, "create token: {}", token.body);
        token.body["secret"].as_str().unwrap_or_else(|| panic!("no secret in {}", token.body)).to_string()
    };
    let after = Client::new(dir.path()).await;
    let guest = after.send(Method::GET, "/v1/storage/buckets/private/files/kept/download", &[], None).await;
    assert_eq!(guest.status, StatusCode::UNAUTHORIZED, "without the token a guest may not read the file");
    let with_token = after.send(Method::GET, &format!("/v1/storage/buckets/private/files/kept/download?token={secret}"), &[], None).await;
    assert_eq!(with_token.status, StatusCode::OK, "the token opened nothing after the restart: {}", with_token.body);
    assert_eq!(with_token.raw, data);
}
