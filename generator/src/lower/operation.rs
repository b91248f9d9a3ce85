//! Paths and operations -> IR operations: parameters, bodies, responses, paging.

use std::collections::BTreeSet;

use indexmap::IndexMap;
use openapiv3::{
    MediaType, Parameter, ParameterSchemaOrContent, PathItem, ReferenceOr, Response, Schema,
    SchemaKind, StatusCode, Type,
};
use serde::Deserialize;

use super::Lowerer;
use super::docs::docs;
use super::naming::{Namespace, pascal, snake};
use crate::diagnostic::pointer;
use crate::ir::{
    Body, BodyEncoding, Constraints, Docs, ErrorResponse, Operation, PageField, PageUnit,
    Pagination, Param, ParamLocation, ResponseBody, StatusMatch, StatusVariant, Success, TypeKind,
    TypeRef,
};

/// Methods and fields every request builder has; parameters get other names.
const BUILDER_METHODS: &[&str] = &[
    "client",
    "options",
    "send",
    "into_pages",
    "into_items",
    "timeout",
    "max_attempts",
    "base_delay",
];

/// The `x-hwc-pagination` extension (see `specs/README.md`).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PaginationExtension {
    offset: String,
    limit: String,
    items: String,
    total: Option<String>,
    #[serde(default)]
    start: u64,
    #[serde(default)]
    unit: Unit,
    /// Why the offset is read this way, when the docs leave it open.
    note: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "lowercase")]
enum Unit {
    #[default]
    Item,
    Page,
}

/// A parameter before names are final.
struct RawParam {
    param: Param,
    requires_wire: Vec<String>,
    at: String,
}

