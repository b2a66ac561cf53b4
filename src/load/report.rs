//! The run's report in `reports/<run-id>/load/`: `summary.json` (what `--baseline` reads),
//! `summary.md`, `report.html` (self-contained: inline SVG, no external assets) and
//! `latency.hlog`; goose's own report sits beside them in the closed model.

use super::recorder::{Correctness, Hist, Recording, START_LAG};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

pub const SCHEMA_VERSION: u32 = 1;
/// MB in throughput figures is 10^6 bytes, as in network and disk throughput.
const MB: f64 = 1_000_000.0;

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
            started_at: chrono::DateTime::from_timestamp_millis((meta.start_epoch * 1000.0) as i64)
                .map(|t| t.to_rfc3339())
                .unwrap_or_default(),
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
        if self.sources > 1 {
            let _ = writeln!(md, "Merged from {} interval logs.\n", self.sources);
        }
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

fn round3(v: f64) -> f64 {
    (v * 1000.0).round() / 1000.0
}

/// Writes summary.json, summary.md, report.html and latency.hlog into `dir`.
pub fn write_all(dir: &Path, summary: &Summary, recording: &Recording) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir)?;
    std::fs::write(dir.join("summary.json"), serde_json::to_string_pretty(summary)? + "\n")?;
    std::fs::write(dir.join("summary.md"), summary.markdown())?;
    std::fs::write(dir.join("report.html"), html(summary, recording))?;
    let mut hlog = std::io::BufWriter::new(std::fs::File::create(dir.join("latency.hlog"))?);
    recording.write_hlog(&mut hlog)?;
    std::io::Write::flush(&mut hlog)?;
    Ok(())
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

const COLOURS: &[&str] = &["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"];
const W: f64 = 760.0;
const H: f64 = 300.0;
const PAD: f64 = 50.0;

/// HdrHistogram's percentile-distribution plot: x is 1/(1−q) on a log scale, so the
/// tail (99 %, 99.9 %, …) gets as much room as the median.
fn percentile_svg(recording: &Recording) -> String {
    let totals = recording.totals();
    let series: Vec<(&String, &Hist, &Hist)> = totals
        .iter()
        .filter(|(m, p)| m.as_str() != START_LAG && !p.corrected.is_empty())
        .map(|(m, p)| (m, &p.corrected, &p.uncorrected))
        .collect();
    let max_ms = series.iter().map(|(_, c, u)| c.max().max(u.max()) as f64 / 1000.0).fold(0.001, f64::max);
    let x_max = 5.0; // 99.999 %
    let x = |decades: f64| PAD + decades / x_max * (W - 2.0 * PAD);
    let y = |ms: f64| H - PAD + -(ms / max_ms) * (H - 2.0 * PAD);
    let mut svg =
        format!("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {W} {H}\" role=\"img\" aria-label=\"latency by percentile\">");
    axes(&mut svg, max_ms, "ms");
    for (label, decades) in [("0%", 0.0), ("90%", 1.0), ("99%", 2.0), ("99.9%", 3.0), ("99.99%", 4.0), ("99.999%", 5.0)] {
        let _ =
            write!(svg, "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"11\" text-anchor=\"middle\">{label}</text>", x(decades), H - PAD + 16.0);
    }
    for (i, (metric, corrected, uncorrected)) in series.iter().enumerate() {
        let colour = COLOURS[i % COLOURS.len()];
        for (hist, dash) in [(corrected, ""), (uncorrected, " stroke-dasharray=\"4 3\"")] {
            // Beyond 1/(1−q) > count every quantile is the maximum; stop the line there.
            let reach = (hist.len().max(1) as f64).log10().min(x_max);
            let points: Vec<String> = (0..=100)
                .map(|k| k as f64 * reach / 100.0)
                .map(|d| {
                    let q = 1.0 - 10f64.powf(-d);
                    format!("{:.1},{:.1}", x(d), y(hist.value_at_quantile(q) as f64 / 1000.0))
                })
                .collect();
            let _ = write!(svg, "<polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"1.5\"{dash} points=\"{}\"/>", points.join(" "));
        }
        let _ = write!(
            svg,
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"11\" fill=\"{colour}\">{}</text>",
            PAD + 8.0,
            PAD + 14.0 * i as f64,
            escape(metric)
        );
    }
    svg.push_str("</svg>");
    svg
}

