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

/// The strongly connected components of a graph (Tarjan's algorithm, iterative so a deep
/// chain of types cannot overflow the stack): `result[a] == result[b]` exactly when `a`
/// and `b` reach each other.
// Every index used is a node, below `children.len()`: the roots come from that range and
// the children were mapped to nodes by the caller; so no indexing can panic.
#[allow(clippy::indexing_slicing)]
fn components(children: &[Vec<usize>]) -> Vec<usize> {
    const UNSEEN: usize = usize::MAX;
    let count = children.len();
    let mut order = vec![UNSEEN; count];
    let mut low = vec![0; count];
    let mut on_stack = vec![false; count];
    let mut component = vec![UNSEEN; count];
    let mut stack = Vec::new();
    let mut next_order = 0;
    let mut next_component = 0;
    // The nodes being visited, each with the position of its next child.
    let mut visiting: Vec<(usize, usize)> = Vec::new();
    for root in 0..count {
        if order[root] != UNSEEN {
            continue;
        }
        order[root] = next_order;
        low[root] = next_order;
        next_order += 1;
        stack.push(root);
        on_stack[root] = true;
        visiting.push((root, 0));
        while let Some((node, next)) = visiting.last_mut() {
            let node = *node;
            if let Some(&child) = children[node].get(*next) {
                *next += 1;
                if order[child] == UNSEEN {
                    order[child] = next_order;
                    low[child] = next_order;
                    next_order += 1;
                    stack.push(child);
                    on_stack[child] = true;
                    visiting.push((child, 0));
                } else if on_stack[child] {
                    low[node] = low[node].min(order[child]);
                }
                continue;
            }
            visiting.pop();
            if let Some(&(parent, _)) = visiting.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == order[node] {
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component[member] = next_component;
                    if member == node {
                        break;
                    }
                }
                next_component += 1;
            }
        }
    }
    component
}
