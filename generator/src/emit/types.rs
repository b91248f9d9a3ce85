//! Named types -> Rust items: structs, forward-compatible enums, unions, aliases.

use proc_macro2::TokenStream;
use quote::quote;
use syn::Path;

use super::tokens::{argument, doc_attrs, ident, plain, type_tokens};
use crate::ir::{Field, StringEnum, Struct, Tagging, TypeDef, TypeKind, TypeRef, Union};

const SERDE_CRATE: &str = "::hwc_runtime::serde";

/// Traits every string enum implements, derived or written out below.
const ENUM_TRAITS: &[&str] = &[
    "Clone",
    "Debug",
    "PartialEq",
    "Eq",
    "Display",
    "From",
    "FromStr",
    "Serialize",
    "Deserialize",
];

/// Traits every union implements, derived or written out below.
const UNION_TRAITS: &[&str] = &["Clone", "Debug", "PartialEq", "Serialize", "Deserialize"];

/// One named type, with the user's `extra` derives (see [`extra_derives`]).
pub fn type_def(def: &TypeDef, extra: &[Path]) -> TokenStream {
    let docs = doc_attrs(&def.docs);
    let name = ident(&def.name);
    match &def.kind {
        TypeKind::Struct(s) => struct_def(&docs, &name, s, extra),
        TypeKind::Enum(e) => enum_def(&docs, &name, e, &extra_derives(ENUM_TRAITS, extra)),
        TypeKind::Union(u) => union_def(&docs, &name, u, &extra_derives(UNION_TRAITS, extra)),
        TypeKind::Alias(ty) => {
            let ty = type_tokens(ty);
            quote! {
                #docs
                pub type #name = #ty;
            }
        }
    }
}

