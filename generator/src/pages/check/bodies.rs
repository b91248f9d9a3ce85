//! Request and response bodies: which spec body a page table belongs to, and its fields.

use serde_json::Value;

use super::fields::Place;
use super::{At, Checker, DifferenceKind};
use crate::diagnostic::pointer;
use crate::pages::model::{Field, Operation};

impl Checker<'_> {
    /// Compares the page's request body fields with the spec's JSON request body.
    pub(super) fn request_body(&mut self, operation: &Operation, operation_at: &str) {
        let body_at = format!("{operation_at}/requestBody");
        let schema_at = if self.spec.get(&body_at).is_some() {
            self.resolve(&body_at)
                .and_then(|(at, body)| json_schema(&at, body))
        } else {
            None
        };
        let place = Place::top(operation.line, true);
        let no_body = "the spec has no JSON request body";
        self.body(
            &operation.request_body,
            schema_at,
            operation_at,
            place,
            no_body,
        );
    }

    /// Compares each page response table with the spec response of its status.
    pub(super) fn responses(&mut self, operation: &Operation, operation_at: &str) {
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
            let place = Place::top(response.line, false);
            let no_body = "the spec's response has no JSON body";
            self.body(&response.fields, schema_at, &response_at, place, no_body);
        }
    }

    /// Compares a body table with the JSON schema at `schema_at`; without a schema, each
    /// top-level field is missing from the object at `container_at`.
    fn body(
        &mut self,
        fields: &[Field],
        schema_at: Option<String>,
        container_at: &str,
        place: Place<'_>,
        no_body: &str,
    ) {
        if let Some(schema_at) = schema_at {
            self.fields(fields, &schema_at, place);
            return;
        }
        for field in fields {
            self.report(
                DifferenceKind::FieldMissing,
                &At {
                    line: field.line,
                    pointer: container_at,
                    subject: &field.name,
                },
                Some(&field.name),
                format!("the page documents the field `{}`; {no_body}", field.name),
            );
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
