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
//! A reason given as a string applies to every page checked. One given as
//! `{page: FILE, reason: TEXT}` (or a list of them, one per page) applies only to the
//! page whose path ends with FILE (named as `x-hwc-doc-source` names it): where a
//! Huawei Cloud page and its Open Telekom Cloud version document one operation and only
//! one of them differs from the spec, the acknowledgement is for that one.
//!
//! ```yaml
//! x-hwc-doc-differs:
//!   field-extra:
//!     associated_with_ddm:
//!       page: otc/relational-database-service/obtaining_details_about_backups.rst
//!       reason: The OTC page does not document the field; the Huawei page does.
//! ```
//!
//! Only a difference of exactly that kind (and item) at exactly that object, on a page
//! the entry applies to, is acknowledged; an entry that acknowledges nothing on an object
//! that a page it applies to compared is reported (`acknowledgement-unused`), so markers
//! do not outlive the page defect they record. A page an entry does not apply to neither
//! uses it nor reports it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

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
    /// The page it is acknowledged for (the end of the page's path); `None`: every page.
    page: Option<PathBuf>,
    reason: String,
}

impl Entry {
    /// Whether the entry applies to differences found on `page`.
    fn applies_to(&self, page: &Path) -> bool {
        self.page.as_ref().is_none_or(|scope| page.ends_with(scope))
    }
}

/// A reason as written, with the page it is for, if it names one.
struct Reason {
    page: Option<PathBuf>,
    text: String,
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

