//! One HTTP/1.1 keep-alive connection, driven inside the task that sends on it: the open
//! model's workers each own one, as wrk's do. A pooled client (reqwest) hands every request
//! to a pool, a URL parser and a connection task of its own; measured against wrk on
//! `GET /v1/ping` (README, "Measured numbers"), that per-request work made the load
//! generator the bottleneck. Here a request is written and its answer read by the task that
//! wants it, with no other task woken.
//!
//! A failed or closed connection is dropped and the next request opens a new one.

use super::outgoing::Outgoing;
use bytes::Bytes;
use futures::FutureExt;
use http_body_util::{BodyExt, Full};
use hyper::client::conn::http1::{self, SendRequest};
use hyper_util::rt::TokioIo;
use std::pin::Pin;
use std::time::Duration;
use tokio::net::TcpStream;

type Driver = http1::Connection<TokioIo<TcpStream>, Full<Bytes>>;

/// Where a plain-HTTP endpoint's requests go.
#[derive(Clone, Debug)]
pub struct Address {
    host: String,
    port: u16,
    /// `host[:port]` for the Host header.
    authority: String,
    /// The endpoint's path (`/v1`), put before every request's path.
    base_path: String,
}

impl Address {
    /// `None` for an endpoint this client cannot speak to (HTTPS): those go through reqwest.
    pub fn of_endpoint(endpoint: &str) -> Option<Address> {
        let url = reqwest::Url::parse(endpoint).ok()?;
        if url.scheme() != "http" {
            return None;
        }
        let host = url.host_str()?.to_string();
        let port = url.port_or_known_default()?;
        let authority = match url.port() {
            Some(p) => format!("{host}:{p}"),
            None => host.clone(),
        };
        Some(Address { host, port, authority, base_path: url.path().trim_end_matches('/').to_string() })
    }
}

pub struct Connection {
    address: Address,
    timeout: Duration,
    live: Option<Live>,
}

struct Live {
    sender: SendRequest<Full<Bytes>>,
    driver: Pin<Box<Driver>>,
}

/// A response read to its end.
pub struct Answer {
    pub status: u16,
    pub body: Bytes,
}

impl Connection {
    /// Connects on first use.
    pub fn new(address: Address, timeout: Duration) -> Connection {
        Connection { address, timeout, live: None }
    }

    /// Sends `request` and reads the whole answer, within the timeout (which includes
    /// connecting when needed). Errors are short, stable messages: the report groups by them.
    pub async fn send(&mut self, request: &Outgoing) -> Result<Answer, String> {
        let outcome = tokio::time::timeout(self.timeout, self.exchange(request)).await;
        let result = outcome.unwrap_or_else(|_| Err("timed out".to_string()));
        if result.is_err() {
            // Whatever state the connection is in after a failure, it is not worth reusing.
            self.live = None;
        }
        result
    }

    async fn exchange(&mut self, request: &Outgoing) -> Result<Answer, String> {
        // Lets the connection notice a close that arrived while it sat idle, so the request
        // goes out on a new connection instead of failing on the dead one.
        if let Some(live) = &mut self.live {
            if live.driver.as_mut().now_or_never().is_some() {
                self.live = None;
            }
        }
        if self.live.is_none() {
            self.live = Some(self.connect().await?);
        }
        let hyper_request = self.build(request)?;
        let live = self.live.as_mut().expect("connected above");
        let exchange = async {
            let response = live.sender.send_request(hyper_request).await.map_err(|_| "transport error".to_string())?;
            let status = response.status().as_u16();
            let closes = response.headers().get(hyper::header::CONNECTION).is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"close"));
            let body = response.into_body().collect().await.map_err(|_| "response body cut off".to_string())?.to_bytes();
            Ok::<_, String>((Answer { status, body }, closes))
        };
        // The connection's I/O runs only while this task polls it, so poll it beside the
        // exchange. When it ends first (the server answered and closed), it has handed over
        // everything it read: finish the exchange from that, and drop the connection.
        let (done, driver_ended) = {
            tokio::pin!(exchange);
            tokio::select! {
                biased;
                done = &mut exchange => (done, false),
                _ = live.driver.as_mut() => (exchange.await, true),
            }
        };
        if driver_ended {
            self.live = None;
        }
        let (answer, closes) = done.map_err(|e| if driver_ended { "connection closed by the server".to_string() } else { e })?;
        if closes {
            self.live = None;
        }
        Ok(answer)
    }

    async fn connect(&self) -> Result<Live, String> {
        let stream =
            TcpStream::connect((self.address.host.as_str(), self.address.port)).await.map_err(|_| "could not connect".to_string())?;
        // Requests are small and answered one at a time: send each at once.
        stream.set_nodelay(true).map_err(|_| "could not connect".to_string())?;
        let (sender, driver) = http1::handshake(TokioIo::new(stream)).await.map_err(|_| "could not connect".to_string())?;
        Ok(Live { sender, driver: Box::pin(driver) })
    }

    fn build(&self, request: &Outgoing) -> Result<hyper::Request<Full<Bytes>>, String> {
        let mut builder = hyper::Request::builder()
            .method(request.method.clone())
            .uri(format!("{}{}", self.address.base_path, request.path))
            .header(hyper::header::HOST, &self.address.authority);
        for (name, value) in &request.headers {
            builder = builder.header(*name, value);
        }
        let body = match &request.body {
            Some(body) => {
                builder = builder.header(hyper::header::CONTENT_TYPE, &body.content_type);
                Full::new(body.bytes.clone())
            }
            None => Full::new(Bytes::new()),
        };
        builder.body(body).map_err(|e| format!("request not valid: {e}"))
    }
}

