//! listDocuments benchmark for the README (issue 5):
//!
//! ```text
//! cargo run --release -p conform-reference --example documents_bench
//! ```
//!
//! Starts the bundled server on 127.0.0.1 (fresh data dir in the system temp dir, or
//! `$BENCH_DIR`), creates a collection with `title` (string), `year` (integer) and `rating`
//! (float) plus a key index on (year, rating), loads 100,000 documents with createDocuments
//! (1,000 per request), then runs `CLIENTS` keep-alive HTTP/1.1 connections for
//! `SECONDS` seconds, each sending
//!
//! ```text
//! GET …/documents?queries[0]={"method":"greaterThan","attribute":"year","values":[Y]}
//!                &queries[1]={"method":"orderDesc","attribute":"rating"}
//!                &queries[2]={"method":"limit","values":[25]}
//! ```
//!
//! with a server key and a random Y (so the count behind `total` varies from all rows to
//! a few). It prints requests per second and latency percentiles (p50, p99, max), every
//! response checked to be a 200 with 25 documents or fewer. Environment overrides:
//! `BENCH_DOCS`, `BENCH_CLIENTS`, `BENCH_SECONDS`.

use std::time::{Duration, Instant};

use conform_reference::{ApiKey, Config};
use rand::Rng;
use serde_json::{json, Value};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

const PROJECT: &str = "bench";
const KEY: &str = "bench-key";
const BATCH: usize = 1000;

fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// A minimal keep-alive HTTP/1.1 client: enough for JSON requests to our own server
/// without pulling an HTTP client into the crate's dependencies.
struct Conn {
    stream: BufReader<TcpStream>,
    host: String,
}

impl Conn {
    async fn open(addr: std::net::SocketAddr) -> std::io::Result<Conn> {
        let stream = TcpStream::connect(addr).await?;
        stream.set_nodelay(true)?;
        Ok(Conn { stream: BufReader::new(stream), host: addr.to_string() })
    }

    async fn send(&mut self, method: &str, path: &str, body: Option<&Value>) -> std::io::Result<(u16, Value)> {
        let body = body.map(Value::to_string).unwrap_or_default();
        let head = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nX-Appwrite-Project: {PROJECT}\r\nX-Appwrite-Key: {KEY}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
            self.host,
            body.len()
        );
        self.stream.get_mut().write_all(format!("{head}{body}").as_bytes()).await?;
        let mut line = String::new();
        self.stream.read_line(&mut line).await?;
        let status: u16 = line.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
        let mut length = 0usize;
        loop {
            line.clear();
            self.stream.read_line(&mut line).await?;
            if line == "\r\n" || line.is_empty() {
                break;
            }
            if let Some((name, value)) = line.split_once(':') {
                if name.eq_ignore_ascii_case("content-length") {
                    length = value.trim().parse().unwrap_or(0);
                }
            }
        }
        let mut buf = vec![0u8; length];
        self.stream.read_exact(&mut buf).await?;
        Ok((status, serde_json::from_slice(&buf).unwrap_or(Value::Null)))
    }
}

