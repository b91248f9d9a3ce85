//! Deserialization helpers for generated code.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{Error, IgnoredAny, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};

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

/// A property name of an object being decoded ([`crate::deserialize_struct!`]): borrowed
/// from the input when the format allows (JSON without escapes), so that matching it
/// against the field names costs no allocation.
#[derive(Debug)]
pub enum Key<'de> {
    /// Borrowed from the input.
    Borrowed(&'de str),
    /// Unescaped or handed over by the format.
    Owned(String),
}

impl Key<'_> {
    /// The name.
    pub fn as_str(&self) -> &str {
        match self {
            Key::Borrowed(key) => key,
            Key::Owned(key) => key,
        }
    }

    /// The name as an owned string.
    pub fn into_string(self) -> String {
        match self {
            Key::Borrowed(key) => key.to_owned(),
            Key::Owned(key) => key,
        }
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(KeyVisitor)
    }
}

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Key<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a property name")
    }

    fn visit_borrowed_str<E: Error>(self, value: &'de str) -> Result<Key<'de>, E> {
        Ok(Key::Borrowed(value))
    }

    fn visit_str<E: Error>(self, value: &str) -> Result<Key<'de>, E> {
        Ok(Key::Owned(value.to_owned()))
    }

    fn visit_string<E: Error>(self, value: String) -> Result<Key<'de>, E> {
        Ok(Key::Owned(value))
    }
}

/// The value of a required field, or the "missing field" error naming its wire name.
pub fn required<T, E: Error>(value: Option<T>, wire: &'static str) -> Result<T, E> {
    value.ok_or_else(|| E::missing_field(wire))
}

/// Reads and drops the value of a property nobody asked for.
pub fn skip<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<IgnoredAny>().map(drop)
}

/// Adds a property to the map of the properties a struct does not name (a generic
/// function rather than a method call, so the map's type may be inferred later).
pub fn put<M: Extend<(String, V)>, V>(map: &mut M, key: String, value: V) {
    map.extend(Some((key, value)));
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