impl Lowerer<'_> {
    /// Lowers every operation, in path order and then method order.
    pub fn lower_operations(&mut self) -> Vec<Operation> {
        let spec = self.spec;
        let mut names = Namespace::with_reserved(&["new"]);
        let mut operations = Vec::new();
        for (path, item) in &spec.paths.paths {
            let at = pointer("#/paths", &[path]);
            let Some((item, item_at)) = self.resolve::<PathItem>(item, &at) else {
                continue;
            };
            let methods = [
                ("GET", &item.get),
                ("PUT", &item.put),
                ("POST", &item.post),
                ("DELETE", &item.delete),
                ("OPTIONS", &item.options),
                ("HEAD", &item.head),
                ("PATCH", &item.patch),
                ("TRACE", &item.trace),
            ];
            for (method, operation) in methods {
                if let Some(operation) = operation {
                    let op_at = pointer(&item_at, &[&method.to_ascii_lowercase()]);
                    let shared = (item.parameters.as_slice(), item_at.as_str());
                    let lowered =
                        self.lower_operation(method, path, shared, operation, &op_at, &mut names);
                    operations.push(lowered);
                }
            }
        }
        operations
    }

    fn lower_operation(
        &mut self,
        method: &str,
        path: &str,
        shared_params: (&[ReferenceOr<Parameter>], &str),
        operation: &openapiv3::Operation,
        at: &str,
        names: &mut Namespace,
    ) -> Operation {
        let base = operation
            .operation_id
            .clone()
            .filter(|id| !id.trim().is_empty())
            .unwrap_or_else(|| derived_name(method, path));
        let name = names.claim(&snake(&base));
        // From the claimed name, so an operation whose name got a suffix (two operations
        // named alike) has types with the same suffix: `get_pet2` -> `GetPet2Builder`.
        let type_base = pascal(name.trim_start_matches("r#"));
        let builder = self.type_names.claim(&format!("{type_base}Builder"));
        let route = format!("`{method} {path}`");
        let deprecated = operation.deprecated.then_some("Deprecated.");
        let operation_docs = docs([
            operation.summary.as_deref(),
            operation.description.as_deref(),
            Some(route.as_str()),
            deprecated,
        ]);

        let (params, mut param_names) = self.lower_params(path, shared_params, operation, at);
        let body = self.lower_body(operation, at, &type_base, &mut param_names);
        let (success, errors) = self.lower_responses(operation, at, &type_base);
        let pagination = self.lower_pagination(operation, at, &params, &success);
        Operation {
            name,
            builder,
            method: method.to_owned(),
            path: path.to_owned(),
            docs: operation_docs,
            params,
            body,
            success,
            errors,
            pagination,
        }
    }

    /// Parameters (path-level ones overridden by operation-level ones of the same name and
    /// location), required first: path parameters in path order, then the rest in spec order.
    fn lower_params(
        &mut self,
        path: &str,
        (shared, shared_at): (&[ReferenceOr<Parameter>], &str),
        operation: &openapiv3::Operation,
        at: &str,
    ) -> (Vec<Param>, Namespace) {
        let mut resolved: IndexMap<(String, String), (Parameter, String)> = IndexMap::new();
        let sources = shared
            .iter()
            .enumerate()
            .map(|(i, p)| (p, pointer(shared_at, &["parameters", &i.to_string()])))
            .chain(
                operation
                    .parameters
                    .iter()
                    .enumerate()
                    .map(|(i, p)| (p, pointer(at, &["parameters", &i.to_string()]))),
            );
        for (param, param_at) in sources {
            if let Some((param, found_at)) = self.resolve(param, &param_at) {
                let data = param.parameter_data_ref();
                let location = location_name(&param).to_owned();
                resolved.insert(
                    (data.name.clone(), location),
                    (param.into_owned(), found_at),
                );
            }
        }

        let auth_headers = auth_headers(self.spec);
        let mut names = Namespace::with_reserved(BUILDER_METHODS);
        let mut raw: Vec<RawParam> = Vec::new();
        for ((wire, _), (param, param_at)) in &resolved {
            let data = param.parameter_data_ref();
            let location = match param {
                Parameter::Path { .. } => ParamLocation::Path,
                Parameter::Query { .. } => ParamLocation::Query,
                Parameter::Header { .. } => {
                    let lower = wire.to_ascii_lowercase();
                    if auth_headers.contains(&lower) || lower == "content-type" {
                        continue; // sent by the runtime (auth) or from the body's media type
                    }
                    ParamLocation::Header
                }
                Parameter::Cookie { .. } => {
                    if data.required {
                        self.error(
                            param_at,
                            format!("required cookie parameter {wire:?} is not supported"),
                        );
                    }
                    continue;
                }
            };
            let (ty, constraints) = match &data.format {
                ParameterSchemaOrContent::Schema(schema) => {
                    let schema_at = pointer(param_at, &["schema"]);
                    let lowered = self.lower_schema(schema, &pascal(wire), &schema_at);
                    let ty = self.param_type(lowered.ty);
                    let constraints = self.constraints(schema, &ty, &schema_at);
                    (ty, constraints)
                }
                ParameterSchemaOrContent::Content(_) => (TypeRef::Json, Constraints::default()),
            };
            let requires_wire = match data.extensions.get("x-hwc-requires") {
                None => Vec::new(),
                Some(value) => match serde_json::from_value::<Vec<String>>(value.clone()) {
                    Ok(list) => list,
                    Err(_) => {
                        self.error(
                            &pointer(param_at, &["x-hwc-requires"]),
                            "expected a list of parameter names",
                        );
                        Vec::new()
                    }
                },
            };
            let param_docs = {
                let default = data
                    .format_schema_default()
                    .map(|value| format!("Default: `{value}`."));
                let deprecated = data.deprecated.unwrap_or(false).then_some("Deprecated.");
                let found = docs([data.description.as_deref(), default.as_deref(), deprecated]);
                if found.is_empty() {
                    docs([Some(format!("The `{wire}` parameter.").as_str())])
                } else {
                    found
                }
            };
            // The configuration holds a string; a project id of another type (an integer in
            // GitHub's API) is an ordinary parameter.
            let project_id =
                location == ParamLocation::Path && wire == "project_id" && ty == TypeRef::String;
            raw.push(RawParam {
                param: Param {
                    name: String::new(),
                    wire: wire.clone(),
                    location,
                    ty,
                    required: data.required || location == ParamLocation::Path,
                    project_id,
                    docs: param_docs,
                    constraints,
                },
                requires_wire,
                at: param_at.clone(),
            });
        }

        // Order: path parameters as they appear in the path, then required, then optional.
        let path_position = |wire: &str| path.find(&format!("{{{wire}}}")).unwrap_or(usize::MAX);
        raw.sort_by_key(|r| {
            let p = &r.param;
            let group = match (p.location, p.required) {
                (ParamLocation::Path, _) => 0,
                (_, true) => 1,
                _ => 2,
            };
            (
                group,
                if group == 0 {
                    path_position(&p.wire)
                } else {
                    0
                },
            )
        });
        for r in &mut raw {
            let wanted = if r.param.project_id {
                "project_id".to_owned()
            } else {
                snake(&r.param.wire)
            };
            r.param.name = names.claim(&wanted);
        }
        for index in 0..raw.len() {
            let Some(r) = raw.get(index) else { continue };
            let mut requires = Vec::new();
            for wire in &r.requires_wire {
                match raw.iter().find(|other| other.param.wire == *wire) {
                    Some(other) => requires.push(other.param.name.clone()),
                    None => {
                        let at = pointer(&r.at, &["x-hwc-requires"]);
                        self.error(&at, format!("`x-hwc-requires` names {wire:?}, which is not a parameter of this operation"));
                    }
                }
            }
            if let Some(r) = raw.get_mut(index) {
                r.param.constraints.requires = requires;
            }
        }
        (raw.into_iter().map(|r| r.param).collect(), names)
    }

    /// A parameter value must print as text: scalars, enums, timestamps, or lists of those.
    /// Anything else is sent as JSON text.
    fn param_type(&self, ty: TypeRef) -> TypeRef {
        let scalar = |ty: &TypeRef| match ty {
            TypeRef::Named(name) => self.type_def(name).is_some_and(|def| match &def.kind {
                TypeKind::Enum(_) => true,
                TypeKind::Alias(inner) => matches!(
                    inner,
                    TypeRef::String | TypeRef::Bool | TypeRef::Int(_) | TypeRef::F32 | TypeRef::F64
                ),
                _ => false,
            }),
            TypeRef::String
            | TypeRef::Bool
            | TypeRef::Int(_)
            | TypeRef::F32
            | TypeRef::F64
            | TypeRef::Time(_)
            | TypeRef::Json => true,
            _ => false,
        };
        match &ty {
            TypeRef::Vec(inner) if scalar(inner) => ty,
            _ if scalar(&ty) => ty,
            _ => TypeRef::Json,
        }
    }

    fn constraints(&mut self, schema: &ReferenceOr<Schema>, ty: &TypeRef, at: &str) -> Constraints {
        let mut constraints = Constraints::default();
        let Some(schema) = self.schema_of(schema, at) else {
            return constraints;
        };
        match (&schema.schema_kind, ty) {
            (SchemaKind::Type(Type::Integer(i)), TypeRef::Int(_)) => {
                constraints.minimum = i
                    .minimum
                    .map(|m| (m + i64::from(i.exclusive_minimum)) as f64);
                constraints.maximum = i
                    .maximum
                    .map(|m| (m - i64::from(i.exclusive_maximum)) as f64);
            }
            (SchemaKind::Type(Type::Number(n)), TypeRef::F32 | TypeRef::F64) => {
                constraints.minimum = n.minimum;
                constraints.maximum = n.maximum;
            }
            (SchemaKind::Type(Type::String(s)), TypeRef::String) => {
                constraints.min_length = s.min_length.map(|n| n as u64);
                constraints.max_length = s.max_length.map(|n| n as u64);
            }
            // A string enum: its generated type also takes undocumented values (the
            // catch-all variant, for responses); a request may only send documented ones.
            (SchemaKind::Type(Type::String(s)), TypeRef::Named(_)) => {
                constraints.one_of = s.enumeration.iter().flatten().cloned().collect();
            }
            _ => {}
        }
        constraints
    }

    /// The schema behind a `$ref` (or the schema itself).
    fn schema_of(&mut self, schema: &ReferenceOr<Schema>, at: &str) -> Option<Schema> {
        match schema {
            ReferenceOr::Item(schema) => Some(schema.clone()),
            ReferenceOr::Reference { reference } => match self.schema_target(reference, at) {
                super::refs::SchemaTarget::Component(name) => {
                    match self.spec.components.as_ref()?.schemas.get(&name)? {
                        ReferenceOr::Item(schema) => Some(schema.clone()),
                        ReferenceOr::Reference { .. } => None,
                    }
                }
                super::refs::SchemaTarget::Inline(schema, _) => Some(*schema),
                super::refs::SchemaTarget::Missing => None,
            },
        }
    }

    fn lower_body(
        &mut self,
        operation: &openapiv3::Operation,
        at: &str,
        type_base: &str,
        names: &mut Namespace,
    ) -> Option<Body> {
        let body_at = pointer(at, &["requestBody"]);
        let (body, found_at) = self.resolve(operation.request_body.as_ref()?, &body_at)?;
        let (media_type, media, encoding) = pick_media(&body.content)?;
        let media_at = pointer(&found_at, &["content", media_type]);
        let ty = self.media_type(media, encoding, &format!("{type_base}Body"), &media_at);
        let found = docs([body.description.as_deref()]);
        Some(Body {
            name: names.claim("body"),
            media_type: media_type.clone(),
            encoding,
            ty,
            required: body.required,
            docs: if found.is_empty() {
                docs([Some("The request body.")])
            } else {
                found
            },
        })
    }

    fn media_type(
        &mut self,
        media: &MediaType,
        encoding: BodyEncoding,
        hint: &str,
        at: &str,
    ) -> TypeRef {
        match (encoding, &media.schema) {
            (BodyEncoding::Json, Some(schema)) => {
                let lowered = self.lower_schema(schema, hint, &pointer(at, &["schema"]));
                if lowered.nullable {
                    TypeRef::Json
                } else {
                    lowered.ty
                }
            }
            (BodyEncoding::Json, None) => TypeRef::Json,
            (BodyEncoding::Text, _) => TypeRef::String,
            (BodyEncoding::Bytes, _) => TypeRef::Bytes,
        }
    }

    fn lower_responses(
        &mut self,
        operation: &openapiv3::Operation,
        at: &str,
        type_base: &str,
    ) -> (Success, Vec<ErrorResponse>) {
        let responses = &operation.responses;
        let has_success = responses.responses.keys().any(is_success);
        let mut success: Vec<(StatusMatch, Option<ResponseBody>, Docs)> = Vec::new();
        let mut errors = Vec::new();
        let entries = responses
            .responses
            .iter()
            .map(|(code, response)| (status_match(code), response))
            .chain(
                responses
                    .default
                    .iter()
                    .map(|response| (StatusMatch::Default, response)),
            );
        for (status, response) in entries {
            let key = match status {
                StatusMatch::Code(code) => code.to_string(),
                StatusMatch::Range(hundreds) => format!("{hundreds}XX"),
                StatusMatch::Default => "default".to_owned(),
            };
            let response_at = pointer(at, &["responses", &key]);
            let Some((response, found_at)) = self.resolve::<Response>(response, &response_at)
            else {
                continue;
            };
            let is_ok = match status {
                StatusMatch::Code(code) => (200..300).contains(&code),
                StatusMatch::Range(hundreds) => hundreds == 2,
                StatusMatch::Default => !has_success,
            };
            let hint = if is_ok {
                format!("{type_base}Response")
            } else {
                format!("{type_base}Error")
            };
            let body = pick_media(&response.content).map(|(media_type, media, encoding)| {
                let media_at = pointer(&found_at, &["content", media_type]);
                ResponseBody {
                    ty: self.media_type(media, encoding, &hint, &media_at),
                    encoding,
                }
            });
            let mut response_docs = docs([Some(response.description.as_str())]);
            if response_docs.is_empty() {
                response_docs = docs([Some(format!("The `{key}` response.").as_str())]);
            }
            if is_ok {
                success.push((status, body, response_docs));
            } else {
                errors.push(ErrorResponse {
                    status,
                    ty: body.map(|b| b.ty),
                    docs: response_docs,
                });
            }
        }
        let first = success.first().map(|(_, body, _)| body.clone());
        let single = success
            .iter()
            .all(|(_, body, _)| Some(body) == first.as_ref());
        let outcome = if single {
            Success::Single(first.flatten())
        } else {
            let mut variant_names = Namespace::default();
            let variants = success
                .into_iter()
                .map(|(status, body, docs)| StatusVariant {
                    name: variant_names.claim(&status_name(status)),
                    status,
                    body,
                    docs,
                })
                .collect();
            Success::ByStatus {
                name: self.type_names.claim(&format!("{type_base}Success")),
                variants,
            }
        };
        (outcome, errors)
    }

    fn lower_pagination(
        &mut self,
        operation: &openapiv3::Operation,
        at: &str,
        params: &[Param],
        success: &Success,
    ) -> Option<Pagination> {
        let value = operation.extensions.get("x-hwc-pagination")?;
        let ext_at = pointer(at, &["x-hwc-pagination"]);
        let ext: PaginationExtension = match serde_json::from_value(value.clone()) {
            Ok(ext) => ext,
            Err(error) => {
                self.error(&ext_at, format!("invalid pagination extension: {error}"));
                return None;
            }
        };
        let param = |wire: &str| {
            params
                .iter()
                .find(|p| p.wire == wire && p.location == ParamLocation::Query)
        };
        let (Some(offset), Some(limit)) = (param(&ext.offset), param(&ext.limit)) else {
            self.error(&ext_at, format!("`offset` ({:?}) and `limit` ({:?}) must name query parameters of this operation", ext.offset, ext.limit));
            return None;
        };
        // The runtime computes offsets as numbers and reads the page size from the limit's
        // text, so the offset must be an integer or a string, and the limit a scalar.
        if !matches!(offset.ty, TypeRef::Int(_) | TypeRef::String) {
            self.error(
                &ext_at,
                format!(
                    "the offset parameter {:?} must be an integer or a string",
                    ext.offset
                ),
            );
            return None;
        }
        if matches!(
            limit.ty,
            TypeRef::Vec(_) | TypeRef::Map(_) | TypeRef::Json | TypeRef::JsonObject
        ) {
            self.error(
                &ext_at,
                format!("the limit parameter {:?} must be a single value", ext.limit),
            );
            return None;
        }
        let Success::Single(Some(ResponseBody {
            ty: TypeRef::Named(body),
            ..
        })) = success
        else {
            self.error(
                &ext_at,
                "a paged operation must return one JSON object type",
            );
            return None;
        };
        let Some(TypeKind::Struct(body_struct)) = self.type_def(body).map(|def| &def.kind) else {
            self.error(&ext_at, "a paged operation must return a JSON object");
            return None;
        };
        let field = |wire: &str| body_struct.fields.iter().find(|f| f.wire == wire);
        let Some(items) = field(&ext.items) else {
            self.error(
                &ext_at,
                format!("the response has no field {:?} for `items`", ext.items),
            );
            return None;
        };
        let TypeRef::Vec(item_ty) = &items.ty else {
            self.error(
                &ext_at,
                format!("the `items` field {:?} is not an array", ext.items),
            );
            return None;
        };
        let total = match &ext.total {
            None => None,
            Some(wire) => match field(wire) {
                Some(total) if matches!(total.ty, TypeRef::Int(_)) => Some(PageField {
                    name: total.name.clone(),
                    wire: total.wire.clone(),
                    optional: total.optional,
                }),
                _ => {
                    self.error(
                        &ext_at,
                        format!("the response has no integer field {wire:?} for `total`"),
                    );
                    return None;
                }
            },
        };
        let param_field = |p: &Param| PageField {
            name: p.name.clone(),
            wire: p.wire.clone(),
            optional: !p.required,
        };
        Some(Pagination {
            offset: param_field(offset),
            limit: param_field(limit),
            items: PageField {
                name: items.name.clone(),
                wire: items.wire.clone(),
                optional: items.optional,
            },
            item_ty: (**item_ty).clone(),
            total,
            start: ext.start,
            unit: match ext.unit {
                Unit::Item => PageUnit::Item,
                Unit::Page => PageUnit::Page,
            },
            docs: docs([ext.note.as_deref()]),
        })
    }
}

