//! Keeping only some operations of a lowered API, and only the types they use.

use std::collections::BTreeSet;

use openapiv3::{OpenAPI, ReferenceOr};

use crate::ir::{Api, Operation, Success, TypeKind, TypeRef};

/// Keeps the operations named in `names` (by `operationId` or client method name) and the
/// types they reach; an error names what matches nothing.
pub(super) fn keep_operations(
    api: &mut Api,
    openapi: &OpenAPI,
    names: &[String],
) -> Result<(), String> {
    let ids = operation_ids(openapi);
    let selected = |op: &Operation, name: &str| {
        op.name == name
            || ids
                .iter()
                .any(|(id, method, path)| id == name && *method == op.method && *path == op.path)
    };
    let unknown: Vec<&str> = names
        .iter()
        .map(String::as_str)
        .filter(|name| !api.operations.iter().any(|op| selected(op, name)))
        .collect();
    if !unknown.is_empty() {
        let known: Vec<&str> = api.operations.iter().map(|op| op.name.as_str()).collect();
        return Err(format!(
            "no operation is named {}; the spec has: {}",
            quoted(&unknown),
            quoted(&known)
        ));
    }
    api.operations
        .retain(|op| names.iter().any(|name| selected(op, name)));
    let used = used_types(api);
    api.types.retain(|def| used.contains(&def.name));
    Ok(())
}

/// `(operationId, METHOD, path)` of every operation declared directly under `paths`.
fn operation_ids(openapi: &OpenAPI) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    for (path, item) in &openapi.paths.paths {
        // A path item behind a `$ref` is still selectable by its method name.
        let ReferenceOr::Item(item) = item else {
            continue;
        };
        for (method, operation) in item.iter() {
            if let Some(id) = &operation.operation_id {
                out.push((id.clone(), method.to_ascii_uppercase(), path.clone()));
            }
        }
    }
    out
}

/// Names of the types the operations use, directly or through other types.
fn used_types(api: &Api) -> BTreeSet<String> {
    let mut pending: Vec<&TypeRef> = Vec::new();
    for op in &api.operations {
        pending.extend(op.params.iter().map(|p| &p.ty));
        pending.extend(op.body.iter().map(|b| &b.ty));
        match &op.success {
            Success::Single(body) => pending.extend(body.iter().map(|b| &b.ty)),
            Success::ByStatus { variants, .. } => {
                pending.extend(
                    variants
                        .iter()
                        .filter_map(|v| v.body.as_ref())
                        .map(|b| &b.ty),
                );
            }
        }
        pending.extend(op.errors.iter().filter_map(|e| e.ty.as_ref()));
        pending.extend(op.pagination.iter().map(|p| &p.item_ty));
    }
    let mut used = BTreeSet::new();
    while let Some(ty) = pending.pop() {
        match ty {
            TypeRef::Named(name) => {
                if !used.insert(name.clone()) {
                    continue;
                }
                let Some(def) = api.types.iter().find(|def| def.name == *name) else {
                    continue;
                };
                match &def.kind {
                    TypeKind::Struct(s) => {
                        pending.extend(s.fields.iter().chain(&s.additional).map(|f| &f.ty));
                    }
                    TypeKind::Union(u) => pending.extend(u.variants.iter().map(|v| &v.ty)),
                    TypeKind::Alias(target) => pending.push(target),
                    TypeKind::Enum(_) => {}
                }
            }
            TypeRef::Vec(inner) | TypeRef::Map(inner) => pending.push(inner),
            _ => {}
        }
    }
    used
}

fn quoted(names: &[&str]) -> String {
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
              schema: {type: array, items: {$ref: '#/components/schemas/Pet'}}
    post:
      operationId: createPet
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/NewPet'}
      responses:
        '201': {description: created}
components:
  schemas:
    Pet:
      type: object
      properties:
        id: {type: string}
        kind: {$ref: '#/components/schemas/Kind'}
    Kind: {type: string, enum: [cat, dog]}
    NewPet:
      type: object
      properties:
        name: {type: string}
"#;

    fn lowered() -> (Api, OpenAPI) {
        let spec =
            crate::load::load_str(Path::new("pets.yaml"), SPEC).unwrap_or_else(|d| panic!("{d}"));
        let api = crate::lower::lower(&spec).unwrap_or_else(|d| panic!("{d}"));
        (api, spec.openapi)
    }

    fn names(api: &Api) -> (Vec<&str>, Vec<&str>) {
        (
            api.operations.iter().map(|op| op.name.as_str()).collect(),
            api.types.iter().map(|def| def.name.as_str()).collect(),
        )
    }

    #[test]
    fn selects_by_operation_id_and_keeps_only_reachable_types() {
        let (mut api, openapi) = lowered();
        keep_operations(&mut api, &openapi, &["listPets".to_owned()])
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(names(&api), (vec!["list_pets"], vec!["Pet", "Kind"]));
    }

    #[test]
    fn selects_by_method_name() {
        let (mut api, openapi) = lowered();
        keep_operations(&mut api, &openapi, &["create_pet".to_owned()])
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(names(&api), (vec!["create_pet"], vec!["NewPet"]));
    }

    #[test]
    fn unknown_names_are_an_error_listing_the_operations() {
        let (mut api, openapi) = lowered();
        let error = keep_operations(&mut api, &openapi, &["deletePet".to_owned()]);
        assert_eq!(
            error,
            Err(
                "no operation is named `deletePet`; the spec has: `list_pets`, `create_pet`".into()
            )
        );
    }
}
