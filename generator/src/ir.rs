//! The intermediate representation: a small, Rust-oriented model of an API.
//!
//! `lower` builds it and takes every decision about the spec (names, `$ref`s, composition,
//! nullability, constraints, which parameters are arguments, which statuses succeed); `emit`
//! only turns it into tokens. Every name here is already a valid, collision-free Rust
//! identifier. The IR is internal to the crate: its shape changes with the generator.

use std::collections::{BTreeMap, BTreeSet};

/// One API: what a generated module contains.
#[derive(Clone, Debug, PartialEq)]
pub struct Api {
    /// Module documentation (title, description, version).
    pub docs: Docs,
    /// Endpoint templates from `servers`.
    pub servers: Vec<Server>,
    /// Named types, in a deterministic order.
    pub types: Vec<TypeDef>,
    /// Operations, in spec order.
    pub operations: Vec<Operation>,
    /// The security schemes operations name in [`Security::Schemes`], in spec order.
    pub security_schemes: Vec<SecurityScheme>,
    /// What lowering forgave (an unsupported security scheme), located in the spec.
    pub warnings: Vec<crate::diagnostic::Diagnostic>,
}

/// Documentation text, already sanitized for rustdoc (no doctests, no lint triggers).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Docs(pub Vec<String>);

impl Docs {
    /// True when there is nothing to say.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// A server URL template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Server {
    /// URL with `{region}` left in place; other variables replaced by their defaults.
    pub url: String,
    /// The cloud this server belongs to (the `x-hwc-cloud` convention), `None` for any: a
    /// spec that does not use the Huawei conventions only has `None`.
    pub cloud: Option<Cloud>,
}

/// The clouds of the `x-hwc-cloud` convention (the runtime's `hwc_runtime::Cloud`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cloud {
    /// Huawei Cloud.
    HuaweiCloud,
    /// Open Telekom Cloud.
    Otc,
}

/// A named Rust type.
#[derive(Clone, Debug, PartialEq)]
pub struct TypeDef {
    /// Rust name (PascalCase).
    pub name: String,
    /// Documentation.
    pub docs: Docs,
    /// What it is.
    pub kind: TypeKind,
}

/// The shape of a named type.
#[derive(Clone, Debug, PartialEq)]
pub enum TypeKind {
    /// A struct with named fields.
    Struct(Struct),
    /// A string enum with a catch-all for values added later.
    Enum(StringEnum),
    /// A value that is one of several types.
    Union(Union),
    /// A named alias of another type (`type Id = String;`).
    Alias(TypeRef),
}

/// A struct.
#[derive(Clone, Debug, PartialEq)]
pub struct Struct {
    /// Fields in spec order.
    pub fields: Vec<Field>,
    /// Extra properties (`additionalProperties: <schema>`), flattened into a map field.
    pub additional: Option<Field>,
    /// Whether users may construct it (request bodies) or only read it (responses).
    pub exhaustive: bool,
    /// For a struct users construct with both required and optional fields: the
    /// constructor `new`, whose arguments are the required fields (names of `fields`, in
    /// order); every other field starts empty. `None` for the rest.
    pub constructor: Option<Vec<String>>,
}

/// A struct field.
#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    /// Rust name.
    pub name: String,
    /// JSON property name.
    pub wire: String,
    /// Type without the `Option` for optional/nullable fields.
    pub ty: TypeRef,
    /// Wrapped in `Option`: not required, or nullable.
    pub optional: bool,
    /// Boxed to break a recursive type.
    pub boxed: bool,
    /// Documentation.
    pub docs: Docs,
}

/// A string enum.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StringEnum {
    /// Known values.
    pub variants: Vec<EnumVariant>,
    /// Name of the catch-all variant holding any other value.
    pub unknown: String,
}

/// One known enum value. Two are equal when name and value are (the meaning only
/// documents it), so inline enums of the same values stay one type.
#[derive(Clone, Debug, Eq)]
pub struct EnumVariant {
    /// Rust name.
    pub name: String,
    /// Wire value.
    pub wire: String,
    /// What the value means, when the spec's description says (`auto: automated backup`).
    pub meaning: Option<String>,
}

impl PartialEq for EnumVariant {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name && self.wire == other.wire
    }
}

