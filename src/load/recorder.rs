//! Latency recording: one pair of HDR histograms (uncorrected and corrected for
//! coordinated omission) per transaction type and per one-second interval, written as a
//! standard HdrHistogram interval log (`.hlog`) and read back for merging.
//!
//! Uncorrected latency runs from the moment a transaction actually started. Corrected
//! latency runs from when it should have started: in the open model that is its slot in
//! the schedule, so a stalled server or load generator shows up as latency instead of
//! vanishing; in the closed model no slot exists, so the corrected histogram is
//! HdrHistogram's post-hoc correction with the transaction's mean latency as the expected
//! interval between samples (a closed-loop user sends its next request as soon as the last
//! one ends, so that is its intended cadence).
//!
//! Counts, errors, bytes and correctness results travel in the same `.hlog` as a
//! `#conform: {json}` comment line, which HdrHistogram tools ignore, so a merged log keeps
//! everything the summary needs.

use super::shard::ShardTag;
use hdrhistogram::serialization::interval_log::{IntervalLogIterator, IntervalLogWriterBuilder, LogEntry, Tag};
use hdrhistogram::serialization::{Deserializer, V2DeflateSerializer};
use hdrhistogram::Histogram;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// One interval histogram per second: fine enough for throughput-over-time plots.
pub const INTERVAL: Duration = Duration::from_secs(1);
/// A transaction that starts within this of its scheduled slot is on time: tokio's timer
/// wakes up to a millisecond late on an idle machine, and that is not a stall.
pub const LATE_TOLERANCE: Duration = Duration::from_millis(5);
/// How many distinct error messages are kept (with counts); more are counted as "other".
const MAX_ERROR_KINDS: usize = 50;
const META_PREFIX: &str = "conform: ";
/// The metric recording how late open-model transactions started.
pub const START_LAG: &str = "start-lag";

pub type Hist = Histogram<u64>;

fn new_hist() -> Hist {
    // Auto-resizing with 3 significant digits: microsecond values from 1 µs up to hours.
    Histogram::new(3).expect("3 significant figures is a valid histogram precision")
}

#[derive(Clone)]
pub struct Pair {
    pub uncorrected: Hist,
    pub corrected: Hist,
}

impl Pair {
    fn new() -> Pair {
        Pair { uncorrected: new_hist(), corrected: new_hist() }
    }
}

impl Default for Pair {
    fn default() -> Pair {
        Pair::new()
    }
}

#[derive(Serialize, Deserialize, Default, Clone, Debug, PartialEq)]
pub struct Counts {
    pub ok: u64,
    pub errors: u64,
    /// Payload bytes moved by successful transactions (uploaded or downloaded).
    pub bytes: u64,
}

#[derive(Serialize, Deserialize, Default, Clone, Debug, PartialEq)]
pub struct Correctness {
    pub uploads_checked: u64,
    pub uploads_failed: u64,
    pub previews_checked: u64,
    pub previews_failed: u64,
    /// The first failures, each saying which file and what was wrong.
    pub failures: Vec<String>,
}

impl Correctness {
    pub fn merge(&mut self, other: &Correctness) {
        self.uploads_checked += other.uploads_checked;
        self.uploads_failed += other.uploads_failed;
        self.previews_checked += other.previews_checked;
        self.previews_failed += other.previews_failed;
        self.failures.extend(other.failures.iter().take(20usize.saturating_sub(self.failures.len())).cloned());
    }
}

/// What a run was and everything besides latency that the summary reports.
#[derive(Serialize, Deserialize, Default, Clone, Debug)]
pub struct Meta {
    pub profile: String,
    /// "closed" or "open".
    pub model: String,
    pub users: Option<usize>,
    pub rate: Option<f64>,
    /// Seconds since the Unix epoch when the measured phase started.
    pub start_epoch: f64,
    /// Length of the measured phase in seconds: from its start to the end of its last transaction.
    pub duration_secs: f64,
    pub counts: BTreeMap<String, Counts>,
    /// Open model: transactions the schedule asked for, and how many of them started late.
    pub scheduled: u64,
    pub late_starts: u64,
    pub errors: BTreeMap<String, u64>,
    pub correctness: Correctness,
    /// Payload bytes completed in each interval, for the throughput-over-time plot.
    pub bytes_per_interval: Vec<u64>,
    /// How many logs were merged into this one (1 for a single run).
    pub sources: u32,
    /// A shard of a run split over machines (`--shard`).
    pub shard: Option<ShardTag>,
    /// The requested start of the measured phase (`--start-at`), RFC 3339 in UTC.
    pub start_at: Option<String>,
}

