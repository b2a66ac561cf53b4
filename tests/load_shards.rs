//! A load run split over machines, on one machine: three `conform load --shard I/3`
//! processes against one bundled server started here, `conform report merge` of their
//! reports, and the merge compared with its parts and with one process running the whole
//! schedule. Only counts are compared exactly; times are bounded generously, never asserted.

use conform::load::recorder::Recording;
use conform::load::report::{Percentiles, Summary};
use conform::load::LoadOptions;
use conform::target::Target;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::Duration;

const SHARDS: u32 = 3;
/// 90 arrivals/s for 2 s: 180 in the whole schedule, 60 per shard.
const RATE: &str = "90";
const DURATION: &str = "2s";
const ARRIVALS: u64 = 180;
/// How long a child process may take before the test calls it hung.
const HANG: Duration = Duration::from_secs(120);

const PINGS: &str = "description = \"pings\"\n[ping]\n";

async fn conform(args: &[String], target: &Target) -> Output {
    let mut command = tokio::process::Command::new(env!("CARGO_BIN_EXE_conform"));
    command
        .args(args)
        .env("APPWRITE_ENDPOINT", &target.endpoint)
        .env("APPWRITE_PROJECT", &target.project)
        .env("APPWRITE_API_KEY", &target.api_key)
        .env("CI", "1")
        .kill_on_drop(true);
    match tokio::time::timeout(HANG, command.output()).await {
        Ok(output) => output.expect("the conform binary runs"),
        Err(_) => panic!("conform {} did not finish within {HANG:?}", args.join(" ")),
    }
}

