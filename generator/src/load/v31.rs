//! OpenAPI 3.1 -> the OpenAPI 3.0 shape `openapiv3` reads, in place.
//!
//! Design: `openapiv3` stays the one model the pipeline reads (`lower` never learns a
//! second one), so a 3.1 document is rewritten before it is decoded: the document-level
//! additions here (webhooks, `components/pathItems`, `$defs`, optional `paths`,
//! `mutualTLS`), every schema by [`super::schema::normalize`]. Pointers stay those of the
//! document as written, except for what moves (a hoisted `$defs` entry, an inlined path
//! item), which [`Origin`] records.

use serde_json::{Map, Value};

use super::origin::Origin;
use super::report::Report;
use super::schema::{Dialect, normalize};
use crate::diagnostic::{escape_segment, pointer};

/// At most this many `$defs` maps are hoisted (each pass walks the document).
const MAX_DEFS_MAPS: usize = 1000;

/// How many `$ref`s from a path item to another one are followed.
const MAX_PATH_ITEM_REFS: usize = 8;

/// Converts a 3.1 `document` in place.
pub(crate) fn convert(document: &mut Value, origin: &mut Origin, report: &mut Report<'_>) {
    let Value::Object(root) = document else {
        return;
    };
    if let Some(webhooks) = root.remove("webhooks") {
        let count = webhooks.as_object().map_or(0, Map::len);
        report.note(
            "webhooks",
            "#/webhooks",
            format!(
                "{count} webhook(s) skipped: they are requests the API sends, and a client \
                 only sends requests"
            ),
        );
    }
    // 3.1 made `paths` optional (a webhooks-only document); 3.0 requires it.
    root.entry("paths")
        .or_insert_with(|| Value::Object(Map::new()));
    drop_mutual_tls(root, report);
    inline_path_items(root, origin, report);
    hoist_defs(document, origin, report);
    normalize_schemas(document, "#", report);
}

/// `mutualTLS` has no 3.0 counterpart: the scheme is dropped with a note (the client
/// certificate goes on the user's own `reqwest::Client`).
fn drop_mutual_tls(root: &mut Map<String, Value>, report: &mut Report<'_>) {
    let Some(Value::Object(schemes)) = root
        .get_mut("components")
        .and_then(|c| c.get_mut("securitySchemes"))
    else {
        return;
    };
    let names: Vec<String> = schemes
        .iter()
        .filter(|(_, scheme)| scheme.get("type").and_then(Value::as_str) == Some("mutualTLS"))
        .map(|(name, _)| name.clone())
        .collect();
    for name in names {
        schemes.remove(&name);
        report.note(
            "mutualTLS",
            &pointer("#/components/securitySchemes", &[&name]),
            "the `mutualTLS` security scheme is skipped: give the client certificate to \
             your own `reqwest::Client` (see the README's escape hatches)",
        );
    }
}

/// Each path item that is a `$ref` to `components/pathItems` becomes the item it names
/// (its own `summary`/`description` win), and `components/pathItems` goes away.
fn inline_path_items(root: &mut Map<String, Value>, origin: &mut Origin, report: &mut Report<'_>) {
    let items = root
        .get_mut("components")
        .and_then(Value::as_object_mut)
        .and_then(|components| components.remove("pathItems"))
        .unwrap_or(Value::Null);
    let Some(Value::Object(paths)) = root.get_mut("paths") else {
        return;
    };
    for (route, item) in paths.iter_mut() {
        let at = pointer("#/paths", &[route]);
        for _ in 0..MAX_PATH_ITEM_REFS {
            let Some(reference) = item.get("$ref").and_then(Value::as_str) else {
                break;
            };
            let Some(name) = reference.strip_prefix("#/components/pathItems/") else {
                break;
            };
            let name = name.replace("~1", "/").replace("~0", "~");
            let Some(Value::Object(target)) = items.get(&name) else {
                report.error(
                    &pointer(&at, &["$ref"]),
                    format!("`$ref` {reference:?} points nowhere"),
                );
                break;
            };
            let mut merged = target.clone();
            if let Value::Object(own) = item {
                for (key, value) in own.iter().filter(|(key, _)| *key != "$ref") {
                    merged.insert(key.clone(), value.clone());
                }
            }
            origin.record(at.clone(), pointer("#/components/pathItems", &[&name]));
            *item = Value::Object(merged);
        }
    }
}

