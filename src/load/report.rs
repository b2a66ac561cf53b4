//! The run's report in `reports/<run-id>/load/`: `summary.json` (what `--baseline` reads),
//! `summary.md`, `report.html` (self-contained: inline SVG, no external assets) and
//! `latency.hlog`; goose's own report sits beside them in the closed model.

use super::recorder::{Correctness, Hist, Recording, START_LAG};
use super::shard::ShardTag;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

pub const SCHEMA_VERSION: u32 = 1;
/// MB in throughput figures is 10^6 bytes, as in network and disk throughput.
pub const MB: f64 = 1_000_000.0;

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct Percentiles {
    pub p50_ms: f64,
    pub p90_ms: f64,
    pub p99_ms: f64,
    pub p999_ms: f64,
    pub max_ms: f64,
    pub mean_ms: f64,
}

impl Percentiles {
    pub fn of(h: &Hist) -> Percentiles {
        let ms = |us: u64| us as f64 / 1000.0;
        Percentiles {
            p50_ms: ms(h.value_at_quantile(0.5)),
            p90_ms: ms(h.value_at_quantile(0.9)),
            p99_ms: ms(h.value_at_quantile(0.99)),
            p999_ms: ms(h.value_at_quantile(0.999)),
            max_ms: ms(h.max()),
            mean_ms: h.mean().round() / 1000.0,
        }
    }

    /// The named percentile, for baseline comparison and messages.
    pub fn get(&self, name: &str) -> Option<f64> {
        Some(match name {
            "p50" => self.p50_ms,
            "p90" => self.p90_ms,
            "p99" => self.p99_ms,
            "p99.9" => self.p999_ms,
            "max" => self.max_ms,
            _ => return None,
        })
    }
}

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct TransactionStats {
    pub count: u64,
    pub errors: u64,
    /// errors / (count + errors)
    pub error_rate: f64,
    pub per_sec: f64,
    pub mb_per_sec: f64,
    /// From when each transaction should have started (coordinated omission corrected).
    pub corrected: Percentiles,
    /// From when each transaction actually started.
    pub uncorrected: Percentiles,
}

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct Throughput {
    pub upload_mb_per_sec: f64,
    pub uploads_per_sec: f64,
    pub previews_per_sec: f64,
    pub transactions_per_sec: f64,
}

#[derive(Serialize, Deserialize, Debug, Clone)]
pub struct Summary {
    pub schema_version: u32,
    pub run_id: String,
    pub profile: String,
    pub model: String,
    pub users: Option<usize>,
    pub rate: Option<f64>,
    pub target: String,
    pub started_at: String,
    pub duration_secs: f64,
    pub throughput: Throughput,
    /// Per transaction type: `upload`, `upload.chunk`, `preview.<format>`, `ping`.
    pub transactions: BTreeMap<String, TransactionStats>,
    /// Errors over all whole transactions (chunks are part of their upload).
    pub error_rate: f64,
    /// Open model: arrivals scheduled, how many started later than their slot, and by how much.
    pub scheduled: u64,
    pub late_starts: u64,
    pub start_lag: Option<Percentiles>,
    pub correctness: Correctness,
    pub errors: BTreeMap<String, u64>,
    /// What teardown could not delete.
    pub leftovers: Vec<String>,
    /// Interval logs merged into this summary (1 for a single run).
    pub sources: u32,
    /// A shard of a run split over machines: which one, the common start and the whole run.
    #[serde(default)]
    pub shard: Option<ShardTag>,
    /// The requested start of the measured phase (`--start-at`), RFC 3339 in UTC.
    #[serde(default)]
    pub start_at: Option<String>,
    /// `started_at` − `start_at` in ms: how late the measured phase started.
    #[serde(default)]
    pub start_skew_ms: Option<f64>,
    /// A merge: each merged shard's (or log's) own line…
    #[serde(default)]
    pub shards: Vec<ShardLine>,
    /// …the merged total on the same terms…
    #[serde(default)]
    pub shards_total: Option<ShardLine>,
    /// …and how far apart the shards' measured phases started (latest − earliest), in ms.
    #[serde(default)]
    pub shard_skew_ms: Option<f64>,
}