/// Everything a run (or a merge of runs) measured.
#[derive(Clone)]
pub struct Recording {
    pub meta: Meta,
    /// Interval `i` covers `[i, i+1)` × [`INTERVAL`] after `meta.start_epoch`.
    pub intervals: Vec<BTreeMap<String, Pair>>,
}

struct State {
    intervals: Vec<BTreeMap<String, Pair>>,
    meta: Meta,
    /// When the latest transaction ended: the end of the measured phase, which excludes
    /// what runs after the load (goose writing its report, the executors shutting down).
    last_end: Option<Instant>,
}

/// Shared by every user; cheap to clone. Recording takes a short lock per transaction.
#[derive(Clone)]
pub struct Recorder {
    state: Arc<Mutex<State>>,
    started: Instant,
}

impl Recorder {
    /// Starts the clock of the measured phase now.
    pub fn start(meta: Meta) -> Recorder {
        let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default();
        let meta = Meta { start_epoch: now.as_secs_f64(), sources: 1, ..meta };
        Recorder { state: Arc::new(Mutex::new(State { intervals: Vec::new(), meta, last_end: None })), started: Instant::now() }
    }

    pub fn phase_start(&self) -> Instant {
        self.started
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // A panic elsewhere while holding the lock leaves consistent counters; keep going.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A successful transaction of `metric` that started at `started`, was meant to start
    /// at `intended` (open model) and finished at `finished`, moving `bytes` of payload.
    pub fn record(&self, metric: &str, intended: Option<Instant>, started: Instant, finished: Instant, bytes: u64) {
        let uncorrected = micros(finished.saturating_duration_since(started));
        let corrected = intended.map_or(uncorrected, |i| micros(finished.saturating_duration_since(i)));
        let slot = interval_index(finished.saturating_duration_since(self.started));
        let mut state = self.lock();
        state.last_end = state.last_end.max(Some(finished));
        let pair = entry(slot_of(&mut state.intervals, slot), metric);
        put(&mut pair.uncorrected, uncorrected);
        put(&mut pair.corrected, corrected);
        let counts = entry(&mut state.meta.counts, metric);
        counts.ok += 1;
        counts.bytes += bytes;
        if bytes > 0 {
            let per = &mut state.meta.bytes_per_interval;
            if per.len() <= slot {
                per.resize(slot + 1, 0);
            }
            per[slot] += bytes;
        }
    }

    pub fn record_error(&self, metric: &str, message: &str) {
        let mut state = self.lock();
        state.last_end = state.last_end.max(Some(Instant::now()));
        state.meta.counts.entry(metric.to_string()).or_default().errors += 1;
        let key = format!("{metric}: {message}");
        let errors = &mut state.meta.errors;
        if errors.contains_key(&key) || errors.len() < MAX_ERROR_KINDS {
            *errors.entry(key).or_default() += 1;
        } else {
            *errors.entry(format!("{metric}: other errors")).or_default() += 1;
        }
    }

    /// Open model: arrival scheduled for `intended` actually started at `started`.
    pub fn record_start(&self, intended: Instant, started: Instant) {
        let lag = started.saturating_duration_since(intended);
        let slot = interval_index(intended.saturating_duration_since(self.started));
        let mut state = self.lock();
        let pair = entry(slot_of(&mut state.intervals, slot), START_LAG);
        put(&mut pair.uncorrected, micros(lag));
        put(&mut pair.corrected, micros(lag));
        state.meta.scheduled += 1;
        if lag > LATE_TOLERANCE {
            state.meta.late_starts += 1;
        }
    }

    /// Ok and error counts so far, for the progress line.
    pub fn totals(&self) -> (u64, u64) {
        let state = self.lock();
        state.meta.counts.iter().fold((0, 0), |(ok, err), (_, c)| (ok + c.ok, err + c.errors))
    }

    /// Ends the measured phase. In the closed model the corrected histograms are derived
    /// here (see the module documentation).
    pub fn finish(&self) -> Recording {
        let mut state = self.lock();
        let end = state.last_end.unwrap_or_else(Instant::now);
        state.meta.duration_secs = end.saturating_duration_since(self.started).as_secs_f64();
        let mut recording = Recording { meta: state.meta.clone(), intervals: state.intervals.clone() };
        if recording.meta.model == "closed" {
            let means: BTreeMap<String, u64> =
                recording.totals().into_iter().map(|(metric, pair)| (metric, pair.uncorrected.mean().round() as u64)).collect();
            for interval in &mut recording.intervals {
                for (metric, pair) in interval.iter_mut() {
                    let expected = means.get(metric).copied().unwrap_or(0);
                    pair.corrected = if expected > 0 { pair.uncorrected.clone_correct(expected) } else { pair.uncorrected.clone() };
                }
            }
        }
        recording
    }
}

/// Records `value` µs, growing the histogram as needed (its `saturating_record` would clamp
/// to the current range instead of growing); values past what it can ever hold are clamped.
fn put(h: &mut Hist, value: u64) {
    if h.record(value.max(1)).is_err() {
        h.saturating_record(value.max(1));
    }
}

/// The map's value for `key`, made with its default when missing. Unlike `entry` it
/// allocates the key only the first time, which matters once per transaction.
fn entry<'m, V: Default>(map: &'m mut BTreeMap<String, V>, key: &str) -> &'m mut V {
    if !map.contains_key(key) {
        map.insert(key.to_string(), V::default());
    }
    map.get_mut(key).expect("inserted above")
}

