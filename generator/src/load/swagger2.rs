//! Swagger 2.0 -> the OpenAPI 3.0 shape `openapiv3` reads.
//!
//! The conversion follows the 3.0 specification's own mapping (and swagger2openapi's):
//! `host`/`basePath`/`schemes` -> `servers`; `definitions`, `parameters`, `responses`,
//! `securityDefinitions` -> `components`; a `body` parameter -> `requestBody` in each
//! media type of `consumes`; `formData` parameters -> one object `requestBody`
//! (`multipart/form-data` when a file is sent or `consumes` says so, else
//! `application/x-www-form-urlencoded`); a response's `schema` -> `content` in each media
//! type of `produces`; `collectionFormat` -> `style`/`explode`. Every moved subtree is
//! recorded in [`Origin`], so diagnostics point into the 2.0 document as written.

use serde_json::{Map, Value, json};

use super::origin::Origin;
use super::report::Report;
use super::schema::{Dialect, normalize};
use super::v31::retarget_refs;
use crate::diagnostic::pointer;

/// The keywords of a non-body 2.0 parameter (or header) that describe its value: they
/// move into the 3.0 `schema`.
const VALUE_KEYWORDS: &[&str] = &[
    "type",
    "format",
    "items",
    "default",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "enum",
    "multipleOf",
    "x-nullable",
];

const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch"];

/// The media type assumed when `consumes`/`produces` say nothing.
const JSON: &str = "application/json";

/// Converts a 2.0 `document` (already known to say `swagger: "2.0"`).
pub(crate) fn convert(document: Value, origin: &mut Origin, report: &mut Report<'_>) -> Value {
    let Value::Object(source) = document else {
        return document;
    };
    let converter = Converter {
        consumes: media_list(source.get("consumes")),
        produces: media_list(source.get("produces")),
        parameters: source
            .get("parameters")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default(),
    };
    let mut out = Map::new();
    out.insert("openapi".into(), json!("3.0.3"));
    for key in ["info", "tags", "externalDocs", "security"] {
        if let Some(value) = source.get(key) {
            out.insert(key.into(), value.clone());
        }
    }
    for (key, value) in source.iter().filter(|(key, _)| key.starts_with("x-")) {
        out.insert(key.clone(), value.clone());
    }
    out.insert("servers".into(), servers(&source));
    origin.record("#/servers", "#/host");
    let components = converter.components(&source, origin, report);
    out.insert("paths".into(), converter.paths(&source, origin, report));
    out.insert("components".into(), Value::Object(components));
    let mut out = Value::Object(out);
    for (old, new) in [
        ("#/definitions", "#/components/schemas"),
        ("#/responses", "#/components/responses"),
        ("#/parameters", "#/components/parameters"),
    ] {
        retarget_refs(&mut out, old, new);
    }
    out
}

/// `host`, `basePath` and `schemes` -> one server per scheme (`https` when none is given);
/// without a host, the base path alone (relative to wherever the client points).
fn servers(source: &Map<String, Value>) -> Value {
    let base = source
        .get("basePath")
        .and_then(Value::as_str)
        .unwrap_or("")
        .trim_end_matches('/');
    let Some(host) = source.get("host").and_then(Value::as_str) else {
        let url = if base.is_empty() { "/" } else { base };
        return json!([{ "url": url }]);
    };
    let mut schemes: Vec<&str> = source
        .get("schemes")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .filter(|scheme| matches!(*scheme, "http" | "https"))
        .collect();
    if schemes.is_empty() {
        schemes.push("https");
    }
    Value::Array(
        schemes
            .into_iter()
            .map(|scheme| json!({ "url": format!("{scheme}://{host}{base}") }))
            .collect(),
    )
}

/// The media types of a `consumes`/`produces` list.
fn media_list(value: Option<&Value>) -> Vec<String> {
    value
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .map(str::to_owned)
        .collect()
}