/// A value of one of several types.
#[derive(Clone, Debug, PartialEq)]
pub struct Union {
    /// The alternatives, tried in order when untagged.
    pub variants: Vec<UnionVariant>,
    /// How the alternatives are told apart on the wire.
    pub tagging: Tagging,
    /// Name of the catch-all variant (tagged unions: a tag value added later).
    pub unknown: String,
}

/// One alternative of a union.
#[derive(Clone, Debug, PartialEq)]
pub struct UnionVariant {
    /// Rust variant name.
    pub name: String,
    /// Wire tag values that select it (tagged unions only).
    pub tags: Vec<String>,
    /// Payload type.
    pub ty: TypeRef,
    /// Boxed to break a recursive type.
    pub boxed: bool,
}

/// How a union is encoded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Tagging {
    /// The first alternative that decodes wins.
    Untagged,
    /// A property of the object names the alternative (`discriminator`).
    Internal(String),
}

impl TypeKind {
    /// The types it holds directly: field types, union payloads, an alias's target.
    pub fn members(&self) -> Vec<&TypeRef> {
        match self {
            TypeKind::Struct(s) => s
                .fields
                .iter()
                .chain(&s.additional)
                .map(|f| &f.ty)
                .collect(),
            TypeKind::Union(u) => u.variants.iter().map(|v| &v.ty).collect(),
            TypeKind::Alias(ty) => vec![ty],
            TypeKind::Enum(_) => Vec::new(),
        }
    }
}

/// Names of the types reachable from `roots`, through fields, list and map items, union
/// payloads and aliases (the types a selection of operations needs, or that users build).
pub fn reachable<'a>(
    types: &'a [TypeDef],
    roots: impl IntoIterator<Item = &'a TypeRef>,
) -> BTreeSet<String> {
    let by_name: BTreeMap<&str, &TypeDef> =
        types.iter().map(|def| (def.name.as_str(), def)).collect();
    let mut pending: Vec<&TypeRef> = roots.into_iter().collect();
    let mut seen = BTreeSet::new();
    while let Some(ty) = pending.pop() {
        match ty {
            TypeRef::Named(name) if seen.insert(name.clone()) => {
                if let Some(def) = by_name.get(name.as_str()) {
                    pending.extend(def.kind.members());
                }
            }
            TypeRef::Vec(inner) | TypeRef::Map(inner) => pending.push(inner),
            _ => {}
        }
    }
    seen
}

/// A reference to a type.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TypeRef {
    /// `String`.
    String,
    /// `bool`.
    Bool,
    /// An integer type.
    Int(IntKind),
    /// `f32`.
    F32,
    /// `f64`.
    F64,
    /// A timestamp with a documented wire format.
    Time(TimeFormat),
    /// Any JSON value.
    Json,
    /// A JSON object with arbitrary keys.
    JsonObject,
    /// Raw bytes (non-JSON bodies).
    Bytes,
    /// A named type of this module.
    Named(String),
    /// `Vec<T>`.
    Vec(Box<TypeRef>),
    /// `BTreeMap<String, T>`.
    Map(Box<TypeRef>),
}

impl TypeRef {
    /// The path of a type that is not built from others (everything but `Named`, `Vec`
    /// and `Map`), as segments after the leading `::` (`["hwc_runtime", "time",
    /// "Rfc3339"]`); primitives and `String` are one segment. `emit` writes it in full,
    /// `diff` by its last segments: one table for both.
    pub fn leaf_path(&self) -> Option<&'static [&'static str]> {
        Some(match self {
            TypeRef::String => &["String"],
            TypeRef::Bool => &["bool"],
            TypeRef::Int(IntKind::I32) => &["i32"],
            TypeRef::Int(IntKind::I64) => &["i64"],
            TypeRef::Int(IntKind::U32) => &["u32"],
            TypeRef::Int(IntKind::U64) => &["u64"],
            TypeRef::F32 => &["f32"],
            TypeRef::F64 => &["f64"],
            TypeRef::Time(TimeFormat::Rfc3339) => &["hwc_runtime", "time", "Rfc3339"],
            TypeRef::Time(TimeFormat::HwcDateTime) => &["hwc_runtime", "time", "HwcDateTime"],
            TypeRef::Time(TimeFormat::CompactDateTime) => {
                &["hwc_runtime", "time", "CompactDateTime"]
            }
            TypeRef::Json => &["hwc_runtime", "serde_json", "Value"],
            TypeRef::JsonObject => &["hwc_runtime", "serde_json", "Map"],
            TypeRef::Bytes => &["hwc_runtime", "bytes", "Bytes"],
            TypeRef::Named(_) | TypeRef::Vec(_) | TypeRef::Map(_) => return None,
        })
    }
}

