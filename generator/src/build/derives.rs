//! Extra derives on the named types of a generated module.
//!
//! This edits emitted items rather than the IR: which traits a user wants is not a fact
//! about the spec, and it keeps `emit` unaware of build options.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::ToTokens;
use syn::punctuated::Punctuated;
use syn::{Attribute, Item, Path, Token};

use crate::ir::{Api, TypeKind};

/// `tokens` with `#[derive(path)]` added to each struct, enum and union of `api.types`
/// that does not already derive a trait of the same name; an error names a derive that
/// is not a Rust path.
pub(super) fn add(
    tokens: TokenStream,
    api: &Api,
    derives: &[String],
) -> Result<TokenStream, String> {
    if derives.is_empty() {
        return Ok(tokens);
    }
    let paths = derives
        .iter()
        .map(|text| {
            syn::parse_str::<Path>(text).map_err(|_| {
                format!("derive {text:?} is not a path such as `Eq` or `schemars::JsonSchema`")
            })
        })
        .collect::<Result<Vec<Path>, String>>()?;
    let types: BTreeSet<&str> = api
        .types
        .iter()
        .filter(|def| !matches!(def.kind, TypeKind::Alias(_)))
        .map(|def| def.name.as_str())
        .collect();
    let mut file: syn::File = syn::parse2(tokens)
        .map_err(|error| format!("internal error: generated code does not parse: {error}"))?;
    for item in &mut file.items {
        let (ident, attrs) = match item {
            Item::Struct(item) => (&item.ident, &mut item.attrs),
            Item::Enum(item) => (&item.ident, &mut item.attrs),
            _ => continue,
        };
        if !types.contains(ident.to_string().as_str()) {
            continue;
        }
        let present = derived(attrs);
        for path in &paths {
            if !present.contains(&last_segment(path)) {
                attrs.push(syn::parse_quote!(#[derive(#path)]));
            }
        }
    }
    Ok(file.into_token_stream())
}

/// Names (last path segments) of the traits the attributes derive.
fn derived(attrs: &[Attribute]) -> BTreeSet<String> {
    attrs
        .iter()
        .filter(|attr| attr.path().is_ident("derive"))
        .filter_map(|attr| {
            attr.parse_args_with(Punctuated::<Path, Token![,]>::parse_terminated)
                .ok()
        })
        .flatten()
        .map(|path| last_segment(&path))
        .collect()
}

fn last_segment(path: &Path) -> String {
    path.segments
        .last()
        .map(|segment| segment.ident.to_string())
        .unwrap_or_default()
}

// Compiled only for `cargo test` (the no-panic lints are off there, see lib.rs): these
// panics report a failed test on fixed fixtures and are unreachable from any input.
#[cfg(test)]
mod tests {
    use std::path::Path as FsPath;

    use super::*;

    const SPEC: &str = r#"
openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /pets:
    get:
      operationId: listPets
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Pet'}
components:
  schemas:
    Pet:
      type: object
      properties:
        kind: {$ref: '#/components/schemas/Kind'}
    Kind: {type: string, enum: [cat, dog]}
"#;

    fn source(derives: &[&str]) -> Result<String, String> {
        let spec =
            crate::load::load_str(FsPath::new("pets.yaml"), SPEC).unwrap_or_else(|d| panic!("{d}"));
        let api = crate::lower::lower(&spec).unwrap_or_else(|d| panic!("{d}"));
        let derives: Vec<String> = derives.iter().map(|d| (*d).to_owned()).collect();
        let tokens = add(crate::emit::emit(&api), &api, &derives)?;
        crate::format::format_file(&spec.file, "test", tokens).map_err(|d| d.to_string())
    }

    #[test]
    fn adds_to_named_types_only_and_never_twice() {
        let source = source(&["Eq", "Hash"]).unwrap_or_else(|e| panic!("{e}"));
        // Pet gets both; Kind already derives both; Client and the builder get none.
        assert_eq!(source.matches("#[derive(Eq)]").count(), 1, "{source}");
        assert_eq!(source.matches("#[derive(Hash)]").count(), 1, "{source}");
        let pet = source
            .find("pub struct Pet")
            .unwrap_or_else(|| panic!("{source}"));
        let eq = source
            .find("#[derive(Eq)]")
            .unwrap_or_else(|| panic!("{source}"));
        assert!(eq < pet);
    }

    #[test]
    fn rejects_what_is_not_a_path() {
        assert_eq!(
            source(&["Eq Hash"]),
            Err("derive \"Eq Hash\" is not a path such as `Eq` or `schemars::JsonSchema`".into())
        );
    }
}