fn explain(args: &[String], output: &Output) -> String {
    format!(
        "conform {}\nexit: {:?}\nstdout:\n{}\nstderr:\n{}",
        args.join(" "),
        output.status.code(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

fn strings(args: &[&str]) -> Vec<String> {
    args.iter().map(|s| s.to_string()).collect()
}

fn hlog_of(dir: &Path) -> Recording {
    let (hlog, _) = conform::load::merge::locate(dir).unwrap();
    Recording::read_hlog(&std::fs::read(&hlog).unwrap()).unwrap()
}

fn summary_of(dir: &Path) -> Summary {
    let (_, summary) = conform::load::merge::locate(dir).unwrap();
    Summary::read(&summary.unwrap_or_else(|| panic!("no summary.json in {}", dir.display()))).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_shard_processes_merge_into_one_report_with_the_whole_schedule() {
    let tmp = tempfile::tempdir().unwrap();
    let scenario = tmp.path().join("pings.toml");
    std::fs::write(&scenario, PINGS).unwrap();
    let target = Target::bundled().await.unwrap();

    // Near future: the processes start, then wait for it.
    let start_at = conform::load::shard::rfc3339(chrono::Utc::now() + chrono::Duration::seconds(4));
    let shard_dirs: Vec<PathBuf> = (0..SHARDS).map(|i| tmp.path().join(format!("shard-{i}"))).collect();
    let runs = (0..SHARDS).map(|i| {
        let args = strings(&[
            "load",
            "--scenario",
            &scenario.display().to_string(),
            "--rate",
            RATE,
            "--duration",
            DURATION,
            "--warmup",
            "0s",
            "--shard",
            &format!("{i}/{SHARDS}"),
            "--start-at",
            &start_at,
            "--reports",
            &shard_dirs[i as usize].display().to_string(),
            "-q",
        ]);
        let target = &target;
        async move {
            let output = conform(&args, target).await;
            (args, output)
        }
    });
    for (args, output) in futures::future::join_all(runs).await {
        assert!(output.status.success(), "{}", explain(&args, &output));
    }

    let shards: Vec<Summary> = shard_dirs.iter().map(|d| summary_of(d)).collect();
    for (i, s) in shards.iter().enumerate() {
        let tag = s.shard.as_ref().unwrap_or_else(|| panic!("shard {i}'s summary has no shard tag"));
        assert_eq!((tag.index, tag.count), (i as u32, SHARDS), "shard {i}'s tag");
        assert_eq!(s.start_at.as_deref(), Some(start_at.as_str()), "shard {i}'s start_at");
        assert!(s.start_skew_ms.is_some(), "shard {i} reports its start skew");
        assert_eq!(s.scheduled, ARRIVALS / SHARDS as u64, "shard {i} starts every third arrival");
    }

    let merged_dir = tmp.path().join("merged");
    let mut args = strings(&["report", "merge"]);
    args.extend(shard_dirs.iter().map(|d| d.display().to_string()));
    args.extend(strings(&["--out", &merged_dir.display().to_string()]));
    let output = conform(&args, &target).await;
    assert!(output.status.success(), "{}", explain(&args, &output));
    let merged = summary_of(&merged_dir);

    // Counts add up; the merged schedule is the single-machine schedule.
    let sum = |f: &dyn Fn(&Summary) -> u64| shards.iter().map(f).sum::<u64>();
    assert_eq!(merged.transactions["ping"].count, sum(&|s| s.transactions["ping"].count), "merged transactions = sum of shards");
    assert_eq!(merged.transactions["ping"].errors, sum(&|s| s.transactions["ping"].errors));
    assert_eq!(merged.scheduled, ARRIVALS);
    assert_eq!(merged.transactions["ping"].count + merged.transactions["ping"].errors, ARRIVALS);
    let per_sec: f64 = shards.iter().map(|s| s.transactions["ping"].per_sec).sum();
    assert!(
        (merged.transactions["ping"].per_sec - per_sec).abs() < 0.01,
        "throughput is summed: {} vs {per_sec}",
        merged.transactions["ping"].per_sec
    );

    // Histograms add up, and the merged percentiles are those of the merged histogram.
    let merged_hlog = hlog_of(&merged_dir).totals();
    let shard_hlog_count: u64 = shard_dirs.iter().map(|d| hlog_of(d).totals()["ping"].corrected.len()).sum();
    assert_eq!(merged_hlog["ping"].corrected.len(), shard_hlog_count, "merged histogram count = sum of the shards'");
    assert_eq!(merged_hlog["ping"].uncorrected.len(), merged.transactions["ping"].count);
    assert_eq!(merged.transactions["ping"].corrected, Percentiles::of(&merged_hlog["ping"].corrected));
    assert_eq!(merged.transactions["ping"].uncorrected, Percentiles::of(&merged_hlog["ping"].uncorrected));

    // Each shard's line beside the total, and the skew between their starts.
    let names: Vec<&str> = merged.shards.iter().map(|l| l.name.as_str()).collect();
    assert_eq!(names, ["0/3", "1/3", "2/3"]);
    let total = merged.shards_total.as_ref().expect("a total line");
    assert_eq!(total.transactions, merged.shards.iter().map(|l| l.transactions).sum::<u64>());
    let starts: Vec<f64> = shards.iter().map(|s| conform::load::report::epoch_of(&s.started_at).unwrap()).collect();
    let spread = (starts.iter().copied().fold(f64::MIN, f64::max) - starts.iter().copied().fold(f64::MAX, f64::min)) * 1000.0;
    let skew = merged.shard_skew_ms.expect("the merge reports the shards' start skew");
    assert!((skew - spread).abs() <= 1.5, "shard skew {skew} ms, from the shards' started_at {spread} ms");
    let md = std::fs::read_to_string(merged_dir.join("summary.md")).unwrap();
    assert!(md.contains("Shard start skew") && md.contains("| 1/3 |") && md.contains("| total |"), "{md}");
    let html = std::fs::read_to_string(merged_dir.join("report.html")).unwrap();
    assert!(html.contains("<td>1/3</td>") && html.contains("shard 2/3"), "the HTML shows each shard's line and series");
    assert!(!html.contains("| throughput |"), "the HTML summary is rendered, not raw Markdown");

    // A merge missing a shard is refused and says which.
    let mut args = strings(&["report", "merge"]);
    args.extend(shard_dirs[..2].iter().map(|d| d.display().to_string()));
    args.extend(strings(&["--out", &tmp.path().join("partial").display().to_string()]));
    let output = conform(&args, &target).await;
    assert_eq!(output.status.code(), Some(2), "{}", explain(&args, &output));
    assert!(String::from_utf8_lossy(&output.stderr).contains("shard 2/3 missing"), "{}", explain(&args, &output));

    // One process running the whole schedule: the same shape and, exactly, the same arrivals.
    let whole = conform::load::run(
        &target,
        LoadOptions {
            scenario: scenario.display().to_string(),
            rate: Some(RATE.parse().unwrap()),
            duration: Some(Duration::from_secs(2)),
            warmup: Some(Duration::ZERO),
            reports: tmp.path().join("whole"),
            max_error_rate: 0.01,
            quiet: true,
            ..LoadOptions::default()
        },
    )
    .await;
    target.shutdown().await;
    let whole = whole.unwrap().summary;
    assert_eq!(
        whole.scheduled, merged.scheduled,
        "arrivals of one process vs the merged shards (tolerance 0: the schedule is a pure function)"
    );
    assert_eq!(whole.transactions.keys().collect::<Vec<_>>(), merged.transactions.keys().collect::<Vec<_>>());
    assert_eq!((whole.model.as_str(), whole.rate), (merged.model.as_str(), merged.rate), "model and rate of the whole run");
    assert_eq!(merged.sources, SHARDS);
}
