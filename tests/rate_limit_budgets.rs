//! Every scenario spends rate-limit budgets of its own, so runs repeated against one
//! long-lived server stay green (README, "Running again and again against one server
//! (staging)"). This reads the features and, for each request a step sends as a client (not with
//! an API key, which is never limited) to a route the contract gives a rate limit, checks that
//! each of the route's keys is fresh for the scenario:
//! - a key with `{ip}`: every scenario speaks from an address of its own (`X-Forwarded-For`);
//!   when the window is an hour or longer the scenario must carry `@ip-budget`, so it can be
//!   left out behind a proxy that rewrites the header (and `@ip-budget` is on nothing else);
//! - a key with `{userId}`: the request speaks as a user the scenario made;
//! - a key with `{param-<name>}`: the body's `<name>` holds a value made for the scenario
//!   (`{new-id…}`, or a field of a user the scenario made such as `{alice.email}`).
//!
//! A guest's request to a route whose scopes guests lack is refused before the limit counts it
//! (Appwrite checks scopes first), so it spends nothing. Only the generic request steps
//! (`<who> sends …`, `<who> repeats …`, `<N users …> send …`) are read here; the set-up steps in `src/steps/` are
//! fresh by construction (sign-in with a new user's email, a JWT for a new user, uploads keyed
//! by the scenario's address).

use conform::contract::{contract, Operation, RateLimit};
use cucumber::gherkin;
use regex::Regex;
use std::path::{Path, PathBuf};

/// A window this long cannot be waited out between runs: such IP-keyed budgets are `@ip-budget`.
const HOURLY: u64 = 3600;

/// One run of a scenario (an outline runs once per example row), with the requests its
/// steps send.
struct ScenarioRun {
    at: String,
    name: String,
    tags: Vec<String>,
    requests: Vec<Request>,
}

/// One request a step sends.
struct Request {
    who: String,
    method: String,
    path: String,
    body: Option<String>,
    /// Names the scenario remembers a new ID as (`Given a new ID remembered as "u"`): `{u}` is
    /// as fresh as `{new-id}`.
    fresh_names: Vec<String>,
}

/// What a client request to a limited route spends: `None` when every key is fresh for the
/// scenario, else why one is shared; and whether it spends an hourly IP-keyed budget.
fn budget(request: &Request, limit: &RateLimit) -> (Option<String>, bool) {
    let named_user = request.who.starts_with('"');
    let mut hourly_ip = false;
    for key in &limit.keys {
        if key.contains("{ip}") {
            hourly_ip |= limit.window_seconds >= HOURLY;
            continue;
        }
        if key.contains("{userId}") && named_user {
            continue;
        }
        let params: Vec<&str> = key.split('{').filter_map(|part| part.split_once('}')?.0.strip_prefix("param-")).collect();
        let fresh_params = !params.is_empty() && params.iter().all(|name| body_value_is_fresh(request, name));
        if !fresh_params {
            return (Some(format!("key {key:?} is the same for every scenario")), hourly_ip);
        }
    }
    (None, hourly_ip)
}

/// Whether the JSON body's `name` is made for the scenario: `{new-id…}`, a new ID the
/// scenario remembered, or a user's field.
fn body_value_is_fresh(request: &Request, name: &str) -> bool {
    let body = request.body.as_deref();
    let Some(value) = body.and_then(|b| serde_json::from_str::<serde_json::Value>(b).ok()).and_then(|b| b.get(name).cloned()) else {
        return false;
    };
    let text = value.as_str().unwrap_or_default();
    let user_field = Regex::new(r"\{[A-Za-z0-9_-]+\.(email|id|name)\}").expect("regex");
    text.contains("{new-id") || user_field.is_match(text) || request.fresh_names.iter().any(|n| text.contains(&format!("{{{n}}}")))
}

fn is_key(who: &str) -> bool {
    who == "the server" || who == "a read-only key" || who.starts_with("the server with ")
}

/// A guest holding none of the route's scopes gets 401 `general_unauthorized_scope` first.
fn refused_before_counting(request: &Request, op: &Operation) -> bool {
    request.who == "a guest" && !op.scopes.iter().any(|scope| conform_reference::auth::GUEST_SCOPES.contains(&scope.as_str()))
}

fn feature_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            feature_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "feature") {
            out.push(path);
        }
    }
}

/// An outline row's values: `<column>` → value.
type Substitutions = Vec<(String, String)>;

