//! The files a run leaves behind: JUnit XML for CI, Cucumber JSON for report tools, the
//! run report as JSON, and one HTML page for people; plus the terminal summary.
//!
//! Every writer gets a copy of the report passed through [`redact_report`] first: the
//! client already redacts what it records, but a secret in a report is a leak, so the
//! writers do it again.

mod cucumber_json;
mod html;
mod junit;
mod summary;

pub use summary::print_summary;

use crate::exchange::Exchange;
use crate::outcome::RunReport;
use crate::selfcheck::result::SelfcheckReport;
use regex::Regex;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

/// Paths of the files [`write_all`] wrote.
#[derive(Clone, Debug, PartialEq)]
pub struct Written {
    pub dir: PathBuf,
    pub junit: PathBuf,
    pub cucumber_json: PathBuf,
    pub summary_json: PathBuf,
    pub html: PathBuf,
}

pub const JUNIT_FILE: &str = "junit.xml";
pub const CUCUMBER_JSON_FILE: &str = "cucumber.json";
pub const SUMMARY_JSON_FILE: &str = "summary.json";
pub const HTML_FILE: &str = "report.html";

/// Writes the four report files into `dir` (created if missing); the HTML page shows the
/// mutation score of `selfcheck` when there is one.
pub fn write_all(report: &RunReport, selfcheck: Option<&SelfcheckReport>, dir: &Path) -> io::Result<Written> {
    std::fs::create_dir_all(dir)?;
    let report = redact_report(report);
    let written = Written {
        dir: dir.to_path_buf(),
        junit: dir.join(JUNIT_FILE),
        cucumber_json: dir.join(CUCUMBER_JSON_FILE),
        summary_json: dir.join(SUMMARY_JSON_FILE),
        html: dir.join(HTML_FILE),
    };
    std::fs::write(&written.junit, junit::render(&report))?;
    std::fs::write(&written.cucumber_json, cucumber_json::render(&report)?)?;
    std::fs::write(&written.summary_json, summary::render_json(&report)?)?;
    std::fs::write(&written.html, html::render(&report, selfcheck))?;
    Ok(written)
}

/// Writes the reports to `<reports_root>/<run-id>/` and replaces `<reports_root>/latest/`
/// wholesale with a copy, so `latest` never mixes files of two runs. The latest
/// `conform selfcheck` result in `reports_root` lends the HTML page its mutation score.
/// Returns the run's folder.
pub fn publish(report: &RunReport, reports_root: &Path) -> io::Result<PathBuf> {
    let selfcheck = SelfcheckReport::read(&reports_root.join(crate::selfcheck::result::FILE));
    let written = write_all(report, selfcheck.as_ref(), &reports_root.join(&report.run_id))?;
    let latest = reports_root.join("latest");
    if latest.exists() {
        std::fs::remove_dir_all(&latest)?;
    }
    std::fs::create_dir_all(&latest)?;
    for file in [&written.junit, &written.cucumber_json, &written.summary_json, &written.html] {
        if let Some(name) = file.file_name() {
            std::fs::copy(file, latest.join(name))?;
        }
    }
    Ok(written.dir)
}

const REDACTED: &str = "[redacted]";

/// Headers whose values are credentials.
const SECRET_HEADERS: &[&str] = &["x-appwrite-key", "x-appwrite-session", "x-appwrite-jwt", "cookie", "set-cookie", "x-fallback-cookies"];

/// The report with every exchange and every free text (errors, reasons) redacted.
pub fn redact_report(report: &RunReport) -> RunReport {
    let mut report = report.clone();
    for s in &mut report.scenarios {
        s.evidence = s.evidence.iter().map(redact).collect();
        for step in &mut s.steps {
            step.error = step.error.as_deref().map(redact_text);
        }
        s.status_reason = s.status_reason.as_deref().map(redact_text);
    }
    report.leftovers = report.leftovers.iter().map(|l| redact_text(l)).collect();
    if let Some(gone) = &mut report.target_gone {
        gone.last_error = redact_text(&gone.last_error);
    }
    report
}