/// The document-wide defaults and the top-level parameters `$ref`s may name.
struct Converter {
    consumes: Vec<String>,
    produces: Vec<String>,
    parameters: Map<String, Value>,
}

/// An operation's (or path item's) parameters, sorted by where 3.0 puts them.
#[derive(Default)]
struct Split {
    /// 3.0 parameters, each with the pointer of the 2.0 parameter it came from.
    parameters: Vec<(Value, String)>,
    /// The `body` parameter (or a `$ref` to a top-level one), with its pointer.
    body: Option<(Value, String)>,
    /// `formData` parameters, with their pointers.
    form: Vec<(Map<String, Value>, String)>,
}

impl Converter {
    fn components(
        &self,
        source: &Map<String, Value>,
        origin: &mut Origin,
        report: &mut Report<'_>,
    ) -> Map<String, Value> {
        let mut components = Map::new();
        let mut schemas = Map::new();
        for (name, schema) in entries(source, "definitions") {
            let mut schema = schema.clone();
            normalize(
                &mut schema,
                &pointer("#/definitions", &[name]),
                Dialect::Swagger2,
                report,
            );
            schemas.insert(name.clone(), schema);
        }
        origin.record("#/components/schemas", "#/definitions");
        let mut parameters = Map::new();
        let mut bodies = Map::new();
        for (name, parameter) in &self.parameters {
            let at = pointer("#/parameters", &[name]);
            match parameter.get("in").and_then(Value::as_str) {
                Some("body") => {
                    let body_at = pointer("#/components/requestBodies", &[name]);
                    let body =
                        self.request_body(parameter, &at, &self.consumes, &body_at, origin, report);
                    bodies.insert(name.clone(), body);
                }
                // Inlined where used: several of them make one body.
                Some("formData") => {}
                _ => {
                    let converted = parameter_3(parameter, &at, report);
                    origin.record(
                        pointer("#/components/parameters", &[name, "schema"]),
                        at.clone(),
                    );
                    parameters.insert(name.clone(), converted);
                }
            }
        }
        origin.record("#/components/parameters", "#/parameters");
        let mut responses = Map::new();
        for (name, response) in entries(source, "responses") {
            let at = pointer("#/responses", &[name]);
            let new_at = pointer("#/components/responses", &[name]);
            responses.insert(
                name.clone(),
                response_3(response, &self.produces, &at, &new_at, origin, report),
            );
        }
        let mut schemes = Map::new();
        for (name, scheme) in entries(source, "securityDefinitions") {
            let at = pointer("#/securityDefinitions", &[name]);
            if let Some(scheme) = security_scheme(scheme, &at, report) {
                schemes.insert(name.clone(), scheme);
            }
        }
        origin.record("#/components/securitySchemes", "#/securityDefinitions");
        for (key, map) in [
            ("schemas", schemas),
            ("parameters", parameters),
            ("requestBodies", bodies),
            ("responses", responses),
            ("securitySchemes", schemes),
        ] {
            if !map.is_empty() {
                components.insert(key.into(), Value::Object(map));
            }
        }
        components
    }

    fn paths(
        &self,
        source: &Map<String, Value>,
        origin: &mut Origin,
        report: &mut Report<'_>,
    ) -> Value {
        let mut paths = Map::new();
        for (route, item) in entries(source, "paths") {
            let item_at = pointer("#/paths", &[route]);
            let Value::Object(item) = item else {
                // Not a path item: `openapiv3` reports it at the same place.
                paths.insert(route.clone(), item.clone());
                continue;
            };
            let shared = self.split(item.get("parameters"), &item_at, report);
            let mut out = Map::new();
            for (key, value) in item {
                let op_at = pointer(&item_at, &[key]);
                if METHODS.contains(&key.as_str()) {
                    if let Value::Object(operation) = value {
                        let converted = self.operation(operation, &shared, &op_at, origin, report);
                        out.insert(key.clone(), Value::Object(converted));
                        continue;
                    }
                }
                if key != "parameters" {
                    out.insert(key.clone(), value.clone());
                }
            }
            if !shared.parameters.is_empty() {
                out.insert(
                    "parameters".into(),
                    placed(
                        &shared.parameters,
                        &pointer(&item_at, &["parameters"]),
                        origin,
                    ),
                );
            }
            paths.insert(route.clone(), Value::Object(out));
        }
        Value::Object(paths)
    }

