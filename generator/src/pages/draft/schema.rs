//! Schemas of a draft: the docs' types (specs/README.md "Types"), the values, ranges and
//! defaults a row states, time formats, and nested objects as named components.

use heck::ToUpperCamelCase;
use serde_json::{Map, Number, Value, json};

use super::{differs, schema_ref, todo};
use crate::pages::model::{Constraints, DocType, Field, TypeKind};

/// The draft's `components`: named schemas in the order they were first needed.
#[derive(Default)]
pub(crate) struct Components {
    schemas: Map<String, Value>,
}

impl Components {
    /// Registers `schema` under `base` (or `base2`, `base3`, ... when `base` names a
    /// different schema) and returns the name; an equal schema already registered under
    /// one of those names is reused, so a table that two fields point to is one component.
    pub(crate) fn add(&mut self, base: &str, schema: Value) -> String {
        let base = if base.is_empty() { "Object" } else { base };
        for counter in 1usize.. {
            let name = if counter == 1 {
                base.to_owned()
            } else {
                format!("{base}{counter}")
            };
            match self.schemas.get(&name) {
                Some(existing) if *existing == schema => return name,
                Some(_) => {}
                None => {
                    self.schemas.insert(name.clone(), schema);
                    return name;
                }
            }
        }
        // `1usize..` only ends at usize::MAX, after which every name has been tried.
        base.to_owned()
    }

    /// `components` with the `iam_token` scheme and the schemas.
    pub(crate) fn into_value(self) -> Value {
        json!({
            "securitySchemes": {
                "iam_token": { "type": "apiKey", "in": "header", "name": "X-Auth-Token" }
            },
            "schemas": Value::Object(self.schemas),
        })
    }

    /// The schema of a body (request or response) with `fields` at its top level, registered
    /// as `name`; `samples` are the example bodies it describes.
    pub(crate) fn body(
        &mut self,
        name: &str,
        description: &str,
        fields: &[Field],
        samples: &[&Value],
        request: bool,
    ) -> String {
        let schema = self.object(description, fields, samples, request);
        self.add(name, schema)
    }

    /// An object schema with a property per field.
    fn object(
        &mut self,
        description: &str,
        fields: &[Field],
        samples: &[&Value],
        request: bool,
    ) -> Value {
        let mut schema = Map::new();
        schema.insert("type".into(), json!("object"));
        if !description.is_empty() {
            schema.insert("description".into(), json!(description));
        }
        let required: Vec<Value> = fields
            .iter()
            .filter(|field| request && field.required == Some(true))
            .map(|field| json!(field.name))
            .collect();
        if !required.is_empty() {
            schema.insert("required".into(), Value::Array(required));
        }
        let mut properties = Map::new();
        for field in fields {
            let values = children(samples, &field.name);
            properties.insert(field.name.clone(), self.field(field, &values, request));
        }
        schema.insert("properties".into(), Value::Object(properties));
        for name in unlisted_keys(samples, fields) {
            todo(
                &mut schema,
                format!("the page's example has the field {name:?}, which no table lists"),
            );
        }
        Value::Object(schema)
    }