fn encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let docs = env_or("BENCH_DOCS", 100_000);
    let clients = env_or("BENCH_CLIENTS", 8);
    let seconds = env_or("BENCH_SECONDS", 20);
    let base = std::env::var_os("BENCH_DIR").map(Into::into).unwrap_or_else(std::env::temp_dir);
    let dir = tempfile::tempdir_in(base)?;
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(async move {
        let config = Config {
            project_id: PROJECT.into(),
            api_keys: vec![ApiKey::all_scopes(KEY)],
            data_dir: dir.path().to_path_buf(),
            listen: "127.0.0.1:0".parse()?,
            rate_limit_window_scale: 1.0,
            platforms: conform_reference::config::default_platforms(),
            faults: Vec::new(),
        };
        let server = conform_reference::start(config).await?;
        let addr = server.addr;
        let mut setup = Conn::open(addr).await?;
        let check = |(status, body): (u16, Value), want: u16| -> Result<Value, Box<dyn std::error::Error>> {
            if status == want { Ok(body) } else { Err(format!("setup answered {status}: {body}").into()) }
        };
        check(setup.send("POST", "/v1/databases", Some(&json!({"databaseId": "bench", "name": "bench"}))).await?, 201)?;
        check(setup.send("POST", "/v1/databases/bench/collections", Some(&json!({"collectionId": "books", "name": "books"}))).await?, 201)?;
        let coll = "/v1/databases/bench/collections/books";
        check(setup.send("POST", &format!("{coll}/attributes/string"), Some(&json!({"key": "title", "size": 64, "required": true}))).await?, 202)?;
        check(setup.send("POST", &format!("{coll}/attributes/integer"), Some(&json!({"key": "year", "required": true}))).await?, 202)?;
        check(setup.send("POST", &format!("{coll}/attributes/float"), Some(&json!({"key": "rating", "required": true}))).await?, 202)?;
        check(setup.send("POST", &format!("{coll}/indexes"), Some(&json!({"key": "year_rating", "type": "key", "attributes": ["year", "rating"], "orders": ["ASC", "DESC"]}))).await?, 202)?;

        let loading = Instant::now();
        let mut rng = rand::rng();
        for start in (0..docs).step_by(BATCH) {
            let batch: Vec<Value> = (start..(start + BATCH).min(docs))
                .map(|i| json!({"$id": format!("d{i}"), "title": format!("Book {i}"), "year": rng.random_range(1800..2025), "rating": rng.random_range(0.0..5.0)}))
                .collect();
            check(setup.send("POST", &format!("{coll}/documents"), Some(&json!({"documents": batch}))).await?, 201)?;
        }
        println!("loaded {docs} documents in {:.1} s", loading.elapsed().as_secs_f64());

        let deadline = Instant::now() + Duration::from_secs(seconds as u64);
        let started = Instant::now();
        let mut tasks = Vec::new();
        for _ in 0..clients {
            tasks.push(tokio::spawn(async move {
                let mut conn = Conn::open(addr).await?;
                let mut latencies = Vec::new();
                while Instant::now() < deadline {
                    let year: i64 = rand::rng().random_range(1800..2025);
                    let queries = [
                        json!({"method": "greaterThan", "attribute": "year", "values": [year]}),
                        json!({"method": "orderDesc", "attribute": "rating"}),
                        json!({"method": "limit", "values": [25]}),
                    ];
                    let query: Vec<String> = queries.iter().enumerate().map(|(i, q)| format!("queries%5B{i}%5D={}", encode(&q.to_string()))).collect();
                    let path = format!("/v1/databases/bench/collections/books/documents?{}", query.join("&"));
                    let sent = Instant::now();
                    let (status, body) = conn.send("GET", &path, None).await?;
                    latencies.push(sent.elapsed());
                    let listed = body["documents"].as_array().map_or(usize::MAX, Vec::len);
                    if status != 200 || listed > 25 {
                        return Err(std::io::Error::other(format!("bad answer {status}: {body}")));
                    }
                }
                Ok::<_, std::io::Error>(latencies)
            }));
        }
        let mut all = Vec::new();
        for task in tasks {
            all.extend(task.await??);
        }
        let elapsed = started.elapsed().as_secs_f64();
        all.sort();
        println!(
            "listDocuments (greaterThan year + orderDesc rating, limit 25) over {docs} documents, {clients} connections, {seconds} s:"
        );
        println!("  {} requests, {:.0} requests/s", all.len(), all.len() as f64 / elapsed);
        println!(
            "  latency p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
            percentile(&all, 0.50).as_secs_f64() * 1e3,
            percentile(&all, 0.99).as_secs_f64() * 1e3,
            all.last().copied().unwrap_or_default().as_secs_f64() * 1e3
        );
        server.shutdown().await;
        Ok::<(), Box<dyn std::error::Error>>(())
    })
}