/// One exchange with credential headers, and secrets in the URL, bodies and other
/// header values (see [`redact_text`]), replaced by `[redacted]`.
pub fn redact(exchange: &Exchange) -> Exchange {
    let headers = |list: &[(String, String)]| -> Vec<(String, String)> {
        list.iter()
            .map(|(name, value)| {
                let secret = SECRET_HEADERS.contains(&name.to_ascii_lowercase().as_str());
                (name.clone(), if secret { REDACTED.to_string() } else { redact_text(value) })
            })
            .collect()
    };
    Exchange {
        method: exchange.method.clone(),
        url: redact_text(&exchange.url),
        operation: exchange.operation.clone(),
        request_headers: headers(&exchange.request_headers),
        request_body: exchange.request_body.as_deref().map(redact_text),
        status: exchange.status,
        response_headers: headers(&exchange.response_headers),
        response_body: exchange.response_body.as_deref().map(redact_text),
        error: exchange.error.as_deref().map(redact_text),
        elapsed_ms: exchange.elapsed_ms,
    }
}

/// Free text that may quote a secret: JSON string fields whose name ends in `secret`,
/// `token`, `password` or `jwt` (`"secret": "…"`, `"providerAccessToken": "…"`), the
/// same names as `name=…` query pairs, and session cookies (`a_session_<project>=…`).
/// Working on text rather than parsed JSON keeps bodies byte-for-byte as the server sent
/// them, and also covers truncated bodies and error messages that quote them.
pub fn redact_text(text: &str) -> String {
    static JSON_FIELD: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r#"(?i)("[a-z0-9_]*(?:secret|token|password|jwt)"\s*:\s*)"(?:[^"\\]|\\.)*"?"#).expect("valid regex"));
    static QUERY_PAIR: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?i)\b([a-z0-9_]*(?:secret|token|password|jwt)=)[^&#\s;,)]*").expect("valid regex"));
    static SESSION_COOKIE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?i)(a_session_[a-z0-9_-]*(?:_legacy)?\s*[=:]\s*)[^;,\s]+").expect("valid regex"));
    // A JWT anywhere (account JWTs, file token secrets), whatever a step's message put around it:
    // a base64url JSON header (`{"` encodes as `eyJ`), a payload and a signature.
    static JWT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*").expect("valid regex"));
    let text = JSON_FIELD.replace_all(text, format!("${{1}}\"{REDACTED}\""));
    let text = QUERY_PAIR.replace_all(&text, format!("${{1}}{REDACTED}"));
    let text = JWT.replace_all(&text, REDACTED);
    SESSION_COOKIE.replace_all(&text, format!("${{1}}{REDACTED}")).into_owned()
}

