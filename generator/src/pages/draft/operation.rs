//! One operation of a draft: its name, parameters, request body, responses by status
//! (errors with the shared `Error` schema, specs/README.md "Errors") and pagination.

use std::collections::BTreeSet;

use heck::{ToSnakeCase, ToUpperCamelCase};
use serde_json::{Map, Value, json};

use super::examples::examples_map;
use super::parameters::parameters;
use super::schema::Components;
use super::{schema_ref, todo};
use crate::pages::model::{Example, ExampleKind, Field, Operation, Response, TypeKind};

/// The operation object of `operation`; its `operationId` is made unique among `ids`.
pub(crate) fn draft_operation(
    operation: &Operation,
    components: &mut Components,
    ids: &mut BTreeSet<String>,
) -> Map<String, Value> {
    let id = unique_id(&operation_id(&operation.method, &operation.path), ids);
    let type_base = id.to_upper_camel_case();
    let mut object = Map::new();
    object.insert("operationId".into(), json!(id));
    if let Some(title) = &operation.title {
        object.insert("summary".into(), json!(title));
    }
    let parameters = parameters(operation);
    if !parameters.is_empty() {
        object.insert("parameters".into(), Value::Array(parameters));
    }
    if let Some(body) = request_body(operation, &type_base, components) {
        object.insert("requestBody".into(), body);
    }
    let (responses, paged_body, bodied_successes) = responses(operation, &type_base, components);
    let pagination = paged_body.and_then(|fields| pagination(operation, fields));
    if let (Some(pagination), true) = (&pagination, bodied_successes > 1) {
        // The generator pages an operation with one success body only (a bodiless 204
        // beside it is an empty page).
        todo(
            &mut object,
            format!(
                "the operation pages ({pagination}) but the page lists several success \
                 statuses with a body: keep one to add `x-hwc-pagination`"
            ),
        );
    } else if let Some(pagination) = pagination {
        object.insert("x-hwc-pagination".into(), pagination);
        if operation.parameters.iter().any(|p| p.name == "start") {
            todo(
                &mut object,
                "`start` is read as a record number counted from 1 (specs/README.md \
                 \"Pagination\"); check what the page says and set `start`/`unit`",
            );
        }
    }
    object.insert("responses".into(), Value::Object(responses));
    for example in operation.examples.iter().filter(|e| e.value.is_none()) {
        todo(
            &mut object,
            format!(
                "the example at line {} of the page is not JSON and was not copied",
                example.line
            ),
        );
    }
    object
}

/// A name from the method and the last literal path segment, as the specs name them:
/// `GET /v3/{project_id}/backups` -> `list_backups`, `DELETE .../backups/{backup_id}` ->
/// `delete_backup`.
fn operation_id(method: &str, path: &str) -> String {
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let item = segments.last().is_some_and(|s| s.starts_with('{'));
    let noun = segments
        .iter()
        .rev()
        .find(|s| !s.starts_with('{'))
        .map_or_else(|| "root".to_owned(), |s| s.to_snake_case());
    let verb = match (method.to_ascii_uppercase().as_str(), item) {
        ("GET", false) => "list",
        ("GET", true) => "show",
        ("POST", _) => "create",
        ("PUT", _) => "update",
        ("PATCH", _) => "patch",
        ("DELETE", _) => "delete",
        (other, _) => return format!("{}_{noun}", other.to_ascii_lowercase()),
    };
    let noun = if item || verb == "create" {
        singular(&noun)
    } else {
        noun
    };
    format!("{verb}_{noun}")
}

fn singular(noun: &str) -> String {
    if let Some(stem) = noun.strip_suffix("ies") {
        format!("{stem}y")
    } else if noun.ends_with("ss") {
        noun.to_owned()
    } else {
        noun.strip_suffix('s').unwrap_or(noun).to_owned()
    }
}

fn unique_id(base: &str, ids: &mut BTreeSet<String>) -> String {
    let mut id = base.to_owned();
    let mut counter = 1;
    while ids.contains(&id) {
        counter += 1;
        id = format!("{base}_{counter}");
    }
    ids.insert(id.clone());
    id
}

fn request_body(
    operation: &Operation,
    type_base: &str,
    components: &mut Components,
) -> Option<Value> {
    let examples: Vec<&Example> = operation
        .examples
        .iter()
        .filter(|e| e.kind == ExampleKind::Request)
        .collect();
    let samples: Vec<&Value> = examples.iter().filter_map(|e| e.value.as_ref()).collect();
    if operation.request_body.is_empty() && samples.is_empty() {
        return None;
    }
    let schema = if operation.request_body.is_empty() {
        untabled_body()
    } else {
        let name = components.body(
            &format!("{type_base}Request"),
            "Request body.",
            &operation.request_body,
            &samples,
            true,
        );
        schema_ref(&name)
    };
    let mut media = Map::new();
    media.insert("schema".into(), schema);
    let examples = examples_map(&examples);
    if !examples.is_empty() {
        media.insert("examples".into(), Value::Object(examples));
    }
    Some(json!({
        "required": true,
        "content": { "application/json": Value::Object(media) },
    }))
}