    /// The schema of one field: a `$ref` for objects with a table, else an inline schema.
    fn field(&mut self, field: &Field, samples: &[&Value], request: bool) -> Value {
        match &field.ty.kind {
            TypeKind::Array(item) => {
                let items: Vec<&Value> = samples
                    .iter()
                    .flat_map(|sample| match sample {
                        Value::Array(items) => items.iter().collect(),
                        _ => Vec::new(),
                    })
                    .collect();
                let item_schema = if field.fields.is_empty() {
                    match item.as_deref() {
                        Some(kind) if scalar(kind).is_some() => {
                            inline_scalar(kind, &field.constraints, "", &items)
                        }
                        _ => {
                            let mut any = Map::new();
                            todo(
                                &mut any,
                                format!(
                                    "the page gives the type {:?} and no table for its items: \
                                     say what they are",
                                    field.ty.raw
                                ),
                            );
                            Value::Object(any)
                        }
                    }
                } else {
                    let name = object_name(&field.ty, &field.name, true);
                    let object = self.object(&field.description, &field.fields, &items, request);
                    schema_ref(&self.add(&name, object))
                };
                let mut schema = Map::new();
                schema.insert("type".into(), json!("array"));
                describe(&mut schema, &field.description);
                schema.insert("items".into(), item_schema);
                nullable(&mut schema, samples);
                Value::Object(schema)
            }
            _ if !field.fields.is_empty() => {
                let name = object_name(&field.ty, &field.name, false);
                let object = self.object(&field.description, &field.fields, samples, request);
                let name = self.add(&name, object);
                if !matches!(field.ty.kind, TypeKind::Object) {
                    // A `$ref` takes no siblings (OpenAPI 3.0): the note goes on the component.
                    if let Some(Value::Object(component)) = self.schemas.get_mut(&name) {
                        todo(component, unknown_type_note(&field.ty));
                    }
                }
                schema_ref(&name)
            }
            TypeKind::Object => {
                let mut schema = Map::new();
                schema.insert("type".into(), json!("object"));
                describe(&mut schema, &field.description);
                nullable(&mut schema, samples);
                todo(
                    &mut schema,
                    "the page gives the type Object and no table of its fields: list them",
                );
                Value::Object(schema)
            }
            TypeKind::Unknown(_) => {
                let mut schema = Map::new();
                describe(&mut schema, &field.description);
                todo(&mut schema, unknown_type_note(&field.ty));
                Value::Object(schema)
            }
            kind => inline_scalar(kind, &field.constraints, &field.description, samples),
        }
    }
}

fn unknown_type_note(ty: &DocType) -> String {
    format!(
        "the page's type {:?} is not one of the docs' type words (specs/README.md \"Types\"): \
         give the type",
        ty.raw
    )
}

/// A scalar schema with the row's values, range, default, time format and nullability.
pub(crate) fn inline_scalar(
    kind: &TypeKind,
    constraints: &Constraints,
    description: &str,
    samples: &[&Value],
) -> Value {
    let mut schema = scalar(kind).unwrap_or_default();
    if *kind == TypeKind::String && constraints.values.is_empty() {
        if let Some(format) = time_format(description, samples) {
            schema.insert("format".into(), json!(format));
        }
    }
    describe(&mut schema, description);
    apply_constraints(&mut schema, constraints);
    nullable(&mut schema, samples);
    Value::Object(schema)
}

/// `type` and `format` of a scalar type word; `None` for objects, arrays and unknown words.
pub(crate) fn scalar(kind: &TypeKind) -> Option<Map<String, Value>> {
    let (ty, format) = match kind {
        TypeKind::String => ("string", None),
        TypeKind::Integer => ("integer", Some("int32")),
        TypeKind::Long => ("integer", Some("int64")),
        TypeKind::Float => ("number", Some("float")),
        TypeKind::Double => ("number", Some("double")),
        TypeKind::Number => ("number", None),
        TypeKind::Boolean => ("boolean", None),
        TypeKind::Object | TypeKind::Array(_) | TypeKind::Unknown(_) => return None,
    };
    let mut schema = Map::new();
    schema.insert("type".into(), json!(ty));
    if let Some(format) = format {
        schema.insert("format".into(), json!(format));
    }
    Some(schema)
}

