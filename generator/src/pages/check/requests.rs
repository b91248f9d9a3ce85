//! The page's example request lines (`GET https://{Endpoint}/v3/0483.../backups?limit=10`):
//! the values they send for path and query parameters, against the parameters' `example`s.

use serde_json::Value;

use super::item::scalar_text;
use super::{At, Checker, DifferenceKind};
use crate::pages::model::{Located, Operation};

/// A value an example request sends for a parameter.
pub(super) struct Sent {
    /// The parameter's name.
    pub name: String,
    /// Whether it is in the path (else the query).
    pub in_path: bool,
    /// The value as written (not percent-decoded: the spec keeps it verbatim).
    pub value: String,
    /// Line of the request line.
    pub line: usize,
}

/// Every value the operation's example request lines send, in page order. Placeholders
/// (`{instance_id}`) are no values.
pub(super) fn sent_values(operation: &Operation) -> Vec<Sent> {
    let template: Vec<&str> = operation.path.trim_matches('/').split('/').collect();
    let mut sent = Vec::new();
    for Located {
        value: line_text,
        line,
    } in &operation.request_lines
    {
        let url = line_text
            .split_whitespace()
            .find(|word| word.contains('/'))
            .unwrap_or_default();
        let without_host = match url.split_once("://") {
            Some((_, rest)) => rest
                .find('/')
                .map_or("", |slash| rest.get(slash..).unwrap_or("")),
            None => url,
        };
        let (path, query) = without_host.split_once('?').unwrap_or((without_host, ""));
        let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
        // A request path may carry a prefix the template does not: align the ends.
        let skip = segments.len().saturating_sub(template.len());
        if segments.len() >= template.len() {
            for (pattern, segment) in template.iter().zip(segments.iter().skip(skip)) {
                let Some(name) = pattern.strip_prefix('{').and_then(|p| p.strip_suffix('}')) else {
                    continue;
                };
                if !segment.contains('{') {
                    sent.push(Sent {
                        name: name.to_owned(),
                        in_path: true,
                        value: (*segment).to_owned(),
                        line: *line,
                    });
                }
            }
        }
        for pair in query.split('&').filter(|pair| !pair.is_empty()) {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            if !value.contains('{') {
                sent.push(Sent {
                    name: name.to_owned(),
                    in_path: false,
                    value: value.to_owned(),
                    line: *line,
                });
            }
        }
    }
    sent
}

impl Checker<'_> {
    /// The values the page's example requests send for the parameter at `at` must include
    /// its `example` (or one of its `examples`).
    pub(super) fn parameter_example(
        &mut self,
        name: &str,
        at: &str,
        parameter: &Value,
        sent: &[&Sent],
    ) {
        let Some(first) = sent.first() else {
            return;
        };
        let mut spec_values: Vec<String> = parameter
            .get("example")
            .and_then(scalar_text)
            .into_iter()
            .collect();
        let named = parameter.get("examples").and_then(Value::as_object);
        spec_values.extend(
            named
                .into_iter()
                .flat_map(|examples| examples.values())
                .filter_map(|example| example.get("value").and_then(scalar_text)),
        );
        if sent.iter().any(|sent| spec_values.contains(&sent.value)) {
            return;
        }
        let spec_says = match spec_values.first() {
            Some(value) => format!("the spec's example is {value:?}"),
            None => "the spec has no example".to_owned(),
        };
        self.report(
            DifferenceKind::ExampleDiffers,
            &At {
                line: first.line,
                pointer: at,
                subject: name,
            },
            None,
            format!(
                "`{name}`: the page's example request sends {:?}; {spec_says}",
                first.value
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn operation(path: &str, lines: &[&str]) -> Operation {
        Operation {
            method: "GET".to_owned(),
            path: path.to_owned(),
            title: None,
            line: 1,
            hosts: Vec::new(),
            request_lines: lines
                .iter()
                .enumerate()
                .map(|(index, line)| Located {
                    value: (*line).to_owned(),
                    line: index + 10,
                })
                .collect(),
            parameters: Vec::new(),
            request_body: Vec::new(),
            responses: Vec::new(),
            status_codes: Vec::new(),
            examples: Vec::new(),
        }
    }

    fn values(operation: &Operation) -> Vec<(String, bool, String, usize)> {
        sent_values(operation)
            .into_iter()
            .map(|sent| (sent.name, sent.in_path, sent.value, sent.line))
            .collect()
    }

    #[test]
    fn path_and_query_values_are_read_verbatim() {
        let operation = operation(
            "/v3/{project_id}/backups",
            &[
                "GET https://{Endpoint}/v3/0483/backups?limit=10&begin_time=2018-08-06T10:41:14+0800&flag",
            ],
        );
        assert_eq!(
            values(&operation),
            [
                ("project_id".to_owned(), true, "0483".to_owned(), 10),
                ("limit".to_owned(), false, "10".to_owned(), 10),
                (
                    "begin_time".to_owned(),
                    false,
                    "2018-08-06T10:41:14+0800".to_owned(),
                    10
                ),
                ("flag".to_owned(), false, String::new(), 10),
            ]
        );
    }

    #[test]
    fn placeholders_are_no_values_and_a_bare_url_counts() {
        let operation = operation(
            "/v1.0/{project_id}/instances/{instance_id}/backups",
            &[
                "GET https://{dcs_endpoint}/v1.0/{project_id}/instances/{instance_id}/backups?start={start}",
                "https://dcs.example.com/v1.0/p1/instances/i1/backups",
            ],
        );
        assert_eq!(
            values(&operation),
            [
                ("project_id".to_owned(), true, "p1".to_owned(), 11),
                ("instance_id".to_owned(), true, "i1".to_owned(), 11),
            ]
        );
    }

    #[test]
    fn a_path_shorter_than_the_template_gives_no_path_values() {
        let operation = operation("/v3/{project_id}/backups", &["GET /backups?limit=1"]);
        assert_eq!(
            values(&operation),
            [("limit".to_owned(), false, "1".to_owned(), 10)]
        );
    }
}
