//! Operation coverage against the contract: which operations the suite's `@op:` tags name,
//! and which a run really requested. One computation serves `conform coverage`, the
//! `coverage` field of summary.json and the coverage table of report.html.
//!
//! An operation is **covered** when a scenario names it in an `@op:` tag and, when request
//! counts are known, the run really requested it: a tag alone could be a typo or a promise
//! the steps do not keep, and a request alone may be mere setup that no scenario checks.
//!
//! Dependencies go one way: the run report (`outcome`) carries a [`Coverage`], so this
//! module knows nothing of run reports; callers hand it the `@op` tags to count.

use crate::contract::Contract;
use cucumber::gherkin;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;

/// Version of the coverage JSON layout (`conform coverage --format json` and the `coverage`
/// field of summary.json): fields are only ever added; a breaking change bumps it.
pub const FORMAT_VERSION: u32 = 1;

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Coverage {
    pub format_version: u32,
    /// The server version the contract describes.
    pub contract_version: String,
    /// Where the `@op` tags came from, e.g. `features` or `the scenarios of run cfab12cd`.
    pub tags_from: String,
    /// Where the request counts came from; `None` when only tags were read.
    pub requests_from: Option<String>,
    pub totals: Counts,
    /// Sorted by service name.
    pub services: Vec<ServiceCoverage>,
    /// `@op` tags and requested operation ids the contract does not know (typos, mostly).
    pub unknown_operations: Vec<String>,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct Counts {
    pub operations: u64,
    pub covered: u64,
    /// Named by at least one `@op` tag.
    pub tagged: u64,
    /// Requested at least once by the run (0 when no run was read).
    pub requested: u64,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct ServiceCoverage {
    pub service: String,
    pub counts: Counts,
    /// In contract order.
    pub operations: Vec<OperationCoverage>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct OperationCoverage {
    /// `storage.createBucket`.
    pub id: String,
    pub http_method: String,
    /// Route template below `/v1`, e.g. `/storage/buckets/{bucketId}`.
    pub path: String,
    /// Scenarios (outline rows counted one by one) naming it in an `@op` tag.
    pub scenarios: u64,
    /// Requests the run made to it; `None` when no run was read.
    pub requests: Option<u64>,
    pub status: Status,
}

#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Tagged, and requested by the run (or no run was read).
    Covered,
    /// Tagged, but the run never requested it: the scenarios did not get that far, were
    /// filtered out, or the tag is wrong.
    NotRequested,
    /// Requested by the run (as setup, say) but no scenario names it: nothing claims to check it.
    Untagged,
    /// Neither tagged nor requested.
    Uncovered,
}

impl Status {
    pub fn label(self) -> &'static str {
        match self {
            Status::Covered => "covered",
            Status::NotRequested => "tagged, never requested",
            Status::Untagged => "requested, no @op tag",
            Status::Uncovered => "not covered",
        }
    }
}

/// Counts per `@op` tag, resolving SDK aliases to the contract's operation id; tags the
/// contract does not know are kept as they are (they end up in `unknown_operations`).
pub type OperationCounts = BTreeMap<String, u64>;

impl Coverage {
    /// Coverage of `contract` by the `tagged` counts and, when given, the `requested` ones.
    pub fn compute(
        contract: &Contract,
        tagged: &OperationCounts,
        tags_from: String,
        requested: Option<(&OperationCounts, String)>,
    ) -> Coverage {
        let canonical = |counts: &OperationCounts| -> OperationCounts {
            let mut out = OperationCounts::new();
            for (id, n) in counts {
                let id = contract.operation(id).map_or(id.as_str(), |op| op.id.as_str());
                *out.entry(id.to_string()).or_default() += n;
            }
            out
        };
        let tags = canonical(tagged);
        let calls = requested.as_ref().map(|(counts, _)| canonical(counts));
        let known: BTreeSet<&str> = contract.operations.iter().map(|o| o.id.as_str()).collect();
        let unknown_operations: BTreeSet<String> =
            tags.keys().chain(calls.iter().flat_map(|c| c.keys())).filter(|id| !known.contains(id.as_str())).cloned().collect();

        let mut services = Vec::new();
        for service in contract.services() {
            let operations: Vec<OperationCoverage> = contract
                .operations
                .iter()
                .filter(|op| op.service == service)
                .map(|op| {
                    let scenarios = tags.get(&op.id).copied().unwrap_or(0);
                    let requests = calls.as_ref().map(|c| c.get(&op.id).copied().unwrap_or(0));
                    let status = match (scenarios > 0, requests) {
                        (true, None) => Status::Covered,
                        (true, Some(n)) if n > 0 => Status::Covered,
                        (true, Some(_)) => Status::NotRequested,
                        (false, Some(n)) if n > 0 => Status::Untagged,
                        (false, _) => Status::Uncovered,
                    };
                    OperationCoverage {
                        id: op.id.clone(),
                        http_method: op.http_method.clone(),
                        path: op.path.clone(),
                        scenarios,
                        requests,
                        status,
                    }
                })
                .collect();
            services.push(ServiceCoverage { service: service.to_string(), counts: count(&operations), operations });
        }
        let mut coverage = Coverage {
            format_version: FORMAT_VERSION,
            contract_version: contract.version.clone(),
            tags_from,
            requests_from: requested.map(|(_, from)| from),
            totals: Counts::default(),
            services,
            unknown_operations: unknown_operations.into_iter().collect(),
        };
        coverage.recount();
        coverage
    }

    /// The coverage a run report carries: `tagged`, the `@op` tags of each scenario in the run
    /// (one per scenario naming it), and the requests it made.
    pub fn of_run<'a>(run_id: &str, tagged: impl IntoIterator<Item = &'a String>, requested: &OperationCounts) -> Coverage {
        let tagged = tagged.into_iter().fold(OperationCounts::new(), |mut counts, op| {
            *counts.entry(op.clone()).or_default() += 1;
            counts
        });
        Coverage::compute(
            crate::contract::contract(),
            &tagged,
            format!("the scenarios of run {run_id}"),
            Some((requested, format!("run {run_id}"))),
        )
    }

    /// Keeps one service. Errors with the list of services when the contract has no such one.
    pub fn retain_service(&mut self, service: &str) -> anyhow::Result<()> {
        if !self.services.iter().any(|s| s.service == service) {
            let names: Vec<&str> = self.services.iter().map(|s| s.service.as_str()).collect();
            anyhow::bail!("the contract has no service {service:?}; it has: {}", names.join(", "));
        }
        self.services.retain(|s| s.service == service);
        self.recount();
        Ok(())
    }

    /// Drops the covered operations from the lists (`--uncovered`); counts stay those of
    /// every operation, so `covered 40/47` still reads right.
    pub fn retain_uncovered(&mut self) {
        for service in &mut self.services {
            service.operations.retain(|o| o.status != Status::Covered);
        }
    }

    fn recount(&mut self) {
        let all: Vec<OperationCoverage> = self.services.iter().flat_map(|s| s.operations.iter().cloned()).collect();
        self.totals = count(&all);
    }

    /// The table for a terminal: a heading per service with its counts, then one line per
    /// listed operation, then the totals. Services with no operation listed are left out.
    pub fn render_text(&self) -> String {
        let mut out = format!("Operation coverage against the contract (Appwrite {})\n", self.contract_version);
        let _ = writeln!(out, "  @op tags from: {}", self.tags_from);
        let _ = writeln!(
            out,
            "  requests from: {}",
            self.requests_from.as_deref().unwrap_or("no run (pass --from <run-dir> to check what a run really requested)")
        );
        let listed = || self.services.iter().flat_map(|s| &s.operations);
        let id_width = listed().map(|o| o.id.len()).max().unwrap_or(0);
        // A few routes are very long; they overflow rather than widen every line.
        let route_width = listed().map(|o| route(o).len()).max().unwrap_or(0).min(52);
        for service in &self.services {
            if service.operations.is_empty() {
                continue;
            }
            let _ = writeln!(out, "\n{}  {}", service.service, counts_text(&service.counts, self.requests_from.is_some()));
            for op in &service.operations {
                let mark = if op.status == Status::Covered { "✓" } else { "✗" };
                let mut numbers = format!("{} scenario{}", op.scenarios, if op.scenarios == 1 { "" } else { "s" });
                if let Some(n) = op.requests {
                    let _ = write!(numbers, ", {n} request{}", if n == 1 { "" } else { "s" });
                }
                let _ = writeln!(out, "  {mark} {:<id_width$}  {:<route_width$}  {numbers}  {}", op.id, route(op), op.status.label());
            }
        }
        let _ = writeln!(out, "\ntotal  {}", counts_text(&self.totals, self.requests_from.is_some()));
        if !self.unknown_operations.is_empty() {
            let _ = writeln!(out, "not in the contract (check these @op tags): {}", self.unknown_operations.join(", "));
        }
        out
    }
}

