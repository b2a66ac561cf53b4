//! `report.html`: one self-contained page (inline CSS, no scripts, no external assets) a
//! person can open from a CI artifact: the verdict, the conformance matrix, operation
//! coverage against the contract, and each failure with its requests and responses.

use super::exchange_text;
use crate::coverage::{self, Coverage};
use crate::outcome::{RunReport, ScenarioOutcome, StepStatus, Verdict};
use crate::selfcheck::result::{Failure, SelfcheckReport, Verdict as FaultVerdict};
use std::collections::BTreeMap;
use std::fmt::Write as _;

const STYLE: &str = "body{font:14px/1.45 system-ui,sans-serif;margin:0 auto;max-width:1200px;padding:1em 2em;color:#222}\
h1{margin-bottom:.2em}h2{border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:2em}\
table{border-collapse:collapse;margin:.5em 0}th,td{border:1px solid #ddd;padding:.2em .6em;text-align:left;vertical-align:top}\
th{background:#f4f4f4}td.n{text-align:right}.pass{color:#1a7f37}.fail{color:#cf222e;font-weight:bold}\
.xfail{color:#9a6700}.na,.skip{color:#777}.banner{font-size:1.3em;padding:.4em .8em;display:inline-block;border-radius:4px}\
.banner.pass{background:#dafbe1}.banner.fail{background:#ffebe9}pre{background:#f6f8fa;padding:.6em;overflow-x:auto;white-space:pre-wrap;word-break:break-all}\
.scenario{border:1px solid #ddd;border-radius:4px;padding:.5em 1em;margin:1em 0}code{background:#f6f8fa;padding:0 .2em}";

pub(super) fn render(report: &RunReport, selfcheck: Option<&SelfcheckReport>) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>conform {}</title><style>{STYLE}</style></head><body>\n",
        esc(&report.run_id)
    );
    header(&mut out, report);
    matrix(&mut out, report);
    coverage(&mut out, report);
    behaviours(&mut out, report);
    if let Some(selfcheck) = selfcheck {
        mutation_score(&mut out, selfcheck);
    }
    failures(&mut out, report);
    all_scenarios(&mut out, report);
    out.push_str("</body></html>\n");
    out
}

