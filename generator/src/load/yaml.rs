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
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    let pieces = if text.len() >= super::PARALLEL_FROM && !may_use_aliases(text) {
        split(text, threads)
    } else {
        Vec::new()
    };
    let node = match parse_pieces(&pieces) {
        Some(node) => node,
        None => serde_yaml::from_str(text).map_err(|error| {
            let diagnostic = Diagnostic::new(file, "#", format!("cannot parse YAML: {error}"));
            match error.location() {
                Some(location) => diagnostic.at(location.line(), location.column()),
                None => diagnostic,
            }
        })?,
    };
    to_json(file, node, &At::Root, integer_codes)
}

/// Whether the document may use an alias (`*name` where a value goes). serde_yaml bounds
/// alias expansion by the size of the document it reads, so pieces could accept what the
/// whole refuses: such a document is parsed whole. Prose that looks like an alias (a
/// line ending `: *word*`) only costs the speed-up.
fn may_use_aliases(text: &str) -> bool {
    text.match_indices('*').any(|(at, _)| {
        let before = text.get(..at).unwrap_or_default();
        let before = before.trim_end_matches([' ', '\t']);
        // Where a value starts: after `key:`, `-`, a flow indicator, or alone on a line.
        if !(before.is_empty() || before.ends_with([':', '-', '[', '{', ',', '\n'])) {
            return false;
        }
        let after = text.get(at + 1..).unwrap_or_default();
        let name = after
            .find([' ', '\t', '\r', '\n', ',', '[', ']', '{', '}'])
            .unwrap_or(after.len());
        let rest = after.get(name..).unwrap_or_default();
        let rest = rest.split('\n').next().unwrap_or_default();
        let rest = rest.trim_start_matches([' ', '\t', '\r']);
        name > 0 && (rest.is_empty() || rest.starts_with([',', ']', '}', '#']))
    })
}

/// A piece of a document that is a block mapping: whole top-level entries, or whole
/// entries of the block mapping under one top-level key (`parent`, its line as written).
struct Piece<'a> {
    parent: Option<&'a str>,
    body: &'a str,
}

/// Splits a document into at most `count` pieces of about equal size at lines that start
/// an entry of the top-level mapping (`key:` at column 0), or an entry of the mapping
/// under a top-level key (`  key:` under `paths:`). Empty when the document is not simply
/// a block mapping (a sequence, several documents, directives, complex keys): those are
/// parsed whole.
///
/// The line tests only choose where to cut; whether a cut was in the right place is
/// decided by parsing the pieces (see [`parse_pieces`]).
fn split(text: &str, count: usize) -> Vec<Piece<'_>> {
    let mut cuts: Vec<(usize, Option<&str>)> = Vec::new();
    let mut parent: Option<&str> = None;
    // Whether an entry of `parent`'s mapping was seen: the piece before a cut under a
    // key must hold that key's mapping, not the key alone.
    let mut parent_opened = false;
    let mut next_target = text.len() / count.max(1);
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let first = line.as_bytes().first().copied();
        match first {
            None | Some(b'\n' | b'\r' | b'#') => continue,
            Some(b'-' | b'.' | b'%' | b'?' | b'\t' | b'{' | b'[' | b'&' | b'*' | b'!') => {
                return Vec::new();
            }
            Some(b' ') => {
                let child = line.strip_prefix("  ").is_some_and(|rest| {
                    !rest.starts_with([' ', '\t', '\n', '\r', '#', '-', '?', '{', '['])
                });
                if let Some(parent) =
                    parent.filter(|_| child && parent_opened && start >= next_target)
                {
                    cuts.push((start, Some(parent)));
                    next_target = next_target.saturating_add(text.len() / count.max(1));
                }
                parent_opened |= child;
            }
            Some(_) => {
                // A key whose value is on the following lines: a mapping, when the lines
                // under it are its entries.
                parent = line.trim_end().ends_with(':').then_some(line);
                parent_opened = false;
                if start > 0 && start >= next_target {
                    cuts.push((start, None));
                    next_target = next_target.saturating_add(text.len() / count.max(1));
                }
            }
        }
    }
    let cuts: Vec<_> = cuts.into_iter().take(count.saturating_sub(1)).collect();
    if cuts.is_empty() {
        return Vec::new();
    }
    let mut pieces = Vec::with_capacity(cuts.len() + 1);
    let mut from = (0, None);
    for cut in cuts {
        pieces.push(Piece {
            parent: from.1,
            body: text.get(from.0..cut.0).unwrap_or_default(),
        });
        from = cut;
    }
    pieces.push(Piece {
        parent: from.1,
        body: text.get(from.0..).unwrap_or_default(),
    });
    pieces
}

