//! Operation parameters -> IR parameters: which are sent, their types and checks, how the
//! caller gives each (an argument, a setter, or the configuration's project id), and their
//! Rust names.

use std::collections::BTreeSet;

use indexmap::IndexMap;
use openapiv3::{Parameter, ParameterSchemaOrContent, ReferenceOr, Schema, SchemaKind, Type};

use super::Lowerer;
use super::docs::docs;
use super::naming::{Namespace, pascal, snake};
use super::refs::SchemaTarget;
use crate::diagnostic::pointer;
use crate::ir::{
    Binding, Constraints, Docs, PairCheck, Param, ParamLocation, Style, TypeKind, TypeRef, builder,
};

/// A parameter before names are final.
struct RawParam {
    param: Param,
    requires_wire: Vec<String>,
    at: String,
}

/// How a list or object parameter is written: its `style` and `explode` (whose default
/// is true for `form` and false otherwise); `None` for a value sent as one text. A path
/// `label` or `matrix` list (see [`Lowerer::check_style`]) is joined with commas.
fn style(param: &Parameter, ty: &TypeRef) -> Option<Style> {
    use openapiv3::QueryStyle;
    let list = matches!(ty, TypeRef::Vec(_));
    let explode = param.parameter_data_ref().explode;
    let style = match param {
        Parameter::Query {
            style: QueryStyle::DeepObject,
            ..
        } if list || *ty == TypeRef::Json => Style::DeepObject,
        _ if !list => return None,
        Parameter::Query { style, .. } => match style {
            QueryStyle::Form if explode.unwrap_or(true) => Style::Repeat,
            // Exploded, these are written like `form` (OpenAPI 3.0.3, "Style Examples").
            QueryStyle::SpaceDelimited | QueryStyle::PipeDelimited if explode == Some(true) => {
                Style::Repeat
            }
            QueryStyle::SpaceDelimited => Style::Joined(" "),
            QueryStyle::PipeDelimited => Style::Joined("|"),
            QueryStyle::Form | QueryStyle::DeepObject => Style::Joined(","),
        },
        Parameter::Path { .. } | Parameter::Header { .. } | Parameter::Cookie { .. } => {
            Style::Joined(",")
        }
    };
    Some(style)
}

