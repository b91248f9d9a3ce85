//! The page's sections: the URI line, parameter tables, the request body, response tables
//! per status ("Status code: 200"), status codes, and the examples, from the blocks any
//! format reader produced.

use std::sync::LazyLock;

use regex::Regex;

use super::doc::{Block, Code, Para, Table};
use super::pattern;
use super::tables::{self, Catalog};
use crate::pages::model::{Example, ExampleKind, Located, Operation, Response, StatusCode};

/// What a heading starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Section {
    /// Before the URI section, or a section the reader skips (Function, Error Code).
    Other,
    Uri,
    Request,
    Response,
    StatusCodes,
}

/// A heading line as the reader sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Marker {
    Section(Section),
    /// "Example Request", "Example normal response": what the next literal blocks are.
    Examples(ExampleKind),
    /// "Status code: 200".
    Status(u16),
}

/// Reads a heading; `None` for other text.
fn marker(text: &str) -> Option<Marker> {
    // A colon makes a label inside a cell ("Constraints:"), not a heading.
    let lower = text.trim().to_ascii_lowercase();
    if let Some(code) = STATUS
        .captures(&lower)
        .and_then(|c| c.get(1))
        .and_then(|m| m.as_str().parse().ok())
    {
        return Some(Marker::Status(code));
    }
    Some(match lower.as_str() {
        "uri" | "uri format" | "url" => Marker::Section(Section::Uri),
        "request" | "requests" | "request parameters" | "request parameter" | "request body"
        | "request header" | "request headers" => Marker::Section(Section::Request),
        "response"
        | "responses"
        | "response parameters"
        | "response parameter"
        | "response body"
        | "normal response" => Marker::Section(Section::Response),
        "status code" | "status codes" => Marker::Section(Section::StatusCodes),
        "function" | "constraints" | "error code" | "error codes" | "abnormal response"
        | "error response" => Marker::Section(Section::Other),
        "example request"
        | "example requests"
        | "request example"
        | "request examples"
        | "example request body"
        | "uri example"
        | "example"
        | "examples" => Marker::Examples(ExampleKind::Request),
        "example response"
        | "example responses"
        | "response example"
        | "response examples"
        | "example normal response"
        | "example response body" => Marker::Examples(ExampleKind::Response),
        _ => return None,
    })
}

static STATUS: LazyLock<Regex> = LazyLock::new(|| pattern(r"^status code:?\s*(\d{3})$"));

/// `GET https://{Endpoint}/v3/...`, `POST /v2/...`: a request line.
static REQUEST_LINE: LazyLock<Regex> = LazyLock::new(|| {
    pattern(r"^(GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS)\s+(https?://\S+|/\S*)(.*)$")
});

/// A URL's host, when it is a real host (not `{Endpoint}`).
static HOST: LazyLock<Regex> =
    LazyLock::new(|| pattern(r"https?://([A-Za-z0-9.-]+\.[A-Za-z]{2,})(?:[/:?]|$)"));

/// A status code on a line of its own ("200" under "Status Code -> Normal").
static CODE_LINE: LazyLock<Regex> = LazyLock::new(|| pattern(r"^([1-5]\d\d)$"));

/// Where a table's rows go.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Place {
    Parameters { header: bool },
    Body,
    Response(Option<u16>),
    StatusCodes,
}