/// Parses the pieces of a document, one per thread, and joins them into the mapping the
/// whole document is. `None` when there are no pieces, or when any piece does not parse
/// or does not join: a cut inside a quoted or flow scalar leaves the piece before it
/// unterminated, an alias to an anchor of another piece is unknown, and a piece that
/// continues a top-level key must find that key's mapping ending the piece before it.
/// The caller then parses the document whole, so errors and their locations are the
/// ones the whole document gives.
fn parse_pieces(pieces: &[Piece<'_>]) -> Option<Node> {
    if pieces.is_empty() {
        return None;
    }
    let parse_one = |piece: &Piece<'_>| -> Option<Node> {
        let parsed = match piece.parent {
            Some(parent) => serde_yaml::from_str(&format!("{parent}{}", piece.body)),
            None => serde_yaml::from_str(piece.body),
        };
        parsed.ok()
    };
    let nodes: Vec<Option<Node>> = std::thread::scope(|scope| {
        let others: Vec<_> = pieces
            .iter()
            .skip(1)
            .map(|piece| scope.spawn(move || parse_one(piece)))
            .collect();
        let first = pieces.first().and_then(parse_one);
        std::iter::once(first)
            .chain(others.into_iter().map(|other| other.join().ok().flatten()))
            .collect()
    });
    let mut entries: Vec<(Node, Node)> = Vec::new();
    for (piece, node) in pieces.iter().zip(nodes) {
        let Some(Node::Map(more)) = node else {
            return None;
        };
        let mut more = more.into_iter();
        if piece.parent.is_some() {
            let (Node::Str(key), Node::Map(children)) = more.next()? else {
                return None;
            };
            let Some((Node::Str(last_key), Node::Map(last))) = entries.last_mut() else {
                return None;
            };
            if *last_key != key {
                return None;
            }
            last.extend(children);
        }
        entries.extend(more);
    }
    Some(Node::Map(entries))
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

    /// `text` parsed in at most `count` pieces, or `None` when the pieces do not join.
    fn in_pieces(text: &str, count: usize) -> Option<Value> {
        let pieces = split(text, count);
        let node = parse_pieces(&pieces)?;
        Some(
            to_json(Path::new("s.yaml"), node, &At::Root, &mut Vec::new())
                .unwrap_or_else(|d| panic!("{d}")),
        )
    }

    #[test]
    fn a_document_parsed_in_pieces_is_the_document_parsed_whole() {
        let text = "a: 1\npaths:\n  /x:\n    get: {}\n  /y:\n    put: [1, 2]\n  /z: |\n    text\n\n    more\nb:\n  c: d\n";
        let whole = read(text).unwrap_or_else(|d| panic!("{d}"));
        for count in 2..8 {
            assert!(split(text, count).len() > 1, "{count}");
            assert_eq!(in_pieces(text, count).as_ref(), Some(&whole), "{count}");
        }
    }

    #[test]
    fn pieces_that_do_not_join_are_refused() {
        // A quoted scalar across the cut; an alias to an anchor before it; a top-level
        // value that is not a mapping; a sequence at the top level; several documents.
        for text in [
            "a: \"x\nb: y\"\nc: \"z\nd: w\"\n",
            "a: &x 1\nb: *x\nc: *x\n",
            "a:\n  b\n  c\n  d\n",
            "- a\n- b\n",
            "a: 1\n---\nb: 2\n",
        ] {
            assert_eq!(in_pieces(text, 4), None, "{text}");
            read(text).ok();
        }
    }

    /// Every YAML spec of the shared corpus (real documents, Stripe's 4 MB among them),
    /// cut into 2 to 4 pieces, reads exactly as parsed whole; the large ones do join.
    #[test]
    fn corpus_documents_read_the_same_in_pieces() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus");
        let Ok(entries) = std::fs::read_dir(&dir) else {
            panic!("{} is missing", dir.display());
        };
        let mut joined = Vec::new();
        for entry in entries {
            let path = entry.unwrap_or_else(|e| panic!("{e}")).path();
            if path.extension().is_none_or(|e| e != "yaml") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{e}"));
            let Ok(node) = serde_yaml::from_str::<Node>(&text) else {
                continue;
            };
            let whole = to_json(&path, node, &At::Root, &mut Vec::new()).ok();
            for count in 2..=4 {
                if let Some(node) = parse_pieces(&split(&text, count)) {
                    let pieces = to_json(&path, node, &At::Root, &mut Vec::new()).ok();
                    assert_eq!(pieces, whole, "{} in {count}", path.display());
                    joined.push(path.clone());
                }
            }
        }
        let stripe = dir.join("stripe-spec3-2023-09.yaml");
        assert!(joined.contains(&stripe), "{joined:?}");
    }

    #[test]
    fn documents_with_aliases_are_parsed_whole() {
        for text in [
            "a: &x 1\nb: *x\n",
            "a: [*x, 1]\n",
            "a:\n  - *x # c\n",
            "- *x\n",
        ] {
            assert!(may_use_aliases(text), "{text}");
        }
        for text in [
            "a: 2 * 3\n",
            "a: in *cents*, each\n",
            "a: >-\n  if any. *Note:\n  b\n",
            "a: x*y\n",
        ] {
            assert!(!may_use_aliases(text), "{text}");
        }
    }

    #[test]
    fn a_key_twice_across_pieces_is_still_an_error_where_it_is() {
        let text = "paths:\n  /a: 1\n  /b: 2\n  /a: 3\n";
        let pieces = split(text, 3);
        assert!(pieces.len() > 1);
        let node = parse_pieces(&pieces).unwrap_or_else(|| panic!("not joined"));
        let Err(d) = to_json(Path::new("s.yaml"), node, &At::Root, &mut Vec::new()) else {
            panic!("read a duplicate key");
        };
        assert_eq!(d.pointer, "#/paths/~1a");
    }

    #[test]
    fn a_duplicate_key_is_an_error_where_it_is() {
        let Err(d) = read("a:\n  b: 1\n  b: 2\n") else {
            panic!("read a duplicate key");
        };
        assert_eq!(d.pointer, "#/a/b");
    }
}
