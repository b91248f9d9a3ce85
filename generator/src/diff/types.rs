//! Named types: structs and their fields, enums and their values, unions, aliases.

use super::render::{rust_type, rust_type_with};
use super::{ChangeKind as K, Changes};
use crate::ir::{Field, StringEnum, Struct, Tagging, TypeDef, TypeKind, Union};

/// Compares types by Rust name.
pub(super) fn compare(changes: &mut Changes, old: &[TypeDef], new: &[TypeDef]) {
    for def in old {
        match new.iter().find(|n| n.name == def.name) {
            None => changes.breaking(K::TypeRemoved, &def.name, "the type is gone"),
            Some(n) => type_def(changes, def, n),
        }
    }
    for def in new {
        if !old.iter().any(|o| o.name == def.name) {
            changes.compatible(
                K::TypeAdded,
                &def.name,
                format!("new {}", kind_name(&def.kind)),
            );
        }
    }
}

fn kind_name(kind: &TypeKind) -> &'static str {
    match kind {
        TypeKind::Struct(_) => "struct",
        TypeKind::Enum(_) => "enum",
        TypeKind::Union(_) => "union enum",
        TypeKind::Alias(_) => "type alias",
    }
}

fn type_def(changes: &mut Changes, old: &TypeDef, new: &TypeDef) {
    let name = &old.name;
    changes.docs(name, &old.docs, &new.docs);
    match (&old.kind, &new.kind) {
        (TypeKind::Struct(o), TypeKind::Struct(n)) => structure(changes, name, o, n),
        (TypeKind::Enum(o), TypeKind::Enum(n)) => string_enum(changes, name, o, n),
        (TypeKind::Union(o), TypeKind::Union(n)) => union(changes, name, o, n),
        (TypeKind::Alias(o), TypeKind::Alias(n)) => {
            if o != n {
                changes.breaking(
                    K::TypeChanged,
                    name,
                    format!("alias of {} instead of {}", rust_type(n), rust_type(o)),
                );
            }
        }
        (o, n) => changes.breaking(
            K::TypeChanged,
            name,
            format!("a {} instead of a {}", kind_name(n), kind_name(o)),
        ),
    }
}

fn structure(changes: &mut Changes, name: &str, old: &Struct, new: &Struct) {
    match (old.exhaustive, new.exhaustive) {
        (true, false) => changes.breaking(
            K::ExhaustivenessChanged,
            name,
            "now `#[non_exhaustive]`: users can no longer build it with a struct literal",
        ),
        (false, true) => changes.compatible(
            K::ExhaustivenessChanged,
            name,
            "no longer `#[non_exhaustive]`: users can build it",
        ),
        _ => {}
    }
    let fields =
        |s: &Struct| -> Vec<Field> { s.fields.iter().chain(&s.additional).cloned().collect() };
    let (old_fields, new_fields) = (fields(old), fields(new));
    for o in &old_fields {
        let item = format!("{name}.{}", o.name);
        match new_fields.iter().find(|n| n.name == o.name) {
            None => changes.breaking(
                K::FieldRemoved,
                &item,
                format!(
                    "the field ({}) is gone",
                    rust_type_with(&o.ty, o.optional, o.boxed)
                ),
            ),
            Some(n) => field(changes, &item, o, n),
        }
    }
    for n in &new_fields {
        if old_fields.iter().any(|o| o.name == n.name) {
            continue;
        }
        let item = format!("{name}.{}", n.name);
        let ty = rust_type_with(&n.ty, n.optional, n.boxed);
        if new.exhaustive {
            changes.breaking(
                K::FieldAdded,
                &item,
                format!("new field ({ty}): struct literals must set it"),
            );
        } else if !n.optional {
            changes.breaking(
                K::FieldAdded,
                &item,
                format!("new required field ({ty}): bodies without it no longer decode"),
            );
        } else {
            // `#[non_exhaustive]`: nobody builds it, and absent values decode as `None`.
            changes.compatible(K::FieldAdded, &item, format!("new optional field ({ty})"));
        }
    }
}