/// A stable name for an operation without `operationId`: `GET /pets/{id}` -> `get_pets_by_id`.
fn derived_name(method: &str, path: &str) -> String {
    let mut name = method.to_ascii_lowercase();
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        name.push('_');
        match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(variable) => {
                name.push_str("by_");
                name.push_str(variable);
            }
            None => name.push_str(segment),
        }
    }
    name
}

fn location_name(param: &Parameter) -> &'static str {
    match param {
        Parameter::Path { .. } => "path",
        Parameter::Query { .. } => "query",
        Parameter::Header { .. } => "header",
        Parameter::Cookie { .. } => "cookie",
    }
}

fn is_success(code: &StatusCode) -> bool {
    match code {
        StatusCode::Code(code) => (200..300).contains(code),
        StatusCode::Range(hundreds) => *hundreds == 2,
    }
}

fn status_match(code: &StatusCode) -> StatusMatch {
    match code {
        StatusCode::Code(code) => StatusMatch::Code(*code),
        StatusCode::Range(hundreds) => StatusMatch::Range(*hundreds),
    }
}

fn status_name(status: StatusMatch) -> String {
    match status {
        StatusMatch::Code(200) => "Ok".into(),
        StatusMatch::Code(201) => "Created".into(),
        StatusMatch::Code(202) => "Accepted".into(),
        StatusMatch::Code(203) => "NonAuthoritativeInformation".into(),
        StatusMatch::Code(204) => "NoContent".into(),
        StatusMatch::Code(205) => "ResetContent".into(),
        StatusMatch::Code(206) => "PartialContent".into(),
        StatusMatch::Code(code) => format!("Status{code}"),
        StatusMatch::Range(hundreds) => format!("Status{hundreds}xx"),
        StatusMatch::Default => "Other".into(),
    }
}

