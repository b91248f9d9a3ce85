//! Text of an HTML page: menus and banners around the content, tables flattened to one
//! cell per line ("Table 2 Query parameters", then the header cells, then each row's
//! cells). A row starts at a name followed by cells that fit the header's short columns
//! (Yes/No under Mandatory, a type word under Type); the last column's cell runs, over
//! blank lines and bullets, to the next row, table or heading.

use std::sync::LazyLock;

use regex::Regex;

use super::doc::{Block, Cell, Table, paragraphs};
use super::pattern;
use super::sections::is_heading;
use super::tables::split_caption;
use super::types::is_type;
use super::unmarked::{self, identity, is_furniture};

/// Cuts the text of an HTML page into blocks.
pub(super) fn blocks(text: &str) -> Vec<Block> {
    unmarked::blocks(text, &table)
}

/// Header words of the docs' tables.
fn is_header_word(cell: &str) -> bool {
    const WORDS: &[&str] = &[
        "Parameter",
        "Name",
        "Mandatory",
        "Required",
        "Type",
        "Description",
        "Status Code",
        "Error Code",
        "Error Message",
        "Field",
        "Data Type",
        "Remarks",
        "Value",
    ];
    // Case matters: a field named `type` follows the header cell `Type`.
    WORDS.contains(&cell)
}

static CAPTION: LazyLock<Regex> = LazyLock::new(|| pattern(r"^Table\s+\d+\s+\S"));

/// A table starting at `start` (its caption or its first header cell) and the line after
/// it.
fn table(lines: &[&str], start: usize) -> Option<(Table, usize)> {
    let first = lines.get(start)?.trim();
    let (caption, header_start) = if CAPTION.is_match(first) {
        (Some(split_caption(first)), next_filled(lines, start + 1)?)
    } else {
        (None, start)
    };
    let mut header = Vec::new();
    let mut at = header_start;
    while let Some(cell) = lines
        .get(at)
        .map(|line| line.trim())
        .filter(|cell| is_header_word(cell) && !header.iter().any(|known| known == cell))
    {
        header.push(cell.to_owned());
        match next_filled(lines, at + 1) {
            Some(next) => at = next,
            None => {
                at = lines.len();
                break;
            }
        }
    }
    let named = header.first().is_some_and(|first| {
        ["Parameter", "Name", "Status Code", "Error Code", "Field"]
            .iter()
            .any(|word| first.eq_ignore_ascii_case(word))
    });
    if header.len() < 2 || !named {
        return None;
    }
    let (rows, end) = rows(lines, at, &header);
    let (number, caption) = caption.map_or((None, None), |(number, text)| (number, Some(text)));
    Some((
        Table {
            line: start + 1,
            number,
            caption,
            label: None,
            header,
            rows,
        },
        end,
    ))
}

/// The next non-blank line at or after `from`.
fn next_filled(lines: &[&str], from: usize) -> Option<usize> {
    (from..lines.len()).find(|&index| lines.get(index).is_some_and(|line| !line.trim().is_empty()))
}

/// Rows from `start`; returns them and the first line after the table.
fn rows(lines: &[&str], start: usize, header: &[String]) -> (Vec<Vec<Cell>>, usize) {
    let mut rows = Vec::new();
    let mut at = start;
    while row_starts(lines, at, header) {
        let mut cells = Vec::new();
        let mut cursor = at;
        // Every column but the last holds one line.
        for _ in 0..header.len().saturating_sub(1) {
            let Some(line) = lines.get(cursor) else { break };
            cells.push(Cell {
                paras: paragraphs(&[(cursor + 1, line.trim())], &identity),
                line: cursor + 1,
            });
            cursor = next_filled(lines, cursor + 1).unwrap_or(lines.len());
        }
        // The last column runs to the next row, table, heading or page furniture.
        let begin = cursor;
        let mut end = cursor;
        while let Some(line) = lines.get(end) {
            let trimmed = line.trim();
            if end > begin
                && !trimmed.is_empty()
                && (ends_table(lines, end) || row_starts(lines, end, header))
            {
                break;
            }
            end += 1;
        }
        let numbered: Vec<(usize, &str)> = (begin..end)
            .filter_map(|index| lines.get(index).map(|line| (index + 1, *line)))
            .collect();
        cells.push(Cell {
            paras: paragraphs(&numbered, &identity),
            line: begin + 1,
        });
        rows.push(cells);
        at = next_filled(lines, end).unwrap_or(lines.len());
        if ends_table(lines, at) {
            break;
        }
    }
    (rows, at)
}

/// Whether the line at `at` ends the current table: a heading, a new table, a JSON block
/// or page furniture.
fn ends_table(lines: &[&str], at: usize) -> bool {
    let Some(trimmed) = lines.get(at).map(|line| line.trim()) else {
        return true;
    };
    let unbulleted = super::doc::bullet_body(trimmed).unwrap_or(trimmed);
    is_heading(unbulleted)
        || is_furniture(trimmed)
        || trimmed.starts_with('{')
        || (CAPTION.is_match(trimmed) && table(lines, at).is_some())
}

/// Whether a row starts at `at`: a name, then lines fitting the short columns.
fn row_starts(lines: &[&str], at: usize, header: &[String]) -> bool {
    let Some(first) = lines.get(at).map(|line| line.trim()) else {
        return false;
    };
    if !is_name(first) || ends_table(lines, at) {
        return false;
    }
    let mut cursor = at;
    for column in header.iter().skip(1).take(header.len().saturating_sub(2)) {
        let Some(next) = next_filled(lines, cursor + 1) else {
            return false;
        };
        let cell = lines.get(next).map_or("", |line| line.trim());
        let fits = match column.to_ascii_lowercase().as_str() {
            "mandatory" | "required" => matches!(
                cell.to_ascii_lowercase().as_str(),
                "yes" | "no" | "mandatory" | "optional"
            ),
            "type" | "data type" => is_type(cell),
            _ => true,
        };
        if !fits {
            return false;
        }
        cursor = next;
    }
    header.len() > 1 && next_filled(lines, cursor + 1).is_some()
}

/// A parameter name, field name or code: one word of letters, digits, `_`, `-`, `.`.
fn is_name(text: &str) -> bool {
    !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_-.[]".contains(c))
        && text
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::{Block, blocks};

    #[test]
    fn flattened_table_rows() {
        let page = "URI\n\nGET /v1/{project_id}/x\n\nTable 1 Query parameters\n\nParameter\n\nMandatory\n\nType\n\nDescription\n\nlimit\n\nNo\n\nInteger\n\nNumber.\n\nValues:\n\n  • 1\n  • 2\n\nname\n\nYes\n\nString\n\nName.\n\nRequest\n";
        let blocks = blocks(page);
        let table = blocks
            .iter()
            .find_map(|block| match block {
                Block::Table(table) => Some(table),
                _ => None,
            })
            .expect("a table");
        assert_eq!(table.number, Some(1));
        assert_eq!(
            table.header,
            ["Parameter", "Mandatory", "Type", "Description"]
        );
        assert_eq!(table.rows.len(), 2);
        assert_eq!(table.rows[0][0].first(), "limit");
        assert_eq!(table.rows[0][0].line, 15);
        assert_eq!(table.rows[0][3].paras.len(), 4);
        assert_eq!(table.rows[1][3].text(), "Name.");
        assert!(matches!(blocks.last(), Some(Block::Text(para)) if para.text == "Request"));
    }
}
