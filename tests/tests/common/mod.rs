//! Helpers shared by the integration tests: reading examples out of the specs.

#![allow(
    dead_code,
    reason = "each test file uses a different subset of these helpers"
)]

use std::path::Path;

use serde_json::Value;

/// A response example: where it is in the spec, its status, and its value.
pub struct Example {
    pub pointer: String,
    pub status: String,
    pub value: Value,
}

/// Every example under `paths/*/*/responses/*/content/*` (`examples` and `example`).
pub fn examples(spec: &str) -> Vec<Example> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../specs")
        .join(spec);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let yaml: serde_yaml::Value =
        serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{spec}: {e}"));
    let doc: Value = serde_json::to_value(yaml).unwrap_or_else(|e| panic!("{spec}: {e}"));
    let mut out = Vec::new();
    let paths = doc["paths"].as_object().cloned().unwrap_or_default();
    for (route, item) in &paths {
        for (method, operation) in item.as_object().into_iter().flatten() {
            for (status, response) in operation["responses"].as_object().into_iter().flatten() {
                for (media, content) in response["content"].as_object().into_iter().flatten() {
                    let at = format!("{route} {method} {status} {media}");
                    if let Some(value) = content.get("example") {
                        out.push(Example {
                            pointer: at.clone(),
                            status: status.clone(),
                            value: value.clone(),
                        });
                    }
                    for (name, example) in content["examples"].as_object().into_iter().flatten() {
                        out.push(Example {
                            pointer: format!("{at} examples/{name}"),
                            status: status.clone(),
                            value: example["value"].clone(),
                        });
                    }
                }
            }
        }
    }
    out
}

/// The example of `spec` whose pointer ends with `name`.
pub fn example(spec: &str, name: &str) -> Value {
    examples(spec)
        .into_iter()
        .find(|example| example.pointer.ends_with(name))
        .unwrap_or_else(|| panic!("{spec}: no example named {name}"))
        .value
}
