//! Files a spec's `$ref`s point into, so cargo reruns the build script when one changes.
//!
//! `lower` rejects references into other files today; naming them anyway means a build
//! that fails on one reruns once it is fixed, and is right the day they are supported.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::load::LoadedSpec;

/// Local files named by `$ref`s of `spec`, relative to the spec's directory; sorted, each once.
pub(super) fn referenced_files(spec: &LoadedSpec) -> Vec<PathBuf> {
    let base = spec.file.parent().unwrap_or(Path::new(""));
    let mut files = Vec::new();
    collect(&spec.document, base, &mut files);
    files.sort();
    files.dedup();
    files
}

fn collect(value: &Value, base: &Path, files: &mut Vec<PathBuf>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(reference)) = map.get("$ref") {
                let file = reference.split('#').next().unwrap_or_default();
                // URLs are not files cargo could watch.
                if !file.is_empty() && !file.contains("://") {
                    files.push(base.join(file));
                }
            }
            for item in map.values() {
                collect(item, base, files);
            }
        }
        Value::Array(items) => {
            for item in items {
                collect(item, base, files);
            }
        }
        _ => {}
    }
}

// Compiled only for `cargo test` (the no-panic lints are off there, see lib.rs): these
// panics report a failed test on fixed fixtures and are unreachable from any input.
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_each_external_file_once_relative_to_the_spec() {
        let text = r##"
openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /a:
    get:
      parameters:
        - $ref: 'common.yaml#/components/parameters/Limit'
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: 'models/pet.yaml'}
        '404': {$ref: 'common.yaml#/components/responses/NotFound'}
        '500': {$ref: 'https://example.com/errors.yaml#/Error'}
        default: {$ref: '#/components/responses/Local'}
"##;
        let spec = crate::load::load_str(Path::new("api/spec.yaml"), text)
            .unwrap_or_else(|d| panic!("{d}"));
        assert_eq!(
            referenced_files(&spec),
            vec![
                PathBuf::from("api/common.yaml"),
                PathBuf::from("api/models/pet.yaml")
            ]
        );
    }
}
