//! Body fields against an object schema's properties, nested tables followed through
//! `$ref`, `items` and `allOf`.

use std::collections::BTreeSet;

use serde_json::Value;

use super::item::Item;
use super::operation::mandatory;
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

impl<'a> Checker<'a> {
    /// Compares page `fields` with the object schema at `schema_at` (an array's items for
    /// an array). `parent` is the dotted path of the field holding them (empty at the top),
    /// `line` the line of its row; `request` says whether "Mandatory" is compared.
    pub(super) fn fields(
        &mut self,
        fields: &[Field],
        schema_at: &str,
        parent: &str,
        line: usize,
        request: bool,
    ) {
        self.fields_within(fields, schema_at, parent, line, request, MAX_DEPTH);
    }

    fn fields_within(
        &mut self,
        fields: &[Field],
        schema_at: &str,
        parent: &str,
        line: usize,
        request: bool,
        depth: usize,
    ) {
        let Some((object_at, object)) = self.object(schema_at, depth) else {
            return;
        };
        self.visit(&object_at, line);
        let mut properties = Properties::default();
        self.properties(&object_at, object, &mut properties, depth);
        let mut seen = BTreeSet::new();
        for field in fields {
            let subject = if parent.is_empty() {
                field.name.clone()
            } else {
                format!("{parent}.{}", field.name)
            };
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
            if let Some(required) = field.required.filter(|_| request) {
                let spec_required = properties.required.contains(&field.name);
                if required != spec_required {
                    self.report(
                        DifferenceKind::RequiredDiffers,
                        &At {
                            line: field.line,
                            pointer: property_at,
                            subject: &subject,
                        },
                        None,
                        format!(
                            "`{subject}`: the page says {}, the spec has it {}",
                            mandatory(required),
                            if spec_required {
                                "required"
                            } else {
                                "optional"
                            }
                        ),
                    );
                }
            }
            let item = Item {
                subject: &subject,
                line: field.line,
                ty: Some(&field.ty),
                constraints: &field.constraints,
            };
            self.item(&item, property_at, property_at);
            if !field.fields.is_empty() && depth > 0 {
                self.fields_within(
                    &field.fields,
                    property_at,
                    &subject,
                    field.line,
                    request,
                    depth - 1,
                );
            }
        }
        for (name, _) in properties
            .found
            .iter()
            .filter(|(name, _)| !seen.contains(name.as_str()))
        {
            let subject = if parent.is_empty() {
                name.clone()
            } else {
                format!("{parent}.{name}")
            };
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