/// One merged part of a report, or their total: whole transactions only, latency corrected.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct ShardLine {
    /// `0/3` for a shard, the log's path for a plain interval log, `total` for the total.
    pub name: String,
    pub run_id: String,
    pub started_at: String,
    /// Against the requested `start_at` when there was one, else against the earliest part.
    pub start_skew_ms: f64,
    pub duration_secs: f64,
    pub transactions: u64,
    pub errors: u64,
    pub transactions_per_sec: f64,
    /// All whole transactions together, corrected for coordinated omission.
    pub latency: Percentiles,
    /// Whole transactions completed in each second after the merged report's start.
    pub per_second: Vec<u64>,
}

impl ShardLine {
    /// `origin_epoch` is the merged report's start (seconds since the Unix epoch) that
    /// `per_second` counts from, and what the skew is measured against without a `start_at`.
    pub fn of(name: &str, run_id: &str, recording: &Recording, origin_epoch: f64) -> ShardLine {
        let meta = &recording.meta;
        let mut whole = Hist::new(3).expect("valid precision");
        for (metric, pair) in recording.totals() {
            if is_whole(&metric) {
                // Auto-resizing histograms of the same precision always add up.
                let _ = whole.add(&pair.corrected);
            }
        }
        let (transactions, errors) =
            meta.counts.iter().filter(|(m, _)| is_whole(m)).fold((0, 0), |(ok, err), (_, c)| (ok + c.ok, err + c.errors));
        let shift = ((meta.start_epoch - origin_epoch) / super::recorder::INTERVAL.as_secs_f64()).round().max(0.0) as usize;
        let mut per_second = vec![0; shift];
        per_second.extend(whole_per_interval(recording));
        let reference = meta.start_at.as_deref().and_then(epoch_of).unwrap_or(origin_epoch);
        ShardLine {
            name: name.to_string(),
            run_id: run_id.to_string(),
            started_at: rfc3339_of_epoch(meta.start_epoch),
            start_skew_ms: round3((meta.start_epoch - reference) * 1000.0),
            duration_secs: round3(meta.duration_secs),
            transactions,
            errors,
            transactions_per_sec: round3(transactions as f64 / meta.duration_secs.max(1e-9)),
            latency: Percentiles::of(&whole),
            per_second,
        }
    }
}

/// Whole transactions completed in each interval of a recording.
pub fn whole_per_interval(recording: &Recording) -> Vec<u64> {
    recording.intervals.iter().map(|i| i.iter().filter(|(m, _)| is_whole(m)).map(|(_, p)| p.uncorrected.len()).sum()).collect()
}

/// Seconds since the Unix epoch of an RFC 3339 time.
pub fn epoch_of(rfc3339: &str) -> Option<f64> {
    chrono::DateTime::parse_from_rfc3339(rfc3339).ok().map(|t| t.timestamp_micros() as f64 / 1e6)
}

fn rfc3339_of_epoch(epoch: f64) -> String {
    chrono::DateTime::from_timestamp_micros((epoch * 1e6) as i64).map(super::shard::rfc3339).unwrap_or_default()
}

/// Whole transactions, as opposed to their parts (chunks) and the start-lag pseudo-metric.
pub fn is_whole(metric: &str) -> bool {
    metric != START_LAG && metric != "upload.chunk"
}

