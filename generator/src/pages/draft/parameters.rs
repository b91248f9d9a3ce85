//! Path, query and header parameters of a draft: types, values, ranges and defaults of each
//! row; examples from the page's example request lines; `x-hwc-requires` from "When X is not
//! empty, Y is mandatory". The `X-Auth-Token` row is the `iam_token` scheme, not a parameter.

use serde_json::{Map, Value, json};

use super::schema::{apply_constraints, inline_scalar, scalar, typed};
use super::todo;
use crate::pages::model::{Located, Operation, Parameter, ParameterIn, TypeKind};

/// The `parameters` list of `operation`.
pub(crate) fn parameters(operation: &Operation) -> Vec<Value> {
    let examples = request_line_values(&operation.path, &operation.request_lines);
    operation
        .parameters
        .iter()
        .filter(|parameter| {
            !(parameter.location == ParameterIn::Header
                && parameter.name.eq_ignore_ascii_case("X-Auth-Token"))
        })
        .map(|parameter| {
            let example = examples
                .iter()
                .find(|(location, name, _)| {
                    *location == parameter.location && *name == parameter.name
                })
                .map(|(_, _, value)| value.as_str());
            draft_parameter(parameter, operation, example)
        })
        .collect()
}

fn draft_parameter(parameter: &Parameter, operation: &Operation, example: Option<&str>) -> Value {
    let mut object = Map::new();
    object.insert("name".into(), json!(parameter.name));
    let location = match parameter.location {
        ParameterIn::Path => "path",
        ParameterIn::Query => "query",
        ParameterIn::Header => "header",
    };
    object.insert("in".into(), json!(location));
    let required = match (parameter.location, parameter.required) {
        (ParameterIn::Path, Some(false)) => {
            todo(
                &mut object,
                "the page marks this path parameter optional; a path parameter is always \
                 required",
            );
            true
        }
        (ParameterIn::Path, _) => true,
        (_, required) => required.unwrap_or(false),
    };
    object.insert("required".into(), json!(required));
    if !parameter.description.is_empty() {
        object.insert("description".into(), json!(parameter.description));
    }
    let (mut schema, mut notes) = parameter_schema(parameter);
    // Notes and acknowledgements belong to the parameter, the object `docs check` points at.
    match schema.remove("x-hwc-todo") {
        Some(Value::String(note)) => notes.push(note),
        Some(Value::Array(more)) => notes.extend(more.into_iter().filter_map(|note| match note {
            Value::String(note) => Some(note),
            _ => None,
        })),
        _ => {}
    }
    let acknowledged = schema.remove("x-hwc-doc-differs");
    let schema_type = schema
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or("string")
        .to_owned();
    object.insert("schema".into(), Value::Object(schema));
    if let Some(example) = example.and_then(|text| typed(&schema_type, text)) {
        object.insert("example".into(), example);
    }
    let requires = requires(parameter, operation);
    if !requires.is_empty() {
        object.insert("x-hwc-requires".into(), json!(requires));
    }
    for note in notes {
        todo(&mut object, note);
    }
    if let Some(acknowledged) = acknowledged {
        object.insert("x-hwc-doc-differs".into(), acknowledged);
    }
    Value::Object(object)
}

/// The schema of a parameter, and notes where its type is a guess.
fn parameter_schema(parameter: &Parameter) -> (Map<String, Value>, Vec<String>) {
    let mut notes = Vec::new();
    let constraints = &parameter.constraints;
    let schema = match parameter.ty.as_ref().map(|ty| &ty.kind) {
        Some(TypeKind::Array(item)) => {
            let items = match item.as_deref() {
                Some(kind) if scalar(kind).is_some() => inline_scalar(kind, constraints, "", &[]),
                _ => {
                    notes.push("the page gives no item type for this array: string assumed".into());
                    json!({ "type": "string" })
                }
            };
            let mut schema = Map::new();
            schema.insert("type".into(), json!("array"));
            schema.insert("items".into(), items);
            schema
        }
        Some(kind) if scalar(kind).is_some() => {
            match inline_scalar(kind, constraints, &parameter.description, &[]) {
                Value::Object(mut schema) => {
                    // The description belongs to the parameter, not to its schema.
                    schema.remove("description");
                    schema
                }
                _ => Map::new(),
            }
        }
        Some(_) => {
            notes.push(format!(
                "the page's type {:?} cannot be a parameter's: string assumed",
                parameter.ty.as_ref().map_or("", |ty| ty.raw.as_str())
            ));
            string_schema(parameter)
        }
        None => {
            let integer = constraints.values.is_empty()
                && (constraints.minimum.is_some()
                    || constraints.maximum.is_some()
                    || constraints
                        .default
                        .as_ref()
                        .is_some_and(|default| default.value.trim().parse::<i64>().is_ok()));
            if integer {
                notes.push(
                    "the page gives no type: integer (int32) inferred from the stated range or \
                     default"
                        .into(),
                );
                let mut schema = scalar(&TypeKind::Integer).unwrap_or_default();
                apply_constraints(&mut schema, constraints);
                schema
            } else {
                notes.push("the page gives no type: string assumed".into());
                string_schema(parameter)
            }
        }
    };
    (schema, notes)
}

