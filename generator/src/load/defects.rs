//! Defects of published specs, forgiven out loud: each is repaired the one way that keeps
//! the rest of the spec usable, with a warning at the defect (an error under `--strict`).
//!
//! - an operation without `responses`, or with `responses: null`: it returns the raw
//!   response body (a `default` response of `application/octet-stream` is added);
//! - a parameter with neither `schema` nor `content`: it is a string;
//! - a response without `description`: an empty one.
//!
//! (Response codes written as YAML integers are read as strings when the YAML is read.)
//! Runs on the 3.0-shaped document; pointers are translated back to the document as
//! written through [`Origin`].

use serde_json::{Map, Value, json};

use super::Version;
use super::origin::Origin;
use super::report::Report;
use crate::diagnostic::pointer;

const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Repairs the defects of `document` (see the module docs).
pub(crate) fn forgive(
    document: &mut Value,
    version: Version,
    origin: &Origin,
    report: &mut Report<'_>,
) {
    let mut found = Found {
        version,
        origin,
        report,
    };
    if let Some(Value::Object(paths)) = document.get_mut("paths") {
        for (route, item) in paths.iter_mut().filter(|(key, _)| !key.starts_with("x-")) {
            let item_at = pointer("#/paths", &[route]);
            let Value::Object(item) = item else {
                continue;
            };
            found.parameters(item, &item_at);
            for method in METHODS {
                if let Some(Value::Object(operation)) = item.get_mut(*method) {
                    let op_at = pointer(&item_at, &[method]);
                    found.parameters(operation, &op_at);
                    found.responses(operation, &op_at);
                }
            }
        }
    }
    let components = document
        .get_mut("components")
        .and_then(Value::as_object_mut);
    if let Some(components) = components {
        if let Some(Value::Object(parameters)) = components.get_mut("parameters") {
            for (name, parameter) in parameters.iter_mut() {
                found.parameter(parameter, &pointer("#/components/parameters", &[name]));
            }
        }
        if let Some(Value::Object(responses)) = components.get_mut("responses") {
            for (name, response) in responses.iter_mut() {
                found.response(response, &pointer("#/components/responses", &[name]));
            }
        }
    }
}

/// Where repairs are reported.
struct Found<'r, 'a> {
    version: Version,
    origin: &'r Origin,
    report: &'r mut Report<'a>,
}

impl Found<'_, '_> {
    fn warn(&mut self, at: &str, message: String) {
        let at = self.origin.original(at);
        self.report.warn(&at, message);
    }

    fn parameters(&mut self, owner: &mut Map<String, Value>, at: &str) {
        if let Some(Value::Array(list)) = owner.get_mut("parameters") {
            for (index, parameter) in list.iter_mut().enumerate() {
                self.parameter(parameter, &pointer(at, &["parameters", &index.to_string()]));
            }
        }
    }

    fn parameter(&mut self, parameter: &mut Value, at: &str) {
        let Value::Object(map) = parameter else {
            return;
        };
        if map.contains_key("$ref") || map.contains_key("schema") || map.contains_key("content") {
            return;
        }
        let name = map.get("name").and_then(Value::as_str).unwrap_or("?");
        let message = format!(
            "parameter {name:?} has neither `schema` nor `content`: it is sent as a string"
        );
        map.insert("schema".into(), json!({"type": "string"}));
        self.warn(at, message);
    }

    fn responses(&mut self, operation: &mut Map<String, Value>, at: &str) {
        let responses_at = pointer(at, &["responses"]);
        match operation.get_mut("responses") {
            Some(Value::Object(responses)) => {
                for (status, response) in responses.iter_mut() {
                    if !status.starts_with("x-") {
                        self.response(response, &pointer(&responses_at, &[status]));
                    }
                }
                return;
            }
            // Some other value: `openapiv3` says what is wrong with it.
            Some(value) if !value.is_null() => return,
            missing => {
                let written = if missing.is_some() {
                    "`responses: null`"
                } else {
                    "no `responses`"
                };
                let message = format!(
                    "the operation has {written}: it returns the raw response body \
                     (`bytes::Bytes`)"
                );
                // 3.1 made `responses` optional: then it is not a defect.
                if self.version == Version::V31 && missing.is_none() {
                    let at = self.origin.original(at);
                    self.report.note("no-responses", &at, message);
                } else {
                    let at = if missing.is_some() { &responses_at } else { at };
                    self.warn(at, message);
                }
            }
        }
        operation.insert(
            "responses".into(),
            json!({"default": {
                "description": "The response, undocumented in the spec.",
                "content": {"application/octet-stream": {}}
            }}),
        );
    }

    fn response(&mut self, response: &mut Value, at: &str) {
        let Value::Object(map) = response else {
            return;
        };
        if map.contains_key("$ref") || map.contains_key("description") {
            return;
        }
        map.insert("description".into(), json!(""));
        self.warn(at, "the response has no `description`".to_owned());
    }
}
