//! The page model: what an API reference page says, independent of the page's format.
//!
//! The reader (`pages::read`) fills it from any of the three formats the docs come in (text
//! of an HTML page with one table cell per line, reStructuredText with grid and simple
//! tables, pipe-separated cells); `pages::check` compares it with a spec and `pages::draft`
//! writes an OpenAPI draft from it. Every item keeps the 1-based line of the page it was
//! read from, so a difference can be shown where the page says it. Text is kept as the page
//! spells it (typos included); markup (`**bold**`, `:ref:` links, bullets) is removed.

use std::path::PathBuf;

/// One API reference page.
#[derive(Clone, Debug, PartialEq)]
pub struct Page {
    /// The file the page was read from.
    pub file: PathBuf,
    /// The format it was written in.
    pub format: PageFormat,
    /// The page's title ("Querying Backups (Recommended)"), when it has one.
    pub title: Option<String>,
    /// The operations the page documents, in page order (usually one).
    pub operations: Vec<Operation>,
}

/// The three formats API reference pages arrive in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PageFormat {
    /// Text of an HTML page: navigation furniture, then table cells one per line.
    Html,
    /// reStructuredText source: grid tables (`+---+`) and simple tables (`=== ===`).
    Rst,
    /// Text with pipe-separated table cells (`name |`, one cell per line, `---|---|`).
    Pipe,
}

/// One operation: a method on a path template.
#[derive(Clone, Debug, PartialEq)]
pub struct Operation {
    /// HTTP method, upper case (`GET`).
    pub method: String,
    /// Path template without host and query (`/v3/{project_id}/backups`).
    pub path: String,
    /// The page's title for the operation.
    pub title: Option<String>,
    /// Line of the URI (`GET https://{Endpoint}/v3/...`).
    pub line: usize,
    /// Endpoint hosts seen in the page's examples (`rds.eu-de.otc.t-systems.com`), in page
    /// order, without duplicates: where a draft's `servers` come from.
    pub hosts: Vec<Located<String>>,
    /// Request lines of the page's examples as written, method and query included
    /// (`GET https://{Endpoint}/v3/0483.../backups?instance_id=43e4...&limit=10`): where a
    /// draft's parameter `example`s come from.
    pub request_lines: Vec<Located<String>>,
    /// Path, query and header parameters, in page order.
    pub parameters: Vec<Parameter>,
    /// Top-level fields of the JSON request body (empty when the page says "None").
    pub request_body: Vec<Field>,
    /// Response bodies by status, in page order.
    pub responses: Vec<Response>,
    /// Status codes the page lists (its "Status Code" section), in page order.
    pub status_codes: Vec<StatusCode>,
    /// Example requests and responses, in page order.
    pub examples: Vec<Example>,
}

/// A value with the page line it was read from.
#[derive(Clone, Debug, PartialEq)]
pub struct Located<T> {
    /// The value.
    pub value: T,
    /// 1-based line in the page.
    pub line: usize,
}

/// Where a parameter goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ParameterIn {
    /// A `{name}` segment of the path.
    Path,
    /// The query string.
    Query,
    /// A request header.
    Header,
}

/// A path, query or header parameter (one row of a parameter table).
#[derive(Clone, Debug, PartialEq)]
pub struct Parameter {
    /// Name as the page spells it.
    pub name: String,
    /// Where it goes: path if the URI template has `{name}`, header if the page's table is
    /// a header table, otherwise query.
    pub location: ParameterIn,
    /// The "Mandatory" column: `Some(true)` for Yes, `Some(false)` for No, `None` when the
    /// table has no such column or the cell says neither.
    pub required: Option<bool>,
    /// The "Type" column, `None` when the table has no such column (OTC URI tables).
    pub ty: Option<DocType>,
    /// The description, markup removed, paragraphs joined by a blank line.
    pub description: String,
    /// Values, range, length and default stated in the row.
    pub constraints: Constraints,
    /// Line of the row's first line.
    pub line: usize,
}

