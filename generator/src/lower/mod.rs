//! Stage 2: `openapiv3::OpenAPI` -> IR.
//!
//! Every decision about the spec is taken here: names, `$ref` resolution, composition,
//! nullability, constraints, paging. Problems are collected as diagnostics (several per run)
//! and lowering carries on past them where it can, so a user sees every problem at once.

mod boxing;
pub(crate) mod docs;
pub(crate) mod naming;
mod operation;
mod pagination;
pub(crate) mod params;
pub(crate) mod refs;
mod responses;
mod schema;
mod security;
mod servers;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use openapiv3::OpenAPI;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::ir::{Api, TypeDef, TypeKind, TypeRef};
use crate::load::LoadedSpec;
use naming::Namespace;

/// Lowers a loaded spec to the IR, or returns every problem found.
pub fn lower(spec: &LoadedSpec) -> Result<Api, Diagnostics> {
    let mut lowerer = Lowerer::new(&spec.file, &spec.openapi, &spec.document);
    lowerer.lower_components();
    lowerer.lower_security_schemes();
    let operations = lowerer.lower_operations();
    let servers = servers::lower_servers(&mut lowerer);
    let info = &spec.openapi.info;
    let title = format!(
        "{} (API version {})",
        info.title.trim(),
        info.version.trim()
    );
    let api_docs = docs::docs([Some(title.as_str()), info.description.as_deref()]);
    if !lowerer.diagnostics.is_empty() {
        // Located in the document as written (a Swagger 2.0 `definitions`, not the
        // `components/schemas` it became).
        return Err(spec.origin.relocate(Diagnostics(lowerer.diagnostics)));
    }
    let mut types = lowerer.finish_types();
    schema::mark_built(&mut types, &operations);
    let inline_at: BTreeMap<String, String> = std::mem::take(&mut lowerer.inline_at)
        .into_iter()
        .map(|(name, at)| (name, spec.origin.original(&at)))
        .collect();
    schema::usage_docs(&mut types, &operations, &inline_at);
    boxing::box_recursive_fields(&mut types);
    Ok(Api {
        docs: api_docs,
        servers,
        types,
        operations,
        security_schemes: lowerer.used_security_schemes(),
        warnings: spec.origin.relocate(Diagnostics(lowerer.warnings)).0,
    })
}

/// State shared by the lowering passes.
pub(crate) struct Lowerer<'a> {
    pub file: &'a Path,
    pub spec: &'a OpenAPI,
    /// The spec as JSON, for resolving `$ref`s that point outside `components/schemas`.
    pub document: &'a serde_json::Value,
    /// Rust type names taken so far.
    pub type_names: Namespace,
    /// `components/schemas` name -> Rust type name.
    pub components: BTreeMap<String, String>,
    /// Types by Rust name, in the order they were defined.
    types: Vec<TypeDef>,
    type_index: BTreeMap<String, usize>,
    /// Component schemas whose body is being lowered (guards alias cycles).
    pub in_progress: BTreeSet<String>,
    /// The spec follows the Huawei conventions (see [`servers::follows_hwc_conventions`]),
    /// so a `project_id` path parameter comes from the configuration.
    pub hwc_conventions: bool,
    /// A multipart request body is being lowered (its inline schema, or a component that
    /// is the whole body of one): `format: binary` strings are files.
    files_as_bytes: bool,
    /// The spec's security schemes, lowered once (see [`security`]).
    schemes: security::Schemes,
    /// Inline types by Rust name -> where the spec defines them (the first place).
    inline_at: BTreeMap<String, String>,
    pub diagnostics: Vec<Diagnostic>,
    /// What lowering forgave, located.
    pub warnings: Vec<Diagnostic>,
}

impl<'a> Lowerer<'a> {
    fn new(file: &'a Path, spec: &'a OpenAPI, document: &'a serde_json::Value) -> Self {
        Self {
            file,
            spec,
            document,
            type_names: Namespace::for_types(),
            components: BTreeMap::new(),
            types: Vec::new(),
            type_index: BTreeMap::new(),
            in_progress: BTreeSet::new(),
            hwc_conventions: servers::follows_hwc_conventions(spec),
            files_as_bytes: false,
            schemes: security::Schemes::default(),
            inline_at: BTreeMap::new(),
            diagnostics: Vec::new(),
            warnings: Vec::new(),
        }
    }

    /// Records a problem at `pointer`.
    pub fn error(&mut self, pointer: &str, message: impl Into<String>) {
        self.diagnostics
            .push(Diagnostic::new(self.file, pointer, message));
    }

    /// Records something forgiven at `pointer`: code is still generated.
    pub fn warn(&mut self, pointer: &str, message: impl Into<String>) {
        self.warnings
            .push(Diagnostic::warning(self.file, pointer, message));
    }

    /// Records a problem with a hint.
    pub fn error_with_hint(&mut self, pointer: &str, message: impl Into<String>, hint: &str) {
        self.diagnostics
            .push(Diagnostic::new(self.file, pointer, message).with_hint(hint));
    }

    /// Defines a type under a name already claimed.
    pub fn define(&mut self, def: TypeDef) {
        self.type_index.insert(def.name.clone(), self.types.len());
        self.types.push(def);
    }

    /// Reserves the position of a component's type, so the inline types it introduces
    /// come after it in the output; [`Self::fill`] supplies it.
    pub fn reserve(&mut self, name: &str) -> usize {
        let index = self.types.len();
        self.define(TypeDef {
            name: name.to_owned(),
            docs: crate::ir::Docs::default(),
            kind: TypeKind::Alias(TypeRef::Json),
        });
        index
    }

    /// Fills a position from [`Self::reserve`].
    pub fn fill(&mut self, index: usize, def: TypeDef) {
        if let Some(slot) = self.types.get_mut(index) {
            *slot = def;
        }
    }

    /// Defines an inline type, preferring `wanted` as its name. A type with the same name
    /// and the same shape is reused (two inline enums of the same values are one type);
    /// a different shape gets a distinct name, never a silent merge.
    pub fn intern(&mut self, wanted: &str, docs: crate::ir::Docs, kind: TypeKind) -> TypeRef {
        let mut candidate = wanted.to_owned();
        let mut counter = 1u32;
        loop {
            match self
                .type_index
                .get(&candidate)
                .and_then(|&i| self.types.get(i))
            {
                Some(existing) if existing.kind == kind => return TypeRef::Named(candidate),
                Some(_) => {}
                None if !self.type_names.contains(&candidate) => break,
                None => {}
            }
            counter += 1;
            candidate = format!("{wanted}{counter}");
        }
        let name = self.type_names.claim(&candidate);
        self.define(TypeDef {
            name: name.clone(),
            docs,
            kind,
        });
        TypeRef::Named(name)
    }

    /// The type named `name`, if defined.
    pub fn type_def(&self, name: &str) -> Option<&TypeDef> {
        self.type_index.get(name).and_then(|&i| self.types.get(i))
    }

    fn finish_types(&mut self) -> Vec<TypeDef> {
        std::mem::take(&mut self.types)
    }
}
