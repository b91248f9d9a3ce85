//! Stage 4: tokens -> formatted source, and writing files only when they change.

use std::path::Path;

use proc_macro2::TokenStream;

use crate::diagnostic::Diagnostic;

/// Formats generated tokens as a Rust file, with `header` as its first comment lines.
///
/// A parse failure here is a bug in the generator, reported as a diagnostic on the spec
/// rather than a panic so the user still gets a message to act on.
pub fn format_file(spec: &Path, header: &str, tokens: TokenStream) -> Result<String, Diagnostic> {
    let body = unparse(spec, tokens)?;
    Ok(with_header(header, &separate_items(&body)))
}

/// Formats the units of a module on every core: each unit's tokens (from `tokens`, called
/// on the thread that formats it, as tokens cannot cross threads) are parsed and printed on
/// their own, and the texts joined in order. prettyplease prints a file's items one after
/// the other with nothing carried between them, so the result is the same as formatting
/// the whole file at once.
pub fn format_units<U: Sync>(
    spec: &Path,
    header: &str,
    units: &[U],
    tokens: impl Fn(&U) -> TokenStream + Sync,
) -> Result<String, Diagnostic> {
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZero::get)
        .min(units.len().max(1));
    // Unit `i` goes to thread `i % threads`: neighbours are often alike in size.
    let printed: Vec<Result<Vec<(usize, String)>, Diagnostic>> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|thread| {
                let tokens = &tokens;
                scope.spawn(move || {
                    units
                        .iter()
                        .enumerate()
                        .skip(thread)
                        .step_by(threads)
                        .map(|(index, unit)| Ok((index, unparse(spec, tokens(unit))?)))
                        .collect::<Result<Vec<_>, Diagnostic>>()
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|worker| {
                worker.join().unwrap_or_else(|_| {
                    Err(
                        Diagnostic::new(spec, "#", "internal error: formatting panicked")
                            .with_hint("please report this with the spec attached"),
                    )
                })
            })
            .collect()
    });
    let mut pieces: Vec<(usize, String)> = Vec::with_capacity(units.len());
    for result in printed {
        pieces.extend(result?);
    }
    pieces.sort_unstable_by_key(|(index, _)| *index);
    let body: String = pieces.into_iter().map(|(_, text)| text).collect();
    Ok(with_header(header, &separate_items(&body)))
}

fn unparse(spec: &Path, tokens: TokenStream) -> Result<String, Diagnostic> {
    let file: syn::File = syn::parse2(tokens).map_err(|error| {
        Diagnostic::new(
            spec,
            "#",
            format!("internal error: generated code does not parse: {error}"),
        )
        .with_hint("please report this with the spec attached")
    })?;
    Ok(prettyplease::unparse(&file))
}

fn with_header(header: &str, body: &str) -> String {
    let mut out = String::with_capacity(body.len() + 256);
    for line in header.lines() {
        out.push_str("// ");
        out.push_str(line);
        out.push('\n');
    }
    out.push('\n');
    out.push_str(body);
    out
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

// Compiled only for `cargo test` (the no-panic lints are off there, see lib.rs): these
// panics report a failed test on fixed specs and are unreachable from any input.
#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    /// Our specs, the fixtures, and (when present) the corpus's GitHub and Stripe specs.
    fn specs() -> Vec<PathBuf> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut specs = Vec::new();
        for dir in ["specs", "tests/fixtures"] {
            for entry in std::fs::read_dir(root.join(dir)).unwrap_or_else(|e| panic!("{e}")) {
                let path = entry.unwrap_or_else(|e| panic!("{e}")).path();
                if path.extension().is_some_and(|e| e == "yaml") {
                    specs.push(path);
                }
            }
        }
        for name in [
            "progenitor-github-api-older.json",
            "stripe-spec3-2023-09.yaml",
        ] {
            let path = root.join("../shared/corpus").join(name);
            if path.exists() {
                specs.push(path);
            }
        }
        specs
    }

    #[test]
    fn formatting_by_units_in_parallel_is_formatting_the_whole_file() {
        for path in specs() {
            let Ok(spec) = crate::load::load_file(&path) else {
                continue; // fixtures of refused input
            };
            let Ok(api) = crate::lower::lower(&spec) else {
                continue;
            };
            let whole = format_file(&path, "h", crate::emit::emit(&api, &[]))
                .unwrap_or_else(|d| panic!("{d}"));
            let units = crate::emit::units(&api);
            let parallel = format_units(&path, "h", &units, |unit| {
                crate::emit::unit(&api, *unit, &[])
            })
            .unwrap_or_else(|d| panic!("{d}"));
            assert!(whole == parallel, "{} formats differently", path.display());
        }
    }
}
