//! Schemas -> types: primitives, objects, maps, arrays, enums, `allOf`, `oneOf`/`anyOf`.

use std::collections::{BTreeMap, BTreeSet};

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, IntegerFormat, NumberFormat, ReferenceOr, Schema, SchemaData, SchemaKind,
    StringFormat, Type, VariantOrUnknownOrEmpty,
};

use super::Lowerer;
use super::docs::docs;
use super::naming::{Namespace, pascal, snake, unshadowed};
use super::refs::{SchemaTarget, component_name};
use crate::diagnostic::pointer;
use crate::ir::{
    Docs, EnumVariant, Field, IntKind, Operation, StringEnum, Struct, Tagging, TimeFormat, TypeDef,
    TypeKind, TypeRef, Union, UnionVariant,
};

/// A lowered schema: its type, and whether `null` is a valid value.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Lowered {
    pub ty: TypeRef,
    pub nullable: bool,
}

impl Lowered {
    /// The type, or JSON when `null` is a valid value where no `Option` can hold it (a
    /// list item, a map value, a whole body): the nulls are kept instead of failing.
    pub fn null_as_json(self) -> TypeRef {
        if self.nullable {
            TypeRef::Json
        } else {
            self.ty
        }
    }
}

/// What a schema needs: a new named type, or an existing/primitive type.
enum Shape {
    Define(TypeKind),
    Use(TypeRef),
}

/// Object members gathered from a schema (or several, for `allOf`).
#[derive(Default)]
struct ObjectParts {
    properties: IndexMap<String, (ReferenceOr<Box<Schema>>, String)>,
    required: BTreeSet<String>,
    additional: Option<(AdditionalProperties, String)>,
    /// Properties whose `allOf` members disagree.
    conflicts: BTreeSet<String>,
}