    /// Sorts a 2.0 parameter list into 3.0 parameters, the body and the form fields.
    fn split(&self, list: Option<&Value>, at: &str, report: &mut Report<'_>) -> Split {
        let mut split = Split::default();
        for (index, parameter) in list
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            let param_at = pointer(at, &["parameters", &index.to_string()]);
            // A `$ref` to a top-level parameter: its kind decides where it goes.
            let target = parameter
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| r.strip_prefix("#/parameters/"))
                .map(|name| name.replace("~1", "/").replace("~0", "~"));
            let (resolved, resolved_at) = match &target {
                Some(name) => match self.parameters.get(name) {
                    Some(found) => (found, pointer("#/parameters", &[name])),
                    None => (parameter, param_at.clone()),
                },
                None => (parameter, param_at.clone()),
            };
            match resolved.get("in").and_then(Value::as_str) {
                Some("body") => {
                    let body = match &target {
                        Some(name) => {
                            json!({"$ref": pointer("#/components/requestBodies", &[name])})
                        }
                        None => resolved.clone(),
                    };
                    split.body = Some((body, param_at));
                }
                Some("formData") => {
                    if let Value::Object(field) = resolved {
                        split.form.push((field.clone(), resolved_at));
                    }
                }
                _ if target.is_some() => split.parameters.push((parameter.clone(), param_at)),
                _ => {
                    let converted = parameter_3(parameter, &param_at, report);
                    split.parameters.push((converted, param_at));
                }
            }
        }
        split
    }

    fn operation(
        &self,
        operation: &Map<String, Value>,
        shared: &Split,
        at: &str,
        origin: &mut Origin,
        report: &mut Report<'_>,
    ) -> Map<String, Value> {
        let consumes = operation
            .get("consumes")
            .map_or_else(|| self.consumes.clone(), |v| media_list(Some(v)));
        let produces = operation
            .get("produces")
            .map_or_else(|| self.produces.clone(), |v| media_list(Some(v)));
        let own = self.split(operation.get("parameters"), at, report);
        let mut out = Map::new();
        for (key, value) in operation {
            match key.as_str() {
                "consumes" | "produces" | "parameters" | "responses" | "schemes" => {}
                _ => {
                    out.insert(key.clone(), value.clone());
                }
            }
        }
        if !own.parameters.is_empty() {
            out.insert(
                "parameters".into(),
                placed(&own.parameters, &pointer(at, &["parameters"]), origin),
            );
        }
        let body_at = pointer(at, &["requestBody"]);
        if let Some((body, body_from)) = own.body.as_ref().or(shared.body.as_ref()) {
            let converted = if body.get("$ref").is_some() {
                origin.record(body_at.clone(), body_from.clone());
                body.clone()
            } else {
                self.request_body(body, body_from, &consumes, &body_at, origin, report)
            };
            out.insert("requestBody".into(), converted);
        } else {
            // Operation-level form fields replace path-level ones of the same name.
            let mut form: Vec<&(Map<String, Value>, String)> = own.form.iter().collect();
            for field in &shared.form {
                if !own
                    .form
                    .iter()
                    .any(|(f, _)| f.get("name") == field.0.get("name"))
                {
                    form.push(field);
                }
            }
            if !form.is_empty() {
                out.insert(
                    "requestBody".into(),
                    form_body(&form, &consumes, &body_at, origin, report),
                );
            }
        }
        let responses_at = pointer(at, &["responses"]);
        match operation.get("responses") {
            Some(Value::Object(responses)) => {
                let mut converted = Map::new();
                for (status, response) in responses {
                    let response_at = pointer(&responses_at, &[status]);
                    let value = if status.starts_with("x-") {
                        response.clone()
                    } else {
                        response_3(
                            response,
                            &produces,
                            &response_at,
                            &response_at,
                            origin,
                            report,
                        )
                    };
                    converted.insert(status.clone(), value);
                }
                out.insert("responses".into(), Value::Object(converted));
            }
            // Missing or not a map: the defects pass (or `openapiv3`) says so.
            Some(other) => {
                out.insert("responses".into(), other.clone());
            }
            None => {}
        }
        out
    }

    /// A `body` parameter -> a request body, its schema in each media type of `consumes`.
    fn request_body(
        &self,
        parameter: &Value,
        at: &str,
        consumes: &[String],
        new_at: &str,
        origin: &mut Origin,
        report: &mut Report<'_>,
    ) -> Value {
        let mut schema = parameter
            .get("schema")
            .cloned()
            .unwrap_or_else(|| json!({}));
        normalize(
            &mut schema,
            &pointer(at, &["schema"]),
            Dialect::Swagger2,
            report,
        );
        let mut body = Map::new();
        copy(parameter, &mut body, &["description", "required"]);
        copy_extensions(parameter, &mut body);
        let media: Vec<&str> = if consumes.is_empty() {
            vec![JSON]
        } else {
            consumes.iter().map(String::as_str).collect()
        };
        let mut content = Map::new();
        for media_type in media {
            content.insert(media_type.to_owned(), json!({ "schema": schema }));
            origin.record(
                pointer(new_at, &["content", media_type, "schema"]),
                pointer(at, &["schema"]),
            );
        }
        body.insert("content".into(), Value::Object(content));
        origin.record(new_at, at);
        Value::Object(body)
    }
}

