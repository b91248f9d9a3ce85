//! The check's output: one line per difference and a summary, or JSON for tools.

use std::collections::BTreeMap;

use serde_json::json;

use super::{Difference, DifferenceKind};

/// One line per difference (`page:line: kind: message (pointer)`), then a summary line.
pub fn human(differences: &[Difference]) -> String {
    let mut out = String::new();
    for difference in differences {
        out.push_str(&difference.to_string());
        out.push('\n');
    }
    if differences.is_empty() {
        out.push_str("no differences: the pages and the spec agree\n");
        return out;
    }
    let counts: Vec<String> = counts(differences)
        .into_iter()
        .map(|(kind, count)| format!("{count} {kind}"))
        .collect();
    let total = differences.len();
    out.push_str(&format!(
        "{total} difference{}: {}\n",
        if total == 1 { "" } else { "s" },
        counts.join(", ")
    ));
    out
}

/// `{"clean", "count", "counts": {kind: n}, "differences": [{"kind", "page", "line",
/// "subject", "item", "pointer", "message"}]}`.
pub fn json(differences: &[Difference]) -> String {
    let counts: serde_json::Map<String, serde_json::Value> = counts(differences)
        .into_iter()
        .map(|(kind, count)| (kind.name().to_owned(), json!(count)))
        .collect();
    json!({
        "clean": differences.is_empty(),
        "count": differences.len(),
        "counts": counts,
        "differences": differences,
    })
    .to_string()
}

fn counts(differences: &[Difference]) -> BTreeMap<DifferenceKind, usize> {
    let mut counts = BTreeMap::new();
    for difference in differences {
        *counts.entry(difference.kind).or_insert(0) += 1;
    }
    counts
}