impl Lowerer<'_> {
    /// The type of a string with `format`: raw bytes for `binary` while a multipart body
    /// is lowered (a file part), else [`string_type`].
    fn string_type(&self, format: &VariantOrUnknownOrEmpty<StringFormat>) -> TypeRef {
        match format {
            VariantOrUnknownOrEmpty::Item(StringFormat::Binary) if self.files_as_bytes => {
                TypeRef::Bytes
            }
            _ => string_type(format),
        }
    }

    /// Claims Rust names for every component schema, then lowers each one.
    pub fn lower_components(&mut self) {
        let Some(components) = &self.spec.components else {
            return;
        };
        for name in components.schemas.keys() {
            let rust = self.type_names.claim(&unshadowed(pascal(name)));
            self.components.insert(name.clone(), rust);
        }
        let multipart = self.multipart_components();
        for (name, schema) in &components.schemas {
            let Some(rust) = self.components.get(name).cloned() else {
                continue;
            };
            self.files_as_bytes = multipart.contains(name);
            let at = pointer("#/components/schemas", &[name]);
            let slot = self.reserve(&rust);
            self.in_progress.insert(name.clone());
            let (kind, type_docs) = match schema {
                ReferenceOr::Reference { reference } => {
                    let target = self.target_type(reference, &at);
                    if target.ty == TypeRef::Named(rust.clone()) {
                        self.error(&at, "this schema is an alias of itself");
                    }
                    (TypeKind::Alias(target.ty), Docs::default())
                }
                ReferenceOr::Item(schema) => {
                    let kind = match self.shape(schema, &rust, &at) {
                        Shape::Define(kind) => kind,
                        Shape::Use(ty) => TypeKind::Alias(ty),
                    };
                    (kind, described(schema))
                }
            };
            self.in_progress.remove(name);
            self.files_as_bytes = false;
            // Left empty when the spec says nothing: `usage_docs` says where it is used.
            self.fill(
                slot,
                TypeDef {
                    name: rust,
                    docs: type_docs,
                    kind,
                },
            );
        }
    }

    /// Lowers a schema or `$ref` found at `at`; `hint` names inline types it defines.
    pub fn lower_schema(&mut self, schema: &ReferenceOr<Schema>, hint: &str, at: &str) -> Lowered {
        match schema {
            ReferenceOr::Reference { reference } => self.target_type(reference, at),
            ReferenceOr::Item(schema) => self.lower_inline(schema, hint, at),
        }
    }

    /// Same as [`Self::lower_schema`] for the boxed schemas of properties and items.
    pub fn lower_boxed(
        &mut self,
        schema: &ReferenceOr<Box<Schema>>,
        hint: &str,
        at: &str,
    ) -> Lowered {
        match schema {
            ReferenceOr::Reference { reference } => self.target_type(reference, at),
            ReferenceOr::Item(schema) => self.lower_inline(schema, hint, at),
        }
    }

    fn lower_inline(&mut self, schema: &Schema, hint: &str, at: &str) -> Lowered {
        let nullable = is_nullable(schema);
        let ty = match self.shape(schema, hint, at) {
            Shape::Use(ty) => ty,
            Shape::Define(kind) => {
                let ty = self.intern(hint, described(schema), kind);
                if let TypeRef::Named(name) = &ty {
                    self.inline_at
                        .entry(name.clone())
                        .or_insert_with(|| at.to_owned());
                }
                ty
            }
        };
        Lowered { ty, nullable }
    }

    /// The type a `$ref` stands for.
    fn target_type(&mut self, reference: &str, at: &str) -> Lowered {
        match self.schema_target(reference, at) {
            SchemaTarget::Component(name) => {
                let nullable = self.component_schema(&name).is_some_and(is_nullable);
                match self.components.get(&name) {
                    Some(rust) => Lowered {
                        ty: TypeRef::Named(rust.clone()),
                        nullable,
                    },
                    None => json(),
                }
            }
            SchemaTarget::Inline(schema, found_at) => {
                let hint = pascal(found_at.rsplit('/').next().unwrap_or("Inline"));
                self.lower_inline(&schema, &hint, &found_at)
            }
            SchemaTarget::Missing => json(),
        }
    }

    /// The first paragraph of the documentation of the component schema `reference`
    /// names: what a property that is only that `$ref` holds.
    fn referenced_docs(&self, reference: &str) -> Docs {
        let schema = component_name(reference).and_then(|name| self.component_schema(&name));
        let lines = schema.map(described).unwrap_or_default().0;
        Docs(
            lines
                .into_iter()
                .take_while(|line| !line.is_empty())
                .collect(),
        )
    }

    fn component_schema(&self, name: &str) -> Option<&Schema> {
        match self.spec.components.as_ref()?.schemas.get(name)? {
            ReferenceOr::Item(schema) => Some(schema),
            ReferenceOr::Reference { .. } => None,
        }
    }

    fn shape(&mut self, schema: &Schema, hint: &str, at: &str) -> Shape {
        let data = &schema.schema_data;
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(string)) => {
                let values: Vec<&str> = string
                    .enumeration
                    .iter()
                    .flatten()
                    .map(String::as_str)
                    .collect();
                if values.is_empty() {
                    Shape::Use(self.string_type(&string.format))
                } else {
                    Shape::Define(TypeKind::Enum(string_enum(
                        &values,
                        data.description.as_deref(),
                    )))
                }
            }
            SchemaKind::Type(Type::Integer(integer)) => {
                Shape::Use(TypeRef::Int(int_kind(&integer.format, integer.minimum)))
            }
            SchemaKind::Type(Type::Number(number)) => Shape::Use(number_type(&number.format)),
            SchemaKind::Type(Type::Boolean(_)) => Shape::Use(TypeRef::Bool),
            SchemaKind::Type(Type::Array(array)) => {
                Shape::Use(self.array(array.items.as_ref(), hint, at))
            }
            SchemaKind::Type(Type::Object(object)) => {
                let mut parts = ObjectParts::default();
                collect_object(
                    &mut parts,
                    &object.properties,
                    &object.required,
                    object.additional_properties.as_ref(),
                    at,
                );
                self.object(parts, hint)
            }
            SchemaKind::OneOf { one_of } => {
                self.union(one_of, data, hint, &pointer(at, &["oneOf"]))
            }
            SchemaKind::AnyOf { any_of } => {
                self.union(any_of, data, hint, &pointer(at, &["anyOf"]))
            }
            SchemaKind::AllOf { all_of } => self.all_of(all_of, None, hint, at),
            SchemaKind::Not { .. } => Shape::Use(TypeRef::Json),
            SchemaKind::Any(any) => self.any(any, data, hint, at),
        }
    }

    fn array(&mut self, items: Option<&ReferenceOr<Box<Schema>>>, hint: &str, at: &str) -> TypeRef {
        let item = match items {
            Some(items) => self
                .lower_boxed(items, &format!("{hint}Item"), &pointer(at, &["items"]))
                .null_as_json(),
            None => TypeRef::Json,
        };
        TypeRef::Vec(Box::new(item))
    }

    fn object(&mut self, parts: ObjectParts, hint: &str) -> Shape {
        if parts.properties.is_empty() {
            return Shape::Use(match &parts.additional {
                Some((AdditionalProperties::Schema(schema), at)) => {
                    let value = self.lower_schema(
                        schema,
                        &format!("{hint}Value"),
                        &pointer(at, &["additionalProperties"]),
                    );
                    TypeRef::Map(Box::new(value.null_as_json()))
                }
                _ => TypeRef::JsonObject,
            });
        }
        let mut names = Namespace::default();
        let mut fields = Vec::with_capacity(parts.properties.len());
        for (wire, (schema, at)) in &parts.properties {
            let field_at = pointer(at, &["properties", wire]);
            let lowered = if parts.conflicts.contains(wire) {
                json()
            } else {
                self.lower_boxed(schema, &format!("{hint}{}", pascal(wire)), &field_at)
            };
            let mut field_docs = match schema {
                ReferenceOr::Item(schema) => described(schema),
                ReferenceOr::Reference { reference } => self.referenced_docs(reference),
            };
            if parts.conflicts.contains(wire) {
                field_docs = docs([
                    Some(field_docs.0.join("\n").as_str()),
                    Some(
                        "The `allOf` members of this schema give this property different types, so it is kept as raw JSON.",
                    ),
                ]);
            }
            if field_docs.is_empty() {
                field_docs = docs([Some(format!("The `{wire}` property.").as_str())]);
            }
            fields.push(Field {
                name: names.claim(&snake(wire)),
                wire: wire.clone(),
                ty: lowered.ty,
                optional: lowered.nullable || !parts.required.contains(wire),
                boxed: false,
                docs: field_docs,
            });
        }
        let value = match &parts.additional {
            Some((AdditionalProperties::Schema(schema), at)) => {
                let value = self.lower_schema(
                    schema,
                    &format!("{hint}Value"),
                    &pointer(at, &["additionalProperties"]),
                );
                Some(value.null_as_json())
            }
            // Said explicitly, so the extra properties are part of the data: keep them.
            Some((AdditionalProperties::Any(true), _)) => Some(TypeRef::Json),
            _ => None,
        };
        let additional = value.map(|value| Field {
            name: names.claim("additional_properties"),
            wire: String::new(),
            ty: TypeRef::Map(Box::new(value)),
            optional: false,
            boxed: false,
            docs: docs([Some(
                "Properties not named in the schema (`additionalProperties`).",
            )]),
        });
        Shape::Define(TypeKind::Struct(Struct {
            fields,
            additional,
            exhaustive: false,
            constructor: None,
        }))
    }

    fn union(
        &mut self,
        members: &[ReferenceOr<Schema>],
        data: &SchemaData,
        hint: &str,
        at: &str,
    ) -> Shape {
        let mut lowered: Vec<(TypeRef, Option<String>)> = Vec::new();
        for (index, member) in members.iter().enumerate() {
            if let ReferenceOr::Item(schema) = member {
                if is_null_only(schema) {
                    continue;
                }
            }
            let member_at = pointer(at, &[&index.to_string()]);
            let member_hint = match member {
                ReferenceOr::Item(schema) => {
                    schema.schema_data.title.as_deref().map(pascal).map_or_else(
                        || format!("{hint}Variant{}", index + 1),
                        |title| format!("{hint}{title}"),
                    )
                }
                ReferenceOr::Reference { .. } => String::new(),
            };
            let component = match member {
                ReferenceOr::Reference { reference } => {
                    match self.schema_target(reference, &member_at) {
                        SchemaTarget::Component(name) => Some(name),
                        _ => None,
                    }
                }
                ReferenceOr::Item(_) => None,
            };
            let ty = self.lower_schema(member, &member_hint, &member_at).ty;
            if !lowered.iter().any(|(existing, _)| *existing == ty) {
                lowered.push((ty, component));
            }
        }
        match lowered.as_slice() {
            [] => return Shape::Use(TypeRef::Json),
            [(only, _)] => return Shape::Use(only.clone()),
            _ => {}
        }
        let tagged = data.discriminator.as_ref().filter(|_| {
            lowered
                .iter()
                .all(|(ty, _)| matches!(ty, TypeRef::Named(name) if self.is_struct(name)))
        });
        let mut names = Namespace::default();
        let variants: Vec<UnionVariant> = lowered
            .iter()
            .map(|(ty, component)| {
                let tags = match (tagged, component) {
                    (Some(discriminator), Some(component)) => {
                        let target = format!("#/components/schemas/{component}");
                        let mapped: Vec<String> = discriminator
                            .mapping
                            .iter()
                            .filter(|(_, reference)| {
                                **reference == target || **reference == *component
                            })
                            .map(|(tag, _)| tag.clone())
                            .collect();
                        if mapped.is_empty() {
                            vec![component.clone()]
                        } else {
                            mapped
                        }
                    }
                    (Some(_), None) => match ty {
                        TypeRef::Named(name) => vec![name.clone()],
                        _ => Vec::new(),
                    },
                    (None, _) => Vec::new(),
                };
                UnionVariant {
                    name: names.claim(&variant_name(ty)),
                    tags,
                    ty: ty.clone(),
                    boxed: false,
                }
            })
            .collect();
        let tagging = match tagged {
            Some(discriminator) => Tagging::Internal(discriminator.property_name.clone()),
            None => Tagging::Untagged,
        };
        let mut variants = variants;
        if tagging == Tagging::Untagged {
            // The first alternative that decodes wins, so one that accepts more values
            // (a struct with fewer required fields, `f64` before `i64`, a map, any JSON)
            // must not shadow a more specific one. The sort is stable: spec order otherwise.
            variants.sort_by_cached_key(|variant| self.specificity(&variant.ty));
        }
        Shape::Define(TypeKind::Union(Union {
            variants,
            tagging,
            unknown: names.claim("Unknown"),
        }))
    }

    /// Sort key of an untagged union alternative: lower decodes first.
    fn specificity(&self, ty: &TypeRef) -> (u8, std::cmp::Reverse<usize>) {
        let group = match ty {
            TypeRef::Named(name) if self.is_struct(name) => {
                return (0, std::cmp::Reverse(self.required_fields(name)));
            }
            TypeRef::Named(_) | TypeRef::Time(_) | TypeRef::Bool | TypeRef::Vec(_) => 1,
            TypeRef::Bytes => 1,
            TypeRef::Int(_) => 2,
            TypeRef::F32 | TypeRef::F64 => 3,
            TypeRef::String => 4,
            TypeRef::Map(_) => 5,
            TypeRef::JsonObject => 6,
            TypeRef::Json => 7,
        };
        (group, std::cmp::Reverse(0))
    }

    /// How many fields a struct (or the component schema it comes from) requires.
    fn required_fields(&self, name: &str) -> usize {
        if let Some(TypeKind::Struct(s)) = self.type_def(name).map(|def| &def.kind) {
            return s.fields.iter().filter(|field| !field.optional).count();
        }
        // A component defined later in the spec: count from its schema.
        self.components
            .iter()
            .find(|(_, rust)| rust.as_str() == name)
            .and_then(|(component, _)| self.component_schema(component))
            .map_or(0, |schema| match &schema.schema_kind {
                SchemaKind::Type(Type::Object(object)) => object.required.len(),
                SchemaKind::Any(any) => any.required.len(),
                _ => 0,
            })
    }

    fn is_struct(&self, name: &str) -> bool {
        self.type_def(name)
            .is_some_and(|def| matches!(def.kind, TypeKind::Struct(_)))
            || self
                .components
                .iter()
                .find(|(_, rust)| rust.as_str() == name)
                .and_then(|(component, _)| self.component_schema(component))
                .is_some_and(|schema| {
                    matches!(
                        schema.schema_kind,
                        SchemaKind::Type(Type::Object(_)) | SchemaKind::AllOf { .. }
                    )
                })
    }

    /// `allOf`: the members' object parts merged into one struct. Members that are not
    /// objects cannot be merged: a single such member is used as is, several become JSON.
    fn all_of(
        &mut self,
        members: &[ReferenceOr<Schema>],
        extra: Option<ObjectParts>,
        hint: &str,
        at: &str,
    ) -> Shape {
        let own_empty = extra
            .as_ref()
            .is_none_or(|p| p.properties.is_empty() && p.additional.is_none());
        if let ([only], true) = (members, own_empty) {
            // One member (often a `$ref` given a description this way) is that member.
            return Shape::Use(
                self.lower_schema(only, hint, &pointer(at, &["allOf", "0"]))
                    .ty,
            );
        }
        let mut parts = extra.unwrap_or_default();
        let mut others: Vec<&ReferenceOr<Schema>> = Vec::new();
        let mut visited = BTreeSet::new();
        for (index, member) in members.iter().enumerate() {
            let member_at = pointer(at, &["allOf", &index.to_string()]);
            if !self.merge_member(&mut parts, member, &member_at, &mut visited, 0) {
                others.push(member);
            }
        }
        match (
            others.as_slice(),
            parts.properties.is_empty() && parts.additional.is_none(),
        ) {
            ([], _) => self.object(parts, hint),
            ([only], true) => {
                let lowered = self.lower_schema(only, hint, &pointer(at, &["allOf"]));
                Shape::Use(lowered.ty)
            }
            _ => Shape::Use(TypeRef::Json),
        }
    }

    /// Adds an `allOf` member's properties to `parts`; false if it is not an object.
    fn merge_member(
        &mut self,
        parts: &mut ObjectParts,
        member: &ReferenceOr<Schema>,
        at: &str,
        visited: &mut BTreeSet<String>,
        depth: usize,
    ) -> bool {
        const MAX_DEPTH: usize = 32;
        if depth > MAX_DEPTH {
            self.error(at, "`allOf` nesting is too deep or loops");
            return true;
        }
        let (schema, schema_at) = match member {
            ReferenceOr::Item(schema) => (schema.clone(), at.to_owned()),
            ReferenceOr::Reference { reference } => match self.schema_target(reference, at) {
                SchemaTarget::Component(name) => {
                    if !visited.insert(name.clone()) {
                        return true; // already merged (diamond) or a loop
                    }
                    match self.component_schema(&name) {
                        Some(schema) => (schema.clone(), pointer("#/components/schemas", &[&name])),
                        None => return false,
                    }
                }
                SchemaTarget::Inline(schema, found_at) => (*schema, found_at),
                SchemaTarget::Missing => return true,
            },
        };
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(object)) => {
                collect_object(
                    parts,
                    &object.properties,
                    &object.required,
                    object.additional_properties.as_ref(),
                    &schema_at,
                );
                true
            }
            SchemaKind::AllOf { all_of } => all_of.iter().enumerate().all(|(index, inner)| {
                let inner_at = pointer(&schema_at, &["allOf", &index.to_string()]);
                self.merge_member(parts, inner, &inner_at, visited, depth + 1)
            }),
            SchemaKind::Any(any) if any.one_of.is_empty() && any.any_of.is_empty() => {
                let objectish = any.typ.as_deref().is_none_or(|t| t == "object");
                if !objectish || any.items.is_some() || !any.enumeration.is_empty() {
                    return false;
                }
                collect_object(
                    parts,
                    &any.properties,
                    &any.required,
                    any.additional_properties.as_ref(),
                    &schema_at,
                );
                any.all_of.iter().enumerate().all(|(index, inner)| {
                    let inner_at = pointer(&schema_at, &["allOf", &index.to_string()]);
                    self.merge_member(parts, inner, &inner_at, visited, depth + 1)
                })
            }
            _ => false,
        }
    }

    /// Schemas that mix keywords (`type` with `allOf`, properties without `type`, ...).
    fn any(
        &mut self,
        any: &openapiv3::AnySchema,
        data: &SchemaData,
        hint: &str,
        at: &str,
    ) -> Shape {
        let mut own = ObjectParts::default();
        collect_object(
            &mut own,
            &any.properties,
            &any.required,
            any.additional_properties.as_ref(),
            at,
        );
        if !any.all_of.is_empty() {
            return self.all_of(&any.all_of, Some(own), hint, at);
        }
        if !any.one_of.is_empty() {
            return self.union(&any.one_of, data, hint, &pointer(at, &["oneOf"]));
        }
        if !any.any_of.is_empty() {
            return self.union(&any.any_of, data, hint, &pointer(at, &["anyOf"]));
        }
        let strings: Option<Vec<&str>> = any
            .enumeration
            .iter()
            .map(serde_json::Value::as_str)
            .collect();
        match (any.typ.as_deref(), strings) {
            (Some("string") | None, Some(values)) if !values.is_empty() => Shape::Define(
                TypeKind::Enum(string_enum(&values, data.description.as_deref())),
            ),
            _ if !any.enumeration.is_empty() => Shape::Use(TypeRef::Json),
            (Some("object"), _) => self.object(own, hint),
            (None, _) if !own.properties.is_empty() || own.additional.is_some() => {
                self.object(own, hint)
            }
            (Some("array"), _) => Shape::Use(self.array(any.items.as_ref(), hint, at)),
            (None, _) if any.items.is_some() => {
                Shape::Use(self.array(any.items.as_ref(), hint, at))
            }
            (Some("string"), _) => Shape::Use(self.string_type(&format_of(any.format.as_deref()))),
            (Some("integer"), _) => Shape::Use(TypeRef::Int(int_kind(
                &format_of(any.format.as_deref()),
                any.minimum.map(|m| m as i64),
            ))),
            (Some("number"), _) => Shape::Use(number_type(&format_of(any.format.as_deref()))),
            (Some("boolean"), _) => Shape::Use(TypeRef::Bool),
            _ => Shape::Use(TypeRef::Json),
        }
    }
}

