//! A target that is down or broken makes the run fail, with a report naming the failures,
//! and never hang.

mod common;

use std::net::TcpListener;

fn failed_ids(summary: &serde_json::Value) -> Vec<String> {
    summary["scenarios"]
        .as_array()
        .expect("scenarios array")
        .iter()
        .filter(|s| s["status"] == "failed")
        .filter_map(|s| s["id"].as_str().map(str::to_string))
        .collect()
}

#[test]
fn nothing_listening_fails_the_run_with_a_report() {
    // Bind and drop: the port is then almost surely free, so connections are refused.
    let port = TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port();
    let dir = tempfile::tempdir().expect("tempdir");
    let endpoint = format!("http://127.0.0.1:{port}/v1");
    let run = common::conform(dir.path(), &["run", "--quiet", "--tags", "not @storage", "--request-timeout", "1", "--scenario-timeout", "3", "--endpoint", &endpoint, "--project", "p", "--key", "k"]);
    assert_eq!(run.output.status.code(), Some(1), "a dead target must fail the run\n{}", run.explain());
    let failed = failed_ids(&run.summary());
    assert!(failed.len() >= 20, "expected most scenarios to fail, got {failed:?}\n{}", run.explain());
    assert!(String::from_utf8_lossy(&run.output.stdout).contains("rest-ping"), "the summary should name failing scenarios\n{}", run.explain());
}

#[test]
fn a_server_answering_500_to_everything_fails_the_run() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let listener = runtime.block_on(tokio::net::TcpListener::bind("127.0.0.1:0")).expect("bind");
    let addr = listener.local_addr().expect("addr");
    let app = axum::Router::new().fallback(|| async {
        (axum::http::StatusCode::INTERNAL_SERVER_ERROR, [("content-type", "application/json")], r#"{"message":"boom","code":500,"type":"general_unknown","version":"1.9.6"}"#)
    });
    runtime.spawn(async move { axum::serve(listener, app).await });
    let dir = tempfile::tempdir().expect("tempdir");
    let endpoint = format!("http://{addr}/v1");
    let run = common::conform(dir.path(), &["run", "--quiet", "--tags", "not @storage", "--request-timeout", "1", "--scenario-timeout", "3", "--endpoint", &endpoint, "--project", "p", "--key", "k"]);
    assert_eq!(run.output.status.code(), Some(1), "a broken target must fail the run\n{}", run.explain());
    let summary = run.summary();
    let failed = failed_ids(&summary);
    assert!(failed.contains(&"rest-ping".to_string()), "rest-ping should fail against a 500 server: {failed:?}");
    let passed: Vec<&str> = summary["scenarios"].as_array().unwrap().iter()
        .filter(|s| s["status"] == "passed").filter_map(|s| s["id"].as_str()).collect();
    assert!(passed.is_empty(), "no scenario may pass against a server that answers 500 to everything: {passed:?}");
}
