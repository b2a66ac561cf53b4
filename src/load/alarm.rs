//! Wake-ups at exact instants for the open model's workers. tokio's timer wakes on whole
//! milliseconds and only when a runtime worker gets to it, so a worker sleeping to its
//! arrival's slot would start about a millisecond late on an idle machine and later under
//! load; that lag would show in the corrected latency of a server that keeps up. One thread
//! sleeps to the microsecond until the earliest registered instant and wakes the task
//! waiting for it. A worker whose instant has already passed (the load generator is behind,
//! as when measuring the most a server can serve) does not touch the thread at all.

use std::collections::BinaryHeap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Instant;
use tokio::sync::oneshot;

pub struct Alarm {
    shared: Arc<Shared>,
    thread: Option<JoinHandle<()>>,
}

struct Shared {
    /// Registered wake-ups, earliest on top.
    pending: Mutex<BinaryHeap<Entry>>,
    stopping: AtomicBool,
}

struct Entry {
    at: Instant,
    wake: oneshot::Sender<()>,
}

// BinaryHeap keeps its greatest entry on top: the earliest instant is the greatest.
impl Ord for Entry {
    fn cmp(&self, other: &Entry) -> std::cmp::Ordering {
        other.at.cmp(&self.at)
    }
}
impl PartialOrd for Entry {
    fn partial_cmp(&self, other: &Entry) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl PartialEq for Entry {
    fn eq(&self, other: &Entry) -> bool {
        self.at == other.at
    }
}
impl Eq for Entry {}

impl Alarm {
    pub fn start() -> std::io::Result<Alarm> {
        let shared = Arc::new(Shared { pending: Mutex::new(BinaryHeap::new()), stopping: AtomicBool::new(false) });
        let ringing = shared.clone();
        let thread = std::thread::Builder::new().name("conform-alarm".into()).spawn(move || ring(&ringing))?;
        Ok(Alarm { shared, thread: Some(thread) })
    }

    /// Resolves at `instant` (at once when it has passed).
    pub async fn at(&self, instant: Instant) {
        if instant <= Instant::now() {
            return;
        }
        let (wake, woken) = oneshot::channel();
        let earliest = {
            let mut pending = self.shared.pending.lock().unwrap_or_else(|e| e.into_inner());
            pending.push(Entry { at: instant, wake });
            pending.peek().is_some_and(|first| first.at == instant)
        };
        if earliest {
            // The thread may be sleeping towards a later instant.
            if let Some(thread) = &self.thread {
                thread.thread().unpark();
            }
        }
        // The thread only drops a wake-up unsent when stopping, and then nobody waits.
        let _ = woken.await;
    }
}

impl Drop for Alarm {
    fn drop(&mut self) {
        self.shared.stopping.store(true, Ordering::Release);
        if let Some(thread) = self.thread.take() {
            thread.thread().unpark();
            let _ = thread.join();
        }
    }
}

/// The thread: wakes everything due, then sleeps until the next instant or a new earliest one.
fn ring(shared: &Shared) {
    while !shared.stopping.load(Ordering::Acquire) {
        let next = {
            let mut pending = shared.pending.lock().unwrap_or_else(|e| e.into_inner());
            let now = Instant::now();
            while pending.peek().is_some_and(|first| first.at <= now) {
                let _ = pending.pop().expect("peeked").wake.send(());
            }
            pending.peek().map(|first| first.at)
        };
        match next {
            Some(at) => std::thread::park_timeout(at.saturating_duration_since(Instant::now())),
            None => std::thread::park(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[tokio::test]
    async fn wakes_each_waiter_at_or_after_its_instant_in_order() {
        let alarm = Arc::new(Alarm::start().unwrap());
        let start = Instant::now();
        let mut tasks = Vec::new();
        // Registered latest first, so each new one becomes the earliest and must unpark the thread.
        for ms in [40u64, 20, 5] {
            let alarm = alarm.clone();
            tasks.push(tokio::spawn(async move {
                alarm.at(start + Duration::from_millis(ms)).await;
                (ms, start.elapsed())
            }));
        }
        for task in tasks {
            let (ms, woke) = task.await.unwrap();
            assert!(woke >= Duration::from_millis(ms), "woke at {woke:?}, before its instant {ms} ms");
        }
    }

    #[tokio::test]
    async fn a_passed_instant_resolves_at_once() {
        let alarm = Alarm::start().unwrap();
        let past = Instant::now();
        tokio::time::timeout(Duration::from_secs(5), alarm.at(past)).await.expect("no wait for a passed instant");
    }
}
