//! How much of each hand-written spec a draft of its pages reproduces: every item of an
//! operation of the spec (parameter, its type, mandatory flag, listed values, range, default
//! and example; body field, its type, values, range and default; response example) is
//! looked up in the draft of the operation's page (its `x-hwc-doc-source`, else the spec's),
//! and counted when the draft has it equally. Coverage = items the draft has equally / items
//! of the spec, per page. The bar is 90% per seed page (the spec's own
//! `x-hwc-doc-source`); the same bar holds for the OTC pages the specs transcribe.

use std::path::Path;

use hwc_codegen::pages::draft::draft;
use hwc_codegen::pages::read::read_page;
use serde_json::Value;

/// The bar.
const MIN_COVERAGE: f64 = 0.90;

#[test]
fn drafts_of_the_pages_cover_their_hand_written_specs() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut report = String::from("spec | page | items | in the draft | coverage\n");
    let mut failures = Vec::new();
    let mut seed_pages = 0;
    for spec_name in [
        "gaussdb-nosql",
        "rds",
        "dcs",
        "gaussdb-opengauss",
        "taurusdb",
    ] {
        let spec_path = root.join("specs").join(format!("{spec_name}.yaml"));
        let text = std::fs::read_to_string(&spec_path).expect("the spec");
        let spec: Value = serde_yaml::from_str(&text).expect("the spec is YAML");
        let seed = spec["x-hwc-doc-source"].as_str().expect("x-hwc-doc-source");
        for source in sources(&spec, seed) {
            let spec_items = items(&spec, |operation| {
                operation["x-hwc-doc-source"].as_str().unwrap_or(seed) == source
            });
            if spec_items.is_empty() {
                // The seed page of a spec whose operations all name other pages.
                continue;
            }
            seed_pages += usize::from(source == seed);
            let page =
                read_page(&root.join("../shared/docs").join(&source)).expect("the page reads");
            let drafted: Value =
                serde_yaml::from_str(&draft(&[page]).expect("a draft")).expect("the draft is YAML");
            let draft_items = items(&drafted, |_| true);
            let missing: Vec<&Item> = spec_items
                .iter()
                .filter(|item| !draft_items.contains(item))
                .collect();
            let found = spec_items.len() - missing.len();
            let coverage = found as f64 / spec_items.len() as f64;
            report.push_str(&format!(
                "{spec_name} | {source} | {} | {found} | {:.1}%\n",
                spec_items.len(),
                coverage * 100.0
            ));
            for item in &missing {
                report.push_str(&format!("    not in the draft: {item:?}\n"));
            }
            if coverage < MIN_COVERAGE {
                failures.push(format!("{spec_name} {source}: {:.1}%", coverage * 100.0));
            }
        }
    }
    println!("{report}");
    assert_eq!(seed_pages, 5, "the five seed pages are measured\n{report}");
    assert!(
        failures.is_empty(),
        "below {}%: {failures:?}\n{report}",
        MIN_COVERAGE * 100.0
    );
}

/// The pages a spec's operations name, the spec's own first.
fn sources(spec: &Value, seed: &str) -> Vec<String> {
    let mut sources = vec![seed.to_owned()];
    for methods in spec["paths"]
        .as_object()
        .into_iter()
        .flat_map(|p| p.values())
    {
        for operation in methods.as_object().into_iter().flat_map(|m| m.values()) {
            if let Some(source) = operation["x-hwc-doc-source"].as_str() {
                if !sources.iter().any(|known| known == source) {
                    sources.push(source.to_owned());
                }
            }
        }
    }
    sources
}

/// One thing a spec says: where (operation, then parameter or field path) and what.
#[derive(Debug, PartialEq)]
struct Item {
    at: String,
    what: &'static str,
    value: Value,
}

