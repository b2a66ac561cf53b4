//! The behaviours inventory, `contract/behaviours/<area>.toml`: every externally observable
//! behaviour of the covered services, read from Appwrite's source and e2e tests, each traced
//! to the scenarios that check it. Operation coverage says which routes the suite touches;
//! this says how much of each route's behaviour it checks.
//!
//! An entry names its scenarios, or says why none can check it (`cannot`: needs e-mail
//! delivery, an OAuth provider, ...), or admits that none does yet (`todo`). Coverage is
//! covered / (behaviours that can be checked), so a `todo` counts against it and a `cannot`
//! does not.

use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Version of the behaviour-coverage JSON (`conform coverage --behaviours --format json` and
/// the `behaviours` field of summary.json): fields are only ever added.
pub const FORMAT_VERSION: u32 = 1;

/// The Appwrite release the inventory was read from; a source without a repository prefix
/// (`1.9.6:tests/e2e/...`) is a path in appwrite/appwrite at this tag.
pub const APPWRITE_TAG: &str = "1.9.6";

/// One externally observable behaviour.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Behaviour {
    /// Stable and unique across the inventory; starts with `<area>.`.
    pub id: String,
    /// One line: request → observable result.
    pub says: String,
    /// Where it was read: `1.9.6:<path>` in appwrite/appwrite, or `<owner>/<repo>@<tag>:<path>`.
    pub sources: Vec<String>,
    /// The `@id` of every scenario that checks it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scenarios: Vec<String>,
    /// Why no scenario can check it against a server.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cannot: Option<String>,
    /// Why no scenario checks it yet, though one could.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub todo: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AreaFile {
    #[serde(default)]
    behaviour: Vec<Behaviour>,
}

/// The behaviours of one area: one file, named after it.
#[derive(Clone, Debug)]
pub struct Area {
    pub name: String,
    pub file: PathBuf,
    pub behaviours: Vec<Behaviour>,
}

#[derive(Clone, Debug)]
pub struct Inventory {
    pub dir: PathBuf,
    /// Sorted by name.
    pub areas: Vec<Area>,
}

/// The inventory beside a features folder (`<features>/../contract/behaviours`), else the
/// one conform was built from.
pub fn default_dir(features: &Path) -> PathBuf {
    let beside = features.parent().unwrap_or(Path::new(".")).join("contract").join("behaviours");
    if beside.is_dir() {
        beside
    } else {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("contract").join("behaviours")
    }
}

impl Inventory {
    /// Reads every `<area>.toml` in `dir`; a file that does not parse is an error naming it.
    pub fn load(dir: &Path) -> anyhow::Result<Inventory> {
        let entries = std::fs::read_dir(dir).map_err(|e| anyhow::anyhow!("cannot read the behaviours inventory {}: {e}", dir.display()))?;
        let mut areas = Vec::new();
        for entry in entries {
            let file = entry?.path();
            if file.extension().is_none_or(|e| e != "toml") {
                continue;
            }
            let text = std::fs::read_to_string(&file).map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
            let parsed: AreaFile = toml::from_str(&text).map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
            let name = file.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
            areas.push(Area { name, file, behaviours: parsed.behaviour });
        }
        areas.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(Inventory { dir: dir.to_path_buf(), areas })
    }

