//! `hwc-codegen docs draft`: API reference pages -> an OpenAPI 3.0.3 draft following
//! `specs/README.md`.
//!
//! The draft is built as a `serde_json` value (key order kept) and written as YAML, so it
//! always parses and the same pages always give the same text. Wherever a page leaves a
//! decision open (a type word the reader does not know, an `Object` with no table, a field
//! an example has and no table lists, no endpoint host), the nearest object gets an
//! `x-hwc-todo` note saying what to decide; nothing is silently guessed.

mod examples;
mod operation;
mod parameters;
mod schema;
mod servers;

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};

use serde_json::{Map, Value, json};

use crate::diagnostic::{Diagnostic, Diagnostics, escape_segment};
use crate::pages::model::Page;

use schema::Components;

/// Writes an OpenAPI 3.0.3 YAML draft of every operation of `pages`.
///
/// Fails only when the pages document no operation at all (there is nothing to draft); a
/// page without operations beside others is a note in the draft.
pub fn draft(pages: &[Page]) -> Result<String, Diagnostics> {
    let mut components = Components::default();
    let mut paths = Map::new();
    let mut operation_ids = BTreeSet::new();
    let mut hosts = Vec::new();
    let mut problems = Vec::new();
    let mut first_source: Option<String> = None;
    for page in pages {
        if page.operations.is_empty() {
            problems.push(Diagnostic::new(
                &page.file,
                "#",
                "the page documents no operation (no `METHOD /path` line was found)",
            ));
        }
        let source = source_name(&page.file);
        for operation in &page.operations {
            let mut drafted =
                operation::draft_operation(operation, &mut components, &mut operation_ids);
            // The first page is the spec's `x-hwc-doc-source`; an operation of another page
            // names its own, as the specs do.
            if *first_source.get_or_insert_with(|| source.clone()) != source {
                drafted.insert("x-hwc-doc-source".into(), json!(source));
            }
            let item = paths
                .entry(operation.path.clone())
                .or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(item) = item {
                item.insert(
                    operation.method.to_ascii_lowercase(),
                    Value::Object(drafted),
                );
            }
            hosts.extend(operation.hosts.iter().map(|host| host.value.as_str()));
        }
    }
    if paths.is_empty() {
        return Err(Diagnostics(problems));
    }

    let mut document = Map::new();
    document.insert("openapi".into(), json!("3.0.3"));
    document.insert("info".into(), info(pages, &paths));
    if let Some(source) = first_source {
        document.insert("x-hwc-doc-source".into(), json!(source));
    }
    let (servers, server_notes) = servers::servers(&hosts);
    if !servers.is_empty() {
        document.insert("servers".into(), Value::Array(servers));
    }
    for note in server_notes {
        todo(&mut document, note);
    }
    // Pages without operations beside pages with some: said in the draft, not an error.
    for problem in problems {
        todo(
            &mut document,
            format!("{}: {}", source_name(&problem.file), problem.message),
        );
    }
    document.insert("security".into(), json!([{ "iam_token": [] }]));
    document.insert("paths".into(), Value::Object(paths));
    document.insert("components".into(), components.into_value());
    serde_yaml::to_string(&Value::Object(document)).map_err(|error| {
        Diagnostics::from(Diagnostic::new(
            pages
                .first()
                .map_or_else(|| Path::new("-"), |page| page.file.as_path()),
            "#",
            format!("cannot write the draft as YAML: {error}"),
        ))
    })
}

/// Adds a note to `object`'s `x-hwc-todo`: a string for the first note, a list once there
/// are more (the shape of `x-hwc-doc-issue`).
pub(crate) fn todo(object: &mut Map<String, Value>, note: impl Into<String>) {
    let note = Value::String(note.into());
    match object.get_mut("x-hwc-todo") {
        None => {
            object.insert("x-hwc-todo".into(), note);
        }
        Some(Value::Array(notes)) => {
            if !notes.contains(&note) {
                notes.push(note);
            }
        }
        Some(existing) => {
            if *existing != note {
                let first = existing.take();
                *existing = Value::Array(vec![first, note]);
            }
        }
    }
}

/// Acknowledges a difference between the draft and its page in `object`'s
/// `x-hwc-doc-differs` (specs/README.md): `kind: reason`, or `kind: {item: reason}` for the
/// kinds that name one of several items.
pub(crate) fn differs(
    object: &mut Map<String, Value>,
    kind: &str,
    item: Option<&str>,
    reason: impl Into<String>,
) {
    let reason = Value::String(reason.into());
    let entries = object
        .entry("x-hwc-doc-differs")
        .or_insert_with(|| Value::Object(Map::new()));
    let Value::Object(entries) = entries else {
        return;
    };
    match item {
        None => {
            entries.insert(kind.to_owned(), reason);
        }
        Some(item) => {
            if let Value::Object(items) = entries
                .entry(kind)
                .or_insert_with(|| Value::Object(Map::new()))
            {
                items.insert(item.to_owned(), reason);
            }
        }
    }
}

/// `info`: the first page's title, the API version from the first path segment.
fn info(pages: &[Page], paths: &Map<String, Value>) -> Value {
    let title = pages
        .iter()
        .find_map(|page| page.title.clone())
        .unwrap_or_else(|| "API".into());
    let version = paths
        .keys()
        .next()
        .and_then(|path| path.split('/').find(|segment| !segment.is_empty()))
        .filter(|segment| segment.starts_with('v') && !segment.contains('{'))
        .unwrap_or("draft")
        .to_owned();
    let files: Vec<String> = pages.iter().map(|page| source_name(&page.file)).collect();
    json!({
        "title": title,
        "version": version,
        "description": format!(
            "Drafted by `hwc-codegen docs draft` from {}. Review every `x-hwc-todo` note, then \
             remove it.",
            files.join(", ")
        ),
    })
}

/// A page's name as `x-hwc-doc-source` gives it: relative to the docs directory (the last
/// `docs` component of the path) when there is one, as in `otc/rds/creating.rst`, else the
/// path as given.
fn source_name(file: &Path) -> String {
    let components: Vec<Component<'_>> = file.components().collect();
    let after_docs = components
        .iter()
        .rposition(|component| component.as_os_str() == "docs")
        .map(|index| components.iter().skip(index + 1).collect::<PathBuf>());
    match after_docs {
        Some(relative) if !relative.as_os_str().is_empty() => relative,
        _ => file.to_path_buf(),
    }
    .to_string_lossy()
    .replace('\\', "/")
}

/// A `$ref` to a component schema.
pub(crate) fn schema_ref(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{}", escape_segment(name)) })
}