fn route(op: &OperationCoverage) -> String {
    format!("{} {}", op.http_method, op.path)
}

fn counts_text(c: &Counts, with_requests: bool) -> String {
    let mut text = format!("covered {}/{}  (tagged {}", c.covered, c.operations, c.tagged);
    if with_requests {
        let _ = write!(text, ", requested {}", c.requested);
    }
    text.push(')');
    text
}

fn count(operations: &[OperationCoverage]) -> Counts {
    Counts {
        operations: operations.len() as u64,
        covered: operations.iter().filter(|o| o.status == Status::Covered).count() as u64,
        tagged: operations.iter().filter(|o| o.scenarios > 0).count() as u64,
        requested: operations.iter().filter(|o| o.requests.is_some_and(|n| n > 0)).count() as u64,
    }
}

/// `@op` tag counts of every `.feature` file under `dir`, an outline's example rows counted
/// one by one (as a run counts them).
pub fn tags_in_features(dir: &Path) -> anyhow::Result<OperationCounts> {
    let mut counts = OperationCounts::new();
    for (tags, n) in scenario_tags(dir)? {
        let ops: BTreeSet<&str> = tags.iter().filter_map(|t| t.trim_start_matches('@').strip_prefix("op:")).collect();
        for op in ops {
            *counts.entry(op.to_string()).or_default() += n;
        }
    }
    Ok(counts)
}