/// Integer widths.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum IntKind {
    /// `i32`.
    I32,
    /// `i64`.
    I64,
    /// `u32`.
    U32,
    /// `u64`.
    U64,
}

/// Timestamp wire formats (see `specs/README.md`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TimeFormat {
    /// RFC 3339.
    Rfc3339,
    /// `2018-08-06T10:41:14+0800`.
    HwcDateTime,
    /// `20170718235959`.
    CompactDateTime,
}

/// An HTTP operation.
#[derive(Clone, Debug, PartialEq)]
pub struct Operation {
    /// Method name on the client (snake_case).
    pub name: String,
    /// Name of the request builder type.
    pub builder: String,
    /// The spec's `operationId`, if it has one (selection by name matches it too).
    pub operation_id: Option<String>,
    /// The spec's `tags`, in spec order (selection by tag).
    pub tags: Vec<String>,
    /// HTTP method, upper case.
    pub method: String,
    /// Whether sending the call twice has the effect of sending it once (every method but
    /// POST and PATCH). The runtime retries the others only after failures that cannot
    /// have reached the server, so their builders get [`builder::RETRY_WRITES`].
    pub idempotent: bool,
    /// Path template as in the spec (`/v3/{project_id}/backups`).
    pub path: String,
    /// Documentation.
    pub docs: Docs,
    /// Parameters; required ones first, each group in spec order.
    pub params: Vec<Param>,
    /// Request body.
    pub body: Option<Body>,
    /// What a successful call returns.
    pub success: Success,
    /// Declared error responses (documentation only: errors are `hwc_runtime::Error`).
    pub errors: Vec<ErrorResponse>,
    /// Paging, from `x-hwc-pagination`.
    pub pagination: Option<Pagination>,
    /// How the call authenticates.
    pub security: Security,
}

impl Operation {
    /// The types it uses directly: parameters, body, success and error bodies, page items.
    pub fn types(&self) -> Vec<&TypeRef> {
        let mut out: Vec<&TypeRef> = self.params.iter().map(|p| &p.ty).collect();
        out.extend(self.body.iter().map(|b| &b.ty));
        match &self.success {
            Success::Single(body) => out.extend(body.iter().map(|b| &b.ty)),
            Success::ByStatus { variants, .. } => {
                out.extend(
                    variants
                        .iter()
                        .filter_map(|v| v.body.as_ref())
                        .map(|b| &b.ty),
                );
            }
        }
        out.extend(self.errors.iter().filter_map(|e| e.ty.as_ref()));
        out.extend(self.pagination.iter().map(|p| &p.item_ty));
        out
    }
}

/// How an operation authenticates.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Security {
    /// With the configuration's credentials (an IAM token or AK/SK signing, or a bearer
    /// token): a spec written to the Huawei conventions, or an operation the spec declares
    /// no `security` for.
    Configured,
    /// With the spec's schemes: any one of the alternatives (OR), each a list of
    /// [`SecurityScheme::ident`]s that are all applied (AND). An empty alternative needs
    /// nothing; no alternatives at all (`security: []`) means no credentials are sent.
    Schemes(Vec<Vec<String>>),
}

impl Security {
    /// Whether one of the alternatives names the scheme whose constant is `ident`.
    pub fn uses(&self, ident: &str) -> bool {
        match self {
            Security::Configured => false,
            Security::Schemes(alternatives) => alternatives.iter().flatten().any(|i| i == ident),
        }
    }
}

/// A security scheme of the spec (`components/securitySchemes`) the runtime can apply.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SecurityScheme {
    /// Its name in the spec: users register a credential under it.
    pub name: String,
    /// Rust name of the constant describing it (`SCREAMING_SNAKE_CASE`).
    pub ident: String,
    /// What it sends.
    pub kind: SchemeKind,
    /// Documentation (what to register, and the spec's description).
    pub docs: Docs,
}

