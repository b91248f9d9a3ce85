//! `x-hwc-doc-differs`: differences a spec records on purpose.
//!
//! The marker sits on the object a difference's pointer names, and maps a difference kind
//! to the reason (a kind that occurs once on that object) or to a map from the item to the
//! reason (a kind naming one of several items: a parameter, field, value, status, page
//! example):
//!
//! ```yaml
//! x-hwc-doc-differs:
//!   type-differs: The page says String; the value is a count, sent as an integer.
//!   value-extra:
//!     DELETING: Listed in the response's enum, not in the query's value list.
//! ```
//!
//! Only a difference of exactly that kind (and item) at exactly that object is
//! acknowledged; an entry that acknowledges nothing on an object the check compared is
//! reported (`acknowledgement-unused`), so markers do not outlive the page defect they
//! record.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use serde_json::Value;

use super::spec::Spec;
use super::{Difference, DifferenceKind};
use crate::diagnostic::{Diagnostic, Diagnostics, pointer};

/// The extension's name.
pub(super) const MARKER: &str = "x-hwc-doc-differs";

/// One acknowledged difference.
struct Entry {
    kind: DifferenceKind,
    item: Option<String>,
    reason: String,
}

/// Every acknowledgement of a spec, by the pointer of the object carrying it.
pub(super) struct Markers {
    entries: BTreeMap<String, Vec<Entry>>,
}

impl Markers {
    /// Finds and checks every `x-hwc-doc-differs` of the spec.
    pub fn read(spec: &Spec) -> Result<Self, Diagnostics> {
        let mut entries = BTreeMap::new();
        let mut problems = Vec::new();
        collect(spec, spec.root(), "#", false, &mut entries, &mut problems);
        if problems.is_empty() {
            Ok(Self { entries })
        } else {
            Err(Diagnostics(problems))
        }
    }

    /// The differences not acknowledged, then one `acknowledgement-unused` per entry on a
    /// compared object that acknowledged none.
    pub fn apply(
        &self,
        differences: Vec<Difference>,
        visited: &BTreeMap<String, (PathBuf, usize)>,
    ) -> Vec<Difference> {
        let mut used = BTreeSet::new();
        let mut kept = Vec::new();
        for difference in differences {
            let found = self.entries.get(&difference.pointer).and_then(|entries| {
                entries.iter().position(|entry| {
                    entry.kind == difference.kind && entry.item == difference.item
                })
            });
            match found {
                Some(index) => {
                    used.insert((difference.pointer.clone(), index));
                }
                None => kept.push(difference),
            }
        }
        for (at, entries) in &self.entries {
            let Some((page, line)) = visited.get(at) else {
                continue;
            };
            for (index, entry) in entries.iter().enumerate() {
                if used.contains(&(at.clone(), index)) {
                    continue;
                }
                let what = match &entry.item {
                    Some(item) => format!("{} of {item:?}", entry.kind),
                    None => entry.kind.to_string(),
                };
                kept.push(Difference {
                    kind: DifferenceKind::AcknowledgementUnused,
                    page: page.clone(),
                    line: *line,
                    subject: at.clone(),
                    item: Some(what.clone()),
                    pointer: at.clone(),
                    message: format!(
                        "`{MARKER}` acknowledges {what} (\"{}\"), but the page and the spec agree there",
                        entry.reason
                    ),
                });
            }
        }
        kept
    }
}

/// Walks the document for markers. Example values are data, not spec: not walked.
fn collect(
    spec: &Spec,
    value: &Value,
    at: &str,
    in_examples: bool,
    entries: &mut BTreeMap<String, Vec<Entry>>,
    problems: &mut Vec<Diagnostic>,
) {
    match value {
        Value::Object(map) => {
            for (key, inner) in map {
                let inner_at = pointer(at, &[key]);
                if key == MARKER {
                    match parse(spec, inner, &inner_at) {
                        Ok(found) => {
                            entries.insert(at.to_owned(), found);
                        }
                        Err(problem) => problems.push(problem),
                    }
                } else if key != "example" && !(in_examples && key == "value") {
                    collect(spec, inner, &inner_at, key == "examples", entries, problems);
                }
            }
        }
        Value::Array(items) => {
            for (index, inner) in items.iter().enumerate() {
                collect(
                    spec,
                    inner,
                    &format!("{at}/{index}"),
                    false,
                    entries,
                    problems,
                );
            }
        }
        _ => {}
    }
}