fn header(out: &mut String, r: &RunReport) {
    let (class, verdict) = if r.passed() { ("pass", "PASS: every outcome was expected") } else { ("fail", "FAIL") };
    let v = &r.totals.verdicts;
    let _ = write!(
        out,
        "<h1>conform run {}</h1>\n<p>Target <code>{}</code>, project <code>{}</code>{}<br>Started {} · {:.1}s · {} scenarios</p>\n\
         <p class=\"banner {class}\">{verdict}</p>\n<table><tr><th>pass</th><th>fail</th><th>expected fail</th><th>unexpected pass</th>\
         <th>flaky</th><th>skipped</th><th>not applicable</th><th>expired</th></tr>\n<tr>{}</tr></table>\n",
        esc(&r.run_id),
        esc(&r.target.endpoint),
        esc(&r.target.project),
        if r.target.bundled { " (the bundled reference server)" } else { "" },
        r.started_at.format("%Y-%m-%d %H:%M:%S UTC"),
        r.duration_ms as f64 / 1000.0,
        r.totals.scenarios,
        [v.pass, v.fail, v.expected_fail, v.unexpected_pass, v.flaky, v.skipped, v.not_applicable, v.expired]
            .iter()
            .map(|n| format!("<td class=\"n\">{n}</td>"))
            .collect::<String>(),
    );
    if let Some(gone) = &r.target_gone {
        let _ = write!(
            out,
            "<p class=\"banner fail\">{}</p>\n<p>{} requests in a row got no answer, the last: <code>{}</code>. Every scenario \
             not finished by then failed, and the run stopped asking the target.</p>\n",
            esc(&capitalised(&gone.moment())),
            gone.unanswered_in_a_row,
            esc(&gone.last_error)
        );
    }
    list(out, "Warnings", &r.warnings);
    list(out, "Leftovers: resources cleanup could not delete (conform sweep removes them)", &r.leftovers);
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

fn list(out: &mut String, title: &str, items: &[String]) {
    if items.is_empty() {
        return;
    }
    let _ = write!(out, "<h3>{}</h3><ul>", esc(title));
    for item in items {
        let _ = write!(out, "<li>{}</li>", esc(item));
    }
    out.push_str("</ul>\n");
}

/// Matrix columns; a verdict that fails the run counts as fail, flaky counts as pass.
const COLUMNS: [(&str, &str); 5] =
    [("pass", "pass"), ("fail", "fail"), ("expected fail", "xfail"), ("not applicable", "na"), ("skipped", "skip")];

fn column(verdict: &Verdict) -> usize {
    match verdict {
        Verdict::Pass | Verdict::Flaky { .. } => 0,
        Verdict::Fail | Verdict::UnexpectedPass { .. } | Verdict::Expired { .. } => 1,
        Verdict::ExpectedFail { .. } => 2,
        Verdict::NotApplicable { .. } => 3,
        Verdict::Skipped { .. } => 4,
    }
}

fn matrix(out: &mut String, r: &RunReport) {
    let mut cells: BTreeMap<(&str, &str), [u64; 5]> = BTreeMap::new();
    for s in &r.scenarios {
        let ops: Vec<&str> = if s.operations.is_empty() { vec!["(no @op tag)"] } else { s.operations.iter().map(String::as_str).collect() };
        for op in ops {
            cells.entry((s.area.as_str(), op)).or_default()[column(&s.verdict)] += 1;
        }
    }
    out.push_str("<h2>Conformance matrix</h2>\n<p>Scenarios per area and operation (from <code>@op</code> tags); a scenario counts once per operation it exercises.</p>\n<table><tr><th>area</th><th>operation</th>");
    for (label, _) in COLUMNS {
        let _ = write!(out, "<th>{label}</th>");
    }
    out.push_str("</tr>\n");
    for ((area, op), counts) in cells {
        let _ = write!(out, "<tr><td>{}</td><td><code>{}</code></td>", esc(area), esc(op));
        for (n, (_, class)) in counts.iter().zip(COLUMNS) {
            if *n == 0 {
                out.push_str("<td class=\"n\"></td>");
            } else {
                let _ = write!(out, "<td class=\"n {class}\">{n}</td>");
            }
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</table>\n");
}

/// How much a pass of this suite is worth: of the faults `conform selfcheck` planted in the
/// reference server, how many the suite caught (by a wrong answer, not a timeout), per area,
/// which survived, which were met only by failures that prove nothing, and which are thin.
fn mutation_score(out: &mut String, selfcheck: &SelfcheckReport) {
    let score = match &selfcheck.score {
        Some(score) => score.to_string(),
        None => "no score: the fault-free baseline failed, so no verdict can be trusted".to_string(),
    };
    let _ = write!(
        out,
        "<h2>Mutation score</h2>\n<p>From <code>conform selfcheck</code> of {}: <strong>{}</strong>. Each fault is a deliberate \
         break of the contract in the reference server; a caught fault made at least one scenario that passes without it fail on \
         an assertion about the server's answer (deadlines, transport errors, spent rate-limit budgets and harness errors catch \
         nothing: a fault met only by those is inconclusive). A thin fault is caught by one scenario only.</p>\n\
         <table><tr><th>area</th><th>faults</th><th>caught</th><th>thin</th><th>survived</th><th>inconclusive</th><th>flaky</th><th>error</th></tr>\n",
        selfcheck.finished_at.format("%Y-%m-%d %H:%M UTC"),
        esc(&score)
    );
    let mut areas: BTreeMap<&str, [usize; 6]> = BTreeMap::new();
    for fault in &selfcheck.faults {
        let column = match fault.verdict {
            FaultVerdict::Caught => 0,
            FaultVerdict::Survived => 2,
            FaultVerdict::Inconclusive => 3,
            FaultVerdict::Flaky => 4,
            FaultVerdict::Error => 5,
        };
        let counts = areas.entry(fault.area.as_str()).or_default();
        counts[column] += 1;
        if fault.thin {
            counts[1] += 1;
        }
    }
    let failing = |n: usize| if n > 0 { " fail" } else { "" };
    for (area, [caught, thin, survived, inconclusive, flaky, error]) in areas {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n pass\">{caught}</td><td class=\"n\">{thin}</td><td class=\"n{}\">{survived}</td><td class=\"n{}\">{inconclusive}</td><td class=\"n{}\">{flaky}</td><td class=\"n\">{error}</td></tr>",
            esc(area),
            caught + survived + inconclusive + flaky + error,
            failing(survived),
            failing(inconclusive),
            failing(flaky)
        );
    }
    out.push_str("</table>\n");
    let survivors: Vec<String> = selfcheck.survivors().map(|f| format!("{} ({}): {}", f.name, f.area, f.breaks)).collect();
    list(out, "Survivors: contract breaks no scenario catches", &survivors);
    let inconclusive: Vec<String> = selfcheck
        .with_verdict(FaultVerdict::Inconclusive)
        .map(|f| format!("{} ({}): {}; failed only as: {}", f.name, f.area, f.breaks, labels(&f.failed_otherwise)))
        .collect();
    list(out, "Inconclusive: contract breaks met only by failures that prove nothing", &inconclusive);
    let flaky: Vec<String> = selfcheck
        .with_verdict(FaultVerdict::Flaky)
        .map(|f| {
            format!("{} ({}): caught in some of {} rounds only, by {}", f.name, f.area, selfcheck.rounds, f.caught_sometimes.join(", "))
        })
        .collect();
    list(out, "Flaky catches: contract breaks caught only some of the time", &flaky);
    let thin: Vec<String> =
        selfcheck.faults.iter().filter(|f| f.thin).map(|f| format!("{} ({}): only {}", f.name, f.area, labels(&f.caught_by))).collect();
    list(out, "Thin: contract breaks caught by one scenario only", &thin);
    out.push_str("<details><summary>Every fault and what caught it</summary><table><tr><th>fault</th><th>verdict</th><th>catching scenarios</th><th>caught by (kind)</th></tr>\n");
    for f in &selfcheck.faults {
        let verdict = if f.thin { "caught (thin)".to_string() } else { format!("{:?}", f.verdict).to_lowercase() };
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td class=\"n\">{}</td><td>{}</td></tr>",
            esc(&f.name),
            esc(&verdict),
            f.catching_scenarios,
            esc(&labels(&f.caught_by))
        );
    }
    out.push_str("</table></details>\n");
}

fn behaviours(out: &mut String, r: &RunReport) {
    let Some(c) = &r.behaviours else { return };
    let _ = write!(
        out,
        "<h2>Behaviour coverage</h2>\n<p>The behaviours inventory (<code>{}</code>, read from Appwrite {}): a behaviour is <em>covered</em> \
         when a scenario that checks it passed in this run; <em>todo</em>: no scenario checks it yet; <em>cannot</em>: no scenario can \
         (why is in the inventory). In all: covered {}/{} checkable ({:.1} %).</p>\n\
         <table><tr><th>area</th><th>behaviours</th><th>covered</th><th>todo</th><th>unchecked</th><th>cannot</th><th>checkable covered</th></tr>\n",
        esc(&c.inventory_from),
        crate::behaviours::APPWRITE_TAG,
        c.totals.covered,
        c.totals.checkable(),
        c.totals.percent()
    );
    for (name, n) in c.areas.iter().map(|a| (a.area.as_str(), &a.counts)).chain([("total", &c.totals)]) {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{:.1} %</td></tr>",
            esc(name),
            n.behaviours,
            n.covered,
            n.todo,
            n.unchecked,
            n.cannot,
            n.percent()
        );
    }
    out.push_str("</table>\n");
    let open: Vec<_> = c.areas.iter().flat_map(|a| &a.open).collect();
    if !open.is_empty() {
        out.push_str(
            "<details><summary>Checkable behaviours not covered</summary><table><tr><th>behaviour</th><th>says</th><th>why</th></tr>\n",
        );
        for b in open {
            let _ = writeln!(out, "<tr><td><code>{}</code></td><td>{}</td><td>{}</td></tr>", esc(&b.id), esc(&b.says), esc(&b.state));
        }
        out.push_str("</table></details>\n");
    }
}

