//! reStructuredText pages: headings, `.. table::` captions and labels, grid tables
//! (`+---+`, cells over several lines), simple tables (`=== ===`) and literal blocks.

use super::doc::{Block, Cell, Code, Table, json_block, paragraphs};
use super::markup::plain;

/// Cuts RST `text` into blocks.
pub(super) fn blocks(text: &str) -> Vec<Block> {
    let lines: Vec<&str> = text.lines().collect();
    let mut blocks = Vec::new();
    let mut label: Option<String> = None;
    let mut caption: Option<(usize, Option<u32>, String)> = None;
    let mut index = 0;
    while let Some(&line) = lines.get(index) {
        let trimmed = line.trim();
        let number = index + 1;
        if let Some(name) = trimmed
            .strip_prefix(".. _")
            .and_then(|rest| rest.strip_suffix(':'))
        {
            label = Some(name.to_owned());
            index += 1;
        } else if let Some(title) = trimmed.strip_prefix(".. table::") {
            caption = Some(table_caption(number, title));
            index += 1;
        } else if is_grid_border(trimmed) || is_simple_border(trimmed) {
            let end = if is_grid_border(trimmed) {
                grid_end(&lines, index)
            } else {
                simple_end(&lines, index)
            };
            let body = lines.get(index..end).unwrap_or_default();
            let mut table = if is_grid_border(trimmed) {
                grid(body, number)
            } else {
                simple(body, number)
            };
            if let Some((line, number, text)) = caption.take() {
                table.line = line;
                table.number = number;
                table.caption = Some(text);
            }
            table.label = label.take();
            blocks.push(Block::Table(table));
            index = end.max(index + 1);
        } else if trimmed.starts_with(".. code-block::")
            || trimmed.ends_with("::") && !trimmed.starts_with("..")
        {
            if !trimmed.starts_with("..") {
                push_text(&mut blocks, number, trimmed.trim_end_matches(':'));
            }
            let end = literal_end(&lines, index);
            if let Some(code) = literal(lines.get(index + 1..end).unwrap_or_default(), number + 1) {
                blocks.push(Block::Code(code));
            }
            index = end;
        } else if let Some((code, end)) = json_block(&lines, index) {
            // A JSON body left in running text ("{}" under "Example normal response").
            blocks.push(Block::Code(code));
            index = end;
        } else if is_underline(lines.get(index + 1).copied().unwrap_or("")) && !trimmed.is_empty() {
            push_text(&mut blocks, number, trimmed);
            index += 2;
        } else if trimmed.starts_with(':') || trimmed.starts_with("..") || is_underline(trimmed) {
            index += 1;
        } else {
            push_text(&mut blocks, number, trimmed);
            index += 1;
        }
    }
    blocks
}

/// A line of running text; a bullet's marker is removed, so "-  Normal response" reads as
/// a heading like any other.
fn push_text(blocks: &mut Vec<Block>, line: usize, trimmed: &str) {
    if trimmed.is_empty() {
        return;
    }
    let paras = paragraphs(&[(line, trimmed)], &plain);
    blocks.extend(paras.into_iter().map(Block::Text));
}

/// `**Table 2** Parameter description` -> (line, Some(2), "Parameter description").
fn table_caption(line: usize, title: &str) -> (usize, Option<u32>, String) {
    let text = plain(title.trim()).text;
    let (number, caption) = super::tables::split_caption(&text);
    (line, number, caption)
}

/// An RST section underline (`=====`, `-----`, `~~~~`), at least three characters.
fn is_underline(line: &str) -> bool {
    let line = line.trim_end();
    line.len() >= 3
        && !line.starts_with(' ')
        && ['=', '-', '~', '^']
            .iter()
            .any(|&c| line.chars().all(|x| x == c))
}

fn is_grid_border(trimmed: &str) -> bool {
    trimmed.starts_with("+-") || trimmed.starts_with("+=")
}

/// `===== ====== =====`: runs of `=` separated by spaces, at least two columns.
fn is_simple_border(trimmed: &str) -> bool {
    trimmed.contains(' ')
        && trimmed.starts_with('=')
        && trimmed.chars().all(|c| c == '=' || c == ' ')
}

/// First line after the grid table starting at `start`.
fn grid_end(lines: &[&str], start: usize) -> usize {
    let mut end = start;
    while lines.get(end).is_some_and(|line| {
        let trimmed = line.trim_start();
        trimmed.starts_with('+') || trimmed.starts_with('|')
    }) {
        end += 1;
    }
    end
}

/// First line after the simple table starting at `start` (its third border ends it).
fn simple_end(lines: &[&str], start: usize) -> usize {
    let mut borders = 0;
    let mut end = start;
    while let Some(line) = lines.get(end) {
        if is_simple_border(line.trim()) {
            borders += 1;
        }
        end += 1;
        if borders == 3 {
            break;
        }
    }
    end
}