/// JSON media types first, then text, then anything else as raw bytes.
fn pick_media(
    content: &IndexMap<String, MediaType>,
) -> Option<(&String, &MediaType, BodyEncoding)> {
    let essence = |key: &str| {
        key.split(';')
            .next()
            .unwrap_or(key)
            .trim()
            .to_ascii_lowercase()
    };
    let is_json = |key: &str| {
        let key = essence(key);
        key == "application/json"
            || key.ends_with("+json")
            || key == "*/*"
            || key == "application/*"
    };
    content
        .iter()
        .find(|(key, _)| is_json(key))
        .map(|(key, media)| (key, media, BodyEncoding::Json))
        .or_else(|| {
            content
                .iter()
                .find(|(key, _)| essence(key).starts_with("text/"))
                .map(|(key, media)| (key, media, BodyEncoding::Text))
        })
        .or_else(|| {
            content
                .first()
                .map(|(key, media)| (key, media, BodyEncoding::Bytes))
        })
}

/// Reads a parameter's schema default, if it is written inline.
trait SchemaDefault {
    fn format_schema_default(&self) -> Option<String>;
}

impl SchemaDefault for openapiv3::ParameterData {
    fn format_schema_default(&self) -> Option<String> {
        match &self.format {
            ParameterSchemaOrContent::Schema(ReferenceOr::Item(schema)) => schema
                .schema_data
                .default
                .as_ref()
                .map(|value| match value {
                    serde_json::Value::String(text) => text.clone(),
                    other => other.to_string(),
                }),
            _ => None,
        }
    }
}

/// Header names (lower case) of the spec's `apiKey` security schemes: credentials the
/// runtime sends itself, never parameters of an operation.
pub(crate) fn auth_headers(spec: &openapiv3::OpenAPI) -> BTreeSet<String> {
    let mut headers = BTreeSet::new();
    if let Some(components) = &spec.components {
        for scheme in components.security_schemes.values() {
            if let ReferenceOr::Item(openapiv3::SecurityScheme::APIKey {
                location: openapiv3::APIKeyLocation::Header,
                name,
                ..
            }) = scheme
            {
                headers.insert(name.to_ascii_lowercase());
            }
        }
    }
    headers
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_without_operation_id_are_derived_from_the_route() {
        assert_eq!(derived_name("GET", "/pets/{id}"), "get_pets_by_id");
        assert_eq!(derived_name("POST", "/"), "post");
    }
}