/// Parameters declared on the path item and on the operation, keyed by name and location.
type Declared = IndexMap<(String, &'static str), (Parameter, String)>;

impl Lowerer<'_> {
    /// Parameters (path-level ones overridden by operation-level ones of the same name and
    /// location), required first: path parameters in path order, then the rest in spec
    /// order. Returns the names taken, so the body is named apart from them.
    pub(super) fn lower_params(
        &mut self,
        path: &str,
        shared: (&[ReferenceOr<Parameter>], &str),
        operation: &openapiv3::Operation,
        at: &str,
    ) -> (Vec<Param>, Namespace) {
        let declared = self.declared_params(shared, operation, at);
        let api_keys = api_keys(self.spec);
        let mut raw: Vec<RawParam> = declared
            .iter()
            .filter_map(|((wire, _), (param, param_at))| {
                self.lower_param(wire, param, param_at, &api_keys)
            })
            .collect();
        order(path, &mut raw);
        let mut names = Namespace::with_reserved(builder::ALL);
        for r in &mut raw {
            r.param.name = names.claim(&snake(&r.param.wire));
        }
        self.link_requires(&mut raw);
        (raw.into_iter().map(|r| r.param).collect(), names)
    }

    /// Every declared parameter, `$ref`s resolved; an operation's own parameter replaces
    /// the path item's of the same name and location.
    fn declared_params(
        &mut self,
        (shared, shared_at): (&[ReferenceOr<Parameter>], &str),
        operation: &openapiv3::Operation,
        at: &str,
    ) -> Declared {
        let mut declared = Declared::new();
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
                let key = (
                    param.parameter_data_ref().name.clone(),
                    location_name(&param),
                );
                declared.insert(key, (param.into_owned(), found_at));
            }
        }
        declared
    }

    /// One parameter, unnamed yet; `None` for what the request does not take from the
    /// caller (credentials, the content type, optional cookies).
    fn lower_param(
        &mut self,
        wire: &str,
        param: &Parameter,
        at: &str,
        api_keys: &ApiKeys,
    ) -> Option<RawParam> {
        let data = param.parameter_data_ref();
        let location = self.param_location(wire, param, at, api_keys)?;
        let (ty, constraints) = match &data.format {
            ParameterSchemaOrContent::Schema(schema) => {
                let schema_at = pointer(at, &["schema"]);
                let lowered = self.lower_schema(schema, &pascal(wire), &schema_at);
                let ty = self.param_type(lowered.ty);
                let constraints = self.constraints(schema, &ty, &schema_at);
                (ty, constraints)
            }
            ParameterSchemaOrContent::Content(_) => (TypeRef::Json, Constraints::default()),
        };
        let binding = self.binding(location, wire, &ty, data.required);
        let style = style(param, &ty);
        self.check_style(param, at);
        Some(RawParam {
            requires_wire: self.requires(data, at),
            param: Param {
                name: String::new(),
                wire: wire.to_owned(),
                location,
                ty,
                binding,
                docs: param_docs(wire, data),
                constraints,
                style,
            },
            at: at.to_owned(),
        })
    }

    /// Where the parameter goes, or `None` when the caller does not give it.
    fn param_location(
        &mut self,
        wire: &str,
        param: &Parameter,
        at: &str,
        api_keys: &ApiKeys,
    ) -> Option<ParamLocation> {
        match param {
            Parameter::Path { .. } => Some(ParamLocation::Path),
            // A credential the runtime sends (a spec may declare it as a parameter too).
            Parameter::Query { .. } if api_keys.query.contains(wire) => None,
            Parameter::Query { .. } => Some(ParamLocation::Query),
            Parameter::Header { .. } => {
                let lower = wire.to_ascii_lowercase();
                // Sent by the runtime (auth) or from the body's media type.
                let implied = api_keys.header.contains(&lower) || lower == "content-type";
                (!implied).then_some(ParamLocation::Header)
            }
            Parameter::Cookie { parameter_data, .. } => {
                if parameter_data.required && !api_keys.cookie.contains(wire) {
                    self.error(
                        at,
                        format!("required cookie parameter {wire:?} is not supported"),
                    );
                }
                None
            }
        }
    }

    /// Warns about a path `style` the runtime does not write, saying what is sent instead.
    fn check_style(&mut self, param: &Parameter, at: &str) {
        use openapiv3::PathStyle;
        let style = match param {
            Parameter::Path {
                style: PathStyle::Label,
                ..
            } => "label",
            Parameter::Path {
                style: PathStyle::Matrix,
                ..
            } => "matrix",
            _ => return,
        };
        self.warn(
            &pointer(at, &["style"]),
            format!("`style: {style}` is not supported: the value is sent as `simple`"),
        );
    }

    /// How the caller gives the parameter. Path parameters are always required.
    fn binding(
        &self,
        location: ParamLocation,
        wire: &str,
        ty: &TypeRef,
        required: bool,
    ) -> Binding {
        // The configuration holds a string project id; one of another type (an integer in
        // GitHub's API), or in a spec without the Huawei conventions, is an ordinary
        // parameter.
        if self.hwc_conventions
            && location == ParamLocation::Path
            && wire == "project_id"
            && *ty == TypeRef::String
        {
            Binding::ProjectId
        } else if required || location == ParamLocation::Path {
            Binding::Argument
        } else {
            Binding::Setter
        }
    }

    /// The wire names of `x-hwc-requires`: parameters that must be set with this one.
    fn requires(&mut self, data: &openapiv3::ParameterData, at: &str) -> Vec<String> {
        let Some(value) = data.extensions.get("x-hwc-requires") else {
            return Vec::new();
        };
        serde_json::from_value::<Vec<String>>(value.clone()).unwrap_or_else(|_| {
            self.error(
                &pointer(at, &["x-hwc-requires"]),
                "expected a list of parameter names",
            );
            Vec::new()
        })
    }

    /// Turns the wire names of `x-hwc-requires` into the Rust names of the parameters.
    fn link_requires(&mut self, raw: &mut [RawParam]) {
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
        let all: Vec<(String, Vec<String>)> = raw
            .iter()
            .map(|r| (r.param.name.clone(), r.param.constraints.requires.clone()))
            .collect();
        for (index, r) in raw.iter_mut().enumerate() {
            r.param.constraints.pair_checks = pair_checks(index, &all);
        }
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
                SchemaTarget::Component(name) => {
                    match self.spec.components.as_ref()?.schemas.get(&name)? {
                        ReferenceOr::Item(schema) => Some(schema.clone()),
                        ReferenceOr::Reference { .. } => None,
                    }
                }
                SchemaTarget::Inline(schema, _) => Some(*schema),
                SchemaTarget::Missing => None,
            },
        }
    }
}

