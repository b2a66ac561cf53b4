//! The behaviours inventory (`contract/behaviours/`) stays true to the suite: every entry is
//! well formed, names Appwrite files that exist at the tag it was read from, and either names
//! scenarios that exist or says why none checks it.

use std::path::Path;

#[test]
fn every_inventory_entry_names_real_scenarios_or_a_reason() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let inventory = conform::behaviours::Inventory::load(&root.join("contract/behaviours")).expect("the inventory loads");
    assert!(!inventory.is_empty(), "contract/behaviours holds no behaviours");
    let ids = conform::coverage::scenario_ids_in_features(&root.join("features")).expect("the features parse");
    let problems = inventory.problems(&ids);
    assert!(
        problems.is_empty(),
        "{} problem(s) in contract/behaviours (see contract/README.md for the format):\n  {}",
        problems.len(),
        problems.join("\n  ")
    );
}
