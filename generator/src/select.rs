//! Keeping only some operations of a lowered API (by `operationId`, method name or tag),
//! and only the types they reach.

use crate::ir::{self, Api, Operation};

/// Which operations to generate: by `operationId` or client method name, and by tag (as
/// the spec spells it). An operation is kept when one of the names or one of the tags
/// selects it; the default (neither given) keeps every operation.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Selection {
    /// `operationId`s or client method names.
    pub(crate) operations: Option<Vec<String>>,
    /// Tags.
    pub(crate) tags: Option<Vec<String>>,
}

impl Selection {
    /// The operations named in `operations` (when given) and those tagged with one of
    /// `tags` (when given); `None` for both keeps every operation.
    pub fn new(operations: Option<Vec<String>>, tags: Option<Vec<String>>) -> Self {
        Self { operations, tags }
    }

    fn names(&self) -> &[String] {
        self.operations.as_deref().unwrap_or_default()
    }

    fn tags(&self) -> &[String] {
        self.tags.as_deref().unwrap_or_default()
    }

    fn selects(&self, op: &Operation) -> bool {
        self.names().iter().any(|name| named(op, name))
            || self.tags().iter().any(|tag| op.tags.contains(tag))
    }
}

fn named(op: &Operation, name: &str) -> bool {
    op.name == name || op.operation_id.as_deref() == Some(name)
}

/// Keeps the operations `selection` names and the types they reach; an error names what
/// matches nothing.
pub(crate) fn keep(api: &mut Api, selection: &Selection) -> Result<(), String> {
    let (names, tags) = unmatched(api, selection);
    if !names.is_empty() {
        let known: Vec<&str> = api.operations.iter().map(|op| op.name.as_str()).collect();
        return Err(format!(
            "no operation is named {}; the spec has: {}",
            quoted(&names),
            quoted(&known)
        ));
    }
    if !tags.is_empty() {
        let mut known: Vec<&str> = api
            .operations
            .iter()
            .flat_map(|op| op.tags.iter().map(String::as_str))
            .collect();
        known.sort_unstable();
        known.dedup();
        return Err(format!(
            "no operation is tagged {}; the spec's tags: {}",
            quoted(&tags),
            quoted(&known)
        ));
    }
    retain(api, selection);
    Ok(())
}

/// The names and the tags of `selection` that select no operation of `api`.
pub(crate) fn unmatched<'a>(api: &Api, selection: &'a Selection) -> (Vec<&'a str>, Vec<&'a str>) {
    let names = selection
        .names()
        .iter()
        .map(String::as_str)
        .filter(|name| !api.operations.iter().any(|op| named(op, name)))
        .collect();
    let tags = selection
        .tags()
        .iter()
        .map(String::as_str)
        .filter(|tag| {
            !api.operations
                .iter()
                .any(|op| op.tags.iter().any(|t| t == tag))
        })
        .collect();
    (names, tags)
}

/// Keeps the operations `selection` names (all when it names none) and the types they reach.
pub(crate) fn retain(api: &mut Api, selection: &Selection) {
    if selection.operations.is_none() && selection.tags.is_none() {
        return;
    }
    api.operations.retain(|op| selection.selects(op));
    let used = ir::reachable(&api.types, api.operations.iter().flat_map(Operation::types));
    api.types.retain(|def| used.contains(&def.name));
    let operations = &api.operations;
    api.security_schemes
        .retain(|scheme| operations.iter().any(|op| op.security.uses(&scheme.ident)));
}

/// `` `a`, `b` `` for messages.
pub(crate) fn quoted(names: &[&str]) -> String {
    if names.is_empty() {
        return "none".to_owned();
    }
    names
        .iter()
        .map(|name| format!("`{name}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

// Compiled only for `cargo test` (the no-panic lints are off there, see lib.rs): these
// panics report a failed test on fixed fixtures and are unreachable from any input.
#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    use crate::test_specs::PETS as SPEC;

    fn lowered() -> Api {
        let spec =
            crate::load::load_str(Path::new("pets.yaml"), SPEC).unwrap_or_else(|d| panic!("{d}"));
        crate::lower::lower(&spec).unwrap_or_else(|d| panic!("{d}"))
    }

    fn by_name(names: &[&str]) -> Selection {
        Selection {
            operations: Some(names.iter().map(|name| (*name).to_owned()).collect()),
            tags: None,
        }
    }

    fn by_tag(tags: &[&str]) -> Selection {
        Selection {
            operations: None,
            tags: Some(tags.iter().map(|tag| (*tag).to_owned()).collect()),
        }
    }

    fn names(api: &Api) -> (Vec<&str>, Vec<&str>) {
        (
            api.operations.iter().map(|op| op.name.as_str()).collect(),
            api.types.iter().map(|def| def.name.as_str()).collect(),
        )
    }

    #[test]
    fn selects_by_operation_id_and_keeps_only_reachable_types() {
        let mut api = lowered();
        keep(&mut api, &by_name(&["listPets"])).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(names(&api), (vec!["list_pets"], vec!["Pet", "Kind"]));
    }

    #[test]
    fn selects_by_method_name() {
        let mut api = lowered();
        keep(&mut api, &by_name(&["add_pet"])).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(names(&api), (vec!["add_pet"], vec!["NewPet"]));
    }

    #[test]
    fn unknown_names_are_an_error_listing_the_operations() {
        let mut api = lowered();
        let error = keep(&mut api, &by_name(&["deletePet"]));
        assert_eq!(
            error,
            Err(
                "no operation is named `deletePet`; the spec has: `list_pets`, `add_pet`, `list_kinds`".into()
            )
        );
    }

    #[test]
    fn selects_by_tag_and_by_operation_id_behind_a_ref() {
        let mut api = lowered();
        keep(&mut api, &by_tag(&["reads"])).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            names(&api),
            (vec!["list_pets", "list_kinds"], vec!["Pet", "Kind"])
        );
        let mut api = lowered();
        keep(&mut api, &by_name(&["listKinds"])).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(names(&api), (vec!["list_kinds"], vec!["Kind"]));
    }

    #[test]
    fn names_and_tags_add_up() {
        let mut api = lowered();
        let selection = Selection {
            operations: Some(vec!["addPet".to_owned()]),
            tags: Some(vec!["reads".to_owned()]),
        };
        keep(&mut api, &selection).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(api.operations.len(), 3);
    }

    #[test]
    fn unknown_tags_are_an_error_listing_the_tags() {
        let mut api = lowered();
        assert_eq!(
            keep(&mut api, &by_tag(&["writes"])),
            Err("no operation is tagged `writes`; the spec's tags: `pets`, `reads`".into())
        );
    }
}
