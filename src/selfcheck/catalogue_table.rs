//! The fault catalogue as a Markdown table: what `conform selfcheck --list` prints and what
//! the README carries between its `fault-catalogue` markers (a test keeps the two equal).

use conform_reference::faults::Fault;

pub const BEGIN_MARKER: &str = "<!-- fault-catalogue:begin (generated: conform selfcheck --list) -->";
pub const END_MARKER: &str = "<!-- fault-catalogue:end -->";

pub fn markdown(faults: &[Fault]) -> String {
    let mut sorted: Vec<&Fault> = faults.iter().collect();
    // Stable: within an area the catalogue's own order, which groups related faults.
    sorted.sort_by_key(|f| f.area);
    let mut out = String::from("| fault | area | what it breaks | caught by |\n|---|---|---|---|\n");
    for fault in sorted {
        out.push_str(&format!(
            "| `{}` | {} | {} | `{}` |\n",
            fault.name,
            fault.area.as_str(),
            fault.breaks.replace('|', "\\|"),
            fault.caught_by
        ));
    }
    out
}
