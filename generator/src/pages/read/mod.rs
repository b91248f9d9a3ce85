//! The page reader: an API reference page's text -> [`Page`].
//!
//! The format is detected from the text ([`detect_format`]); each format's reader (`rst`,
//! `html`, `pipe`; the last two share `unmarked`) cuts the page into text lines, tables
//! and literal blocks (`doc`), and
//! what those mean is read the same way for all three: `sections` (URI, parameters,
//! bodies, responses per status, status codes, examples), `tables` (columns, nesting),
//! `types` (type words) and `prose` (values, ranges, defaults).

mod doc;
mod html;
mod markup;
mod pipe;
mod prose;
mod rst;
mod sections;
mod tables;
mod types;
mod unmarked;

use std::path::Path;

use regex::Regex;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::pages::model::{Page, PageFormat};

/// Reads the page at `path`.
pub fn read_page(path: &Path) -> Result<Page, Diagnostics> {
    let text = std::fs::read_to_string(path)
        .map_err(|error| Diagnostic::new(path, "#", format!("cannot read the page: {error}")))?;
    parse_page(path, &text)
}

/// Reads page `text`; `file` only names it in the result and in diagnostics. A page
/// without a request line ("GET https://{Endpoint}/v3/...") is an error: it documents no
/// operation.
pub fn parse_page(file: &Path, text: &str) -> Result<Page, Diagnostics> {
    let format = detect_format(text);
    let blocks = match format {
        PageFormat::Rst => rst::blocks(text),
        PageFormat::Html => html::blocks(text),
        PageFormat::Pipe => pipe::blocks(text),
    };
    let title = sections::title(&blocks);
    let Some(mut operation) = sections::operation(&blocks) else {
        return Err(Diagnostic::new(
            file,
            "#",
            "the page has no request line (such as `GET https://{Endpoint}/v3/{project_id}/backups`)",
        )
        .with_hint("docs check and docs draft read API reference pages of one operation")
        .into());
    };
    operation.title.clone_from(&title);
    Ok(Page {
        file: file.to_path_buf(),
        format,
        title,
        operations: vec![operation],
    })
}

/// Tells the three formats apart: RST by grid tables, or by `..` directives together with
/// underlined headings; pipe cells by lines ending in ` |` or `---|---`; otherwise HTML
/// text.
pub fn detect_format(text: &str) -> PageFormat {
    let lines: Vec<&str> = text.lines().collect();
    let directive = lines
        .iter()
        .any(|line| line.trim_start().starts_with(".. "));
    let grid = lines.iter().any(|line| {
        let line = line.trim_start();
        line.starts_with("+--") || line.starts_with("+==")
    });
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

/// Compiles one of the reader's literal patterns.
fn pattern(source: &'static str) -> Regex {
    // Every caller passes a string literal, and each module's tests run its patterns, so
    // a bad pattern fails the tests, never a user's run.
    #[allow(clippy::expect_used)]
    Regex::new(source).expect("the reader's patterns are valid literals")
}