fn collect_object(
    parts: &mut ObjectParts,
    properties: &IndexMap<String, ReferenceOr<Box<Schema>>>,
    required: &[String],
    additional: Option<&AdditionalProperties>,
    at: &str,
) {
    for (name, schema) in properties {
        match parts.properties.get(name) {
            Some((existing, _)) if existing != schema => {
                parts.conflicts.insert(name.clone());
            }
            Some(_) => {}
            None => {
                parts
                    .properties
                    .insert(name.clone(), (schema.clone(), at.to_owned()));
            }
        }
    }
    parts.required.extend(required.iter().cloned());
    if let Some(additional) = additional {
        if parts.additional.is_none() || matches!(additional, AdditionalProperties::Schema(_)) {
            parts.additional = Some((additional.clone(), at.to_owned()));
        }
    }
}

/// Marks structs reachable from request bodies as exhaustive (users construct them);
/// everything else is `#[non_exhaustive]` so fields can be added without breaking users.
/// Those with required and optional fields get a constructor taking the required ones,
/// so that a body is built without naming every optional field (a struct of required
/// fields only is its struct literal; one of optional fields only is `Default`).
pub(crate) fn mark_built(types: &mut [TypeDef], operations: &[Operation]) {
    let bodies = operations.iter().filter_map(|op| op.body.as_ref());
    let built = crate::ir::reachable(types, bodies.map(|body| &body.ty));
    for def in types.iter_mut() {
        if let TypeKind::Struct(s) = &mut def.kind {
            if built.contains(&def.name) {
                s.exhaustive = true;
                let required: Vec<String> = s
                    .fields
                    .iter()
                    .filter(|field| !field.optional)
                    .map(|field| field.name.clone())
                    .collect();
                let optional = s.additional.is_some() || required.len() < s.fields.len();
                s.constructor = (!required.is_empty() && optional).then_some(required);
            }
        }
    }
}

