//! Paths and operations -> IR operations: names, documentation, and the parts lowered by
//! [`super::params`], [`super::responses`] and [`super::pagination`].

use openapiv3::{Parameter, PathItem, ReferenceOr};

use super::Lowerer;
use super::docs::docs;
use super::naming::{Namespace, pascal, snake};
use crate::diagnostic::pointer;
use crate::ir::Operation;

impl Lowerer<'_> {
    /// Lowers every operation, in path order and then method order.
    pub fn lower_operations(&mut self) -> Vec<Operation> {
        let spec = self.spec;
        let mut names = Namespace::with_reserved(&["new"]);
        let mut operations = Vec::new();
        for (path, item) in &spec.paths.paths {
            let at = pointer("#/paths", &[path]);
            let Some((item, item_at)) = self.resolve::<PathItem>(item, &at) else {
                continue;
            };
            let methods = [
                ("GET", &item.get),
                ("PUT", &item.put),
                ("POST", &item.post),
                ("DELETE", &item.delete),
                ("OPTIONS", &item.options),
                ("HEAD", &item.head),
                ("PATCH", &item.patch),
                ("TRACE", &item.trace),
            ];
            for (method, operation) in methods {
                if let Some(operation) = operation {
                    let op_at = pointer(&item_at, &[&method.to_ascii_lowercase()]);
                    let shared = (item.parameters.as_slice(), item_at.as_str());
                    let lowered =
                        self.lower_operation(method, path, shared, operation, &op_at, &mut names);
                    operations.push(lowered);
                }
            }
        }
        operations
    }

    fn lower_operation(
        &mut self,
        method: &str,
        path: &str,
        shared_params: (&[ReferenceOr<Parameter>], &str),
        operation: &openapiv3::Operation,
        at: &str,
        names: &mut Namespace,
    ) -> Operation {
        let base = operation
            .operation_id
            .clone()
            .filter(|id| !id.trim().is_empty())
            .unwrap_or_else(|| derived_name(method, path));
        let name = names.claim(&snake(&base));
        // From the claimed name, so an operation whose name got a suffix (two operations
        // named alike) has types with the same suffix: `get_pet2` -> `GetPet2Builder`.
        let type_base = pascal(name.trim_start_matches("r#"));
        let builder = self.type_names.claim(&format!("{type_base}Builder"));
        let route = format!("`{method} {path}`");
        let deprecated = operation.deprecated.then_some("Deprecated.");
        let (security, security_doc) = self.lower_security(operation.security.as_ref(), at);
        let operation_docs = docs([
            operation.summary.as_deref(),
            operation.description.as_deref(),
            Some(route.as_str()),
            security_doc.as_deref(),
            deprecated,
        ]);

        let (params, mut param_names) = self.lower_params(path, shared_params, operation, at);
        let body = self.lower_body(operation, at, &type_base, &mut param_names);
        let (success, errors) = self.lower_responses(operation, at, &type_base);
        let pagination = self.lower_pagination(operation, at, &params, &success);
        Operation {
            name,
            builder,
            operation_id: operation.operation_id.clone(),
            tags: operation.tags.clone(),
            method: method.to_owned(),
            idempotent: !matches!(method, "POST" | "PATCH"),
            path: path.to_owned(),
            docs: operation_docs,
            params,
            body,
            success,
            errors,
            pagination,
            security,
        }
    }
}

/// A stable name for an operation without `operationId`: `GET /pets/{id}` -> `get_pets_by_id`.
fn derived_name(method: &str, path: &str) -> String {
    let mut name = method.to_ascii_lowercase();
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        name.push('_');
        match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(variable) => {
                name.push_str("by_");
                name.push_str(variable);
            }
            None => name.push_str(segment),
        }
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_without_operation_id_are_derived_from_the_route() {
        assert_eq!(derived_name("GET", "/pets/{id}"), "get_pets_by_id");
        assert_eq!(derived_name("POST", "/"), "post");
    }
}
