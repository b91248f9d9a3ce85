//! Spec prose -> rustdoc lines that are safe to emit.
//!
//! Descriptions are Markdown written for web pages. In rustdoc, an untagged code fence or a
//! line indented by four spaces becomes a doctest that fails to compile, and a list item
//! followed by an unindented line trips clippy's `doc_lazy_continuation`. So: fences are
//! tagged `text`, indentation outside fences is removed, and list items and quotes are closed
//! by a blank line.

use crate::ir::Docs;

/// Builds documentation from paragraphs (summary, description, notes); empty ones are skipped.
pub fn docs<'a>(paragraphs: impl IntoIterator<Item = Option<&'a str>>) -> Docs {
    let mut lines: Vec<String> = Vec::new();
    for paragraph in paragraphs.into_iter().flatten() {
        let cleaned = sanitize(paragraph);
        if cleaned.is_empty() {
            continue;
        }
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.extend(cleaned);
    }
    Docs(lines)
}

/// Sanitizes one Markdown text into lines.
fn sanitize(text: &str) -> Vec<String> {
    let text = text
        .replace("\r\n", "\n")
        .replace(['\r'], "\n")
        .replace('\t', "    ");
    let mut out: Vec<String> = Vec::new();
    let mut fence: Option<String> = None;
    let mut open_block = false; // the previous line was a list item or quote
    for raw in text.lines() {
        let line = raw.trim_end();
        let trimmed = line.trim_start();
        if let Some(marker) = &fence {
            if trimmed.starts_with(marker.as_str()) {
                out.push(marker.clone());
                fence = None;
            } else {
                out.push(line.to_owned());
            }
            continue;
        }
        if let Some(marker) = fence_marker(trimmed) {
            out.push(format!("{marker}text"));
            fence = Some(marker);
            open_block = false;
            continue;
        }
        if trimmed.is_empty() {
            if out.last().is_some_and(|last| !last.is_empty()) {
                out.push(String::new());
            }
            open_block = false;
            continue;
        }
        let starts_block = is_list_item(trimmed) || trimmed.starts_with('>');
        if open_block && !starts_block {
            out.push(String::new());
        }
        out.push(trimmed.to_owned());
        open_block = starts_block;
    }
    if let Some(marker) = fence {
        out.push(marker);
    }
    while out.last().is_some_and(String::is_empty) {
        out.pop();
    }
    out
}

/// The fence that opens a code block (three or more backticks or tildes), if `line` is one.
fn fence_marker(line: &str) -> Option<String> {
    let first = line.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let count = line.chars().take_while(|c| *c == first).count();
    (count >= 3).then(|| std::iter::repeat_n(first, count).collect())
}

fn is_list_item(line: &str) -> bool {
    if line.starts_with("- ") || line.starts_with("* ") || line.starts_with("+ ") {
        return true;
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    digits > 0
        && line
            .get(digits..)
            .is_some_and(|rest| rest.starts_with(". ") || rest.starts_with(") "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fences_become_text_and_indentation_goes() {
        let d = docs([Some("Example:\n\n    GET /x\n\n```\nlet x = 1;\n```")]);
        assert_eq!(
            d.0,
            ["Example:", "", "GET /x", "", "```text", "let x = 1;", "```"]
        );
    }

    #[test]
    fn list_items_are_closed_before_prose() {
        let d = docs([Some("Values:\n- auto\n- manual\nDefault: auto")]);
        assert_eq!(d.0, ["Values:", "- auto", "- manual", "", "Default: auto"]);
    }

    #[test]
    fn unclosed_fence_is_closed_and_paragraphs_joined() {
        let d = docs([Some("Title"), None, Some("  ~~~~json\n{}")]);
        assert_eq!(d.0, ["Title", "", "~~~~text", "{}", "~~~~"]);
    }

    #[test]
    fn blank_input_gives_no_docs() {
        assert!(docs([Some("  \n\t\n"), None]).is_empty());
    }
}