/// Documentation for the types the spec leaves undocumented (after the page furniture
/// is gone, a caption-only description is empty): where the type is used, which is what a
/// reader of the crate needs. Another inline type says where the spec defines it
/// (`inline_at`: its pointer into the document as written); a component names its schema.
pub(crate) fn usage_docs(
    types: &mut [TypeDef],
    operations: &[Operation],
    inline_at: &BTreeMap<String, String>,
) {
    for def in types.iter_mut().filter(|def| def.docs.is_empty()) {
        let named = |ty: Option<&TypeRef>| ty == Some(&TypeRef::Named(def.name.clone()));
        let link = |op: &Operation| format!("[`Client::{0}`]", op.name.trim_start_matches("r#"));
        let returned = operations.iter().find(|op| match &op.success {
            crate::ir::Success::Single(body) => named(body.as_ref().map(|b| &b.ty)),
            crate::ir::Success::ByStatus { variants, .. } => variants
                .iter()
                .any(|v| named(v.body.as_ref().map(|b| &b.ty))),
        });
        let sent = operations
            .iter()
            .find(|op| named(op.body.as_ref().map(|b| &b.ty)));
        let error = operations
            .iter()
            .find(|op| op.errors.iter().any(|e| named(e.ty.as_ref())));
        let text = if let Some(op) = returned {
            format!("What {} returns.", link(op))
        } else if let Some(op) = sent {
            format!("The request body of {}.", link(op))
        } else if let Some(op) = error {
            format!("The body of an error response of {}.", link(op))
        } else if let Some(at) = inline_at.get(&def.name) {
            format!("Defined inline at `{at}` in the spec.")
        } else {
            format!("The `{}` schema.", def.name)
        };
        def.docs = docs([Some(text.as_str())]);
    }
}