/// A body the page shows in an example but gives no table for.
fn untabled_body() -> Value {
    let mut schema = Map::new();
    schema.insert("type".into(), json!("object"));
    todo(
        &mut schema,
        "the page gives an example of this body but no table of its fields: list them",
    );
    Value::Object(schema)
}

/// What the page says about one status.
struct StatusEntry<'a> {
    key: String,
    table: Option<&'a Response>,
    examples: Vec<&'a Example>,
}

/// `responses` by status, the fields of the success body when there is one (for
/// pagination), and the number of success statuses with a body.
fn responses<'a>(
    operation: &'a Operation,
    type_base: &str,
    components: &mut Components,
) -> (Map<String, Value>, Option<&'a [Field]>, usize) {
    let entries = status_entries(operation);
    let mut responses = Map::new();
    let mut success_bodies: Vec<&[Field]> = Vec::new();
    let mut bodied_successes = 0;
    let mut has_error = false;
    for entry in &entries {
        let code = entry.key.parse::<u16>().ok();
        let error = code.is_some_and(|code| code >= 400);
        has_error |= error;
        let description = code
            .and_then(|code| {
                operation
                    .status_codes
                    .iter()
                    .find(|status| status.code == code)
                    .and_then(|status| status.description.clone())
            })
            .unwrap_or_else(|| match code {
                Some(code) => format!("Status code: {code}."),
                None => "Normal response (the page states no status code).".into(),
            });
        let mut response = Map::new();
        response.insert("description".into(), json!(description));
        let samples: Vec<&Value> = entry
            .examples
            .iter()
            .filter_map(|e| e.value.as_ref())
            .collect();
        let fields = entry.table.map_or(&[][..], |table| table.fields.as_slice());
        let schema = if error {
            Some(schema_ref(&error_schema(components, fields, &samples)))
        } else if !fields.is_empty() {
            let name = if success_bodies.is_empty() {
                format!("{type_base}Response")
            } else {
                format!("{type_base}Response{}", entry.key)
            };
            success_bodies.push(fields);
            let description = format!("Response body ({}).", response_label(&entry.key));
            Some(schema_ref(&components.body(
                &name,
                &description,
                fields,
                &samples,
                false,
            )))
        } else if !samples.is_empty() {
            Some(untabled_body())
        } else {
            None
        };
        bodied_successes += usize::from(!error && schema.is_some() && is_success(&entry.key));
        if let Some(schema) = schema {
            let mut media = Map::new();
            media.insert("schema".into(), schema);
            let examples = examples_map(&entry.examples);
            if !examples.is_empty() {
                media.insert("examples".into(), Value::Object(examples));
            }
            response.insert(
                "content".into(),
                json!({ "application/json": Value::Object(media) }),
            );
        }
        if entry.key == "2XX" {
            todo(
                &mut response,
                "the page gives no status code for the normal response: `2XX` until it does",
            );
        }
        responses.insert(entry.key.clone(), Value::Object(response));
    }
    if !has_error {
        let schema = schema_ref(&error_schema(components, &[], &[]));
        responses.insert(
            "default".into(),
            json!({
                "description": "Error response (the page lists no error status).",
                "x-hwc-doc-issue": "The page lists no error status codes; it refers to its \
                    service's error code page. The shared Error schema is used.",
                "content": { "application/json": { "schema": schema } },
            }),
        );
    }
    let paged = match success_bodies.as_slice() {
        [one] => Some(*one),
        _ => None,
    };
    (responses, paged, bodied_successes)
}

fn is_success(key: &str) -> bool {
    key == "2XX" || key.starts_with('2')
}

fn response_label(key: &str) -> String {
    match key {
        "2XX" => "normal response".into(),
        code => format!("status code {code}"),
    }
}