/// What a security scheme sends (the runtime's `hwc_runtime::SchemeKind`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SchemeKind {
    /// `Authorization: Bearer <token>` (HTTP `bearer`).
    Bearer,
    /// `Authorization: Basic <user:password>` (HTTP `basic`).
    Basic,
    /// An API key under `name` in a header, the query or a cookie.
    ApiKey {
        /// Where it goes.
        location: ApiKeyLocation,
        /// The header, query parameter or cookie name.
        name: String,
    },
    /// An OAuth 2.0 access token the user obtained, sent as a bearer token.
    OAuth2,
    /// An OpenID Connect token the user obtained, sent as a bearer token.
    OpenIdConnect,
}

/// Where an API key goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ApiKeyLocation {
    /// A header.
    Header,
    /// A query parameter.
    Query,
    /// A cookie.
    Cookie,
}

/// Where a parameter goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamLocation {
    /// A path segment.
    Path,
    /// A query parameter.
    Query,
    /// A header.
    Header,
}

/// An operation parameter.
#[derive(Clone, Debug, PartialEq)]
pub struct Param {
    /// Rust name (builder method / argument).
    pub name: String,
    /// Name on the wire.
    pub wire: String,
    /// Where it goes.
    pub location: ParamLocation,
    /// Its type (scalar, enum, time, or `Vec` of those).
    pub ty: TypeRef,
    /// How the caller gives it.
    pub binding: Binding,
    /// Documentation.
    pub docs: Docs,
    /// Checks made before sending.
    pub constraints: Constraints,
    /// How a value of more than one text is written: `Some` for a list (`ty` a `Vec`)
    /// and for a `deepObject` query parameter; `None` sends the value as one text.
    pub style: Option<Style>,
}

/// How a list or an object parameter is written (the parameter's `style`/`explode`, or a
/// Swagger 2.0 `collectionFormat`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// One `name=item` query pair per item (`form` exploded, the query default).
    Repeat,
    /// One value, the items joined by this separator: `,` (`simple`, `form` not exploded),
    /// ` ` (`spaceDelimited`) or `|` (`pipeDelimited`).
    Joined(&'static str),
    /// `deepObject`: one query pair per member, `name[member]=value`, nested objects in
    /// more brackets and list items numbered (`name[0]=a`).
    DeepObject,
}

/// How a parameter reaches the request builder.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Binding {
    /// Required: a positional argument of the client method, always set.
    Argument,
    /// Optional: a setter of the request builder.
    Setter,
    /// The `project_id` path parameter of the Huawei conventions: filled from the
    /// configuration, overridable with a setter.
    ProjectId,
}

impl Param {
    /// A positional argument, so held without `Option` in the builder.
    pub fn is_argument(&self) -> bool {
        self.binding == Binding::Argument
    }
}

/// Documented constraints, checked before a request is sent.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Constraints {
    /// Smallest allowed value.
    pub minimum: Option<f64>,
    /// Largest allowed value.
    pub maximum: Option<f64>,
    /// Shortest allowed string.
    pub min_length: Option<u64>,
    /// Longest allowed string.
    pub max_length: Option<u64>,
    /// Rust names of parameters that must be set when this one is.
    pub requires: Vec<String>,
    /// The checks of `requires` made on this parameter: a pair that requires each other
    /// is checked once, on the first of the two.
    pub pair_checks: Vec<PairCheck>,
    /// The documented values of a string enum parameter; another value (the enum's
    /// catch-all variant) is refused before sending.
    pub one_of: Vec<String>,
}

/// A check between two parameters, named by the other's Rust name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PairCheck {
    /// The other must be set when this one is.
    Requires(String),
    /// Both or neither (each requires the other).
    Together(String),
}

impl Constraints {
    /// True when nothing is checked.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// A request body.
#[derive(Clone, Debug, PartialEq)]
pub struct Body {
    /// Rust name of the argument/setter.
    pub name: String,
    /// Media type sent.
    pub media_type: String,
    /// How it is encoded.
    pub encoding: BodyEncoding,
    /// Payload type.
    pub ty: TypeRef,
    /// Required: positional argument; otherwise a setter.
    pub required: bool,
    /// Documentation.
    pub docs: Docs,
}

/// Body encodings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BodyEncoding {
    /// serde_json.
    Json,
    /// UTF-8 text.
    Text,
    /// Raw bytes, sent as given.
    Bytes,
    /// `application/x-www-form-urlencoded`: the fields of a struct (request bodies only).
    Form,
    /// `multipart/form-data`: one part per field of a struct, `format: binary` fields as
    /// file parts of raw bytes (request bodies only).
    Multipart,
}

