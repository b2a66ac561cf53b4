//! A target container that stops answering mid-run (`docker pause`) or dies (`docker kill`):
//! the run fails every scenario the target's going away cut short, names the moment in
//! `target_gone`, keeps the container's logs, removes it, and ends within the bound
//! `tests/target_gone.rs` holds the whole suite to (60 s with the default limits), never
//! hanging. Skipped (one line saying why) without Docker.

mod docker;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The bound of the README's "Misbehaving targets" for a target gone mid-run, default limits.
const GONE_BOUND: Duration = Duration::from_secs(60);
/// Past this the run is killed as hung.
const KILL_AFTER: Duration = Duration::from_secs(180);

struct Gone {
    code: Option<i32>,
    /// From the moment the target was broken to the end of the run.
    after_break: Duration,
    stderr: String,
    /// What the run printed: its summary.
    printed: String,
    summary: serde_json::Value,
    reports: std::path::PathBuf,
    id: String,
    _dir: tempfile::TempDir,
}

/// Runs the whole suite against the reference image, and `docker <action> <container>` once
/// the run has been going for `after`.
fn run_and(action: &str, after: Duration) -> Gone {
    let dir = tempfile::tempdir().expect("temp dir");
    let reports = dir.path().join("reports");
    let mut args = vec!["run".to_string(), "--quiet".to_string(), "--reports".to_string(), reports.display().to_string()];
    args.extend(docker::image_args());
    let mut child = Command::new(env!("CARGO_BIN_EXE_conform"))
        .args(&args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start conform");
    let (tx, rx) = std::sync::mpsc::channel::<String>();
    let stdout = child.stdout.take().expect("piped stdout");
    // The printed summary, read beside the run so a full pipe never blocks it.
    let printed = std::thread::spawn(move || std::io::read_to_string(stdout).unwrap_or_default());
    let stderr = child.stderr.take().expect("piped stderr");
    let reader = std::thread::spawn(move || {
        let mut all = String::new();
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = tx.send(line.clone());
            all.push_str(&line);
            all.push('\n');
        }
        all
    });
    let started = Instant::now();
    let id = loop {
        let line = rx.recv_timeout(Duration::from_secs(120)).expect("conform should name its container within 120 s");
        if let Some(rest) = line.strip_prefix("conform: container ") {
            break rest.split_whitespace().next().expect("an id").to_string();
        }
    };
    std::thread::sleep(after);
    // runc's freezer can fail to freeze a busy container ("unable to freeze"): ask again.
    let mut tries = 0;
    while !docker::docker(&[action, &id]).status.success() {
        tries += 1;
        assert!(tries < 10, "docker {action} {id} failed ten times");
        std::thread::sleep(Duration::from_millis(200));
    }
    let broken = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("poll conform") {
            break status;
        }
        if started.elapsed() > KILL_AFTER {
            let _ = child.kill();
            panic!("conform did not end within {} s after `docker {action}`: it must never hang", KILL_AFTER.as_secs());
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let after_break = broken.elapsed();
    let stderr = reader.join().expect("stderr reader");
    let printed = printed.join().expect("stdout reader");
    let text = std::fs::read_to_string(reports.join("latest").join("summary.json"))
        .unwrap_or_else(|e| panic!("no summary.json after `docker {action}`: {e}\n{stderr}"));
    Gone {
        code: status.code(),
        after_break,
        stderr,
        printed,
        summary: serde_json::from_str(&text).expect("summary.json is JSON"),
        reports,
        id,
        _dir: dir,
    }
}

/// Exit 1 within the bound, `target_gone` set, no scenario passing after that moment without
/// having finished before it, every cut one failed with the moment as its evidence, the logs
/// kept and the container removed.
fn assert_went_away(gone: &Gone, action: &str) {
    let explain = format!("after `docker {action}`: exit {:?}, {:.1} s\n{}", gone.code, gone.after_break.as_secs_f64(), gone.stderr);
    assert_eq!(gone.code, Some(1), "{explain}");
    assert!(gone.after_break < GONE_BOUND, "the run must end within {} s of the target going away; {explain}", GONE_BOUND.as_secs());
    let target_gone = &gone.summary["target_gone"];
    assert!(target_gone.is_object(), "summary.json must say the target went away: {target_gone}; {explain}");
    let scenarios = gone.summary["scenarios"].as_array().expect("scenarios");
    let cut: Vec<&serde_json::Value> = scenarios
        .iter()
        .filter(|s| {
            s["status_reason"].as_str().is_some_and(|r| r.contains("the target stopped answering at"))
                || s["steps"].as_array().is_some_and(|steps| {
                    steps.iter().any(|st| st["error"].as_str().is_some_and(|e| e.contains("the target stopped answering at")))
                })
        })
        .collect();
    assert!(!cut.is_empty(), "scenarios cut short must say the target stopped answering; {explain}");
    assert!(cut.iter().all(|s| s["status"] == "failed"), "every scenario cut short fails");
    let passed = scenarios.iter().filter(|s| s["status"] == "passed").count();
    println!(
        "docker {action}: run ended {:.1} s later; {} scenarios cut short, {passed} passed before; target_gone: {}",
        gone.after_break.as_secs_f64(),
        cut.len(),
        target_gone
    );
    assert!(gone.printed.contains("the target stopped answering"), "the printed summary says so: {}; {explain}", gone.printed);
    let logs =
        std::fs::read_to_string(gone.reports.join("latest").join(conform::image::STDERR_FILE)).expect("the container's logs are kept");
    assert!(logs.contains("conform-reference listening on"), "{logs}");
    assert!(docker::containers_with_id(&gone.id).is_empty(), "the container must be removed; {explain}");
}

#[test]
fn a_paused_container_fails_the_run_within_the_bound() {
    let Some(()) = docker::available("a_paused_container_fails_the_run_within_the_bound") else { return };
    let _ = docker::reference_image();
    let gone = run_and("pause", Duration::from_secs(3));
    assert_went_away(&gone, "pause");
}

#[test]
fn a_killed_container_fails_the_run_within_the_bound() {
    let Some(()) = docker::available("a_killed_container_fails_the_run_within_the_bound") else { return };
    let _ = docker::reference_image();
    let gone = run_and("kill", Duration::from_secs(3));
    assert_went_away(&gone, "kill");
}
