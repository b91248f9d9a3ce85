//! Tables -> parameters and fields. Columns are found by their header words (any order,
//! Type optional); nested objects are followed through the row's `:ref:` label, "Table
//! N", the object name of `Array of X objects` or a caption naming the field (within the
//! same body), or (pages without captions) the next uncaptioned table of the same body. A
//! table being expanded is not expanded again.

use std::sync::LazyLock;

use regex::Regex;

use super::doc::{Cell, Table};
use super::pattern;
use super::prose::constraints;
use super::types::read_type;
use crate::pages::model::{Field, Parameter, ParameterIn, TypeKind};

/// Which column holds what.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Columns {
    /// The name column.
    pub name: usize,
    /// "Mandatory" / "Required".
    pub required: Option<usize>,
    /// "Type".
    pub ty: Option<usize>,
    /// "Description".
    pub description: Option<usize>,
}

/// The columns of a parameter or field table; `None` for other tables (status codes,
/// error codes).
pub(super) fn columns(header: &[String]) -> Option<Columns> {
    let find = |words: &[&str]| {
        header
            .iter()
            .position(|cell| words.iter().any(|word| cell.eq_ignore_ascii_case(word)))
    };
    Some(Columns {
        name: find(&["Parameter", "Name", "Parameter Name", "Field", "Attribute"])?,
        required: find(&["Mandatory", "Required", "Mandatory or Optional"]),
        ty: find(&["Type", "Data Type", "Parameter Type"]),
        description: find(&["Description", "Remarks", "Explanation"]),
    })
}

/// Whether a header is a status code table's ("Status Code | Description").
pub(super) fn is_status_table(header: &[String]) -> bool {
    header.first().is_some_and(|cell| {
        cell.eq_ignore_ascii_case("Status Code") || cell.eq_ignore_ascii_case("Status code")
    })
}

/// "Table 2 Parameter description" -> (Some(2), "Parameter description").
pub(super) fn split_caption(text: &str) -> (Option<u32>, String) {
    match CAPTION.captures(text) {
        Some(captures) => (
            captures.get(1).and_then(|m| m.as_str().parse().ok()),
            captures.get(2).map_or("", |m| m.as_str()).trim().to_owned(),
        ),
        None => (None, text.trim().to_owned()),
    }
}

static CAPTION: LazyLock<Regex> = LazyLock::new(|| pattern(r"^Table\s+(\d+)\.?\s*(.*)$"));

/// "see Table 3", "Table 3 <label>": a reference to a table by number.
static TABLE_REFERENCE: LazyLock<Regex> = LazyLock::new(|| pattern(r"\bTable\s+(\d+)\b"));

/// Whether a table holds request headers: its caption says so, or every name is an HTTP
/// header name (`X-Auth-Token`).
pub(super) fn is_header_table(table: &Table) -> bool {
    let caption = table.caption.as_deref().unwrap_or("").to_ascii_lowercase();
    if caption.contains("header") {
        return true;
    }
    let Some(columns) = columns(&table.header) else {
        return false;
    };
    !table.rows.is_empty()
        && table.rows.iter().all(|row| {
            let name = row.get(columns.name).map_or("", Cell::first);
            name.contains('-')
                && name.starts_with(|c: char| c.is_ascii_uppercase())
                && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
}

/// The rows of a parameter table. `path` is the operation's path template, which tells
/// path parameters from query parameters.
pub(super) fn parameters(table: &Table, path: &str, header: bool) -> Vec<Parameter> {
    let Some(columns) = columns(&table.header) else {
        return Vec::new();
    };
    table
        .rows
        .iter()
        .filter_map(|row| {
            let row = Row::read(row, columns)?;
            let location = if header {
                ParameterIn::Header
            } else if path.contains(&format!("{{{}}}", row.name)) {
                ParameterIn::Path
            } else {
                ParameterIn::Query
            };
            let constraints = constraints(row.description, row.text_type());
            Some(Parameter {
                name: row.name,
                location,
                required: row.required,
                constraints,
                description: row.description.text(),
                ty: row.ty.map(|(ty, _)| ty),
                line: row.line,
            })
        })
        .collect()
}

/// One row, its cells found by column.
struct Row<'a> {
    name: String,
    required: Option<bool>,
    ty: Option<(crate::pages::model::DocType, Option<String>)>,
    type_cell: Option<&'a Cell>,
    description: &'a Cell,
    line: usize,
}

/// An empty cell for tables without a description column.
static EMPTY: LazyLock<Cell> = LazyLock::new(Cell::default);

impl<'a> Row<'a> {
    fn read(cells: &'a [Cell], columns: Columns) -> Option<Self> {
        let name_cell = cells.get(columns.name)?;
        let name = name_cell.first().trim().to_owned();
        if name.is_empty() {
            return None;
        }
        let required = columns
            .required
            .and_then(|column| cells.get(column))
            .and_then(
                |cell| match cell.first().trim().to_ascii_lowercase().as_str() {
                    "yes" | "mandatory" | "true" => Some(true),
                    "no" | "optional" | "false" => Some(false),
                    _ => None,
                },
            );
        let type_cell = columns.ty.and_then(|column| cells.get(column));
        Some(Row {
            name,
            required,
            ty: type_cell.map(|cell| read_type(&cell.text().replace('\n', " "))),
            type_cell,
            description: columns
                .description
                .and_then(|column| cells.get(column))
                .unwrap_or(&EMPTY),
            line: name_cell.line,
        })
    }

    fn text_type(&self) -> bool {
        self.ty
            .as_ref()
            .is_some_and(|(ty, _)| ty.kind == TypeKind::String)
    }
}

/// The tables a body's fields can be read from, in page order, with the group each
/// belongs to (one request body, or one response status).
pub(super) struct Catalog<'a> {
    /// The tables.
    pub tables: Vec<&'a Table>,
    /// Each table's group.
    pub groups: Vec<usize>,
}

