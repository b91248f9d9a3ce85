//! `hwc-codegen docs check`: what an API reference page says that its spec does not, and
//! what the spec says that the page does not.
//!
//! Each page operation is matched with the spec operation of the same method and path;
//! then parameters, types, mandatory flags, listed values, ranges, defaults, body fields
//! (nested tables followed through `$ref` and `items`), status codes and examples are
//! compared, each difference located by page line and by the spec's JSON pointer. "Missing"
//! means the page states it and the spec lacks it; "extra" means the reverse. A difference
//! the spec records on purpose is acknowledged there with `x-hwc-doc-differs`
//! (the `acknowledge` module), and is then not reported; an acknowledgement that matches nothing is.

mod acknowledge;
mod bodies;
mod examples;
mod fields;
mod item;
mod operation;
mod parameters;
mod render;
mod requests;
mod spec;
// Compiled only for `cargo test` (the no-panic lints are off there, see lib.rs): these
// panics report a failed test on fixed fixtures and are unreachable from any input.
#[cfg(test)]
mod tests;
mod types;

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::pages::model::Page;

pub use render::{human, json};
use spec::Spec;

/// What differs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DifferenceKind {
    /// The page documents an operation the spec does not have.
    OperationMissing,
    /// The page documents a parameter the spec does not have.
    ParameterMissing,
    /// The spec has a parameter the page does not document.
    ParameterExtra,
    /// The page's type is not the spec's (following the type table of specs/README.md).
    TypeDiffers,
    /// The page's "Mandatory" is not the spec's `required`.
    RequiredDiffers,
    /// The page lists a value the spec's `enum` does not have.
    ValueMissing,
    /// The spec's `enum` has a value the page does not list.
    ValueExtra,
    /// The page's minimum, maximum or length bounds are not the spec's.
    RangeDiffers,
    /// The page's default is not the spec's.
    DefaultDiffers,
    /// The page documents a body field the spec does not have.
    FieldMissing,
    /// The spec has a body field the page does not document.
    FieldExtra,
    /// The page lists a status code the spec has no response for.
    StatusMissing,
    /// A page example is not (structurally) the spec's example, or has no counterpart.
    ExampleDiffers,
    /// An `x-hwc-doc-differs` entry acknowledges a difference that is not there (any more).
    AcknowledgementUnused,
}

impl DifferenceKind {
    /// Every kind, in the order above.
    pub const ALL: [Self; 14] = [
        Self::OperationMissing,
        Self::ParameterMissing,
        Self::ParameterExtra,
        Self::TypeDiffers,
        Self::RequiredDiffers,
        Self::ValueMissing,
        Self::ValueExtra,
        Self::RangeDiffers,
        Self::DefaultDiffers,
        Self::FieldMissing,
        Self::FieldExtra,
        Self::StatusMissing,
        Self::ExampleDiffers,
        Self::AcknowledgementUnused,
    ];

    /// The kind's name as printed and as written in `x-hwc-doc-differs` (`type-differs`).
    pub fn name(self) -> &'static str {
        match self {
            Self::OperationMissing => "operation-missing",
            Self::ParameterMissing => "parameter-missing",
            Self::ParameterExtra => "parameter-extra",
            Self::TypeDiffers => "type-differs",
            Self::RequiredDiffers => "required-differs",
            Self::ValueMissing => "value-missing",
            Self::ValueExtra => "value-extra",
            Self::RangeDiffers => "range-differs",
            Self::DefaultDiffers => "default-differs",
            Self::FieldMissing => "field-missing",
            Self::FieldExtra => "field-extra",
            Self::StatusMissing => "status-missing",
            Self::ExampleDiffers => "example-differs",
            Self::AcknowledgementUnused => "acknowledgement-unused",
        }
    }

    /// The kind named `name`.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.name() == name)
    }
}

