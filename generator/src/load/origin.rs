//! Where each part of a converted document was in the document as written, so that every
//! diagnostic about a Swagger 2.0 or OpenAPI 3.1 spec points into the file the user has.
//!
//! Conversion records one entry per moved subtree (`#/components/schemas/Pet` came from
//! `#/definitions/Pet`); a pointer is translated by its longest recorded prefix, and
//! anything not moved keeps its pointer.

use crate::diagnostic::{Diagnostic, Diagnostics};

/// Converted-pointer prefixes and the original pointers they stand for.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Origin {
    moved: Vec<(String, String)>,
}

impl Origin {
    /// Records that the subtree now at `converted` was at `original`.
    pub(crate) fn record(&mut self, converted: impl Into<String>, original: impl Into<String>) {
        let (converted, original) = (converted.into(), original.into());
        if converted != original {
            self.moved.push((converted, original));
        }
    }

    /// The pointer into the document as written for `pointer` into the converted one.
    pub fn original(&self, pointer: &str) -> String {
        let best = self
            .moved
            .iter()
            .filter(|(converted, _)| {
                pointer == converted
                    || pointer
                        .strip_prefix(converted.as_str())
                        .is_some_and(|rest| rest.starts_with('/'))
            })
            .max_by_key(|(converted, _)| converted.len());
        match best {
            Some((converted, original)) => {
                let rest = pointer.strip_prefix(converted.as_str()).unwrap_or_default();
                format!("{original}{rest}")
            }
            None => pointer.to_owned(),
        }
    }

    /// `diagnostics` with every pointer translated by [`Self::original`].
    pub fn relocate(&self, diagnostics: Diagnostics) -> Diagnostics {
        Diagnostics(
            diagnostics
                .0
                .into_iter()
                .map(|d| self.relocate_one(d))
                .collect(),
        )
    }

    /// One diagnostic, translated.
    pub fn relocate_one(&self, diagnostic: Diagnostic) -> Diagnostic {
        Diagnostic {
            pointer: self.original(&diagnostic.pointer),
            ..diagnostic
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_longest_recorded_prefix_wins_and_the_rest_is_kept() {
        let mut origin = Origin::default();
        origin.record("#/components/schemas", "#/definitions");
        origin.record(
            "#/paths/~1a/get/requestBody",
            "#/paths/~1a/get/parameters/2",
        );
        origin.record(
            "#/paths/~1a/get/requestBody/content/application~1json/schema",
            "#/paths/~1a/get/parameters/2/schema",
        );
        assert_eq!(
            origin.original("#/components/schemas/Pet/properties/id"),
            "#/definitions/Pet/properties/id"
        );
        assert_eq!(
            origin.original("#/paths/~1a/get/requestBody/content/application~1json/schema/items"),
            "#/paths/~1a/get/parameters/2/schema/items"
        );
        assert_eq!(
            origin.original("#/paths/~1a/get/requestBody/required"),
            "#/paths/~1a/get/parameters/2/required"
        );
        // A segment that only starts like a recorded one is not under it.
        assert_eq!(
            origin.original("#/components/schemasX"),
            "#/components/schemasX"
        );
        assert_eq!(origin.original("#/info"), "#/info");
    }
}
