//! One load run split over N machines (`--shard I/N`, `--start-at TIME`).
//!
//! Shard indexes are 0-based (`0/3`, `1/3`, `2/3`), as Kubernetes numbers the pods of an
//! Indexed Job (`JOB_COMPLETION_INDEX`), so a pod passes its index through unchanged.
//! Shard I takes users i with i % N == I in the closed model and arrivals i with
//! i % N == I in the open model, so the shards together run exactly the whole schedule.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::time::Duration;

/// The Kubernetes Indexed Job variable `--shards N` reads the shard index from.
pub const INDEX_ENV: &str = "JOB_COMPLETION_INDEX";

/// How far in the past `--start-at` may be when the run starts: clocks of machines started
/// together differ a little, but a time further back is a stale command line.
pub const START_AT_PAST_TOLERANCE: Duration = Duration::from_secs(5);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shard {
    /// 0-based: 0 ≤ index < count.
    pub index: u32,
    pub count: u32,
}

impl Shard {
    /// The whole run on one machine.
    pub const WHOLE: Shard = Shard { index: 0, count: 1 };

    pub fn new(index: u32, count: u32) -> Result<Shard, String> {
        if count == 0 {
            return Err("the shard count must be at least 1".into());
        }
        if index >= count {
            return Err(format!("shard index {index} is out of range for {count} shards: indexes are 0-based, 0 to {}", count - 1));
        }
        Ok(Shard { index, count })
    }

    /// Parses `I/N`, 0-based.
    pub fn parse(text: &str) -> Result<Shard, String> {
        let (index, count) = text.split_once('/').ok_or_else(|| format!("{text:?} is not a shard such as 0/3 (index/count, 0-based)"))?;
        let number =
            |s: &str, what: &str| s.trim().parse::<u32>().map_err(|_| format!("{text:?}: the shard {what} {s:?} is not a whole number"));
        Shard::new(number(index, "index")?, number(count, "count")?)
    }

    /// `--shards N`: the index comes from `JOB_COMPLETION_INDEX` (given here as read).
    pub fn from_index_env(count: u32, value: Option<&str>) -> Result<Shard, String> {
        let value = value.ok_or_else(|| {
            format!("--shards {count} takes the shard index from {INDEX_ENV}, which is not set (or use --shard I/{count})")
        })?;
        let index =
            value.trim().parse::<u32>().map_err(|_| format!("{INDEX_ENV}={value:?} is not a shard index (a whole number from 0)"))?;
        Shard::new(index, count).map_err(|e| format!("{INDEX_ENV}={value}: {e}"))
    }

    pub fn is_whole(&self) -> bool {
        self.count == 1
    }

    /// Whether user or arrival `i` of the whole run belongs to this shard.
    pub fn takes(&self, i: u64) -> bool {
        i % self.count as u64 == self.index as u64
    }

    /// Index `i` of the whole run of this shard's `k`-th user or arrival.
    pub fn global(&self, k: u64) -> u64 {
        self.index as u64 + k * self.count as u64
    }

    /// How many of `total` users this shard runs.
    pub fn users(&self, total: usize) -> usize {
        (0..total as u64).filter(|i| self.takes(*i)).count()
    }
}

impl Default for Shard {
    fn default() -> Shard {
        Shard::WHOLE
    }
}

impl std::fmt::Display for Shard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

/// What a shard's reports carry so `conform report merge` can tell shards of one run from
/// shards of another: the shard, the common start time and what the whole run was asked for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShardTag {
    pub index: u32,
    pub count: u32,
    /// The requested start of the measured phase, RFC 3339 in UTC.
    pub start_at: String,
    /// The whole run: every shard of one run has the same.
    pub run: WholeRun,
}

/// The whole run's model and bounds, before splitting.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WholeRun {
    pub users: Option<usize>,
    pub rate: Option<f64>,
    pub duration_secs: Option<f64>,
    pub iterations: Option<u64>,
}

impl std::fmt::Display for WholeRun {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.rate, self.users) {
            (Some(rate), _) => write!(f, "{rate}/s")?,
            (None, Some(users)) => write!(f, "{users} users")?,
            (None, None) => write!(f, "no load")?,
        }
        match (self.duration_secs, self.iterations) {
            (Some(d), _) => write!(f, " for {d} s"),
            (None, Some(n)) => write!(f, " for {n} transactions"),
            (None, None) => Ok(()),
        }
    }
}

