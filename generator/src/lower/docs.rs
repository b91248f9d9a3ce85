//! Spec prose -> rustdoc lines that are safe to emit.
//!
//! Descriptions are Markdown written for web pages. In rustdoc, an untagged code fence or a
//! line indented by four spaces becomes a doctest that fails to compile, and a list item
//! followed by an unindented line trips clippy's `doc_lazy_continuation`. So: fences are
//! tagged `text`, indentation outside fences is removed, and list items and quotes are closed
//! by a blank line.

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;

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

/// Page furniture: references to the page's tables, which are not in the crate, each
/// with what replaces it.
const FURNITURE: &[(&str, &str)] = &[
    // "For details, see Table 5." / "For details about X, see Table 3 (caption)." / "For
    // details, see spec_code in Table 3 in section Querying Database Specifications."
    (
        r#"\s*For details(?: about [^,.]+)?, see [^."]*?Table \d+[^."]*[.:]"#,
        "",
    ),
    // Links to other pages: "Error Code: For details, see Error Codes.", "For details, see
    // Abnormal Request Results."
    (
        r"\s*(?:[A-Z][\w ]*: )?For details, see [A-Z][A-Za-z ]+\.",
        "",
    ),
    // "Backup (Table 5)." -> "Backup."
    (r" ?\(Table \d+[^)]*\)", ""),
    // A caption naming what the table describes: "Table 3 backups field data structure
    // description." says where the type is used.
    (
        r"(?m)^Table \d+ (\w+) (?:field data structure|parameter) description\.?",
        "The structure of `$1`.",
    ),
    // Any other caption: "Table 2 Parameter description (normal response)."
    (r"(?m)^Table \d+ [^.:\n]*description[^.:\n]*[.:]?[ \t]*", ""),
    // A caption introducing what follows: "Table 4 Error codes returned ...:"
    (r"(?m)^Table \d+ ", ""),
];

/// [`FURNITURE`] compiled; the patterns are literals (a test compiles each), so none is
/// left out in practice.
static FURNITURE_PATTERNS: LazyLock<Vec<(Regex, &'static str)>> = LazyLock::new(|| {
    FURNITURE
        .iter()
        .filter_map(|(pattern, replacement)| Some((Regex::new(pattern).ok()?, *replacement)))
        .collect()
});

/// The text without [`FURNITURE`].
fn strip_furniture(text: &str) -> String {
    let mut text = text.to_owned();
    for (pattern, replacement) in FURNITURE_PATTERNS.iter() {
        if let Cow::Owned(replaced) = pattern.replace_all(&text, *replacement) {
            text = replaced;
        }
    }
    text
}

/// Sanitizes one Markdown text into lines.
fn sanitize(text: &str) -> Vec<String> {
    let text = strip_furniture(text)
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
        out.push(link_urls(trimmed));
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

/// Bare URLs outside code spans as autolinks (`<https://…>`): rustdoc warns about bare
/// ones, and a reader can follow them.
fn link_urls(line: &str) -> String {
    static URL: LazyLock<Option<Regex>> =
        LazyLock::new(|| Regex::new(r"(^|[\s(])(https?://[^\s<>()`]*[^\s<>()`.,;:!?'\x22])").ok());
    let Some(url) = URL.as_ref() else {
        return line.to_owned();
    };
    // Segments at odd positions between backticks are code spans: left as they are.
    line.split('`')
        .enumerate()
        .map(|(index, segment)| {
            if index % 2 == 0 {
                url.replace_all(segment, "$1<$2>").into_owned()
            } else {
                segment.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("`")
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
    fn page_furniture_goes() {
        assert_eq!(FURNITURE_PATTERNS.len(), FURNITURE.len());
        let cases = [
            (
                "Indicates the backup list. For details, see Table 3.",
                "Indicates the backup list.",
            ),
            (
                "Array of records. For details about backup_record_response, see Table 3.",
                "Array of records.",
            ),
            (
                "Indicates the database version. For details, see Table 4 (datastore field data structure description).",
                "Indicates the database version.",
            ),
            ("Backup (Table 5).", "Backup."),
            (
                "Specification code. For details, see spec_code in Table 3 in section Querying Database Specifications.",
                "Specification code.",
            ),
            (
                "Table 3 backups field data structure description.",
                "The structure of `backups`.",
            ),
            ("Table 2 Parameter description (normal response).", ""),
            (
                "Table 4 datastore field data structure description. Database information.",
                "The structure of `datastore`. Database information.",
            ),
            (
                "Abnormal response. For details, see Abnormal Request Results. Error Code: For details, see Error Codes.",
                "Abnormal response.",
            ),
            (
                "Table 4 Error codes returned in case of a failure:",
                "Error codes returned in case of a failure:",
            ),
            // Quoted page text is the spec's own record of a defect: kept.
            (
                "The page says \"For details about other status codes, see Table 1\" and lists none.",
                "The page says \"For details about other status codes, see Table 1\" and lists none.",
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(docs([Some(text)]).0.join("\n"), expected, "{text}");
        }
    }

    #[test]
    fn bare_urls_become_links_outside_code() {
        let d = docs([Some(
            "GET https://a.example.com/v3/\nSee (https://b.example.com/x.html).\nNot `https://c.example.com` nor <https://d.example.com>.",
        )]);
        assert_eq!(
            d.0,
            [
                "GET <https://a.example.com/v3/>",
                "See (<https://b.example.com/x.html>).",
                "Not `https://c.example.com` nor <https://d.example.com>."
            ]
        );
    }

    #[test]
    fn blank_input_gives_no_docs() {
        assert!(docs([Some("  \n\t\n"), None]).is_empty());
    }
}
