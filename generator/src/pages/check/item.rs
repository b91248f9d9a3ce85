//! One parameter or body field against its schema: type, listed values, range, default.

use std::collections::BTreeSet;

use serde_json::Value;

use super::types::{describe, matches, schema_type};
use super::{At, Checker, DifferenceKind};
use crate::pages::model::{Constraints, DocType, Located};

/// What the page says about one parameter or field.
pub(super) struct Item<'p> {
    /// Its name, or dotted path for a nested field.
    pub subject: &'p str,
    /// Line of its row.
    pub line: usize,
    /// Its type, when the page's table has a Type column.
    pub ty: Option<&'p DocType>,
    /// Listed values, range and default.
    pub constraints: &'p Constraints,
}

impl Checker<'_> {
    /// Compares `item` with the schema at `schema_at`; differences point at `at` (the
    /// parameter or the property).
    pub(super) fn item(&mut self, item: &Item<'_>, at: &str, schema_at: &str) {
        self.visit(at, item.line);
        let Some((schema_at, schema)) = self.resolve(schema_at) else {
            return;
        };
        let here = At {
            line: item.line,
            pointer: at,
            subject: item.subject,
        };
        if let Some(ty) = item.ty {
            self.item_type(&here, ty, &schema_at);
        }
        self.values(&here, item.constraints, &schema_at, schema);
        self.range(&here, item.constraints, schema);
        self.default(&here, item.constraints.default.as_ref(), schema);
    }

    /// The page's "Mandatory" (`None`: not stated) against the spec's `required`.
    pub(super) fn required(&mut self, here: &At<'_>, page: Option<bool>, spec: bool) {
        let Some(page) = page.filter(|page| *page != spec) else {
            return;
        };
        // Each side in its own words: the page's "Mandatory" column, the spec's `required`.
        let page_says = if page { "mandatory" } else { "optional" };
        let spec_says = if spec { "required" } else { "optional" };
        self.report(
            DifferenceKind::RequiredDiffers,
            here,
            None,
            format!(
                "`{}`: the page says {page_says}, the spec has it {spec_says}",
                here.subject
            ),
        );
    }

    fn item_type(&mut self, here: &At<'_>, ty: &DocType, schema_at: &str) {
        match matches(self.spec, &ty.kind, schema_at) {
            Ok(true) => {}
            Ok(false) => {
                let spec_type = describe(self.spec, schema_at);
                self.report(
                    DifferenceKind::TypeDiffers,
                    here,
                    None,
                    format!(
                        "`{}`: the page says {}, the spec has {spec_type}",
                        here.subject, ty.raw
                    ),
                );
            }
            Err(problem) => self.findings.problems.push(problem),
        }
    }

    /// Listed values against `enum` (the items' `enum` for an array). A Boolean's "true" and
    /// "false" are its type's values, not an enum.
    fn values(
        &mut self,
        here: &At<'_>,
        constraints: &Constraints,
        schema_at: &str,
        schema: &Value,
    ) {
        let holder = if schema_type(schema) == Some("array") {
            match self.resolve(&format!("{schema_at}/items")) {
                Some((_, items)) => items,
                None => return,
            }
        } else {
            schema
        };
        let spec_values: Vec<String> = holder
            .get("enum")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(scalar_text)
            .collect();
        let boolean_domain = constraints
            .values
            .iter()
            .all(|value| matches!(value.value.to_ascii_lowercase().as_str(), "true" | "false"));
        if spec_values.is_empty() && schema_type(holder) == Some("boolean") && boolean_domain {
            return;
        }
        let mut seen = BTreeSet::new();
        for value in &constraints.values {
            if !seen.insert(value.value.as_str()) || spec_values.contains(&value.value) {
                continue;
            }
            let at = At {
                line: value.line,
                ..*here
            };
            self.report(
                DifferenceKind::ValueMissing,
                &at,
                Some(&value.value),
                format!(
                    "`{}`: the page lists the value {:?}, the spec's enum does not have it",
                    here.subject, value.value
                ),
            );
        }
        for value in spec_values
            .iter()
            .filter(|value| !seen.contains(value.as_str()))
        {
            self.report(
                DifferenceKind::ValueExtra,
                here,
                Some(value),
                format!(
                    "`{}`: the spec's enum has the value {value:?}, the page does not list it",
                    here.subject
                ),
            );
        }
    }

    fn range(&mut self, here: &At<'_>, constraints: &Constraints, schema: &Value) {
        let length = |bound: &Option<Located<u64>>| {
            bound.as_ref().map(|found| Located {
                // Lengths are small counts of characters: exact as f64.
                value: found.value as f64,
                line: found.line,
            })
        };
        let bounds = [
            ("minimum", constraints.minimum.clone(), "minimum"),
            ("maximum", constraints.maximum.clone(), "maximum"),
            (
                "minimum length",
                length(&constraints.min_length),
                "minLength",
            ),
            (
                "maximum length",
                length(&constraints.max_length),
                "maxLength",
            ),
        ];
        let mut page_says = Vec::new();
        let mut spec_says = Vec::new();
        let mut line = None;
        for (name, page, key) in bounds {
            let spec = schema.get(key).and_then(Value::as_f64);
            let page_value = page.as_ref().map(|found| found.value);
            if let Some(value) = page_value {
                page_says.push(format!("{name} {value}"));
            }
            if let Some(value) = spec {
                spec_says.push(format!("{name} {value}"));
            }
            if page_value != spec && line.is_none() {
                line = Some(page.map_or(here.line, |found| found.line));
            }
        }
        let Some(line) = line else {
            return;
        };
        let said = |bounds: Vec<String>| {
            if bounds.is_empty() {
                "no range".to_owned()
            } else {
                bounds.join(", ")
            }
        };
        self.report(
            DifferenceKind::RangeDiffers,
            &At { line, ..*here },
            None,
            format!(
                "`{}`: the page says {}, the spec has {}",
                here.subject,
                said(page_says),
                said(spec_says)
            ),
        );
    }

    fn default(&mut self, here: &At<'_>, page: Option<&Located<String>>, schema: &Value) {
        let spec = schema.get("default").and_then(scalar_text);
        let page_value = page.map(|found| found.value.trim().trim_matches('"'));
        let same = match (page_value, spec.as_deref()) {
            (None, None) => true,
            (Some(page), Some(spec)) => {
                page == spec
                    || matches!((page.parse::<f64>(), spec.parse::<f64>()), (Ok(a), Ok(b)) if a == b)
            }
            _ => false,
        };
        if same {
            return;
        }
        let said = |value: Option<&str>| {
            value.map_or("no default".to_owned(), |v| format!("default {v:?}"))
        };
        self.report(
            DifferenceKind::DefaultDiffers,
            &At {
                line: page.map_or(here.line, |found| found.line),
                ..*here
            },
            None,
            format!(
                "`{}`: the page says {}, the spec has {}",
                here.subject,
                said(page_value),
                said(spec.as_deref())
            ),
        );
    }
}

/// A scalar as the docs would write it (`auto`, `10`, `true`); `None` for null, arrays
/// and objects.
pub(super) fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        Value::Bool(flag) => Some(flag.to_string()),
        _ => None,
    }
}