fn json() -> Lowered {
    Lowered {
        ty: TypeRef::Json,
        nullable: false,
    }
}

/// Title and description of a schema as documentation.
pub(crate) fn schema_docs(data: &SchemaData) -> Docs {
    let deprecated = data.deprecated.then_some("Deprecated.");
    docs([
        data.title.as_deref(),
        data.description.as_deref(),
        deprecated,
    ])
}

/// [`schema_docs`], plus the allowed values of a non-string enum: those stay plain numbers
/// and booleans (a value added later must still decode), so the docs are where they show.
fn described(schema: &Schema) -> Docs {
    let values: Vec<String> = match &schema.schema_kind {
        SchemaKind::Type(Type::Integer(integer)) => integer
            .enumeration
            .iter()
            .flatten()
            .map(i64::to_string)
            .collect(),
        SchemaKind::Type(Type::Number(number)) => number
            .enumeration
            .iter()
            .flatten()
            .map(f64::to_string)
            .collect(),
        SchemaKind::Any(any) if !any.enumeration.iter().all(serde_json::Value::is_string) => any
            .enumeration
            .iter()
            .map(serde_json::Value::to_string)
            .collect(),
        _ => Vec::new(),
    };
    let allowed = (!values.is_empty()).then(|| {
        let listed: Vec<String> = values.iter().map(|value| format!("`{value}`")).collect();
        format!("Allowed values: {}.", listed.join(", "))
    });
    let base = schema_docs(&schema.schema_data);
    let base = (!base.is_empty()).then(|| base.0.join("\n"));
    docs([base.as_deref(), allowed.as_deref()])
}