fn micros(d: Duration) -> u64 {
    d.as_micros().min(u64::MAX as u128) as u64
}

fn interval_index(since_start: Duration) -> usize {
    (since_start.as_secs_f64() / INTERVAL.as_secs_f64()) as usize
}

fn slot_of(intervals: &mut Vec<BTreeMap<String, Pair>>, slot: usize) -> &mut BTreeMap<String, Pair> {
    if intervals.len() <= slot {
        intervals.resize_with(slot + 1, BTreeMap::new);
    }
    &mut intervals[slot]
}

impl Recording {
    /// Every interval added up, per metric.
    pub fn totals(&self) -> BTreeMap<String, Pair> {
        let mut totals: BTreeMap<String, Pair> = BTreeMap::new();
        for interval in &self.intervals {
            for (metric, pair) in interval {
                let total = totals.entry(metric.clone()).or_default();
                // Auto-resizing histograms of the same precision always add up.
                let _ = total.uncorrected.add(&pair.uncorrected);
                let _ = total.corrected.add(&pair.corrected);
            }
        }
        totals
    }

    /// Writes the standard interval log: StartTime/BaseTime headers, one compressed
    /// histogram line per interval, metric and correction (tags `uncorrected/<metric>` and
    /// `corrected/<metric>`), then our `#conform:` metadata comment.
    pub fn write_hlog(&self, out: &mut impl std::io::Write) -> anyhow::Result<()> {
        let start = UNIX_EPOCH + Duration::from_secs_f64(self.meta.start_epoch);
        let mut serializer = V2DeflateSerializer::new();
        let mut writer = IntervalLogWriterBuilder::new()
            .add_comment("conform load: latency in microseconds; tags are uncorrected/<transaction> and corrected/<transaction>")
            .with_start_time(start)
            .with_base_time(start)
            .with_max_value_divisor(1000.0)
            .begin_log_with(out, &mut serializer)?;
        for (i, interval) in self.intervals.iter().enumerate() {
            let offset = INTERVAL * i as u32;
            for (metric, pair) in interval {
                for (kind, hist) in [("uncorrected", &pair.uncorrected), ("corrected", &pair.corrected)] {
                    let tag = format!("{kind}/{metric}");
                    let tag = Tag::new(&tag).ok_or_else(|| anyhow::anyhow!("metric name {metric:?} cannot be an hlog tag"))?;
                    writer
                        .write_histogram(hist, offset, INTERVAL, Some(tag))
                        .map_err(|e| anyhow::anyhow!("writing the interval log: {e}"))?;
                }
            }
        }
        writer.write_comment(&format!("{META_PREFIX}{}", serde_json::to_string(&self.meta)?))?;
        Ok(())
    }

