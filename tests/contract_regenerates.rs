//! `contract/contract.json` and `reference-impl/src/catalogue.rs` are generated from the files
//! in `contract/sources/` by `python3 tools/derive_contract.py`. This test runs the generator
//! into a temp folder and requires the committed files to be its output byte for byte, so a
//! clone can rebuild both, and neither can be edited by hand nor drift from its sources.

use std::path::Path;
use std::process::Command;

const REGENERATE: &str = "python3 tools/derive_contract.py";
const GENERATED: &[&str] = &["contract/contract.json", "reference-impl/src/catalogue.rs"];

#[test]
fn the_contract_and_the_error_catalogue_are_what_the_generator_writes() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().expect("temp dir");
    let command = format!("{REGENERATE} --out {}", out.path().display());
    let run = Command::new("python3")
        .arg(repo.join("tools/derive_contract.py"))
        .arg("--out")
        .arg(out.path())
        .output()
        .unwrap_or_else(|e| panic!("could not start `{command}` (the generator needs Python 3.11+ as `python3`): {e}"));
    assert!(
        run.status.success(),
        "`{command}` failed ({}):\n--- stdout ---\n{}\n--- stderr ---\n{}",
        run.status,
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );

    let stale: Vec<String> = GENERATED
        .iter()
        .filter_map(|relative| {
            let committed = std::fs::read(repo.join(relative)).unwrap_or_else(|e| panic!("{relative}: {e}"));
            let generated = std::fs::read(out.path().join(relative)).unwrap_or_else(|e| panic!("{command} wrote no {relative}: {e}"));
            (committed != generated).then(|| format!("{relative}: {}", first_difference(&committed, &generated)))
        })
        .collect();
    assert!(
        stale.is_empty(),
        "committed generated files differ from what `{REGENERATE}` writes from contract/sources:\n  {}\n\
         Edit contract/sources (or the generator), never the generated files; then run `{REGENERATE}` \
         in the repository root, review `git diff`, and commit the result.",
        stale.join("\n  ")
    );
}

/// Where two files part, as line number and both lines, so the failure shows the change.
fn first_difference(committed: &[u8], generated: &[u8]) -> String {
    let committed = String::from_utf8_lossy(committed);
    let generated = String::from_utf8_lossy(generated);
    let mut committed_lines = committed.split('\n');
    let mut generated_lines = generated.split('\n');
    let mut number = 0;
    loop {
        number += 1;
        match (committed_lines.next(), generated_lines.next()) {
            (Some(a), Some(b)) if a == b => continue,
            (a, b) => {
                return format!(
                    "first difference at line {number}\n    committed: {}\n    generated: {}",
                    a.map_or("(end of file)".to_string(), clip),
                    b.map_or("(end of file)".to_string(), clip)
                )
            }
        }
    }
}

fn clip(line: &str) -> String {
    let clipped: String = line.chars().take(160).collect();
    if clipped.len() < line.len() {
        format!("{clipped}…")
    } else {
        clipped
    }
}
