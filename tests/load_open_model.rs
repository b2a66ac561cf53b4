//! The open model (`--rate`) holds its schedule and measures latency from it, checked
//! against a server whose capacity is known exactly: it answers `GET /v1/ping` after
//! sleeping `SERVICE`, at most `permits` requests at a time, so it serves at most
//! permits / SERVICE requests per second.
//!
//! - At a rate it sustains, arrivals start on their slots (at most a few late) and the corrected
//!   histogram (from the intended start) stays next to the uncorrected one (from the actual
//!   start).
//! - At twice the rate it can serve, with the load generator allowed as many requests in
//!   flight as the server has permits, the backlog waits in the generator and grows
//!   linearly. wrk2's reasoning predicts the corrected latency of arrival i: it completes
//!   when the server has worked off i requests, at i / capacity + S, and was due at i / R,
//!   so its corrected latency is i / capacity − i / R + S. Over a schedule of N arrivals the
//!   corrected median is that at i = N/2 and the maximum that at i = N − 1 (about 1 s and 2 s
//!   here), while the uncorrected latency stays near S (the generator only starts a request
//!   when a permit is free).
//!
//! Bounds are chosen so that timing noise on a busy 2-core machine cannot fail a correct
//! executor while the usual mistakes always do: measuring from the actual start makes the
//! overloaded case's corrected median about S (20 ms) instead of about a second; measuring
//! from the start of the phase, or dropping late arrivals, puts it about a second off too;
//! a schedule that drifts (sleeping 1/R after each start) makes nearly every start late in
//! the sustained case. S is taken from the run itself (the uncorrected mean), so a slow
//! machine moves the prediction with the measurement. No bound is a speed target.

use axum::routing::get;
use axum::Router;
use conform::load::report::Summary;
use conform::load::LoadOptions;
use conform::target::Target;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Semaphore;

/// The two runs take turns: either would disturb the other's timing on a 2-core machine.
static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// How long the server takes per request.
const SERVICE: Duration = Duration::from_millis(20);

/// A server on its own runtime and thread (so it never competes with the generator's
/// runtime for a worker): `GET /v1/ping` answers "Pong!" after holding one of `permits`
/// permits for [`SERVICE`]. Returns the endpoint; the server lives as long as the process.
fn slow_server(permits: usize) -> String {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        runtime.block_on(async move {
            let capacity = Arc::new(Semaphore::new(permits));
            let app = Router::new().route(
                "/v1/ping",
                get(move || {
                    let capacity = capacity.clone();
                    async move {
                        let _permit = capacity.acquire().await.unwrap();
                        tokio::time::sleep(SERVICE).await;
                        "Pong!"
                    }
                }),
            );
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            tx.send(listener.local_addr().unwrap()).unwrap();
            axum::serve(listener, app).await.unwrap();
        });
    });
    format!("http://{}/v1", rx.recv().unwrap())
}