/// The `@id:` of every scenario in the `.feature` files under `dir`.
pub fn scenario_ids_in_features(dir: &Path) -> anyhow::Result<BTreeSet<String>> {
    Ok(scenario_tags(dir)?
        .iter()
        .flat_map(|(tags, _)| tags.iter().filter_map(|t| t.trim_start_matches('@').strip_prefix("id:")))
        .map(str::to_string)
        .collect())
}

/// Each scenario's tags (its feature's and rule's included) with how many scenarios carry
/// them: one per example row of an outline, or the scenario itself.
fn scenario_tags(dir: &Path) -> anyhow::Result<Vec<(Vec<String>, u64)>> {
    anyhow::ensure!(dir.is_dir(), "no features folder at {}", dir.display());
    let mut files = Vec::new();
    collect_feature_files(dir, &mut files)?;
    files.sort();
    let mut units = Vec::new();
    for file in files {
        let feature =
            gherkin::Feature::parse_path(&file, gherkin::GherkinEnv::default()).map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
        let scenarios = feature
            .scenarios
            .iter()
            .map(|s| (None, s))
            .chain(feature.rules.iter().flat_map(|r| r.scenarios.iter().map(move |s| (Some(r), s))));
        for (rule, scenario) in scenarios {
            let inherited: Vec<String> =
                feature.tags.iter().chain(rule.iter().flat_map(|r| &r.tags)).chain(&scenario.tags).cloned().collect();
            let before = units.len();
            for ex in &scenario.examples {
                let rows = ex.table.as_ref().map_or(0, |t| t.rows.len().saturating_sub(1)) as u64;
                units.push((inherited.iter().chain(&ex.tags).cloned().collect(), rows));
            }
            if units.len() == before {
                units.push((inherited, 1));
            }
        }
    }
    Ok(units)
}

