//! The open model's arrival schedule and the transaction mix, as pure functions so they
//! can be tested without a clock: arrival `i` is intended to start at `i / rate` seconds
//! into the measured phase, whatever happened to the arrivals before it. A shard of a run
//! split over machines starts every N-th arrival of that same schedule.

use super::shard::Shard;
use std::time::Duration;

/// A fixed arrival rate, optionally bounded by time and by count: the whole run's, of
/// which `shard` starts its share.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Schedule {
    pub rate_per_sec: f64,
    /// Arrivals intended at or after this offset are not scheduled.
    pub duration: Option<Duration>,
    /// At most this many arrivals (in the whole run).
    pub count: Option<u64>,
    pub shard: Shard,
}

impl Schedule {
    /// The whole run's index of this shard's `k`-th arrival.
    pub fn arrival(&self, k: u64) -> u64 {
        self.shard.global(k)
    }

    /// Whether this shard has a `k`-th arrival.
    pub fn has(&self, k: u64) -> bool {
        self.contains(self.arrival(k))
    }

    /// When this shard's `k`-th arrival is intended to start.
    pub fn intended_start_of(&self, k: u64) -> Duration {
        self.intended_start(self.arrival(k))
    }

    /// When arrival `i` is intended to start, measured from the start of the phase.
    pub fn intended_start(&self, i: u64) -> Duration {
        Duration::from_secs_f64(i as f64 / self.rate_per_sec)
    }

    /// Whether arrival `i` belongs to the schedule at all.
    pub fn contains(&self, i: u64) -> bool {
        self.count.is_none_or(|n| i < n) && self.duration.is_none_or(|d| self.intended_start(i) < d)
    }

    /// This shard's arrivals (numbered `k` within the shard) due by `elapsed` that have not
    /// been started yet (`next` is the first unstarted one): everything intended at or
    /// before `elapsed`, so an executor that stalled starts the backlog late rather than
    /// skipping it.
    pub fn due(&self, next: u64, elapsed: Duration) -> std::ops::Range<u64> {
        let mut end = next;
        while self.has(end) && self.intended_start_of(end) <= elapsed {
            end += 1;
        }
        next..end
    }

    /// Total arrivals, when the schedule is bounded.
    pub fn total(&self) -> Option<u64> {
        let by_time = self.duration.map(|d| (d.as_secs_f64() * self.rate_per_sec).ceil() as u64);
        match (by_time, self.count) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }
}

/// Which kind of transaction arrival `i` is: a smooth weighted round robin, so a 3:1 mix
/// interleaves (A A B A, …) instead of running in blocks, and the same index always
/// gives the same kind.
#[derive(Debug, Clone)]
pub struct Mix<K> {
    cycle: Vec<K>,
}

impl<K: Clone> Mix<K> {
    pub fn new(weighted: &[(K, u32)]) -> Self {
        let total: i64 = weighted.iter().map(|(_, w)| *w as i64).sum();
        let mut current = vec![0i64; weighted.len()];
        let mut cycle = Vec::with_capacity(total as usize);
        for _ in 0..total {
            for (c, (_, w)) in current.iter_mut().zip(weighted) {
                *c += *w as i64;
            }
            let (best, _) = current.iter().enumerate().max_by_key(|(i, c)| (**c, -(*i as i64))).expect("a non-empty mix");
            current[best] -= total;
            cycle.push(weighted[best].0.clone());
        }
        Mix { cycle }
    }

    pub fn kind(&self, i: u64) -> &K {
        &self.cycle[(i % self.cycle.len() as u64) as usize]
    }
}