/// The checks of the `requires` of parameter `index` of `all` (name, requires): a pair
/// that requires each other is one `Together` check, on the first of the two.
fn pair_checks(index: usize, all: &[(String, Vec<String>)]) -> Vec<PairCheck> {
    let Some((name, requires)) = all.get(index) else {
        return Vec::new();
    };
    requires
        .iter()
        .filter_map(|other| {
            let position = all.iter().position(|(n, _)| n == other);
            let mutual = position
                .and_then(|p| all.get(p))
                .is_some_and(|(_, theirs)| theirs.contains(name));
            match (mutual, position) {
                (false, _) => Some(PairCheck::Requires(other.clone())),
                (true, Some(p)) if p > index => Some(PairCheck::Together(other.clone())),
                (true, _) => None, // checked on the other, which comes first
            }
        })
        .collect()
}

/// Names of the spec's `apiKey` security schemes, by where they go: credentials the
/// runtime sends itself, never parameters of an operation. Header names are lower case
/// (they are case-insensitive); query and cookie names as written.
#[derive(Debug, Default)]
pub(crate) struct ApiKeys {
    pub header: BTreeSet<String>,
    pub query: BTreeSet<String>,
    pub cookie: BTreeSet<String>,
}

/// The [`ApiKeys`] of `spec`.
pub(crate) fn api_keys(spec: &openapiv3::OpenAPI) -> ApiKeys {
    let mut keys = ApiKeys::default();
    let schemes = spec
        .components
        .iter()
        .flat_map(|c| c.security_schemes.values());
    for scheme in schemes {
        if let ReferenceOr::Item(openapiv3::SecurityScheme::APIKey { location, name, .. }) = scheme
        {
            match location {
                openapiv3::APIKeyLocation::Header => keys.header.insert(name.to_ascii_lowercase()),
                openapiv3::APIKeyLocation::Query => keys.query.insert(name.clone()),
                openapiv3::APIKeyLocation::Cookie => keys.cookie.insert(name.clone()),
            };
        }
    }
    keys
}

/// Path parameters as they appear in the path, then the other arguments, then setters;
/// spec order within each group (the sort is stable).
fn order(path: &str, raw: &mut [RawParam]) {
    let path_position = |wire: &str| path.find(&format!("{{{wire}}}")).unwrap_or(usize::MAX);
    raw.sort_by_key(|r| {
        let p = &r.param;
        match (p.location, p.binding) {
            (ParamLocation::Path, _) => (0, path_position(&p.wire)),
            (_, Binding::Argument) => (1, 0),
            _ => (2, 0),
        }
    });
}

/// The description, the default and deprecation; the wire name when the spec says nothing.
fn param_docs(wire: &str, data: &openapiv3::ParameterData) -> Docs {
    let default = schema_default(data).map(|value| format!("Default: `{value}`."));
    let deprecated = data.deprecated.unwrap_or(false).then_some("Deprecated.");
    let found = docs([data.description.as_deref(), default.as_deref(), deprecated]);
    if found.is_empty() {
        docs([Some(format!("The `{wire}` parameter.").as_str())])
    } else {
        found
    }
}

fn location_name(param: &Parameter) -> &'static str {
    match param {
        Parameter::Path { .. } => "path",
        Parameter::Query { .. } => "query",
        Parameter::Header { .. } => "header",
        Parameter::Cookie { .. } => "cookie",
    }
}