fn labels(failures: &[Failure]) -> String {
    failures.iter().map(Failure::label).collect::<Vec<_>>().join(", ")
}

fn coverage(out: &mut String, r: &RunReport) {
    let computed;
    let c = match &r.coverage {
        Some(c) => c,
        None => {
            computed = Coverage::of_run(&r.run_id, r.scenarios.iter().flat_map(|s| &s.operations), &r.operations_called);
            &computed
        }
    };
    let _ = write!(
        out,
        "<h2>Operation coverage</h2>\n<p><em>covered</em>: named by an <code>@op</code> tag of a scenario in this run, and requested by the run; \
         <em>tagged</em>: named by an <code>@op</code> tag; <em>requested</em>: this run made requests to it. \
         In all: covered {}/{}.</p>\n<table><tr><th>service</th><th>operations</th><th>covered</th><th>tagged</th><th>requested</th><th>not covered</th></tr>\n",
        c.totals.covered, c.totals.operations
    );
    for service in &c.services {
        let uncovered: Vec<String> = service
            .operations
            .iter()
            .filter(|o| o.status != coverage::Status::Covered)
            .map(|o| {
                let method = o.id.split_once('.').map_or(o.id.as_str(), |(_, m)| m);
                format!("<code title=\"{} {}: {}\">{}</code>", esc(&o.http_method), esc(&o.path), esc(o.status.label()), esc(method))
            })
            .collect();
        let n = &service.counts;
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td></tr>",
            esc(&service.service),
            n.operations,
            n.covered,
            n.tagged,
            n.requested,
            uncovered.join(" ")
        );
    }
    out.push_str("</table>\n");
    list(out, "Operations in @op tags or requests that the contract does not know", &c.unknown_operations);
    out.push_str("<details><summary>Every operation</summary><table><tr><th>operation</th><th>request</th><th>scenarios</th><th>requests</th><th>status</th></tr>\n");
    for op in c.services.iter().flat_map(|s| &s.operations) {
        let _ = writeln!(
            out,
            "<tr><td><code>{}</code></td><td><code>{} {}</code></td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td></tr>",
            esc(&op.id),
            esc(&op.http_method),
            esc(&op.path),
            op.scenarios,
            op.requests.unwrap_or(0),
            esc(op.status.label()),
        );
    }
    out.push_str("</table></details>\n");
}