/// What a successful call returns.
#[derive(Clone, Debug, PartialEq)]
pub enum Success {
    /// One body type (or none) for every success status.
    Single(Option<ResponseBody>),
    /// Different bodies by status: an enum named `name`.
    ByStatus {
        /// Enum name.
        name: String,
        /// One variant per status.
        variants: Vec<StatusVariant>,
    },
}

/// A decoded response body.
#[derive(Clone, Debug, PartialEq)]
pub struct ResponseBody {
    /// Rust type.
    pub ty: TypeRef,
    /// How to decode it.
    pub encoding: BodyEncoding,
}

/// One success status of a `Success::ByStatus`.
#[derive(Clone, Debug, PartialEq)]
pub struct StatusVariant {
    /// Variant name.
    pub name: String,
    /// What statuses it matches.
    pub status: StatusMatch,
    /// Body, if any.
    pub body: Option<ResponseBody>,
    /// Documentation (the response description).
    pub docs: Docs,
}

/// A status or range of statuses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StatusMatch {
    /// Exactly this status.
    Code(u16),
    /// `2XX`: 200..=299 (the hundreds digit given).
    Range(u16),
    /// Any other status. As a success variant: any other success status (2xx, which the
    /// runtime's `Response::is_success` tells).
    Default,
}

/// Names the generated request builders use for their own fields and methods; `lower`
/// keeps parameters off them and `emit` writes them, both from here.
pub mod builder {
    /// The field holding the service client.
    pub const CLIENT: &str = "client";
    /// The field holding the per-call overrides.
    pub const OPTIONS: &str = "options";
    /// The method that sends the request.
    pub const SEND: &str = "send";
    /// The paging method yielding pages.
    pub const INTO_PAGES: &str = "into_pages";
    /// The paging method yielding items.
    pub const INTO_ITEMS: &str = "into_items";
    /// The per-call timeout setter.
    pub const TIMEOUT: &str = "timeout";
    /// The per-call attempts setter.
    pub const MAX_ATTEMPTS: &str = "max_attempts";
    /// The per-call retry delay setter.
    pub const BASE_DELAY: &str = "base_delay";
    /// The per-call opt-in to retrying a non-idempotent call like an idempotent one.
    pub const RETRY_WRITES: &str = "retry_writes";
    /// All of them.
    pub const ALL: &[&str] = &[
        CLIENT,
        OPTIONS,
        SEND,
        INTO_PAGES,
        INTO_ITEMS,
        TIMEOUT,
        MAX_ATTEMPTS,
        BASE_DELAY,
        RETRY_WRITES,
    ];
}

/// A declared error response.
#[derive(Clone, Debug, PartialEq)]
pub struct ErrorResponse {
    /// Status.
    pub status: StatusMatch,
    /// Body type, if declared.
    pub ty: Option<TypeRef>,
    /// Documentation.
    pub docs: Docs,
}

/// Paging from `x-hwc-pagination`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pagination {
    /// The query parameter that positions a page (an integer or a string).
    pub offset: PageField,
    /// The page-size parameter.
    pub limit: PageField,
    /// The response field with the items.
    pub items: PageField,
    /// Type of one item.
    pub item_ty: TypeRef,
    /// When the call answers by status: the success variant whose body is the page. Any
    /// other success status has no body and is an empty page (a 204 "no records").
    pub variant: Option<String>,
    /// The response field with the total number of items, if any (an integer).
    pub total: Option<PageField>,
    /// Offset of the first item or page.
    pub start: u64,
    /// Whether the offset counts items or pages.
    pub unit: PageUnit,
    /// Why the offset is read this way (the extension's `note`), for the docs.
    pub docs: Docs,
}

/// A builder field (parameter) or response field that paging reads or sets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PageField {
    /// Rust name.
    pub name: String,
    /// Name on the wire.
    pub wire: String,
    /// Held in an `Option`: an optional parameter, an optional or nullable field.
    pub optional: bool,
}

/// What `offset` counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PageUnit {
    /// Items.
    Item,
    /// Pages.
    Page,
}