/// Adds `enum`, `minimum`/`maximum`, `minLength`/`maxLength` and `default`, each typed as
/// the schema's `type`. A value that is not of that type is left out, with a note saying so
/// and an `x-hwc-doc-differs` entry (specs/README.md) acknowledging the difference this
/// makes to the page, so that the draft checks clean against it.
pub(crate) fn apply_constraints(schema: &mut Map<String, Value>, constraints: &Constraints) {
    let ty = schema
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or("string")
        .to_owned();
    let mut values = Vec::new();
    for value in &constraints.values {
        match typed(&ty, &value.value) {
            Some(typed) if !values.contains(&typed) => values.push(typed),
            Some(_) => {}
            None => {
                let reason = format!(
                    "The page lists the value {:?}, which is not a {ty}.",
                    value.value
                );
                todo(schema, format!("{reason} Fix the type or the values."));
                differs(schema, "value-missing", Some(&value.value), reason);
            }
        }
    }
    if !values.is_empty() {
        schema.insert("enum".into(), Value::Array(values));
    }
    let numeric = ty == "integer" || ty == "number";
    let mut left_out = Vec::new();
    for (key, bound) in [
        ("minimum", &constraints.minimum),
        ("maximum", &constraints.maximum),
    ] {
        let Some(bound) = bound else { continue };
        match number(&ty, bound.value) {
            Some(value) if numeric => {
                schema.insert(key.into(), value);
            }
            _ => left_out.push(format!("the {key} {}", bound.value)),
        }
    }
    if !left_out.is_empty() {
        let reason = format!(
            "The page states {} for a {ty}; a {ty} schema has no such bound.",
            left_out.join(" and ")
        );
        todo(
            schema,
            format!("{reason} Change the type, or keep the range in the description."),
        );
        differs(schema, "range-differs", None, reason);
    }
    for (key, bound) in [
        ("minLength", &constraints.min_length),
        ("maxLength", &constraints.max_length),
    ] {
        if let Some(bound) = bound {
            schema.insert(key.into(), json!(bound.value));
        }
    }
    if let Some(default) = &constraints.default {
        match typed(&ty, &default.value) {
            Some(value) => {
                schema.insert("default".into(), value);
            }
            None => {
                let reason = format!("The page's default {:?} is not a {ty}.", default.value);
                todo(schema, format!("{reason} Give the default as a {ty}."));
                differs(schema, "default-differs", None, reason);
            }
        }
    }
}

/// `text` as a value of OpenAPI type `ty`.
pub(crate) fn typed(ty: &str, text: &str) -> Option<Value> {
    let text = text.trim();
    match ty {
        "integer" => text.parse::<i64>().ok().map(Value::from),
        "number" => text
            .parse::<f64>()
            .ok()
            .and_then(Number::from_f64)
            .map(|number| match text.parse::<i64>() {
                Ok(integer) => Value::from(integer),
                Err(_) => Value::Number(number),
            }),
        "boolean" => match text.to_ascii_lowercase().as_str() {
            "true" => Some(Value::Bool(true)),
            "false" => Some(Value::Bool(false)),
            _ => None,
        },
        _ => Some(Value::String(text.to_owned())),
    }
}

/// A bound as an integer for integer schemas (openapiv3 reads integer bounds as `i64`).
fn number(ty: &str, value: f64) -> Option<Value> {
    if ty == "integer" {
        let integer = value as i64;
        (integer as f64 == value).then(|| Value::from(integer))
    } else {
        Number::from_f64(value).map(Value::Number)
    }
}

/// The time format of a string (specs/README.md "Time formats"): from the pattern the
/// description states, else from the example values when they all have one shape.
fn time_format(description: &str, samples: &[&Value]) -> Option<&'static str> {
    let lower = description.to_ascii_lowercase();
    if lower.contains("yyyy-mm-ddthh:mm:ssz") {
        return Some("hwc-date-time");
    }
    if lower.contains("yyyymmddhhmmss") {
        return Some("hwc-compact-date-time");
    }
    if lower.contains("rfc 3339") || lower.contains("rfc3339") {
        return Some("date-time");
    }
    let strings: Vec<&str> = samples.iter().filter_map(|value| value.as_str()).collect();
    if strings.is_empty() || strings.len() != samples.iter().filter(|v| !v.is_null()).count() {
        return None;
    }
    let shapes: Vec<Option<&'static str>> = strings.iter().map(|text| time_shape(text)).collect();
    match shapes.first() {
        Some(Some(first)) if shapes.iter().all(|shape| *shape == Some(*first)) => Some(*first),
        _ => None,
    }
}

