//! Operations: client methods, their arguments and setters, what they return, paging.

use super::render::rust_type;
use super::{ChangeKind as K, Changes};
use crate::ir::{
    Constraints, Docs, Operation, Pagination, ParamLocation, ResponseBody, Success, TypeRef,
};

/// Compares operations by method name.
pub(super) fn compare(changes: &mut Changes, old: &[Operation], new: &[Operation]) {
    for op in old {
        let item = format!("Client::{}", op.name);
        match new.iter().find(|n| n.name == op.name) {
            None => changes.breaking(K::OperationRemoved, &item, "the method is gone"),
            Some(n) => operation(changes, &item, op, n),
        }
    }
    for op in new {
        if !old.iter().any(|o| o.name == op.name) {
            let item = format!("Client::{}", op.name);
            changes.compatible(
                K::OperationAdded,
                &item,
                format!("new method for `{} {}`", op.method, op.path),
            );
        }
    }
}

fn operation(changes: &mut Changes, item: &str, old: &Operation, new: &Operation) {
    let route_changed = old.method != new.method || old.path != new.path;
    if route_changed {
        changes.compatible(
            K::RouteChanged,
            item,
            format!(
                "`{} {}` -> `{} {}`",
                old.method, old.path, new.method, new.path
            ),
        );
    } else {
        // The route is part of an operation's documentation, so its change is already said.
        changes.docs(item, &old.docs, &new.docs);
    }
    parameters(changes, item, &inputs(old), &inputs(new));
    arguments_order(changes, item, old, new);
    success(changes, item, &old.success, &new.success);
    if old.errors != new.errors {
        changes.compatible(
            K::ErrorsChanged,
            item,
            "declared error responses changed (documentation only: errors stay `hwc_runtime::Error`)",
        );
    }
    match (&old.pagination, &new.pagination) {
        (None, Some(_)) => changes.compatible(
            K::PaginationAdded,
            item,
            "`into_pages` and `into_items` are new",
        ),
        (Some(_), None) => changes.breaking(
            K::PaginationRemoved,
            item,
            "`into_pages` and `into_items` are gone",
        ),
        (Some(o), Some(n)) if o.item_ty != n.item_ty => changes.breaking(
            K::PaginationChanged,
            item,
            format!(
                "items are {} instead of {}",
                rust_type(&n.item_ty),
                rust_type(&o.item_ty)
            ),
        ),
        (Some(o), Some(n)) => {
            let mechanics = |p: &Pagination| Pagination {
                docs: Docs::default(),
                ..p.clone()
            };
            if mechanics(o) != mechanics(n) {
                changes.compatible(
                    K::PaginationChanged,
                    item,
                    "paging uses other parameters, fields or a different start",
                );
            }
            changes.docs(&format!("{item} (paging)"), &o.docs, &n.docs);
        }
        _ => {}
    }
}

/// A parameter or the request body, as users see it: an argument or a setter.
struct Input<'a> {
    name: &'a str,
    ty: &'a TypeRef,
    /// A positional argument of the client method (otherwise a builder setter).
    positional: bool,
    /// Wire name and location (`None` for the body).
    wire: Option<(&'a str, ParamLocation)>,
    constraints: Option<&'a Constraints>,
    docs: &'a Docs,
}

fn inputs(op: &Operation) -> Vec<Input<'_>> {
    let params = op.params.iter().map(|p| Input {
        name: &p.name,
        ty: &p.ty,
        positional: p.is_argument(),
        wire: Some((&p.wire, p.location)),
        constraints: Some(&p.constraints),
        docs: &p.docs,
    });
    let body = op.body.iter().map(|b| Input {
        name: &b.name,
        ty: &b.ty,
        positional: b.required,
        wire: None,
        constraints: None,
        docs: &b.docs,
    });
    params.chain(body).collect()
}

fn parameters(changes: &mut Changes, op_item: &str, old: &[Input<'_>], new: &[Input<'_>]) {
    for o in old {
        let item = format!("{op_item}({})", o.name);
        let Some(n) = new.iter().find(|n| n.name == o.name) else {
            let what = if o.positional { "argument" } else { "setter" };
            changes.breaking(K::ParameterRemoved, &item, format!("the {what} is gone"));
            continue;
        };
        match (o.positional, n.positional) {
            (false, true) => changes.breaking(
                K::ParameterMadeRequired,
                &item,
                "the setter became an argument of the method",
            ),
            (true, false) => changes.breaking(
                K::ParameterMadeOptional,
                &item,
                "the argument became a setter of the request builder",
            ),
            _ => {}
        }
        if o.ty != n.ty {
            changes.breaking(
                K::ParameterTypeChanged,
                &item,
                format!("{} -> {}", rust_type(o.ty), rust_type(n.ty)),
            );
        }
        if o.wire != n.wire {
            changes.compatible(K::WireNameChanged, &item, wire_change(o.wire, n.wire));
        }
        if let (Some(oc), Some(nc)) = (o.constraints, n.constraints) {
            constraints(changes, &item, oc, nc);
        }
        changes.docs(&item, o.docs, n.docs);
    }
    for n in new {
        if old.iter().any(|o| o.name == n.name) {
            continue;
        }
        let item = format!("{op_item}({})", n.name);
        if n.positional {
            changes.breaking(
                K::ParameterAdded,
                &item,
                format!("new required argument of type {}", rust_type(n.ty)),
            );
        } else {
            changes.compatible(
                K::ParameterAdded,
                &item,
                format!("new optional setter of type {}", rust_type(n.ty)),
            );
        }
    }
}

