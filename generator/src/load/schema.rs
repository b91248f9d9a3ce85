//! One schema of an OpenAPI 3.1 or Swagger 2.0 document -> the OpenAPI 3.0 Schema Object
//! `openapiv3` reads, in place, with its subschemas.
//!
//! What 3.0 can say is rewritten into 3.0 (`type: [string, "null"]` -> `nullable`,
//! `const` -> a one-value `enum`, a numeric `exclusiveMinimum` -> `minimum` + `true`,
//! Swagger's `x-nullable` and `type: file`). What it cannot is dropped, and the schema
//! becomes the looser type it is without the keyword, with a note naming the keyword
//! (README, "OpenAPI 3.1 and Swagger 2.0"): never a wrong type, never an error.

use serde_json::{Map, Value, json};

use super::report::Report;
use crate::diagnostic::pointer;

/// Which rules apply besides the ones both versions need.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Dialect {
    /// OpenAPI 3.1 (JSON Schema 2020-12).
    V31,
    /// Swagger 2.0 (plus the 3.1-style type arrays some 2.0 specs use).
    Swagger2,
}

/// Keywords that only describe: beside a `$ref` they change nothing about the type.
const ANNOTATIONS: &[&str] = &[
    "description",
    "title",
    "summary",
    "example",
    "examples",
    "deprecated",
    "readOnly",
    "writeOnly",
    "default",
    "externalDocs",
    "xml",
];

/// Keywords with no effect on the Rust type, dropped without a word.
const IGNORED: &[&str] = &[
    "$schema",
    "$id",
    "$anchor",
    "$dynamicAnchor",
    "$vocabulary",
    "$comment",
    "contentSchema",
];

/// Keywords 3.0 cannot express: dropped, and how the type loosens without them.
const LOOSENED: &[(&str, &str)] = &[
    (
        "prefixItems",
        "the array's items are read as any JSON value",
    ),
    (
        "if",
        "`if`/`then`/`else` are ignored; the schema without them admits more",
    ),
    (
        "then",
        "`if`/`then`/`else` are ignored; the schema without them admits more",
    ),
    (
        "else",
        "`if`/`then`/`else` are ignored; the schema without them admits more",
    ),
    ("dependentSchemas", "the schema without them admits more"),
    ("dependentRequired", "the properties it names stay optional"),
    (
        "unevaluatedProperties",
        "other properties are accepted and ignored",
    ),
    ("unevaluatedItems", "other items are accepted"),
    (
        "patternProperties",
        "the object's values are read as any JSON value",
    ),
    ("propertyNames", "property names are not checked"),
    ("contains", "the array's items are not checked against it"),
    (
        "minContains",
        "the array's items are not checked against it",
    ),
    (
        "maxContains",
        "the array's items are not checked against it",
    ),
    ("$dynamicRef", "the schema is read as any JSON value"),
];

/// Normalizes the schema at `at` (a pointer into the document as written) and its
/// subschemas.
pub(crate) fn normalize(schema: &mut Value, at: &str, dialect: Dialect, report: &mut Report<'_>) {
    let map = match schema {
        // JSON Schema's boolean schemas: `true` admits anything, `false` nothing.
        Value::Bool(true) => {
            *schema = json!({});
            return;
        }
        Value::Bool(false) => {
            *schema = json!({"not": {}});
            return;
        }
        Value::Object(map) => map,
        // Not a schema: `openapiv3` reports it where it is.
        _ => return,
    };
    if dialect == Dialect::Swagger2 {
        swagger2_keywords(map);
    }
    type_list(map, at, report);
    if let Some(value) = map.remove("const") {
        constant(map, value);
    }
    if let Some(Value::Array(examples)) = map.remove("examples") {
        if let (false, Some(first)) = (map.contains_key("example"), examples.into_iter().next()) {
            map.insert("example".into(), first);
        }
    }
    exclusive_bound(map, "exclusiveMinimum", "minimum");
    exclusive_bound(map, "exclusiveMaximum", "maximum");
    content_encoding(map);
    drop_inexpressible(map, at, report);
    subschemas(map, at, dialect, report);
    ref_siblings(map);
}

/// Swagger 2.0's own spellings: `x-nullable`, a discriminator that is only the property
/// name, and `type: file`.
fn swagger2_keywords(map: &mut Map<String, Value>) {
    if let Some(nullable) = map.remove("x-nullable") {
        if nullable == Value::Bool(true) {
            map.insert("nullable".into(), Value::Bool(true));
        }
    }
    if let Some(Value::String(property)) = map.get("discriminator") {
        let object = json!({ "propertyName": property });
        map.insert("discriminator".into(), object);
    }
    if map.get("type").and_then(Value::as_str) == Some("file") {
        map.insert("type".into(), json!("string"));
        map.insert("format".into(), json!("binary"));
    }
}