fn is_nullable(schema: &Schema) -> bool {
    if schema.schema_data.nullable {
        return true;
    }
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => s.enumeration.iter().any(Option::is_none),
        SchemaKind::Type(Type::Integer(i)) => i.enumeration.iter().any(Option::is_none),
        SchemaKind::Type(Type::Number(n)) => n.enumeration.iter().any(Option::is_none),
        SchemaKind::Type(Type::Boolean(b)) => b.enumeration.iter().any(Option::is_none),
        SchemaKind::OneOf { one_of: members } | SchemaKind::AnyOf { any_of: members } => members
            .iter()
            .any(|m| matches!(m, ReferenceOr::Item(schema) if is_null_only(schema))),
        SchemaKind::Any(any) => {
            any.typ.as_deref() == Some("null")
                || any.enumeration.iter().any(serde_json::Value::is_null)
        }
        _ => false,
    }
}

/// A schema that only admits `null` (`{nullable: true, enum: [null]}` or `type: "null"`).
fn is_null_only(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Any(any) => {
            any.typ.as_deref() == Some("null")
                || (!any.enumeration.is_empty()
                    && any.enumeration.iter().all(serde_json::Value::is_null))
        }
        SchemaKind::Type(Type::String(s)) => {
            !s.enumeration.is_empty() && s.enumeration.iter().all(Option::is_none)
        }
        _ => false,
    }
}

