//! `conform report merge`: one report from the reports of several load machines — the
//! shards of a split run (`--shard I/N`), or any interval logs measured at the same time.
//!
//! Histograms are merged, never averaged: the merged percentiles come from the merged
//! histogram. Throughput is the sum of each part's own rate; counts, errors and
//! correctness samples add up. Shards of different runs, and missing or duplicate shards,
//! are refused.

use super::recorder::{Meta, Recording};
use super::report::{self, ShardLine, Summary};
use super::shard::ShardTag;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// One merged input: a load report folder, its summary.json or its latency.hlog.
pub struct Part {
    /// As given on the command line, for messages.
    pub given: String,
    pub recording: Recording,
    /// The summary.json beside the log, when there is one (run id, target, leftovers).
    pub summary: Option<Summary>,
}

/// The interval log of an input, and the summary.json beside it when there is one. A folder
/// may be the report folder itself, the run folder holding `load/`, or a folder holding a
/// single run (what `--reports DIR` of one shard makes).
pub fn locate(path: &Path) -> anyhow::Result<(PathBuf, Option<PathBuf>)> {
    let hlog = if path.is_dir() {
        let mut found: Vec<PathBuf> =
            [path.join("latency.hlog"), path.join("load/latency.hlog")].into_iter().filter(|p| p.is_file()).collect();
        if found.is_empty() {
            let entries = std::fs::read_dir(path).map_err(|e| anyhow::anyhow!("reading {}: {e}", path.display()))?;
            found = entries.filter_map(|e| e.ok()).map(|e| e.path().join("load/latency.hlog")).filter(|p| p.is_file()).collect();
            found.sort();
        }
        match found.len() {
            1 => found.remove(0),
            0 => anyhow::bail!("{} holds no load report: no latency.hlog in it, in its load/ or in */load/", path.display()),
            _ => anyhow::bail!(
                "{} holds several load reports ({}): name the one to merge",
                path.display(),
                found.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ")
            ),
        }
    } else if path.extension().is_some_and(|e| e == "json") {
        let hlog = path.with_file_name("latency.hlog");
        anyhow::ensure!(
            hlog.is_file(),
            "{} has no latency.hlog beside it: the histograms a merge needs are in the interval log",
            path.display()
        );
        hlog
    } else {
        anyhow::ensure!(path.is_file(), "{} does not exist", path.display());
        path.to_path_buf()
    };
    let summary = hlog.with_file_name("summary.json");
    Ok((hlog.clone(), summary.is_file().then_some(summary)))
}

pub fn read(path: &Path) -> anyhow::Result<Part> {
    let (hlog, summary) = locate(path)?;
    let bytes = std::fs::read(&hlog).map_err(|e| anyhow::anyhow!("reading {}: {e}", hlog.display()))?;
    let recording = Recording::read_hlog(&bytes).map_err(|e| anyhow::anyhow!("{}: {e}", hlog.display()))?;
    let summary = summary.as_deref().map(Summary::read).transpose()?;
    Ok(Part { given: path.display().to_string(), recording, summary })
}

fn describe(meta: &Meta, tag: &ShardTag) -> String {
    format!(
        "shard {}/{} of profile {} ({} model, {}) starting at {}",
        tag.index, tag.count, meta.profile, meta.model, tag.run, tag.start_at
    )
}