/// The statuses the page documents, success first (page order), then errors by code: its
/// response tables (a table without a status is the normal response, under the first 2xx
/// code the page lists, else `2XX`), the codes of its "Status Code" section, and the
/// statuses of its examples.
fn status_entries(operation: &Operation) -> Vec<StatusEntry<'_>> {
    let listed_success = operation
        .status_codes
        .iter()
        .map(|status| status.code)
        .find(|code| (200..300).contains(code));
    let normal_key = || {
        let taken = |code: u16| operation.responses.iter().any(|r| r.status == Some(code));
        listed_success
            .filter(|code| !taken(*code))
            .map_or_else(|| "2XX".to_owned(), |code| code.to_string())
    };
    let mut entries: Vec<StatusEntry<'_>> = Vec::new();
    let entry = |key: String, entries: &mut Vec<StatusEntry<'_>>| -> usize {
        match entries.iter().position(|e| e.key == key) {
            Some(index) => index,
            None => {
                entries.push(StatusEntry {
                    key,
                    table: None,
                    examples: Vec::new(),
                });
                entries.len() - 1
            }
        }
    };
    for response in &operation.responses {
        let key = response
            .status
            .map_or_else(normal_key, |code| code.to_string());
        let index = entry(key, &mut entries);
        if let Some(slot) = entries.get_mut(index) {
            if slot.table.is_none() {
                slot.table = Some(response);
            }
        }
    }
    for status in &operation.status_codes {
        entry(status.code.to_string(), &mut entries);
    }
    for example in operation
        .examples
        .iter()
        .filter(|e| e.kind == ExampleKind::Response)
    {
        let key = match example.status {
            Some(code) => code.to_string(),
            None => entries
                .iter()
                .map(|e| e.key.clone())
                .find(|key| is_success(key))
                .unwrap_or_else(normal_key),
        };
        let index = entry(key, &mut entries);
        if let Some(slot) = entries.get_mut(index) {
            slot.examples.push(example);
        }
    }
    if !entries.iter().any(|e| is_success(&e.key)) {
        entries.push(StatusEntry {
            key: "2XX".into(),
            table: None,
            examples: Vec::new(),
        });
    }
    // Success (and other non-error) statuses in page order, then errors by code.
    let rank = |key: &str| {
        key.parse::<u16>()
            .map_or(0, |code| if code >= 400 { code } else { 0 })
    };
    entries.sort_by_key(|e| rank(&e.key));
    entries
}

/// The shared `Error` schema: the fields of the page's error table, or `error_code` and
/// `error_msg` when the page has none.
fn error_schema(components: &mut Components, fields: &[Field], samples: &[&Value]) -> String {
    let description = "Error body (specs/README.md \"Errors\").";
    if fields.is_empty() {
        let schema = json!({
            "type": "object",
            "description": description,
            "properties": {
                "error_code": { "type": "string", "description": "Error code." },
                "error_msg": { "type": "string", "description": "Error message." },
            },
        });
        return components.add("Error", schema);
    }
    components.body("Error", description, fields, samples, false)
}

/// `x-hwc-pagination` when the operation pages (specs/README.md "Pagination"): query
/// parameters `offset` (or `start`) and `limit`, and a body with an array of objects and an
/// integer total.
fn pagination(operation: &Operation, body: &[Field]) -> Option<Value> {
    let query = |name: &str| {
        operation
            .parameters
            .iter()
            .find(|p| p.name == name && p.location == crate::pages::model::ParameterIn::Query)
    };
    let (offset, start) = match (query("offset"), query("start")) {
        (Some(_), _) => ("offset", 0),
        (None, Some(_)) => ("start", 1),
        (None, None) => return None,
    };
    query("limit")?;
    let items = body
        .iter()
        .find(|field| matches!(field.ty.kind, TypeKind::Array(_)) && !field.fields.is_empty())?;
    let total = body.iter().find(|field| {
        matches!(field.ty.kind, TypeKind::Integer | TypeKind::Long)
            && (field.name.contains("total") || field.name == "count")
    })?;
    Some(json!({
        "offset": offset,
        "limit": "limit",
        "items": items.name,
        "total": total.name,
        "start": start,
        "unit": "item",
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operation_ids_follow_the_specs_names() {
        assert_eq!(
            operation_id("GET", "/v3/{project_id}/backups"),
            "list_backups"
        );
        assert_eq!(
            operation_id(
                "GET",
                "/v3/{project_id}/instances/{instance_id}/incremental-backups"
            ),
            "list_incremental_backups"
        );
        assert_eq!(
            operation_id("DELETE", "/v3/{project_id}/backups/{backup_id}"),
            "delete_backup"
        );
        assert_eq!(
            operation_id("POST", "/v3/{project_id}/instances"),
            "create_instance"
        );
        assert_eq!(
            operation_id("GET", "/v3/{project_id}/backup-files"),
            "list_backup_files"
        );
    }

    #[test]
    fn ids_are_unique() {
        let mut ids = BTreeSet::new();
        assert_eq!(unique_id("list_backups", &mut ids), "list_backups");
        assert_eq!(unique_id("list_backups", &mut ids), "list_backups_2");
    }
}