/// How an acknowledgement of a kind is written.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Form {
    /// The kind occurs once on its object: a reason.
    Reason,
    /// The kind names one of several items of its object: a map from item to reason.
    Items,
    /// `example-differs`: items on a media type (a page example without counterpart), a
    /// reason on a spec example.
    Either,
}

fn form(kind: DifferenceKind) -> Form {
    match kind {
        DifferenceKind::OperationMissing
        | DifferenceKind::ParameterMissing
        | DifferenceKind::ParameterExtra
        | DifferenceKind::ValueMissing
        | DifferenceKind::ValueExtra
        | DifferenceKind::FieldMissing
        | DifferenceKind::FieldExtra
        | DifferenceKind::StatusMissing => Form::Items,
        DifferenceKind::TypeDiffers
        | DifferenceKind::RequiredDiffers
        | DifferenceKind::RangeDiffers
        | DifferenceKind::DefaultDiffers => Form::Reason,
        DifferenceKind::ExampleDiffers | DifferenceKind::AcknowledgementUnused => Form::Either,
    }
}

fn parse(spec: &Spec, marker: &Value, at: &str) -> Result<Vec<Entry>, Diagnostic> {
    let problem = |at: &str, message: String| Diagnostic::new(&spec.file, at, message);
    let Some(map) = marker.as_object() else {
        return Err(problem(
            at,
            format!("`{MARKER}` must map difference kinds to reasons"),
        ));
    };
    let mut entries = Vec::new();
    for (name, value) in map {
        let entry_at = pointer(at, &[name]);
        let kind = DifferenceKind::from_name(name)
            .filter(|kind| *kind != DifferenceKind::AcknowledgementUnused)
            .ok_or_else(|| {
                let known: Vec<&str> = DifferenceKind::ALL
                    .iter()
                    .filter(|kind| **kind != DifferenceKind::AcknowledgementUnused)
                    .map(|kind| kind.name())
                    .collect();
                problem(
                    &entry_at,
                    format!(
                        "unknown difference kind {name:?}; one of: {}",
                        known.join(", ")
                    ),
                )
            })?;
        let form = form(kind);
        match value {
            Value::String(reason) if form != Form::Items => {
                entries.push(Entry {
                    kind,
                    item: None,
                    reason: reason_text(reason, &entry_at, spec)?,
                });
            }
            Value::Object(reasons) if form != Form::Reason => {
                for (item, reason) in reasons {
                    let item_at = pointer(&entry_at, &[item]);
                    let Some(reason) = reason.as_str() else {
                        return Err(problem(&item_at, "the reason must be a string".to_owned()));
                    };
                    entries.push(Entry {
                        kind,
                        item: Some(item.clone()),
                        reason: reason_text(reason, &item_at, spec)?,
                    });
                }
            }
            Value::String(_) => {
                return Err(problem(
                    &entry_at,
                    format!("`{name}` names an item: map each acknowledged item to its reason"),
                ));
            }
            _ => {
                return Err(problem(
                    &entry_at,
                    format!("`{name}` occurs once on this object: give the reason as a string"),
                ));
            }
        }
    }
    Ok(entries)
}

/// A reason must say something a reader can check against the page.
fn reason_text(reason: &str, at: &str, spec: &Spec) -> Result<String, Diagnostic> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(Diagnostic::new(
            &spec.file,
            at,
            "an acknowledgement needs a reason: what the page says and why the spec differs",
        ));
    }
    Ok(reason.to_owned())
}
