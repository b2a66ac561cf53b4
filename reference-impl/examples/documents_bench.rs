//! listDocuments benchmark for the README (issue 5):
//!
//! ```text
//! cargo run --release -p conform-reference --example documents_bench
//! ```
//!
//! Starts the bundled server on 127.0.0.1 (fresh data dir in the system temp dir, or
//! `$BENCH_DIR`), creates a collection with `title` (string), `year` (integer) and `rating`
//! (float) plus a key index on (year, rating), loads 100,000 documents with createDocuments
//! (100 per request), then runs `CLIENTS` keep-alive HTTP/1.1 connections for
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
//! response checked to be a 200 with 25 documents or fewer, first with one connection, then
//! with `CLIENTS`.
//!
//! Then, for the same time each, it runs the SQL the server runs for those requests (the
//! page and the `total` count, built by the server's own `list_statements`) straight on the
//! database file with rusqlite: on one connection, then on as many as the server reads with
//! (`ReadPool::default_size`). It prints both rates and the ratio server / SQLite alone.
//! Environment overrides: `BENCH_DOCS`, `BENCH_CLIENTS`, `BENCH_SECONDS`, `BENCH_DIR`.

use std::path::Path;
use std::time::{Duration, Instant};

use conform_reference::query::ListSql;
use conform_reference::read_pool::ReadPool;
use conform_reference::{ApiKey, Config};
use rand::Rng;
use serde_json::{json, Value};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

const PROJECT: &str = "bench";
const KEY: &str = "bench-key";
/// createDocuments takes at most 100 documents a request (`APP_LIMIT_DATABASE_BATCH`).
const BATCH: usize = 100;
/// The years documents get, and the range the `greaterThan` filter picks from.
const YEARS: std::ops::Range<i64> = 1800..2025;

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

/// The `queries[]` values of one request.
fn queries(year: i64) -> Vec<String> {
    [
        json!({"method": "greaterThan", "attribute": "year", "values": [year]}),
        json!({"method": "orderDesc", "attribute": "rating"}),
        json!({"method": "limit", "values": [25]}),
    ]
    .iter()
    .map(Value::to_string)
    .collect()
}

/// Keeps `clients` keep-alive connections sending random requests for `seconds`; returns
/// the latencies and the elapsed time.
async fn measure_server(addr: std::net::SocketAddr, clients: usize, seconds: u64) -> std::io::Result<(Vec<Duration>, f64)> {
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..clients {
        tasks.push(tokio::spawn(async move {
            let mut conn = Conn::open(addr).await?;
            let mut latencies = Vec::new();
            while Instant::now() < deadline {
                let year: i64 = rand::rng().random_range(YEARS);
                let query: Vec<String> = queries(year).iter().enumerate().map(|(i, q)| format!("queries%5B{i}%5D={}", encode(q))).collect();
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
        all.extend(task.await.map_err(std::io::Error::other)??);
    }
    let elapsed = started.elapsed().as_secs_f64();
    all.sort();
    Ok((all, elapsed))
}

fn report_server(docs: usize, clients: usize, seconds: u64, (all, elapsed): &(Vec<Duration>, f64)) -> f64 {
    let rate = all.len() as f64 / elapsed;
    println!("server, {clients} connection(s), {docs} documents, {seconds} s:");
    println!("  {} requests, {rate:.0} requests/s", all.len());
    println!(
        "  latency p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        percentile(all, 0.50).as_secs_f64() * 1e3,
        percentile(all, 0.99).as_secs_f64() * 1e3,
        all.last().copied().unwrap_or_default().as_secs_f64() * 1e3
    );
    rate
}

/// Runs the page and count statements of random years on `threads` connections of their
/// own for `seconds`, reading every column of every row; returns statements pairs per second.
fn measure_sqlite(db: &Path, statements: &[ListSql], threads: usize, seconds: u64) -> Result<f64, rusqlite::Error> {
    use rusqlite::params_from_iter;
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let started = Instant::now();
    let done = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(move || {
                    let conn = rusqlite::Connection::open(db)?;
                    let mut done = 0u64;
                    while Instant::now() < deadline {
                        let sql = &statements[rand::rng().random_range(0..statements.len())];
                        let mut page = conn.prepare_cached(&sql.page)?;
                        let columns = page.column_count();
                        let mut rows = page.query(params_from_iter(sql.page_args.iter()))?;
                        let mut listed = 0usize;
                        while let Some(row) = rows.next()? {
                            for i in 0..columns {
                                std::hint::black_box(row.get_ref(i)?);
                            }
                            listed += 1;
                        }
                        let total: i64 =
                            conn.prepare_cached(&sql.count)?.query_row(params_from_iter(sql.count_args.iter()), |r| r.get(0))?;
                        std::hint::black_box((listed, total));
                        done += 1;
                    }
                    Ok::<_, rusqlite::Error>(done)
                })
            })
            .collect();
        workers.into_iter().map(|w| w.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))).sum::<Result<u64, _>>()
    })?;
    Ok(done as f64 / started.elapsed().as_secs_f64())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let docs = env_or("BENCH_DOCS", 100_000);
    let clients = env_or("BENCH_CLIENTS", 8);
    let seconds = env_or("BENCH_SECONDS", 20) as u64;
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
                .map(|i| json!({"$id": format!("d{i}"), "title": format!("Book {i}"), "year": rng.random_range(YEARS), "rating": rng.random_range(0.0..5.0)}))
                .collect();
            check(setup.send("POST", &format!("{coll}/documents"), Some(&json!({"documents": batch}))).await?, 201)?;
        }
        println!("loaded {docs} documents in {:.1} s", loading.elapsed().as_secs_f64());

        let one = report_server(docs, 1, seconds, &measure_server(addr, 1, seconds).await?);
        let many = report_server(docs, clients, seconds, &measure_server(addr, clients, seconds).await?);
        server.shutdown().await;

        // The statements the server built for every year a request can pick.
        let db = dir.path().join(conform_reference::db::FILE_NAME);
        let conn = rusqlite::Connection::open(&db)?;
        let statements = YEARS
            .map(|year| conform_reference::services::databases::list_statements(&conn, "bench", "books", &queries(year)))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| e.message)?;
        drop(conn);
        println!("SQLite alone, the same page and count statements ({}):", statements[0].page);
        let pool = ReadPool::default_size();
        let alone_one = measure_sqlite(&db, &statements, 1, seconds)?;
        println!("  1 connection: {alone_one:.0} requests/s; server / SQLite alone = {:.2}", one / alone_one);
        let alone_pool = measure_sqlite(&db, &statements, pool, seconds)?;
        println!(
            "  {pool} connections (the server's read pool): {alone_pool:.0} requests/s; server ({clients} connections) / SQLite alone = {:.2}",
            many / alone_pool
        );
        println!("server scaling, {clients} connections / 1: {:.2}; SQLite alone, {pool} / 1: {:.2}", many / one, alone_pool / alone_one);
        Ok::<(), Box<dyn std::error::Error>>(())
    })
}