fn wire_change(old: Option<(&str, ParamLocation)>, new: Option<(&str, ParamLocation)>) -> String {
    let text = |wire: Option<(&str, ParamLocation)>| match wire {
        Some((name, ParamLocation::Path)) => format!("path parameter `{name}`"),
        Some((name, ParamLocation::Query)) => format!("query parameter `{name}`"),
        Some((name, ParamLocation::Header)) => format!("header `{name}`"),
        None => "the body".to_owned(),
    };
    format!("sent as {} instead of {}", text(new), text(old))
}

/// Narrower checks refuse calls that used to be sent; wider ones refuse none.
fn constraints(changes: &mut Changes, item: &str, old: &Constraints, new: &Constraints) {
    // `one_of` mirrors the values of the parameter's enum, whose changes are reported on
    // the enum itself.
    let same_values = Constraints {
        one_of: Vec::new(),
        ..new.clone()
    } == Constraints {
        one_of: Vec::new(),
        ..old.clone()
    };
    if same_values {
        return;
    }
    // A bound that appears or moves inward rejects values the old one accepted.
    let lower = |o: Option<f64>, n: Option<f64>| match (o, n) {
        (None, Some(_)) => true,
        (Some(o), Some(n)) => n > o,
        _ => false,
    };
    let upper = |o: Option<f64>, n: Option<f64>| match (o, n) {
        (None, Some(_)) => true,
        (Some(o), Some(n)) => n < o,
        _ => false,
    };
    let as_f64 = |v: Option<u64>| v.map(|v| v as f64);
    let narrower = lower(old.minimum, new.minimum)
        || upper(old.maximum, new.maximum)
        || lower(as_f64(old.min_length), as_f64(new.min_length))
        || upper(as_f64(old.max_length), as_f64(new.max_length))
        || new.requires.iter().any(|r| !old.requires.contains(r));
    let detail = format!("{} -> {}", describe(old), describe(new));
    if narrower {
        changes.breaking(K::ConstraintsChanged, item, detail);
    } else {
        changes.compatible(K::ConstraintsChanged, item, detail);
    }
}

fn describe(c: &Constraints) -> String {
    let mut parts = Vec::new();
    if let Some(min) = c.minimum {
        parts.push(format!(">= {min}"));
    }
    if let Some(max) = c.maximum {
        parts.push(format!("<= {max}"));
    }
    if let Some(min) = c.min_length {
        parts.push(format!("length >= {min}"));
    }
    if let Some(max) = c.max_length {
        parts.push(format!("length <= {max}"));
    }
    if !c.requires.is_empty() {
        parts.push(format!("requires {}", c.requires.join(", ")));
    }
    if parts.is_empty() {
        "no checks".to_owned()
    } else {
        parts.join(", ")
    }
}

/// Arguments of the same types swapped would still compile and send wrong values.
fn arguments_order(changes: &mut Changes, item: &str, old: &Operation, new: &Operation) {
    let positional = |op: &Operation, other: &Operation| -> Vec<String> {
        let kept = |name: &str| inputs(other).iter().any(|i| i.positional && i.name == name);
        inputs(op)
            .into_iter()
            .filter(|i| i.positional && kept(i.name))
            .map(|i| i.name.to_owned())
            .collect()
    };
    let (before, after) = (positional(old, new), positional(new, old));
    if before != after {
        changes.breaking(
            K::ArgumentsReordered,
            item,
            format!("({}) -> ({})", before.join(", "), after.join(", ")),
        );
    }
}

fn success(changes: &mut Changes, item: &str, old: &Success, new: &Success) {
    match (old, new) {
        (Success::Single(o), Success::Single(n)) => {
            let (ot, nt) = (body_type(o.as_ref()), body_type(n.as_ref()));
            if ot != nt {
                changes.breaking(
                    K::ResponseChanged,
                    item,
                    format!("returns {nt} instead of {ot}"),
                );
            } else if o != n {
                changes.compatible(K::ResponseChanged, item, "the body is decoded differently");
            }
        }
        (
            Success::ByStatus {
                name: on,
                variants: ov,
            },
            Success::ByStatus {
                name: nn,
                variants: nv,
            },
        ) if on == nn => {
            for o in ov {
                let variant = format!("{on}::{}", o.name);
                match nv.iter().find(|n| n.name == o.name) {
                    None => {
                        changes.breaking(K::ResponseStatusRemoved, &variant, "the variant is gone")
                    }
                    Some(n) => {
                        let (ot, nt) = (body_type(o.body.as_ref()), body_type(n.body.as_ref()));
                        if ot != nt {
                            changes.breaking(
                                K::ResponseChanged,
                                &variant,
                                format!("holds {nt} instead of {ot}"),
                            );
                        } else if o.body != n.body || o.status != n.status {
                            changes.compatible(
                                K::ResponseChanged,
                                &variant,
                                "matched or decoded differently",
                            );
                        }
                        changes.docs(&variant, &o.docs, &n.docs);
                    }
                }
            }
            for n in nv {
                if !ov.iter().any(|o| o.name == n.name) {
                    let variant = format!("{nn}::{}", n.name);
                    // The response enum is `#[non_exhaustive]`: matches already have `_`.
                    changes.compatible(K::ResponseStatusAdded, &variant, "new variant");
                }
            }
        }
        _ => changes.breaking(
            K::ResponseChanged,
            item,
            format!(
                "returns {} instead of {}",
                success_type(new),
                success_type(old)
            ),
        ),
    }
}

fn body_type(body: Option<&ResponseBody>) -> String {
    body.map_or_else(|| "()".to_owned(), |b| rust_type(&b.ty))
}

fn success_type(success: &Success) -> String {
    match success {
        Success::Single(body) => body_type(body.as_ref()),
        Success::ByStatus { name, .. } => name.clone(),
    }
}