/// Column spans `(start, end)` in characters, from a border line.
fn grid_columns(border: &[char]) -> Vec<(usize, usize)> {
    let pluses: Vec<usize> = border
        .iter()
        .enumerate()
        .filter(|(_, c)| **c == '+')
        .map(|(i, _)| i)
        .collect();
    pluses
        .windows(2)
        .filter_map(|pair| match pair {
            [a, b] => Some((a + 1, *b)),
            _ => None,
        })
        .collect()
}

/// A grid table: rows between `+---+` borders, the header above the `+===+` border (or the
/// first row when there is none). Cells are cut at the border's `+` columns.
fn grid(body: &[&str], first_line: usize) -> Table {
    let chars: Vec<Vec<char>> = body.iter().map(|line| line.chars().collect()).collect();
    let columns = chars
        .first()
        .map(|border| grid_columns(border))
        .unwrap_or_default();
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    let mut header_rows = 0;
    let mut pending: Vec<(usize, &[char])> = Vec::new();
    for (offset, line) in chars.iter().enumerate() {
        let trimmed: String = line.iter().collect::<String>().trim().to_owned();
        if trimmed.starts_with('+') {
            if !pending.is_empty() {
                rows.push(grid_row(&pending, &columns));
                pending.clear();
            }
            if trimmed.starts_with("+=") {
                header_rows = rows.len();
            }
        } else {
            pending.push((first_line + offset, line.as_slice()));
        }
    }
    if !pending.is_empty() {
        rows.push(grid_row(&pending, &columns));
    }
    finish(rows, header_rows.max(1), first_line)
}

/// One grid row: each column's slice of every line, as paragraphs.
fn grid_row(lines: &[(usize, &[char])], columns: &[(usize, usize)]) -> Vec<Cell> {
    columns
        .iter()
        .map(|&(start, end)| {
            let texts: Vec<(usize, String)> = lines
                .iter()
                .map(|(line, chars)| {
                    let slice = chars.get(start..end.min(chars.len())).unwrap_or_default();
                    (*line, slice.iter().collect::<String>())
                })
                .collect();
            cell(&texts)
        })
        .collect()
}

/// A cell from its lines (line number, text).
fn cell(texts: &[(usize, String)]) -> Cell {
    let borrowed: Vec<(usize, &str)> = texts
        .iter()
        .map(|(line, text)| (*line, text.as_str()))
        .collect();
    let dedented = dedent(&borrowed);
    let paras = paragraphs(&dedented, &plain);
    let line = paras
        .first()
        .map(|para| para.line)
        .or_else(|| texts.first().map(|(line, _)| *line))
        .unwrap_or(0);
    Cell { paras, line }
}

/// Removes the lines' common indentation (a cell's text starts one space in).
fn dedent<'a>(lines: &[(usize, &'a str)]) -> Vec<(usize, &'a str)> {
    let indent = lines
        .iter()
        .filter(|(_, text)| !text.trim().is_empty())
        .map(|(_, text)| text.len() - text.trim_start().len())
        .min()
        .unwrap_or(0);
    lines
        .iter()
        .map(|&(line, text)| (line, text.get(indent..).unwrap_or("").trim_end()))
        .collect()
}

/// A simple table: columns from the first border's `=` runs; a line whose first column is
/// blank continues the row above.
fn simple(body: &[&str], first_line: usize) -> Table {
    let columns = body
        .first()
        .map(|border| {
            let chars: Vec<char> = border.chars().collect();
            let mut spans = Vec::new();
            let mut start = None;
            for (i, c) in chars.iter().enumerate() {
                match (c, start) {
                    ('=', None) => start = Some(i),
                    (' ', Some(s)) => {
                        spans.push((s, i));
                        start = None;
                    }
                    _ => {}
                }
            }
            if let Some(s) = start {
                spans.push((s, usize::MAX));
            }
            spans
        })
        .unwrap_or_default();
    let mut rows: Vec<Vec<(usize, String)>> = Vec::new();
    let mut row_lines: Vec<Vec<(usize, String)>> = Vec::new();
    let mut borders = 0;
    let mut header_rows = 0;
    for (offset, line) in body.iter().enumerate() {
        if is_simple_border(line.trim()) {
            borders += 1;
            if borders == 2 {
                header_rows = row_lines.len();
            }
            continue;
        }
        let chars: Vec<char> = line.chars().collect();
        let first_blank = columns.first().is_none_or(|&(start, end)| {
            chars
                .get(start..end.min(chars.len()))
                .is_none_or(|slice| slice.iter().all(|c| c.is_whitespace()))
        });
        let cells: Vec<(usize, String)> = columns
            .iter()
            .enumerate()
            .map(|(column, &(start, end))| {
                // The last column runs to the end of the line (text may pass the border).
                let end = if column + 1 == columns.len() {
                    chars.len()
                } else {
                    end.min(chars.len())
                };
                let slice = chars.get(start.min(chars.len())..end).unwrap_or_default();
                (first_line + offset, slice.iter().collect::<String>())
            })
            .collect();
        if first_blank && !row_lines.is_empty() && !line.trim().is_empty() {
            if let Some(last) = row_lines.last_mut() {
                for (column, text) in cells.into_iter().enumerate() {
                    if let Some(existing) = last.get_mut(column) {
                        existing.1.push('\n');
                        existing.1.push_str(&text.1);
                    }
                }
            }
        } else if !line.trim().is_empty() {
            row_lines.push(cells);
        }
    }
    rows.append(&mut row_lines);
    let rows: Vec<Vec<Cell>> = rows
        .into_iter()
        .map(|row| {
            row.into_iter()
                .map(|(line, text)| {
                    let lines: Vec<(usize, String)> = text
                        .split('\n')
                        .enumerate()
                        .map(|(i, part)| (line + i, part.to_owned()))
                        .collect();
                    cell(&lines)
                })
                .collect()
        })
        .collect();
    finish(rows, header_rows.max(1), first_line)
}