/// Connections not in use, most recently used on top: at a rate that needs few
/// connections, the same few are reused instead of one per worker being opened.
pub struct Pool {
    address: Address,
    timeout: Duration,
    idle: std::sync::Mutex<Vec<Connection>>,
}

impl Pool {
    pub fn new(address: Address, timeout: Duration) -> Pool {
        Pool { address, timeout, idle: std::sync::Mutex::new(Vec::new()) }
    }

    /// An idle connection, or a new one (which connects on first use).
    pub fn take(&self) -> Connection {
        let reused = self.idle.lock().unwrap_or_else(|e| e.into_inner()).pop();
        reused.unwrap_or_else(|| Connection::new(self.address.clone(), self.timeout))
    }

    pub fn put(&self, connection: Connection) {
        if connection.live.is_some() {
            self.idle.lock().unwrap_or_else(|e| e.into_inner()).push(connection);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    #[derive(Clone, Copy)]
    enum Serves {
        /// Answers every request, keeping the connection open.
        KeepAlive,
        /// Answers one request with `connection: close`, then closes.
        CloseAfterOne,
        /// Answers one request as if keeping the connection, then closes it while idle.
        DropWhenIdle,
        /// Reads the request and never answers.
        Silent,
    }

    /// A raw HTTP/1.1 server on loopback; returns its endpoint and the connections it accepted.
    async fn server(serves: Serves) -> (String, Arc<AtomicUsize>) {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let endpoint = format!("http://{}/v1", listener.local_addr().unwrap());
        let accepted = Arc::new(AtomicUsize::new(0));
        let counter = accepted.clone();
        tokio::spawn(async move {
            while let Ok((mut stream, _)) = listener.accept().await {
                counter.fetch_add(1, Ordering::SeqCst);
                tokio::spawn(async move {
                    let mut seen = Vec::new();
                    let mut buf = [0u8; 1024];
                    loop {
                        let Ok(n) = stream.read(&mut buf).await else { return };
                        if n == 0 {
                            return;
                        }
                        seen.extend_from_slice(&buf[..n]);
                        // GET requests only: a request ends with its blank line.
                        while let Some(end) = seen.windows(4).position(|w| w == b"\r\n\r\n") {
                            seen.drain(..end + 4);
                            let close = matches!(serves, Serves::CloseAfterOne);
                            let head = if close { "connection: close\r\n" } else { "" };
                            match serves {
                                Serves::Silent => continue,
                                _ => stream
                                    .write_all(format!("HTTP/1.1 200 OK\r\n{head}content-length: 5\r\n\r\nPong!").as_bytes())
                                    .await
                                    .unwrap(),
                            }
                            if !matches!(serves, Serves::KeepAlive) {
                                return;
                            }
                        }
                    }
                });
            }
        });
        (endpoint, accepted)
    }

    fn ping() -> Outgoing {
        Outgoing::get("/ping".to_string())
    }

    async fn three_pings(serves: Serves) -> (Vec<Result<String, String>>, usize) {
        let (endpoint, accepted) = server(serves).await;
        let mut connection = Connection::new(Address::of_endpoint(&endpoint).unwrap(), Duration::from_millis(500));
        let mut answers = Vec::new();
        for _ in 0..3 {
            let answer = connection.send(&ping()).await.map(|a| format!("{} {}", a.status, String::from_utf8_lossy(&a.body)));
            answers.push(answer);
            // Gives a closing server time to close before the next request.
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        (answers, accepted.load(Ordering::SeqCst))
    }

    #[tokio::test]
    async fn requests_share_one_kept_alive_connection() {
        let (answers, connections) = three_pings(Serves::KeepAlive).await;
        assert_eq!(answers, vec![Ok("200 Pong!".to_string()); 3]);
        assert_eq!(connections, 1);
    }

    #[tokio::test]
    async fn a_connection_the_server_closes_is_replaced_without_an_error() {
        for serves in [Serves::CloseAfterOne, Serves::DropWhenIdle] {
            let (answers, connections) = three_pings(serves).await;
            assert_eq!(answers, vec![Ok("200 Pong!".to_string()); 3]);
            assert_eq!(connections, 3, "one connection per request");
        }
    }

    #[tokio::test]
    async fn no_answer_times_out_and_no_listener_cannot_connect() {
        let (answers, _) = three_pings(Serves::Silent).await;
        assert_eq!(answers, vec![Err("timed out".to_string()); 3]);
        let closed = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let endpoint = format!("http://{}/v1", closed.local_addr().unwrap());
        drop(closed);
        let mut connection = Connection::new(Address::of_endpoint(&endpoint).unwrap(), Duration::from_secs(5));
        assert_eq!(connection.send(&ping()).await.err(), Some("could not connect".to_string()));
    }

    #[test]
    fn endpoint_addresses() {
        let a = Address::of_endpoint("http://127.0.0.1:8080/v1").unwrap();
        assert_eq!((a.host.as_str(), a.port, a.authority.as_str(), a.base_path.as_str()), ("127.0.0.1", 8080, "127.0.0.1:8080", "/v1"));
        let b = Address::of_endpoint("http://appwrite.local/v1/").unwrap();
        assert_eq!((b.port, b.authority.as_str(), b.base_path.as_str()), (80, "appwrite.local", "/v1"));
        assert!(Address::of_endpoint("https://cloud.appwrite.io/v1").is_none(), "HTTPS goes through reqwest");
    }
}
