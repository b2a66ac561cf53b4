//! A one-line progress display on stderr while the measured phase runs: transactions per
//! second over the last second, errors so far, elapsed time. Off when `--quiet` or when
//! `CI` is set, where a rewritten line only clutters the log.

use super::recorder::Recorder;
use std::io::Write;
use std::time::{Duration, Instant};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub struct Progress {
    stop: oneshot::Sender<()>,
    task: JoinHandle<()>,
}

pub fn wanted(quiet: bool) -> bool {
    !quiet && std::env::var_os("CI").is_none()
}

impl Progress {
    pub fn start(recorder: Recorder, planned: Option<Duration>) -> Progress {
        let (stop, mut stopped) = oneshot::channel();
        let task = tokio::spawn(async move {
            let started = Instant::now();
            let mut last = (started, 0u64);
            let mut tick = tokio::time::interval(Duration::from_secs(1));
            tick.tick().await;
            loop {
                tokio::select! {
                    _ = &mut stopped => break,
                    _ = tick.tick() => {}
                }
                let (ok, errors) = recorder.totals();
                let now = Instant::now();
                let rate = (ok - last.1) as f64 / now.duration_since(last.0).as_secs_f64().max(1e-3);
                last = (now, ok);
                let of = planned.map_or(String::new(), |p| format!(" of {}s", p.as_secs()));
                eprint!("\rconform load: {:>4}s{of}  {rate:>8.1}/s  {ok} done  {errors} errors   ", started.elapsed().as_secs());
                let _ = std::io::stderr().flush();
            }
            eprintln!();
        });
        Progress { stop, task }
    }

    pub async fn stop(self) {
        let _ = self.stop.send(());
        let _ = self.task.await;
    }
}
