//! One page operation against its spec operation: which operation it is, and the status
//! codes it lists; parameters and bodies are compared in their own files.

use std::collections::BTreeSet;

use super::{At, Checker, DifferenceKind};
use crate::diagnostic::pointer;
use crate::pages::model::Operation;

impl Checker<'_> {
    /// Compares one page operation with the spec.
    pub(super) fn operation(&mut self, operation: &Operation) {
        let subject = format!("{} {}", operation.method, operation.path);
        self.visit("#/paths", operation.line);
        let Some(at) = self.spec.operation(&operation.method, &operation.path) else {
            self.report(
                DifferenceKind::OperationMissing,
                &At {
                    line: operation.line,
                    pointer: "#/paths",
                    subject: &subject,
                },
                Some(&subject),
                format!("the page documents {subject}; the spec has no such operation"),
            );
            return;
        };
        self.visit(&at, operation.line);
        self.parameters(operation, &at);
        self.statuses(operation, &at);
        self.request_body(operation, &at);
        self.responses(operation, &at);
        self.examples(operation, &at);
    }

    /// Every status the page names (its status code list and its response tables) must
    /// have a response in the spec, exactly (a page's 200 is not the spec's `2XX`).
    fn statuses(&mut self, operation: &Operation, operation_at: &str) {
        let responses_at = format!("{operation_at}/responses");
        self.visit(&responses_at, operation.line);
        let listed = operation
            .status_codes
            .iter()
            .map(|status| (status.code, status.line));
        let tables = operation
            .responses
            .iter()
            .filter_map(|response| Some((response.status?, response.line)));
        let mut seen = BTreeSet::new();
        for (code, line) in listed.chain(tables) {
            let status = code.to_string();
            if !seen.insert(code) || self.spec.get(&pointer(&responses_at, &[&status])).is_some() {
                continue;
            }
            self.report(
                DifferenceKind::StatusMissing,
                &At {
                    line,
                    pointer: &responses_at,
                    subject: &status,
                },
                Some(&status),
                format!("the page lists status {status}; the spec has no response for it"),
            );
        }
    }
}