/// `#[derive(...)]` of the `extra` paths whose trait (last segment) the type does not
/// implement already, derived or by hand (two impls of one trait would not compile).
fn extra_derives(implemented: &[&str], extra: &[Path]) -> TokenStream {
    let wanted: Vec<&Path> = extra
        .iter()
        .filter(|path| {
            path.segments
                .last()
                .is_none_or(|last| !implemented.iter().any(|name| last.ident == name))
        })
        .collect();
    if wanted.is_empty() {
        quote!()
    } else {
        quote!(#[derive(#(#wanted),*)])
    }
}

fn struct_def(
    docs: &TokenStream,
    name: &proc_macro2::Ident,
    s: &Struct,
    extra: &[Path],
) -> TokenStream {
    let fields = s.fields.iter().map(field);
    let additional = s.additional.as_ref().map(|extra| {
        let field_docs = doc_attrs(&extra.docs);
        let field_name = ident(&extra.name);
        let ty = type_tokens(&extra.ty);
        quote! {
            #field_docs
            #[serde(flatten)]
            pub #field_name: #ty,
        }
    });
    // Users build request types themselves, so those are exhaustive and, when nothing is
    // required, `Default`; response types may gain fields, so users cannot build them.
    let all_optional = s.fields.iter().all(|f| f.optional);
    let default = (s.exhaustive && all_optional).then(|| quote!(Default,));
    let non_exhaustive = (!s.exhaustive).then(|| quote!(#[non_exhaustive]));
    let mut implemented = vec!["Clone", "Debug", "PartialEq", "Serialize", "Deserialize"];
    implemented.extend(default.is_some().then_some("Default"));
    let extra = extra_derives(&implemented, extra);
    let deserialize = deserialize_struct(name, s);
    let constructor = s
        .constructor
        .as_ref()
        .map(|arguments| constructor(name, s, arguments));
    quote! {
        #docs
        #[derive(Clone, Debug, PartialEq, #default ::hwc_runtime::serde::Serialize)]
        #extra
        #[serde(crate = #SERDE_CRATE)]
        #non_exhaustive
        pub struct #name {
            #(#fields)*
            #additional
        }

        #deserialize
        #constructor
    }
}

/// Clippy's default `too_many_arguments` threshold: a constructor with more arguments
/// says why it has them.
const MANY_ARGUMENTS: usize = 7;

/// `new`, taking the fields named in `arguments`; the others start empty.
fn constructor(name: &proc_macro2::Ident, s: &Struct, arguments: &[String]) -> TokenStream {
    let is_argument = |field: &Field| arguments.contains(&field.name);
    let params = s.fields.iter().filter(|f| is_argument(f)).map(|f| {
        let arg = ident(&f.name);
        let (ty, _) = argument(&f.ty);
        quote!(#arg: #ty)
    });
    let values = s.fields.iter().map(|f| {
        let field = ident(&f.name);
        if !is_argument(f) {
            return quote!(#field: None,);
        }
        let (_, convert) = argument(&f.ty);
        match (f.boxed, convert.is_empty()) {
            (true, _) => quote!(#field: Box::new(#field #convert),),
            (false, true) => quote!(#field,),
            (false, false) => quote!(#field: #field #convert,),
        }
    });
    let additional = s.additional.as_ref().map(|extra| {
        let field = ident(&extra.name);
        quote!(#field: ::std::default::Default::default(),)
    });
    let listed: Vec<String> = arguments
        .iter()
        .map(|argument| format!("`{}`", plain(argument)))
        .collect();
    let doc = format!(
        " A value with the required fields ({}); the optional ones start as `None`.",
        listed.join(", ")
    );
    let many = (arguments.len() > MANY_ARGUMENTS).then(|| {
        quote! {
            ///
            /// Each required field is an argument, so that none can be left out.
            #[allow(clippy::too_many_arguments)]
        }
    });
    quote! {
        impl #name {
            #[doc = #doc]
            #many
            pub fn new(#(#params),*) -> Self {
                Self {
                    #(#values)*
                    #additional
                }
            }
        }
    }
}

/// `Deserialize` through the runtime's `deserialize_struct!`: a fifth of the code
/// `#[derive(Deserialize)]` expands to, which is most of a generated crate's check time.
fn deserialize_struct(name: &proc_macro2::Ident, s: &Struct) -> TokenStream {
    let by_wire = |optional: bool| {
        let fields = s.fields.iter().filter(move |f| f.optional == optional);
        fields.map(|f| {
            let (field, wire) = (ident(&f.name), &f.wire);
            quote!(#field = #wire)
        })
    };
    let required = by_wire(false);
    let optional: Vec<TokenStream> = by_wire(true).collect();
    let optional = (!optional.is_empty()).then(|| quote!(optional { #(#optional),* }));
    let rest = s.additional.as_ref().map(|extra| {
        let field = ident(&extra.name);
        quote!(rest #field)
    });
    quote! {
        ::hwc_runtime::deserialize_struct!(#name { #(#required),* } #optional #rest);
    }
}

fn field(field: &Field) -> TokenStream {
    let docs = doc_attrs(&field.docs);
    let name = ident(&field.name);
    let mut ty = type_tokens(&field.ty);
    if field.boxed {
        ty = quote!(Box<#ty>);
    }
    let rename = (plain(&field.name) != field.wire).then(|| {
        let wire = &field.wire;
        quote!(rename = #wire,)
    });
    if field.optional {
        quote! {
            #docs
            #[serde(#rename skip_serializing_if = "Option::is_none")]
            pub #name: Option<#ty>,
        }
    } else {
        let attr = rename.map(|rename| quote!(#[serde(#rename)]));
        quote! {
            #docs
            #attr
            pub #name: #ty,
        }
    }
}

fn enum_def(
    docs: &TokenStream,
    name: &proc_macro2::Ident,
    e: &StringEnum,
    extra: &TokenStream,
) -> TokenStream {
    let unknown = ident(&e.unknown);
    let variants = e.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let doc = match &v.meaning {
            Some(meaning) => format!(" `{}`: {meaning}", v.wire),
            None => format!(" `{}`", v.wire),
        };
        quote!(#[doc = #doc] #variant,)
    });
    let wire = e.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let wire = &v.wire;
        quote!(#variant => #wire)
    });
    quote! {
        #docs
        ///
        /// Values the server adds later decode as the catch-all variant, which keeps the
        /// value as sent, instead of failing the response.
        #[derive(Clone, Debug, PartialEq, Eq)]
        #extra
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A value this client does not know yet, as sent by the server.
            #unknown(String),
        }

        ::hwc_runtime::string_enum!(#name, #unknown, { #(#wire),* });
    }
}

fn payload(ty: &TypeRef, boxed: bool) -> TokenStream {
    let ty = type_tokens(ty);
    if boxed { quote!(Box<#ty>) } else { ty }
}

fn union_def(
    docs: &TokenStream,
    name: &proc_macro2::Ident,
    u: &Union,
    extra: &TokenStream,
) -> TokenStream {
    let variants = u.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let ty = payload(&v.ty, v.boxed);
        let doc = match &v.ty {
            TypeRef::Named(target) => format!(" A [`{target}`]."),
            _ => " This alternative.".to_owned(),
        };
        quote!(#[doc = #doc] #variant(#ty),)
    });
    match &u.tagging {
        Tagging::Untagged => quote! {
            #docs
            ///
            /// Decoding tries each alternative in order and takes the first that fits.
            #[derive(Clone, Debug, PartialEq, ::hwc_runtime::serde::Serialize, ::hwc_runtime::serde::Deserialize)]
            #extra
            #[serde(crate = #SERDE_CRATE, untagged)]
            pub enum #name {
                #(#variants)*
            }
        },
        Tagging::Internal(property) => {
            let unknown = ident(&u.unknown);
            let unknown_doc = format!(
                " An alternative this client does not know (by `{property}`), kept as JSON."
            );
            let arms = u.variants.iter().map(|v| {
                let variant = ident(&v.name);
                let tags = &v.tags;
                let wrap = if v.boxed { quote!(|value| Self::#variant(Box::new(value))) } else { quote!(Self::#variant) };
                quote! {
                    #(Some(#tags))|* => ::hwc_runtime::serde_json::from_value(value).map(#wrap).map_err(D::Error::custom),
                }
            });
            quote! {
                #docs
                ///
                #[doc = concat!(" The `", #property, "` property selects the alternative; values added later decode as the catch-all variant.")]
                #[derive(Clone, Debug, PartialEq, ::hwc_runtime::serde::Serialize)]
                #extra
                #[serde(crate = #SERDE_CRATE, untagged)]
                pub enum #name {
                    #(#variants)*
                    #[doc = #unknown_doc]
                    #unknown(::hwc_runtime::serde_json::Value),
                }

                impl<'de> ::hwc_runtime::serde::Deserialize<'de> for #name {
                    fn deserialize<D: ::hwc_runtime::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                        use ::hwc_runtime::serde::de::Error as _;
                        let value = <::hwc_runtime::serde_json::Value as ::hwc_runtime::serde::Deserialize>::deserialize(deserializer)?;
                        let tag = value.get(#property).and_then(::hwc_runtime::serde_json::Value::as_str).map(str::to_owned);
                        match tag.as_deref() {
                            #(#arms)*
                            _ => Ok(Self::#unknown(value)),
                        }
                    }
                }
            }
        }
    }
}
