//! The regression gate: `--baseline <summary.json>` compares this run with an earlier one
//! and fails it when a transaction got slower, slower to complete, or more error-prone
//! beyond the thresholds. Comparisons are ratios against the baseline, so the gate means
//! the same on fast and slow machines as long as both runs used the same one.

use super::report::{is_whole, Summary};

#[derive(Debug, Clone, PartialEq)]
pub struct Thresholds {
    /// A percentile may grow by this many percent.
    pub latency_percent: f64,
    /// …and by at least this many milliseconds before it counts, so sub-millisecond noise
    /// on fast transactions is not a regression.
    pub latency_floor_ms: f64,
    /// Transactions per second may drop by this many percent.
    pub throughput_percent: f64,
    /// The error rate may rise by this many percentage points.
    pub error_rate_points: f64,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds { latency_percent: 20.0, latency_floor_ms: 1.0, throughput_percent: 20.0, error_rate_points: 1.0 }
    }
}

/// Percentiles the gate compares (corrected latency); the maximum is a single sample and
/// too noisy to gate on.
pub const GATED_PERCENTILES: &[&str] = &["p50", "p90", "p99", "p99.9"];

#[derive(Debug, Clone, PartialEq)]
pub struct Regression {
    pub transaction: String,
    /// "p99", "throughput" or "error rate".
    pub measure: String,
    pub baseline: f64,
    pub current: f64,
}

impl std::fmt::Display for Regression {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.measure.as_str() {
            "throughput" => write!(f, "{}: throughput fell from {:.2}/s to {:.2}/s", self.transaction, self.baseline, self.current),
            "error rate" => {
                write!(f, "{}: error rate rose from {:.2} % to {:.2} %", self.transaction, self.baseline * 100.0, self.current * 100.0)
            }
            p => write!(
                f,
                "{}: {p} latency rose from {:.2} ms to {:.2} ms (×{:.2})",
                self.transaction,
                self.baseline,
                self.current,
                self.current / self.baseline.max(1e-9)
            ),
        }
    }
}

/// Every regression of `current` against `baseline`, for transactions present in both.
pub fn compare(baseline: &Summary, current: &Summary, t: &Thresholds) -> Vec<Regression> {
    let mut found = Vec::new();
    for (name, now) in &current.transactions {
        let Some(before) = baseline.transactions.get(name) else { continue };
        if before.count == 0 || now.count == 0 {
            continue;
        }
        for p in GATED_PERCENTILES {
            let (b, c) = (before.corrected.get(p).unwrap_or(0.0), now.corrected.get(p).unwrap_or(0.0));
            if c > b * (1.0 + t.latency_percent / 100.0) && c - b > t.latency_floor_ms {
                found.push(Regression { transaction: name.clone(), measure: p.to_string(), baseline: b, current: c });
            }
        }
        if is_whole(name) && now.per_sec < before.per_sec * (1.0 - t.throughput_percent / 100.0) {
            found.push(Regression {
                transaction: name.clone(),
                measure: "throughput".into(),
                baseline: before.per_sec,
                current: now.per_sec,
            });
        }
        if now.error_rate - before.error_rate > t.error_rate_points / 100.0 {
            found.push(Regression {
                transaction: name.clone(),
                measure: "error rate".into(),
                baseline: before.error_rate,
                current: now.error_rate,
            });
        }
    }
    found
}
