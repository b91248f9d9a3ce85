//! The page's example bodies as OpenAPI `examples` (specs/README.md "Examples"): named from
//! the caption, `summary:` the caption, the value verbatim.

use heck::ToSnakeCase;
use serde_json::{Map, Value, json};

use crate::pages::model::Example;

/// The `examples` map of `examples` (JSON ones only; the caller notes the others).
pub(crate) fn examples_map(examples: &[&Example]) -> Map<String, Value> {
    let mut map = Map::new();
    for example in examples {
        let Some(value) = &example.value else {
            continue;
        };
        let base = example
            .caption
            .as_deref()
            .map(ToSnakeCase::to_snake_case)
            .map(|name| shorten(&name))
            .filter(|name| !name.is_empty())
            .unwrap_or_else(|| "example".into());
        let mut name = base.clone();
        let mut counter = 1;
        while map.contains_key(&name) {
            counter += 1;
            name = format!("{base}_{counter}");
        }
        let mut entry = Map::new();
        if let Some(caption) = &example.caption {
            entry.insert("summary".into(), json!(caption));
        }
        entry.insert("value".into(), value.clone());
        map.insert(name, Value::Object(entry));
    }
    map
}

/// At most six words of a snake_case caption, so names stay readable.
fn shorten(name: &str) -> String {
    name.split('_')
        .filter(|word| !word.is_empty())
        .take(6)
        .collect::<Vec<_>>()
        .join("_")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pages::model::ExampleKind;

    fn example(caption: Option<&str>, value: Option<Value>) -> Example {
        Example {
            kind: ExampleKind::Response,
            status: Some(200),
            caption: caption.map(str::to_owned),
            value,
            text: String::new(),
            line: 1,
        }
    }

    #[test]
    fn examples_are_named_from_their_captions_and_kept_verbatim() {
        let first = example(
            Some("Obtaining a backup list of a MySQL DB instance:"),
            Some(json!({"id ": "x"})),
        );
        let second = example(
            Some("Obtaining a backup list of a MySQL DB instance:"),
            Some(json!(1)),
        );
        let third = example(None, Some(json!(2)));
        let text = example(Some("Not JSON"), None);
        let map = examples_map(&[&first, &second, &third, &text]);
        let names: Vec<&String> = map.keys().collect();
        assert_eq!(
            names,
            [
                "obtaining_a_backup_list_of_a",
                "obtaining_a_backup_list_of_a_2",
                "example"
            ]
        );
        assert_eq!(
            map.get("obtaining_a_backup_list_of_a"),
            Some(&json!({
                "summary": "Obtaining a backup list of a MySQL DB instance:",
                "value": {"id ": "x"}
            }))
        );
    }
}