fn string_enum(values: &[&str], description: Option<&str>) -> StringEnum {
    let mut names = Namespace::default();
    let mut seen = BTreeSet::new();
    let variants: Vec<EnumVariant> = values
        .iter()
        .filter(|value| seen.insert(**value))
        .map(|value| EnumVariant {
            name: names.claim(&if value.is_empty() {
                "Empty".to_owned()
            } else {
                pascal(value)
            }),
            wire: (*value).to_owned(),
            meaning: description.and_then(|text| value_meaning(text, value)),
        })
        .collect();
    let unknown = if names.contains("Unknown") {
        names.claim("UnknownValue")
    } else {
        names.claim("Unknown")
    };
    StringEnum { variants, unknown }
}

/// What `value` means, from a line of the description that starts with it and a colon,
/// as the API docs list values (`- auto: automated full backup`, `**auto**: ...`).
fn value_meaning(description: &str, value: &str) -> Option<String> {
    if value.is_empty() {
        return None;
    }
    description.lines().find_map(|line| {
        let line = line.trim();
        let line = ["- ", "* ", "+ "]
            .iter()
            .find_map(|marker| line.strip_prefix(marker))
            .unwrap_or(line);
        let quoted = |mark: &str| {
            line.strip_prefix(mark)?
                .strip_prefix(value)?
                .strip_prefix(mark)
        };
        let rest = quoted("**")
            .or_else(|| quoted("`"))
            .or_else(|| line.strip_prefix(value))?;
        let meaning = rest.trim_start().strip_prefix([':', '\u{ff1a}'])?;
        let meaning = docs([Some(meaning)]).0.join(" ");
        (!meaning.is_empty()).then_some(meaning)
    })
}

fn format_of<T>(format: Option<&str>) -> VariantOrUnknownOrEmpty<T>
where
    T: serde::de::DeserializeOwned,
{
    match format {
        None => VariantOrUnknownOrEmpty::Empty,
        Some(text) => serde_json::from_value(serde_json::Value::String(text.to_owned()))
            .map(VariantOrUnknownOrEmpty::Item)
            .unwrap_or_else(|_| VariantOrUnknownOrEmpty::Unknown(text.to_owned())),
    }
}

fn string_type(format: &VariantOrUnknownOrEmpty<StringFormat>) -> TypeRef {
    match format {
        VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => TypeRef::Time(TimeFormat::Rfc3339),
        VariantOrUnknownOrEmpty::Unknown(name) if name == "hwc-date-time" => {
            TypeRef::Time(TimeFormat::HwcDateTime)
        }
        VariantOrUnknownOrEmpty::Unknown(name) if name == "hwc-compact-date-time" => {
            TypeRef::Time(TimeFormat::CompactDateTime)
        }
        _ => TypeRef::String,
    }
}

fn int_kind(format: &VariantOrUnknownOrEmpty<IntegerFormat>, minimum: Option<i64>) -> IntKind {
    match format {
        VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => IntKind::I32,
        VariantOrUnknownOrEmpty::Item(IntegerFormat::Int64) => IntKind::I64,
        VariantOrUnknownOrEmpty::Unknown(name) => match name.as_str() {
            "int8" | "int16" => IntKind::I32,
            "uint8" | "uint16" | "uint32" => IntKind::U32,
            "uint64" | "uint" => IntKind::U64,
            _ if minimum.is_some_and(|m| m >= 0) && name.starts_with('u') => IntKind::U64,
            _ => IntKind::I64,
        },
        VariantOrUnknownOrEmpty::Empty => IntKind::I64,
    }
}

fn number_type(format: &VariantOrUnknownOrEmpty<NumberFormat>) -> TypeRef {
    match format {
        VariantOrUnknownOrEmpty::Item(NumberFormat::Float) => TypeRef::F32,
        _ => TypeRef::F64,
    }
}