/// Evidence as a person reads it: request line, headers and body, then the response.
fn exchange_text(e: &Exchange) -> String {
    let mut out = format!("{} {}", e.method, e.url);
    if let Some(op) = &e.operation {
        out.push_str(&format!("    ({op})"));
    }
    out.push('\n');
    for (name, value) in &e.request_headers {
        out.push_str(&format!("{name}: {value}\n"));
    }
    if let Some(body) = &e.request_body {
        out.push_str(&format!("\n{body}\n"));
    }
    out.push('\n');
    match e.status {
        Some(status) => out.push_str(&format!("→ {status}  ({} ms)\n", e.elapsed_ms)),
        None => out.push_str(&format!("→ no response  ({} ms)\n", e.elapsed_ms)),
    }
    for (name, value) in &e.response_headers {
        out.push_str(&format!("{name}: {value}\n"));
    }
    if let Some(body) = &e.response_body {
        out.push_str(&format!("\n{body}\n"));
    }
    if let Some(error) = &e.error {
        out.push_str(&format!("\nerror: {error}\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outcome::{ScenarioOutcome, Status, StepKind, StepOutcome, StepStatus, TargetInfo, Verdict};
    use chrono::Utc;
    use std::collections::BTreeMap;

    /// Values planted where a careless client could leave them; none may reach a report.
    const PLANTED: &[&str] = &[
        "KEYplanted1",
        "SESSIONplanted2",
        "JWTplanted3",
        "COOKIEplanted4",
        "TOKENSECRETplanted5",
        "QUERYplanted6",
        "PASSWORDplanted7",
        "FALLBACKplanted8",
    ];

    fn leaky_exchange() -> Exchange {
        Exchange {
            method: "POST".into(),
            url: "http://localhost/v1/storage/buckets/b/files/f/view?project=p&token=QUERYplanted6".into(),
            operation: Some("storage.createFile".into()),
            request_headers: vec![
                ("X-Appwrite-Key".into(), "KEYplanted1".into()),
                ("X-Appwrite-Session".into(), "SESSIONplanted2".into()),
                ("X-Appwrite-JWT".into(), "JWTplanted3".into()),
                ("Cookie".into(), "a_session_p=COOKIEplanted4".into()),
                ("X-Fallback-Cookies".into(), "{\"a_session_p\":\"FALLBACKplanted8\"}".into()),
                ("Content-Type".into(), "application/json".into()),
            ],
            request_body: Some("{\"email\":\"a@b.c\",\"password\":\"PASSWORDplanted7\"}".into()),
            status: Some(201),
            response_headers: vec![("Set-Cookie".into(), "a_session_p=COOKIEplanted4; path=/".into())],
            response_body: Some("{\"$id\":\"t1\",\"secret\":\"TOKENSECRETplanted5\",\"expire\":null}".into()),
            error: None,
            elapsed_ms: 3,
        }
    }

    pub(super) fn sample_report() -> RunReport {
        let failing = ScenarioOutcome {
            id: "storage-token-view".into(),
            name: "A token <grants> \"view\" & more".into(),
            feature: "File tokens".into(),
            feature_path: "features/storage/tokens.feature".into(),
            area: "storage".into(),
            line: 12,
            tags: vec!["@id:storage-token-view".into(), "@op:tokens.createFileToken".into(), "@op:storage.getFileView".into()],
            operations: vec!["tokens.createFileToken".into(), "storage.getFileView".into()],
            status: Status::Failed,
            status_reason: None,
            retries: 0,
            steps: vec![
                StepOutcome {
                    kind: StepKind::Background,
                    keyword: "Given".into(),
                    text: "a bucket".into(),
                    line: 4,
                    status: StepStatus::Passed,
                    error: None,
                    duration_ms: 2,
                },
                StepOutcome {
                    kind: StepKind::Scenario,
                    keyword: "Then".into(),
                    text: "the response status is 200".into(),
                    line: 14,
                    status: StepStatus::Failed,
                    error: Some("expected 200, got 401 <unauthorized> \u{1}\nbody: {\"secret\": \"TOKENSECRETplanted5\"}".into()),
                    duration_ms: 5,
                },
                StepOutcome {
                    kind: StepKind::Scenario,
                    keyword: "And".into(),
                    text: "the body is the file".into(),
                    line: 15,
                    status: StepStatus::Skipped,
                    error: None,
                    duration_ms: 0,
                },
            ],
            evidence: vec![leaky_exchange()],
            duration_ms: 9,
            expected: None,
            verdict: Verdict::Fail,
        };
        let mut expected_fail = failing.clone();
        expected_fail.id = "storage-preview-avif".into();
        expected_fail.name = "Preview as AVIF".into();
        expected_fail.line = 30;
        expected_fail.operations = vec!["storage.getFilePreview".into()];
        expected_fail.verdict = Verdict::ExpectedFail { reason: "no AVIF encoder".into() };
        let mut passing = failing.clone();
        passing.id = "users-create".into();
        passing.name = "Create a user".into();
        passing.feature = "Users".into();
        passing.feature_path = "features/users/users.feature".into();
        passing.area = "users".into();
        passing.line = 5;
        passing.operations = vec!["users.create".into()];
        passing.status = Status::Passed;
        passing.evidence.clear();
        passing.steps.iter_mut().for_each(|s| {
            s.status = StepStatus::Passed;
            s.error = None;
        });
        passing.verdict = Verdict::Pass;
        let mut na = passing.clone();
        na.id = "users-read-only".into();
        na.line = 20;
        na.status = Status::NotApplicable;
        na.verdict = Verdict::NotApplicable { reason: "the target lacks read-only-key".into() };
        RunReport::new(
            "run-abc".into(),
            Utc::now(),
            Utc::now(),
            TargetInfo { endpoint: "http://localhost:8080/v1".into(), project: "conform".into(), bundled: true },
            vec![failing, expected_fail, passing, na],
            BTreeMap::from([("users.create".to_string(), 3), ("storage.getFileView".to_string(), 1)]),
            vec!["file b/f (token=QUERYplanted6)".into()],
        )
    }

    #[test]
    fn planted_secrets_never_reach_any_report_file() {
        let dir = tempfile::tempdir().unwrap();
        let written = write_all(&sample_report(), None, dir.path()).unwrap();
        for file in [&written.junit, &written.cucumber_json, &written.summary_json, &written.html] {
            let text = std::fs::read_to_string(file).unwrap();
            for secret in PLANTED {
                assert!(!text.contains(secret), "{} contains the planted secret {secret}", file.display());
            }
            assert!(text.contains("storage-token-view"), "{} should still describe the failing scenario", file.display());
        }
    }

    #[test]
    fn redaction_keeps_what_is_not_secret() {
        let e = redact(&leaky_exchange());
        assert_eq!(e.url, "http://localhost/v1/storage/buckets/b/files/f/view?project=p&token=[redacted]");
        assert_eq!(e.request_headers[5], ("Content-Type".to_string(), "application/json".to_string()));
        assert_eq!(e.response_body.as_deref(), Some("{\"$id\":\"t1\",\"secret\":\"[redacted]\",\"expire\":null}"));
        assert_eq!(redact_text("{\"secret\": \"abc\", \"n\": 1"), "{\"secret\": \"[redacted]\", \"n\": 1", "truncated JSON");
        assert_eq!(
            redact_text("{\n  \"providerAccessToken\": \"a\\\"b\",\n  \"$id\": \"x\"\n}"),
            "{\n  \"providerAccessToken\": \"[redacted]\",\n  \"$id\": \"x\"\n}"
        );
        assert_eq!(redact_text("no secrets here"), "no secrets here");
        assert_eq!(
            redact_text("claims of eyJ0eXAiOiJKV1QifQ.eyJ0b2tlbklkIjoidCJ9.c2ln differ"),
            "claims of [redacted] differ",
            "a JWT in free text"
        );
    }

    #[test]
    fn publish_replaces_latest_wholesale() {
        let root = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(root.path().join("latest")).unwrap();
        std::fs::write(root.path().join("latest/stale.txt"), "from an older run").unwrap();
        let dir = publish(&sample_report(), root.path()).unwrap();
        assert_eq!(dir, root.path().join("run-abc"));
        let mut latest: Vec<String> =
            std::fs::read_dir(root.path().join("latest")).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        latest.sort();
        assert_eq!(latest, [CUCUMBER_JSON_FILE, JUNIT_FILE, HTML_FILE, SUMMARY_JSON_FILE], "files in latest/");
        assert_eq!(
            std::fs::read(root.path().join("latest/summary.json")).unwrap(),
            std::fs::read(dir.join("summary.json")).unwrap(),
            "latest/ is a copy of the run's folder"
        );
    }
}