/// Inputs are either all shards of one run, each exactly once, or no shards at all (plain
/// interval logs). `parts` are (name as given, metadata).
pub fn check_shards(parts: &[(&str, &Meta)]) -> Result<(), String> {
    let Some((first_name, first, first_tag)) = parts.iter().find_map(|(n, m)| m.shard.as_ref().map(|t| (*n, *m, t))) else {
        return Ok(());
    };
    let mut seen: BTreeMap<u32, &str> = BTreeMap::new();
    for (name, meta) in parts {
        let Some(tag) = &meta.shard else {
            return Err(format!(
                "{first_name} is shard {}/{} of a split run but {name} is not a shard: merge the shards of one run only",
                first_tag.index, first_tag.count
            ));
        };
        let same_run = tag.count == first_tag.count
            && tag.start_at == first_tag.start_at
            && tag.run == first_tag.run
            && meta.profile == first.profile
            && meta.model == first.model;
        if !same_run {
            return Err(format!(
                "{first_name} and {name} are shards of different runs: {first_name} is {}, {name} is {}",
                describe(first, first_tag),
                describe(meta, tag)
            ));
        }
        if let Some(other) = seen.insert(tag.index, name) {
            return Err(format!("shard {}/{} is given twice: {other} and {name}", tag.index, tag.count));
        }
    }
    let missing: Vec<String> = (0..first_tag.count).filter(|i| !seen.contains_key(i)).map(|i| format!("{i}/{}", first_tag.count)).collect();
    if !missing.is_empty() {
        let given: Vec<String> = seen.keys().map(|i| format!("{i}/{}", first_tag.count)).collect();
        return Err(format!(
            "shard {} missing (given: {}): a merged report needs all {} shards of the run",
            missing.join(", "),
            given.join(", "),
            first_tag.count
        ));
    }
    Ok(())
}

