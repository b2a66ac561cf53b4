//! Our own executors: the open model (`--rate`), which goose cannot express — goose's
//! users are closed loops and `--throttle-requests` only caps their rate, it does not
//! start work on a fixed schedule regardless of how earlier work went — and the
//! unrecorded closed-loop warm-up.

use super::schedule::{Mix, Schedule};
use super::transactions::{Kind, Ops, Via};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::runtime::Handle;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

pub fn http_client(pool: usize, timeout: Duration) -> anyhow::Result<reqwest::Client> {
    Ok(reqwest::Client::builder().timeout(timeout).pool_max_idle_per_host(pool).build()?)
}

/// Starts transactions at the schedule's intended times. At most `max_in_flight` run at
/// once; an arrival that finds no free slot waits for one and starts late, and its latency
/// still counts from its intended start. Nothing is skipped.
///
/// The arrivals are started from a thread of their own rather than from a task: a task
/// waits behind the request tasks whenever the runtime's workers are busy, and tokio's
/// timer wakes on whole milliseconds, so a task-driven schedule starts about 1 ms late
/// when idle and later under load. The thread sleeps to the microsecond and only hands
/// each transaction to the runtime.
pub async fn run_open(ops: Arc<Ops>, schedule: Schedule, mix: Mix<Kind>, max_in_flight: usize, timeout: Duration) -> anyhow::Result<()> {
    let http = http_client(max_in_flight, timeout)?;
    let slots = Arc::new(Semaphore::new(max_in_flight));
    let runtime = Handle::current();
    let (done, finished) = tokio::sync::oneshot::channel();
    let starter_slots = slots.clone();
    std::thread::Builder::new().name("conform-arrivals".into()).spawn(move || {
        start_arrivals(&ops, &http, schedule, &mix, &starter_slots, &runtime);
        let _ = done.send(());
    })?;
    finished.await.map_err(|_| anyhow::anyhow!("the thread starting the open model's arrivals stopped"))?;
    // Every slot free again means every started transaction has finished.
    let _all = slots.acquire_many(max_in_flight as u32).await?;
    Ok(())
}

/// The arrival loop of [`run_open`], on its own thread: sleeps until the next arrival is
/// due, then starts everything due (a backlog after a stall starts at once, late).
fn start_arrivals(ops: &Arc<Ops>, http: &reqwest::Client, schedule: Schedule, mix: &Mix<Kind>, slots: &Arc<Semaphore>, runtime: &Handle) {
    let start = ops.recorder.phase_start();
    // `k` counts this shard's arrivals; the mix follows the whole run's index, so the
    // shards together run the same mix as one machine would.
    let mut next = 0u64;
    while schedule.has(next) {
        let due = schedule.due(next, start.elapsed());
        if due.is_empty() {
            std::thread::sleep((start + schedule.intended_start_of(next)).saturating_duration_since(Instant::now()));
            continue;
        }
        for k in due {
            let intended = start + schedule.intended_start_of(k);
            let permit = match slots.clone().try_acquire_owned() {
                Ok(permit) => permit,
                Err(_) => runtime.block_on(slots.clone().acquire_owned()).expect("the slots are never closed"),
            };
            ops.recorder.record_start(intended, Instant::now());
            let (ops, http, kind) = (ops.clone(), http.clone(), *mix.kind(schedule.arrival(k)));
            runtime.spawn(async move {
                ops.run(&mut Via::Direct(&http), kind, Some(intended)).await;
                drop(permit);
            });
            next = k + 1;
        }
    }
}

/// `users` loops running transactions back to back until `until`; used for warm-up, whose
/// results are not reported.
pub async fn run_closed_direct(ops: Arc<Ops>, users: usize, mix: Mix<Kind>, until: Instant, timeout: Duration) -> anyhow::Result<()> {
    let http = http_client(users, timeout)?;
    let mut tasks = JoinSet::new();
    for user in 0..users {
        let (ops, http, mix) = (ops.clone(), http.clone(), mix.clone());
        tasks.spawn(async move {
            let mut i = user as u64;
            while Instant::now() < until {
                ops.run(&mut Via::Direct(&http), *mix.kind(i), None).await;
                i += users as u64;
            }
        });
    }
    while tasks.join_next().await.is_some() {}
    Ok(())
}
