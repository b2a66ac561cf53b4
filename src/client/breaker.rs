//! The run's breaker: once the target has stopped answering, say when, and ask it nothing
//! more. Without it a target that hangs mid-run costs every remaining scenario a request
//! timeout (⌈536 ÷ 8⌉ × 15 s ≈ 17 min for the whole suite), and minute 17 says nothing
//! second 20 did not.
//!
//! Only requests that got no answer count: a transport error (refused, reset, closed
//! mid-body), a request timeout, or a body beyond the size cap. Any answer, however slow or
//! wrong, resets the count, so a target that answers within the request timeout never trips
//! it. A request cut short by its scenario's deadline says nothing about the target and
//! neither counts nor resets.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::watch;

/// Requests in a row that got no answer before the target is declared gone. At the default
/// concurrency of 8 a hanging target fails a whole wave of requests at once, so six in a row
/// mean that no scenario running then got an answer; answers from other scenarios in between
/// reset the count, so one hanging route does not trip it.
pub const UNANSWERED_IN_A_ROW: u32 = 6;

/// With one request at a time (`@serial` scenarios, `--concurrency 1`) six request timeouts
/// would take 90 s: two in a row also trip the breaker when nothing at all was answered for
/// this many request timeouts.
pub const SILENT_REQUEST_TIMEOUTS: u32 = 2;

/// When and why the target was declared gone; `summary.json` carries it as `target_gone`.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct TargetGone {
    /// The moment the breaker tripped.
    pub at: DateTime<Utc>,
    /// Milliseconds from the start of the run to that moment.
    pub after_ms: u64,
    /// Requests in a row that had got no answer.
    pub unanswered_in_a_row: u32,
    /// The last of them: method, URL and what happened.
    pub last_error: String,
}

impl TargetGone {
    /// `the target stopped answering at <T>`: the words every affected scenario's failure
    /// starts its reason with.
    pub fn moment(&self) -> String {
        format!(
            "the target stopped answering at {} ({:.1} s into the run)",
            self.at.format("%Y-%m-%d %H:%M:%S%.3f UTC"),
            self.after_ms as f64 / 1000.0
        )
    }

    /// [`TargetGone::moment`] and the evidence for it, for summaries.
    pub fn describe(&self) -> String {
        format!("{}: {} requests in a row got no answer, the last: {}", self.moment(), self.unanswered_in_a_row, self.last_error)
    }
}

/// One per run, shared by every client of the run (cloning shares it).
#[derive(Clone, Debug)]
pub struct Breaker {
    shared: Arc<Shared>,
}

#[derive(Debug)]
struct Shared {
    started: Instant,
    started_at: DateTime<Utc>,
    /// Nothing answered for this long, and two unanswered in a row: gone.
    silence: Duration,
    count: Mutex<Count>,
    gone: watch::Sender<Option<TargetGone>>,
}

#[derive(Debug)]
struct Count {
    unanswered_in_a_row: u32,
    last_answer: Instant,
}

impl Breaker {
    /// A breaker for a run whose requests may each take `request_timeout`; the run starts now.
    pub fn new(request_timeout: Duration) -> Breaker {
        let started = Instant::now();
        Breaker {
            shared: Arc::new(Shared {
                started,
                started_at: Utc::now(),
                silence: request_timeout * SILENT_REQUEST_TIMEOUTS,
                count: Mutex::new(Count { unanswered_in_a_row: 0, last_answer: started }),
                gone: watch::channel(None).0,
            }),
        }
    }

    /// When the target was declared gone, if it was.
    pub fn gone(&self) -> Option<TargetGone> {
        self.shared.gone.borrow().clone()
    }

    /// Resolves when the target is declared gone, so a request waiting on it can stop.
    pub async fn tripped(&self) -> TargetGone {
        let mut gone = self.shared.gone.subscribe();
        // The sender lives as long as `self`, so waiting cannot fail.
        let value = gone.wait_for(Option::is_some).await.ok().and_then(|g| g.clone());
        match value {
            Some(gone) => gone,
            None => std::future::pending().await,
        }
    }

    /// The target answered a request (any status, any body).
    pub fn answered(&self) {
        self.answered_at(Instant::now());
    }