fn failures(out: &mut String, r: &RunReport) {
    let failing: Vec<&ScenarioOutcome> = r.scenarios.iter().filter(|s| s.verdict.fails_run()).collect();
    let _ = writeln!(out, "<h2>Failures ({})</h2>", failing.len());
    if failing.is_empty() {
        out.push_str("<p>None.</p>\n");
    }
    for s in failing {
        let _ = write!(
            out,
            "<div class=\"scenario\" id=\"{}\"><h3 class=\"fail\">{}</h3><p><code>{}</code> · {}:{} · {}{}</p>\n<ol>",
            esc(&s.id),
            esc(&s.name),
            esc(&s.id),
            esc(&s.feature_path),
            s.line,
            esc(s.verdict.label()),
            s.verdict.reason().map(|r| format!(": {}", esc(r))).unwrap_or_default(),
        );
        for step in &s.steps {
            let class = match step.status {
                StepStatus::Passed => "pass",
                StepStatus::Skipped => "skip",
                StepStatus::Failed | StepStatus::Undefined | StepStatus::Ambiguous => "fail",
            };
            let _ = write!(out, "<li class=\"{class}\">{} {} <small>({:?})</small>", esc(&step.keyword), esc(&step.text), step.status);
            if let Some(error) = &step.error {
                let _ = write!(out, "<pre>{}</pre>", esc(error));
            }
            out.push_str("</li>");
        }
        out.push_str("</ol>\n");
        if let Some(reason) = &s.status_reason {
            let _ = write!(out, "<p>{}</p>", esc(reason));
        }
        for (i, e) in s.evidence.iter().enumerate() {
            let _ = writeln!(
                out,
                "<details open><summary>request {} of {}: {} {} → {}</summary><pre>{}</pre></details>",
                i + 1,
                s.evidence.len(),
                esc(&e.method),
                esc(&e.url),
                e.status.map_or_else(|| "no response".to_string(), |st| st.to_string()),
                esc(&exchange_text(e)),
            );
        }
        out.push_str("</div>\n");
    }
}

