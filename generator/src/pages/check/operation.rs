//! One page operation against its spec operation: parameters, status codes, and which
//! spec body each page table and example belongs to.

use std::collections::BTreeSet;

use serde_json::Value;

use super::item::Item;
use super::{At, Checker, DifferenceKind};
use crate::diagnostic::pointer;
use crate::pages::model::{Operation, ParameterIn};

/// Headers OpenAPI says a parameter list ignores (they come from the body and the
/// credentials), so a page's row for them is no difference.
const IGNORED_HEADERS: &[&str] = &["accept", "content-type", "authorization"];

/// A spec parameter: where it is, its name and location.
struct SpecParameter {
    at: String,
    name: String,
    location: String,
    required: bool,
}

impl Checker<'_> {
    /// Compares one page operation with the spec.
    pub(super) fn operation(&mut self, operation: &Operation) {
        let subject = format!("{} {}", operation.method, operation.path);
        self.visit("#/paths", operation.line);
        let Some(at) = self.spec.operation(&operation.method, &operation.path) else {
            self.report(
                DifferenceKind::OperationMissing,
                &At {
                    line: operation.line,
                    pointer: "#/paths",
                    subject: &subject,
                },
                Some(&subject),
                format!("the page documents {subject}; the spec has no such operation"),
            );
            return;
        };
        self.visit(&at, operation.line);
        self.parameters(operation, &at);
        self.statuses(operation, &at);
        self.request_body(operation, &at);
        self.responses(operation, &at);
        self.examples(operation, &at);
    }

    fn parameters(&mut self, operation: &Operation, operation_at: &str) {
        let spec_parameters = self.spec_parameters(operation_at);
        let key = |location: &str, name: &str| match location {
            "header" => (location.to_owned(), name.to_ascii_lowercase()),
            _ => (location.to_owned(), name.to_owned()),
        };
        let mut seen = BTreeSet::new();
        for parameter in &operation.parameters {
            let location = location_name(parameter.location);
            let lower = parameter.name.to_ascii_lowercase();
            if parameter.location == ParameterIn::Header
                && (self.spec.auth_headers.contains(&lower)
                    || IGNORED_HEADERS.contains(&lower.as_str()))
            {
                continue;
            }
            let wanted = key(location, &parameter.name);
            seen.insert(wanted.clone());
            let found = spec_parameters
                .iter()
                .find(|spec| key(&spec.location, &spec.name) == wanted);
            let Some(spec) = found else {
                self.report(
                    DifferenceKind::ParameterMissing,
                    &At {
                        line: parameter.line,
                        pointer: operation_at,
                        subject: &parameter.name,
                    },
                    Some(&parameter.name),
                    format!(
                        "the page documents the {location} parameter `{}`; the spec does not have it",
                        parameter.name
                    ),
                );
                continue;
            };
            if let Some(required) = parameter
                .required
                .filter(|required| *required != spec.required)
            {
                self.report(
                    DifferenceKind::RequiredDiffers,
                    &At {
                        line: parameter.line,
                        pointer: &spec.at,
                        subject: &parameter.name,
                    },
                    None,
                    format!(
                        "`{}`: the page says {}, the spec has it {}",
                        parameter.name,
                        mandatory(required),
                        if spec.required {
                            "required"
                        } else {
                            "optional"
                        }
                    ),
                );
            }
            let item = Item {
                subject: &parameter.name,
                line: parameter.line,
                ty: parameter.ty.as_ref(),
                constraints: &parameter.constraints,
            };
            let schema_at = format!("{}/schema", spec.at);
            if self.spec.get(&schema_at).is_some() {
                self.item(&item, &spec.at, &schema_at);
            } else {
                self.visit(&spec.at, parameter.line);
            }
        }
        for spec in &spec_parameters {
            if seen.contains(&key(&spec.location, &spec.name)) {
                continue;
            }
            self.report(
                DifferenceKind::ParameterExtra,
                &At {
                    line: operation.line,
                    pointer: operation_at,
                    subject: &spec.name,
                },
                Some(&spec.name),
                format!(
                    "the spec has the {} parameter `{}`; the page does not document it",
                    spec.location, spec.name
                ),
            );
        }
    }

    /// The operation's parameters with those of its path item, `$ref`s followed; an
    /// operation's parameter replaces the path item's of the same name and location.
    fn spec_parameters(&mut self, operation_at: &str) -> Vec<SpecParameter> {
        let path_at = operation_at
            .rsplit_once('/')
            .map_or(operation_at, |(path, _)| path);
        let mut found: Vec<SpecParameter> = Vec::new();
        for list_at in [
            format!("{path_at}/parameters"),
            format!("{operation_at}/parameters"),
        ] {
            let count = self
                .spec
                .get(&list_at)
                .and_then(Value::as_array)
                .map_or(0, Vec::len);
            for index in 0..count {
                let Some((at, parameter)) = self.resolve(&format!("{list_at}/{index}")) else {
                    continue;
                };
                let text = |key: &str| {
                    parameter
                        .get(key)
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                };
                let spec = SpecParameter {
                    at: at.clone(),
                    name: text("name").to_owned(),
                    location: text("in").to_owned(),
                    required: parameter.get("required").and_then(Value::as_bool) == Some(true),
                };
                found
                    .retain(|other| (&other.name, &other.location) != (&spec.name, &spec.location));
                found.push(spec);
            }
        }
        found
    }

    /// Every status the page names (its status code list and its response tables) must
    /// have a response in the spec, exactly (a page's 200 is not the spec's `2XX`).
    fn statuses(&mut self, operation: &Operation, operation_at: &str) {
        let responses_at = format!("{operation_at}/responses");
        self.visit(&responses_at, operation.line);
        let listed = operation
            .status_codes
            .iter()
            .map(|status| (status.code, status.line));
        let tables = operation
            .responses
            .iter()
            .filter_map(|response| Some((response.status?, response.line)));
        let mut seen = BTreeSet::new();
        for (code, line) in listed.chain(tables) {
            let status = code.to_string();
            if !seen.insert(code) || self.spec.get(&pointer(&responses_at, &[&status])).is_some() {
                continue;
            }
            self.report(
                DifferenceKind::StatusMissing,
                &At {
                    line,
                    pointer: &responses_at,
                    subject: &status,
                },
                Some(&status),
                format!("the page lists status {status}; the spec has no response for it"),
            );
        }
    }

    fn request_body(&mut self, operation: &Operation, operation_at: &str) {
        let body_at = format!("{operation_at}/requestBody");
        let schema_at = if self.spec.get(&body_at).is_some() {
            self.resolve(&body_at)
                .and_then(|(at, body)| json_schema(&at, body))
        } else {
            None
        };
        match schema_at {
            Some(schema_at) => self.fields(
                &operation.request_body,
                &schema_at,
                "",
                operation.line,
                true,
            ),
            None => {
                for field in &operation.request_body {
                    self.report(
                        DifferenceKind::FieldMissing,
                        &At {
                            line: field.line,
                            pointer: operation_at,
                            subject: &field.name,
                        },
                        Some(&field.name),
                        format!(
                            "the page documents the request field `{}`; the spec has no JSON request body",
                            field.name
                        ),
                    );
                }
            }
        }
    }

    fn responses(&mut self, operation: &Operation, operation_at: &str) {
        for response in &operation.responses {
            // A status the spec lacks was reported by `statuses`.
            let Some(response_at) = self.response_at(operation_at, response.status) else {
                if response.status.is_none() {
                    self.missing_success(operation_at, response.line);
                }
                continue;
            };
            let schema_at = self
                .resolve(&response_at)
                .and_then(|(at, body)| json_schema(&at, body));
            match schema_at {
                Some(schema_at) => {
                    self.fields(&response.fields, &schema_at, "", response.line, false)
                }
                None => {
                    for field in &response.fields {
                        self.report(
                            DifferenceKind::FieldMissing,
                            &At {
                                line: field.line,
                                pointer: &response_at,
                                subject: &field.name,
                            },
                            Some(&field.name),
                            format!(
                                "the page documents the response field `{}`; the spec's response has no JSON body",
                                field.name
                            ),
                        );
                    }
                }
            }
        }
    }

    fn missing_success(&mut self, operation_at: &str, line: usize) {
        let responses_at = format!("{operation_at}/responses");
        self.report(
            DifferenceKind::StatusMissing,
            &At {
                line,
                pointer: &responses_at,
                subject: "2XX",
            },
            Some("2XX"),
            "the page documents a normal response; the spec has no success response".to_owned(),
        );
    }

    /// The spec response for a page status: exactly that status, or for a page that gives
    /// none ("Normal response") the first success status or `2XX`.
    pub(super) fn response_at(&self, operation_at: &str, status: Option<u16>) -> Option<String> {
        let responses_at = format!("{operation_at}/responses");
        let responses = self.spec.get(&responses_at)?.as_object()?;
        let key = match status {
            Some(code) => {
                let code = code.to_string();
                responses.contains_key(&code).then_some(code)?
            }
            None => responses
                .keys()
                .find(|key| key.starts_with('2') && key.len() == 3)?
                .clone(),
        };
        Some(pointer(&responses_at, &[&key]))
    }
}

/// The pointer of the JSON schema of a request body or response (`application/json`, else
/// the first media type naming JSON).
pub(super) fn json_schema(at: &str, body: &Value) -> Option<String> {
    let media = json_media_type(body)?;
    let media_at = pointer(at, &["content", media]);
    body.get("content")?.get(media)?.get("schema")?;
    Some(format!("{media_at}/schema"))
}

/// The JSON media type of a request body or response.
pub(super) fn json_media_type(body: &Value) -> Option<&str> {
    let content = body.get("content")?.as_object()?;
    if content.contains_key("application/json") {
        return Some("application/json");
    }
    content
        .keys()
        .find(|media| media.contains("json"))
        .map(String::as_str)
}

fn location_name(location: ParameterIn) -> &'static str {
    match location {
        ParameterIn::Path => "path",
        ParameterIn::Query => "query",
        ParameterIn::Header => "header",
    }
}

/// The page's word for a mandatory flag.
pub(super) fn mandatory(required: bool) -> &'static str {
    if required { "mandatory" } else { "optional" }
}