/// Merges `inputs` (report folders, summary.json files or latency.hlog files) and writes
/// summary.json, summary.md, report.html and latency.hlog into `out`.
pub fn merge(inputs: &[PathBuf], out: &Path) -> anyhow::Result<Summary> {
    anyhow::ensure!(!inputs.is_empty(), "nothing to merge: name the shard report folders (or their summary.json or latency.hlog)");
    let mut parts = inputs.iter().map(|p| read(p)).collect::<anyhow::Result<Vec<Part>>>()?;
    check_shards(&parts.iter().map(|p| (p.given.as_str(), &p.recording.meta)).collect::<Vec<_>>()).map_err(anyhow::Error::msg)?;
    parts.sort_by_key(|p| p.recording.meta.shard.as_ref().map(|t| t.index));
    let origin = parts.iter().map(|p| p.recording.meta.start_epoch).fold(f64::INFINITY, f64::min);
    let latest = parts.iter().map(|p| p.recording.meta.start_epoch).fold(f64::NEG_INFINITY, f64::max);
    let lines: Vec<ShardLine> = parts
        .iter()
        .map(|p| {
            let name = p.recording.meta.shard.as_ref().map_or_else(|| p.given.clone(), |t| format!("{}/{}", t.index, t.count));
            ShardLine::of(&name, p.summary.as_ref().map_or("", |s| s.run_id.as_str()), &p.recording, origin)
        })
        .collect();
    // Each part's own rates (its count over its own measured time), to be summed.
    let own: Vec<Summary> = parts.iter().map(|p| Summary::from_recording(&p.recording, "", "", Vec::new())).collect();

    let start_at = parts[0].recording.meta.shard.as_ref().map(|t| t.start_at.clone());
    let mut merged = Recording::merge(parts.iter().map(|p| p.recording.clone()).collect())?;
    merged.meta.start_at = start_at;
    let run_id = format!("merge-{}", super::new_run_id());
    let targets: Vec<&str> = parts.iter().filter_map(|p| p.summary.as_ref().map(|s| s.target.as_str())).collect();
    let target = match targets.first() {
        Some(t) if targets.len() == parts.len() && targets.iter().all(|x| x == t) => t.to_string(),
        _ => format!("merged from {}", inputs.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ")),
    };
    let mut leftovers: Vec<String> = parts.iter().filter_map(|p| p.summary.as_ref()).flat_map(|s| s.leftovers.iter().cloned()).collect();
    leftovers.sort();
    leftovers.dedup();

    let mut summary = Summary::from_recording(&merged, &run_id, &target, leftovers);
    sum_rates(&mut summary, &own);
    let skew_ms = ((latest - origin) * 1000.0 * 1000.0).round() / 1000.0;
    let mut total = ShardLine::of("total", &run_id, &merged, origin);
    total.transactions_per_sec = round3(lines.iter().map(|l| l.transactions_per_sec).sum());
    summary.shards = lines;
    summary.shards_total = Some(total);
    summary.shard_skew_ms = Some(skew_ms);
    report::write_all(out, &summary, &merged)?;
    Ok(summary)
}

/// Throughput of a merge is the sum of the parts' throughput, each over its own measured
/// time (the merged span, from the first start to the last end, is a little longer).
fn sum_rates(summary: &mut Summary, parts: &[Summary]) {
    for (metric, stats) in summary.transactions.iter_mut() {
        stats.per_sec = round3(parts.iter().filter_map(|p| p.transactions.get(metric)).map(|s| s.per_sec).sum());
        stats.mb_per_sec = round3(parts.iter().filter_map(|p| p.transactions.get(metric)).map(|s| s.mb_per_sec).sum());
    }
    let t = &mut summary.throughput;
    t.upload_mb_per_sec = round3(parts.iter().map(|p| p.throughput.upload_mb_per_sec).sum());
    t.uploads_per_sec = round3(parts.iter().map(|p| p.throughput.uploads_per_sec).sum());
    t.previews_per_sec = round3(parts.iter().map(|p| p.throughput.previews_per_sec).sum());
    t.transactions_per_sec = round3(parts.iter().map(|p| p.throughput.transactions_per_sec).sum());
}

fn round3(v: f64) -> f64 {
    (v * 1000.0).round() / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::shard::WholeRun;

    fn shard(index: u32, count: u32, start_at: &str, rate: f64) -> Meta {
        Meta {
            profile: "ping".into(),
            model: "open".into(),
            shard: Some(ShardTag {
                index,
                count,
                start_at: start_at.into(),
                run: WholeRun { users: None, rate: Some(rate), duration_secs: Some(2.0), iterations: None },
            }),
            ..Meta::default()
        }
    }

    const AT: &str = "2026-12-03T09:00:00.000Z";

    #[test]
    fn all_shards_of_one_run_merge_in_any_order() {
        let (a, b, c) = (shard(2, 3, AT, 90.0), shard(0, 3, AT, 90.0), shard(1, 3, AT, 90.0));
        assert_eq!(check_shards(&[("a", &a), ("b", &b), ("c", &c)]), Ok(()));
        assert_eq!(check_shards(&[("x", &Meta::default()), ("y", &Meta::default())]), Ok(()), "plain logs merge as before");
    }

    #[test]
    fn missing_duplicate_and_foreign_shards_are_refused_by_name() {
        let (s0, s1, s2) = (shard(0, 3, AT, 90.0), shard(1, 3, AT, 90.0), shard(2, 3, AT, 90.0));
        let err = check_shards(&[("a", &s0), ("c", &s2)]).unwrap_err();
        assert_eq!(err, "shard 1/3 missing (given: 0/3, 2/3): a merged report needs all 3 shards of the run");
        let err = check_shards(&[("a", &s0), ("b", &s1), ("b2", &s1), ("c", &s2)]).unwrap_err();
        assert_eq!(err, "shard 1/3 is given twice: b and b2");
        let later = shard(1, 3, "2026-12-03T10:00:00.000Z", 90.0);
        let err = check_shards(&[("a", &s0), ("other", &later), ("c", &s2)]).unwrap_err();
        assert!(err.starts_with("a and other are shards of different runs") && err.contains("10:00:00"), "{err}");
        let faster = shard(1, 3, AT, 300.0);
        assert!(check_shards(&[("a", &s0), ("f", &faster), ("c", &s2)]).unwrap_err().contains("300/s"));
        let of_two = shard(1, 2, AT, 90.0);
        assert!(check_shards(&[("a", &s0), ("t", &of_two)]).unwrap_err().contains("different runs"));
        let mut preview = shard(1, 3, AT, 90.0);
        preview.profile = "preview".into();
        assert!(check_shards(&[("a", &s0), ("p", &preview), ("c", &s2)]).unwrap_err().contains("profile preview"));
        let err = check_shards(&[("a", &s0), ("plain", &Meta::default())]).unwrap_err();
        assert!(err.contains("plain is not a shard"), "{err}");
    }
}