    fn answered_at(&self, now: Instant) {
        if let Ok(mut count) = self.shared.count.lock() {
            count.unanswered_in_a_row = 0;
            count.last_answer = now;
        }
    }

    /// A request got no answer: `error` says which request and what happened.
    pub fn unanswered(&self, error: &str) {
        self.unanswered_at(error, Instant::now());
    }

    fn unanswered_at(&self, error: &str, now: Instant) {
        let Ok(mut count) = self.shared.count.lock() else { return };
        count.unanswered_in_a_row += 1;
        let silent_for = now.saturating_duration_since(count.last_answer);
        let gone =
            count.unanswered_in_a_row >= UNANSWERED_IN_A_ROW || (count.unanswered_in_a_row >= 2 && silent_for >= self.shared.silence);
        if !gone {
            return;
        }
        let after = now.saturating_duration_since(self.shared.started);
        let unanswered_in_a_row = count.unanswered_in_a_row;
        self.shared.gone.send_if_modified(|state| {
            if state.is_some() {
                return false;
            }
            *state = Some(TargetGone {
                at: self.shared.started_at + chrono::Duration::from_std(after).unwrap_or_default(),
                after_ms: after.as_millis() as u64,
                unanswered_in_a_row,
                last_error: error.to_string(),
            });
            true
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TIMEOUT: Duration = Duration::from_secs(15);

    #[test]
    fn six_unanswered_requests_in_a_row_trip_it_and_any_answer_resets_the_count() {
        let breaker = Breaker::new(TIMEOUT);
        for round in 0..3 {
            for i in 0..UNANSWERED_IN_A_ROW - 1 {
                breaker.unanswered(&format!("GET /x: could not connect ({round}.{i})"));
            }
            breaker.answered();
        }
        assert_eq!(breaker.gone(), None, "five in a row, then an answer, three times over: the target still answers");
        for i in 0..UNANSWERED_IN_A_ROW {
            breaker.unanswered(&format!("GET /x: no complete response within 15 s ({i})"));
        }
        let gone = breaker.gone().expect("six in a row trip the breaker");
        assert_eq!(gone.unanswered_in_a_row, UNANSWERED_IN_A_ROW);
        assert_eq!(gone.last_error, "GET /x: no complete response within 15 s (5)");
        assert!(gone.describe().starts_with("the target stopped answering at "), "{}", gone.describe());
    }

    #[test]
    fn a_slow_target_that_answers_never_trips_it() {
        let breaker = Breaker::new(TIMEOUT);
        let start = breaker.shared.started;
        // An answer every 14 s for an hour, with every fifth request timing out in between.
        for n in 1..(3600 / 14) {
            if n % 5 == 0 {
                breaker.unanswered_at("GET /slow: no complete response within 15 s", start + Duration::from_secs(n * 14 - 1));
            }
            breaker.answered_at(start + Duration::from_secs(n * 14));
        }
        assert_eq!(breaker.gone(), None);
    }

    #[test]
    fn two_in_a_row_after_two_request_timeouts_of_silence_trip_it() {
        let breaker = Breaker::new(TIMEOUT);
        let start = breaker.shared.started;
        breaker.unanswered_at("GET /a: no complete response within 15 s", start + TIMEOUT);
        assert_eq!(breaker.gone(), None, "one unanswered request is not a gone target");
        breaker.unanswered_at("DELETE /a: no complete response within 15 s", start + TIMEOUT * 2);
        let gone = breaker.gone().expect("two in a row and 30 s without an answer trip it");
        assert_eq!((gone.unanswered_in_a_row, gone.after_ms), (2, 30_000));
    }

    #[tokio::test]
    async fn waiting_requests_learn_at_once_that_the_target_is_gone() {
        let breaker = Breaker::new(TIMEOUT);
        let waiting = tokio::spawn({
            let breaker = breaker.clone();
            async move { breaker.tripped().await }
        });
        for _ in 0..UNANSWERED_IN_A_ROW {
            breaker.unanswered("GET /x: could not connect");
        }
        let gone = tokio::time::timeout(Duration::from_secs(5), waiting).await.expect("woken within 5 s").expect("task");
        assert_eq!(Some(gone), breaker.gone());
    }
}
