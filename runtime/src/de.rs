//! Deserialization helpers for generated code.

use std::fmt;
use std::marker::PhantomData;

use serde::Deserializer;
use serde::de::{Error, Visitor};

/// Deserializes a string and converts it with `from`, reading it in place when the format
/// allows (JSON without escapes), so that a known enum value costs no allocation.
///
/// Generated string enums use it: `from` maps a known value to its variant, and only an
/// unknown one is copied into the catch-all variant.
pub fn string_with<'de, D, T>(deserializer: D, from: fn(&str) -> T) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
{
    deserializer.deserialize_str(StrVisitor {
        from,
        output: PhantomData,
    })
}

struct StrVisitor<T> {
    from: fn(&str) -> T,
    output: PhantomData<T>,
}

impl<T> Visitor<'_> for StrVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: Error>(self, value: &str) -> Result<T, E> {
        Ok((self.from)(value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn borrowed_escaped_and_non_string_input() {
        fn upper(s: &str) -> String {
            s.to_uppercase()
        }
        let mut de = serde_json::Deserializer::from_str(r#""auto""#);
        assert_eq!(string_with(&mut de, upper).ok(), Some("AUTO".to_owned()));
        // An escaped string is unescaped into a buffer first: still one call of `from`.
        let mut de = serde_json::Deserializer::from_str(r#""a\u0075to""#);
        assert_eq!(string_with(&mut de, upper).ok(), Some("AUTO".to_owned()));
        let mut de = serde_json::Deserializer::from_str("42");
        let error = string_with(&mut de, upper).err().map(|e| e.to_string());
        assert_eq!(
            error.as_deref(),
            Some("invalid type: integer `42`, expected a string at line 1 column 2")
        );
    }
}
