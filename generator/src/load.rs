//! Stage 1: spec text -> `openapiv3::OpenAPI`.
//!
//! YAML ([`yaml`]) and JSON are both read into a JSON value first: that converts non-string
//! mapping keys (`200:` or `true:` in YAML) to strings instead of failing. The
//! version decides what happens next: OpenAPI 3.0 is decoded as it is; OpenAPI 3.1
//! ([`v31`]) and Swagger 2.0 ([`swagger2`]) are first brought to the 3.0 shape, so the rest
//! of the pipeline reads one model; then the common defects of published specs are
//! forgiven with warnings ([`defects`]). Diagnostics point into the document as written
//! ([`Origin`]).

mod defects;
mod origin;
mod report;
mod schema;
mod swagger2;
mod v31;
mod yaml;

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::diagnostic::{Diagnostic, Diagnostics, Severity};
pub use origin::Origin;
use report::Report;

/// A parsed spec and where it came from.
#[derive(Debug)]
pub struct LoadedSpec {
    /// The file it was read from (used in diagnostics).
    pub file: PathBuf,
    /// The parsed document (in the OpenAPI 3.0 shape, whatever version was read).
    pub openapi: openapiv3::OpenAPI,
    /// The same document as JSON, as it was decoded into [`Self::openapi`]: `$ref`s that
    /// point outside `components/schemas` are resolved by JSON pointer into it.
    pub document: Value,
    /// Where the parts of a converted document were in the document as written.
    pub origin: Origin,
    /// The warnings (forgiven defects) and notes (documented loosenings) of the load.
    pub warnings: Vec<Diagnostic>,
}

/// The versions read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Version {
    /// OpenAPI 3.0.x.
    V30,
    /// OpenAPI 3.1.x.
    V31,
    /// Swagger 2.0.
    Swagger2,
}

/// Reads and parses the spec at `path`.
pub fn load_file(path: &Path) -> Result<LoadedSpec, Diagnostics> {
    let text = std::fs::read_to_string(path)
        .map_err(|error| Diagnostic::new(path, "#", format!("cannot read the spec: {error}")))?;
    load_str(path, &text)
}

/// Parses spec `text`; `file` is only used to locate diagnostics.
pub fn load_str(file: &Path, text: &str) -> Result<LoadedSpec, Diagnostics> {
    let mut report = Report::new(file);
    let mut integer_codes = Vec::new();
    let mut value = parse(file, text, &mut integer_codes)?;
    if let [first, ..] = integer_codes.as_slice() {
        report.warn(
            first,
            format!(
                "{} response code(s) are YAML integers (here and elsewhere); read as strings, \
                 which is what OpenAPI requires (quote them: '200':)",
                integer_codes.len()
            ),
        );
    }
    let version = check_version(file, &mut value, &mut report)?;
    let mut origin = Origin::default();
    match version {
        Version::V30 => {}
        Version::V31 => v31::convert(&mut value, &mut origin, &mut report),
        Version::Swagger2 => value = swagger2::convert(value, &mut origin, &mut report),
    }
    defects::forgive(&mut value, version, &origin, &mut report);
    if report.has_errors() {
        let errors = report.finish().into_iter();
        return Err(Diagnostics(
            errors.filter(|d| d.severity == Severity::Error).collect(),
        ));
    }
    let written = match version {
        Version::Swagger2 => "Swagger 2.0 (converted to OpenAPI 3.0)",
        Version::V31 => "OpenAPI 3.1 (read as OpenAPI 3.0)",
        Version::V30 => "OpenAPI 3.0",
    };
    // Tracking the path costs a string per mapping key of the document; it is only needed
    // to say where an error is, so a document that decodes is decoded without it, and one
    // that does not is decoded again with it.
    let parallel = text.len() >= PARALLEL_FROM;
    let decoded = parallel
        .then(|| decode_in_parallel(&value))
        .flatten()
        .map_or_else(
            || <openapiv3::OpenAPI as serde::Deserialize>::deserialize(&value),
            Ok,
        );
    let openapi = decoded
        .or_else(|_| serde_path_to_error::deserialize(&value))
        .map_err(|error| {
            let mut found = locate_in_paths(&value);
            if found.is_empty() {
                found.push((path_to_pointer(error.path()), error.inner().to_string()));
            }
            let diagnostics = found.into_iter().map(|(pointer, message)| {
                Diagnostic::new(
                    file,
                    origin.original(&pointer),
                    format!("not a valid {written} document: {message}"),
                )
            });
            Diagnostics(diagnostics.collect())
        })?;
    Ok(LoadedSpec {
        file: file.to_path_buf(),
        openapi,
        document: value,
        origin,
        warnings: report.finish(),
    })
}