fn field(changes: &mut Changes, item: &str, old: &Field, new: &Field) {
    match (old.optional, new.optional) {
        (true, false) => changes.breaking(
            K::FieldMadeRequired,
            item,
            format!(
                "{} -> {}: absent or null values no longer decode",
                rust_type_with(&old.ty, true, old.boxed),
                rust_type_with(&new.ty, false, new.boxed)
            ),
        ),
        (false, true) => changes.breaking(
            K::FieldMadeOptional,
            item,
            format!(
                "{} -> {}",
                rust_type_with(&old.ty, false, old.boxed),
                rust_type_with(&new.ty, true, new.boxed)
            ),
        ),
        // A flip of optionality says the whole type, so a type change with it is one change.
        _ => {
            if old.ty != new.ty || old.boxed != new.boxed {
                changes.breaking(
                    K::FieldTypeChanged,
                    item,
                    format!(
                        "{} -> {}",
                        rust_type_with(&old.ty, old.optional, old.boxed),
                        rust_type_with(&new.ty, new.optional, new.boxed)
                    ),
                );
            }
        }
    }
    if old.wire != new.wire {
        changes.compatible(
            K::WireNameChanged,
            item,
            format!("JSON property `{}` instead of `{}`", new.wire, old.wire),
        );
    }
    changes.docs(item, &old.docs, &new.docs);
}

fn string_enum(changes: &mut Changes, name: &str, old: &StringEnum, new: &StringEnum) {
    if old.unknown != new.unknown {
        changes.breaking(
            K::TypeChanged,
            name,
            format!(
                "the catch-all variant is `{}` instead of `{}`",
                new.unknown, old.unknown
            ),
        );
    }
    for o in &old.variants {
        let item = format!("{name}::{}", o.name);
        match new.variants.iter().find(|n| n.name == o.name) {
            None => changes.breaking(
                K::EnumValueRemoved,
                &item,
                format!("{:?} is no longer a variant", o.wire),
            ),
            Some(n) if n.wire != o.wire => changes.compatible(
                K::WireNameChanged,
                &item,
                format!("{:?} instead of {:?}", n.wire, o.wire),
            ),
            Some(_) => {}
        }
    }
    for n in &new.variants {
        if !old.variants.iter().any(|o| o.name == n.name) {
            // Every generated enum is `#[non_exhaustive]`; the value used to decode as the
            // catch-all variant.
            changes.compatible(
                K::EnumValueAdded,
                &format!("{name}::{}", n.name),
                format!("new value {:?}", n.wire),
            );
        }
    }
}

fn union(changes: &mut Changes, name: &str, old: &Union, new: &Union) {
    match (&old.tagging, &new.tagging) {
        (Tagging::Internal(o), Tagging::Internal(n)) if o != n => changes.compatible(
            K::WireNameChanged,
            name,
            format!("tagged by `{n}` instead of `{o}`"),
        ),
        (o, n) if o != n => changes.breaking(
            K::TypeChanged,
            name,
            format!("{} instead of {}", tagging(n), tagging(o)),
        ),
        _ => {}
    }
    for o in &old.variants {
        let item = format!("{name}::{}", o.name);
        match new.variants.iter().find(|n| n.name == o.name) {
            None => changes.breaking(K::VariantRemoved, &item, "the variant is gone"),
            Some(n) => {
                if n.ty != o.ty || n.boxed != o.boxed {
                    changes.breaking(
                        K::VariantTypeChanged,
                        &item,
                        format!(
                            "{} -> {}",
                            rust_type_with(&o.ty, false, o.boxed),
                            rust_type_with(&n.ty, false, n.boxed)
                        ),
                    );
                }
                if n.tags != o.tags {
                    changes.compatible(
                        K::WireNameChanged,
                        &item,
                        format!("selected by {:?} instead of {:?}", n.tags, o.tags),
                    );
                }
            }
        }
    }
    for n in &new.variants {
        if !old.variants.iter().any(|o| o.name == n.name) {
            // Union enums are exhaustive: a `match` without `_` no longer compiles.
            changes.breaking(
                K::VariantAdded,
                &format!("{name}::{}", n.name),
                format!(
                    "new alternative ({})",
                    rust_type_with(&n.ty, false, n.boxed)
                ),
            );
        }
    }
}

fn tagging(tagging: &Tagging) -> String {
    match tagging {
        Tagging::Untagged => "untagged (no catch-all variant)".to_owned(),
        Tagging::Internal(property) => format!("tagged by `{property}` (with a catch-all variant)"),
    }
}