/// A field of a request or response body (one row of a body table).
#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    /// Name as the page spells it.
    pub name: String,
    /// The "Mandatory" column (request tables); `None` where there is none (responses).
    pub required: Option<bool>,
    /// The "Type" column.
    pub ty: DocType,
    /// The description, markup removed.
    pub description: String,
    /// Values, range, length and default stated in the row.
    pub constraints: Constraints,
    /// Fields of the object (for `Object` and `Array of objects`), read from the table the
    /// row points to ("For details, see Table 3") or the table captioned with the field's
    /// name; empty when the page gives none. A table already being expanded is not expanded
    /// again (some pages point a table at itself).
    pub fields: Vec<Field>,
    /// Line of the row's first line.
    pub line: usize,
}

/// A type as the docs write it.
#[derive(Clone, Debug, PartialEq)]
pub struct DocType {
    /// The cell as written (`Array of objects`, `Integer`, `List<String>`), markup removed.
    pub raw: String,
    /// What it means.
    pub kind: TypeKind,
}

/// The docs' type words.
#[derive(Clone, Debug, PartialEq)]
pub enum TypeKind {
    /// String.
    String,
    /// Integer (32-bit).
    Integer,
    /// Long (64-bit).
    Long,
    /// Float.
    Float,
    /// Double.
    Double,
    /// Number (no width stated).
    Number,
    /// Boolean.
    Boolean,
    /// Object (its fields are [`Field::fields`]).
    Object,
    /// `Array of X`, `List<X>`, `Array` (items of unknown type: `None`).
    Array(Option<Box<TypeKind>>),
    /// A word the reader does not know, kept as written.
    Unknown(String),
}

/// What a row says about the values it accepts or returns.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Constraints {
    /// Listed values ("Values: auto, manual", bullets, "Value: 10 (default value), 20, or
    /// 50"), in page order; empty when none are listed.
    pub values: Vec<EnumValue>,
    /// Minimum ("1 to 100", "Minimum value: 1", "greater than or equal to 0").
    pub minimum: Option<Located<f64>>,
    /// Maximum.
    pub maximum: Option<Located<f64>>,
    /// Minimum length in characters ("4 to 64 characters").
    pub min_length: Option<Located<u64>>,
    /// Maximum length in characters ("a maximum of 256 characters").
    pub max_length: Option<Located<u64>>,
    /// Default as written ("Instance", "100", "en-us"); prose defaults that are not a value
    /// ("If this parameter is not transferred, all ... are queried") are not defaults.
    pub default: Option<Located<String>>,
}

/// One listed value.
#[derive(Clone, Debug, PartialEq)]
pub struct EnumValue {
    /// The value as the page spells it (`Auto`, `CREATE FAIL`).
    pub value: String,
    /// What the page says it means ("automated full backup"), when it says.
    pub meaning: Option<String>,
    /// Line of the value.
    pub line: usize,
}

/// A response body table.
#[derive(Clone, Debug, PartialEq)]
pub struct Response {
    /// Status code (`200`, `202`); `None` when the page says only "Normal response".
    pub status: Option<u16>,
    /// Top-level fields.
    pub fields: Vec<Field>,
    /// Line of the table (or of the "Status code: 200" heading before it).
    pub line: usize,
}

/// A status code listed by the page.
#[derive(Clone, Debug, PartialEq)]
pub struct StatusCode {
    /// The code.
    pub code: u16,
    /// The page's words for it ("OK"), when it gives some.
    pub description: Option<String>,
    /// Line of the code.
    pub line: usize,
}

/// Whether an example is of a request or of a response.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExampleKind {
    /// A request body.
    Request,
    /// A response body.
    Response,
}

/// An example body from the page.
#[derive(Clone, Debug, PartialEq)]
pub struct Example {
    /// Request or response.
    pub kind: ExampleKind,
    /// The status it belongs to, when the page says.
    pub status: Option<u16>,
    /// The page's caption for it ("Example normal response", "Status code: 200").
    pub caption: Option<String>,
    /// The JSON as the page gives it (key order kept), or `None` when the block is not
    /// JSON; then `text` holds it.
    pub value: Option<serde_json::Value>,
    /// The block's text as the page gives it.
    pub text: String,
    /// Line of the block's first line.
    pub line: usize,
}
