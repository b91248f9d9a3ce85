//! Small token builders shared by the emitters.

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::quote;

use crate::ir::{Docs, TypeRef};

/// An identifier from an IR name (already valid; `r#` prefixes become raw identifiers).
///
/// `lower::naming` only produces ASCII identifiers that are not reserved, so the checks
/// here never fail for IR names; they keep this function total instead of panicking
/// like `Ident::new` would on anything else.
pub fn ident(name: &str) -> Ident {
    let (raw, body) = match name.strip_prefix("r#") {
        Some(body) => (true, body),
        None => (false, name),
    };
    let valid = body.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && body.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && body != "_";
    if !valid {
        let cleaned: String = body.chars().filter(char::is_ascii_alphanumeric).collect();
        return Ident::new(&format!("invalid_{cleaned}"), Span::call_site());
    }
    if raw {
        Ident::new_raw(body, Span::call_site())
    } else {
        Ident::new(body, Span::call_site())
    }
}

/// The name without an `r#` prefix (for messages and docs).
pub fn plain(name: &str) -> &str {
    name.strip_prefix("r#").unwrap_or(name)
}

/// `#[doc = "..."]` attributes, one per line (prettyplease prints them as `///`).
pub fn doc_attrs(docs: &Docs) -> TokenStream {
    let lines = docs.0.iter().map(|line| {
        let text = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        let text = doc_literal(&text);
        quote!(#[doc = #text])
    });
    quote!(#(#lines)*)
}

/// A doc line as a raw string literal (`r"…"`, with as many `#` as the text needs), which
/// holds the text as it is: a string literal escapes every character and syn unescapes
/// every one again to print the `///` line, most of the work of formatting docs.
/// prettyplease prints the literal's value, so the output is the same. A line that a raw
/// literal cannot hold (a carriage return; 255 `#` after a quote) or that prettyplease
/// would not print as `///` (a line break) stays an ordinary string literal.
fn doc_literal(text: &str) -> Literal {
    if text.contains(['\r', '\n']) {
        return Literal::string(text);
    }
    // The delimiter must be longer than any run of `#` after a quote in the text.
    let mut longest = 0;
    for (index, _) in text.match_indices('"') {
        let rest = text.get(index + 1..).unwrap_or_default();
        longest = longest.max(rest.len() - rest.trim_start_matches('#').len());
    }
    let hashes = "#".repeat(longest + usize::from(text.contains('"')));
    format!("r{hashes}\"{text}\"{hashes}")
        .parse()
        .unwrap_or_else(|_| Literal::string(text))
}

/// How an argument of type `ty` is taken (its type) and stored (what follows its name):
/// strings and times as anything that converts.
pub fn argument(ty: &TypeRef) -> (TokenStream, TokenStream) {
    match ty {
        TypeRef::String | TypeRef::Time(_) => {
            let ty = type_tokens(ty);
            (quote!(impl Into<#ty>), quote!(.into()))
        }
        other => (type_tokens(other), quote!()),
    }
}

/// The Rust type for a type reference.
pub fn type_tokens(ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::Named(name) => {
            let name = ident(name);
            quote!(#name)
        }
        TypeRef::Vec(inner) => {
            let inner = type_tokens(inner);
            quote!(Vec<#inner>)
        }
        TypeRef::Map(inner) => {
            let inner = type_tokens(inner);
            quote!(::std::collections::BTreeMap<String, #inner>)
        }
        TypeRef::JsonObject => {
            let map = path_tokens(ty.leaf_path().unwrap_or_default());
            let value = type_tokens(&TypeRef::Json);
            quote!(#map<String, #value>)
        }
        leaf => path_tokens(leaf.leaf_path().unwrap_or_default()),
    }
}

/// A type path from [`TypeRef::leaf_path`]: one segment as is, several from the crate root.
fn path_tokens(segments: &[&str]) -> TokenStream {
    let idents = segments.iter().map(|segment| ident(segment));
    if segments.len() == 1 {
        quote!(#(#idents)*)
    } else {
        quote!(#(::#idents)*)
    }
}

// Compiled only for `cargo test` (the no-panic lints are off there, see lib.rs): these
// panics report a failed test on fixed strings and are unreachable from any input.
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_doc_literal_holds_its_text_exactly() {
        for text in [
            "",
            " plain",
            " a \"quote\" and a \\ backslash",
            " \"# one hash after a quote, \"## two",
            " tab\tand unicode é \u{9f} \u{0}",
            " a\r\nline break",
            " a\nline break",
        ] {
            let literal = doc_literal(text);
            let parsed: syn::LitStr =
                syn::parse2(quote!(#literal)).unwrap_or_else(|e| panic!("{text:?}: {e}"));
            assert_eq!(parsed.value(), text);
            let raw = literal.to_string().starts_with('r');
            assert_eq!(raw, !text.contains(['\r', '\n']), "{literal}");
        }
    }
}