impl fmt::Display for DifferenceKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One difference between a page and its spec.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Difference {
    /// What differs.
    pub kind: DifferenceKind,
    /// The page.
    pub page: PathBuf,
    /// 1-based line in the page.
    pub line: usize,
    /// What it is about: a parameter (`limit`), a field path (`backups.datastore.type`), a
    /// status (`400`), an example, an operation (`GET /v3/{project_id}/backups`).
    pub subject: String,
    /// For kinds that name one of several items of the object at `pointer` (a parameter
    /// or field name, a value, a status, a page example): that item, the key of its
    /// acknowledgement. `None` when the kind occurs once on that object.
    pub item: Option<String>,
    /// JSON pointer of the spec object the difference is about, where its acknowledgement
    /// goes (`#/paths/~1v3~1{project_id}~1backups/get/parameters/3`).
    pub pointer: String,
    /// What differs, in a sentence.
    pub message: String,
}

impl fmt::Display for Difference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}: {}: {} ({})",
            self.page.display(),
            self.line,
            self.kind,
            self.message,
            self.pointer
        )
    }
}

/// Compares `pages` with the spec at `spec`: every difference not acknowledged in the spec,
/// in page order. Errors when the spec cannot be read, or an acknowledgement is malformed.
pub fn check(spec: &Path, pages: &[Page]) -> Result<Vec<Difference>, Diagnostics> {
    compare(&Spec::read(spec)?, pages)
}

fn compare(spec: &Spec, pages: &[Page]) -> Result<Vec<Difference>, Diagnostics> {
    let markers = acknowledge::Markers::read(spec)?;
    let mut findings = Findings::default();
    for page in pages {
        for operation in &page.operations {
            Checker {
                spec,
                page,
                findings: &mut findings,
            }
            .operation(operation);
        }
    }
    if !findings.problems.is_empty() {
        return Err(Diagnostics(findings.problems));
    }
    Ok(markers.apply(findings.differences, &findings.visited))
}

/// What a check found so far.
#[derive(Default)]
struct Findings {
    differences: Vec<Difference>,
    /// Pointers whose acknowledgements were looked at, with each page that looked (in
    /// order) and the first line that led there, so an unused acknowledgement can be
    /// reported there, and only for the pages it applies to.
    visited: BTreeMap<String, Vec<(PathBuf, usize)>>,
    /// Problems with the spec found on the way (a dangling `$ref`).
    problems: Vec<Diagnostic>,
}

/// Compares one page with the spec.
struct Checker<'a> {
    spec: &'a Spec,
    page: &'a Page,
    findings: &'a mut Findings,
}

/// Where a difference is, and what about.
struct At<'s> {
    line: usize,
    pointer: &'s str,
    subject: &'s str,
}

impl<'a> Checker<'a> {
    /// Records a difference.
    fn report(&mut self, kind: DifferenceKind, at: &At<'_>, item: Option<&str>, message: String) {
        self.visit(at.pointer, at.line);
        self.findings.differences.push(Difference {
            kind,
            page: self.page.file.clone(),
            line: at.line,
            subject: at.subject.to_owned(),
            item: item.map(str::to_owned),
            pointer: at.pointer.to_owned(),
            message,
        });
    }

    /// Notes that the object at `pointer` was compared (its acknowledgements are in use).
    fn visit(&mut self, pointer: &str, line: usize) {
        let visits = self.findings.visited.entry(pointer.to_owned()).or_default();
        if !visits.iter().any(|(page, _)| *page == self.page.file) {
            visits.push((self.page.file.clone(), line));
        }
    }

    /// Follows `$ref`s from `at`; a dangling one is recorded as a problem with the spec.
    fn resolve(&mut self, at: &str) -> Option<(String, &'a serde_json::Value)> {
        let spec: &'a Spec = self.spec;
        match spec.resolve(at) {
            Ok(found) => Some(found),
            Err(problem) => {
                self.findings.problems.push(problem);
                None
            }
        }
    }
}
