//! The page reader: an API reference page's text -> [`Page`].
//!
//! The format is detected from the text (see [`detect_format`]); each format has its own
//! table reader, and what the tables and the prose around them mean (sections, types,
//! constraints, nesting) is read the same way for all three.

use std::path::Path;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::pages::model::{Page, PageFormat};

/// Reads the page at `path`.
pub fn read_page(path: &Path) -> Result<Page, Diagnostics> {
    let text = std::fs::read_to_string(path)
        .map_err(|error| Diagnostic::new(path, "#", format!("cannot read the page: {error}")))?;
    parse_page(path, &text)
}

/// Reads page `text`; `file` only names it in the result and in diagnostics.
pub fn parse_page(file: &Path, text: &str) -> Result<Page, Diagnostics> {
    let format = detect_format(text);
    Ok(Page {
        file: file.to_path_buf(),
        format,
        title: None,
        operations: Vec::new(),
    })
}

/// Tells the three formats apart: RST by its directives and underlined headings or grid
/// tables, pipe cells by lines ending in ` |` or `---|---`, otherwise HTML text.
pub fn detect_format(text: &str) -> PageFormat {
    let lines: Vec<&str> = text.lines().collect();
    let directive = lines
        .iter()
        .any(|line| line.trim_start().starts_with(".. "));
    let grid = lines
        .iter()
        .any(|line| line.trim_start().starts_with("+--") || line.trim_start().starts_with("+=="));
    let underline = lines.windows(2).any(|pair| match pair {
        [title, under] => {
            let under = under.trim_end();
            !title.trim().is_empty()
                && under.len() >= 3
                && (under.chars().all(|c| c == '=') || under.chars().all(|c| c == '-'))
        }
        _ => false,
    });
    if grid || (directive && underline) {
        return PageFormat::Rst;
    }
    let pipe = lines
        .iter()
        .any(|line| line.trim_end().ends_with(" |") || line.contains("---|---"));
    if pipe {
        PageFormat::Pipe
    } else {
        PageFormat::Html
    }
}