/// A parameter's schema default, if it is written inline.
fn schema_default(data: &openapiv3::ParameterData) -> Option<String> {
    match &data.format {
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

// Compiled only for `cargo test` (the no-panic lints are off there, see lib.rs): these
// panics report a failed test on fixed specs and are unreachable from any input.
#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::ir::{Binding, Style};

    /// The binding of `project_id` in a spec with `extra` top-level YAML.
    fn project_id(extra: &str) -> Binding {
        let text = format!(
            r#"
openapi: 3.0.3
info: {{title: t, version: '1'}}
paths:
  /v1/{{project_id}}/items:
    get:
      parameters:
        - {{name: project_id, in: path, required: true, schema: {{type: string}}}}
      responses:
        '204': {{description: done}}
{extra}"#
        );
        let spec =
            crate::load::load_str(Path::new("t.yaml"), &text).unwrap_or_else(|d| panic!("{d}"));
        let api = crate::lower::lower(&spec).unwrap_or_else(|d| panic!("{d}"));
        api.operations[0].params[0].binding
    }

    #[test]
    fn api_key_credentials_declared_as_parameters_are_left_to_the_runtime() {
        let text = r#"
openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /items:
    get:
      parameters:
        - {name: api_key, in: query, required: true, schema: {type: string}}
        - {name: sid, in: cookie, required: true, schema: {type: string}}
        - {name: x-app-id, in: header, required: true, schema: {type: string}}
        - {name: limit, in: query, schema: {type: integer}}
      responses:
        '204': {description: done}
components:
  securitySchemes:
    key: {type: apiKey, in: query, name: api_key}
    session: {type: apiKey, in: cookie, name: sid}
    app: {type: apiKey, in: header, name: X-App-Id}
"#;
        let spec =
            crate::load::load_str(Path::new("t.yaml"), text).unwrap_or_else(|d| panic!("{d}"));
        let api = crate::lower::lower(&spec).unwrap_or_else(|d| panic!("{d}"));
        let wires: Vec<&str> = api.operations[0]
            .params
            .iter()
            .map(|p| p.wire.as_str())
            .collect();
        assert_eq!(wires, ["limit"]);
    }

    #[test]
    fn project_id_comes_from_the_configuration_only_under_the_huawei_conventions() {
        assert_eq!(project_id(""), Binding::Argument);
        let cloud = "servers:\n  - {url: 'https://x.{region}.example.com', x-hwc-cloud: otc, variables: {region: {default: r}}}";
        assert_eq!(project_id(cloud), Binding::ProjectId);
        let token = "components:\n  securitySchemes:\n    iam: {type: apiKey, in: header, name: X-Auth-Token}";
        assert_eq!(project_id(token), Binding::ProjectId);
    }

    #[test]
    fn lists_and_objects_are_written_as_their_style_and_explode_say() {
        let text = r#"
openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /items/{ids}/{dots}:
    get:
      parameters:
        - {name: ids, in: path, required: true, schema: {type: array, items: {type: integer}}}
        - {name: dots, in: path, required: true, style: label, schema: {type: array, items: {type: string}}}
        - {name: repeated, in: query, schema: {type: array, items: {type: string}}}
        - {name: csv, in: query, explode: false, schema: {type: array, items: {type: string}}}
        - {name: spaces, in: query, style: spaceDelimited, schema: {type: array, items: {type: string}}}
        - {name: pipes, in: query, style: pipeDelimited, schema: {type: array, items: {type: string}}}
        - {name: pipes_exploded, in: query, style: pipeDelimited, explode: true, schema: {type: array, items: {type: string}}}
        - {name: deep, in: query, style: deepObject, schema: {type: array, items: {type: string}}}
        - {name: x-tags, in: header, schema: {type: array, items: {type: string}}}
        - {name: one, in: query, schema: {type: string}}
        - {name: created, in: query, style: deepObject, schema: {type: object, properties: {gt: {type: integer}}}}
      responses:
        '204': {description: done}
"#;
        let spec =
            crate::load::load_str(Path::new("t.yaml"), text).unwrap_or_else(|d| panic!("{d}"));
        let api = crate::lower::lower(&spec).unwrap_or_else(|d| panic!("{d}"));
        let lists: Vec<(&str, Option<Style>)> = api.operations[0]
            .params
            .iter()
            .map(|p| (p.wire.as_str(), p.style))
            .collect();
        let comma = Some(Style::Joined(","));
        assert_eq!(
            lists,
            [
                ("ids", comma),
                ("dots", comma),
                ("repeated", Some(Style::Repeat)),
                ("csv", comma),
                ("spaces", Some(Style::Joined(" "))),
                ("pipes", Some(Style::Joined("|"))),
                ("pipes_exploded", Some(Style::Repeat)),
                ("deep", Some(Style::DeepObject)),
                ("x-tags", comma),
                ("one", None),
                ("created", Some(Style::DeepObject)),
            ]
        );
        let warnings: Vec<(&str, &str)> = api
            .warnings
            .iter()
            .map(|d| (d.pointer.as_str(), d.message.as_str()))
            .collect();
        assert_eq!(
            warnings,
            [(
                "#/paths/~1items~1{ids}~1{dots}/get/parameters/1/style",
                "`style: label` is not supported: the value is sent as `simple`"
            )]
        );
    }
}