/// The keywords that hold named subschemas inside a schema: 2020-12's `$defs` and the
/// `definitions` of earlier drafts (which real 3.1 documents still `$ref` into).
const DEFS_KEYWORDS: &[&str] = &["$defs", "definitions"];

/// Moves every `$defs` (or `definitions`) entry to `components/schemas` (where `lower`
/// looks for named schemas), under its own name or, when taken, that name with a number,
/// and points every `$ref` at the new place.
fn hoist_defs(document: &mut Value, origin: &mut Origin, report: &mut Report<'_>) {
    for _ in 0..MAX_DEFS_MAPS {
        let Some((host, keyword)) = find_defs(document, "#") else {
            return;
        };
        let defs = document
            .pointer_mut(host.trim_start_matches('#'))
            .and_then(Value::as_object_mut)
            .and_then(|map| map.remove(keyword));
        let Some(Value::Object(defs)) = defs else {
            return;
        };
        for (name, schema) in defs {
            let old = pointer(&host, &[keyword, &name]);
            let Some(schemas) = component_schemas(document) else {
                report.error("#/components", "`components` must be an object");
                return;
            };
            let mut free = name.clone();
            let mut counter = 1;
            while schemas.contains_key(&free) {
                counter += 1;
                free = format!("{name}{counter}");
            }
            schemas.insert(free.clone(), schema);
            let new = pointer("#/components/schemas", &[&free]);
            origin.record(new.clone(), origin.original(&old));
            retarget_refs(document, &old, &new);
        }
    }
    report.note(
        "defs",
        "#",
        format!("more than {MAX_DEFS_MAPS} `$defs` maps: the rest are not read"),
    );
}

/// The pointer of the first object (depth first) holding a `$defs` (or `definitions`)
/// map, and which of the two.
fn find_defs(value: &Value, at: &str) -> Option<(String, &'static str)> {
    match value {
        Value::Object(map) => {
            // A property named `definitions` is not a definitions map.
            let in_properties = at.ends_with("/properties");
            let keyword = DEFS_KEYWORDS
                .iter()
                .find(|keyword| !in_properties && map.get(**keyword).is_some_and(Value::is_object));
            if let Some(keyword) = keyword {
                return Some((at.to_owned(), keyword));
            }
            map.iter()
                .filter(|(key, _)| is_structure(key))
                .find_map(|(key, item)| find_defs(item, &format!("{at}/{}", escape_segment(key))))
        }
        Value::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(index, item)| find_defs(item, &format!("{at}/{index}"))),
        _ => None,
    }
}

/// `components/schemas`, created when missing; `None` when `components` is not an object.
fn component_schemas(document: &mut Value) -> Option<&mut Map<String, Value>> {
    let root = document.as_object_mut()?;
    let components = root
        .entry("components")
        .or_insert_with(|| Value::Object(Map::new()))
        .as_object_mut()?;
    let schemas = components
        .entry("schemas")
        .or_insert_with(|| Value::Object(Map::new()));
    if !schemas.is_object() {
        *schemas = Value::Object(Map::new());
    }
    schemas.as_object_mut()
}

/// Every `$ref` to `old` (or into it) now points to `new`.
pub(crate) fn retarget_refs(value: &mut Value, old: &str, new: &str) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(reference)) = map.get_mut("$ref") {
                if let Some(rest) = reference.strip_prefix(old) {
                    if rest.is_empty() || rest.starts_with('/') {
                        *reference = format!("{new}{rest}");
                    }
                }
            }
            for item in map.values_mut() {
                retarget_refs(item, old, new);
            }
        }
        Value::Array(items) => {
            for item in items {
                retarget_refs(item, old, new);
            }
        }
        _ => {}
    }
}

/// Keys whose values are OpenAPI structure (not extensions, not example data).
fn is_structure(key: &str) -> bool {
    !key.starts_with("x-") && !super::DATA_KEYS.contains(&key)
}