    /// Reads a log written by [`Recording::write_hlog`]. Logs from other HdrHistogram tools
    /// are read too: untagged histograms count as `uncorrected/` and `corrected/` of `all`.
    pub fn read_hlog(bytes: &[u8]) -> anyhow::Result<Recording> {
        let text = String::from_utf8_lossy(bytes);
        let mut meta: Option<Meta> = None;
        for line in text.lines() {
            if let Some(json) = line.strip_prefix('#').and_then(|l| l.strip_prefix(META_PREFIX)) {
                meta = Some(serde_json::from_str(json).map_err(|e| anyhow::anyhow!("the #conform: metadata line is not valid: {e}"))?);
            }
        }
        let mut base: Option<f64> = None;
        let mut start: Option<f64> = None;
        let mut entries = Vec::new();
        for entry in IntervalLogIterator::new(bytes) {
            match entry.map_err(|e| anyhow::anyhow!("not an HdrHistogram interval log: {e:?}"))? {
                LogEntry::BaseTime(t) => base = Some(t.as_secs_f64()),
                LogEntry::StartTime(t) => start = Some(t.as_secs_f64()),
                LogEntry::Interval(h) => {
                    let encoded = base64::Engine::decode(&base64::engine::general_purpose::STANDARD, h.encoded_histogram())
                        .map_err(|e| anyhow::anyhow!("histogram at {:?} is not base64: {e}", h.start_timestamp()))?;
                    let hist: Hist = Deserializer::new()
                        .deserialize(&mut std::io::Cursor::new(encoded))
                        .map_err(|e| anyhow::anyhow!("histogram at {:?} does not decode: {e:?}", h.start_timestamp()))?;
                    entries.push((h.start_timestamp().as_secs_f64(), h.tag().map(|t| t.as_str().to_string()), hist));
                }
            }
        }
        let origin = base.unwrap_or(0.0);
        let mut meta = meta.unwrap_or_default();
        let first = entries.iter().map(|(t, _, _)| origin + t).fold(f64::INFINITY, f64::min);
        if meta.start_epoch == 0.0 {
            meta.start_epoch = start.unwrap_or(if first.is_finite() { first } else { 0.0 });
            meta.sources = 1;
        }
        let mut intervals: Vec<BTreeMap<String, Pair>> = Vec::new();
        for (t, tag, hist) in entries {
            let slot = (((origin + t) - meta.start_epoch) / INTERVAL.as_secs_f64()).max(0.0).round() as usize;
            let (kind, metric) = match tag.as_deref().and_then(|t| t.split_once('/')) {
                Some((kind, metric)) => (kind.to_string(), metric.to_string()),
                None => ("both".to_string(), tag.unwrap_or_else(|| "all".to_string())),
            };
            let pair = slot_of(&mut intervals, slot).entry(metric).or_default();
            if kind != "corrected" {
                let _ = pair.uncorrected.add(&hist);
            }
            if kind != "uncorrected" {
                let _ = pair.corrected.add(&hist);
            }
        }
        Ok(Recording { meta, intervals })
    }