/// Transactions per second (and MB/s when bytes moved) per one-second interval.
fn throughput_svg(recording: &Recording) -> String {
    let n = recording.intervals.len().max(1);
    let tx: Vec<f64> =
        recording.intervals.iter().map(|i| i.iter().filter(|(m, _)| is_whole(m)).map(|(_, p)| p.uncorrected.len() as f64).sum()).collect();
    let mb: Vec<f64> = (0..n).map(|i| recording.meta.bytes_per_interval.get(i).copied().unwrap_or(0) as f64 / MB).collect();
    let mut svg =
        format!("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {W} {H}\" role=\"img\" aria-label=\"throughput over time\">");
    let mut draw = |values: &[f64], colour: &str, label: &str, row: f64| {
        let top = values.iter().copied().fold(0.001, f64::max);
        let points: Vec<String> = values
            .iter()
            .enumerate()
            .map(|(i, v)| format!("{:.1},{:.1}", PAD + (i as f64 + 0.5) / n as f64 * (W - 2.0 * PAD), H - PAD - v / top * (H - 2.0 * PAD)))
            .collect();
        let _ = write!(svg, "<polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"1.5\" points=\"{}\"/>", points.join(" "));
        let _ = write!(
            svg,
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"11\" fill=\"{colour}\">{label} (peak {top:.1})</text>",
            PAD + 8.0,
            PAD - 22.0 + row
        );
    };
    draw(&tx, COLOURS[0], "transactions/s", 0.0);
    if mb.iter().any(|v| *v > 0.0) {
        draw(&mb, COLOURS[1], "MB/s", 14.0);
    }
    let _ = write!(svg, "<line x1=\"{PAD}\" y1=\"{0}\" x2=\"{1}\" y2=\"{0}\" stroke=\"#444\"/>", H - PAD, W - PAD);
    let _ = write!(svg, "<line x1=\"{PAD}\" y1=\"{PAD}\" x2=\"{PAD}\" y2=\"{}\" stroke=\"#444\"/>", H - PAD);
    let _ = write!(
        svg,
        "<text x=\"{}\" y=\"{}\" font-size=\"11\" text-anchor=\"middle\">seconds into the measured phase (0–{n})</text>",
        W / 2.0,
        H - PAD + 30.0
    );
    svg.push_str("</svg>");
    svg
}

fn axes(svg: &mut String, max: f64, unit: &str) {
    let _ = write!(svg, "<line x1=\"{PAD}\" y1=\"{0}\" x2=\"{1}\" y2=\"{0}\" stroke=\"#444\"/>", H - PAD, W - PAD);
    let _ = write!(svg, "<line x1=\"{PAD}\" y1=\"{PAD}\" x2=\"{PAD}\" y2=\"{}\" stroke=\"#444\"/>", H - PAD);
    for k in 0..=4 {
        let v = max * k as f64 / 4.0;
        let yy = H - PAD - (k as f64 / 4.0) * (H - 2.0 * PAD);
        let _ = write!(svg, "<text x=\"{:.1}\" y=\"{yy:.1}\" font-size=\"10\" text-anchor=\"end\">{v:.1}</text>", PAD - 4.0);
    }
    let _ = write!(svg, "<text x=\"12\" y=\"{:.1}\" font-size=\"11\" transform=\"rotate(-90 12 {:.1})\">{unit}</text>", H / 2.0, H / 2.0);
}

fn html(summary: &Summary, recording: &Recording) -> String {
    let mut page = String::new();
    let _ = write!(
        page,
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>conform load: {}</title>\
<style>body{{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}}\
table{{border-collapse:collapse}}td,th{{border:1px solid #ccc;padding:.2rem .5rem;text-align:right}}\
th:first-child,td:first-child{{text-align:left}}svg{{width:100%;height:auto;border:1px solid #eee}}</style></head><body>",
        escape(&summary.profile)
    );
    let _ = write!(page, "<h1>conform load: {}</h1>", escape(&summary.profile));
    let markdown = summary.markdown();
    // The Markdown summary is the text of record; show it as-is rather than render a second version.
    let _ = write!(page, "<pre style=\"white-space:pre-wrap\">{}</pre>", escape(&markdown));
    let _ = write!(
        page,
        "<h2>Latency by percentile</h2><p>Solid: corrected for coordinated omission; dashed: uncorrected.</p>{}",
        percentile_svg(recording)
    );
    let _ = write!(page, "<h2>Throughput over time</h2>{}", throughput_svg(recording));
    page.push_str("<p>Files: summary.json, summary.md, latency.hlog (HdrHistogram interval log); goose-report.html and goose-report.json in the closed model.</p></body></html>\n");
    page
}
