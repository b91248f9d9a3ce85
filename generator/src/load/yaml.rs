//! YAML text -> JSON value.
//!
//! Read through a node type of our own rather than `serde_yaml::Value`, which refuses an
//! integer beyond 64 bits (openai.yaml writes `minimum: -9223372036854776000`); such a
//! number becomes the float a JSON reader would make of it. Mapping keys that are scalars
//! (`200:`, `true:`) become strings, as OpenAPI means them; where a response code was an
//! integer is listed, for the warning.

use std::fmt;
use std::path::Path;

use serde::Deserialize;
use serde::de::{self, EnumAccess, MapAccess, SeqAccess, VariantAccess, Visitor};
use serde_json::Value;

use crate::diagnostic::{Diagnostic, escape_segment};

/// One YAML node, as parsed.
enum Node {
    Null,
    Bool(bool),
    Int(i64),
    UInt(u64),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    /// Entries in document order (duplicates are found when converting).
    Map(Vec<(Node, Node)>),
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Node, E> {
        Ok(Node::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Node, E> {
        Ok(Node::Int(v))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Node, E> {
        Ok(Node::UInt(v))
    }

    // Beyond 64 bits: the nearest float, as JSON readers do.
    fn visit_i128<E>(self, v: i128) -> Result<Node, E> {
        Ok(i64::try_from(v).map_or(Node::Float(v as f64), Node::Int))
    }

    fn visit_u128<E>(self, v: u128) -> Result<Node, E> {
        Ok(u64::try_from(v).map_or(Node::Float(v as f64), Node::UInt))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Node, E> {
        Ok(Node::Float(v))
    }

    fn visit_str<E>(self, v: &str) -> Result<Node, E> {
        Ok(Node::Str(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Node, E> {
        Ok(Node::Str(v))
    }

    fn visit_unit<E>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }

    fn visit_none<E>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }

    fn visit_some<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Node, D::Error> {
        Node::deserialize(deserializer)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Node::Seq(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut entries = Vec::new();
        while let Some(entry) = map.next_entry()? {
            entries.push(entry);
        }
        Ok(Node::Map(entries))
    }

    /// A tagged node (`!Ref x`): the tag is dropped, the value kept.
    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Node, A::Error> {
        let (_tag, variant): (String, _) = data.variant()?;
        variant.newtype_variant()
    }
}

/// Parses YAML `text` into a JSON value; response codes written as integers are added to
/// `integer_codes` (as pointers).
pub(super) fn parse(
    file: &Path,
    text: &str,
    integer_codes: &mut Vec<String>,
) -> Result<Value, Diagnostic> {
    let node: Node = serde_yaml::from_str(text).map_err(|error| {
        let diagnostic = Diagnostic::new(file, "#", format!("cannot parse YAML: {error}"));
        match error.location() {
            Some(location) => diagnostic.at(location.line(), location.column()),
            None => diagnostic,
        }
    })?;
    to_json(file, node, &At::Root, integer_codes)
}

/// Where a node is, as a chain of borrowed segments: the pointer text is built only for
/// a diagnostic or a listed response code, not for every node of a large document.
enum At<'a> {
    Root,
    Key(&'a At<'a>, &'a str),
    Index(&'a At<'a>, usize),
}

impl At<'_> {
    fn pointer(&self) -> String {
        match self {
            At::Root => "#".to_owned(),
            At::Key(parent, key) => format!("{}/{}", parent.pointer(), escape_segment(key)),
            At::Index(parent, i) => format!("{}/{i}", parent.pointer()),
        }
    }

    /// A `responses` mapping, whose integer keys are response codes.
    fn is_responses(&self) -> bool {
        matches!(self, At::Key(_, "responses"))
    }
}

fn to_json(
    file: &Path,
    node: Node,
    at: &At<'_>,
    integer_codes: &mut Vec<String>,
) -> Result<Value, Diagnostic> {
    Ok(match node {
        Node::Null => Value::Null,
        Node::Bool(b) => Value::Bool(b),
        Node::Int(i) => Value::from(i),
        Node::UInt(u) => Value::from(u),
        // YAML allows .nan/.inf, JSON does not; they are kept as their YAML text.
        Node::Float(f) => serde_json::Number::from_f64(f)
            .map_or_else(|| Value::String(float_text(f)), Value::Number),
        Node::Str(s) => Value::String(s),
        Node::Seq(items) => Value::Array(
            items
                .into_iter()
                .enumerate()
                .map(|(i, item)| to_json(file, item, &At::Index(at, i), integer_codes))
                .collect::<Result<_, _>>()?,
        ),
        Node::Map(entries) => {
            let mut out = serde_json::Map::with_capacity(entries.len());
            for (key, item) in entries {
                let key = match key {
                    Node::Str(s) => s,
                    Node::Bool(b) => b.to_string(),
                    Node::Null => "null".to_owned(),
                    Node::Int(i) => integer_key(i.to_string(), at, integer_codes),
                    Node::UInt(u) => integer_key(u.to_string(), at, integer_codes),
                    Node::Float(f) => float_text(f),
                    Node::Seq(_) | Node::Map(_) => {
                        return Err(Diagnostic::new(
                            file,
                            at.pointer(),
                            "a mapping key must be a scalar, found a sequence or a mapping",
                        ));
                    }
                };
                let child = At::Key(at, &key);
                if out.contains_key(&key) {
                    return Err(Diagnostic::new(
                        file,
                        child.pointer(),
                        format!("the key {key:?} appears twice in one mapping"),
                    ));
                }
                let item = to_json(file, item, &child, integer_codes)?;
                out.insert(key, item);
            }
            Value::Object(out)
        }
    })
}

/// An integer key as text, listed when it is a response code.
fn integer_key(text: String, at: &At<'_>, codes: &mut Vec<String>) -> String {
    if at.is_responses() {
        codes.push(At::Key(at, &text).pointer());
    }
    text
}

/// A float as YAML writes it (`.nan`, `.inf`, `-.inf`, `1.5`).
fn float_text(f: f64) -> String {
    if f.is_nan() {
        ".nan".to_owned()
    } else if f.is_infinite() {
        if f > 0.0 { ".inf" } else { "-.inf" }.to_owned()
    } else {
        f.to_string()
    }
}

// Compiled only for `cargo test` (the no-panic lints are off there, see lib.rs): these
// panics report a failed test on fixed fixtures and are unreachable from any input.
#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn read(text: &str) -> Result<Value, Diagnostic> {
        parse(Path::new("s.yaml"), text, &mut Vec::new())
    }

    #[test]
    fn integers_beyond_64_bits_are_floats() {
        let value = read("minimum: -9223372036854776000\nmaximum: 18446744073709551616\n")
            .unwrap_or_else(|d| panic!("{d}"));
        assert_eq!(
            value,
            json!({"minimum": -9.223372036854776e18, "maximum": 1.8446744073709552e19})
        );
    }

    #[test]
    fn scalar_keys_tags_and_special_floats() {
        let value = read("200: a\ntrue: b\n~: c\n1.5: d\nx: !Ref y\nn: .nan\n")
            .unwrap_or_else(|d| panic!("{d}"));
        assert_eq!(
            value,
            json!({"200": "a", "true": "b", "null": "c", "1.5": "d", "x": "y", "n": ".nan"})
        );
    }

    #[test]
    fn integer_response_codes_are_listed() {
        let mut codes = Vec::new();
        let text =
            "paths:\n  /a:\n    get:\n      responses:\n        200: {}\n        '404': {}\n";
        parse(Path::new("s.yaml"), text, &mut codes).unwrap_or_else(|d| panic!("{d}"));
        assert_eq!(codes, ["#/paths/~1a/get/responses/200"]);
    }

    #[test]
    fn a_duplicate_key_is_an_error_where_it_is() {
        let Err(d) = read("a:\n  b: 1\n  b: 2\n") else {
            panic!("read a duplicate key");
        };
        assert_eq!(d.pointer, "#/a/b");
    }
}
