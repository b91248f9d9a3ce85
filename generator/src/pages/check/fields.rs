//! Body fields against an object schema's properties, nested tables followed through
//! `$ref`, `items` and `allOf`.

use std::collections::BTreeSet;

use serde_json::Value;

use super::item::Item;
use super::types::schema_type;
use super::{At, Checker, DifferenceKind};
use crate::diagnostic::pointer;
use crate::pages::model::Field;

/// How deep nested tables (and `items` of `items`) are followed.
const MAX_DEPTH: usize = 16;

/// The properties of an object schema, `allOf` members included.
#[derive(Default)]
struct Properties {
    /// Name and pointer, in spec order.
    found: Vec<(String, String)>,
    /// Names the schema requires.
    required: BTreeSet<String>,
}

/// Where a list of page fields sits.
#[derive(Clone, Copy)]
pub(super) struct Place<'p> {
    /// Dotted path of the field holding them (empty at the top).
    parent: &'p str,
    /// Line of that field's row (or of the table).
    line: usize,
    /// Whether "Mandatory" is compared (request bodies; response tables have none).
    request: bool,
    /// How much deeper nesting is followed.
    depth: usize,
}

impl Place<'_> {
    /// The top of a body whose table starts at `line`.
    pub(super) fn top(line: usize, request: bool) -> Self {
        Place {
            parent: "",
            line,
            request,
            depth: MAX_DEPTH,
        }
    }

    /// The dotted path of the field `name` here (`backups.datastore.type`).
    fn path(&self, name: &str) -> String {
        if self.parent.is_empty() {
            name.to_owned()
        } else {
            format!("{}.{name}", self.parent)
        }
    }
}

impl<'a> Checker<'a> {
    /// Compares page `fields` with the object schema at `schema_at` (an array's items for
    /// an array).
    pub(super) fn fields(&mut self, fields: &[Field], schema_at: &str, place: Place<'_>) {
        let Place {
            line,
            request,
            depth,
            ..
        } = place;
        let Some((object_at, object)) = self.object(schema_at, depth) else {
            return;
        };
        self.visit(&object_at, line);
        let mut properties = Properties::default();
        self.properties(&object_at, object, &mut properties, depth);
        let mut seen = BTreeSet::new();
        for field in fields {
            let subject = place.path(&field.name);
            seen.insert(field.name.as_str());
            let Some((_, property_at)) = properties
                .found
                .iter()
                .find(|(name, _)| *name == field.name)
            else {
                self.report(
                    DifferenceKind::FieldMissing,
                    &At {
                        line: field.line,
                        pointer: &object_at,
                        subject: &subject,
                    },
                    Some(&field.name),
                    format!("the page documents the field `{subject}`; the spec does not have it"),
                );
                continue;
            };
            if request {
                let here = At {
                    line: field.line,
                    pointer: property_at,
                    subject: &subject,
                };
                let spec_required = properties.required.contains(&field.name);
                self.required(&here, field.required, spec_required);
            }
            let item = Item {
                subject: &subject,
                line: field.line,
                ty: Some(&field.ty),
                constraints: &field.constraints,
            };
            self.item(&item, property_at, property_at);
            if !field.fields.is_empty() && depth > 0 {
                let nested = Place {
                    parent: &subject,
                    line: field.line,
                    depth: depth - 1,
                    ..place
                };
                self.fields(&field.fields, property_at, nested);
            }
        }
        for (name, _) in properties
            .found
            .iter()
            .filter(|(name, _)| !seen.contains(name.as_str()))
        {
            let subject = place.path(name);
            self.report(
                DifferenceKind::FieldExtra,
                &At {
                    line,
                    pointer: &object_at,
                    subject: &subject,
                },
                Some(name),
                format!("the spec has the field `{subject}`; the page does not document it"),
            );
        }
    }

    /// The object schema at `at`, through `$ref`s and array `items`; `None` when it is no
    /// object (a type difference, reported where the field's type was compared).
    fn object(&mut self, at: &str, depth: usize) -> Option<(String, &'a Value)> {
        let (at, schema) = self.resolve(at)?;
        match schema_type(schema) {
            Some("object") => Some((at, schema)),
            Some("array") if depth > 0 && schema.get("items").is_some() => {
                self.object(&format!("{at}/items"), depth - 1)
            }
            _ => None,
        }
    }

    /// Collects the properties of the object at `at`, and of its `allOf` members.
    fn properties(&mut self, at: &str, object: &Value, into: &mut Properties, depth: usize) {
        if let Some(properties) = object.get("properties").and_then(Value::as_object) {
            for name in properties.keys() {
                if !into.found.iter().any(|(found, _)| found == name) {
                    into.found
                        .push((name.clone(), pointer(at, &["properties", name])));
                }
            }
        }
        let required = object.get("required").and_then(Value::as_array);
        into.required.extend(
            required
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .map(str::to_owned),
        );
        let members = object
            .get("allOf")
            .and_then(Value::as_array)
            .map_or(0, Vec::len);
        for index in 0..members {
            if depth == 0 {
                break;
            }
            if let Some((member_at, member)) = self.resolve(&format!("{at}/allOf/{index}")) {
                self.properties(&member_at, member, into, depth - 1);
            }
        }
    }
}