impl Summary {
    pub fn from_recording(recording: &Recording, run_id: &str, target: &str, leftovers: Vec<String>) -> Summary {
        let meta = &recording.meta;
        let secs = meta.duration_secs.max(1e-9);
        let totals = recording.totals();
        let mut transactions = BTreeMap::new();
        for (metric, counts) in &meta.counts {
            let empty = Hist::new(3).expect("valid precision");
            let pair = totals.get(metric);
            let attempts = counts.ok + counts.errors;
            transactions.insert(
                metric.clone(),
                TransactionStats {
                    count: counts.ok,
                    errors: counts.errors,
                    error_rate: if attempts == 0 { 0.0 } else { counts.errors as f64 / attempts as f64 },
                    per_sec: round3(counts.ok as f64 / secs),
                    mb_per_sec: round3(counts.bytes as f64 / MB / secs),
                    corrected: Percentiles::of(pair.map_or(&empty, |p| &p.corrected)),
                    uncorrected: Percentiles::of(pair.map_or(&empty, |p| &p.uncorrected)),
                },
            );
        }
        let whole: Vec<&TransactionStats> = transactions.iter().filter(|(m, _)| is_whole(m)).map(|(_, s)| s).collect();
        let ok: u64 = whole.iter().map(|s| s.count).sum();
        let errors: u64 = whole.iter().map(|s| s.errors).sum();
        let previews: u64 = transactions.iter().filter(|(m, _)| m.starts_with("preview.")).map(|(_, s)| s.count).sum();
        let upload = transactions.get("upload");
        Summary {
            schema_version: SCHEMA_VERSION,
            run_id: run_id.to_string(),
            profile: meta.profile.clone(),
            model: meta.model.clone(),
            users: meta.users,
            rate: meta.rate,
            target: target.to_string(),
            started_at: rfc3339_of_epoch(meta.start_epoch),
            duration_secs: round3(meta.duration_secs),
            throughput: Throughput {
                upload_mb_per_sec: upload.map_or(0.0, |u| u.mb_per_sec),
                uploads_per_sec: upload.map_or(0.0, |u| u.per_sec),
                previews_per_sec: round3(previews as f64 / secs),
                transactions_per_sec: round3(ok as f64 / secs),
            },
            error_rate: if ok + errors == 0 { 0.0 } else { errors as f64 / (ok + errors) as f64 },
            scheduled: meta.scheduled,
            late_starts: meta.late_starts,
            start_lag: totals.get(START_LAG).map(|p| Percentiles::of(&p.uncorrected)),
            correctness: meta.correctness.clone(),
            errors: meta.errors.clone(),
            leftovers,
            sources: meta.sources,
            shard: meta.shard.clone(),
            start_at: meta.start_at.clone(),
            start_skew_ms: meta.start_at.as_deref().and_then(epoch_of).map(|at| round3((meta.start_epoch - at) * 1000.0)),
            shards: Vec::new(),
            shards_total: None,
            shard_skew_ms: None,
            transactions,
        }
    }

    pub fn read(path: &Path) -> anyhow::Result<Summary> {
        let text = std::fs::read_to_string(path).map_err(|e| anyhow::anyhow!("reading {}: {e}", path.display()))?;
        serde_json::from_str(&text).map_err(|e| anyhow::anyhow!("{} is not a conform load summary.json: {e}", path.display()))
    }

    pub fn correctness_failed(&self) -> u64 {
        self.correctness.uploads_failed + self.correctness.previews_failed
    }

    pub fn markdown(&self) -> String {
        let mut md = String::new();
        let _ = writeln!(md, "# conform load: {}\n", self.profile);
        let model = match (self.model.as_str(), self.users, self.rate) {
            ("open", _, Some(rate)) => format!("open model, {rate} transactions/s scheduled"),
            ("closed", Some(users), _) => format!("closed model, {users} users"),
            (other, _, _) => other.to_string(),
        };
        let _ = writeln!(
            md,
            "Run `{}` against {} — {model}, {:.1} s measured, started {}.\n",
            self.run_id, self.target, self.duration_secs, self.started_at
        );
        if let Some(tag) = &self.shard {
            // The run line above gives this shard's own share (its users, or its rate).
            let _ = writeln!(md, "Shard {}/{} of a run of {}.\n", tag.index, tag.count, tag.run);
        }
        if let (Some(at), Some(skew)) = (&self.start_at, self.start_skew_ms) {
            let _ = writeln!(md, "Asked to start at {at}; the measured phase started {skew:+.1} ms from it.\n");
        }
        if self.sources > 1 {
            let _ = writeln!(md, "Merged from {} interval logs.\n", self.sources);
        }
        self.shards_markdown(&mut md);
        let t = &self.throughput;
        let _ = writeln!(md, "| throughput | |\n|---|---:|");
        let _ = writeln!(md, "| upload MB/s (10^6 bytes) | {:.2} |", t.upload_mb_per_sec);
        let _ = writeln!(md, "| uploads/s | {:.2} |", t.uploads_per_sec);
        let _ = writeln!(md, "| previews/s | {:.2} |", t.previews_per_sec);
        let _ = writeln!(md, "| transactions/s | {:.2} |", t.transactions_per_sec);
        let _ = writeln!(md, "| error rate | {:.3} % |\n", self.error_rate * 100.0);
        let _ = writeln!(md, "Latency in ms, corrected for coordinated omission (uncorrected in brackets):\n");
        let _ = writeln!(
            md,
            "| transaction | count | errors | per s | p50 | p90 | p99 | p99.9 | max |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|"
        );
        for (name, s) in &self.transactions {
            let (c, u) = (&s.corrected, &s.uncorrected);
            let _ = writeln!(
                md,
                "| {name} | {} | {} | {:.2} | {:.1} ({:.1}) | {:.1} ({:.1}) | {:.1} ({:.1}) | {:.1} ({:.1}) | {:.1} ({:.1}) |",
                s.count,
                s.errors,
                s.per_sec,
                c.p50_ms,
                u.p50_ms,
                c.p90_ms,
                u.p90_ms,
                c.p99_ms,
                u.p99_ms,
                c.p999_ms,
                u.p999_ms,
                c.max_ms,
                u.max_ms
            );
        }
        if self.scheduled > 0 {
            let lag =
                self.start_lag.as_ref().map_or(String::new(), |l| format!("; start lag p99 {:.1} ms, max {:.1} ms", l.p99_ms, l.max_ms));
            let _ = writeln!(
                md,
                "\nOpen model: {} transactions scheduled, {} started late{lag} (none dropped).",
                self.scheduled, self.late_starts
            );
        }
        let c = &self.correctness;
        let _ = writeln!(
            md,
            "\nCorrectness: {} of {} sampled uploads and {} of {} sampled previews failed.",
            c.uploads_failed, c.uploads_checked, c.previews_failed, c.previews_checked
        );
        for failure in &c.failures {
            let _ = writeln!(md, "- {failure}");
        }
        if !self.errors.is_empty() {
            let _ = writeln!(md, "\nErrors:\n");
            for (message, n) in &self.errors {
                let _ = writeln!(md, "- {n} × {message}");
            }
        }
        if !self.leftovers.is_empty() {
            let _ = writeln!(md, "\nLeft on the target: {}", self.leftovers.join(", "));
        }
        md
    }
}