    /// Merges runs from several load machines into one, aligning intervals by wall-clock
    /// time: counts and histograms add up, and the phase spans from the first start to the
    /// last end.
    pub fn merge(recordings: Vec<Recording>) -> anyhow::Result<Recording> {
        anyhow::ensure!(!recordings.is_empty(), "nothing to merge");
        let start = recordings.iter().map(|r| r.meta.start_epoch).fold(f64::INFINITY, f64::min);
        let end = recordings.iter().map(|r| r.meta.start_epoch + r.meta.duration_secs).fold(f64::NEG_INFINITY, f64::max);
        let mut meta = Meta { start_epoch: start, duration_secs: end - start, ..Meta::default() };
        let mut profiles = Vec::new();
        let mut models = Vec::new();
        let mut intervals: Vec<BTreeMap<String, Pair>> = Vec::new();
        for r in &recordings {
            let shift = ((r.meta.start_epoch - start) / INTERVAL.as_secs_f64()).round() as usize;
            for (i, interval) in r.intervals.iter().enumerate() {
                let slot = slot_of(&mut intervals, i + shift);
                for (metric, pair) in interval {
                    let into = slot.entry(metric.clone()).or_default();
                    let _ = into.uncorrected.add(&pair.uncorrected);
                    let _ = into.corrected.add(&pair.corrected);
                }
            }
            for (i, bytes) in r.meta.bytes_per_interval.iter().enumerate() {
                let per = &mut meta.bytes_per_interval;
                if per.len() <= i + shift {
                    per.resize(i + shift + 1, 0);
                }
                per[i + shift] += bytes;
            }
            for (metric, c) in &r.meta.counts {
                let into = meta.counts.entry(metric.clone()).or_default();
                into.ok += c.ok;
                into.errors += c.errors;
                into.bytes += c.bytes;
            }
            for (message, n) in &r.meta.errors {
                *meta.errors.entry(message.clone()).or_default() += n;
            }
            meta.scheduled += r.meta.scheduled;
            meta.late_starts += r.meta.late_starts;
            meta.correctness.merge(&r.meta.correctness);
            meta.sources += r.meta.sources.max(1);
            meta.users = match (meta.users, r.meta.users) {
                (Some(a), Some(b)) => Some(a + b),
                (a, b) => a.or(b),
            };
            meta.rate = match (meta.rate, r.meta.rate) {
                (Some(a), Some(b)) => Some(a + b),
                (a, b) => a.or(b),
            };
            if !profiles.contains(&r.meta.profile) {
                profiles.push(r.meta.profile.clone());
            }
            if !models.contains(&r.meta.model) {
                models.push(r.meta.model.clone());
            }
        }
        meta.profile = profiles.join("+");
        meta.model = models.join("+");
        Ok(Recording { meta, intervals })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn recording(model: &str) -> (Recorder, Instant) {
        let rec = Recorder::start(Meta { model: model.into(), profile: "t".into(), ..Meta::default() });
        let t0 = rec.phase_start();
        (rec, t0)
    }

    #[test]
    fn open_model_measures_corrected_latency_from_the_intended_start() {
        let (rec, t0) = recording("open");
        // Meant to start at t0, started 400 ms late, took 100 ms.
        rec.record_start(t0, t0 + Duration::from_millis(400));
        rec.record("ping", Some(t0), t0 + Duration::from_millis(400), t0 + Duration::from_millis(500), 0);
        let totals = rec.finish().totals();
        let ping = &totals["ping"];
        assert!((99_000..=101_000).contains(&ping.uncorrected.max()), "{}", ping.uncorrected.max());
        assert!((499_000..=501_000).contains(&ping.corrected.max()), "{}", ping.corrected.max());
        let meta = rec.finish().meta;
        assert_eq!((meta.scheduled, meta.late_starts), (1, 1));
    }

    #[test]
    fn the_measured_phase_ends_with_its_last_transaction() {
        let (rec, t0) = recording("closed");
        rec.record("ping", None, t0, t0 + Duration::from_millis(2), 0);
        rec.record("ping", None, t0, t0 + Duration::from_millis(1), 0);
        // What runs after the load (goose writing its report) is not measured time.
        std::thread::sleep(Duration::from_millis(50));
        let duration = rec.finish().meta.duration_secs;
        assert!((0.0019..0.0021).contains(&duration), "{duration}");
    }

    #[test]
    fn closed_model_correction_backfills_stalls() {
        let (rec, t0) = recording("closed");
        for i in 0..99 {
            let s = t0 + Duration::from_millis(i);
            rec.record("ping", None, s, s + Duration::from_millis(1), 0);
        }
        rec.record("ping", None, t0, t0 + Duration::from_secs(1), 0);
        let totals = rec.finish().totals();
        let ping = &totals["ping"];
        assert_eq!(ping.uncorrected.len(), 100);
        assert!(ping.corrected.len() > 100, "a one-second stall hides samples a closed loop never sent");
        assert!(ping.corrected.value_at_quantile(0.9) > ping.uncorrected.value_at_quantile(0.9));
    }

    #[test]
    fn interval_log_round_trips_and_merges() {
        let (rec, t0) = recording("closed");
        for i in 0..50u64 {
            let s = t0 + Duration::from_millis(i * 10);
            rec.record("upload", None, s, s + Duration::from_millis(5 + i), 1000);
        }
        rec.record_error("upload", "HTTP 500");
        let mut original = rec.finish();
        original.meta.correctness = Correctness { uploads_checked: 3, ..Correctness::default() };
        let mut log = Vec::new();
        original.write_hlog(&mut log).unwrap();
        let text = String::from_utf8(log.clone()).unwrap();
        assert!(text.contains("#[StartTime: ") && text.contains("Tag=uncorrected/upload,"), "{text}");

        let back = Recording::read_hlog(&log).unwrap();
        let (a, b) = (&original.totals()["upload"], &back.totals()["upload"]);
        assert_eq!(a.uncorrected.len(), b.uncorrected.len());
        assert_eq!(a.uncorrected.value_at_quantile(0.99), b.uncorrected.value_at_quantile(0.99));
        assert_eq!(a.corrected.len(), b.corrected.len());
        assert_eq!(back.meta.counts["upload"], Counts { ok: 50, errors: 1, bytes: 50_000 });

        let merged = Recording::merge(vec![back.clone(), back]).unwrap();
        let m = &merged.totals()["upload"];
        assert_eq!(m.uncorrected.len(), 100);
        assert_eq!(m.uncorrected.max(), a.uncorrected.max());
        assert_eq!(merged.meta.counts["upload"].errors, 2);
        assert_eq!(merged.meta.correctness.uploads_checked, 6);
        assert_eq!(merged.meta.sources, 2);
        assert_eq!(merged.meta.bytes_per_interval.iter().sum::<u64>(), 100_000);
    }

    #[test]
    fn garbage_is_not_an_interval_log() {
        assert!(Recording::read_hlog(b"0.1,1.0,2.0,notbase64!!\n").is_err());
    }
}