/// Documents from this size on are parsed (YAML, in pieces) and decoded (in parts) on two
/// threads: parsing and decoding are most of loading a large spec (Stripe's 4 MB), and
/// below this size a thread costs more than it saves.
const PARALLEL_FROM: usize = 256 * 1024;

/// Decodes the document with its `paths` on a second thread: they and `components` are
/// nearly all of a large document, and each decodes the same on its own as inside the
/// whole. `None` when the document is not a mapping with `paths`, or when a part does not
/// decode: the caller decodes it whole, and reports errors from that.
fn decode_in_parallel(value: &Value) -> Option<openapiv3::OpenAPI> {
    use serde::Deserialize;
    let root = value.as_object()?;
    let paths = root.get("paths")?;
    let components = root.get("components");
    // The rest is small (info, servers, tags, extensions); `paths` stands in empty.
    let mut rest: serde_json::Map<String, Value> = root
        .iter()
        .filter(|(key, _)| *key != "paths" && *key != "components")
        .map(|(key, item)| (key.clone(), item.clone()))
        .collect();
    rest.insert("paths".to_owned(), Value::Object(serde_json::Map::new()));
    let rest = Value::Object(rest);
    std::thread::scope(|scope| {
        let paths = scope.spawn(|| openapiv3::Paths::deserialize(paths).ok());
        let components = match components {
            Some(components) => {
                Some(Option::<openapiv3::Components>::deserialize(components).ok()?)
            }
            None => None,
        };
        let openapi = openapiv3::OpenAPI::deserialize(&rest).ok();
        let paths = paths.join().ok().flatten()?;
        let mut openapi = openapi?;
        openapi.paths = paths;
        openapi.components = components.flatten();
        Some(openapi)
    })
}

/// Parses spec `text` (YAML or JSON) into a JSON value, prose made text, without checking
/// that it is OpenAPI: for readers that need what `openapiv3` drops (such as the
/// extensions beside a `$ref`); use [`load_str`] to check the document first.
pub fn parse_document(file: &Path, text: &str) -> Result<Value, Diagnostic> {
    parse(file, text, &mut Vec::new())
}

/// [`parse_document`], also listing where response codes are YAML integers.
fn parse(file: &Path, text: &str, integer_codes: &mut Vec<String>) -> Result<Value, Diagnostic> {
    // JSON is read as JSON: YAML forbids characters JSON allows in strings (C1 controls,
    // seen in a real 2 MB spec), and serde_json reports exact lines and columns.
    let mut value = if text.trim_start().starts_with('{') {
        serde_json::from_str(text).map_err(|error| {
            Diagnostic::new(file, "#", format!("cannot parse JSON: {error}"))
                .at(error.line(), error.column())
        })?
    } else {
        yaml::parse(file, text, integer_codes)?
    };
    stringify_prose(&mut value);
    Ok(value)
}

/// Keys whose value is prose: OpenAPI wants a string, and a YAML author who wrote
/// `description: false` or `version: 1.0` meant its text.
const PROSE_KEYS: &[&str] = &[
    "description",
    "summary",
    "title",
    "version",
    "termsOfService",
];

/// Keys whose value is data rather than OpenAPI structure: left exactly as written.
pub(crate) const DATA_KEYS: &[&str] = &["example", "examples", "default", "enum", "const"];

/// Turns boolean and number prose values into their text (see [`PROSE_KEYS`]), without
/// touching examples, defaults, enums or extensions.
fn stringify_prose(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, item) in map.iter_mut() {
                if key.starts_with("x-") || DATA_KEYS.contains(&key.as_str()) {
                    continue;
                }
                if PROSE_KEYS.contains(&key.as_str()) && (item.is_boolean() || item.is_number()) {
                    *item = Value::String(item.to_string());
                } else {
                    stringify_prose(item);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(stringify_prose),
        _ => {}
    }
}