/// The operation a page documents (`None` when it has no URI line).
pub(super) fn operation(blocks: &[Block]) -> Option<Operation> {
    let (uri_index, method, path, uri_line) = uri(blocks)?;
    let mut operation = Operation {
        method,
        path,
        title: None,
        line: uri_line,
        hosts: Vec::new(),
        request_lines: Vec::new(),
        parameters: Vec::new(),
        request_body: Vec::new(),
        responses: Vec::new(),
        status_codes: Vec::new(),
        examples: Vec::new(),
    };
    let mut section = Section::Other;
    let mut examples: Option<ExampleKind> = None;
    let mut status: Option<u16> = None;
    let mut status_line: Option<usize> = None;
    let mut caption: Option<String> = None;
    // Tables that carry fields, with their place and group.
    let mut placed: Vec<(&Table, Place, usize)> = Vec::new();
    let mut group = 0;
    let mut group_open = false;
    let mut index = 0;
    while let Some(block) = blocks.get(index) {
        index += 1;
        match block {
            Block::Text(para) => {
                if let Some(found) = marker(&para.text) {
                    caption = Some(para.text.trim().trim_end_matches(':').to_owned());
                    match found {
                        Marker::Section(next) => {
                            section = next;
                            examples = None;
                            status = None;
                            status_line = Some(para.line);
                            group_open = false;
                        }
                        Marker::Examples(kind) => examples = Some(kind),
                        Marker::Status(code) => {
                            status = Some(code);
                            status_line = Some(para.line);
                            group_open = false;
                        }
                    }
                    continue;
                }
                if index - 1 == uri_index {
                    continue;
                }
                if section == Section::StatusCodes {
                    if let Some(code) = CODE_LINE
                        .captures(para.text.trim())
                        .and_then(|c| c.get(1))
                        .and_then(|m| m.as_str().parse().ok())
                    {
                        push_status(&mut operation.status_codes, code, None, para.line);
                        continue;
                    }
                }
                if let Some(line) = request_line(para, blocks.get(index)) {
                    if line.1 {
                        index += 1;
                    }
                    record_request(&mut operation, line.0, para.line);
                    continue;
                }
                caption = Some(para.text.trim().trim_end_matches(':').to_owned());
            }
            Block::Code(code) => {
                let kind = examples.unwrap_or(match section {
                    Section::Response => ExampleKind::Response,
                    _ if status.is_some() => ExampleKind::Response,
                    _ => ExampleKind::Request,
                });
                example(&mut operation, code, kind, status, caption.clone());
            }
            Block::Table(table) => {
                if tables::is_status_table(&table.header) {
                    placed.push((table, Place::StatusCodes, 0));
                    continue;
                }
                let place = match section {
                    Section::Uri => Place::Parameters {
                        header: tables::is_header_table(table),
                    },
                    Section::Request if tables::is_header_table(table) => {
                        Place::Parameters { header: true }
                    }
                    Section::Request if is_query_or_path(table) => {
                        Place::Parameters { header: false }
                    }
                    Section::Request => Place::Body,
                    Section::Response => Place::Response(status),
                    Section::StatusCodes => Place::StatusCodes,
                    Section::Other => continue,
                };
                if !group_open || matches!(place, Place::Parameters { .. }) {
                    group += 1;
                    group_open = matches!(place, Place::Body | Place::Response(_));
                    if let Place::Response(code) = place {
                        operation.responses.push(Response {
                            status: code,
                            fields: Vec::new(),
                            line: status_line.filter(|_| code.is_some()).unwrap_or(table.line),
                        });
                    }
                    placed.push((table, place, group));
                    continue;
                }
                placed.push((table, place, group));
            }
        }
    }
    fill_tables(&mut operation, &placed);
    Some(operation)
}

/// Whether a request-section table is a path or query parameter table (by its caption).
fn is_query_or_path(table: &Table) -> bool {
    let caption = table.caption.as_deref().unwrap_or("").to_ascii_lowercase();
    caption.contains("query") || caption.contains("path") || caption.contains("uri")
}

/// Reads the placed tables: parameters, the request body and response fields (nested
/// through the catalogue of body tables), status codes.
fn fill_tables(operation: &mut Operation, placed: &[(&Table, Place, usize)]) {
    let catalog = Catalog {
        tables: placed.iter().map(|(table, _, _)| *table).collect(),
        groups: placed.iter().map(|(_, _, group)| *group).collect(),
    };
    let mut seen_group = Vec::new();
    let mut response = 0;
    for (index, (table, place, group)) in placed.iter().enumerate() {
        match place {
            Place::Parameters { header } => {
                let found = tables::parameters(table, &operation.path, *header);
                operation.parameters.extend(found);
            }
            Place::StatusCodes => {
                for row in &table.rows {
                    let code = row.first().map(|cell| cell.first().trim());
                    if let Some(code) = code.and_then(|code| code.parse::<u16>().ok()) {
                        let description = row
                            .get(1)
                            .map(|cell| cell.text())
                            .filter(|text| !text.is_empty());
                        let line = row.first().map_or(table.line, |cell| cell.line);
                        push_status(&mut operation.status_codes, code, description, line);
                    }
                }
            }
            Place::Body | Place::Response(_) if !seen_group.contains(group) => {
                seen_group.push(*group);
                let fields = catalog.fields(index);
                if matches!(place, Place::Body) {
                    operation.request_body.extend(fields);
                } else {
                    if let Some(target) = operation.responses.get_mut(response) {
                        target.fields = fields;
                    }
                    response += 1;
                }
            }
            _ => {}
        }
    }
}

fn push_status(codes: &mut Vec<StatusCode>, code: u16, description: Option<String>, line: usize) {
    if !codes.iter().any(|known| known.code == code) {
        codes.push(StatusCode {
            code,
            description,
            line,
        });
    }
}

/// The operation's URI: the first request line of the URI section (or of the page).
/// Returns the block index, method, path template and line.
fn uri(blocks: &[Block]) -> Option<(usize, String, String, usize)> {
    let mut in_uri = false;
    let mut first = None;
    for (index, block) in blocks.iter().enumerate() {
        let Block::Text(para) = block else { continue };
        match marker(&para.text) {
            Some(Marker::Section(section)) => in_uri = section == Section::Uri,
            Some(_) => {}
            None => {
                if let Some(captures) = REQUEST_LINE.captures(para.text.trim()) {
                    let method = captures.get(1).map_or("", |m| m.as_str()).to_owned();
                    let url = captures.get(2).map_or("", |m| m.as_str());
                    let found = (index, method, path_of(url), para.line);
                    if in_uri {
                        return Some(found);
                    }
                    first = first.or(Some(found));
                }
            }
        }
    }
    first
}

