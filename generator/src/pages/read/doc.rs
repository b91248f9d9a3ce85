//! What the three format readers produce: the page as text lines, tables and literal blocks.
//!
//! Each format reader (`rst`, `html`, `pipe`) cuts its page into these blocks; everything
//! after that (`sections`, `tables`, `prose`, `types`) reads blocks without knowing the
//! format. Text keeps its page line; cells are split into paragraphs and bullet items.

/// One piece of a page, in page order.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Block {
    /// A line of running text (a heading, a sentence, a request line), markup removed.
    Text(Para),
    /// A table.
    Table(Table),
    /// A literal block (an example body or request), lines as written.
    Code(Code),
}

/// A literal block.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Code {
    /// The block's text, common indentation removed.
    pub text: String,
    /// Line of its first line.
    pub line: usize,
}

/// A table: caption, header and rows of cells.
#[derive(Clone, Debug, Default, PartialEq)]
pub(super) struct Table {
    /// Line of the caption, or of the table's first line when it has none.
    pub line: usize,
    /// `N` of a "Table N" caption.
    pub number: Option<u32>,
    /// The caption after "Table N" (`backups field data structure description`).
    pub caption: Option<String>,
    /// The RST label just before the table (`.. _rds_09_0008__table10656503:`).
    pub label: Option<String>,
    /// Header cells, markup removed.
    pub header: Vec<String>,
    /// Rows, each with one cell per header column.
    pub rows: Vec<Vec<Cell>>,
}

/// One table cell: paragraphs and bullet items.
#[derive(Clone, Debug, Default, PartialEq)]
pub(super) struct Cell {
    /// Paragraphs in cell order.
    pub paras: Vec<Para>,
    /// Line of the cell's first line.
    pub line: usize,
}

/// A paragraph or bullet item.
#[derive(Clone, Debug, Default, PartialEq)]
pub(super) struct Para {
    /// The text with inline markup removed.
    pub text: String,
    /// Words the page marked as literal values (`**auto**`, ``` ``x`` ```), in order.
    pub marked: Vec<String>,
    /// Labels of `:ref:` links in it.
    pub refs: Vec<String>,
    /// Whether it is a bullet item.
    pub bullet: bool,
    /// Whether it is inside a note (`.. note::`, `.. important::`): notes qualify the
    /// text before them, so a list does not run on into them.
    pub note: bool,
    /// Line of its first line.
    pub line: usize,
}

impl Cell {
    /// The cell's text: paragraphs joined by a blank line.
    pub fn text(&self) -> String {
        let texts: Vec<&str> = self.paras.iter().map(|para| para.text.as_str()).collect();
        texts.join("\n\n")
    }

    /// The cell's first paragraph (for one-word cells: names, types, Yes/No).
    pub fn first(&self) -> &str {
        self.paras.first().map_or("", |para| para.text.as_str())
    }
}

/// Builds paragraphs from a cell's or a page's lines: blank lines and bullets start a new
/// paragraph, other lines continue the current one, directive lines (`.. note::`) are
/// dropped (their content stays). `plain` removes a line's inline markup and reports the
/// marked words and `:ref:` labels.
pub(super) fn paragraphs(lines: &[(usize, &str)], plain: &dyn Fn(&str) -> Para) -> Vec<Para> {
    let mut paras: Vec<Para> = Vec::new();
    let mut open = false;
    // Indentation of the directive whose content the lines are in.
    let mut note: Option<usize> = None;
    for &(line, raw) in lines {
        let trimmed = raw.trim();
        let indent = raw.len() - raw.trim_start().len();
        if is_directive(trimmed) {
            note = Some(indent);
            open = false;
            continue;
        }
        if trimmed.is_empty() {
            open = false;
            continue;
        }
        if note.is_some_and(|at| indent <= at) {
            note = None;
        }
        let (bullet, body) = match bullet_body(trimmed) {
            Some(body) => (true, body),
            None => (false, trimmed),
        };
        let piece = plain(body);
        match paras.last_mut() {
            Some(last) if open && !bullet => {
                last.text.push(' ');
                last.text.push_str(&piece.text);
                last.marked.extend(piece.marked);
                last.refs.extend(piece.refs);
            }
            _ => paras.push(Para {
                bullet,
                note: note.is_some(),
                line,
                ..piece
            }),
        }
        open = true;
    }
    paras
}

/// `.. note::`, `.. important::` and the like.
fn is_directive(line: &str) -> bool {
    line.starts_with(".. ") && line.ends_with("::")
}

/// The text of a bullet item (`-  x`, `• x`, `* x`), or `None` for other lines.
pub(super) fn bullet_body(line: &str) -> Option<&str> {
    ["- ", "• ", "* ", "•\u{a0}"]
        .iter()
        .find_map(|marker| line.strip_prefix(marker))
        .map(str::trim_start)
}

/// A JSON example starting at `start` (`{` or `[`): the lines up to where the brackets
/// balance.
pub(super) fn json_block(lines: &[&str], start: usize) -> Option<(Code, usize)> {
    let first = lines.get(start)?.trim_start();
    if !(first.starts_with('{') || first.starts_with('[')) {
        return None;
    }
    let mut depth: i64 = 0;
    let mut in_string = false;
    let mut escaped = false;
    let mut end = start;
    while let Some(line) = lines.get(end) {
        for c in line.chars() {
            match (in_string, escaped, c) {
                (true, true, _) => escaped = false,
                (true, false, '\\') => escaped = true,
                (true, false, '"') => in_string = false,
                (false, _, '"') => in_string = true,
                (false, _, '{' | '[') => depth += 1,
                (false, _, '}' | ']') => depth -= 1,
                _ => {}
            }
        }
        end += 1;
        if depth <= 0 {
            break;
        }
    }
    let taken = lines.get(start..end)?;
    let indent = taken
        .iter()
        .filter(|line| !line.trim().is_empty())
        .map(|line| line.len() - line.trim_start().len())
        .min()
        .unwrap_or(0);
    let text: Vec<&str> = taken
        .iter()
        .map(|line| line.get(indent..).unwrap_or(line.trim_start()).trim_end())
        .collect();
    Some((
        Code {
            text: text.join("\n"),
            line: start + 1,
        },
        end,
    ))
}