    pub fn len(&self) -> usize {
        self.areas.iter().map(|a| a.behaviours.len()).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Everything wrong with the inventory, one line each, naming the file and entry:
    /// duplicate or misplaced ids, empty or multi-line `says`, missing or malformed sources,
    /// Appwrite paths not in `appwrite_files`, entries with neither scenarios nor a reason
    /// (or more than one), and scenario ids no feature defines.
    pub fn problems(&self, scenario_ids: &BTreeSet<String>) -> Vec<String> {
        self.problems_against(scenario_ids, &appwrite_files())
    }

    fn problems_against(&self, scenario_ids: &BTreeSet<String>, appwrite_files: &BTreeSet<String>) -> Vec<String> {
        let mut problems = Vec::new();
        let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
        for area in &self.areas {
            let file = area.file.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default();
            if area.behaviours.is_empty() {
                problems.push(format!("{file}: no [[behaviour]] entries"));
            }
            for b in &area.behaviours {
                let mut say = |what: String| problems.push(format!("{file}: {}: {what}", b.id));
                if let Some(other) = seen.insert(&b.id, &area.name) {
                    say(format!("id also used in {other}.toml"));
                }
                if !b.id.starts_with(&format!("{}.", area.name)) {
                    say(format!("id must start with \"{}.\"", area.name));
                }
                if b.says.trim().is_empty() || b.says.contains('\n') {
                    say("`says` must be one non-empty line".into());
                }
                if b.sources.is_empty() {
                    say("no sources: name the Appwrite file(s) it was read from".into());
                }
                for source in &b.sources {
                    if let Err(why) = check_source(source, appwrite_files) {
                        say(why);
                    }
                }
                let reasons = usize::from(!b.scenarios.is_empty()) + usize::from(b.cannot.is_some()) + usize::from(b.todo.is_some());
                if reasons != 1 {
                    say("needs exactly one of `scenarios`, `cannot` (why no scenario can check it) or `todo`".into());
                }
                if b.cannot.as_deref().or(b.todo.as_deref()).is_some_and(|r| r.trim().is_empty()) {
                    say("an empty reason".into());
                }
                for id in &b.scenarios {
                    if !scenario_ids.contains(id) {
                        say(format!("no scenario has @id:{id}"));
                    }
                }
            }
        }
        problems
    }

    /// Coverage judged by `checks`: whether the scenario with that id checks its behaviours
    /// (exists in the features, or passed in a run).
    pub fn coverage(&self, judged_by: String, checks: impl Fn(&str) -> bool) -> BehaviourCoverage {
        let areas: Vec<AreaCoverage> = self
            .areas
            .iter()
            .map(|area| {
                let mut counts = AreaCounts::default();
                let mut open = Vec::new();
                for b in &area.behaviours {
                    counts.behaviours += 1;
                    let state = if b.cannot.is_some() {
                        counts.cannot += 1;
                        continue;
                    } else if b.todo.is_some() {
                        counts.todo += 1;
                        format!("todo: {}", b.todo.as_deref().unwrap_or_default())
                    } else if b.scenarios.iter().any(|id| checks(id)) {
                        counts.covered += 1;
                        continue;
                    } else {
                        counts.unchecked += 1;
                        format!("none of its scenarios checked it: {}", b.scenarios.join(", "))
                    };
                    open.push(OpenBehaviour { id: b.id.clone(), says: b.says.clone(), state });
                }
                AreaCoverage { area: area.name.clone(), counts, open }
            })
            .collect();
        let mut totals = AreaCounts::default();
        for a in &areas {
            totals.add(&a.counts);
        }
        BehaviourCoverage { format_version: FORMAT_VERSION, inventory_from: self.dir.display().to_string(), judged_by, totals, areas }
    }
}

/// `1.9.6:<path>` must be a file of appwrite/appwrite at that tag; `<owner>/<repo>@<tag>:<path>`
/// another repository's file, checked for shape only.
fn check_source(source: &str, appwrite_files: &BTreeSet<String>) -> Result<(), String> {
    let Some((at, path)) = source.split_once(':') else {
        return Err(format!("source {source:?} is not `{APPWRITE_TAG}:<path>` or `<owner>/<repo>@<tag>:<path>`"));
    };
    if path.is_empty() || path.starts_with('/') {
        return Err(format!("source {source:?} has no repository-relative path"));
    }
    if at == APPWRITE_TAG {
        if appwrite_files.contains(path) {
            Ok(())
        } else {
            Err(format!("source {source:?}: appwrite/appwrite has no such file at {APPWRITE_TAG}"))
        }
    } else if at.split_once('@').is_some_and(|(repo, tag)| repo.split('/').count() == 2 && !tag.is_empty()) {
        Ok(())
    } else {
        Err(format!("source {source:?} is not `{APPWRITE_TAG}:<path>` or `<owner>/<repo>@<tag>:<path>`"))
    }
}

/// The file paths of appwrite/appwrite at [`APPWRITE_TAG`], from the list kept in
/// `contract/sources/` (see its README for the command that makes it).
fn appwrite_files() -> BTreeSet<String> {
    include_str!("../contract/sources/appwrite-1.9.6-files.txt")
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect()
}

#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct AreaCounts {
    pub behaviours: u64,
    /// Named scenarios, at least one of which checks it.
    pub covered: u64,
    /// Could be checked; no scenario does yet.
    pub todo: u64,
    /// No scenario can check it against a server.
    pub cannot: u64,
    /// Names scenarios, none of which checked it (a run: failed or not run).
    pub unchecked: u64,
}