impl Catalog<'_> {
    /// The fields of table `root` with their nested objects.
    pub fn fields(&self, root: usize) -> Vec<Field> {
        let mut expanding = vec![root];
        let mut claimed = vec![root];
        self.expand(root, &mut expanding, &mut claimed)
    }

    fn expand(
        &self,
        index: usize,
        expanding: &mut Vec<usize>,
        claimed: &mut Vec<usize>,
    ) -> Vec<Field> {
        let Some(table) = self.tables.get(index) else {
            return Vec::new();
        };
        let Some(columns) = columns(&table.header) else {
            return Vec::new();
        };
        let mut fields = Vec::new();
        for cells in &table.rows {
            let Some(row) = Row::read(cells, columns) else {
                continue;
            };
            let (mut ty, object) = row.ty.clone().unwrap_or_else(|| read_type(""));
            let mut nested = Vec::new();
            if could_nest(&ty.kind) {
                if let Some(target) =
                    self.target(index, &row, object.as_deref(), expanding, claimed)
                {
                    claimed.push(target);
                    expanding.push(target);
                    nested = self.expand(target, expanding, claimed);
                    expanding.pop();
                    if ty.kind == TypeKind::Array(None) {
                        ty.kind = TypeKind::Array(Some(Box::new(TypeKind::Object)));
                    }
                }
            }
            fields.push(Field {
                name: row.name.clone(),
                required: row.required,
                constraints: constraints(row.description, ty.kind == TypeKind::String),
                description: row.description.text(),
                ty,
                fields: nested,
                line: row.line,
            });
        }
        fields
    }

    /// The table a row's object fields are in.
    fn target(
        &self,
        from: usize,
        row: &Row<'_>,
        object: Option<&str>,
        expanding: &[usize],
        claimed: &[usize],
    ) -> Option<usize> {
        let usable = |index: &usize| {
            !expanding.contains(index)
                && self
                    .tables
                    .get(*index)
                    .is_some_and(|table| columns(&table.header).is_some())
        };
        let cells = [Some(row.description), row.type_cell];
        let paras = cells.iter().flatten().flat_map(|cell| cell.paras.iter());
        for para in paras.clone() {
            for label in &para.refs {
                if let Some(found) = self
                    .tables
                    .iter()
                    .position(|table| table.label.as_deref() == Some(label.as_str()))
                    .filter(usable)
                {
                    return Some(found);
                }
            }
        }
        for para in paras {
            for captures in TABLE_REFERENCE.captures_iter(&para.text) {
                let number: Option<u32> = captures.get(1).and_then(|m| m.as_str().parse().ok());
                if let Some(found) = self
                    .tables
                    .iter()
                    .position(|table| number.is_some() && table.number == number)
                    .filter(usable)
                {
                    return Some(found);
                }
            }
        }
        let group = self.groups.get(from).copied();
        // By name only within the same body: a request field is not described by the
        // response's table of the same name (the page may give the request none).
        let named = |name: &str| {
            let wanted = normalize(name);
            (0..self.tables.len()).filter(usable).find(|index| {
                self.groups.get(*index).copied() == group
                    && self.tables.get(*index).is_some_and(|table| {
                        table
                            .caption
                            .as_deref()
                            .is_some_and(|caption| caption_names(caption, &wanted))
                    })
            })
        };
        if let Some(found) = object.and_then(named).or_else(|| named(&row.name)) {
            return Some(found);
        }
        // Pages without captions: the next unclaimed, uncaptioned table of the group.
        (from + 1..self.tables.len()).find(|index| {
            usable(index)
                && !claimed.contains(index)
                && self.groups.get(*index).copied() == group
                && self
                    .tables
                    .get(*index)
                    .is_some_and(|table| table.caption.is_none() && table.number.is_none())
        })
    }
}

/// Object-like types whose fields a nested table gives.
fn could_nest(kind: &TypeKind) -> bool {
    match kind {
        TypeKind::Object | TypeKind::Array(None) | TypeKind::Unknown(_) => true,
        TypeKind::Array(Some(item)) => matches!(**item, TypeKind::Object | TypeKind::Unknown(_)),
        _ => false,
    }
}

/// `backup_strategy`, `backupStrategy`, `BackupStrategy` -> `backupstrategy`.
fn normalize(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Whether a caption names the object: its first word is the name ("backups field data
/// structure description", "BackupRecordResponse"), singular or plural.
fn caption_names(caption: &str, wanted: &str) -> bool {
    let first = normalize(caption.split_whitespace().next().unwrap_or(""));
    !first.is_empty()
        && (first == wanted
            || first.strip_suffix('s') == Some(wanted)
            || wanted.strip_suffix('s') == Some(first.as_str()))
}

#[cfg(test)]
mod tests {
    use super::{caption_names, normalize, split_caption};

    #[test]
    fn captions() {
        assert_eq!(
            split_caption("Table 12 volume field"),
            (Some(12), "volume field".to_owned())
        );
        assert_eq!(
            split_caption("Path Parameters"),
            (None, "Path Parameters".to_owned())
        );
        assert!(caption_names(
            "backupStrategy field data structure description",
            &normalize("backup_strategy")
        ));
        assert!(caption_names("Backup", &normalize("backups")));
        assert!(!caption_names(
            "Parameter description",
            &normalize("backups")
        ));
    }
}
