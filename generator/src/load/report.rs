//! What bringing a document to the 3.0 shape noticed: each forgiven defect as a warning of
//! its own, each documented loosening as one note per kind (a 3 MB spec that uses
//! `propertyNames` 40 times gets one line, naming the first place and the count).

use std::path::Path;

use crate::diagnostic::{Diagnostic, Severity};

/// Collects the warnings and notes of one load.
pub(crate) struct Report<'a> {
    file: &'a Path,
    /// Warnings and errors, in the order found.
    found: Vec<Diagnostic>,
    /// One note per kind: the kind, the first note, how many there were.
    notes: Vec<(&'static str, Diagnostic, usize)>,
}

impl<'a> Report<'a> {
    /// An empty report for `file`.
    pub(crate) fn new(file: &'a Path) -> Self {
        Self {
            file,
            found: Vec::new(),
            notes: Vec::new(),
        }
    }

    /// A forgiven defect at `pointer` (into the document as written).
    pub(crate) fn warn(&mut self, pointer: &str, message: impl Into<String>) {
        self.found
            .push(Diagnostic::warning(self.file, pointer, message));
    }

    /// A problem that stops the load.
    pub(crate) fn error(&mut self, pointer: &str, message: impl Into<String>) {
        self.found
            .push(Diagnostic::new(self.file, pointer, message));
    }

    /// A documented loosening of kind `kind` at `pointer`; only the first of a kind is kept.
    pub(crate) fn note(&mut self, kind: &'static str, pointer: &str, message: impl Into<String>) {
        if let Some((_, _, count)) = self.notes.iter_mut().find(|(k, _, _)| *k == kind) {
            *count += 1;
        } else {
            self.notes
                .push((kind, Diagnostic::note(self.file, pointer, message), 1));
        }
    }

    /// True when an error was recorded.
    pub(crate) fn has_errors(&self) -> bool {
        self.found.iter().any(|d| d.severity == Severity::Error)
    }

    /// Every diagnostic: warnings and errors in the order found, then the notes.
    pub(crate) fn finish(self) -> Vec<Diagnostic> {
        let notes = self.notes.into_iter().map(|(_, mut note, count)| {
            if count > 1 {
                note.message
                    .push_str(&format!(" ({} more places like this one)", count - 1));
            }
            note
        });
        self.found.into_iter().chain(notes).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_of_one_kind_are_counted_at_the_first_place() {
        let mut report = Report::new(Path::new("s.yaml"));
        report.note("k", "#/a", "loosened");
        report.warn("#/w", "forgiven");
        report.note("k", "#/b", "loosened");
        report.note("other", "#/c", "skipped");
        let found = report.finish();
        let summary: Vec<(Severity, &str, &str)> = found
            .iter()
            .map(|d| (d.severity, d.pointer.as_str(), d.message.as_str()))
            .collect();
        assert_eq!(
            summary,
            [
                (Severity::Warning, "#/w", "forgiven"),
                (
                    Severity::Note,
                    "#/a",
                    "loosened (1 more places like this one)"
                ),
                (Severity::Note, "#/c", "skipped"),
            ]
        );
    }
}
