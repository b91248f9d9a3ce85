//! Breaks recursive types with `Box`.
//!
//! A struct (or union) that contains itself directly, or through a chain of other structs,
//! has infinite size. `Vec` and maps already allocate, so only direct containment counts:
//! a field is boxed when the type it holds can reach back to the type that holds it.

use std::collections::BTreeMap;

use crate::ir::{TypeDef, TypeKind, TypeRef};

/// Sets `boxed` on every field and union variant that closes a containment cycle.
///
/// A field of `owner` holding `child` closes one when `child` reaches `owner`; as `owner`
/// holds `child`, that is when the two are in the same strongly connected component of the
/// containment graph (a type holding itself is one on its own). One pass over the graph,
/// where a search from every field was quadratic (a third of lowering Stripe's spec).
pub(crate) fn box_recursive_fields(types: &mut [TypeDef]) {
    // A name defined twice keeps its last definition, as a map built from the list would.
    let index: BTreeMap<&str, usize> = types
        .iter()
        .enumerate()
        .map(|(position, def)| (def.name.as_str(), position))
        .collect();
    let mut node_of = BTreeMap::new();
    for (node, name) in index.keys().enumerate() {
        node_of.insert(*name, node);
    }
    let children: Vec<Vec<usize>> = index
        .values()
        .map(|&position| {
            types.get(position).map_or_else(Vec::new, |def| {
                direct_children(&def.kind)
                    .filter_map(|child| node_of.get(child).copied())
                    .collect()
            })
        })
        .collect();
    let component = components(&children);
    let component_of = |name: &str| {
        node_of
            .get(name)
            .and_then(|&node| component.get(node).copied())
    };
    // Decided for every type first: the names borrowed above live in `types`.
    let boxed: Vec<Vec<bool>> = types
        .iter()
        .map(|def| {
            let owner = component_of(&def.name);
            let reaches_owner = |ty: &TypeRef| match ty {
                TypeRef::Named(child) => owner.is_some() && component_of(child) == owner,
                _ => false,
            };
            match &def.kind {
                TypeKind::Struct(s) => s.fields.iter().map(|f| reaches_owner(&f.ty)).collect(),
                TypeKind::Union(u) => u.variants.iter().map(|v| reaches_owner(&v.ty)).collect(),
                TypeKind::Alias(_) | TypeKind::Enum(_) => Vec::new(),
            }
        })
        .collect();
    for (def, boxed) in types.iter_mut().zip(boxed) {
        match &mut def.kind {
            TypeKind::Struct(s) => {
                for (field, boxed) in s.fields.iter_mut().zip(boxed) {
                    field.boxed = boxed;
                }
            }
            TypeKind::Union(u) => {
                for (variant, boxed) in u.variants.iter_mut().zip(boxed) {
                    variant.boxed = boxed;
                }
            }
            TypeKind::Alias(_) | TypeKind::Enum(_) => {}
        }
    }
}

/// The named types a type holds without indirection (lists and maps already allocate).
fn direct_children(kind: &TypeKind) -> impl Iterator<Item = &str> {
    kind.members().into_iter().filter_map(|ty| match ty {
        TypeRef::Named(name) => Some(name.as_str()),
        _ => None,
    })
}

/// The strongly connected components of a graph given by each node's children:
/// `result[a] == result[b]` exactly when `a` and `b` reach each other.
fn components(children: &[Vec<usize>]) -> Vec<usize> {
    let mut graph = petgraph::graph::DiGraph::<(), (), usize>::with_capacity(children.len(), 0);
    let nodes: Vec<_> = children.iter().map(|_| graph.add_node(())).collect();
    for (node, targets) in nodes.iter().zip(children) {
        for target in targets.iter().filter_map(|&child| nodes.get(child)) {
            graph.add_edge(*node, *target, ());
        }
    }
    let mut component = vec![0; children.len()];
    for (id, members) in petgraph::algo::tarjan_scc(&graph).into_iter().enumerate() {
        for member in members {
            if let Some(slot) = component.get_mut(member.index()) {
                *slot = id;
            }
        }
    }
    component
}

#[cfg(test)]
mod tests {
    use super::components;

    #[test]
    fn nodes_share_a_component_exactly_when_they_reach_each_other() {
        // 0 <-> 1 a cycle, 2 holds itself, 3 -> 0 outside the cycle, 4 alone.
        let component = components(&[vec![1], vec![0], vec![2], vec![0], vec![]]);
        let same = |a: usize, b: usize| component.get(a) == component.get(b);
        assert!(same(0, 1));
        assert!(!same(0, 2) && !same(0, 3) && !same(3, 4) && !same(2, 4));
    }
}
