//! Paged operations -> `into_pages` and `into_items` on the request builder, which run the
//! builder's own `send` once per page through `hwc_runtime::paging`.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::tokens::{doc_attrs, ident, plain, type_tokens};
use crate::ir::{Docs, PageField, PageUnit, Pagination, builder};

/// The paging methods of a request builder whose `send` returns `page` (tokens of the
/// response type); nothing for an operation that does not page.
pub fn methods(pagination: Option<&Pagination>, page: &TokenStream) -> TokenStream {
    let Some(p) = pagination else {
        return quote!();
    };
    let offset_wire = &p.offset.wire;
    let start = Literal::u64_unsuffixed(p.start);
    let unit = match p.unit {
        PageUnit::Item => quote!(::hwc_runtime::paging::OffsetUnit::Item),
        PageUnit::Page => quote!(::hwc_runtime::paging::OffsetUnit::Page),
    };
    let items = ident(&p.items.name);
    let borrowed_items = if p.items.optional {
        quote!(page.#items.as_deref().unwrap_or_default())
    } else {
        quote!(&page.#items)
    };
    let owned_items = if p.items.optional {
        quote!(page.#items.unwrap_or_default())
    } else {
        quote!(page.#items)
    };
    let total = match &p.total {
        None => quote!(None),
        Some(total) => {
            let field = ident(&total.name);
            if total.optional {
                quote!(page.#field.and_then(|total| u64::try_from(total).ok()))
            } else {
                quote!(u64::try_from(page.#field).ok())
            }
        }
    };
    // A call answering by status has its page in one variant; the others are empty pages.
    let (borrowed_items, owned_items, total) = match &p.variant {
        None => (borrowed_items, owned_items, total),
        Some(variant) => {
            let variant = ident(variant);
            (
                quote!(match page { #page::#variant(page) => #borrowed_items, _ => &[] }),
                quote!(match page { #page::#variant(page) => #owned_items, _ => Vec::new() }),
                quote!(match page { #page::#variant(page) => #total, _ => None }),
            )
        }
    };
    let offset = ident(&p.offset.name);
    // The caller's offset is taken out of the builder (every page sets its own), so that
    // no copy is needed whatever its type.
    let (first_offset, set_offset) = if p.offset.optional {
        (quote!(self.#offset.take()), quote!(Some(offset)))
    } else {
        (
            quote!(Some(::std::mem::take(&mut self.#offset))),
            quote!(offset),
        )
    };
    let limit = ident(&p.limit.name);
    let page_size = if p.limit.optional {
        quote!(self.#limit.as_ref().and_then(::hwc_runtime::paging::page_size))
    } else {
        quote!(::hwc_runtime::paging::page_size(&self.#limit))
    };
    let item = type_tokens(&p.item_ty);
    let pages_doc = doc_attrs(&pages_docs(p));
    let items_doc = doc_attrs(&Docs(vec![format!(
        "Every item of the listing (the `{}` of each page), in order, as a stream that requests a page only when it needs one; [`{1}`](Self::{1}) says where it starts and when it ends.",
        p.items.wire,
        builder::INTO_PAGES
    )]));
    let (into_pages, into_items, send) = (
        ident(builder::INTO_PAGES),
        ident(builder::INTO_ITEMS),
        ident(builder::SEND),
    );
    quote! {
        #pages_doc
        #[must_use = "a stream does nothing until it is polled"]
        pub fn #into_pages(mut self) -> ::hwc_runtime::paging::Pages<#page> {
            let listing = ::hwc_runtime::paging::Listing {
                offset: #offset_wire,
                start: #start,
                unit: #unit,
                items: |page: &#page| #borrowed_items,
                total: |page: &#page| #total,
            };
            let offset = #first_offset;
            let limit = #page_size;
            ::hwc_runtime::paging::pages(listing, offset, limit, move |offset| {
                let mut page = self.clone();
                page.#offset = #set_offset;
                page.#send()
            })
        }

        #items_doc
        #[must_use = "a stream does nothing until it is polled"]
        pub fn #into_items(self) -> ::hwc_runtime::paging::Items<#item> {
            ::hwc_runtime::paging::items(self.#into_pages(), |page: #page| #owned_items)
        }
    }
}

/// The documentation of `into_pages`: where the listing starts, how it moves on, when it
/// ends, and the spec's note on why the offset is read this way.
fn pages_docs(p: &Pagination) -> Docs {
    let offset = &p.offset.wire;
    let set_offset = setter_or_argument(&p.offset);
    let set_limit = setter_or_argument(&p.limit);
    let step = match p.unit {
        PageUnit::Item => format!(
            "`{offset}` counts items, so each next page is requested at the previous `{offset}` plus the number of items received."
        ),
        PageUnit::Page => format!(
            "`{offset}` counts pages, so each next page is requested at the previous `{offset}` plus one."
        ),
    };
    let ends = match &p.total {
        Some(total) => format!(
            "The stream ends after the page that brings the items received up to `{}`, at an empty page, at a page that only repeats items of the previous one (a server that ignores `{offset}`: an [`Error::Pagination`](hwc_runtime::Error::Pagination) if `{}` says items are missing), or with the first error.",
            total.wire, total.wire
        ),
        None => format!(
            "The stream ends at an empty page, after a page shorter than the page size asked for, at a page that only repeats items of the previous one (a server that ignores `{offset}`), or with the first error."
        ),
    };
    let mut lines = vec![
        "Every page of the listing, as a stream that requests a page only when it is polled."
            .to_owned(),
        String::new(),
        format!(
            "The listing starts at `{offset}` = {}, or where {set_offset} says, with pages of the size {set_limit} asks for (else the server's default). {step}",
            p.start
        ),
        String::new(),
        ends,
    ];
    if let Some(variant) = &p.variant {
        lines.push(format!(
            "A success without a page (any but `{}`, such as 204 No Content) is an empty page.",
            plain(variant)
        ));
    }
    lines.push("See [`hwc_runtime::paging`].".to_owned());
    if !p.docs.is_empty() {
        lines.push(String::new());
        lines.extend(p.docs.0.iter().cloned());
    }
    Docs(lines)
}

/// How the caller sets a paging parameter, as a phrase that links to it.
fn setter_or_argument(field: &PageField) -> String {
    let name = plain(&field.name);
    if field.optional {
        format!("[`{name}`](Self::{name})")
    } else {
        format!("the `{name}` argument")
    }
}
