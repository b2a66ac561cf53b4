//! `conform run --image` against the reference server's image (`deploy/docker/`): the whole
//! suite passes, the container's output lands in the report folder and the container is gone
//! afterwards; a container that never answers, or exits, ends the run with exit 2, its last
//! log lines and nothing left behind. Skipped (one line saying why) without Docker.

mod common;
mod docker;

use std::time::Duration;

/// The id the run printed for its container (`conform: container <id> of …`).
fn container_id(run: &common::Run) -> String {
    let stderr = String::from_utf8_lossy(&run.output.stderr);
    let line =
        stderr.lines().find(|l| l.starts_with("conform: container ")).unwrap_or_else(|| panic!("no container line\n{}", run.explain()));
    line.split_whitespace().nth(2).expect("an id after `container`").to_string()
}

#[test]
fn the_whole_suite_passes_against_the_reference_image() {
    let Some(()) = docker::available("the_whole_suite_passes_against_the_reference_image") else { return };
    let dir = tempfile::tempdir().expect("temp dir");
    let mut args: Vec<String> = vec!["run".into(), "--quiet".into()];
    args.extend(docker::image_args());
    for capability in ["fast-rate-windows", "large-files", "email-delivery"] {
        args.extend(["--capability".to_string(), capability.to_string()]);
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let run = common::conform(dir.path(), &args);
    println!("the whole suite against {} took {:.1} s", docker::REFERENCE_IMAGE, run.elapsed.as_secs_f64());
    assert_eq!(run.output.status.code(), Some(0), "the suite must pass against the reference image\n{}", run.explain());
    let summary = run.summary();
    let scenarios = summary["scenarios"].as_array().expect("scenarios");
    let failed: Vec<&str> = scenarios.iter().filter(|s| s["status"] == "failed").filter_map(|s| s["id"].as_str()).collect();
    assert!(failed.is_empty(), "failed: {failed:?}\n{}", run.explain());
    assert!(scenarios.iter().filter(|s| s["status"] == "passed").count() > 600, "most of the suite must have run\n{}", run.explain());
    // The server's own output, beside the reports it explains.
    let logs = std::fs::read_to_string(run.reports.join("latest").join(conform::image::STDERR_FILE))
        .expect("the container's stderr in reports/latest");
    assert!(logs.contains("conform-reference listening on"), "the reference server's start-up line: {logs}");
    assert!(!logs.contains(docker::KEY), "no secret in the kept logs");
    let id = container_id(&run);
    assert_eq!(docker::containers_with_id(&id), Vec::<String>::new(), "the container must be removed after the run");
}

#[test]
fn a_container_that_never_answers_ends_the_run_with_its_logs_and_is_removed() {
    let Some(()) = docker::available("a_container_that_never_answers_ends_the_run_with_its_logs_and_is_removed") else { return };
    let dir = tempfile::tempdir().expect("temp dir");
    // The server listens on 80; asking port 81 is a server that never answers.
    let mut args: Vec<String> = vec!["run".into(), "--quiet".into()];
    args.extend(docker::image_args());
    args.extend(["--image-port", "81", "--image-start-timeout", "4"].map(String::from));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let run = common::conform_within(dir.path(), &args, Duration::from_secs(120));
    let stderr = String::from_utf8_lossy(&run.output.stderr);
    assert_eq!(run.output.status.code(), Some(2), "a target that never came up: exit 2\n{}", run.explain());
    for needle in ["did not become healthy within 4 s", "GET /v1/health/version", "no scenario was run", "conform-reference listening on"] {
        assert!(stderr.contains(needle), "the error should say {needle:?}\n{}", run.explain());
    }
    let kept: Vec<_> = std::fs::read_dir(&run.reports).expect("reports folder").flatten().map(|e| e.path()).collect();
    assert_eq!(kept.len(), 1, "one image-<id> folder with the logs: {kept:?}");
    let folder = kept[0].file_name().and_then(|n| n.to_str()).unwrap_or_default().to_string();
    assert!(folder.starts_with("image-"), "{folder}");
    assert!(kept[0].join(conform::image::STDERR_FILE).is_file());
    assert!(docker::containers_with_id(&folder["image-".len()..]).is_empty(), "the container must be removed after a failed start");
}

#[test]
fn a_container_that_exits_ends_the_run_at_once_with_why() {
    let Some(()) = docker::available("a_container_that_exits_ends_the_run_at_once_with_why") else { return };
    let dir = tempfile::tempdir().expect("temp dir");
    // Without CONFORM_REFERENCE_API_KEY the server refuses to start.
    let image = docker::reference_image();
    let run = common::conform_within(
        dir.path(),
        &["run", "--quiet", "--image", image, "--project", "conform", "--key", "k", "--image-start-timeout", "60"],
        Duration::from_secs(120),
    );
    assert_eq!(run.output.status.code(), Some(2), "{}", run.explain());
    assert!(run.elapsed < Duration::from_secs(30), "an exited container is not waited for: {:.1} s", run.elapsed.as_secs_f64());
    let stderr = String::from_utf8_lossy(&run.output.stderr);
    for needle in ["stopped (exit code 2) before its server answered", "--api-key"] {
        assert!(stderr.contains(needle), "the error should say {needle:?}\n{}", run.explain());
    }
}
