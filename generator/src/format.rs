//! Stage 4: tokens -> formatted source, and writing files only when they change.

use std::path::Path;

use proc_macro2::TokenStream;

use crate::diagnostic::Diagnostic;

/// Formats generated tokens as a Rust file, with `header` as its first comment lines.
///
/// A parse failure here is a bug in the generator, reported as a diagnostic on the spec
/// rather than a panic so the user still gets a message to act on.
pub fn format_file(spec: &Path, header: &str, tokens: TokenStream) -> Result<String, Diagnostic> {
    let file: syn::File = syn::parse2(tokens).map_err(|error| {
        Diagnostic::new(
            spec,
            "#",
            format!("internal error: generated code does not parse: {error}"),
        )
        .with_hint("please report this with the spec attached")
    })?;
    let mut out = String::with_capacity(4096);
    for line in header.lines() {
        out.push_str("// ");
        out.push_str(line);
        out.push('\n');
    }
    out.push('\n');
    out.push_str(&separate_items(&prettyplease::unparse(&file)));
    Ok(out)
}

/// prettyplease puts items back to back; a blank line after each item that ends at its
/// own indentation (`}` or `;`) makes the output read like hand-written code.
fn separate_items(source: &str) -> String {
    const ITEM_STARTS: &[&str] = &[
        "///", "#[", "pub ", "fn ", "impl", "const ", "type ", "async ", "mod ",
    ];
    let mut out = String::with_capacity(source.len() + source.len() / 16);
    let mut previous: Option<&str> = None;
    for line in source.lines() {
        if let Some(prev) = previous {
            let indent = line.len() - line.trim_start().len();
            let prev_indent = prev.len() - prev.trim_start().len();
            let prev_closes = prev.trim_start() == "}" || (prev_indent == 0 && prev.ends_with(';'));
            let starts_item = ITEM_STARTS
                .iter()
                .any(|start| line.trim_start().starts_with(start));
            if prev_closes && indent == prev_indent && starts_item {
                out.push('\n');
            }
        }
        out.push_str(line);
        out.push('\n');
        previous = Some(line);
    }
    out
}

/// Writes `content` to `path` unless it already holds exactly that; true when written.
/// Unchanged files keep their modification time, so cargo does not rebuild for nothing.
pub fn write_if_changed(path: &Path, content: &str) -> std::io::Result<bool> {
    if std::fs::read(path).is_ok_and(|existing| existing == content.as_bytes()) {
        return Ok(false);
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(path, content)?;
    Ok(true)
}
