//! Small hostile servers for the tests of misbehaving targets: raw HTTP/1.1 over TCP (to
//! misbehave below what a framework allows) and fixed answers over axum.

// Each test file that includes this module uses a part of it.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// What the pre-flight asks first (see the README's "Misbehaving targets").
pub const PREFLIGHT_HEAD: &str = "GET /v1/health/version ";

/// A raw HTTP/1.1 server on a random port: each connection gets its own thread, which reads
/// the request head and hands it and the stream to `answer`, then closes the connection.
/// Returns the endpoint (`…/v1`).
pub fn raw_server(answer: impl Fn(TcpStream, &str) + Send + Sync + 'static) -> String {
    raw_server_dying_after(usize::MAX, answer)
}

/// [`raw_server`] that stops listening after `connections` connections: later ones are refused.
pub fn raw_server_dying_after(connections: usize, answer: impl Fn(TcpStream, &str) + Send + Sync + 'static) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    let answer = Arc::new(answer);
    std::thread::spawn(move || {
        for stream in listener.incoming().take(connections).flatten() {
            let answer = answer.clone();
            std::thread::spawn(move || {
                let mut stream = stream;
                let head = read_head(&mut stream);
                answer(stream, &head);
            });
        }
        // The listener is dropped here: the port refuses connections from now on.
    });
    format!("http://{addr}/v1")
}

/// Answers the pre-flight as a healthy server would; false when `head` is another request.
pub fn answered_preflight(stream: &TcpStream, head: &str) -> bool {
    if !head.starts_with(PREFLIGHT_HEAD) {
        return false;
    }
    if let Ok(stream) = stream.try_clone() {
        respond(stream, "200 OK", r#"{"version":"1.9.0"}"#);
    }
    true
}

/// [`raw_server`] that answers the pre-flight (its first `GET /health/version`) as a healthy
/// server would and hands every other request to `answer`: the run starts, and the
/// misbehaviour meets the scenarios (the suite's own version check included).
pub fn raw_server_past_preflight(answer: impl Fn(TcpStream, &str) + Send + Sync + 'static) -> String {
    let preflight_done = AtomicBool::new(false);
    raw_server(move |stream, head| {
        let first = head.starts_with(PREFLIGHT_HEAD) && !preflight_done.swap(true, Ordering::SeqCst);
        if !(first && answered_preflight(&stream, head)) {
            answer(stream, head);
        }
    })
}

/// Writes a complete JSON answer and closes the connection.
pub fn respond(mut stream: TcpStream, status: &str, body: &str) {
    let _ = write!(
        stream,
        "HTTP/1.1 {status}\r\nconnection: close\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
        body.len()
    );
    let _ = stream.flush();
}

/// An Appwrite-shaped 500, the answer of a server whose every route is broken.
pub const ERROR_500: &str = r#"{"message":"boom","code":500,"type":"general_unknown","version":"1.9.6"}"#;

/// Reads the request head, and a body of the stated content-length (so closing the socket
/// sends no reset that could swallow the answer).
fn read_head(stream: &mut TcpStream) -> String {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") && head.len() < 64 * 1024 {
        match stream.read(&mut byte) {
            Ok(1) => head.push(byte[0]),
            _ => break,
        }
    }
    let head = String::from_utf8_lossy(&head).into_owned();
    let length = head
        .lines()
        .find_map(|l| l.to_ascii_lowercase().strip_prefix("content-length:").map(|v| v.trim().parse::<u64>().unwrap_or(0)))
        .unwrap_or(0);
    let _ = std::io::copy(&mut (&mut *stream).take(length), &mut std::io::sink());
    head
}

/// Writes a chunked 200 answer that never ends, as fast as the reader takes it.
pub fn endless_body(mut stream: TcpStream) {
    let _ = stream.write_all(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n");
    let chunk = [b'a'; 64 * 1024];
    let mut framed = format!("{:x}\r\n", chunk.len()).into_bytes();
    framed.extend_from_slice(&chunk);
    framed.extend_from_slice(b"\r\n");
    while stream.write_all(&framed).is_ok() {}
}

/// Writes a 200 head promising 100000 bytes, then one byte every `every`: each byte comes
/// well inside any idle timeout, so only a total deadline ends the wait.
pub fn dripping_body(mut stream: TcpStream, every: std::time::Duration) {
    let _ = stream.write_all(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100000\r\n\r\n{");
    while stream.write_all(b" ").and_then(|_| stream.flush()).is_ok() {
        std::thread::sleep(every);
    }
}

/// An axum server answering every request with `status`, `content_type` and `body`.
pub fn fixed_answer_server(runtime: &tokio::runtime::Runtime, status: u16, content_type: &'static str, body: &'static str) -> String {
    fixed_answer_server_after(runtime, status, content_type, body, std::time::Duration::ZERO)
}

/// [`fixed_answer_server`] answering each request only after `delay`.
pub fn fixed_answer_server_after(
    runtime: &tokio::runtime::Runtime,
    status: u16,
    content_type: &'static str,
    body: &'static str,
    delay: std::time::Duration,
) -> String {
    let listener = runtime.block_on(tokio::net::TcpListener::bind("127.0.0.1:0")).expect("bind");
    let addr = listener.local_addr().expect("addr");
    let status = axum::http::StatusCode::from_u16(status).expect("status");
    let app = axum::Router::new().fallback(move || async move {
        tokio::time::sleep(delay).await;
        (status, [("content-type", content_type)], body)
    });
    runtime.spawn(async move { axum::serve(listener, app).await });
    format!("http://{addr}/v1")
}
