//! What the two formats without markup (HTML text, pipe cells) share: page furniture,
//! text that is its own plain text, and cutting lines into text, tables (found by the
//! format's own table reader) and JSON blocks.

use super::doc::{Block, Para, Table, json_block, paragraphs};

/// A format's table reader: the table starting at a line, and the line after it.
pub(super) type TableAt<'a> = &'a dyn Fn(&[&str], usize) -> Option<(Table, usize)>;

/// Cuts `text` into blocks: furniture and blank lines skipped, tables where `table_at`
/// finds one, JSON blocks, and one text block per other line.
pub(super) fn blocks(text: &str, table_at: TableAt<'_>) -> Vec<Block> {
    let lines: Vec<&str> = text.lines().collect();
    let mut blocks = Vec::new();
    let mut index = 0;
    while let Some(line) = lines.get(index) {
        let trimmed = line.trim();
        if trimmed.is_empty() || is_furniture(trimmed) {
            index += 1;
            continue;
        }
        if let Some((table, end)) = table_at(&lines, index) {
            blocks.push(Block::Table(table));
            index = end.max(index + 1);
            continue;
        }
        if let Some((code, end)) = json_block(&lines, index) {
            blocks.push(Block::Code(code));
            index = end;
            continue;
        }
        let paras = paragraphs(&[(index + 1, trimmed)], &identity);
        blocks.extend(paras.into_iter().map(Block::Text));
        index += 1;
    }
    blocks
}

/// Text without markup is its own plain text.
pub(super) fn identity(text: &str) -> Para {
    Para {
        text: text.to_owned(),
        ..Para::default()
    }
}

/// Feedback widgets and cookie banners.
pub(super) fn is_furniture(trimmed: &str) -> bool {
    const STARTS: &[&str] = &[
        "We use cookies",
        "Feedback",
        "Was this page helpful",
        "Provide feedback",
        "Selected Content",
        "Submit selected content",
        "For any further questions",
        "Chatbot",
        "0/500",
    ];
    STARTS.iter().any(|start| trimmed.starts_with(start))
}