fn string_schema(parameter: &Parameter) -> Map<String, Value> {
    match inline_scalar(
        &TypeKind::String,
        &parameter.constraints,
        &parameter.description,
        &[],
    ) {
        Value::Object(mut schema) => {
            schema.remove("description");
            schema
        }
        _ => Map::new(),
    }
}

/// Other parameters of the operation this one's description says are mandatory with it
/// ("When begin_time is not empty, end_time is mandatory").
fn requires(parameter: &Parameter, operation: &Operation) -> Vec<String> {
    let description = parameter.description.as_str();
    operation
        .parameters
        .iter()
        .filter(|other| other.name != parameter.name)
        .filter(|other| {
            ["is mandatory", "is required", "must be specified"]
                .iter()
                .any(|phrase| description.contains(&format!("{} {phrase}", other.name)))
                && description.contains(&parameter.name)
        })
        .map(|other| other.name.clone())
        .collect()
}

/// Parameter values in the example request lines whose path fits `template`: path
/// segments by position, query pairs as written (placeholders such as `{start}` left out).
fn request_line_values(
    template: &str,
    lines: &[Located<String>],
) -> Vec<(ParameterIn, String, String)> {
    let mut values: Vec<(ParameterIn, String, String)> = Vec::new();
    let mut add = |location, name: &str, value: &str| {
        let placeholder = value.starts_with('{') || value.is_empty();
        if !placeholder && !values.iter().any(|(l, n, _)| *l == location && n == name) {
            values.push((location, name.to_owned(), value.to_owned()));
        }
    };
    for line in lines {
        // `GET https://host/path?query`, or the URL alone.
        let Some(url) = line
            .value
            .split_whitespace()
            .find(|token| token.contains("://") || token.starts_with('/'))
        else {
            continue;
        };
        let without_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
        let path_and_query = match without_scheme.find('/') {
            Some(start) if url.contains("://") => without_scheme.get(start..).unwrap_or(""),
            _ => without_scheme,
        };
        let (path, query) = path_and_query
            .split_once('?')
            .unwrap_or((path_and_query, ""));
        let segments: Vec<&str> = path.split('/').collect();
        let template_segments: Vec<&str> = template.split('/').collect();
        if segments.len() != template_segments.len() {
            continue;
        }
        let variables: Option<Vec<(&str, &str)>> = template_segments
            .iter()
            .zip(&segments)
            .filter_map(|(pattern, segment)| {
                match pattern.strip_prefix('{').and_then(|p| p.strip_suffix('}')) {
                    Some(name) => Some(Some((name, *segment))),
                    None if pattern == segment => None,
                    None => Some(None),
                }
            })
            .collect();
        let Some(variables) = variables else { continue };
        for (name, value) in variables {
            add(ParameterIn::Path, name, value);
        }
        for pair in query.split('&').filter(|pair| !pair.is_empty()) {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            add(ParameterIn::Query, name, value);
        }
    }
    values
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_lines_give_path_and_query_values() {
        let lines = vec![Located {
            value: "GET https://{Endpoint}/v3/0483/backups?instance_id=43e4&limit=10&start={start}"
                .to_owned(),
            line: 1,
        }];
        let values = request_line_values("/v3/{project_id}/backups", &lines);
        assert_eq!(
            values,
            vec![
                (ParameterIn::Path, "project_id".into(), "0483".into()),
                (ParameterIn::Query, "instance_id".into(), "43e4".into()),
                (ParameterIn::Query, "limit".into(), "10".into()),
            ]
        );
        let other = request_line_values("/v3/{project_id}/instances", &lines);
        assert!(other.is_empty());
    }

    #[test]
    fn request_lines_without_host_are_read_too() {
        let lines = vec![Located {
            value: "DELETE /v2/p1/instances/i1/backups/b1".to_owned(),
            line: 1,
        }];
        let values = request_line_values(
            "/v2/{project_id}/instances/{instance_id}/backups/{backup_id}",
            &lines,
        );
        assert_eq!(values.len(), 3);
    }
}