fn all_scenarios(out: &mut String, r: &RunReport) {
    out.push_str("<h2>All scenarios</h2>\n<table><tr><th>id</th><th>scenario</th><th>where</th><th>verdict</th><th>ms</th></tr>\n");
    for s in &r.scenarios {
        let class = COLUMNS[column(&s.verdict)].1;
        let _ = writeln!(
            out,
            "<tr><td><code>{}</code></td><td>{}</td><td>{}:{}</td><td class=\"{class}\">{}{}</td><td class=\"n\">{}</td></tr>",
            esc(&s.id),
            esc(&s.name),
            esc(&s.feature_path),
            s.line,
            esc(s.verdict.label()),
            s.verdict.reason().map(|r| format!(": {}", esc(r))).unwrap_or_default(),
            s.duration_ms,
        );
    }
    out.push_str("</table>\n");
}

/// HTML-escapes text for element content and double-quoted attributes.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::tests::sample_report;

    #[test]
    fn page_is_self_contained_and_escaped() {
        let html = render(&sample_report(), None);
        for forbidden in ["<script", "src=\"http", "href=\"http", "<link"] {
            assert!(!html.contains(forbidden), "the page should not contain {forbidden:?}");
        }
        assert!(html.contains("A token &lt;grants&gt; &quot;view&quot; &amp; more"), "scenario name escaped");
        assert!(!html.contains("<grants>"), "no raw markup from scenario names or errors");
        assert!(html.contains("expected 200, got 401 &lt;unauthorized&gt;"), "the failing step's error is shown");
        assert!(html.contains("POST http://localhost/v1/storage/buckets/b/files/f/view"), "evidence request shown");
        assert!(html.contains("class=\"banner fail\""), "overall verdict shown");
    }

    #[test]
    fn behaviour_coverage_shows_each_area_and_the_open_behaviours() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("storage.toml"),
            "[[behaviour]]\nid = \"storage.a\"\nsays = \"GET /a → 200\"\nsources = [\"1.9.6:x\"]\nscenarios = [\"s-a\"]\n\n\
             [[behaviour]]\nid = \"storage.b\"\nsays = \"GET /b → <404>\"\nsources = [\"1.9.6:x\"]\ntodo = \"later\"\n",
        )
        .unwrap();
        let mut report = sample_report();
        assert!(!render(&report, None).contains("Behaviour coverage"), "no section without an inventory");
        let inventory = crate::behaviours::Inventory::load(dir.path()).unwrap();
        report.behaviours = Some(inventory.coverage("run r".into(), |id| id == "s-a"));
        let html = render(&report, None);
        assert!(html.contains("covered 1/2 checkable (50.0 %)"), "totals sentence missing");
        assert!(
            html.contains("<tr><td>storage</td><td class=\"n\">2</td><td class=\"n\">1</td><td class=\"n\">1</td>"),
            "storage row missing"
        );
        assert!(
            html.contains("<code>storage.b</code></td><td>GET /b → &lt;404&gt;</td><td>todo: later</td>"),
            "open behaviour listed, escaped"
        );
    }

    #[test]
    fn matrix_counts_area_operation_and_outcome() {
        let html = render(&sample_report(), None);
        let row = |area: &str, op: &str| {
            let start = html
                .find(&format!("<tr><td>{area}</td><td><code>{op}</code></td>"))
                .unwrap_or_else(|| panic!("no matrix row {area} × {op}"));
            html[start..start + html[start..].find("</tr>").unwrap()].to_string()
        };
        let storage_view = row("storage", "storage.getFileView");
        assert!(storage_view.contains("<td class=\"n fail\">1</td>"), "storage.getFileView: one failure; row {storage_view}");
        let avif = row("storage", "storage.getFilePreview");
        assert!(avif.contains("<td class=\"n xfail\">1</td>"), "preview: one expected failure; row {avif}");
        let users = row("users", "users.create");
        assert!(
            users.contains("<td class=\"n pass\">1</td>") && users.contains("<td class=\"n na\">1</td>"),
            "users.create: one pass, one n/a; row {users}"
        );
    }

    #[test]
    fn coverage_lists_services_and_uncovered_operations() {
        let html = render(&sample_report(), None);
        let c = crate::contract::contract();
        let service = c.services().into_iter().find(|s| *s == "users").expect("the contract has a users service");
        let total = c.operations.iter().filter(|o| o.service == service).count();
        // users.create: tagged by a scenario of the run and requested, so covered.
        let expected_row =
            format!("<tr><td>users</td><td class=\"n\">{total}</td><td class=\"n\">1</td><td class=\"n\">1</td><td class=\"n\">1</td>");
        assert!(html.contains(&expected_row), "users coverage row {expected_row:?} missing");
        let uncovered = c.operations.iter().find(|o| o.service == "users" && o.id != "users.create").expect("another users operation");
        assert!(html.contains(&format!(">{}</code>", esc(&uncovered.sdk_method))), "uncovered {} listed", uncovered.id);
        assert!(
            html.contains("tagged, never requested\">getFilePreview</code>"),
            "a tagged operation the run never requested is not covered"
        );
    }

    #[test]
    fn mutation_score_shows_only_with_a_selfcheck_and_names_survivors_inconclusive_and_thin_faults() {
        use crate::failure::FailureKind;
        use crate::selfcheck::result::{Baseline, FaultResult, MutationScore};
        assert!(!render(&sample_report(), None).contains("Mutation score"), "no selfcheck, no score");
        let failure = |id: &str, kind| Failure { id: id.into(), reason: "r".into(), kind: Some(kind) };
        let fault = |name: &str, verdict, caught_by: Vec<Failure>, failed_otherwise: Vec<Failure>| FaultResult {
            name: name.into(),
            area: "account".into(),
            breaks: format!("{name} <breaks>"),
            tags: "@account".into(),
            verdict,
            scenarios: 3,
            catching_scenarios: caught_by.len(),
            thin: caught_by.len() == 1,
            caught_by,
            caught_sometimes: Vec::new(),
            failed_otherwise,
            error: None,
            duration_ms: 10,
        };
        let mut selfcheck = SelfcheckReport {
            schema_version: crate::selfcheck::result::SCHEMA_VERSION,
            started_at: chrono::Utc::now(),
            finished_at: chrono::Utc::now(),
            duration_ms: 20,
            rounds: 1,
            score: Some(MutationScore { caught: 1, total: 3 }),
            baseline: Baseline { tags: "@account".into(), scenarios: 3, failed: Vec::new(), flaky: Vec::new(), error: None },
            faults: vec![
                fault("caught-one", FaultVerdict::Caught, vec![failure("sign-in", FailureKind::Assertion)], Vec::new()),
                fault("sly-one", FaultVerdict::Survived, Vec::new(), Vec::new()),
                fault("slow-one", FaultVerdict::Inconclusive, Vec::new(), vec![failure("hangs", FailureKind::Deadline)]),
            ],
        };
        let html = render(&sample_report(), Some(&selfcheck));
        assert!(html.contains("1/3 faults caught (33.3%)"), "the score is shown");
        let row = "<tr><td>account</td><td class=\"n\">3</td><td class=\"n pass\">1</td><td class=\"n\">1</td><td class=\"n fail\">1</td><td class=\"n fail\">1</td><td class=\"n\">0</td>";
        assert!(html.contains(row), "per-area row {row}");
        assert!(html.contains("sly-one (account): sly-one &lt;breaks&gt;"), "the survivor is named, escaped");
        assert!(html.contains("slow-one (account): slow-one &lt;breaks&gt;; failed only as: hangs (deadline)"), "inconclusive, with why");
        assert!(html.contains("caught-one (account): only sign-in (assertion)"), "the thin fault is named with its catch");
        assert!(html.contains("<td>caught-one</td><td>caught (thin)</td><td class=\"n\">1</td><td>sign-in (assertion)</td>"), "per fault");
        selfcheck.score = None;
        let html = render(&sample_report(), Some(&selfcheck));
        assert!(html.contains("no score: the fault-free baseline failed"), "a failed baseline shows no score");
    }

    #[test]
    fn esc_escapes_markup_and_quotes() {
        assert_eq!(esc("<a href=\"x\">'&'</a>"), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
    }
}
