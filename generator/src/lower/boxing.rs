//! Breaks recursive types with `Box`.
//!
//! A struct (or union) that contains itself directly, or through a chain of other structs,
//! has infinite size. `Vec` and maps already allocate, so only direct containment counts:
//! a field is boxed when the type it holds can reach back to the type that holds it.

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{TypeDef, TypeKind, TypeRef};

/// Sets `boxed` on every field and union variant that closes a containment cycle.
pub(crate) fn box_recursive_fields(types: &mut [TypeDef]) {
    let edges: BTreeMap<String, Vec<String>> = types
        .iter()
        .map(|def| (def.name.clone(), direct_children(&def.kind)))
        .collect();
    for def in types.iter_mut() {
        let owner = def.name.clone();
        let reaches_owner = |ty: &TypeRef| match ty {
            TypeRef::Named(child) => reaches(&edges, child, &owner),
            _ => false,
        };
        match &mut def.kind {
            TypeKind::Struct(s) => {
                for field in &mut s.fields {
                    field.boxed = reaches_owner(&field.ty);
                }
            }
            TypeKind::Union(u) => {
                for variant in &mut u.variants {
                    variant.boxed = reaches_owner(&variant.ty);
                }
            }
            TypeKind::Alias(_) | TypeKind::Enum(_) => {}
        }
    }
}

/// The named types a type holds without indirection (lists and maps already allocate).
fn direct_children(kind: &TypeKind) -> Vec<String> {
    kind.members()
        .into_iter()
        .filter_map(|ty| match ty {
            TypeRef::Named(name) => Some(name.clone()),
            _ => None,
        })
        .collect()
}

/// Whether `target` is reachable from `from` by direct containment (including `from == target`).
fn reaches(edges: &BTreeMap<String, Vec<String>>, from: &str, target: &str) -> bool {
    let mut stack = vec![from.to_owned()];
    let mut seen = BTreeSet::new();
    while let Some(name) = stack.pop() {
        if name == target {
            return true;
        }
        if seen.insert(name.clone()) {
            if let Some(children) = edges.get(&name) {
                stack.extend(children.iter().cloned());
            }
        }
    }
    false
}