impl AreaCounts {
    fn add(&mut self, o: &AreaCounts) {
        self.behaviours += o.behaviours;
        self.covered += o.covered;
        self.todo += o.todo;
        self.cannot += o.cannot;
        self.unchecked += o.unchecked;
    }

    /// Behaviours a scenario could check: all but the `cannot` ones.
    pub fn checkable(&self) -> u64 {
        self.behaviours - self.cannot
    }

    /// covered / checkable, in percent (100 when nothing is checkable).
    pub fn percent(&self) -> f64 {
        if self.checkable() == 0 {
            100.0
        } else {
            100.0 * self.covered as f64 / self.checkable() as f64
        }
    }
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct OpenBehaviour {
    pub id: String,
    pub says: String,
    /// Why it is not covered.
    pub state: String,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct AreaCoverage {
    pub area: String,
    pub counts: AreaCounts,
    /// The checkable behaviours no scenario covered, in inventory order.
    pub open: Vec<OpenBehaviour>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct BehaviourCoverage {
    pub format_version: u32,
    pub inventory_from: String,
    /// `the scenarios in <features>`, or `the scenarios that passed in run <id>`.
    pub judged_by: String,
    pub totals: AreaCounts,
    /// Sorted by area.
    pub areas: Vec<AreaCoverage>,
}

impl BehaviourCoverage {
    /// Keeps one area. Errors with the list of areas when there is no such one.
    pub fn retain_area(&mut self, area: &str) -> anyhow::Result<()> {
        if !self.areas.iter().any(|a| a.area == area) {
            let names: Vec<&str> = self.areas.iter().map(|a| a.area.as_str()).collect();
            anyhow::bail!("the behaviours inventory has no area {area:?}; it has: {}", names.join(", "));
        }
        self.areas.retain(|a| a.area == area);
        self.totals = AreaCounts::default();
        for a in &self.areas {
            self.totals.add(&a.counts);
        }
        Ok(())
    }

    /// The table for a terminal; with `list_open`, each uncovered checkable behaviour below its area.
    pub fn render_text(&self, list_open: bool) -> String {
        let mut out = format!("Behaviour coverage (Appwrite {APPWRITE_TAG})\n");
        let _ = writeln!(out, "  inventory: {}", self.inventory_from);
        let _ = writeln!(out, "  judged by: {}", self.judged_by);
        let width = self.areas.iter().map(|a| a.area.len()).max().unwrap_or(0).max("total".len());
        let _ = writeln!(
            out,
            "\n  {:<width$}  {:>10}  {:>7}  {:>4}  {:>9}  {:>6}  checkable covered",
            "area", "behaviours", "covered", "todo", "unchecked", "cannot"
        );
        let row = |out: &mut String, name: &str, c: &AreaCounts| {
            let _ = writeln!(
                out,
                "  {name:<width$}  {:>10}  {:>7}  {:>4}  {:>9}  {:>6}  {}/{} = {:.1} %",
                c.behaviours,
                c.covered,
                c.todo,
                c.unchecked,
                c.cannot,
                c.covered,
                c.checkable(),
                c.percent()
            );
        };
        for area in &self.areas {
            row(&mut out, &area.area, &area.counts);
        }
        row(&mut out, "total", &self.totals);
        if list_open {
            for area in self.areas.iter().filter(|a| !a.open.is_empty()) {
                let _ = writeln!(out, "\n{}", area.area);
                for b in &area.open {
                    let _ = writeln!(out, "  ✗ {}  {}\n      {}", b.id, b.says, b.state);
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inventory(files: &[(&str, &str)]) -> (tempfile::TempDir, Inventory) {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in files {
            std::fs::write(dir.path().join(name), text).unwrap();
        }
        let inv = Inventory::load(dir.path()).unwrap();
        (dir, inv)
    }

    fn set(items: &[&str]) -> BTreeSet<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    const GOOD: &str = r#"
[[behaviour]]
id = "storage.a"
says = "GET /x → 200"
sources = ["1.9.6:tests/e2e/A.php", "utopia-php/database@5.0.0:src/Database.php"]
scenarios = ["sc-a"]

[[behaviour]]
id = "storage.b"
says = "POST /x → 201"
sources = ["1.9.6:tests/e2e/A.php"]
todo = "not written yet"

[[behaviour]]
id = "storage.c"
says = "mail is sent"
sources = ["1.9.6:tests/e2e/A.php"]
cannot = "needs e-mail delivery"
"#;

    #[test]
    fn a_well_formed_inventory_has_no_problems_and_counts_checkable_coverage() {
        let (_dir, inv) = inventory(&[("storage.toml", GOOD)]);
        assert_eq!(inv.len(), 3);
        let problems = inv.problems_against(&set(&["sc-a"]), &set(&["tests/e2e/A.php"]));
        assert!(problems.is_empty(), "unexpected problems: {problems:#?}");
        let c = inv.coverage("features".into(), |id| id == "sc-a");
        assert_eq!((c.totals.covered, c.totals.todo, c.totals.cannot, c.totals.checkable()), (1, 1, 1, 2));
        assert_eq!(c.totals.percent(), 50.0);
        assert_eq!(c.areas[0].open.len(), 1, "the todo entry is open: {:?}", c.areas[0].open);
        let text = c.render_text(true);
        assert!(text.contains("1/2 = 50.0 %") && text.contains("✗ storage.b"), "table:\n{text}");
    }

    #[test]
    fn every_kind_of_mistake_is_reported_with_its_file_and_entry() {
        let bad = r#"
[[behaviour]]
id = "teams.wrong-area"
says = "x"
sources = ["1.9.6:tests/e2e/Missing.php", "no-colon", "someone@:p"]
scenarios = ["ghost"]
todo = "both"

[[behaviour]]
id = "storage.dup"
says = ""
sources = []

[[behaviour]]
id = "storage.dup"
says = "y"
sources = ["1.9.6:tests/e2e/A.php"]
cannot = " "
"#;
        let (_dir, inv) = inventory(&[("storage.toml", bad)]);
        let problems = inv.problems_against(&set(&[]), &set(&["tests/e2e/A.php"])).join("\n");
        for expected in [
            "storage.toml: teams.wrong-area: id must start with \"storage.\"",
            "appwrite/appwrite has no such file at 1.9.6",
            "\"no-colon\" is not",
            "\"someone@:p\" is not",
            "no scenario has @id:ghost",
            "teams.wrong-area: needs exactly one of",
            "storage.dup: `says` must be one non-empty line",
            "storage.dup: no sources",
            "storage.dup: needs exactly one of",
            "storage.dup: id also used in storage.toml",
            "storage.dup: an empty reason",
        ] {
            assert!(problems.contains(expected), "expected a problem containing {expected:?}; got:\n{problems}");
        }
    }

    #[test]
    fn a_run_covers_only_through_scenarios_that_passed() {
        let (_dir, inv) = inventory(&[("storage.toml", GOOD)]);
        let c = inv.coverage("run r".into(), |_| false);
        assert_eq!((c.totals.covered, c.totals.unchecked), (0, 1));
        assert!(c.areas[0].open.iter().any(|b| b.id == "storage.a" && b.state.contains("sc-a")), "{:?}", c.areas[0].open);
    }

    #[test]
    fn the_appwrite_file_list_holds_the_e2e_tests() {
        let files = appwrite_files();
        assert!(files.contains("tests/e2e/Services/Storage/StorageBase.php") && files.len() > 2000, "{} files", files.len());
    }

    #[test]
    fn unparsable_files_and_unknown_fields_name_the_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("auth.toml"), "[[behaviour]]\nid = \"auth.a\"\nsays = \"x\"\nsources = []\nscenario = [\"typo\"]\n")
            .unwrap();
        let err = Inventory::load(dir.path()).unwrap_err().to_string();
        assert!(err.contains("auth.toml") && err.contains("scenario"), "{err}");
    }
}
