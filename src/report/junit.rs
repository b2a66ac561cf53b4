//! `junit.xml`: one testsuite per feature file, one testcase per scenario, in the shape
//! CI systems (GitLab, Jenkins, GitHub test reporters) read. Verdicts, not raw statuses,
//! decide failure: an expected failure is `<skipped>`, an unexpected pass is a failure.

use super::exchange_text;
use crate::outcome::{RunReport, ScenarioOutcome, Verdict};
use std::collections::BTreeMap;
use std::fmt::Write as _;

pub(super) fn render(report: &RunReport) -> String {
    let mut features: BTreeMap<&str, Vec<&ScenarioOutcome>> = BTreeMap::new();
    for s in &report.scenarios {
        features.entry(s.feature_path.as_str()).or_default().push(s);
    }
    let failures = report.scenarios.iter().filter(|s| s.verdict.fails_run()).count();
    let skipped = report.scenarios.iter().filter(|s| is_skipped(&s.verdict)).count();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"conform {}\" tests=\"{}\" failures=\"{failures}\" errors=\"0\" skipped=\"{skipped}\" time=\"{}\" timestamp=\"{}\">",
        attr(&report.target.endpoint),
        report.scenarios.len(),
        seconds(report.duration_ms),
        report.started_at.format("%Y-%m-%dT%H:%M:%S"),
    );
    for (path, scenarios) in features {
        let failures = scenarios.iter().filter(|s| s.verdict.fails_run()).count();
        let skipped = scenarios.iter().filter(|s| is_skipped(&s.verdict)).count();
        let time: u64 = scenarios.iter().map(|s| s.duration_ms).sum();
        let _ = writeln!(
            out,
            "  <testsuite name=\"{}\" file=\"{}\" tests=\"{}\" failures=\"{failures}\" errors=\"0\" skipped=\"{skipped}\" time=\"{}\">",
            attr(&scenarios[0].feature),
            attr(path),
            scenarios.len(),
            seconds(time),
        );
        for s in scenarios {
            testcase(&mut out, s);
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

fn testcase(out: &mut String, s: &ScenarioOutcome) {
    let _ = write!(
        out,
        "    <testcase classname=\"{}\" name=\"{}\" file=\"{}\" line=\"{}\" time=\"{}\">",
        attr(&s.feature_path),
        attr(&format!("{} [{}]", s.name, s.id)),
        attr(&s.feature_path),
        s.line,
        seconds(s.duration_ms),
    );
    match &s.verdict {
        Verdict::Pass => {}
        Verdict::Flaky { reason } => {
            let _ = write!(out, "\n      <system-out>{}</system-out>\n    ", text(&format!("flaky: {reason} (retries: {})", s.retries)));
        }
        Verdict::ExpectedFail { reason } => skipped_element(out, &format!("expected failure: {reason}")),
        Verdict::Skipped { reason } => skipped_element(out, &format!("skipped: {reason}")),
        Verdict::NotApplicable { reason } => skipped_element(out, &format!("not applicable: {reason}")),
        Verdict::Fail => failure(out, &s.failure_summary(), "failure", &failure_text(s)),
        Verdict::UnexpectedPass { reason } => failure(
            out,
            &format!("unexpected pass: expected to fail ({reason}); remove its entry from the expectations file"),
            "unexpected-pass",
            "",
        ),
        Verdict::Expired { reason } => failure(out, reason, "expired-expectation", &failure_text(s)),
    }
    out.push_str("</testcase>\n");
}

fn is_skipped(verdict: &Verdict) -> bool {
    matches!(verdict, Verdict::ExpectedFail { .. } | Verdict::Skipped { .. } | Verdict::NotApplicable { .. })
}

fn skipped_element(out: &mut String, message: &str) {
    let _ = write!(out, "\n      <skipped message=\"{}\"/>\n    ", attr(message));
}

fn failure(out: &mut String, message: &str, kind: &str, body: &str) {
    let _ = write!(out, "\n      <failure message=\"{}\" type=\"{kind}\">{}</failure>\n    ", attr(message), text(body));
}

/// The failure as a reader needs it: every step with its status, the error, the evidence.
fn failure_text(s: &ScenarioOutcome) -> String {
    let mut body = format!("{}:{}  {}\n\n", s.feature_path, s.line, s.name);
    for step in &s.steps {
        let _ = writeln!(body, "  [{:?}] {} {}", step.status, step.keyword, step.text);
        if let Some(error) = &step.error {
            for line in error.lines() {
                let _ = writeln!(body, "      {line}");
            }
        }
    }
    if let Some(reason) = &s.status_reason {
        let _ = writeln!(body, "\n{reason}");
    }
    for (i, e) in s.evidence.iter().enumerate() {
        let _ = write!(body, "\n--- exchange {} of {} ---\n{}", i + 1, s.evidence.len(), exchange_text(e));
    }
    body
}

fn seconds(ms: u64) -> String {
    format!("{:.3}", ms as f64 / 1000.0)
}

/// Element text: markup characters escaped, and characters XML 1.0 forbids (control
/// characters from binary or hostile response bodies) replaced, so the file always parses.
fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// Attribute values: also quotes, and newlines as character references so they survive.
fn attr(s: &str) -> String {
    text(s).replace('"', "&quot;").replace('\'', "&apos;").replace('\n', "&#10;").replace('\r', "&#13;").replace('\t', "&#9;")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::tests::sample_report;
    use quick_xml::events::Event;

    /// Name, attributes, and the text inside.
    type Element = (String, Vec<(String, String)>, String);

    fn element(e: &quick_xml::events::BytesStart<'_>) -> Element {
        let attrs = e
            .attributes()
            .map(|a| {
                let a = a.expect("well-formed attribute");
                (String::from_utf8_lossy(a.key.as_ref()).into_owned(), a.unescape_value().expect("valid escape").into_owned())
            })
            .collect();
        (String::from_utf8_lossy(e.name().as_ref()).into_owned(), attrs, String::new())
    }

    /// (element name, attributes, text inside) of every element, parsing the whole document.
    fn parse(xml: &str) -> Vec<Element> {
        let mut reader = quick_xml::Reader::from_str(xml);
        let mut elements = Vec::new();
        let mut open: Vec<usize> = Vec::new();
        loop {
            match reader.read_event() {
                Ok(Event::Start(e)) => {
                    elements.push(element(&e));
                    open.push(elements.len() - 1);
                }
                // An empty element has no End event and no text.
                Ok(Event::Empty(e)) => elements.push(element(&e)),
                Ok(Event::Text(t)) => {
                    if let Some(&i) = open.last() {
                        elements[i].2.push_str(&t.decode().expect("utf-8"));
                    }
                }
                Ok(Event::GeneralRef(r)) => {
                    if let Some(&i) = open.last() {
                        let name = r.decode().expect("utf-8");
                        let c = match name.as_ref() {
                            "amp" => "&",
                            "lt" => "<",
                            "gt" => ">",
                            "quot" => "\"",
                            "apos" => "'",
                            other => panic!("unexpected entity &{other};"),
                        };
                        elements[i].2.push_str(c);
                    }
                }
                Ok(Event::End(_)) => {
                    open.pop();
                }
                Ok(Event::Eof) => break,
                Ok(_) => {}
                Err(e) => panic!("junit.xml is not well-formed at {}: {e}\n{xml}", reader.buffer_position()),
            }
        }
        assert!(open.is_empty(), "unclosed elements in\n{xml}");
        elements
    }

    fn attr_of<'a>(element: &'a Element, name: &str) -> &'a str {
        element.1.iter().find(|(k, _)| k == name).map_or("", |(_, v)| v.as_str())
    }

    #[test]
    fn junit_is_well_formed_and_maps_verdicts() {
        let xml = render(&super::super::redact_report(&sample_report()));
        let elements = parse(&xml);
        let suites: Vec<&str> = elements.iter().filter(|e| e.0 == "testsuite").map(|e| attr_of(e, "file")).collect();
        assert_eq!(suites, ["features/storage/tokens.feature", "features/users/users.feature"], "one testsuite per feature");
        let root = &elements[0];
        assert_eq!((attr_of(root, "tests"), attr_of(root, "failures"), attr_of(root, "skipped")), ("4", "1", "2"), "root counts in\n{xml}");

        let cases: Vec<&str> = elements.iter().filter(|e| e.0 == "testcase").map(|e| attr_of(e, "name")).collect();
        assert_eq!(cases[0], "A token <grants> \"view\" & more [storage-token-view]", "names survive escaping");
        let failure = elements.iter().find(|e| e.0 == "failure").expect("a failure element");
        assert!(failure.2.contains("Then the response status is 200"), "failing step in failure text:\n{}", failure.2);
        assert!(failure.2.contains("expected 200, got 401 <unauthorized>"), "error in failure text:\n{}", failure.2);
        assert!(
            failure.2.contains("POST http://localhost/v1/storage/buckets/b/files/f/view"),
            "evidence request in failure text:\n{}",
            failure.2
        );
        assert!(failure.2.contains("→ 201"), "evidence response in failure text:\n{}", failure.2);
        let skipped: Vec<&str> = elements.iter().filter(|e| e.0 == "skipped").map(|e| attr_of(e, "message")).collect();
        assert_eq!(skipped, ["expected failure: no AVIF encoder", "not applicable: the target lacks read-only-key"]);
    }

    #[test]
    fn text_and_attributes_escape_everything_xml_forbids() {
        assert_eq!(text("a<b>&c\u{1}"), "a&lt;b&gt;&amp;c\u{FFFD}");
        assert_eq!(attr("\"x'\n"), "&quot;x&apos;&#10;");
    }
}