    /// The differences not acknowledged, then one `acknowledgement-unused` per entry that
    /// acknowledged none on an object compared by a page it applies to. `visited` gives,
    /// per object, the pages that compared it (in order) with the first line that led there.
    pub fn apply(
        &self,
        differences: Vec<Difference>,
        visited: &BTreeMap<String, Vec<(PathBuf, usize)>>,
    ) -> Vec<Difference> {
        let mut used = BTreeSet::new();
        let mut kept = Vec::new();
        for difference in differences {
            let found = self.entries.get(&difference.pointer).and_then(|entries| {
                entries.iter().position(|entry| {
                    entry.kind == difference.kind
                        && entry.item == difference.item
                        && entry.applies_to(&difference.page)
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
            let Some(visits) = visited.get(at) else {
                continue;
            };
            for (index, entry) in entries.iter().enumerate() {
                if used.contains(&(at.clone(), index)) {
                    continue;
                }
                let Some((page, line)) = visits.iter().find(|(page, _)| entry.applies_to(page))
                else {
                    continue;
                };
                let what = match &entry.item {
                    Some(item) => format!("{} of {item:?}", entry.kind),
                    None => entry.kind.to_string(),
                };
                let scope = entry
                    .page
                    .as_ref()
                    .map_or_else(String::new, |page| format!(" for {}", page.display()));
                kept.push(Difference {
                    kind: DifferenceKind::AcknowledgementUnused,
                    page: page.clone(),
                    line: *line,
                    subject: at.clone(),
                    item: Some(what.clone()),
                    pointer: at.clone(),
                    message: format!(
                        "`{MARKER}` acknowledges {what}{scope} (\"{}\"), but the page and the spec agree there",
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
    let Some(map) = marker.as_object() else {
        return Err(Diagnostic::new(
            &spec.file,
            at,
            format!("`{MARKER}` must map difference kinds to reasons"),
        ));
    };
    let mut entries = Vec::new();
    for (name, value) in map {
        let entry_at = pointer(at, &[name]);
        let kind = kind(spec, name, &entry_at)?;
        let items = match (form(kind), value) {
            (Form::Reason, Value::Object(map)) if !is_scoped(map) => {
                return Err(Diagnostic::new(
                    &spec.file,
                    &entry_at,
                    format!(
                        "`{name}` occurs once on this object: give the reason as a string, or \
                         {SCOPE_FORM} for one page"
                    ),
                ));
            }
            (Form::Reason, _) => vec![(None, value)],
            (Form::Either, Value::Object(map)) if !is_scoped(map) => item_reasons(map),
            (Form::Either, _) => vec![(None, value)],
            (Form::Items, Value::Object(map)) => item_reasons(map),
            (Form::Items, _) => {
                return Err(Diagnostic::new(
                    &spec.file,
                    &entry_at,
                    format!("`{name}` names an item: map each acknowledged item to its reason"),
                ));
            }
        };
        for (item, value) in items {
            let reason_at = match &item {
                Some(item) => pointer(&entry_at, &[item]),
                None => entry_at.clone(),
            };
            for reason in reasons(spec, value, &reason_at)? {
                entries.push(Entry {
                    kind,
                    item: item.clone(),
                    page: reason.page,
                    reason: reason.text,
                });
            }
        }
    }
    Ok(entries)
}

/// The difference kind a marker key names (any but `acknowledgement-unused`).
fn kind(spec: &Spec, name: &str, at: &str) -> Result<DifferenceKind, Diagnostic> {
    DifferenceKind::from_name(name)
        .filter(|kind| *kind != DifferenceKind::AcknowledgementUnused)
        .ok_or_else(|| {
            let known: Vec<&str> = DifferenceKind::ALL
                .iter()
                .filter(|kind| **kind != DifferenceKind::AcknowledgementUnused)
                .map(|kind| kind.name())
                .collect();
            Diagnostic::new(
                &spec.file,
                at,
                format!(
                    "unknown difference kind {name:?}; one of: {}",
                    known.join(", ")
                ),
            )
        })
}

/// The items of a kind that names them, each with its reason as written.
fn item_reasons(map: &serde_json::Map<String, Value>) -> Vec<(Option<String>, &Value)> {
    map.iter()
        .map(|(item, value)| (Some(item.clone()), value))
        .collect()
}

/// Whether an object is a reason for one page rather than a map of items (whose names,
/// for `example-differs`, are `page example N`).
fn is_scoped(map: &serde_json::Map<String, Value>) -> bool {
    map.contains_key("page") || map.contains_key("reason")
}

/// The reasons written at `at`: a string (for every page), `{page, reason}` (for one
/// page), or a non-empty list of `{page, reason}`.
fn reasons(spec: &Spec, value: &Value, at: &str) -> Result<Vec<Reason>, Diagnostic> {
    match value {
        Value::String(text) => Ok(vec![Reason {
            page: None,
            text: reason_text(text, at, spec)?,
        }]),
        Value::Object(map) => Ok(vec![scoped(spec, map, at)?]),
        Value::Array(list) if !list.is_empty() => list
            .iter()
            .enumerate()
            .map(|(index, value)| {
                let at = format!("{at}/{index}");
                match value.as_object() {
                    Some(map) => scoped(spec, map, &at),
                    None => Err(Diagnostic::new(
                        &spec.file,
                        &at,
                        format!("each reason of a list is for one page: {SCOPE_FORM}"),
                    )),
                }
            })
            .collect(),
        _ => Err(Diagnostic::new(
            &spec.file,
            at,
            format!(
                "the reason must be a string (for every page checked), {SCOPE_FORM} for one \
                 page, or a list of those"
            ),
        )),
    }
}

/// How a reason for one page is written, for diagnostics.
const SCOPE_FORM: &str =
    "`{page: FILE, reason: TEXT}` (FILE: the page, as `x-hwc-doc-source` names it)";

/// A reason for one page: `{page: FILE, reason: TEXT}`, nothing else.
fn scoped(
    spec: &Spec,
    map: &serde_json::Map<String, Value>,
    at: &str,
) -> Result<Reason, Diagnostic> {
    let problem =
        |at: &str, what: &str| Diagnostic::new(&spec.file, at, format!("{what}: {SCOPE_FORM}"));
    if let Some(other) = map.keys().find(|key| *key != "page" && *key != "reason") {
        return Err(problem(
            &pointer(at, &[other]),
            "a reason for one page has only `page` and `reason`",
        ));
    }
    let page = match map.get("page") {
        Some(Value::String(page)) if !page.trim().is_empty() => PathBuf::from(page.trim()),
        Some(_) => {
            return Err(problem(
                &pointer(at, &["page"]),
                "`page` names the page as a string",
            ));
        }
        None => return Err(problem(at, "a reason for one page names the page")),
    };
    let text = match map.get("reason") {
        Some(Value::String(text)) => reason_text(text, &pointer(at, &["reason"]), spec)?,
        Some(_) => {
            return Err(problem(&pointer(at, &["reason"]), "`reason` is a string"));
        }
        None => return Err(problem(at, "a reason for one page gives the reason")),
    };
    Ok(Reason {
        page: Some(page),
        text,
    })
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