/// `2019-05-10T08:31:16.166Z` -> date-time, `2018-08-06T10:41:14+0800` -> hwc-date-time.
fn time_shape(text: &str) -> Option<&'static str> {
    let bytes = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| {
        bytes
            .get(range)
            .is_some_and(|part| part.iter().all(u8::is_ascii_digit))
    };
    let at = |index: usize, byte: u8| bytes.get(index) == Some(&byte);
    let date_time = digits(0..4)
        && at(4, b'-')
        && digits(5..7)
        && at(7, b'-')
        && digits(8..10)
        && at(10, b'T')
        && digits(11..13)
        && at(13, b':')
        && digits(14..16)
        && at(16, b':')
        && digits(17..19);
    if !date_time {
        return None;
    }
    let mut rest = text.get(19..)?;
    if let Some(fraction) = rest.strip_prefix('.') {
        let end = fraction
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(fraction.len());
        rest = fraction.get(end..)?;
    }
    let offset = rest.strip_prefix(['+', '-']);
    match (rest, offset) {
        ("Z", _) => Some("date-time"),
        (_, Some(offset)) if offset.len() == 5 && offset.as_bytes().get(2) == Some(&b':') => {
            Some("date-time")
        }
        (_, Some(offset)) if offset.len() == 4 && offset.bytes().all(|b| b.is_ascii_digit()) => {
            Some("hwc-date-time")
        }
        _ => None,
    }
}

fn describe(schema: &mut Map<String, Value>, description: &str) {
    if !description.is_empty() {
        schema.insert("description".into(), json!(description));
    }
}

/// `nullable: true` when an example gives the field as `null` (specs/README.md "Types").
fn nullable(schema: &mut Map<String, Value>, samples: &[&Value]) {
    if samples.iter().any(|value| value.is_null()) {
        schema.insert("nullable".into(), json!(true));
    }
}

/// The values of field `name` in the sample objects (arrays of objects looked through).
pub(crate) fn children<'a>(samples: &[&'a Value], name: &str) -> Vec<&'a Value> {
    samples
        .iter()
        .flat_map(|sample| match sample {
            Value::Object(object) => object.get(name).into_iter().collect::<Vec<_>>(),
            Value::Array(items) => items
                .iter()
                .filter_map(|item| item.as_object().and_then(|object| object.get(name)))
                .collect(),
            _ => Vec::new(),
        })
        .collect()
}

/// Keys of the sample objects that no field names, in example order.
fn unlisted_keys<'a>(samples: &[&'a Value], fields: &[Field]) -> Vec<&'a str> {
    let mut keys: Vec<&str> = Vec::new();
    let objects = samples.iter().flat_map(|sample| match sample {
        Value::Object(object) => vec![object],
        Value::Array(items) => items.iter().filter_map(Value::as_object).collect(),
        _ => Vec::new(),
    });
    for object in objects {
        for key in object.keys() {
            if !fields.iter().any(|field| field.name == *key) && !keys.contains(&key.as_str()) {
                keys.push(key);
            }
        }
    }
    keys
}

