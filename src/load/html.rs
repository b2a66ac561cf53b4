//! `report.html`: the Markdown summary rendered as HTML (headings, tables, lists), then the
//! charts. The Markdown stays the text of record; this renders the subset
//! [`Summary::markdown`] writes, so the two can never say different things.

use super::charts::{self, escape};
use super::recorder::Recording;
use super::report::Summary;
use std::fmt::Write as _;

pub fn page(summary: &Summary, recording: &Recording) -> String {
    let mut page = String::new();
    let _ = write!(
        page,
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>conform load: {}</title>\
<style>body{{font-family:system-ui,sans-serif;max-width:64rem;margin:2rem auto;padding:0 1rem;color:#222}}\
table{{border-collapse:collapse;margin:.5rem 0 1rem}}td,th{{border:1px solid #ccc;padding:.2rem .5rem}}th{{background:#f4f4f4}}\
.r{{text-align:right}}code{{background:#f4f4f4;padding:0 .2rem}}svg{{width:100%;height:auto;border:1px solid #eee;margin-bottom:.5rem}}</style></head><body>",
        escape(&summary.profile)
    );
    page.push_str(&markdown_to_html(&summary.markdown()));
    let _ = write!(
        page,
        "<h2>Latency by percentile</h2><p>Solid: corrected for coordinated omission; dashed: uncorrected.</p>{}",
        charts::percentiles(recording)
    );
    let per_shard = if summary.shards.is_empty() { "" } else { " The thick line is the total; dashed lines are the shards." };
    // The measured phase rarely ends on a whole second: say so rather than let the last point look like a drop.
    let last = recording.meta.duration_secs - recording.intervals.len().saturating_sub(1) as f64;
    let partial =
        if last > 0.0 && last < 0.95 { format!(" The last interval covers only {last:.2} s of measured time.") } else { String::new() };
    let _ = write!(
        page,
        "<h2>Throughput over time</h2><p>Transactions completed in each one-second interval.{per_shard}{partial}</p>{}",
        charts::throughput(recording, &summary.shards)
    );
    page.push_str(
        "<p>Files: summary.json, summary.md, latency.hlog (HdrHistogram interval log); goose-report.html and goose-report.json in the closed model.</p></body></html>\n",
    );
    page
}

/// Renders the Markdown subset of the summary: `#` headings, pipe tables with an
/// alignment row, `- ` lists, paragraphs, and `code` spans.
pub fn markdown_to_html(markdown: &str) -> String {
    let mut out = String::new();
    let lines: Vec<&str> = markdown.lines().collect();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i].trim_end();
        if line.is_empty() {
            i += 1;
        } else if let Some(level) = heading_level(line) {
            let _ = write!(out, "<h{level}>{}</h{level}>", inline(line[level..].trim()));
            i += 1;
        } else if line.starts_with('|') {
            let start = i;
            while i < lines.len() && lines[i].starts_with('|') {
                i += 1;
            }
            table(&lines[start..i], &mut out);
        } else if line.starts_with("- ") {
            out.push_str("<ul>");
            while i < lines.len() && lines[i].starts_with("- ") {
                let _ = write!(out, "<li>{}</li>", inline(&lines[i][2..]));
                i += 1;
            }
            out.push_str("</ul>");
        } else {
            let mut text = Vec::new();
            while i < lines.len() && !lines[i].trim().is_empty() && !lines[i].starts_with(['|', '#']) && !lines[i].starts_with("- ") {
                text.push(lines[i].trim());
                i += 1;
            }
            let _ = write!(out, "<p>{}</p>", inline(&text.join(" ")));
        }
    }
    out
}

fn heading_level(line: &str) -> Option<usize> {
    let level = line.chars().take_while(|c| *c == '#').count();
    ((1..=6).contains(&level) && line[level..].starts_with(' ')).then_some(level)
}

fn cells(row: &str) -> Vec<&str> {
    let inner = row.trim().trim_start_matches('|').trim_end_matches('|');
    inner.split('|').map(str::trim).collect()
}

/// A header row, an alignment row (`---:` is right-aligned) and body rows.
fn table(rows: &[&str], out: &mut String) {
    let header = cells(rows[0]);
    let right: Vec<bool> = rows.get(1).map(|r| cells(r).iter().map(|c| c.ends_with(':')).collect()).unwrap_or_default();
    let class = |k: usize| if right.get(k).copied().unwrap_or(false) { " class=\"r\"" } else { "" };
    out.push_str("<table><thead><tr>");
    for (k, cell) in header.iter().enumerate() {
        let _ = write!(out, "<th{}>{}</th>", class(k), inline(cell));
    }
    out.push_str("</tr></thead><tbody>");
    for row in rows.iter().skip(2) {
        out.push_str("<tr>");
        for (k, cell) in cells(row).iter().enumerate() {
            let _ = write!(out, "<td{}>{}</td>", class(k), inline(cell));
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table>");
}

/// Escapes text and turns `code` spans into `<code>`.
fn inline(text: &str) -> String {
    let mut out = String::new();
    for (k, part) in text.split('`').enumerate() {
        if k % 2 == 1 {
            let _ = write!(out, "<code>{}</code>", escape(part));
        } else {
            out.push_str(&escape(part));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_markdown_becomes_headings_tables_and_lists() {
        let md = "# conform load: ping\n\nRun `r1` against <x>.\n\n| throughput | |\n|---|---:|\n| transactions/s | 12.00 |\n\nErrors:\n\n- 2 × ping: timed out\n";
        let html = markdown_to_html(md);
        assert_eq!(
            html,
            "<h1>conform load: ping</h1><p>Run <code>r1</code> against &lt;x&gt;.</p>\
<table><thead><tr><th>throughput</th><th class=\"r\"></th></tr></thead><tbody><tr><td>transactions/s</td><td class=\"r\">12.00</td></tr></tbody></table>\
<p>Errors:</p><ul><li>2 × ping: timed out</li></ul>"
        );
        assert!(!html.contains("| throughput |"), "no raw Markdown table is left: {html}");
    }
}