/// `type` as a list: `"null"` makes it nullable; one other type is that type; several are
/// a union (`anyOf`), each member taking the keywords of its own type.
fn type_list(map: &mut Map<String, Value>, at: &str, report: &mut Report<'_>) {
    let Some(Value::Array(types)) = map.get("type") else {
        return;
    };
    let mut names: Vec<String> = Vec::new();
    let mut null = false;
    for item in types {
        match item.as_str() {
            Some("null") => null = true,
            Some(name) if !names.iter().any(|n| n == name) => names.push(name.to_owned()),
            Some(_) => {}
            None => {
                report.error(
                    &pointer(at, &["type"]),
                    "a `type` list may only hold type names (strings)",
                );
                return;
            }
        }
    }
    map.remove("type");
    if null {
        map.insert("nullable".into(), Value::Bool(true));
    }
    match names.as_slice() {
        [] if null => {
            map.insert("type".into(), json!("null"));
        }
        [] => {}
        [only] => {
            map.insert("type".into(), json!(only));
        }
        _ if map.contains_key("anyOf") || map.contains_key("oneOf") => {
            // Already a union: the member schemas say more than the list does.
            report.note(
                "type-list-with-union",
                &pointer(at, &["type"]),
                "a `type` list beside `anyOf`/`oneOf` is ignored: the union's members decide",
            );
        }
        _ => {
            let members: Vec<Value> = names
                .iter()
                .map(|name| Value::Object(member_of_type(map, name)))
                .collect();
            map.insert("anyOf".into(), Value::Array(members));
        }
    }
}

/// The keywords of `map` that belong to type `name`, moved into a schema of that type.
fn member_of_type(map: &mut Map<String, Value>, name: &str) -> Map<String, Value> {
    let keywords: &[&str] = match name {
        "string" => &["format", "pattern", "minLength", "maxLength", "enum"],
        "integer" | "number" => &["format", "minimum", "maximum", "multipleOf", "enum"],
        "array" => &[
            "items",
            "minItems",
            "maxItems",
            "uniqueItems",
            "prefixItems",
        ],
        "object" => &[
            "properties",
            "required",
            "additionalProperties",
            "minProperties",
            "maxProperties",
            "patternProperties",
        ],
        _ => &[],
    };
    let mut member = Map::new();
    member.insert("type".into(), json!(name));
    for keyword in keywords {
        // An enum of several types is kept whole on every member that takes values.
        let value = if *keyword == "enum" {
            map.get(*keyword).cloned()
        } else {
            map.remove(*keyword)
        };
        if let Some(value) = value {
            member.insert((*keyword).into(), value);
        }
    }
    member
}

/// `const: v` -> `enum: [v]`, with the type the value has when none is given (so a
/// string constant becomes a one-value enum type, as a 3.0 author would write it).
fn constant(map: &mut Map<String, Value>, value: Value) {
    if !map.contains_key("type") {
        let name = match &value {
            Value::String(_) => Some("string"),
            Value::Bool(_) => Some("boolean"),
            Value::Number(n) if n.is_i64() || n.is_u64() => Some("integer"),
            Value::Number(_) => Some("number"),
            _ => None,
        };
        if let Some(name) = name {
            map.insert("type".into(), json!(name));
        }
    }
    if !map.contains_key("enum") {
        map.insert("enum".into(), Value::Array(vec![value]));
    }
}

/// A numeric `exclusiveMinimum: 5` (3.1) -> `minimum: 5, exclusiveMinimum: true` (3.0); a
/// boolean one is already 3.0.
fn exclusive_bound(map: &mut Map<String, Value>, exclusive: &str, inclusive: &str) {
    let Some(Value::Number(bound)) = map.get(exclusive).cloned() else {
        return;
    };
    let tighter = match map.get(inclusive).and_then(Value::as_f64) {
        Some(current) => {
            let bound = bound.as_f64().unwrap_or(current);
            if inclusive == "minimum" {
                bound >= current
            } else {
                bound <= current
            }
        }
        None => true,
    };
    if tighter {
        map.insert(inclusive.into(), Value::Number(bound));
        map.insert(exclusive.into(), Value::Bool(true));
    } else {
        map.remove(exclusive);
    }
}

