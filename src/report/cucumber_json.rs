//! `cucumber.json`: the de-facto standard Cucumber JSON report (as cucumber-jvm and
//! cucumber-js write it), so existing report tools can render runs. It records what
//! happened (raw step statuses); verdicts live in the other reports. Background steps are
//! folded into each scenario, failed hooks go in `before`/`after`, and the evidence of a
//! failure is attached to the failing step as a text/plain embedding.

use super::exchange_text;
use crate::outcome::{RunReport, ScenarioOutcome, StepKind, StepOutcome, StepStatus};
use base64::Engine as _;
use serde_json::{json, Value};
use std::collections::BTreeMap;

pub(super) fn render(report: &RunReport) -> std::io::Result<String> {
    let mut features: BTreeMap<&str, Vec<&ScenarioOutcome>> = BTreeMap::new();
    for s in &report.scenarios {
        features.entry(s.feature_path.as_str()).or_default().push(s);
    }
    let features: Vec<Value> = features
        .into_iter()
        .map(|(path, scenarios)| {
            let feature_id = slug(&scenarios[0].feature);
            json!({
                "uri": path,
                "id": feature_id,
                "keyword": "Feature",
                "name": scenarios[0].feature,
                "description": "",
                "line": 1,
                "tags": [],
                "elements": scenarios.iter().map(|s| element(&feature_id, s)).collect::<Vec<_>>(),
            })
        })
        .collect();
    serde_json::to_string_pretty(&features).map_err(std::io::Error::other)
}

fn element(feature_id: &str, s: &ScenarioOutcome) -> Value {
    let hooks = |kind: StepKind| -> Vec<Value> {
        s.steps.iter().filter(|st| st.kind == kind).map(|st| json!({ "match": { "location": st.keyword }, "result": result(st) })).collect()
    };
    let failing_line = s.failing_step().map(|st| (st.kind, st.line));
    let steps: Vec<Value> = s
        .steps
        .iter()
        .filter(|st| matches!(st.kind, StepKind::Background | StepKind::Scenario))
        .map(|st| {
            let mut step = json!({
                "keyword": format!("{} ", st.keyword),
                "name": st.text,
                "line": st.line,
                "match": { "location": format!("{}:{}", s.feature_path, st.line) },
                "result": result(st),
            });
            if failing_line == Some((st.kind, st.line)) && !s.evidence.is_empty() {
                let text: String = s.evidence.iter().map(exchange_text).collect::<Vec<_>>().join("\n");
                step["embeddings"] = json!([{ "mime_type": "text/plain", "data": base64::engine::general_purpose::STANDARD.encode(text) }]);
            }
            step
        })
        .collect();
    // Gherkin does not keep tag positions; the line above the scenario is where tags go.
    let tag_line = s.line.saturating_sub(1);
    json!({
        "id": format!("{feature_id};{}", slug(&s.id)),
        "keyword": "Scenario",
        "type": "scenario",
        "name": s.name,
        "description": "",
        "line": s.line,
        "tags": s.tags.iter().map(|t| json!({ "name": t, "line": tag_line })).collect::<Vec<_>>(),
        "before": hooks(StepKind::BeforeHook),
        "after": hooks(StepKind::AfterHook),
        "steps": steps,
    })
}

fn result(step: &StepOutcome) -> Value {
    let status = match step.status {
        StepStatus::Passed => "passed",
        StepStatus::Failed => "failed",
        StepStatus::Skipped => "skipped",
        StepStatus::Undefined => "undefined",
        StepStatus::Ambiguous => "ambiguous",
    };
    let mut result = json!({ "status": status, "duration": step.duration_ms.saturating_mul(1_000_000) });
    if let Some(error) = &step.error {
        result["error_message"] = json!(error);
    }
    result
}

/// Lowercase words joined by `-`, the way Cucumber builds element ids.
fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::tests::sample_report;

    #[test]
    fn standard_shape_with_statuses_durations_errors_and_tags() {
        let json: Value = serde_json::from_str(&render(&sample_report()).unwrap()).unwrap();
        let features = json.as_array().expect("top level is an array of features");
        let uris: Vec<&str> = features.iter().map(|f| f["uri"].as_str().unwrap_or("")).collect();
        assert_eq!(uris, ["features/storage/tokens.feature", "features/users/users.feature"]);
        let scenario = &features[0]["elements"][0];
        assert_eq!(scenario["type"], "scenario");
        assert_eq!(scenario["id"], "file-tokens;storage-token-view");
        assert_eq!(scenario["tags"][0], json!({"name": "@id:storage-token-view", "line": 11}));
        let statuses: Vec<&str> =
            scenario["steps"].as_array().unwrap().iter().map(|s| s["result"]["status"].as_str().unwrap_or("")).collect();
        assert_eq!(statuses, ["passed", "failed", "skipped"], "step statuses in {scenario}");
        let failed = &scenario["steps"][1];
        assert_eq!(failed["keyword"], "Then ");
        assert_eq!(failed["result"]["duration"], 5_000_000, "duration in nanoseconds");
        assert!(failed["result"]["error_message"].as_str().unwrap_or("").contains("expected 200, got 401"), "error in {failed}");
        let evidence = base64::engine::general_purpose::STANDARD.decode(failed["embeddings"][0]["data"].as_str().unwrap_or("")).unwrap();
        assert!(String::from_utf8_lossy(&evidence).contains("→ 201"), "evidence embedded on the failing step");
    }

    #[test]
    fn slugs_are_lowercase_dashed() {
        assert_eq!(slug("A token <grants> \"view\""), "a-token-grants-view");
    }
}