/// 3.0 parameters, each recorded as coming from its 2.0 parameter (the value keywords of
/// which are now under `schema`).
fn placed(list: &[(Value, String)], at: &str, origin: &mut Origin) -> Value {
    for (index, (_, from)) in list.iter().enumerate() {
        let now = pointer(at, &[&index.to_string()]);
        origin.record(pointer(&now, &["schema"]), from.clone());
        origin.record(now, from.clone());
    }
    Value::Array(list.iter().map(|(value, _)| value.clone()).collect())
}

/// A 2.0 query/path/header parameter -> 3.0: value keywords into `schema`,
/// `collectionFormat` into `style`/`explode`.
fn parameter_3(parameter: &Value, at: &str, report: &mut Report<'_>) -> Value {
    let Value::Object(source) = parameter else {
        return parameter.clone();
    };
    let mut out = Map::new();
    let mut schema = Map::new();
    for (key, value) in source {
        if VALUE_KEYWORDS.contains(&key.as_str()) {
            schema.insert(key.clone(), value.clone());
        } else if !matches!(key.as_str(), "collectionFormat" | "allowEmptyValue") {
            out.insert(key.clone(), value.clone());
        }
    }
    let location = source.get("in").and_then(Value::as_str).unwrap_or("query");
    if schema.get("type").and_then(Value::as_str) == Some("array") {
        let format = source
            .get("collectionFormat")
            .and_then(Value::as_str)
            .unwrap_or("csv");
        let (style, explode) = match (format, location) {
            ("multi", _) => ("form", true),
            ("ssv", "query") => ("spaceDelimited", false),
            ("pipes", "query") => ("pipeDelimited", false),
            (_, "query" | "cookie") => ("form", false),
            _ => ("simple", false),
        };
        if !matches!(format, "csv" | "multi" | "ssv" | "pipes")
            || (matches!(format, "ssv" | "pipes") && location != "query")
        {
            report.note(
                "collectionFormat",
                &pointer(at, &["collectionFormat"]),
                format!("`collectionFormat: {format}` has no OpenAPI 3.0 counterpart here: the values are sent comma-separated"),
            );
        }
        out.insert("style".into(), json!(style));
        out.insert("explode".into(), json!(explode));
    }
    if !schema.is_empty() {
        let mut schema = strip_item_formats(Value::Object(schema));
        normalize(&mut schema, at, Dialect::Swagger2, report);
        out.insert("schema".into(), schema);
    }
    Value::Object(out)
}

