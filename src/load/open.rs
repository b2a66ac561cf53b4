//! Our own executors: the open model (`--rate`), which goose cannot express — goose's
//! users are closed loops and `--throttle-requests` only caps their rate, it does not
//! start work on a fixed schedule regardless of how earlier work went — and the
//! unrecorded closed-loop warm-up.
//!
//! Both run a fixed set of worker tasks, each sending one transaction at a time on a
//! connection it takes from a shared [`Pool`] and drives itself (see `connection.rs` for
//! why); an HTTPS endpoint goes through reqwest instead.

use super::alarm::Alarm;
use super::connection::{Address, Pool};
use super::schedule::{Mix, Schedule};
use super::transactions::{Kind, Ops, Via};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::task::JoinSet;

/// What the workers send with.
enum Clients {
    Connections(Pool),
    Reqwest(reqwest::Client),
}

impl Clients {
    fn for_endpoint(endpoint: &str, workers: usize, timeout: Duration) -> anyhow::Result<Clients> {
        Ok(match Address::of_endpoint(endpoint) {
            Some(address) => Clients::Connections(Pool::new(address, timeout)),
            None => Clients::Reqwest(reqwest::Client::builder().timeout(timeout).pool_max_idle_per_host(workers).build()?),
        })
    }

    async fn run(&self, ops: &Ops, kind: Kind, intended: Option<Instant>) {
        match self {
            Clients::Connections(pool) => {
                let mut connection = pool.take();
                ops.run(&mut Via::Connection(&mut connection), kind, intended).await;
                pool.put(connection);
            }
            Clients::Reqwest(client) => ops.run(&mut Via::Reqwest(client), kind, intended).await,
        }
    }
}

/// Starts transactions at the schedule's intended times. `max_in_flight` workers take the
/// arrivals in order, each waiting for its arrival's slot, so at most that many run at
/// once; an arrival that finds every worker busy starts late, when one is free, and its
/// latency still counts from its intended start. Nothing is skipped.
pub async fn run_open(ops: Arc<Ops>, schedule: Schedule, mix: Mix<Kind>, max_in_flight: usize, timeout: Duration) -> anyhow::Result<()> {
    let clients = Arc::new(Clients::for_endpoint(&ops.endpoint, max_in_flight, timeout)?);
    let alarm = Arc::new(Alarm::start()?);
    // `k` counts this shard's arrivals; the mix follows the whole run's index, so the
    // shards together run the same mix as one machine would.
    let next = Arc::new(AtomicU64::new(0));
    let start = ops.recorder.phase_start();
    let mut workers = JoinSet::new();
    for _ in 0..max_in_flight {
        let (ops, clients, alarm, next, mix) = (ops.clone(), clients.clone(), alarm.clone(), next.clone(), mix.clone());
        workers.spawn(async move {
            loop {
                let k = next.fetch_add(1, Ordering::Relaxed);
                if !schedule.has(k) {
                    break;
                }
                let intended = start + schedule.intended_start_of(k);
                alarm.at(intended).await;
                ops.recorder.record_start(intended, Instant::now());
                clients.run(&ops, *mix.kind(schedule.arrival(k)), Some(intended)).await;
            }
        });
    }
    while let Some(worker) = workers.join_next().await {
        worker.map_err(|e| anyhow::anyhow!("an open-model worker stopped: {e}"))?;
    }
    Ok(())
}

/// `users` loops running transactions back to back until `until`; used for warm-up, whose
/// results are not reported.
pub async fn run_closed_direct(ops: Arc<Ops>, users: usize, mix: Mix<Kind>, until: Instant, timeout: Duration) -> anyhow::Result<()> {
    let clients = Arc::new(Clients::for_endpoint(&ops.endpoint, users, timeout)?);
    let mut tasks = JoinSet::new();
    for user in 0..users {
        let (ops, clients, mix) = (ops.clone(), clients.clone(), mix.clone());
        tasks.spawn(async move {
            let mut i = user as u64;
            while Instant::now() < until {
                clients.run(&ops, *mix.kind(i), None).await;
                i += users as u64;
            }
        });
    }
    while tasks.join_next().await.is_some() {}
    Ok(())
}