fn collect_feature_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) -> anyhow::Result<()> {
    for entry in std::fs::read_dir(dir).map_err(|e| anyhow::anyhow!("{}: {e}", dir.display()))? {
        let path = entry?.path();
        if path.is_dir() {
            collect_feature_files(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "feature") {
            out.push(path);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contract::contract;

    fn counts(pairs: &[(&str, u64)]) -> OperationCounts {
        pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect()
    }

    fn op<'a>(c: &'a Coverage, id: &str) -> &'a OperationCoverage {
        c.services.iter().flat_map(|s| &s.operations).find(|o| o.id == id).unwrap_or_else(|| panic!("no operation {id} in the coverage"))
    }

    #[test]
    fn status_combines_tags_and_requests() {
        let tagged = counts(&[("account.create", 2), ("account.get", 1), ("account.nosuchThing", 1)]);
        let requested = counts(&[("account.create", 5), ("users.create", 9)]);
        let c = Coverage::compute(contract(), &tagged, "t".into(), Some((&requested, "r".into())));
        assert_eq!(op(&c, "account.create").status, Status::Covered, "tagged and requested");
        assert_eq!(op(&c, "account.get").status, Status::NotRequested, "tagged, never requested");
        assert_eq!(op(&c, "users.create").status, Status::Untagged, "requested by setup only");
        assert_eq!(op(&c, "users.delete").status, Status::Uncovered, "neither");
        assert_eq!(c.unknown_operations, ["account.nosuchThing"], "unknown tag listed");
        assert_eq!(c.totals.operations, contract().operations.len() as u64, "every contract operation counted once");
        assert_eq!((c.totals.covered, c.totals.tagged, c.totals.requested), (1, 2, 2), "totals: {:?}", c.totals);

        let tags_only = Coverage::compute(contract(), &tagged, "t".into(), None);
        assert_eq!(op(&tags_only, "account.get").status, Status::Covered, "without a run, a tag covers");
        assert_eq!(op(&tags_only, "account.get").requests, None, "no request count without a run");
    }

    #[test]
    fn service_filter_and_text_table() {
        let tagged = counts(&[("account.create", 1)]);
        let mut c = Coverage::compute(contract(), &tagged, "features".into(), None);
        assert!(c.retain_service("nosuch").unwrap_err().to_string().contains("account"), "unknown service names the real ones");
        c.retain_service("account").unwrap();
        assert_eq!(c.services.len(), 1);
        let total = c.services[0].operations.len();
        let text = c.render_text();
        assert!(text.contains(&format!("account  covered 1/{total}")), "service heading with counts:\n{text}");
        assert!(text.contains("✓ account.create"), "covered operation marked:\n{text}");
        c.retain_uncovered();
        let uncovered = c.render_text();
        assert!(!uncovered.contains("account.create "), "--uncovered hides covered operations:\n{uncovered}");
        assert!(uncovered.contains("✗ account.get"), "--uncovered lists the others:\n{uncovered}");
    }

    #[test]
    fn feature_tags_count_outline_rows_and_inherit_feature_tags() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("area")).unwrap();
        std::fs::write(
            dir.path().join("area/a.feature"),
            "@op:general.ping\nFeature: f\n\n  @op:account.get\n  Scenario: one\n    Given x\n\n  @op:account.create\n  Scenario Outline: rows\n    Given <a>\n\n    Examples:\n      | a |\n      | 1 |\n      | 2 |\n",
        )
        .unwrap();
        let found = tags_in_features(dir.path()).unwrap();
        assert_eq!(found, counts(&[("account.create", 2), ("account.get", 1), ("general.ping", 3)]));
        assert!(tags_in_features(&dir.path().join("missing")).is_err(), "a missing folder is an error");
    }
}