/// Parses `--start-at` (RFC 3339) and refuses a time more than
/// [`START_AT_PAST_TOLERANCE`] before `now`.
pub fn parse_start_at(text: &str, now: DateTime<Utc>) -> Result<DateTime<Utc>, String> {
    let at = DateTime::parse_from_rfc3339(text.trim())
        .map_err(|e| format!("--start-at {text:?} is not an RFC 3339 time such as 2026-12-03T09:30:00Z ({e})"))?
        .with_timezone(&Utc);
    check_not_past(at, now)?;
    Ok(at)
}

/// Refuses a start time more than [`START_AT_PAST_TOLERANCE`] before `now`.
pub fn check_not_past(at: DateTime<Utc>, now: DateTime<Utc>) -> Result<(), String> {
    let tolerance = chrono::Duration::from_std(START_AT_PAST_TOLERANCE).expect("a small duration");
    if at < now - tolerance {
        return Err(format!(
            "--start-at {} is {:.1} s in the past (now {}): give a time a little ahead, leaving room for setup and warm-up",
            rfc3339(at),
            (now - at).num_milliseconds() as f64 / 1000.0,
            rfc3339(now)
        ));
    }
    Ok(())
}

/// RFC 3339 in UTC with milliseconds, the form reports use.
pub fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// Sleeps until the wall-clock time `at`; returns at once when it has passed.
pub async fn wait_until(at: DateTime<Utc>) {
    if let Ok(wait) = (at - Utc::now()).to_std() {
        tokio::time::sleep(wait).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_are_0_based_and_out_of_range_indexes_are_refused() {
        assert_eq!(Shard::parse("0/3"), Ok(Shard { index: 0, count: 3 }));
        assert_eq!(Shard::parse("2/3"), Ok(Shard { index: 2, count: 3 }));
        let err = Shard::parse("3/3").unwrap_err();
        assert!(err.contains("0-based") && err.contains("0 to 2"), "{err}");
        assert!(Shard::parse("0/0").unwrap_err().contains("at least 1"));
        assert!(Shard::parse("1").unwrap_err().contains("0/3"));
        assert!(Shard::parse("a/3").unwrap_err().contains("not a whole number"));
        assert!(Shard::parse("-1/3").is_err());
    }

    #[test]
    fn shards_count_takes_the_index_from_the_job_completion_index() {
        assert_eq!(Shard::from_index_env(4, Some("3")), Ok(Shard { index: 3, count: 4 }));
        assert!(Shard::from_index_env(4, None).unwrap_err().contains(INDEX_ENV));
        assert!(Shard::from_index_env(4, Some("4")).unwrap_err().contains("0-based"));
        assert!(Shard::from_index_env(4, Some("x")).unwrap_err().contains("not a shard index"));
    }

    #[test]
    fn users_split_round_robin_and_add_up() {
        for total in 0..20usize {
            for count in 1..6u32 {
                let shares: Vec<usize> = (0..count).map(|i| Shard { index: i, count }.users(total)).collect();
                assert_eq!(shares.iter().sum::<usize>(), total, "{total} users over {count} shards: {shares:?}");
                assert!(shares.iter().max().unwrap() - shares.iter().min().unwrap() <= 1, "{shares:?}");
            }
        }
        let s = Shard { index: 1, count: 3 };
        assert_eq!((0..4).map(|k| s.global(k)).collect::<Vec<_>>(), [1, 4, 7, 10]);
        assert!((0..12).all(|i| s.takes(i) == (i % 3 == 1)));
    }

    #[test]
    fn start_at_is_rfc3339_and_not_in_the_past() {
        let now = DateTime::parse_from_rfc3339("2026-12-03T09:00:00Z").unwrap().with_timezone(&Utc);
        assert_eq!(rfc3339(parse_start_at("2026-12-03T09:00:30Z", now).unwrap()), "2026-12-03T09:00:30.000Z");
        assert_eq!(rfc3339(parse_start_at("2026-12-03T10:00:30+01:00", now).unwrap()), "2026-12-03T09:00:30.000Z");
        assert!(parse_start_at("2026-12-03T08:59:58Z", now).is_ok(), "a clock a little behind is tolerated");
        let err = parse_start_at("2026-12-03T08:59:00Z", now).unwrap_err();
        assert!(err.contains("60.0 s in the past"), "{err}");
        assert!(parse_start_at("09:00", now).unwrap_err().contains("RFC 3339"));
    }
}