/// `https://{Endpoint}/v3/{project_id}/backups?x=y` -> `/v3/{project_id}/backups`.
fn path_of(url: &str) -> String {
    let without_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = if url.contains("://") {
        without_scheme
            .find('/')
            .and_then(|at| without_scheme.get(at..))
            .unwrap_or("/")
    } else {
        without_scheme
    };
    let path = path.split('?').next().unwrap_or(path);
    path.chars().filter(|c| !c.is_whitespace()).collect()
}

/// A request line in running text ("GET https://host/v3/...", or a bare example URL), and
/// whether it continues on the next block (a URL broken after a `/`).
fn request_line(para: &Para, next: Option<&Block>) -> Option<(String, bool)> {
    let text = para.text.trim();
    if !(REQUEST_LINE.is_match(text) || text.starts_with("https://") || text.starts_with("http://"))
    {
        return None;
    }
    if text.ends_with('/') {
        if let Some(Block::Text(next)) = next {
            let rest = next.text.trim();
            if !rest.is_empty() && !rest.contains(' ') && marker(rest).is_none() {
                return Some((format!("{text}{rest}"), true));
            }
        }
    }
    Some((text.to_owned(), false))
}

/// Records an example request line and its host.
fn record_request(operation: &mut Operation, line_text: String, line: usize) {
    if let Some(host) = HOST.captures(&line_text).and_then(|c| c.get(1)) {
        let host = host.as_str().to_owned();
        if !operation.hosts.iter().any(|known| known.value == host) {
            operation.hosts.push(Located { value: host, line });
        }
    }
    operation.request_lines.push(Located {
        value: line_text,
        line,
    });
}

/// A literal block: a request line (with the body after it, if any) or an example body.
fn example(
    operation: &mut Operation,
    code: &Code,
    kind: ExampleKind,
    status: Option<u16>,
    caption: Option<String>,
) {
    let mut text = code.text.as_str();
    let mut line = code.line;
    let mut kind = kind;
    if let Some(first) = text.lines().next() {
        if REQUEST_LINE.is_match(first.trim()) {
            record_request(operation, first.trim().to_owned(), code.line);
            let rest = text.get(first.len()..).unwrap_or("");
            let skipped = rest.len() - rest.trim_start().len();
            line += rest.get(..skipped).unwrap_or("").matches('\n').count();
            text = rest.trim();
            kind = ExampleKind::Request;
            if text.is_empty() {
                return;
            }
        }
    }
    operation.examples.push(Example {
        kind,
        status: if kind == ExampleKind::Response {
            status
        } else {
            None
        },
        caption,
        value: serde_json::from_str(text).ok(),
        text: text.to_owned(),
        line,
    });
}

/// Whether a line is a heading the reader knows (where a table's last cell ends).
pub(super) fn is_heading(text: &str) -> bool {
    marker(text).is_some()
}

/// The page's title: the line before the "Function" heading ("Updated on ..." lines
/// skipped), else the first line.
pub(super) fn title(blocks: &[Block]) -> Option<String> {
    let texts: Vec<&Para> = blocks
        .iter()
        .filter_map(|block| match block {
            Block::Text(para) => Some(para),
            _ => None,
        })
        .collect();
    let function = texts
        .iter()
        .position(|para| para.text.trim().eq_ignore_ascii_case("function"));
    let before: &[&Para] = function.and_then(|at| texts.get(..at)).unwrap_or_default();
    before
        .iter()
        .rev()
        .find(|para| !para.text.starts_with("Updated on"))
        .or_else(|| texts.first())
        .map(|para| para.text.trim().to_owned())
}

#[cfg(test)]
mod tests {
    use super::{Marker, Section, marker, path_of};

    #[test]
    fn headings_and_paths() {
        assert_eq!(marker("Status code: 200"), Some(Marker::Status(200)));
        assert_eq!(
            marker("Response Parameters"),
            Some(Marker::Section(Section::Response))
        );
        assert_eq!(marker("Constraints"), Some(Marker::Section(Section::Other)));
        assert_eq!(marker("Constraints:"), None);
        assert_eq!(marker("Backup type"), None);
        assert_eq!(
            path_of("https://{Endpoint}/v3/{project_id}/backups?x={begin _time}"),
            "/v3/{project_id}/backups"
        );
        assert_eq!(
            path_of("/v1.0/{project_id}/instances"),
            "/v1.0/{project_id}/instances"
        );
    }
}