impl Summary {
    /// A merge: one line per shard beside the total.
    fn shards_markdown(&self, md: &mut String) {
        let Some(total) = &self.shards_total else { return };
        if let Some(skew) = self.shard_skew_ms {
            let _ = writeln!(md, "Shard start skew (latest − earliest start of the measured phase): {skew:.1} ms.\n");
        }
        let _ = writeln!(
            md,
            "Each shard beside the total (whole transactions, latency in ms corrected for coordinated omission):\n\n\
| shard | started | skew ms | transactions | errors | per s | p50 | p90 | p99 | max |\n|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"
        );
        for line in self.shards.iter().chain([total]) {
            let l = &line.latency;
            let _ = writeln!(
                md,
                "| {} | {} | {:+.1} | {} | {} | {:.2} | {:.1} | {:.1} | {:.1} | {:.1} |",
                line.name,
                line.started_at,
                line.start_skew_ms,
                line.transactions,
                line.errors,
                line.transactions_per_sec,
                l.p50_ms,
                l.p90_ms,
                l.p99_ms,
                l.max_ms
            );
        }
        md.push('\n');
    }
}

fn round3(v: f64) -> f64 {
    (v * 1000.0).round() / 1000.0
}

/// Writes latency.hlog, summary.md, report.html and, last, summary.json into `dir`, each
/// under a temporary name first: a reader that sees summary.json (the merge Job waiting
/// for shards on a shared volume) finds every file complete.
pub fn write_all(dir: &Path, summary: &Summary, recording: &Recording) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir)?;
    let mut hlog = Vec::new();
    recording.write_hlog(&mut hlog)?;
    write_whole(&dir.join("latency.hlog"), &hlog)?;
    write_whole(&dir.join("summary.md"), summary.markdown().as_bytes())?;
    write_whole(&dir.join("report.html"), super::html::page(summary, recording).as_bytes())?;
    write_whole(&dir.join("summary.json"), (serde_json::to_string_pretty(summary)? + "\n").as_bytes())?;
    Ok(())
}

fn write_whole(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let partial = path.with_extension("partial");
    std::fs::write(&partial, bytes).map_err(|e| anyhow::anyhow!("writing {}: {e}", partial.display()))?;
    std::fs::rename(&partial, path).map_err(|e| anyhow::anyhow!("renaming {} to {}: {e}", partial.display(), path.display()))?;
    Ok(())
}
