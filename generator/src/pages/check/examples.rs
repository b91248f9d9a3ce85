//! The page's JSON examples against the spec's, paired in order per request body or
//! response, compared as JSON values (key order ignored).

use serde_json::Value;

use super::bodies::json_media_type;
use super::{At, Checker, DifferenceKind};
use crate::diagnostic::pointer;
use crate::pages::model::{Example, ExampleKind, Operation};

/// A spec example: where it is, the acknowledgement key it needs (the single `example`
/// of a media type shares the media type's object), and its value.
struct SpecExample<'a> {
    at: String,
    item: Option<&'static str>,
    value: Option<&'a Value>,
}

impl<'a> Checker<'a> {
    /// Compares the page's JSON examples with the spec's. Examples of a status the spec
    /// has no response for are left out: `statuses` reports the status.
    pub(super) fn examples(&mut self, operation: &Operation, operation_at: &str) {
        let mut groups: Vec<(String, Vec<&Example>)> = Vec::new();
        for example in operation.examples.iter().filter(|e| e.value.is_some()) {
            let body_at = match example.kind {
                ExampleKind::Request => Some(format!("{operation_at}/requestBody")),
                ExampleKind::Response => self.response_at(operation_at, example.status),
            };
            let Some(body_at) = body_at else {
                continue;
            };
            match groups.iter_mut().find(|(at, _)| *at == body_at) {
                Some((_, examples)) => examples.push(example),
                None => groups.push((body_at, vec![example])),
            }
        }
        for (body_at, examples) in groups {
            self.example_group(&body_at, operation_at, &examples);
        }
    }

    fn example_group(&mut self, body_at: &str, operation_at: &str, page: &[&Example]) {
        let (container_at, spec_examples) = if self.spec.get(body_at).is_some() {
            match self.resolve(body_at) {
                Some((body_at, body)) => match json_media_type(body) {
                    Some(media) => {
                        let media_at = pointer(&body_at, &["content", media]);
                        let found = self.spec_examples(&media_at);
                        (media_at, found)
                    }
                    None => (body_at, Vec::new()),
                },
                None => return,
            }
        } else {
            (operation_at.to_owned(), Vec::new())
        };
        let first_line = page.first().map_or(0, |example| example.line);
        self.visit(&container_at, first_line);
        for (index, example) in page.iter().enumerate() {
            let Some(value) = &example.value else {
                continue;
            };
            let subject = format!("example {}", index + 1);
            let Some(spec) = spec_examples.get(index) else {
                let item = format!("page example {}", index + 1);
                self.report(
                    DifferenceKind::ExampleDiffers,
                    &At {
                        line: example.line,
                        pointer: &container_at,
                        subject: &subject,
                    },
                    Some(&item),
                    format!(
                        "the page's {subject}{} has no counterpart in the spec",
                        caption(example)
                    ),
                );
                continue;
            };
            self.visit(&spec.at, example.line);
            let difference = match spec.value {
                Some(spec_value) => first_difference(value, spec_value, ""),
                None => Some("the spec's example has no `value`".to_owned()),
            };
            if let Some(difference) = difference {
                self.report(
                    DifferenceKind::ExampleDiffers,
                    &At {
                        line: example.line,
                        pointer: &spec.at,
                        subject: &subject,
                    },
                    spec.item,
                    format!(
                        "the page's {subject}{} differs: {difference}",
                        caption(example)
                    ),
                );
            }
        }
        for spec in spec_examples.iter().skip(page.len()) {
            self.report(
                DifferenceKind::ExampleDiffers,
                &At {
                    line: first_line,
                    pointer: &spec.at,
                    subject: &spec.at,
                },
                spec.item,
                "the spec has this example; the page does not give it".to_owned(),
            );
        }
    }

    /// The examples of the media type at `media_at`: its `example`, then its `examples`
    /// in spec order.
    fn spec_examples(&mut self, media_at: &str) -> Vec<SpecExample<'a>> {
        let mut found = Vec::new();
        let example_at = format!("{media_at}/example");
        if let Some(value) = self.spec.get(&example_at) {
            found.push(SpecExample {
                at: media_at.to_owned(),
                item: Some("example"),
                value: Some(value),
            });
        }
        let examples_at = format!("{media_at}/examples");
        let names: Vec<String> = self
            .spec
            .get(&examples_at)
            .and_then(Value::as_object)
            .map(|examples| examples.keys().cloned().collect())
            .unwrap_or_default();
        for name in names {
            if let Some((at, example)) = self.resolve(&pointer(&examples_at, &[&name])) {
                found.push(SpecExample {
                    at,
                    item: None,
                    value: example.get("value"),
                });
            }
        }
        found
    }
}

fn caption(example: &Example) -> String {
    example
        .caption
        .as_ref()
        .map_or_else(String::new, |caption| format!(" ({caption:?})"))
}

/// Where two JSON values first differ (`at /backups/0/size: 2803 on the page, 2804 in the
/// spec`), or `None` when they are equal; object keys compare in any order.
fn first_difference(page: &Value, spec: &Value, at: &str) -> Option<String> {
    let here = if at.is_empty() { "/" } else { at };
    match (page, spec) {
        (Value::Object(page), Value::Object(spec)) => {
            for (key, page_value) in page {
                let inner = pointer(at, &[key]);
                match spec.get(key) {
                    Some(spec_value) => {
                        if let Some(found) = first_difference(page_value, spec_value, &inner) {
                            return Some(found);
                        }
                    }
                    None => return Some(format!("at {inner}: only on the page")),
                }
            }
            spec.keys()
                .find(|key| !page.contains_key(*key))
                .map(|key| format!("at {}: only in the spec", pointer(at, &[key])))
        }
        (Value::Array(page), Value::Array(spec)) => {
            for (index, (page_value, spec_value)) in page.iter().zip(spec).enumerate() {
                let inner = format!("{at}/{index}");
                if let Some(found) = first_difference(page_value, spec_value, &inner) {
                    return Some(found);
                }
            }
            (page.len() != spec.len()).then(|| {
                format!(
                    "at {here}: {} items on the page, {} in the spec",
                    page.len(),
                    spec.len()
                )
            })
        }
        _ if page == spec => None,
        _ => Some(format!("at {here}: {page} on the page, {spec} in the spec")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn key_order_does_not_matter() {
        assert_eq!(
            first_difference(
                &json!({"a": 1, "b": [1, 2]}),
                &json!({"b": [1, 2], "a": 1}),
                ""
            ),
            None
        );
    }

    #[test]
    fn the_first_difference_is_located() {
        let found = first_difference(
            &json!({"backups": [{"size": 2803}]}),
            &json!({"backups": [{"size": 2804}]}),
            "",
        );
        assert_eq!(
            found.as_deref(),
            Some("at /backups/0/size: 2803 on the page, 2804 in the spec")
        );
        let found = first_difference(&json!({"id ": "x"}), &json!({"id": "x"}), "");
        assert_eq!(found.as_deref(), Some("at /id : only on the page"));
        let found = first_difference(&json!([1]), &json!([1, 2]), "");
        assert_eq!(
            found.as_deref(),
            Some("at /: 1 items on the page, 2 in the spec")
        );
    }

    #[test]
    fn numbers_compare_as_written() {
        assert!(first_difference(&json!(0.5), &json!(0.5), "").is_none());
        assert!(first_difference(&json!("1"), &json!(1), "").is_some());
    }
}