/// The version the document declares. A version written as a YAML number
/// (`openapi: 3.0`) is read, with a warning: YAML made it a number, OpenAPI wants text.
fn check_version(
    file: &Path,
    value: &mut Value,
    report: &mut Report<'_>,
) -> Result<Version, Diagnostic> {
    let Some(root) = value.as_object_mut() else {
        return Err(Diagnostic::new(
            file,
            "#",
            "not an OpenAPI document: the top level is not a mapping",
        ));
    };
    let key = if root.contains_key("swagger") {
        "swagger"
    } else {
        "openapi"
    };
    let at = format!("#/{key}");
    let version = match root.get(key) {
        Some(Value::String(version)) => version.clone(),
        Some(Value::Number(number)) => {
            let text = number.to_string();
            report.warn(
                &at,
                format!(
                    "the version is the YAML number {text}, read as \"{text}\"; \
                     quote it: {key}: \"{text}\""
                ),
            );
            root.insert(key.to_owned(), Value::String(text.clone()));
            text
        }
        Some(other) => {
            return Err(Diagnostic::new(
                file,
                at,
                format!("the version must be text such as \"3.0.3\", found {other}"),
            ));
        }
        None => {
            return Err(Diagnostic::new(
                file,
                "#",
                "not an OpenAPI document: neither an `openapi` nor a `swagger` version field",
            ));
        }
    };
    let numbers: Vec<&str> = version.trim().split('.').collect();
    match (key, numbers.as_slice()) {
        ("swagger", ["2", "0"]) => Ok(Version::Swagger2),
        ("openapi", ["3", "0", ..]) => Ok(Version::V30),
        ("openapi", ["3", "1", ..]) => Ok(Version::V31),
        _ => Err(Diagnostic::new(
            file,
            at,
            format!("{key} version {version:?} is not supported: expected 2.0, 3.0.x or 3.1.x"),
        )),
    }
}

/// How many shape errors inside `paths` are reported at once.
const MAX_SHAPE_ERRORS: usize = 20;

/// `openapiv3` flattens extensions into its path items and operations, which hides where
/// inside them an error is; decoding the pieces one level at a time finds it, and finds
/// every broken operation rather than only the first.
fn locate_in_paths(value: &Value) -> Vec<(String, String)> {
    let escape = crate::diagnostic::escape_segment;
    let mut found = Vec::new();
    let paths = value.get("paths").and_then(Value::as_object);
    for (route, item) in paths.into_iter().flatten() {
        if found.len() >= MAX_SHAPE_ERRORS {
            break;
        }
        if route.starts_with("x-") {
            continue;
        }
        let item_at = format!("#/paths/{}", escape(route));
        let before = found.len();
        // Only the methods are operations: `parameters`, `summary`, `servers` and the
        // extensions of a path item are not (reading them as operations reported a broken
        // parameter at the path-level `parameters` of every path).
        let operations = item.as_object().into_iter().flatten();
        for (method, operation) in operations.filter(|(key, _)| METHODS.contains(&key.as_str())) {
            let op_at = format!("{item_at}/{}", escape(method));
            if let Some(error) = check_operation(operation, &op_at) {
                found.push(error);
            }
        }
        if found.len() == before {
            found.extend(check_parameters(item, &item_at));
        }
        // Errors elsewhere in the path item (a non-object item, a bad `servers`).
        if found.len() == before {
            found.extend(check::<openapiv3::ReferenceOr<openapiv3::PathItem>>(
                item, &item_at,
            ));
        }
    }
    found
}

/// Decodes `value` as `T`; on failure, the pointer (under `at`) and the reason.
fn check<T: serde::de::DeserializeOwned>(value: &Value, at: &str) -> Option<(String, String)> {
    let error = serde_path_to_error::deserialize::<_, T>(value).err()?;
    let inner = path_to_pointer(error.path());
    let pointer = format!("{at}{}", inner.trim_start_matches('#'));
    Some((pointer, error.inner().to_string()))
}

/// The HTTP methods a path item holds operations under.
const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// The first error among the `parameters` of a path item or operation.
fn check_parameters(owner: &Value, at: &str) -> Option<(String, String)> {
    use openapiv3::{Parameter, ReferenceOr};
    let params = owner.get("parameters").and_then(Value::as_array);
    params
        .into_iter()
        .flatten()
        .enumerate()
        .find_map(|(index, param)| {
            check::<ReferenceOr<Parameter>>(param, &format!("{at}/parameters/{index}"))
        })
}

