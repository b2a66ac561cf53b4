//! The fault wrapper with bodies larger than it buffers: an upload above the server's own
//! limit must stream through to the app (which refuses it with its 413) whether the fault
//! edits only the answer or the request too (the body goes on unedited), and the answer edit
//! still applies. Before, the wrapper cut such a body at 16 MiB and answered a
//! 400 of its own, so upload faults were checked against the wrapper, not the server.

mod common;

use axum::http::{Method, StatusCode};
use common::Client;

const BOUNDARY: &str = "conform-fault-layer-boundary";
/// Above the wrapper's old 16 MiB cap and the server's 12 MiB limit.
const LARGE: usize = 20 * 1024 * 1024;

async fn faulty_client(dir: &std::path::Path, fault: &str) -> Client {
    let mut config = common::config(dir, 1.0);
    config.faults = vec![fault.to_string()];
    let app = conform_reference::app(config).await.unwrap_or_else(|e| panic!("app with fault {fault}: {e}"));
    Client { app }
}

fn multipart(len: usize) -> Vec<u8> {
    let mut body = format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"fileId\"\r\n\r\nbig\r\n\
         --{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.bin\"\r\n\
         Content-Type: application/octet-stream\r\n\r\n"
    )
    .into_bytes();
    body.resize(body.len() + len, b'x');
    body.extend_from_slice(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
    body
}

async fn upload_large(client: &Client) -> common::Reply {
    let reply = client.key(Method::POST, "/v1/storage/buckets", Some(r#"{"bucketId":"files","name":"files"}"#)).await;
    assert_eq!(reply.status, StatusCode::CREATED, "create bucket: {}", reply.body);
    let content_type = format!("multipart/form-data; boundary={BOUNDARY}");
    client.key_bytes(Method::POST, "/v1/storage/buckets/files/files", &[], &content_type, multipart(LARGE)).await
}

fn message(reply: &common::Reply) -> &str {
    reply.body["message"].as_str().unwrap_or_default()
}

#[tokio::test]
async fn an_answer_edit_on_an_upload_above_16_mib_sees_the_apps_answer() {
    let dir = tempfile::tempdir().expect("tempdir");
    let client = faulty_client(dir.path(), "upload-too-large-status-400").await;
    let reply = upload_large(&client).await;
    assert_eq!(
        (reply.status, message(&reply).starts_with("Request body too large")),
        (StatusCode::BAD_REQUEST, true),
        "POST a {LARGE}-byte upload with fault upload-too-large-status-400: the app's 413 turned 400 by the fault; got {} {}",
        reply.status,
        reply.body
    );
}

#[tokio::test]
async fn a_request_edit_passes_an_upload_above_the_servers_limit_to_the_app_as_it_came() {
    let dir = tempfile::tempdir().expect("tempdir");
    let client = faulty_client(dir.path(), "chunks-stored-at-swapped-offsets").await;
    let reply = upload_large(&client).await;
    assert_eq!(
        (reply.status, message(&reply).starts_with("Request body too large")),
        (StatusCode::PAYLOAD_TOO_LARGE, true),
        "POST a {LARGE}-byte upload with fault chunks-stored-at-swapped-offsets: the app's own 413; got {} {}",
        reply.status,
        reply.body
    );
}