/// Every item of the operations of `spec` that `wanted` selects. Operations are keyed by method and path, the success response by
/// "success" (a draft may say `200` where the spec says `2XX`), other responses by status.
fn items(spec: &Value, wanted: impl Fn(&Value) -> bool) -> Vec<Item> {
    let mut items = Vec::new();
    let Some(paths) = spec["paths"].as_object() else {
        return items;
    };
    for (path, methods) in paths {
        let Some(methods) = methods.as_object() else {
            continue;
        };
        for (method, operation) in methods.iter().filter(|(_, operation)| wanted(operation)) {
            let at = format!("{} {path}", method.to_uppercase());
            for parameter in operation["parameters"].as_array().into_iter().flatten() {
                let parameter = resolve(spec, parameter);
                let at = format!(
                    "{at} {} {}",
                    parameter["in"].as_str().unwrap_or("?"),
                    parameter["name"].as_str().unwrap_or("?")
                );
                let mut push = |what, value: &Value| {
                    items.push(Item {
                        at: at.clone(),
                        what,
                        value: value.clone(),
                    })
                };
                push("parameter", &Value::Null);
                push("required", &parameter["required"]);
                if !parameter["example"].is_null() {
                    push("example", &parameter["example"]);
                }
                schema_items(spec, &parameter["schema"], &at, &mut items);
            }
            let body = &operation["requestBody"]["content"]["application/json"];
            media_items(spec, body, &format!("{at} request"), &mut items);
            let Some(responses) = operation["responses"].as_object() else {
                continue;
            };
            let mut success_seen = false;
            for (status, response) in responses {
                let success = status.starts_with('2') && !success_seen;
                success_seen |= success;
                let key = if success { "success" } else { status.as_str() };
                let media = &resolve(spec, response)["content"]["application/json"];
                media_items(spec, media, &format!("{at} {key}"), &mut items);
            }
        }
    }
    items
}

/// The fields of a body's schema and its examples (compared as values, names aside).
fn media_items(spec: &Value, media: &Value, at: &str, items: &mut Vec<Item>) {
    if media.is_null() {
        return;
    }
    fields(spec, &media["schema"], at, items, 0);
    for example in media["examples"]
        .as_object()
        .into_iter()
        .flat_map(|e| e.values())
    {
        items.push(Item {
            at: at.to_owned(),
            what: "example",
            value: resolve(spec, example)["value"].clone(),
        });
    }
}

/// Each property of an object schema (nested through `$ref` and `items`) and its items.
fn fields(spec: &Value, schema: &Value, at: &str, items: &mut Vec<Item>, depth: usize) {
    let schema = resolve(spec, schema);
    let schema = if schema["type"] == "array" {
        resolve(spec, &schema["items"])
    } else {
        schema
    };
    // Pages nest a few tables deep; a table pointing at itself must not recurse forever.
    if depth > 8 {
        return;
    }
    for (name, property) in schema["properties"].as_object().into_iter().flatten() {
        let at = format!("{at}.{name}");
        items.push(Item {
            at: at.clone(),
            what: "field",
            value: Value::Null,
        });
        schema_items(spec, property, &at, items);
        fields(spec, property, &at, items, depth + 1);
    }
}

/// The type of a schema (`integer/int32`, `string/hwc-date-time`, `array<object>`,
/// `object`), its listed values, range and default.
fn schema_items(spec: &Value, schema: &Value, at: &str, items: &mut Vec<Item>) {
    let resolved = resolve(spec, schema);
    let mut push = |what, value: Value| {
        items.push(Item {
            at: at.to_owned(),
            what,
            value,
        })
    };
    push("type", Value::String(type_name(spec, schema)));
    for value in resolved["enum"].as_array().into_iter().flatten() {
        push("value", value.clone());
    }
    for key in ["minimum", "maximum", "minLength", "maxLength"] {
        if !resolved[key].is_null() {
            push("range", serde_json::json!({ key: resolved[key] }));
        }
    }
    if !resolved["default"].is_null() {
        push("default", resolved["default"].clone());
    }
}

fn type_name(spec: &Value, schema: &Value) -> String {
    if schema.get("$ref").is_some() {
        return "object".into();
    }
    let schema = resolve(spec, schema);
    match schema["type"].as_str() {
        Some("array") => format!("array<{}>", type_name(spec, &schema["items"])),
        Some(ty) => match schema["format"].as_str() {
            Some(format) => format!("{ty}/{format}"),
            None => ty.to_owned(),
        },
        None => "any".into(),
    }
}

/// `value`, or what its local `$ref` points to.
fn resolve<'a>(spec: &'a Value, value: &'a Value) -> &'a Value {
    match value["$ref"].as_str().and_then(|r| r.strip_prefix('#')) {
        Some(pointer) => spec.pointer(pointer).unwrap_or(&Value::Null),
        None => value,
    }
}
