//! `conform load --image` runs the chunked-upload profile against the reference server's
//! container and writes its reports, the container's output among them; the container is gone
//! afterwards. Skipped (one line saying why) without Docker.

mod common;
mod docker;

#[test]
fn load_against_the_reference_image_writes_its_reports() {
    let Some(()) = docker::available("load_against_the_reference_image_writes_its_reports") else { return };
    let dir = tempfile::tempdir().expect("temp dir");
    let reports = dir.path().join("reports");
    let mut args: Vec<String> =
        ["load", "--quiet", "--scenario", "chunked-upload", "--users", "2", "--iterations", "12", "--warmup", "0s", "--sample", "50"]
            .map(String::from)
            .to_vec();
    args.extend(["--reports".to_string(), reports.display().to_string()]);
    args.extend(docker::image_args());
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let run = common::conform(dir.path(), &args);
    println!("load --image took {:.1} s", run.elapsed.as_secs_f64());
    assert_eq!(run.output.status.code(), Some(0), "{}", run.explain());
    let runs: Vec<_> =
        std::fs::read_dir(&reports).expect("reports").flatten().map(|e| e.path().join("load")).filter(|p| p.is_dir()).collect();
    assert_eq!(runs.len(), 1, "one load report folder: {runs:?}\n{}", run.explain());
    let load = &runs[0];
    for file in ["summary.json", "summary.md", "report.html", "latency.hlog", conform::image::STDOUT_FILE, conform::image::STDERR_FILE] {
        assert!(load.join(file).is_file(), "{} should hold {file}\n{}", load.display(), run.explain());
    }
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(load.join("summary.json")).expect("read")).expect("JSON");
    let uploads = &summary["transactions"]["upload"];
    assert_eq!(uploads["count"], serde_json::json!(12), "twelve uploads measured: {uploads}");
    assert_eq!(uploads["errors"], serde_json::json!(0), "no failed upload: {uploads}");
    let logs = std::fs::read_to_string(load.join(conform::image::STDERR_FILE)).expect("container stderr");
    assert!(logs.contains("conform-reference listening on"), "{logs}");
    let stderr = String::from_utf8_lossy(&run.output.stderr);
    let id = stderr
        .lines()
        .find_map(|l| l.strip_prefix("conform: container "))
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap_or_else(|| panic!("no container line\n{}", run.explain()));
    assert!(docker::containers_with_id(id).is_empty(), "the container must be removed after the load run");
}
