//! `$ref` resolution.
//!
//! References to `#/components/schemas/X` become named types (no recursion, so cycles are
//! free). Any other local reference is resolved by JSON pointer into the document; chains
//! are followed up to a fixed depth so a reference loop is an error, not a hang.

use std::borrow::Cow;

use openapiv3::ReferenceOr;
use serde::de::DeserializeOwned;

use super::Lowerer;

/// How deep `$ref` -> `$ref` chains are followed before giving up.
const MAX_CHAIN: usize = 32;

const COMPONENT_SCHEMAS: &str = "#/components/schemas/";

/// Where a schema reference leads.
pub(crate) enum SchemaTarget {
    /// A component schema (its name in `components/schemas`).
    Component(String),
    /// A schema elsewhere in the document, and its pointer.
    Inline(Box<openapiv3::Schema>, String),
    /// Nothing usable (a diagnostic was recorded).
    Missing,
}

impl Lowerer<'_> {
    /// Resolves a schema `$ref` found at `at`.
    pub fn schema_target(&mut self, reference: &str, at: &str) -> SchemaTarget {
        let mut reference = reference.to_owned();
        for _ in 0..MAX_CHAIN {
            if let Some(name) = component_name(&reference) {
                let exists = self
                    .spec
                    .components
                    .as_ref()
                    .is_some_and(|c| c.schemas.contains_key(&name));
                if exists {
                    return SchemaTarget::Component(name);
                }
                self.dangling(&reference, at);
                return SchemaTarget::Missing;
            }
            match self.lookup::<ReferenceOr<openapiv3::Schema>>(&reference, at) {
                Some(ReferenceOr::Item(schema)) => {
                    return SchemaTarget::Inline(Box::new(schema), reference);
                }
                Some(ReferenceOr::Reference { reference: next }) => reference = next,
                None => return SchemaTarget::Missing,
            }
        }
        self.error(
            at,
            format!("`$ref` chain starting at {reference:?} is a loop or too deep"),
        );
        SchemaTarget::Missing
    }

    /// Resolves a parameter, request body or response that may be a `$ref`; returns the
    /// item and the pointer it was found at.
    pub fn resolve<'b, T>(
        &mut self,
        item: &'b ReferenceOr<T>,
        at: &str,
    ) -> Option<(Cow<'b, T>, String)>
    where
        T: DeserializeOwned + Clone,
    {
        let mut reference = match item {
            ReferenceOr::Item(item) => return Some((Cow::Borrowed(item), at.to_owned())),
            ReferenceOr::Reference { reference } => reference.clone(),
        };
        for _ in 0..MAX_CHAIN {
            match self.lookup::<ReferenceOr<T>>(&reference, at)? {
                ReferenceOr::Item(item) => return Some((Cow::Owned(item), reference)),
                ReferenceOr::Reference { reference: next } => reference = next,
            }
        }
        self.error(
            at,
            format!("`$ref` chain starting at {reference:?} is a loop or too deep"),
        );
        None
    }

    /// Finds and decodes the target of a local `$ref`.
    fn lookup<T: DeserializeOwned>(&mut self, reference: &str, at: &str) -> Option<T> {
        if reference.trim().is_empty() {
            self.error_with_hint(
                at,
                "`$ref` is empty",
                "write the target, e.g. \"#/components/schemas/Pet\"",
            );
            return None;
        }
        let Some(fragment) = reference.strip_prefix('#') else {
            self.error_with_hint(
                at,
                format!("`$ref` {reference:?} points into another file, which is not supported"),
                "bundle the spec into one file first (e.g. `redocly bundle`)",
            );
            return None;
        };
        let pointer = percent_decode(fragment);
        let Some(value) = self.document.pointer(&pointer) else {
            self.dangling(reference, at);
            return None;
        };
        match T::deserialize(value) {
            Ok(item) => Some(item),
            Err(error) => {
                self.error(
                    at,
                    format!("`$ref` {reference:?} points to something unexpected: {error}"),
                );
                None
            }
        }
    }

    fn dangling(&mut self, reference: &str, at: &str) {
        self.error_with_hint(
            at,
            format!("`$ref` {reference:?} points nowhere"),
            "check the spelling of the target, or add it under `components`",
        );
    }
}

/// `#/components/schemas/Foo` -> `Foo` (unescaped); `None` for other references.
pub(crate) fn component_name(reference: &str) -> Option<String> {
    let rest = reference.strip_prefix(COMPONENT_SCHEMAS)?;
    if rest.contains('/') {
        return None;
    }
    Some(percent_decode(rest).replace("~1", "/").replace("~0", "~"))
}

/// Decodes `%XX` escapes in a URI fragment; invalid escapes are kept as written.
pub(crate) fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while let Some(&byte) = bytes.get(index) {
        let hex = bytes
            .get(index + 1..index + 3)
            .and_then(|pair| std::str::from_utf8(pair).ok())
            .and_then(|pair| u8::from_str_radix(pair, 16).ok());
        match (byte, hex) {
            (b'%', Some(decoded)) => {
                out.push(decoded);
                index += 3;
            }
            _ => {
                out.push(byte);
                index += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn component_names_are_unescaped() {
        assert_eq!(
            component_name("#/components/schemas/Pet"),
            Some("Pet".into())
        );
        assert_eq!(
            component_name("#/components/schemas/a~1b%20c"),
            Some("a/b c".into())
        );
        assert_eq!(
            component_name("#/components/schemas/Pet/properties/id"),
            None
        );
        assert_eq!(component_name("other.yaml#/components/schemas/Pet"), None);
    }

    #[test]
    fn percent_decoding_keeps_invalid_escapes() {
        assert_eq!(percent_decode("/paths/~1a%7Bb%7D"), "/paths/~1a{b}");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz"), "%zz");
    }
}
