//! Text with pipe-separated cells: each cell on its own line ending in ` |` (a cell may run
//! over several lines up to the one ending in `|`), a header row followed by `---|---|`.
//! Tables have no captions; a new header row starts a new table.

use super::doc::{Block, Cell, Table, paragraphs};
use super::unmarked::{self, identity};

/// Cuts a pipe-cell page into blocks.
pub(super) fn blocks(text: &str) -> Vec<Block> {
    unmarked::blocks(text, &|lines, at| {
        header_at(lines, at).map(|columns| table(lines, at, columns))
    })
}

/// `---|---|---|`: the number of columns.
fn separator_columns(line: &str) -> Option<usize> {
    let trimmed = line.trim();
    let columns = trimmed.matches('|').count();
    (columns > 0
        && trimmed
            .chars()
            .all(|c| c == '-' || c == '|' || c == ':' || c == ' '))
    .then_some(columns)
}

/// The column count when a header row starts at `at`: N lines ending in `|`, then the
/// separator.
fn header_at(lines: &[&str], at: usize) -> Option<usize> {
    let mut count = 0;
    loop {
        let line = lines.get(at + count)?;
        if let Some(columns) = separator_columns(line) {
            return (count == columns && count > 0).then_some(columns);
        }
        if !line.trim_end().ends_with('|') {
            return None;
        }
        count += 1;
    }
}

/// The table whose header starts at `start`, and the line after it.
fn table(lines: &[&str], start: usize, columns: usize) -> (Table, usize) {
    let header: Vec<String> = (start..start + columns)
        .filter_map(|index| lines.get(index))
        .map(|line| cell_text(line).to_owned())
        .collect();
    let mut at = start + columns + 1;
    let mut rows = Vec::new();
    while lines
        .get(at)
        .is_some_and(|line| line.trim_end().ends_with('|') && separator_columns(line).is_none())
        && header_at(lines, at).is_none()
    {
        let mut cells = Vec::new();
        for _ in 0..columns {
            let begin = at;
            while lines
                .get(at)
                .is_some_and(|line| !line.trim_end().ends_with('|'))
            {
                at += 1;
            }
            let numbered: Vec<(usize, &str)> = (begin..=at)
                .filter_map(|index| lines.get(index).map(|line| (index + 1, cell_text(line))))
                .collect();
            cells.push(Cell {
                paras: paragraphs(&numbered, &identity),
                line: begin + 1,
            });
            at += 1;
        }
        rows.push(cells);
    }
    (
        Table {
            line: start + 1,
            header,
            rows,
            ..Table::default()
        },
        at,
    )
}

/// A cell line without its closing `|`.
fn cell_text(line: &str) -> &str {
    let trimmed = line.trim();
    trimmed.strip_suffix('|').unwrap_or(trimmed).trim()
}

#[cfg(test)]
mod tests {
    use super::{Block, blocks};

    #[test]
    fn pipe_tables_split_at_headers() {
        let page = "URI\nGET /v3/x\nParameter |\nType |\n---|---|\na |\nString |\nb |\nLong line\ngoes on |\nName |\nType |\n---|---|\nc |\nInteger |\nEnd\n";
        let blocks = blocks(page);
        let tables: Vec<_> = blocks
            .iter()
            .filter_map(|block| match block {
                Block::Table(table) => Some(table),
                _ => None,
            })
            .collect();
        assert_eq!(tables.len(), 2);
        assert_eq!(tables[0].rows.len(), 2);
        assert_eq!(tables[0].rows[1][1].text(), "Long line goes on");
        assert_eq!(tables[1].rows[0][0].line, 14);
    }
}
