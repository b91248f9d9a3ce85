//! Path, query and header parameters: the page's tables against the operation's (and its
//! path item's) parameters.

use std::collections::BTreeSet;

use serde_json::Value;

use super::item::Item;
use super::requests::{Sent, sent_values};
use super::{At, Checker, DifferenceKind};
use crate::pages::model::{Operation, Parameter, ParameterIn};

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
    /// Compares the page's parameters with the spec operation's at `operation_at`.
    pub(super) fn parameters(&mut self, operation: &Operation, operation_at: &str) {
        let spec_parameters = self.spec_parameters(operation_at);
        let sent = sent_values(operation);
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
            self.parameter(parameter, spec, &sent);
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

    /// Compares one page parameter with its spec parameter: mandatory, type, values,
    /// range, default, and the values the example requests send.
    fn parameter(&mut self, parameter: &Parameter, spec: &SpecParameter, sent: &[Sent]) {
        let here = At {
            line: parameter.line,
            pointer: &spec.at,
            subject: &parameter.name,
        };
        self.required(&here, parameter.required, spec.required);
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
        let in_path = parameter.location == ParameterIn::Path;
        let sent_here: Vec<&Sent> = sent
            .iter()
            .filter(|sent| sent.name == spec.name && sent.in_path == in_path)
            .collect();
        let document = self.spec;
        if let Some(value) = document.get(&spec.at) {
            self.parameter_example(&spec.name, &spec.at, value, &sent_here);
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
}

fn location_name(location: ParameterIn) -> &'static str {
    match location {
        ParameterIn::Path => "path",
        ParameterIn::Query => "query",
        ParameterIn::Header => "header",
    }
}
