//! README facts that drift with the code are generated from it: the size of the contract, the
//! `conform coverage` sample, the behaviour coverage table and the `@needs` capability table. Each sits between
//! `<!-- NAME:begin … -->` and `<!-- NAME:end -->` markers; this test fails when one differs
//! from what the code says now, and rewrites them all when run as [`REGENERATE`].

use std::path::Path;
use std::process::Command;

const UPDATE_VAR: &str = "CONFORM_UPDATE_README";
const REGENERATE: &str = "CONFORM_UPDATE_README=1 cargo test --test readme_generated_sections";
/// The coverage sample shows one small service in full, the shape of every other.
const COVERAGE_SAMPLE_ARGS: &[&str] = &["coverage", "--service", "tokens"];
/// The behaviour coverage of the whole inventory, per area.
const BEHAVIOURS_ARGS: &[&str] = &["coverage", "--behaviours"];

struct Section {
    name: &'static str,
    content: String,
}

#[test]
fn the_readme_states_what_the_code_says() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
    let readme = std::fs::read_to_string(&path).expect("README.md");
    let sections = [
        Section { name: "contract-size", content: contract_size() },
        Section { name: "coverage-sample", content: command_output(COVERAGE_SAMPLE_ARGS) },
        Section { name: "behaviours-table", content: command_output(BEHAVIOURS_ARGS) },
        Section { name: "needs-capabilities", content: capability_table() },
    ];

    let mut updated = readme.clone();
    let mut stale = Vec::new();
    for section in &sections {
        let (start, end) = span(&updated, section.name).unwrap_or_else(|why| panic!("README.md: {why}"));
        if updated[start..end] != section.content {
            stale.push(format!("--- {} should read ---\n{}", section.name, section.content));
            updated.replace_range(start..end, &section.content);
        }
    }
    if stale.is_empty() {
        return;
    }
    if std::env::var(UPDATE_VAR).is_ok_and(|v| !v.is_empty()) {
        std::fs::write(&path, updated).expect("writing README.md");
        eprintln!("rewrote {} README section(s):\n{}", stale.len(), stale.join("\n"));
        return;
    }
    panic!(
        "{} generated README section(s) are out of date; run `{REGENERATE}` in the repository root and commit README.md.\n{}",
        stale.len(),
        stale.join("\n")
    );
}

/// The byte range between the end of `<!-- NAME:begin … -->` and the start of `<!-- NAME:end -->`.
fn span(readme: &str, name: &str) -> Result<(usize, usize), String> {
    let begin = format!("<!-- {name}:begin");
    let end = format!("<!-- {name}:end -->");
    let at = readme.find(&begin).ok_or_else(|| format!("no marker {begin} … -->"))?;
    let start = at + readme[at..].find("-->").ok_or_else(|| format!("marker {begin} is not closed with -->"))? + "-->".len();
    let stop = start + readme[start..].find(&end).ok_or_else(|| format!("no marker {end} after {begin}"))?;
    Ok((start, stop))
}

fn contract_size() -> String {
    let contract = conform::contract::contract();
    format!("{} operations in {} services", contract.operations.len(), contract.services().len())
}

/// What `conform ARGS` prints for the repository's features, as a user sees it.
fn command_output(args: &[&str]) -> String {
    let output =
        Command::new(env!("CARGO_BIN_EXE_conform")).args(args).current_dir(env!("CARGO_MANIFEST_DIR")).output().expect("starting conform");
    let command = format!("conform {}", args.join(" "));
    assert!(output.status.success(), "`{command}` failed: {}\n{}", output.status, String::from_utf8_lossy(&output.stderr));
    format!("\n```\n$ {command}\n{}```\n", String::from_utf8_lossy(&output.stdout))
}

fn capability_table() -> String {
    let mut table = String::from("\n| capability (`--capability NAME`) | the target has |\n|---|---|\n");
    for (name, meaning) in conform::target::CAPABILITIES {
        table.push_str(&format!("| `{name}` | {} |\n", meaning.replace('|', "\\|")));
    }
    table
}

/// A scenario needing a capability nobody can declare would always be "not applicable".
#[test]
fn every_needs_tag_in_the_suite_names_a_capability_a_target_can_have() {
    let features = Path::new(env!("CARGO_MANIFEST_DIR")).join("features");
    let mut unknown = Vec::new();
    for file in feature_files(&features) {
        let text = std::fs::read_to_string(&file).expect("feature file");
        for (number, line) in text.lines().enumerate() {
            for tag in line.split_whitespace().filter_map(|word| word.strip_prefix("@needs:")) {
                // `read-only-key` is set by `--read-only-key` (the bundled server has one), not `--capability`.
                if tag != "read-only-key" && !conform::target::CAPABILITIES.iter().any(|(name, _)| *name == tag) {
                    unknown.push(format!("{}:{}: @needs:{tag}", file.display(), number + 1));
                }
            }
        }
    }
    assert!(
        unknown.is_empty(),
        "these @needs tags name no capability of conform::target::CAPABILITIES (add it there, then run `{REGENERATE}`):\n{}",
        unknown.join("\n")
    );
}

fn feature_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).expect("features folder").flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(feature_files(&path));
        } else if path.extension().is_some_and(|e| e == "feature") {
            files.push(path);
        }
    }
    files
}