/// The first error inside one operation: its parameters, body, responses, then the rest.
fn check_operation(operation: &Value, op_at: &str) -> Option<(String, String)> {
    use openapiv3::{ReferenceOr, RequestBody, Response};
    if let Some(found) = check_parameters(operation, op_at) {
        return Some(found);
    }
    if let Some(found) = operation
        .get("requestBody")
        .and_then(|body| check::<ReferenceOr<RequestBody>>(body, &format!("{op_at}/requestBody")))
    {
        return Some(found);
    }
    let responses = operation.get("responses").and_then(Value::as_object);
    for (status, response) in responses.into_iter().flatten() {
        let at = format!(
            "{op_at}/responses/{}",
            crate::diagnostic::escape_segment(status)
        );
        if let Some(found) = check::<ReferenceOr<Response>>(response, &at) {
            return Some(found);
        }
    }
    check::<openapiv3::Operation>(operation, op_at)
}

/// Converts serde_path_to_error's path (`paths./pets.get`) to a JSON pointer.
fn path_to_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut pointer = String::from("#");
    for segment in path.iter() {
        let text = match segment {
            Segment::Seq { index } => index.to_string(),
            Segment::Map { key } => key.clone(),
            Segment::Enum { variant } => variant.clone(),
            Segment::Unknown => continue,
        };
        pointer.push('/');
        pointer.push_str(&crate::diagnostic::escape_segment(&text));
    }
    pointer
}

