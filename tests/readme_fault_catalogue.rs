//! The README's fault catalogue table is generated from the catalogue itself, so it cannot
//! drift: this test fails (and prints the table to paste) when they differ.

use conform::selfcheck::catalogue_table::{markdown, BEGIN_MARKER, END_MARKER};

#[test]
fn the_readme_lists_the_fault_catalogue_as_it_is() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/README.md");
    let readme = std::fs::read_to_string(path).expect("README.md");
    let expected = markdown(&conform_reference::faults::catalogue());
    let start = readme.find(BEGIN_MARKER).unwrap_or_else(|| panic!("README.md lacks the marker {BEGIN_MARKER}"));
    let end = readme.find(END_MARKER).unwrap_or_else(|| panic!("README.md lacks the marker {END_MARKER}"));
    let actual = readme[start + BEGIN_MARKER.len()..end].trim();
    assert!(
        actual == expected.trim(),
        "the README's fault catalogue is out of date; replace the table between the markers with the output of \
         `conform selfcheck --list`:\n\n{expected}"
    );
}
