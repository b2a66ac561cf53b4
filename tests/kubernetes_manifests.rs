//! The Kubernetes manifests in deploy/kubernetes/ parse, wire the shards together (Indexed
//! Job, N written consistently, the shard index and common start time passed to
//! `conform load`, the target from a Secret) and their command lines are ones conform
//! accepts. No cluster runs here: this checks what can be checked without one.

use clap::Parser;
use serde_yaml::Value;

fn manifest(name: &str) -> Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("deploy/kubernetes").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{} is not valid YAML: {e}", path.display()))
}

fn str_at<'a>(v: &'a Value, path: &[&str]) -> &'a str {
    at(v, path).as_str().unwrap_or_else(|| panic!("{path:?} is not a string: {:?}", at(v, path)))
}

fn at<'a>(v: &'a Value, path: &[&str]) -> &'a Value {
    path.iter().fold(v, |v, key| v.get(key).unwrap_or_else(|| panic!("no {key:?} in {v:?} (path {path:?})")))
}

fn container(job: &Value) -> &Value {
    &at(job, &["spec", "template", "spec", "containers"])[0]
}

fn env<'a>(container: &'a Value, name: &str) -> &'a Value {
    at(container, &["env"])
        .as_sequence()
        .unwrap()
        .iter()
        .find(|e| e["name"].as_str() == Some(name))
        .unwrap_or_else(|| panic!("no env {name} in {container:?}"))
}

fn claim(job: &Value) -> &str {
    str_at(&at(job, &["spec", "template", "spec", "volumes"])[0], &["persistentVolumeClaim", "claimName"])
}

#[test]
fn the_load_job_is_indexed_and_passes_index_count_and_start_to_conform() {
    let job = manifest("load-job.yaml");
    assert_eq!(str_at(&job, &["kind"]), "Job");
    assert_eq!(str_at(&job, &["spec", "completionMode"]), "Indexed");
    let completions = at(&job, &["spec", "completions"]).as_u64().unwrap();
    assert_eq!(at(&job, &["spec", "parallelism"]).as_u64(), Some(completions), "every shard must run at once");
    assert_eq!(at(&job, &["spec", "backoffLimit"]).as_u64(), Some(0), "a retried shard would start after the others");

    let c = container(&job);
    let args: Vec<&str> = at(c, &["args"]).as_sequence().unwrap().iter().map(|a| a.as_str().unwrap()).collect();
    let after = |flag: &str| args.iter().position(|a| *a == flag).map(|i| args[i + 1]).unwrap_or_else(|| panic!("no {flag} in {args:?}"));
    assert_eq!(after("--shards"), completions.to_string(), "--shards N must equal completions");
    assert_eq!(after("--start-at"), "$(START_AT)");
    assert!(after("--reports").contains("$(SHARD_INDEX)"), "each shard writes its own folder: {args:?}");
    assert_eq!(str_at(env(c, "START_AT"), &["valueFrom", "configMapKeyRef", "key"]), "start-at");
    assert_eq!(
        str_at(env(c, "SHARD_INDEX"), &["valueFrom", "fieldRef", "fieldPath"]),
        "metadata.annotations['batch.kubernetes.io/job-completion-index']",
        "the same index as JOB_COMPLETION_INDEX"
    );
    for (name, key) in [("APPWRITE_ENDPOINT", "endpoint"), ("APPWRITE_PROJECT", "project"), ("APPWRITE_API_KEY", "api-key")] {
        let e = env(c, name);
        assert!(e.get("value").is_none(), "{name} must come from the Secret, not be written in the manifest");
        assert_eq!(str_at(e, &["valueFrom", "secretKeyRef", "key"]), key);
        assert_eq!(str_at(e, &["valueFrom", "secretKeyRef", "name"]), "conform-target");
    }

    // What the pod runs (Kubernetes expands $(VAR) from the container's env) is a command line conform accepts.
    let start_at = conform::load::shard::rfc3339(chrono::Utc::now() + chrono::Duration::minutes(3));
    let expanded: Vec<String> = std::iter::once("conform".to_string())
        .chain(args.iter().map(|a| a.replace("$(START_AT)", &start_at).replace("$(RUN_NAME)", "run-1").replace("$(SHARD_INDEX)", "0")))
        .collect();
    let cli = conform::cli::Cli::try_parse_from(&expanded).unwrap_or_else(|e| panic!("conform refuses {expanded:?}: {e}"));
    let conform::cli::Command::Load(load) = cli.command else { panic!("{expanded:?} is not `conform load`") };
    assert_eq!(load.shards, Some(completions as u32));
    assert!(load.start_at.is_some());
}

#[test]
fn the_merge_job_waits_for_every_shard_on_the_same_volume() {
    let (load, merge, pvc) = (manifest("load-job.yaml"), manifest("merge-job.yaml"), manifest("pvc.yaml"));
    let completions = at(&load, &["spec", "completions"]).as_u64().unwrap();
    let c = container(&merge);
    assert_eq!(str_at(env(c, "SHARDS"), &["value"]), completions.to_string(), "the merge waits for as many shards as the load Job runs");
    let script = at(c, &["command"]).as_sequence().unwrap().iter().filter_map(|v| v.as_str()).collect::<Vec<_>>().join(" ");
    assert!(script.contains("$SHARDS") && script.contains("summary.json"), "waits for N summary.json files: {script}");
    assert!(script.contains("conform report merge \"$dir\"/shard-*"), "then merges the shard folders: {script}");

    let name = str_at(&pvc, &["metadata", "name"]);
    assert_eq!(claim(&load), name);
    assert_eq!(claim(&merge), name);
    let modes: Vec<&str> = at(&pvc, &["spec", "accessModes"]).as_sequence().unwrap().iter().filter_map(|m| m.as_str()).collect();
    assert_eq!(modes, ["ReadWriteMany"], "shards on different nodes write at once");
}
