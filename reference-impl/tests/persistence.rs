//! Data survives a restart, and the server works over a real socket.

mod common;

use std::net::SocketAddr;

use axum::http::{Method, StatusCode};
use common::{config, Client, PROJECT};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

#[tokio::test]
async fn users_and_sessions_survive_a_restart() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let cookie = {
        let c = Client::new(dir.path()).await;
        c.create_user("keeper", "keeper@example.com", "password123").await;
        let login = c.login("keeper@example.com", "password123").await;
        assert_eq!(login.status, StatusCode::CREATED);
        login.session_cookie()
    };
    let c = Client::new(dir.path()).await;
    let user = c.key(Method::GET, "/v1/users/keeper", None).await;
    assert_eq!(user.status, StatusCode::OK, "{}", user.body);
    let me = c.send(Method::GET, "/v1/account", &[("cookie", &cookie)], None).await;
    assert_eq!(me.body["$id"], "keeper", "the session is still valid after restart");
}

async fn raw_get(addr: SocketAddr, path: &str) -> String {
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap_or_else(|e| panic!("connect: {e}"));
    let request = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nX-Appwrite-Project: {PROJECT}\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.unwrap_or_else(|e| panic!("write: {e}"));
    let mut out = String::new();
    stream.read_to_string(&mut out).await.unwrap_or_else(|e| panic!("read: {e}"));
    out
}

#[tokio::test]
async fn serves_over_a_real_socket_and_shuts_down() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let server = conform_reference::start(config(dir.path(), 1.0)).await.unwrap_or_else(|e| panic!("start: {e}"));
    assert_ne!(server.addr.port(), 0);
    let ping = raw_get(server.addr, "/v1/ping").await;
    assert!(ping.starts_with("HTTP/1.1 200"), "{ping}");
    assert!(ping.ends_with("Pong!"), "{ping}");
    let missing = raw_get(server.addr, "/v1/does-not-exist").await;
    assert!(missing.starts_with("HTTP/1.1 404") && missing.contains("general_route_not_found"), "{missing}");
    let addr = server.addr;
    server.shutdown().await;
    assert!(tokio::net::TcpStream::connect(addr).await.is_err(), "listener closed after shutdown");
}