/// `contentEncoding: base64` is 3.0's `format: byte`; other encoded or non-JSON content
/// (`contentMediaType: image/png`) is `format: binary`.
fn content_encoding(map: &mut Map<String, Value>) {
    let encoding = map.remove("contentEncoding");
    let media = map.remove("contentMediaType");
    if map.contains_key("format") || (encoding.is_none() && media.is_none()) {
        return;
    }
    let format = match encoding.as_ref().and_then(Value::as_str) {
        Some("base64" | "base64url") => "byte",
        _ => "binary",
    };
    map.insert("format".into(), json!(format));
}

/// Drops what 3.0 cannot say (see [`LOOSENED`], [`IGNORED`]), giving the looser type.
fn drop_inexpressible(map: &mut Map<String, Value>, at: &str, report: &mut Report<'_>) {
    for keyword in IGNORED {
        map.remove(*keyword);
    }
    for (keyword, loosened) in LOOSENED {
        if map.remove(*keyword).is_none() {
            continue;
        }
        report.note(
            keyword,
            &pointer(at, &[keyword]),
            format!("`{keyword}` has no OpenAPI 3.0 counterpart and is ignored: {loosened}"),
        );
        match *keyword {
            "prefixItems" => {
                map.insert("items".into(), json!({}));
            }
            "patternProperties" if !map.contains_key("additionalProperties") => {
                map.insert("additionalProperties".into(), Value::Bool(true));
            }
            "$dynamicRef" => {
                map.remove("$ref");
            }
            _ => {}
        }
    }
}

/// Normalizes every subschema of `map`.
fn subschemas(map: &mut Map<String, Value>, at: &str, dialect: Dialect, report: &mut Report<'_>) {
    if let Some(Value::Object(properties)) = map.get_mut("properties") {
        for (name, property) in properties.iter_mut() {
            normalize(
                property,
                &pointer(at, &["properties", name]),
                dialect,
                report,
            );
        }
    }
    for keyword in ["allOf", "anyOf", "oneOf"] {
        if let Some(Value::Array(members)) = map.get_mut(keyword) {
            for (index, member) in members.iter_mut().enumerate() {
                let member_at = pointer(at, &[keyword, &index.to_string()]);
                normalize(member, &member_at, dialect, report);
            }
        }
    }
    if let Some(items) = map.get_mut("items") {
        if items.is_array() {
            // Draft 4's tuple form, seen in Swagger 2.0 specs.
            report.note(
                "items-list",
                &pointer(at, &["items"]),
                "`items` as a list (a tuple) has no OpenAPI 3.0 counterpart: \
                 the array's items are read as any JSON value",
            );
            *items = json!({});
        } else {
            normalize(items, &pointer(at, &["items"]), dialect, report);
        }
    }
    if let Some(additional) = map.get_mut("additionalProperties") {
        if additional.is_object() {
            normalize(
                additional,
                &pointer(at, &["additionalProperties"]),
                dialect,
                report,
            );
        }
    }
    if let Some(not) = map.get_mut("not") {
        normalize(not, &pointer(at, &["not"]), dialect, report);
    }
}

