//! The spec side of a check: the document as JSON, walked by JSON pointer.
//!
//! `load` checks that the document is OpenAPI 3.0 first; the comparison then reads the JSON
//! itself, because it needs what the IR and `openapiv3` drop: every object's pointer,
//! defaults, enum values as written, and extensions beside a `$ref`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::diagnostic::{Diagnostic, Diagnostics, pointer};

/// How deep `$ref` -> `$ref` chains are followed before giving up.
const MAX_CHAIN: usize = 32;

/// A loaded spec.
pub(super) struct Spec {
    /// The spec file, for diagnostics.
    pub file: PathBuf,
    root: Value,
    /// Header names (lower case) of `apiKey` security schemes.
    pub auth_headers: BTreeSet<String>,
}

impl Spec {
    /// Reads and checks the spec at `path`.
    pub fn read(path: &Path) -> Result<Self, Diagnostics> {
        let text = std::fs::read_to_string(path).map_err(|error| {
            Diagnostic::new(path, "#", format!("cannot read the spec: {error}"))
        })?;
        Self::parse(path, &text)
    }

    /// Parses and checks spec `text`; `path` names it in diagnostics.
    pub fn parse(path: &Path, text: &str) -> Result<Self, Diagnostics> {
        let loaded = crate::load::load_str(path, text)?;
        let root = crate::load::parse_document(path, text)?;
        Ok(Self {
            file: path.to_path_buf(),
            root,
            auth_headers: crate::lower::params::api_keys(&loaded.openapi).header,
        })
    }

    /// The whole document.
    pub fn root(&self) -> &Value {
        &self.root
    }

    /// The value at `at` (`#/paths/~1a/get`), without following `$ref`s.
    pub fn get(&self, at: &str) -> Option<&Value> {
        self.root.pointer(at.strip_prefix('#')?)
    }

    /// Follows `$ref`s from the value at `at`: the value reached and its pointer.
    pub fn resolve(&self, at: &str) -> Result<(String, &Value), Diagnostic> {
        let mut at = at.to_owned();
        for _ in 0..MAX_CHAIN {
            let value = self
                .get(&at)
                .ok_or_else(|| Diagnostic::new(&self.file, &at, "`$ref` points nowhere"))?;
            let Some(reference) = value.get("$ref").and_then(Value::as_str) else {
                return Ok((at, value));
            };
            let Some(fragment) = reference.strip_prefix('#') else {
                return Err(Diagnostic::new(
                    &self.file,
                    &at,
                    format!(
                        "`$ref` {reference:?} points into another file, which is not supported"
                    ),
                ));
            };
            at = format!("#{}", crate::lower::refs::percent_decode(fragment));
        }
        Err(Diagnostic::new(
            &self.file,
            at,
            "`$ref` chain is a loop or too deep",
        ))
    }

    /// The operation for `method` on a path template: exactly the page's path, else the
    /// path that differs only in the names of its `{placeholders}`.
    pub fn operation(&self, method: &str, path: &str) -> Option<String> {
        let paths = self.root.get("paths")?.as_object()?;
        let method = method.to_ascii_lowercase();
        let has = |route: &str| paths.get(route)?.get(&method).map(|_| ());
        let route = if has(path).is_some() {
            path.to_owned()
        } else {
            let shape = placeholder_shape(path);
            paths
                .keys()
                .find(|route| placeholder_shape(route) == shape && has(route).is_some())?
                .clone()
        };
        Some(pointer("#/paths", &[&route, &method]))
    }
}

/// A path template with its placeholder names left out (`/v3/{}/backups`).
fn placeholder_shape(path: &str) -> String {
    let mut shape = String::with_capacity(path.len());
    let mut inside = false;
    for c in path.trim_end_matches('/').chars() {
        match c {
            '{' => {
                inside = true;
                shape.push('{');
            }
            '}' => {
                inside = false;
                shape.push('}');
            }
            _ if inside => {}
            _ => shape.push(c),
        }
    }
    shape
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholder_names_do_not_matter_for_the_shape() {
        assert_eq!(
            placeholder_shape("/v3/{project_id}/backups/"),
            placeholder_shape("/v3/{tenant}/backups")
        );
        assert_ne!(
            placeholder_shape("/v3/{project_id}/backups"),
            placeholder_shape("/v3/{project_id}/instances")
        );
    }
}
