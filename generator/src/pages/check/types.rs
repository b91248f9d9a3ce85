//! The page's type words against spec schemas, by the type table of specs/README.md:
//! String -> string (any format: the time formats are strings), Integer -> integer/int32,
//! Long -> integer/int64, Float -> number/float, Double -> number/double, Number -> number
//! without a format, Boolean -> boolean, Object -> an object schema (`$ref` or inline),
//! Array of X -> array whose items are X.

use serde_json::Value;

use super::spec::Spec;
use crate::diagnostic::Diagnostic;
use crate::pages::model::TypeKind;

/// How deep `Array of Array of ...` is followed.
const MAX_DEPTH: usize = 8;

/// Whether the schema at `at` is what the page's type means.
pub(super) fn matches(spec: &Spec, kind: &TypeKind, at: &str) -> Result<bool, Diagnostic> {
    matches_within(spec, kind, at, MAX_DEPTH)
}

fn matches_within(
    spec: &Spec,
    kind: &TypeKind,
    at: &str,
    depth: usize,
) -> Result<bool, Diagnostic> {
    let (at, schema) = spec.resolve(at)?;
    let ty = schema_type(schema);
    let format = schema.get("format").and_then(Value::as_str);
    let number = |wanted: Option<&str>| ty == Some("number") && format == wanted;
    Ok(match kind {
        TypeKind::String => ty == Some("string"),
        TypeKind::Integer => ty == Some("integer") && format == Some("int32"),
        TypeKind::Long => ty == Some("integer") && format == Some("int64"),
        TypeKind::Float => number(Some("float")),
        TypeKind::Double => number(Some("double")),
        TypeKind::Number => number(None),
        TypeKind::Boolean => ty == Some("boolean"),
        TypeKind::Object => ty == Some("object"),
        TypeKind::Array(items) => {
            ty == Some("array")
                && match items {
                    None => true,
                    Some(_) if depth == 0 => false,
                    Some(items) => matches_within(spec, items, &format!("{at}/items"), depth - 1)?,
                }
        }
        TypeKind::Unknown(_) => false,
    })
}

/// The schema's type: its `type`, or `object` for a schema with properties, `allOf` or
/// `additionalProperties` and no `type`.
pub(super) fn schema_type(schema: &Value) -> Option<&str> {
    schema.get("type").and_then(Value::as_str).or_else(|| {
        ["properties", "allOf", "additionalProperties"]
            .iter()
            .any(|key| schema.get(key).is_some())
            .then_some("object")
    })
}

/// The schema at `at` in the spec's words, for messages: `integer (int64)`,
/// `array of string (hwc-date-time)`, `object`.
pub(super) fn describe(spec: &Spec, at: &str) -> String {
    describe_within(spec, at, MAX_DEPTH)
}

fn describe_within(spec: &Spec, at: &str, depth: usize) -> String {
    let Ok((at, schema)) = spec.resolve(at) else {
        return "a dangling `$ref`".to_owned();
    };
    let ty = schema_type(schema).unwrap_or("any type");
    if ty == "array" && depth > 0 && schema.get("items").is_some() {
        return format!(
            "array of {}",
            describe_within(spec, &format!("{at}/items"), depth - 1)
        );
    }
    match schema.get("format").and_then(Value::as_str) {
        Some(format) => format!("{ty} ({format})"),
        None => ty.to_owned(),
    }
}