/// Every scenario run (outline rows expanded) with its requests, backgrounds included.
fn scenario_runs(features: &Path) -> Vec<ScenarioRun> {
    let step = Regex::new(r"^(.+?) (?:sends|repeats|send) (GET|POST|PUT|PATCH|DELETE|OPTIONS|HEAD) (\S+)").expect("regex");
    let new_id = Regex::new(r#"^a new ID remembered as "([^"]+)"$"#).expect("regex");
    let mut files = Vec::new();
    feature_files(features, &mut files);
    files.sort();
    let mut all = Vec::new();
    for file in files {
        let feature =
            gherkin::Feature::parse_path(&file, gherkin::GherkinEnv::default()).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let shown = file.strip_prefix(env!("CARGO_MANIFEST_DIR")).unwrap_or(&file).display().to_string();
        let in_rules = feature.rules.iter().flat_map(|r| r.scenarios.iter().map(move |s| (Some(r), s)));
        for (rule, scenario) in feature.scenarios.iter().map(|s| (None, s)).chain(in_rules) {
            let background = rule.and_then(|r| r.background.as_ref()).into_iter().chain(&feature.background).flat_map(|b| &b.steps);
            let steps: Vec<&gherkin::Step> = background.chain(&scenario.steps).collect();
            let tags: Vec<String> = feature.tags.iter().chain(rule.iter().flat_map(|r| &r.tags)).chain(&scenario.tags).cloned().collect();
            // (line, substitutions, tags) per run of the scenario: one per example row, or itself.
            let mut runs: Vec<(usize, Substitutions, Vec<String>)> = Vec::new();
            for examples in &scenario.examples {
                let Some(table) = &examples.table else { continue };
                let Some((header, rows)) = table.rows.split_first() else { continue };
                for (i, row) in rows.iter().enumerate() {
                    let substitutions = header.iter().zip(row).map(|(h, v)| (format!("<{h}>"), v.clone())).collect();
                    let line = table.position.line + 1 + i;
                    runs.push((line, substitutions, tags.iter().chain(&examples.tags).cloned().collect()));
                }
            }
            if scenario.examples.is_empty() {
                runs.push((scenario.position.line, Vec::new(), tags.clone()));
            }
            for (line, substitutions, tags) in runs {
                let fill = |text: &str| substitutions.iter().fold(text.to_string(), |t, (k, v)| t.replace(k, v));
                let fresh_names: Vec<String> =
                    steps.iter().filter_map(|s| Some(new_id.captures(&fill(&s.value))?[1].to_string())).collect();
                let requests = steps
                    .iter()
                    .filter_map(|s| {
                        let text = fill(&s.value);
                        let found = step.captures(&text)?;
                        Some(Request {
                            who: found[1].trim().to_string(),
                            method: found[2].to_string(),
                            path: found[3].to_string(),
                            body: s.docstring.as_deref().map(fill),
                            fresh_names: fresh_names.clone(),
                        })
                    })
                    .collect();
                all.push(ScenarioRun {
                    at: format!("{shown}:{line}"),
                    name: scenario.name.clone(),
                    tags: tags.iter().map(|t| t.trim_start_matches('@').to_string()).collect(),
                    requests,
                });
            }
        }
    }
    all
}

#[test]
fn every_scenario_spends_rate_limit_budgets_of_its_own() {
    let features = Path::new(env!("CARGO_MANIFEST_DIR")).join("features");
    let runs = scenario_runs(&features);
    let sent: usize = runs.iter().map(|r| r.requests.len()).sum();
    assert!(sent > 500, "only {sent} request steps found in {}: the step pattern no longer matches the features", features.display());
    let mut problems = Vec::new();
    for run in &runs {
        let mut spends_ip_hourly = false;
        for request in &run.requests {
            let Some((op, limit)) =
                contract().match_request(&request.method, &request.path).and_then(|op| Some((op, op.rate_limit.as_ref()?)))
            else {
                continue;
            };
            if limit.limit == 0 || is_key(&request.who) || refused_before_counting(request, op) {
                continue;
            }
            let (shared, hourly_ip) = budget(request, limit);
            spends_ip_hourly |= hourly_ip;
            if let Some(shared) = shared {
                problems.push(format!(
                    "{} ({}): {} {} as {} {}: {shared}; give it a fresh value (a new user, {{new-id}}) or leave it out",
                    run.at,
                    run.name,
                    request.method,
                    request.path,
                    request.who,
                    limit_text(limit)
                ));
            }
        }
        let tagged = run.tags.iter().any(|t| t == "ip-budget");
        if spends_ip_hourly && !tagged {
            problems.push(format!("{} ({}): spends an hourly IP-keyed budget but is not tagged @ip-budget", run.at, run.name));
        }
        if tagged && !spends_ip_hourly {
            problems.push(format!(
                "{} ({}): tagged @ip-budget but sends no client request to a route with an hourly IP-keyed limit",
                run.at, run.name
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "{} scenario runs spend shared rate-limit budgets or are tagged wrongly:\n  {}",
        problems.len(),
        problems.join("\n  ")
    );
}

fn limit_text(limit: &RateLimit) -> String {
    format!("(limit {} per {} s, keys {:?})", limit.limit, limit.window_seconds, limit.keys)
}