/// A variant name for a union member of type `ty`.
fn variant_name(ty: &TypeRef) -> String {
    match ty {
        TypeRef::Named(name) => name.clone(),
        TypeRef::String => "String".into(),
        TypeRef::Bool => "Bool".into(),
        TypeRef::Int(_) => "Integer".into(),
        TypeRef::F32 | TypeRef::F64 => "Number".into(),
        TypeRef::Time(_) => "Time".into(),
        TypeRef::Json => "Json".into(),
        TypeRef::JsonObject => "Object".into(),
        TypeRef::Bytes => "Bytes".into(),
        TypeRef::Vec(inner) => format!("{}List", variant_name(inner)),
        TypeRef::Map(inner) => format!("{}Map", variant_name(inner)),
    }
}

// Compiled only for `cargo test` (the no-panic lints are off there, see lib.rs): these
// panics report a failed test on fixed fixtures and are unreachable from any input.
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enum_values_take_their_meaning_from_the_description() {
        let text = "Indicates the backup type. Value:\n- auto: automated full backup\n- **manual**: manual full backup\n`fragment`：differential\nautomatic: not a value";
        assert_eq!(
            value_meaning(text, "auto").as_deref(),
            Some("automated full backup")
        );
        assert_eq!(
            value_meaning(text, "manual").as_deref(),
            Some("manual full backup")
        );
        assert_eq!(
            value_meaning(text, "fragment").as_deref(),
            Some("differential")
        );
        assert_eq!(value_meaning(text, "incremental"), None);
        assert_eq!(value_meaning(text, ""), None);
    }

    /// Request bodies: `Order` (required `item` and `count`, optional `note` and
    /// `address`), `Address` (required only), `Options` (optional only), `Extra`
    /// (required and extra properties); `Receipt` (required and optional) is only returned.
    const BUILT: &str = r#"
openapi: 3.0.3
info: {title: Shop, version: '1'}
paths:
  /orders:
    post:
      operationId: order
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Order'}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Receipt'}
  /extras:
    put:
      operationId: extra
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Extra'}
      responses:
        '204': {description: ok}
components:
  schemas:
    Order:
      type: object
      required: [count, item]
      properties:
        note: {type: string}
        item: {type: string}
        address: {$ref: '#/components/schemas/Address'}
        options: {$ref: '#/components/schemas/Options'}
        count: {type: integer}
    Address:
      type: object
      required: [street]
      properties:
        street: {type: string}
    Options:
      type: object
      properties:
        gift: {type: boolean}
    Extra:
      type: object
      required: [id]
      properties:
        id: {type: string}
      additionalProperties: {type: string}
    Receipt:
      type: object
      required: [id]
      properties:
        id: {type: string}
        total: {type: number}
"#;

    fn lowered(text: &str) -> Vec<TypeDef> {
        let spec = crate::load::load_str(std::path::Path::new("shop.yaml"), text)
            .unwrap_or_else(|d| panic!("{d}"));
        crate::lower::lower(&spec)
            .unwrap_or_else(|d| panic!("{d}"))
            .types
    }

    #[test]
    fn built_structs_with_required_and_optional_fields_get_a_constructor() {
        let types = lowered(BUILT);
        let built = |name: &str| match types.iter().find(|def| def.name == name).map(|d| &d.kind) {
            Some(TypeKind::Struct(s)) => (s.exhaustive, s.constructor.clone()),
            other => panic!("{name}: {other:?}"),
        };
        let arguments = |names: &[&str]| Some(names.iter().map(|n| (*n).to_owned()).collect());
        // The required fields in field order (not `required` order).
        assert_eq!(built("Order"), (true, arguments(&["item", "count"])));
        assert_eq!(built("Extra"), (true, arguments(&["id"])));
        // A struct literal names every field anyway; `Default` builds the other.
        assert_eq!(built("Address"), (true, None));
        assert_eq!(built("Options"), (true, None));
        // Users do not build what they only receive.
        assert_eq!(built("Receipt"), (false, None));
    }

    #[test]
    fn undocumented_inline_types_say_where_they_are_used_or_defined_as_written() {
        // Swagger 2.0: the pointer names `definitions`, not the `components` it became.
        let types = lowered(
            r#"
swagger: '2.0'
info: {title: Shop, version: '1'}
paths:
  /orders:
    post:
      operationId: order
      parameters:
        - name: order
          in: body
          schema:
            type: object
            properties:
              item: {type: string}
      responses:
        '200': {description: ok, schema: {$ref: '#/definitions/Receipt'}}
definitions:
  Receipt:
    type: object
    properties:
      total:
        type: object
        properties:
          amount: {type: number}
"#,
        );
        let docs: Vec<String> = types
            .iter()
            .map(|def| format!("{}: {}", def.name, def.docs.0.join(" ")))
            .collect();
        assert_eq!(
            docs,
            [
                "Receipt: What [`Client::order`] returns.",
                "ReceiptTotal: Defined inline at `#/definitions/Receipt/properties/total` in the \
                 spec.",
                "OrderBody: The request body of [`Client::order`].",
            ]
        );
    }
}
