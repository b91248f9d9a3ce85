//! Change lists as text for people and as JSON for tools, and IR types as Rust.

use serde::Serialize;

use super::{Change, Severity};
use crate::ir::TypeRef;

/// One line per change (`breaking    field-removed    Backup.size: …`), then a summary.
pub fn human(changes: &[Change]) -> String {
    let mut out = String::new();
    for change in changes {
        let severity = match change.severity {
            Severity::Breaking => "breaking",
            Severity::Compatible => "compatible",
        };
        let kind = serde_json::to_value(change.kind)
            .ok()
            .and_then(|value| value.as_str().map(str::to_owned))
            .unwrap_or_default();
        out.push_str(&format!(
            "{severity:<11} {kind:<24} {}: {}\n",
            change.item, change.detail
        ));
    }
    let (breaking, compatible) = counts(changes);
    if changes.is_empty() {
        out.push_str("no changes to the generated API\n");
    } else {
        out.push_str(&format!(
            "{} change{} to the generated API: {breaking} breaking, {compatible} compatible\n",
            changes.len(),
            if changes.len() == 1 { "" } else { "s" },
        ));
    }
    out
}

/// `{"breaking": true, "counts": {…}, "changes": [{"severity", "kind", "item", "detail"}]}`.
pub fn json(changes: &[Change]) -> String {
    #[derive(Serialize)]
    struct Counts {
        breaking: usize,
        compatible: usize,
    }
    #[derive(Serialize)]
    struct Report<'a> {
        breaking: bool,
        counts: Counts,
        changes: &'a [Change],
    }
    let (breaking, compatible) = counts(changes);
    let report = Report {
        breaking: breaking > 0,
        counts: Counts {
            breaking,
            compatible,
        },
        changes,
    };
    // Serializing plain strings, numbers and enums cannot fail; an empty object stands in
    // rather than a panic should that ever change.
    serde_json::to_string_pretty(&report).unwrap_or_else(|_| "{}".to_owned())
}

fn counts(changes: &[Change]) -> (usize, usize) {
    let breaking = changes
        .iter()
        .filter(|c| c.severity == Severity::Breaking)
        .count();
    (breaking, changes.len() - breaking)
}

/// The Rust type users see for `ty`; runtime types by their path in `hwc_runtime`
/// (`time::Rfc3339`, `serde_json::Value`).
pub(super) fn rust_type(ty: &TypeRef) -> String {
    match ty {
        TypeRef::Named(name) => name.clone(),
        TypeRef::Vec(inner) => format!("Vec<{}>", rust_type(inner)),
        TypeRef::Map(inner) => format!("BTreeMap<String, {}>", rust_type(inner)),
        TypeRef::JsonObject => format!(
            "{}<String, {}>",
            leaf(ty.leaf_path()),
            rust_type(&TypeRef::Json)
        ),
        leaf_ty => leaf(leaf_ty.leaf_path()),
    }
}

fn leaf(path: Option<&[&str]>) -> String {
    let segments = path.unwrap_or_default();
    let within = segments.strip_prefix(&["hwc_runtime"]).unwrap_or(segments);
    within.join("::")
}

/// `ty` as written for a field or argument: optional ones in `Option`, boxed ones in `Box`.
pub(super) fn rust_type_with(ty: &TypeRef, optional: bool, boxed: bool) -> String {
    let mut text = rust_type(ty);
    if boxed {
        text = format!("Box<{text}>");
    }
    if optional {
        text = format!("Option<{text}>");
    }
    text
}
