//! Dropping the documentation taken from the spec, for users who do not want it in their
//! build output. The generator's own explanations (of catch-all variants, builders, …) stay.

use crate::ir::{Api, Docs, Success, TypeKind};

/// Empties every [`Docs`] of the IR.
pub(crate) fn strip(api: &mut Api) {
    clear(&mut api.docs);
    for def in &mut api.types {
        clear(&mut def.docs);
        if let TypeKind::Struct(s) = &mut def.kind {
            for field in s.fields.iter_mut().chain(&mut s.additional) {
                clear(&mut field.docs);
            }
        }
    }
    for op in &mut api.operations {
        clear(&mut op.docs);
        for param in &mut op.params {
            clear(&mut param.docs);
        }
        if let Some(body) = &mut op.body {
            clear(&mut body.docs);
        }
        if let Success::ByStatus { variants, .. } = &mut op.success {
            for variant in variants {
                clear(&mut variant.docs);
            }
        }
        for error in &mut op.errors {
            clear(&mut error.docs);
        }
        if let Some(pagination) = &mut op.pagination {
            clear(&mut pagination.docs);
        }
    }
}

fn clear(docs: &mut Docs) {
    docs.0.clear();
}

// Compiled only for `cargo test` (the no-panic lints are off there, see lib.rs): these
// panics report a failed test on fixed fixtures and are unreachable from any input.
#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    #[test]
    fn no_docs_are_left() {
        let spec = crate::load::load_file(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs/rds.yaml"),
        )
        .unwrap_or_else(|d| panic!("{d}"));
        let mut api = crate::lower::lower(&spec).unwrap_or_else(|d| panic!("{d}"));
        strip(&mut api);
        // Every `Docs` in the IR is spec text; none may survive.
        let debug = format!("{api:?}");
        assert!(!debug.contains("Docs([\""), "{debug}");
        assert!(debug.contains("Docs([])"));
    }
}
