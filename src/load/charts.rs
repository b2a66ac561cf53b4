//! The load report's charts as inline SVG (no external assets): latency by percentile, and
//! throughput over time. Every chart has values and units on both axes.

use super::recorder::{Hist, Recording, START_LAG};
use super::report::{whole_per_interval, ShardLine, MB};
use std::fmt::Write as _;

const COLOURS: &[&str] = &["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"];
const W: f64 = 760.0;
const H: f64 = 300.0;
const LEFT: f64 = 64.0;
const RIGHT: f64 = 20.0;
const TOP: f64 = 46.0;
const BOTTOM: f64 = 46.0;

pub fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// A line of a chart: its label in the legend, colour, and dash pattern ("" for solid).
struct Series<'a> {
    label: String,
    colour: &'a str,
    dash: &'a str,
    width: f64,
    points: Vec<(f64, f64)>,
}

/// The plotting area and its scales.
struct Frame {
    x_max: f64,
    y_max: f64,
}

impl Frame {
    fn x(&self, v: f64) -> f64 {
        LEFT + v / self.x_max * (W - LEFT - RIGHT)
    }
    fn y(&self, v: f64) -> f64 {
        H - BOTTOM - v / self.y_max * (H - TOP - BOTTOM)
    }
}

/// A round axis step (1, 2, 2.5 or 5 × 10^k) giving about `ticks` steps up to `max`.
pub fn nice_step(max: f64, ticks: usize) -> f64 {
    let raw = (max / ticks.max(1) as f64).max(1e-9);
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0].iter().map(|m| m * magnitude).find(|s| *s >= raw * (1.0 - 1e-9)).unwrap_or(10.0 * magnitude);
    step
}

/// A tick label with as many decimals as the step needs.
fn tick_label(v: f64, step: f64) -> String {
    let decimals =
        if step >= 1.0 { 0 } else { (-step.log10().floor()) as usize + usize::from(step * 10f64.powf(-step.log10().floor()) % 1.0 != 0.0) };
    format!("{v:.decimals$}")
}

/// An SVG with a title, a y axis of values up to `y_top` in `y_unit`, an x axis given by
/// `x_ticks` (position, label) and `x_title`, and the series with a legend.
fn chart(aria: &str, frame: &Frame, y_unit: &str, x_ticks: &[(f64, String)], x_title: &str, series: &[Series]) -> String {
    let mut svg =
        format!("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {W} {H}\" role=\"img\" aria-label=\"{}\">", escape(aria));
    let (x0, x1, y0, y1) = (LEFT, W - RIGHT, H - BOTTOM, TOP);
    let step = nice_step(frame.y_max, 5);
    let mut v = 0.0;
    while v <= frame.y_max * (1.0 + 1e-9) {
        let y = frame.y(v);
        let _ = write!(svg, "<line x1=\"{x0}\" y1=\"{y:.1}\" x2=\"{x1}\" y2=\"{y:.1}\" stroke=\"#eee\"/>");
        let _ = write!(
            svg,
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"10\" text-anchor=\"end\">{}</text>",
            x0 - 4.0,
            y + 3.5,
            tick_label(v, step)
        );
        v += step;
    }
    for (x, label) in x_ticks {
        let x = frame.x(*x);
        let _ = write!(svg, "<line x1=\"{x:.1}\" y1=\"{y0}\" x2=\"{x:.1}\" y2=\"{:.1}\" stroke=\"#444\"/>", y0 + 4.0);
        let _ = write!(svg, "<text x=\"{x:.1}\" y=\"{:.1}\" font-size=\"10\" text-anchor=\"middle\">{}</text>", y0 + 15.0, escape(label));
    }
    let _ = write!(svg, "<line x1=\"{x0}\" y1=\"{y0}\" x2=\"{x1}\" y2=\"{y0}\" stroke=\"#444\"/>");
    let _ = write!(svg, "<line x1=\"{x0}\" y1=\"{y0}\" x2=\"{x0}\" y2=\"{y1}\" stroke=\"#444\"/>");
    let mid = (y0 + y1) / 2.0;
    let _ = write!(
        svg,
        "<text x=\"14\" y=\"{mid:.1}\" font-size=\"11\" text-anchor=\"middle\" transform=\"rotate(-90 14 {mid:.1})\">{}</text>",
        escape(y_unit)
    );
    let _ = write!(
        svg,
        "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"11\" text-anchor=\"middle\">{}</text>",
        (x0 + x1) / 2.0,
        H - 8.0,
        escape(x_title)
    );
    let mut legend_x = x0;
    for s in series {
        let points: Vec<String> = s.points.iter().map(|(x, y)| format!("{:.1},{:.1}", frame.x(*x), frame.y(*y))).collect();
        let dash = if s.dash.is_empty() { String::new() } else { format!(" stroke-dasharray=\"{}\"", s.dash) };
        let _ = write!(
            svg,
            "<polyline fill=\"none\" stroke=\"{}\" stroke-width=\"{}\"{dash} points=\"{}\"/>",
            s.colour,
            s.width,
            points.join(" ")
        );
        let _ = write!(
            svg,
            "<line x1=\"{legend_x:.1}\" y1=\"16\" x2=\"{:.1}\" y2=\"16\" stroke=\"{}\" stroke-width=\"{}\"{dash}/><text x=\"{:.1}\" y=\"20\" font-size=\"11\">{}</text>",
            legend_x + 18.0,
            s.colour,
            s.width,
            legend_x + 22.0,
            escape(&s.label)
        );
        legend_x += 30.0 + 6.5 * s.label.chars().count() as f64;
    }
    svg.push_str("</svg>");
    svg
}