/// Normalizes every schema of the document: each `schema` value and each entry of
/// `components/schemas`.
fn normalize_schemas(value: &mut Value, at: &str, report: &mut Report<'_>) {
    match value {
        Value::Object(map) => {
            for (key, item) in map.iter_mut().filter(|(key, _)| is_structure(key)) {
                let item_at = pointer(at, &[key]);
                if key == "schema" {
                    normalize(item, &item_at, Dialect::V31, report);
                } else if key == "schemas" && at == "#/components" {
                    for (name, schema) in item.as_object_mut().into_iter().flatten() {
                        normalize(schema, &pointer(&item_at, &[name]), Dialect::V31, report);
                    }
                } else {
                    normalize_schemas(item, &item_at, report);
                }
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter_mut().enumerate() {
                normalize_schemas(item, &format!("{at}/{index}"), report);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use serde_json::json;

    use super::*;
    use crate::diagnostic::{Diagnostic, Severity};

    fn run(mut document: Value) -> (Value, Origin, Vec<Diagnostic>) {
        let mut origin = Origin::default();
        let mut report = Report::new(Path::new("s.yaml"));
        convert(&mut document, &mut origin, &mut report);
        (document, origin, report.finish())
    }

    #[test]
    fn webhooks_are_skipped_with_a_note_and_paths_become_optional() {
        let (document, _, found) = run(json!({
            "openapi": "3.1.0",
            "webhooks": {"newPet": {"post": {}}, "oldPet": {"post": {}}}
        }));
        assert_eq!(document, json!({"openapi": "3.1.0", "paths": {}}));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].severity, Severity::Note);
        assert_eq!(found[0].pointer, "#/webhooks");
        assert!(
            found[0].message.starts_with("2 webhook(s) skipped"),
            "{}",
            found[0]
        );
    }

    #[test]
    fn path_item_refs_are_inlined_and_located_where_written() {
        let (document, origin, found) = run(json!({
            "paths": {"/pets": {"$ref": "#/components/pathItems/Pets", "summary": "own"}},
            "components": {"pathItems": {"Pets": {"summary": "shared", "get": {"responses": {}}}}}
        }));
        assert!(found.is_empty(), "{found:?}");
        assert_eq!(
            document,
            json!({
                "paths": {"/pets": {"summary": "own", "get": {"responses": {}}}},
                "components": {}
            })
        );
        assert_eq!(
            origin.original("#/paths/~1pets/get/responses"),
            "#/components/pathItems/Pets/get/responses"
        );
    }

    #[test]
    fn defs_are_hoisted_to_components_and_refs_follow() {
        let (document, origin, _) = run(json!({
            "paths": {},
            "components": {"schemas": {
                "Pet": {
                    "properties": {"tag": {"$ref": "#/components/schemas/Pet/$defs/Tag"}},
                    "$defs": {"Tag": {"type": "string"}, "Pet": {"const": 1}}
                }
            }}
        }));
        assert_eq!(
            document["components"]["schemas"],
            json!({
                "Pet": {"properties": {"tag": {"$ref": "#/components/schemas/Tag"}}},
                "Tag": {"type": "string"},
                "Pet2": {"type": "integer", "enum": [1]}
            })
        );
        assert_eq!(
            origin.original("#/components/schemas/Pet2"),
            "#/components/schemas/Pet/$defs/Pet"
        );
    }

    #[test]
    fn mutual_tls_is_dropped_with_a_note() {
        let (document, _, found) = run(json!({
            "paths": {},
            "components": {"securitySchemes": {
                "tls": {"type": "mutualTLS"},
                "key": {"type": "apiKey", "in": "header", "name": "k"}
            }}
        }));
        assert_eq!(
            document["components"]["securitySchemes"],
            json!({"key": {"type": "apiKey", "in": "header", "name": "k"}})
        );
        assert_eq!(found[0].pointer, "#/components/securitySchemes/tls");
    }

    #[test]
    fn schemas_are_normalized_but_examples_are_not() {
        let (document, _, _) = run(json!({
            "paths": {"/a": {"get": {"parameters": [{
                "name": "q", "in": "query",
                "schema": {"type": ["string", "null"]},
                "examples": {"e": {"value": {"type": ["x"]}}}
            }]}}}
        }));
        let parameter = &document["paths"]["/a"]["get"]["parameters"][0];
        assert_eq!(
            parameter["schema"],
            json!({"type": "string", "nullable": true})
        );
        assert_eq!(parameter["examples"]["e"]["value"], json!({"type": ["x"]}));
    }
}