// Compiled only for `cargo test` (the no-panic lints are off there, see lib.rs): these
// panics report a failed test on fixed fixtures and are unreachable from any input.
#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> Result<LoadedSpec, Diagnostics> {
        load_str(Path::new("spec.yaml"), text)
    }

    fn first(result: Result<LoadedSpec, Diagnostics>) -> Diagnostic {
        match result {
            Ok(_) => Diagnostic::new(Path::new("-"), "-", "unexpectedly loaded"),
            Err(d) => {
                d.0.into_iter()
                    .next()
                    .unwrap_or_else(|| Diagnostic::new(Path::new("-"), "-", "empty diagnostics"))
            }
        }
    }

    #[test]
    fn decoding_in_parts_is_decoding_the_whole() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut texts = vec![crate::test_specs::PETS.to_owned()];
        for dir in ["specs", "tests/fixtures"] {
            for entry in std::fs::read_dir(root.join(dir)).unwrap_or_else(|e| panic!("{e}")) {
                let path = entry.unwrap_or_else(|e| panic!("{e}")).path();
                if path.extension().is_some_and(|e| e == "yaml") {
                    texts.push(std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{e}")));
                }
            }
        }
        let mut decoded = 0;
        for text in texts {
            let Ok(value) = parse(Path::new("s.yaml"), &text, &mut Vec::new()) else {
                continue;
            };
            let whole = <openapiv3::OpenAPI as serde::Deserialize>::deserialize(&value).ok();
            let parts = decode_in_parallel(&value);
            assert_eq!(parts, whole.filter(|_| value.get("paths").is_some()));
            decoded += usize::from(parts.is_some());
        }
        assert!(decoded > 5, "{decoded}");
    }

    #[test]
    fn integer_status_keys_become_strings() {
        let spec = load(
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        200: {description: ok}\n",
        );
        let spec = spec.map_err(|d| d.to_string());
        assert!(spec.is_ok(), "{spec:?}");
    }

    #[test]
    fn integer_status_codes_are_one_warning_at_the_first() {
        let spec = load(
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        200: {description: ok}\n        404: {description: no}\n",
        )
        .unwrap_or_else(|d| panic!("{d}"));
        let [warning] = spec.warnings.as_slice() else {
            panic!("{:?}", spec.warnings);
        };
        assert_eq!(warning.severity, Severity::Warning);
        assert_eq!(warning.pointer, "#/paths/~1a/get/responses/200");
        assert!(
            warning
                .message
                .starts_with("2 response code(s) are YAML integers")
        );
    }

    #[test]
    fn a_version_written_as_a_yaml_number_is_read_with_a_warning() {
        let spec = load("openapi: 3.0\ninfo: {title: t, version: '1'}\npaths: {}\n")
            .unwrap_or_else(|d| panic!("{d}"));
        assert_eq!(spec.openapi.openapi, "3.0");
        assert_eq!(spec.warnings.len(), 1);
        assert_eq!(spec.warnings[0].pointer, "#/openapi");
        assert!(spec.warnings[0].message.contains("YAML number 3.0"));
        let spec = load("swagger: 2.0\ninfo: {title: t, version: '1'}\npaths: {}\n")
            .unwrap_or_else(|d| panic!("{d}"));
        assert_eq!(spec.warnings[0].pointer, "#/swagger");
    }

    #[test]
    fn unknown_and_missing_versions_say_what_is_wrong() {
        let d = first(load(
            "openapi: 4.0.0\ninfo: {title: t, version: '1'}\npaths: {}\n",
        ));
        assert_eq!(d.pointer, "#/openapi");
        assert!(d.message.contains("\"4.0.0\" is not supported"), "{d}");
        let d = first(load("swagger: '1.2'\ninfo: {title: t, version: '1'}\n"));
        assert_eq!(d.pointer, "#/swagger");
        let d = first(load("info: {title: t, version: '1'}\n"));
        assert_eq!(d.pointer, "#");
        assert!(d.message.contains("neither"), "{d}");
        let d = first(load("openapi: [3]\n"));
        assert_eq!(d.pointer, "#/openapi");
    }

    #[test]
    fn a_broken_path_level_parameter_is_reported_once_where_it_is() {
        // A header parameter whose `in` is misspelled under one path only; the other paths
        // have path-level parameters too and must not be blamed.
        let result = load(
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    parameters: [{name: x, in: headr, schema: {type: string}}]\n    get: {responses: {'200': {description: ok}}}\n  /b:\n    parameters: [{name: y, in: header, schema: {type: string}}]\n    get: {responses: {'200': {description: ok}}}\n",
        );
        let Err(diagnostics) = result else {
            panic!("loaded a broken spec");
        };
        let found: Vec<&str> = diagnostics.iter().map(|d| d.pointer.as_str()).collect();
        assert_eq!(found, ["#/paths/~1a/parameters/0"], "{diagnostics}");
        assert!(
            diagnostics.0[0].message.contains("unknown variant `headr`"),
            "{diagnostics}"
        );
    }

    #[test]
    fn syntax_errors_carry_line_and_column() {
        let d = first(load("openapi: 3.0.3\ninfo: [unclosed\n"));
        assert_eq!(d.pointer, "#");
        assert!(d.location.is_some(), "{d}");
    }

    #[test]
    fn json_is_read_as_json() {
        // U+009F is a C1 control: valid in a JSON string, refused by YAML (tpac-sendgrid.json).
        let spec = load(
            "{\"openapi\": \"3.0.3\", \"info\": {\"title\": \"t\u{9f}\", \"version\": \"1\"}, \"paths\": {}}",
        );
        let spec = spec.map_err(|d| d.to_string());
        assert!(spec.is_ok(), "{spec:?}");
    }

    #[test]
    fn json_syntax_errors_carry_line_and_column() {
        let d = first(load("{\"openapi\": \"3.0.3\",\n  \"info\": }"));
        assert_eq!(d.location, Some((2, 11)), "{d}");
    }

    #[test]
    fn prose_that_is_not_a_string_becomes_text() {
        // `description: false` in libopenapi-fixture-badref-burgershop.yaml; `version: 1.0`.
        let spec = load(
            "openapi: 3.0.3\ninfo: {title: t, version: 1.0}\ntags: [{name: a, description: false}]\npaths: {}\n",
        )
        .map_err(|d| d.to_string());
        let Ok(spec) = spec else {
            panic!("{spec:?}");
        };
        assert_eq!(spec.openapi.info.version, "1.0");
        assert_eq!(spec.openapi.tags[0].description.as_deref(), Some("false"));
    }

    #[test]
    fn every_broken_operation_is_reported() {
        let result = load(
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      parameters: [{name: x, in: nowhere}]\n      responses: {}\n  /b:\n    get:\n      responses: {'200': {description: 7, content: []}}\n",
        );
        let Err(diagnostics) = result else {
            panic!("loaded a broken spec");
        };
        let pointers: Vec<&str> = diagnostics.iter().map(|d| d.pointer.as_str()).collect();
        assert_eq!(pointers.len(), 2, "{diagnostics}");
        assert_eq!(pointers[0], "#/paths/~1a/get/parameters/0");
        assert!(
            pointers[1].starts_with("#/paths/~1b/get/responses/200"),
            "{diagnostics}"
        );
    }

    #[test]
    fn shape_errors_carry_a_pointer() {
        let d = first(load(
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      parameters:\n        - {name: x, in: nowhere}\n      responses: {}\n",
        ));
        assert_eq!(d.pointer, "#/paths/~1a/get/parameters/0");
    }
}
