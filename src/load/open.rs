//! Our own executors: the open model (`--rate`), which goose cannot express — goose's
//! users are closed loops and `--throttle-requests` only caps their rate, it does not
//! start work on a fixed schedule regardless of how earlier work went — and the
//! unrecorded closed-loop warm-up.

use super::schedule::{Mix, Schedule};
use super::transactions::{Kind, Ops, Via};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

pub fn http_client(pool: usize, timeout: Duration) -> anyhow::Result<reqwest::Client> {
    Ok(reqwest::Client::builder().timeout(timeout).pool_max_idle_per_host(pool).build()?)
}

/// Starts transactions at the schedule's intended times. At most `max_in_flight` run at
/// once; an arrival that finds no free slot waits for one and starts late, and its latency
/// still counts from its intended start. Nothing is skipped.
pub async fn run_open(ops: Arc<Ops>, schedule: Schedule, mix: Mix<Kind>, max_in_flight: usize, timeout: Duration) -> anyhow::Result<()> {
    let http = http_client(max_in_flight, timeout)?;
    let slots = Arc::new(Semaphore::new(max_in_flight));
    let start = ops.recorder.phase_start();
    let mut tasks = JoinSet::new();
    // `k` counts this shard's arrivals; the mix follows the whole run's index, so the
    // shards together run the same mix as one machine would.
    let mut next = 0u64;
    while schedule.has(next) {
        let due = schedule.due(next, start.elapsed());
        if due.is_empty() {
            tokio::time::sleep_until((start + schedule.intended_start_of(next)).into()).await;
            continue;
        }
        for k in due {
            let intended = start + schedule.intended_start_of(k);
            let permit = slots.clone().acquire_owned().await?;
            ops.recorder.record_start(intended, Instant::now());
            let (ops, http, kind) = (ops.clone(), http.clone(), *mix.kind(schedule.arrival(k)));
            tasks.spawn(async move {
                ops.run(&mut Via::Direct(&http), kind, Some(intended)).await;
                drop(permit);
            });
            next = k + 1;
        }
        // Finished tasks are reaped as we go so a long run does not hold them all.
        while tasks.try_join_next().is_some() {}
    }
    while tasks.join_next().await.is_some() {}
    Ok(())
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