/// Splits header rows from body rows; header cells become their text.
fn finish(mut rows: Vec<Vec<Cell>>, header_rows: usize, line: usize) -> Table {
    let body = rows.split_off(header_rows.min(rows.len()));
    let mut header: Vec<String> = Vec::new();
    for row in &rows {
        for (column, cell) in row.iter().enumerate() {
            let text = cell.text().replace('\n', " ");
            match header.get_mut(column) {
                Some(existing) if !text.is_empty() => {
                    existing.push(' ');
                    existing.push_str(&text);
                }
                Some(_) => {}
                None => header.push(text),
            }
        }
    }
    Table {
        line,
        header: header
            .into_iter()
            .map(|text| text.trim().to_owned())
            .collect(),
        rows: body,
        ..Table::default()
    }
}

/// First line after the literal block introduced at `start` (a `.. code-block::` or a
/// paragraph ending in `::`): the block is the following lines indented deeper.
fn literal_end(lines: &[&str], start: usize) -> usize {
    let indent = lines
        .get(start)
        .map_or(0, |line| line.len() - line.trim_start().len());
    let mut end = start + 1;
    while let Some(line) = lines.get(end) {
        if !line.trim().is_empty() && line.len() - line.trim_start().len() <= indent {
            break;
        }
        end += 1;
    }
    end
}

/// The literal block's text, dedented, without leading and trailing blank lines.
fn literal(lines: &[&str], first_line: usize) -> Option<Code> {
    let numbered: Vec<(usize, &str)> = lines
        .iter()
        .enumerate()
        .map(|(offset, line)| (first_line + offset, *line))
        .collect();
    let dedented = dedent(&numbered);
    let first = dedented
        .iter()
        .position(|(_, text)| !text.trim().is_empty())?;
    let last = dedented
        .iter()
        .rposition(|(_, text)| !text.trim().is_empty())?;
    let kept = dedented.get(first..=last)?;
    let text: Vec<&str> = kept.iter().map(|(_, text)| *text).collect();
    Some(Code {
        text: text.join("\n"),
        line: kept.first().map_or(first_line, |(line, _)| *line),
    })
}

// Compiled only for `cargo test` (the no-panic lints are off there, see lib.rs): these
// panics report a failed test on fixed fixtures and are unreachable from any input.
#[cfg(test)]
mod tests {
    use super::{Block, blocks};

    fn texts(blocks: &[Block]) -> Vec<String> {
        blocks
            .iter()
            .filter_map(|block| match block {
                Block::Text(para) => Some(para.text.clone()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn grid_table_cells_span_lines_and_keep_their_lines() {
        let page = concat!(
            "Title\n=====\n\n.. _lbl:\n\n.. table:: **Table 2** X description\n\n",
            "   +----+-------------+\n",
            "   | A  | B           |\n",
            "   +====+=============+\n",
            "   | a  | one         |\n",
            "   |    |             |\n",
            "   |    | -  **v**: w |\n",
            "   +----+-------------+\n",
        );
        let blocks = blocks(page);
        assert_eq!(texts(&blocks), ["Title"]);
        let Some(Block::Table(table)) = blocks.get(1) else {
            panic!("{blocks:?}")
        };
        assert_eq!(table.number, Some(2));
        assert_eq!(table.caption.as_deref(), Some("X description"));
        assert_eq!(table.label.as_deref(), Some("lbl"));
        assert_eq!(table.header, ["A", "B"]);
        let row = &table.rows[0];
        assert_eq!(row[0].first(), "a");
        assert_eq!(row[0].line, 11);
        assert_eq!(row[1].paras.len(), 2);
        assert!(row[1].paras[1].bullet);
        assert_eq!(row[1].paras[1].line, 13);
        assert_eq!(row[1].paras[1].marked, ["v"]);
    }

    #[test]
    fn simple_table_rows_and_continuations() {
        let page = "   ==== ====\n   Code Text\n   ==== ====\n   200  OK\n   204  No\n        content\n   ==== ====\n";
        let blocks = blocks(page);
        let Some(Block::Table(table)) = blocks.first() else {
            panic!("{blocks:?}")
        };
        assert_eq!(table.header, ["Code", "Text"]);
        assert_eq!(table.rows.len(), 2);
        assert_eq!(table.rows[1][1].text(), "No content");
    }
}
