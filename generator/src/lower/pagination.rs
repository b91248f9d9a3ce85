//! `x-hwc-pagination` -> IR paging: which parameters position and size a page, which
//! response fields hold the items and the total.

use serde::Deserialize;

use super::Lowerer;
use super::docs::docs;
use crate::diagnostic::pointer;
use crate::ir::{
    PageField, PageUnit, Pagination, Param, ParamLocation, ResponseBody, Success, TypeKind, TypeRef,
};

/// The `x-hwc-pagination` extension (see `specs/README.md`).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PaginationExtension {
    offset: String,
    limit: String,
    items: String,
    total: Option<String>,
    #[serde(default)]
    start: u64,
    #[serde(default)]
    unit: Unit,
    /// Why the offset is read this way, when the docs leave it open.
    note: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "lowercase")]
enum Unit {
    #[default]
    Item,
    Page,
}

impl Lowerer<'_> {
    pub(super) fn lower_pagination(
        &mut self,
        operation: &openapiv3::Operation,
        at: &str,
        params: &[Param],
        success: &Success,
    ) -> Option<Pagination> {
        let value = operation.extensions.get("x-hwc-pagination")?;
        let ext_at = pointer(at, &["x-hwc-pagination"]);
        let ext: PaginationExtension = match serde_json::from_value(value.clone()) {
            Ok(ext) => ext,
            Err(error) => {
                self.error(&ext_at, format!("invalid pagination extension: {error}"));
                return None;
            }
        };
        let param = |wire: &str| {
            params
                .iter()
                .find(|p| p.wire == wire && p.location == ParamLocation::Query)
        };
        let (Some(offset), Some(limit)) = (param(&ext.offset), param(&ext.limit)) else {
            self.error(&ext_at, format!("`offset` ({:?}) and `limit` ({:?}) must name query parameters of this operation", ext.offset, ext.limit));
            return None;
        };
        // The runtime computes offsets as numbers and reads the page size from the limit's
        // text, so the offset must be an integer or a string, and the limit a scalar.
        if !matches!(offset.ty, TypeRef::Int(_) | TypeRef::String) {
            self.error(
                &ext_at,
                format!(
                    "the offset parameter {:?} must be an integer or a string",
                    ext.offset
                ),
            );
            return None;
        }
        if matches!(
            limit.ty,
            TypeRef::Vec(_) | TypeRef::Map(_) | TypeRef::Json | TypeRef::JsonObject
        ) {
            self.error(
                &ext_at,
                format!("the limit parameter {:?} must be a single value", ext.limit),
            );
            return None;
        }
        let Some((body, variant)) = page_body(success) else {
            self.error(
                &ext_at,
                "a paged operation must return one JSON object type (beside it, only \
                 success statuses without a body, such as 204, which end the listing)",
            );
            return None;
        };
        let Some(TypeKind::Struct(body_struct)) = self.type_def(body).map(|def| &def.kind) else {
            self.error(&ext_at, "a paged operation must return a JSON object");
            return None;
        };
        let field = |wire: &str| body_struct.fields.iter().find(|f| f.wire == wire);
        let Some(items) = field(&ext.items) else {
            self.error(
                &ext_at,
                format!("the response has no field {:?} for `items`", ext.items),
            );
            return None;
        };
        let TypeRef::Vec(item_ty) = &items.ty else {
            self.error(
                &ext_at,
                format!("the `items` field {:?} is not an array", ext.items),
            );
            return None;
        };
        let total = match &ext.total {
            None => None,
            Some(wire) => match field(wire) {
                Some(total) if matches!(total.ty, TypeRef::Int(_)) => Some(PageField {
                    name: total.name.clone(),
                    wire: total.wire.clone(),
                    optional: total.optional,
                }),
                _ => {
                    self.error(
                        &ext_at,
                        format!("the response has no integer field {wire:?} for `total`"),
                    );
                    return None;
                }
            },
        };
        let param_field = |p: &Param| PageField {
            name: p.name.clone(),
            wire: p.wire.clone(),
            optional: !p.is_argument(),
        };
        Some(Pagination {
            offset: param_field(offset),
            limit: param_field(limit),
            items: PageField {
                name: items.name.clone(),
                wire: items.wire.clone(),
                optional: items.optional,
            },
            item_ty: (**item_ty).clone(),
            variant,
            total,
            start: ext.start,
            unit: match ext.unit {
                Unit::Item => PageUnit::Item,
                Unit::Page => PageUnit::Page,
            },
            docs: docs([ext.note.as_deref()]),
        })
    }
}

/// The named type of a page, and the success variant holding it when the call answers by
/// status: the one success body, every other success status being bodiless.
fn page_body(success: &Success) -> Option<(&String, Option<String>)> {
    match success {
        Success::Single(body) => Some((named(body.as_ref())?, None)),
        Success::ByStatus { variants, .. } => {
            let mut bodied = variants.iter().filter(|variant| variant.body.is_some());
            match (bodied.next(), bodied.next()) {
                (Some(variant), None) => {
                    Some((named(variant.body.as_ref())?, Some(variant.name.clone())))
                }
                _ => None,
            }
        }
    }
}

/// The name of a body's type, when it is a named type.
fn named(body: Option<&ResponseBody>) -> Option<&String> {
    match body {
        Some(ResponseBody {
            ty: TypeRef::Named(name),
            ..
        }) => Some(name),
        _ => None,
    }
}