/// A component name for a field's object: the name the type cell gives (`Array of
/// IncrementalBackups objects` -> `IncrementalBackups`), else the field's name in
/// UpperCamelCase, singular for the items of an array (`databases` -> `Database`).
fn object_name(ty: &DocType, field: &str, items: bool) -> String {
    let words: Vec<&str> = ty.raw.split_whitespace().collect();
    let named = match words.as_slice() {
        ["Array", "of", name, "objects" | "object"] | [name, "object" | "objects"] => Some(*name),
        _ => None,
    }
    .filter(|name| {
        !matches!(
            name.to_ascii_lowercase().as_str(),
            "array" | "object" | "objects" | "an" | "a"
        )
    });
    if let Some(name) = named {
        return name.to_upper_camel_case();
    }
    let name = field.to_upper_camel_case();
    if !items {
        return name;
    }
    if let Some(stem) = name.strip_suffix("ies") {
        format!("{stem}y")
    } else if name.ends_with("ss") || name.len() < 3 {
        name
    } else {
        name.strip_suffix('s').map_or(name.clone(), str::to_owned)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_shapes_follow_the_readme_table() {
        assert_eq!(time_shape("2019-05-10T08:31:16.166Z"), Some("date-time"));
        assert_eq!(time_shape("2019-05-10T08:31:16+08:00"), Some("date-time"));
        assert_eq!(
            time_shape("2018-08-06T10:41:14+0800"),
            Some("hwc-date-time")
        );
        assert_eq!(time_shape("2016-09-12T01:17:05"), None);
        assert_eq!(time_shape("20170718235959"), None);
    }

    #[test]
    fn object_names_come_from_the_type_cell_or_the_field() {
        let ty = |raw: &str| DocType {
            raw: raw.into(),
            kind: TypeKind::Object,
        };
        assert_eq!(
            object_name(&ty("Array of IncrementalBackups objects"), "backups", true),
            "IncrementalBackups"
        );
        assert_eq!(
            object_name(&ty("Array of objects"), "databases", true),
            "Database"
        );
        assert_eq!(
            object_name(&ty("Array of objects"), "policies", true),
            "Policy"
        );
        assert_eq!(
            object_name(&ty("Object"), "backup_strategy", false),
            "BackupStrategy"
        );
    }

    #[test]
    fn components_reuse_equal_schemas_and_number_different_ones() {
        let mut components = Components::default();
        assert_eq!(components.add("Error", json!({"a": 1})), "Error");
        assert_eq!(components.add("Error", json!({"a": 1})), "Error");
        assert_eq!(components.add("Error", json!({"a": 2})), "Error2");
        assert_eq!(components.add("Error", json!({"a": 2})), "Error2");
    }

    fn at<T>(value: T) -> Option<crate::pages::model::Located<T>> {
        Some(crate::pages::model::Located { value, line: 1 })
    }

    #[test]
    fn what_the_type_cannot_hold_is_left_out_noted_and_acknowledged() {
        // The port row of the openGauss restore page: a String "ranging from 1024 to 39998".
        let port = Constraints {
            minimum: at(1024.0),
            maximum: at(39998.0),
            default: at("8000".to_owned()),
            ..Constraints::default()
        };
        let schema = inline_scalar(&TypeKind::String, &port, "", &[]);
        assert_eq!(schema["default"], json!("8000"));
        assert!(schema.get("minimum").is_none() && schema.get("maximum").is_none());
        let reason = schema["x-hwc-doc-differs"]["range-differs"].as_str();
        assert!(reason.is_some_and(|r| r.contains("1024") && r.contains("39998")));
        assert!(schema["x-hwc-todo"].is_string());

        let switch = Constraints {
            default: at("false:".to_owned()),
            values: vec![crate::pages::model::EnumValue {
                value: "maybe".into(),
                meaning: None,
                line: 1,
            }],
            ..Constraints::default()
        };
        let schema = inline_scalar(&TypeKind::Boolean, &switch, "", &[]);
        assert!(schema.get("default").is_none() && schema.get("enum").is_none());
        assert!(schema["x-hwc-doc-differs"]["default-differs"].is_string());
        assert!(schema["x-hwc-doc-differs"]["value-missing"]["maybe"].is_string());
        assert_eq!(schema["x-hwc-todo"].as_array().map(Vec::len), Some(2));
    }

    #[test]
    fn values_are_typed_as_the_schema() {
        assert_eq!(typed("integer", "10"), Some(json!(10)));
        assert_eq!(typed("integer", "ten"), None);
        assert_eq!(typed("number", "0.5"), Some(json!(0.5)));
        assert_eq!(typed("boolean", "True"), Some(json!(true)));
        assert_eq!(typed("string", "10"), Some(json!("10")));
    }
}