/// HdrHistogram's percentile-distribution plot: x is 1/(1−q) on a log scale, so the
/// tail (99 %, 99.9 %, …) gets as much room as the median. Solid lines are corrected for
/// coordinated omission, dashed ones are not.
pub fn percentiles(recording: &Recording) -> String {
    let totals = recording.totals();
    let measured: Vec<(&String, &Hist, &Hist)> = totals
        .iter()
        .filter(|(m, p)| m.as_str() != START_LAG && !p.corrected.is_empty())
        .map(|(m, p)| (m, &p.corrected, &p.uncorrected))
        .collect();
    let max_ms = measured.iter().map(|(_, c, u)| c.max().max(u.max()) as f64 / 1000.0).fold(0.001, f64::max);
    let step = nice_step(max_ms, 5);
    let frame = Frame { x_max: 5.0, y_max: (max_ms / step).ceil() * step };
    let mut series = Vec::new();
    for (i, (metric, corrected, uncorrected)) in measured.iter().enumerate() {
        let colour = COLOURS[i % COLOURS.len()];
        for (hist, dash, which) in [(corrected, "", "corrected"), (uncorrected, "4 3", "uncorrected")] {
            // Beyond 1/(1−q) > count every quantile is the maximum; stop the line there.
            let reach = (hist.len().max(1) as f64).log10().min(frame.x_max);
            let points = (0..=100)
                .map(|k| k as f64 * reach / 100.0)
                .map(|d| (d, hist.value_at_quantile(1.0 - 10f64.powf(-d)) as f64 / 1000.0))
                .collect();
            series.push(Series { label: format!("{metric} {which}"), colour, dash, width: 1.5, points });
        }
    }
    let x_ticks: Vec<(f64, String)> =
        ["0%", "90%", "99%", "99.9%", "99.99%", "99.999%"].iter().enumerate().map(|(d, l)| (d as f64, l.to_string())).collect();
    chart("latency by percentile", &frame, "latency (ms)", &x_ticks, "percentile", &series)
}

/// Throughput over time: transactions completed per second, and payload MB/s (10^6 bytes)
/// below it on its own axis (the two are proportional for a single-kind profile, so one
/// axis would draw them as one line). A merged report draws each shard beside the total.
pub fn throughput(recording: &Recording, shards: &[ShardLine]) -> String {
    let tx: Vec<u64> = whole_per_interval(recording);
    let n = tx.len().max(1);
    let mb: Vec<f64> = (0..n).map(|i| recording.meta.bytes_per_interval.get(i).copied().unwrap_or(0) as f64 / MB).collect();
    // Each interval's value is drawn at its middle.
    let at = |i: usize| i as f64 + 0.5;
    let mut tx_series = vec![Series {
        label: "all".into(),
        colour: "#222",
        dash: "",
        width: 2.0,
        points: tx.iter().enumerate().map(|(i, v)| (at(i), *v as f64)).collect(),
    }];
    for (k, shard) in shards.iter().enumerate() {
        tx_series.push(Series {
            label: format!("shard {}", shard.name),
            colour: COLOURS[k % COLOURS.len()],
            dash: "5 3",
            width: 1.2,
            points: shard.per_second.iter().enumerate().map(|(i, v)| (at(i), *v as f64)).collect(),
        });
    }
    let x_ticks = seconds_ticks(n);
    let x_title = "seconds since the measured phase started";
    let tx_max = tx_series.iter().flat_map(|s| s.points.iter().map(|p| p.1)).fold(0.0, f64::max).max(1.0);
    let tx_step = nice_step(tx_max, 5);
    let frame = Frame { x_max: n as f64, y_max: (tx_max / tx_step).ceil() * tx_step };
    let mut out = chart("transactions per second", &frame, "transactions/s", &x_ticks, x_title, &tx_series);
    let mb_max = mb.iter().copied().fold(0.0, f64::max);
    let mb_top = if mb_max > 0.0 { (mb_max / nice_step(mb_max, 5)).ceil() * nice_step(mb_max, 5) } else { 1.0 };
    let mb_series = [Series {
        label: if mb_max > 0.0 { "payload MB/s".into() } else { "payload MB/s (this profile moves no payload)".into() },
        colour: COLOURS[1],
        dash: "",
        width: 2.0,
        points: mb.iter().enumerate().map(|(i, v)| (at(i), *v)).collect(),
    }];
    out.push_str(&chart(
        "payload megabytes per second",
        &Frame { x_max: n as f64, y_max: mb_top },
        "MB/s (10^6 bytes)",
        &x_ticks,
        x_title,
        &mb_series,
    ));
    out
}

/// Ticks at whole seconds, about ten of them.
fn seconds_ticks(n: usize) -> Vec<(f64, String)> {
    let step = nice_step(n as f64, 10).max(1.0);
    let mut ticks = Vec::new();
    let mut t = 0.0;
    while t <= n as f64 + 1e-9 {
        ticks.push((t, tick_label(t, step)));
        t += step;
    }
    ticks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axis_steps_are_round_and_labels_keep_their_decimals() {
        assert_eq!(nice_step(100.0, 5), 20.0);
        assert_eq!(nice_step(9.0, 5), 2.0);
        assert_eq!(nice_step(1.2, 5), 0.25);
        assert_eq!(nice_step(0.07, 5), 0.02);
        assert_eq!(tick_label(40.0, 20.0), "40");
        assert_eq!(tick_label(0.75, 0.25), "0.75");
        assert_eq!(tick_label(0.4, 0.2), "0.4");
        assert_eq!(seconds_ticks(3).iter().map(|t| t.1.as_str()).collect::<Vec<_>>(), ["0", "1", "2", "3"]);
    }
}