/// Nested `items` of a 2.0 parameter carry their own `collectionFormat`, which a schema
/// does not have.
fn strip_item_formats(mut schema: Value) -> Value {
    let mut current = &mut schema;
    while let Some(items) = current.get_mut("items") {
        if let Value::Object(map) = items {
            map.remove("collectionFormat");
        }
        current = items;
    }
    schema
}

/// `formData` fields -> one object body: multipart when a file is sent or `consumes`
/// asks for it, else URL-encoded.
fn form_body(
    form: &[&(Map<String, Value>, String)],
    consumes: &[String],
    at: &str,
    origin: &mut Origin,
    report: &mut Report<'_>,
) -> Value {
    let has_file = form
        .iter()
        .any(|(field, _)| field.get("type").and_then(Value::as_str) == Some("file"));
    let multipart = has_file
        || consumes
            .iter()
            .any(|m| m.starts_with("multipart/form-data"));
    let media = if multipart {
        "multipart/form-data"
    } else {
        "application/x-www-form-urlencoded"
    };
    let schema_at = pointer(at, &["content", media, "schema"]);
    let mut properties = Map::new();
    let mut required = Vec::new();
    for (field, from) in form {
        let Some(name) = field.get("name").and_then(Value::as_str) else {
            report.error(from, "a `formData` parameter needs a `name`");
            continue;
        };
        let mut schema = Map::new();
        for (key, value) in field
            .iter()
            .filter(|(key, _)| VALUE_KEYWORDS.contains(&key.as_str()))
        {
            schema.insert(key.clone(), value.clone());
        }
        copy(
            &Value::Object((*field).clone()),
            &mut schema,
            &["description"],
        );
        let mut schema = strip_item_formats(Value::Object(schema));
        normalize(&mut schema, from, Dialect::Swagger2, report);
        if field.get("required") == Some(&Value::Bool(true)) {
            required.push(json!(name));
        }
        origin.record(pointer(&schema_at, &["properties", name]), from.clone());
        properties.insert(name.to_owned(), schema);
    }
    let mut schema = Map::new();
    schema.insert("type".into(), json!("object"));
    schema.insert("properties".into(), Value::Object(properties));
    if !required.is_empty() {
        schema.insert("required".into(), Value::Array(required));
    }
    if let Some((_, first)) = form.first() {
        origin.record(at, first.clone());
    }
    json!({
        "required": form.iter().any(|(field, _)| field.get("required") == Some(&Value::Bool(true))),
        "content": { media: { "schema": schema } }
    })
}