/// An open-model ping run at `rate` for `seconds`, at most `max_in_flight` requests at once.
async fn open_run(endpoint: &str, rate: f64, seconds: u64, max_in_flight: usize) -> Summary {
    let _turn = ONE_AT_A_TIME.lock().await;
    let tmp = tempfile::tempdir().unwrap();
    let scenario = tmp.path().join("pings.toml");
    std::fs::write(&scenario, format!("description = \"pings\"\n[run]\nmax_in_flight = {max_in_flight}\n[ping]\n")).unwrap();
    let target = Target::remote(endpoint, "p", "k", &[]).unwrap();
    let options = LoadOptions {
        scenario: scenario.display().to_string(),
        rate: Some(rate),
        duration: Some(Duration::from_secs(seconds)),
        warmup: Some(Duration::ZERO),
        reports: tmp.path().to_path_buf(),
        max_error_rate: 0.0,
        quiet: true,
        ..LoadOptions::default()
    };
    let outcome = conform::load::run(&target, options).await.unwrap();
    assert!(outcome.failures.is_empty(), "{:?}", outcome.failures);
    let s = outcome.summary;
    let arrivals = (rate * seconds as f64).round() as u64;
    assert_eq!(s.scheduled, arrivals, "every arrival of the schedule starts, late or not");
    assert_eq!(s.transactions["ping"].count, arrivals, "{:?}", s.errors);
    s
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn at_a_rate_the_server_sustains_starts_are_on_time_and_both_histograms_agree() {
    // 64 permits of 20 ms: 3,200 requests/s of capacity for 100/s offered (about 2 in flight).
    // Late means more than 5 ms after its slot. Starts are on time to about 0.15 ms (median
    // start lag), but a machine running other work stalls a thread for 10–20 ms now and then,
    // delaying the arrivals due meanwhile: 0–2 of these 400 were late at a load average of
    // 4.5 on 2 cores, 8 once. So the bound is 5 %, which a schedule that drifts (sleeping
    // 1/R after each start) or waits for earlier transactions misses by far: it is late on
    // nearly every arrival after the first second.
    let endpoint = slow_server(64);
    let s = open_run(&endpoint, 100.0, 4, 256).await;
    let late = s.late_starts as f64 / s.scheduled as f64;
    assert!(late < 0.05, "{} of {} arrivals started more than 5 ms late; start lag {:?}", s.late_starts, s.scheduled, s.start_lag);
    let ping = &s.transactions["ping"];
    let (corrected, uncorrected) = (&ping.corrected, &ping.uncorrected);
    // Each corrected value is its uncorrected value plus that arrival's start lag, which is
    // at most 5 ms for 95 % of them; so (fewer than 5 % + 10 % of the values exceed
    // uncorrected p90 + 5 ms) these follow from the bound above unless the two histograms
    // are recorded from different things.
    assert!(uncorrected.p50_ms >= SERVICE.as_secs_f64() * 1000.0, "the server sleeps 20 ms: {uncorrected:?}");
    assert!(corrected.p50_ms >= uncorrected.p50_ms, "corrected {corrected:?} below uncorrected {uncorrected:?}");
    assert!(corrected.p50_ms <= uncorrected.p90_ms + 5.0, "corrected {corrected:?}, uncorrected {uncorrected:?}");
    assert!(corrected.p90_ms <= uncorrected.p99_ms + 5.0, "corrected {corrected:?}, uncorrected {uncorrected:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn above_the_servers_capacity_corrected_latency_shows_the_queue_as_wrk2_predicts() {
    // 4 permits of 20 ms: at most 200 requests/s, offered 400/s for 2 s (800 arrivals).
    const PERMITS: usize = 4;
    const RATE: f64 = 400.0;
    const SECONDS: u64 = 2;
    let endpoint = slow_server(PERMITS);
    let s = open_run(&endpoint, RATE, SECONDS, PERMITS).await;
    let ping = &s.transactions["ping"];
    let (corrected, uncorrected) = (&ping.corrected, &ping.uncorrected);

    // S: what one request really held a permit for, on this machine today.
    let service = uncorrected.mean_ms / 1000.0;
    let capacity = PERMITS as f64 / service;
    let arrivals = RATE * SECONDS as f64;
    let predicted_ms = |i: f64| (i / capacity - i / RATE + service) * 1000.0;
    let (p50, max) = (predicted_ms(arrivals / 2.0), predicted_ms(arrivals - 1.0));
    let report = format!(
        "S = {:.1} ms, predicted p50 {p50:.0} ms, max {max:.0} ms; corrected {corrected:?}; uncorrected {uncorrected:?}",
        service * 1000.0
    );

    // The queue waited in the generator, so the uncorrected latency did not see it…
    assert!(uncorrected.p50_ms < 100.0, "{report}");
    // …and the corrected latency did, as much as the queue model says (±30 %: the
    // prediction and a wrong measurement differ by a factor of two or more).
    assert!((0.7 * p50..=1.3 * p50).contains(&corrected.p50_ms), "corrected p50 off the prediction: {report}");
    assert!((0.7 * max..=1.3 * max).contains(&corrected.max_ms), "corrected max off the prediction: {report}");
    // The latency grows linearly with the arrival index, so p90 sits at 90 % of the way.
    let p90 = predicted_ms(0.9 * arrivals);
    assert!((0.7 * p90..=1.3 * p90).contains(&corrected.p90_ms), "corrected p90 off the prediction: {report}");
    // Nearly every arrival after the first few found no free slot and started late.
    assert!(s.late_starts as f64 > 0.9 * arrivals, "{} late of {arrivals}: {report}", s.late_starts);
}