/// Whether the `i`-th transaction of a kind is in a `percent` sample: exactly
/// ⌊n·percent/100⌋ of the first n are, spread evenly, with no randomness to reproduce.
pub fn sampled(i: u64, percent: f64) -> bool {
    let before = (i as f64 * percent / 100.0).floor();
    let after = ((i + 1) as f64 * percent / 100.0).floor();
    after > before
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    #[test]
    fn arrivals_are_evenly_spaced_at_the_rate() {
        let s = Schedule { rate_per_sec: 4.0, duration: None, count: None, shard: Shard::WHOLE };
        assert_eq!(s.intended_start(0), ms(0));
        assert_eq!(s.intended_start(1), ms(250));
        assert_eq!(s.intended_start(10), ms(2500));
    }

    #[test]
    fn due_returns_the_backlog_after_a_stall_instead_of_dropping_it() {
        let s = Schedule { rate_per_sec: 10.0, duration: None, count: None, shard: Shard::WHOLE };
        assert_eq!(s.due(0, ms(0)), 0..1);
        assert_eq!(s.due(1, ms(50)), 1..1, "nothing is due between arrivals");
        // The executor stalled for a second: all ten arrivals it missed are still due.
        assert_eq!(s.due(1, ms(1050)), 1..11);
    }

    #[test]
    fn schedule_ends_by_time_or_by_count() {
        let by_time = Schedule { rate_per_sec: 10.0, duration: Some(ms(1000)), count: None, shard: Shard::WHOLE };
        assert_eq!(by_time.due(0, ms(5000)), 0..10);
        assert_eq!(by_time.total(), Some(10));
        let by_count = Schedule { rate_per_sec: 10.0, duration: None, count: Some(3), shard: Shard::WHOLE };
        assert_eq!(by_count.due(0, ms(5000)), 0..3);
        assert!(!by_count.contains(3));
        assert_eq!(by_count.total(), Some(3));
    }

    /// This shard's arrivals as (index in the whole run, intended start), in order.
    fn arrivals(s: &Schedule) -> Vec<(u64, Duration)> {
        (0..).take_while(|k| s.has(*k)).map(|k| (s.arrival(k), s.intended_start_of(k))).collect()
    }

    #[test]
    fn shards_together_run_exactly_the_whole_schedule() {
        for (rate, duration, count) in
            [(90.0, Some(ms(2000)), None), (7.0, Some(ms(3100)), None), (1000.0, None, Some(1001)), (33.3, Some(ms(999)), Some(20))]
        {
            let whole = Schedule { rate_per_sec: rate, duration, count, shard: Shard::WHOLE };
            let expected = arrivals(&whole);
            assert!(!expected.is_empty());
            for n in 1..=5u32 {
                let mut union: Vec<(u64, Duration)> = Vec::new();
                for i in 0..n {
                    let part = arrivals(&Schedule { shard: Shard::new(i, n).unwrap(), ..whole });
                    assert!(part.iter().all(|(a, _)| a % n as u64 == i as u64), "shard {i}/{n} took another shard's arrival: {part:?}");
                    assert!(part.windows(2).all(|w| w[0].1 <= w[1].1), "shard {i}/{n} is not in time order");
                    union.extend(part);
                }
                union.sort();
                assert_eq!(union, expected, "{n} shards of {rate}/s, {duration:?}, {count:?}");
            }
        }
    }

    #[test]
    fn a_shard_due_list_counts_its_own_arrivals_only() {
        let s = Schedule { rate_per_sec: 10.0, duration: Some(ms(1000)), count: None, shard: Shard::new(1, 3).unwrap() };
        // Arrivals 1, 4, 7 of the whole run (at 100, 400, 700 ms) belong to shard 1/3.
        assert_eq!(s.due(0, ms(50)), 0..0);
        assert_eq!(s.due(0, ms(450)), 0..2);
        assert_eq!(s.due(2, ms(5000)), 2..3);
        assert_eq!(s.intended_start_of(2), ms(700));
    }

    #[test]
    fn mix_interleaves_by_weight_and_is_stable() {
        let mix = Mix::new(&[("upload", 3), ("preview", 1)]);
        let first: Vec<_> = (0..8).map(|i| *mix.kind(i)).collect();
        assert_eq!(first.iter().filter(|k| **k == "upload").count(), 6);
        assert_eq!(first.iter().filter(|k| **k == "preview").count(), 2);
        assert_ne!(first[..3], ["upload", "upload", "upload"], "a 3:1 mix should interleave: {first:?}");
        assert_eq!(mix.kind(5), mix.kind(9));
        let single = Mix::new(&[("ping", 1)]);
        assert_eq!(*single.kind(41), "ping");
    }

    #[test]
    fn samples_take_the_stated_share_evenly() {
        assert_eq!((0..100).filter(|i| sampled(*i, 5.0)).count(), 5);
        assert_eq!((0..1000).filter(|i| sampled(*i, 5.0)).count(), 50);
        assert_eq!((0..10).filter(|i| sampled(*i, 100.0)).count(), 10);
        assert_eq!((0..10).filter(|i| sampled(*i, 0.0)).count(), 0);
        // Evenly spread: one in each run of twenty.
        assert_eq!((0..20).filter(|i| sampled(*i, 5.0)).count(), 1);
        assert_eq!((20..40).filter(|i| sampled(*i, 5.0)).count(), 1);
    }
}