/// A `$ref` with keywords beside it that change the type (`nullable`, a `type` list with
/// `"null"`, `required`): 3.1 applies both, 3.0 would ignore the siblings, so the `$ref`
/// becomes the single member of an `allOf` that keeps them. A `$ref` with only
/// descriptive siblings stays a `$ref`.
fn ref_siblings(map: &mut Map<String, Value>) {
    if !map.contains_key("$ref") {
        return;
    }
    let changes_type = map
        .keys()
        .any(|key| key != "$ref" && !key.starts_with("x-") && !ANNOTATIONS.contains(&key.as_str()));
    if !changes_type {
        return;
    }
    if let Some(reference) = map.remove("$ref") {
        let member = json!({ "$ref": reference });
        match map.get_mut("allOf") {
            Some(Value::Array(members)) => members.insert(0, member),
            _ => {
                map.insert("allOf".into(), Value::Array(vec![member]));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::diagnostic::{Diagnostic, Severity};

    fn run(dialect: Dialect, mut schema: Value) -> (Value, Vec<Diagnostic>) {
        let mut report = Report::new(Path::new("s.yaml"));
        normalize(&mut schema, "#/s", dialect, &mut report);
        (schema, report.finish())
    }

    fn v31(schema: Value) -> Value {
        run(Dialect::V31, schema).0
    }

    #[test]
    fn a_type_list_with_null_is_a_nullable_type() {
        assert_eq!(
            v31(json!({"type": ["string", "null"], "maxLength": 3})),
            json!({"maxLength": 3, "nullable": true, "type": "string"})
        );
        assert_eq!(
            v31(json!({"type": ["null"]})),
            json!({"nullable": true, "type": "null"})
        );
    }

    #[test]
    fn several_types_are_a_union_each_with_its_keywords() {
        assert_eq!(
            v31(
                json!({"type": ["integer", "array", "null"], "minimum": 1, "items": {"type": "string"}})
            ),
            json!({
                "nullable": true,
                "anyOf": [
                    {"type": "integer", "minimum": 1},
                    {"type": "array", "items": {"type": "string"}}
                ]
            })
        );
    }

    #[test]
    fn const_is_a_one_value_enum_of_its_type() {
        assert_eq!(
            v31(json!({"const": "card"})),
            json!({"type": "string", "enum": ["card"]})
        );
        assert_eq!(
            v31(json!({"type": "integer", "const": 3})),
            json!({"type": "integer", "enum": [3]})
        );
    }

    #[test]
    fn examples_give_the_first_as_example() {
        assert_eq!(
            v31(json!({"type": "string", "examples": ["a", "b"]})),
            json!({"type": "string", "example": "a"})
        );
    }

    #[test]
    fn numeric_exclusive_bounds_become_3_0_bounds() {
        assert_eq!(
            v31(
                json!({"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 10, "maximum": 5})
            ),
            json!({"type": "number", "exclusiveMinimum": true, "minimum": 0, "maximum": 5})
        );
        // A boolean one (3.0 written in a 3.1 document) is left as written.
        assert_eq!(
            v31(json!({"minimum": 1, "exclusiveMinimum": true})),
            json!({"minimum": 1, "exclusiveMinimum": true})
        );
    }

    #[test]
    fn content_encoding_becomes_a_format() {
        assert_eq!(
            v31(json!({"type": "string", "contentEncoding": "base64"})),
            json!({"type": "string", "format": "byte"})
        );
        assert_eq!(
            v31(json!({"type": "string", "contentMediaType": "image/png"})),
            json!({"type": "string", "format": "binary"})
        );
    }

    #[test]
    fn a_ref_with_type_changing_siblings_becomes_an_all_of() {
        assert_eq!(
            v31(
                json!({"$ref": "#/components/schemas/A", "type": ["object", "null"], "description": "d"})
            ),
            json!({"nullable": true, "type": "object", "description": "d",
                   "allOf": [{"$ref": "#/components/schemas/A"}]})
        );
        assert_eq!(
            v31(json!({"$ref": "#/components/schemas/A", "description": "d"})),
            json!({"$ref": "#/components/schemas/A", "description": "d"})
        );
    }

    #[test]
    fn boolean_schemas_and_subschemas_are_normalized() {
        assert_eq!(
            v31(json!({"properties": {"a": true, "b": {"const": 1}}, "items": false})),
            json!({"properties": {"a": {}, "b": {"type": "integer", "enum": [1]}}, "items": {"not": {}}})
        );
    }

    #[test]
    fn inexpressible_keywords_loosen_the_type_with_one_note_per_kind() {
        let (schema, notes) = run(
            Dialect::V31,
            json!({"properties": {
                "a": {"type": "array", "prefixItems": [{"type": "string"}]},
                "b": {"if": {}, "then": {}, "$comment": "c"}
            }}),
        );
        assert_eq!(
            schema,
            json!({"properties": {"a": {"type": "array", "items": {}}, "b": {}}})
        );
        let found: Vec<(Severity, &str)> = notes
            .iter()
            .map(|d| (d.severity, d.pointer.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                (Severity::Note, "#/s/properties/a/prefixItems"),
                (Severity::Note, "#/s/properties/b/if"),
                (Severity::Note, "#/s/properties/b/then"),
            ]
        );
    }

    #[test]
    fn swagger_2_spellings() {
        assert_eq!(
            run(
                Dialect::Swagger2,
                json!({"x-nullable": true, "type": "file", "discriminator": "kind"})
            )
            .0,
            json!({"nullable": true, "type": "string", "format": "binary",
                   "discriminator": {"propertyName": "kind"}})
        );
    }

    #[test]
    fn a_type_list_of_non_strings_is_an_error_at_the_list() {
        let (_, found) = run(Dialect::V31, json!({"type": ["string", 3]}));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].severity, Severity::Error);
        assert_eq!(found[0].pointer, "#/s/type");
    }
}