/// A 2.0 response -> 3.0: its schema in each media type of `produces` (a file in
/// `application/octet-stream` when `produces` names only JSON), headers given schemas.
fn response_3(
    response: &Value,
    produces: &[String],
    at: &str,
    new_at: &str,
    origin: &mut Origin,
    report: &mut Report<'_>,
) -> Value {
    let Value::Object(source) = response else {
        return response.clone();
    };
    if source.contains_key("$ref") {
        return response.clone();
    }
    let mut out = Map::new();
    for (key, value) in source {
        if !matches!(key.as_str(), "schema" | "headers" | "examples") {
            out.insert(key.clone(), value.clone());
        }
    }
    if let Some(Value::Object(headers)) = source.get("headers") {
        let mut converted = Map::new();
        for (name, header) in headers {
            let header_at = pointer(at, &["headers", name]);
            let mut header = parameter_3(header, &header_at, report);
            if let Value::Object(map) = &mut header {
                map.remove("style");
                map.remove("explode");
            }
            origin.record(pointer(new_at, &["headers", name, "schema"]), header_at);
            converted.insert(name.clone(), header);
        }
        out.insert("headers".into(), Value::Object(converted));
    }
    if let Some(schema) = source.get("schema") {
        let is_file = schema.get("type").and_then(Value::as_str) == Some("file");
        let mut schema = schema.clone();
        normalize(
            &mut schema,
            &pointer(at, &["schema"]),
            Dialect::Swagger2,
            report,
        );
        let mut media: Vec<&str> = produces.iter().map(String::as_str).collect();
        if is_file {
            media.retain(|m| !m.contains("json"));
            if media.is_empty() {
                media.push("application/octet-stream");
            }
        } else if media.is_empty() {
            media.push(JSON);
        }
        let examples = source.get("examples").and_then(Value::as_object);
        let mut content = Map::new();
        for media_type in media {
            let mut entry = Map::new();
            entry.insert("schema".into(), schema.clone());
            if let Some(example) = examples.and_then(|e| e.get(media_type)) {
                entry.insert("example".into(), example.clone());
            }
            origin.record(
                pointer(new_at, &["content", media_type, "schema"]),
                pointer(at, &["schema"]),
            );
            content.insert(media_type.to_owned(), Value::Object(entry));
        }
        out.insert("content".into(), Value::Object(content));
    }
    origin.record(new_at, at);
    Value::Object(out)
}

/// A 2.0 security definition -> a 3.0 security scheme.
fn security_scheme(scheme: &Value, at: &str, report: &mut Report<'_>) -> Option<Value> {
    let mut out = Map::new();
    copy(scheme, &mut out, &["description"]);
    copy_extensions(scheme, &mut out);
    match scheme.get("type").and_then(Value::as_str) {
        Some("basic") => {
            out.insert("type".into(), json!("http"));
            out.insert("scheme".into(), json!("basic"));
        }
        Some("apiKey") => {
            out.insert("type".into(), json!("apiKey"));
            copy(scheme, &mut out, &["name", "in"]);
        }
        Some("oauth2") => {
            let flow_name = match scheme.get("flow").and_then(Value::as_str) {
                Some("implicit") => "implicit",
                Some("password") => "password",
                Some("application") => "clientCredentials",
                Some("accessCode") => "authorizationCode",
                other => {
                    report.error(&pointer(at, &["flow"]), format!("unknown OAuth2 flow {other:?}: expected implicit, password, application or accessCode"));
                    return None;
                }
            };
            let mut flow = Map::new();
            copy(scheme, &mut flow, &["authorizationUrl", "tokenUrl"]);
            flow.insert(
                "scopes".into(),
                scheme.get("scopes").cloned().unwrap_or_else(|| json!({})),
            );
            out.insert("type".into(), json!("oauth2"));
            out.insert("flows".into(), json!({ flow_name: flow }));
        }
        other => {
            report.error(
                &pointer(at, &["type"]),
                format!(
                    "unknown security definition type {other:?}: expected basic, apiKey or oauth2"
                ),
            );
            return None;
        }
    }
    Some(Value::Object(out))
}

/// The entries of the map under `key`, none when it is missing or not a map.
fn entries<'v>(
    source: &'v Map<String, Value>,
    key: &str,
) -> impl Iterator<Item = (&'v String, &'v Value)> {
    source
        .get(key)
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
}

/// Copies the listed keys of `from` that are present.
fn copy(from: &Value, to: &mut Map<String, Value>, keys: &[&str]) {
    for key in keys {
        if let Some(value) = from.get(*key) {
            to.insert((*key).to_owned(), value.clone());
        }
    }
}

/// Copies the `x-` extensions of `from`.
fn copy_extensions(from: &Value, to: &mut Map<String, Value>) {
    for (key, value) in from.as_object().into_iter().flatten() {
        if key.starts_with("x-") {
            to.insert(key.clone(), value.clone());
        }
    }
}
