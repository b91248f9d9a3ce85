//! Operations -> the service client, one request builder per operation, and `send`.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::paging;
use super::tokens::{argument, doc_attrs, ident, plain, type_tokens};
use crate::ir::{
    Api, ApiKeyLocation, Binding, Body, BodyEncoding, Cloud, Constraints, Docs, IntKind, Operation,
    PairCheck, Param, ParamLocation, ResponseBody, SchemeKind, Security, SecurityScheme,
    StatusMatch, Style, Success, TypeRef, builder,
};

/// `SERVERS` and `Client` with one method per operation.
pub fn client(api: &Api) -> TokenStream {
    let servers = api.servers.iter().map(|server| {
        let url = &server.url;
        let cloud = match server.cloud {
            Some(Cloud::HuaweiCloud) => quote!(Some(::hwc_runtime::Cloud::HuaweiCloud)),
            Some(Cloud::Otc) => quote!(Some(::hwc_runtime::Cloud::Otc)),
            None => quote!(None),
        };
        quote!(::hwc_runtime::ServerTemplate { url: #url, cloud: #cloud },)
    });
    let methods = api.operations.iter().map(client_method);
    let schemes = api.security_schemes.iter().map(security_scheme);
    quote! {
        /// Endpoints of this API from the spec's `servers`; `{region}` is filled from the
        /// configuration unless an explicit endpoint is set.
        pub const SERVERS: &[::hwc_runtime::ServerTemplate] = &[#(#servers)*];

        #(#schemes)*

        /// The client for this API. Cheap to clone; clones share connections.
        #[derive(Clone, Debug)]
        pub struct Client {
            inner: ::hwc_runtime::Client,
        }

        impl Client {
            /// A client with the region or endpoint, credentials and timeouts of `config`.
            pub fn new(config: &::hwc_runtime::Config) -> Self {
                Self { inner: ::hwc_runtime::Client::new(config, SERVERS) }
            }

            #(#methods)*
        }

    }
}

/// The constant describing a security scheme to the runtime.
fn security_scheme(scheme: &SecurityScheme) -> TokenStream {
    let docs = doc_attrs(&scheme.docs);
    let ident = ident(&scheme.ident);
    let name = &scheme.name;
    let kind = match &scheme.kind {
        SchemeKind::Bearer => quote!(HttpBearer),
        SchemeKind::Basic => quote!(HttpBasic),
        SchemeKind::OAuth2 => quote!(OAuth2),
        SchemeKind::OpenIdConnect => quote!(OpenIdConnect),
        SchemeKind::ApiKey { location, name } => {
            let location = match location {
                ApiKeyLocation::Header => quote!(Header),
                ApiKeyLocation::Query => quote!(Query),
                ApiKeyLocation::Cookie => quote!(Cookie),
            };
            quote!(ApiKey { location: ::hwc_runtime::ApiKeyLocation::#location, name: #name })
        }
    };
    quote! {
        #docs
        pub const #ident: ::hwc_runtime::SecurityScheme = ::hwc_runtime::SecurityScheme {
            name: #name,
            kind: ::hwc_runtime::SchemeKind::#kind,
        };
    }
}

/// The call telling the runtime which schemes the operation takes (nothing for the
/// configuration's credentials).
fn set_security(security: &Security) -> Option<TokenStream> {
    let Security::Schemes(alternatives) = security else {
        return None;
    };
    let alternatives = alternatives.iter().map(|schemes| {
        let schemes = schemes.iter().map(|scheme| ident(scheme));
        quote!(&[#(#schemes),*])
    });
    Some(quote!(request.security(&[#(#alternatives),*]);))
}

/// Positional (required) parameters, the body included when required.
fn positional(op: &Operation) -> Vec<(&str, &TypeRef)> {
    inputs(op)
        .filter(|(_, _, argument)| *argument)
        .map(|(name, ty, _)| (name, ty))
        .collect()
}

/// Every builder field: each parameter and the body, with its type and whether it is an
/// argument (held as is) rather than set later (held in an `Option`).
fn inputs(op: &Operation) -> impl Iterator<Item = (&str, &TypeRef, bool)> {
    let params = op
        .params
        .iter()
        .map(|p| (p.name.as_str(), &p.ty, p.is_argument()));
    params.chain(op.body.iter().map(|b| (b.name.as_str(), &b.ty, b.required)))
}

fn client_method(op: &Operation) -> TokenStream {
    let docs = doc_attrs(&op.docs);
    let name = ident(&op.name);
    let builder = ident(&op.builder);
    let args = positional(op);
    let params = args.iter().map(|(arg, ty)| {
        let arg = ident(arg);
        let (ty, _) = argument(ty);
        quote!(#arg: #ty)
    });
    let init = inputs(op).map(|(field, ty, required)| {
        let field = ident(field);
        if required {
            let (_, convert) = argument(ty);
            if convert.is_empty() {
                quote!(#field,)
            } else {
                quote!(#field: #field #convert,)
            }
        } else {
            quote!(#field: None,)
        }
    });
    // Positional parameters are what the API requires; a long list is the API's shape.
    let allow = (args.len() > 7).then(|| {
        quote!(#[expect(clippy::too_many_arguments, reason = "every required parameter of the operation is positional")])
    });
    let (client, options) = (ident(builder::CLIENT), ident(builder::OPTIONS));
    quote! {
        #docs
        #allow
        pub fn #name(&self, #(#params),*) -> #builder {
            #builder {
                #client: self.inner.clone(),
                #options: ::hwc_runtime::CallOptions::default(),
                #(#init)*
            }
        }
    }
}

/// The request builder of `op`.
pub fn builder(op: &Operation) -> TokenStream {
    let builder = ident(&op.builder);
    let method_name = plain(&op.name);
    let send_link = format!("[`{0}`](Self::{0})", builder::SEND);
    let then = if op.pagination.is_some() {
        format!(
            "{send_link} it for one page, or stream every page or item with [`{0}`](Self::{0}) or [`{1}`](Self::{1})",
            builder::INTO_PAGES,
            builder::INTO_ITEMS
        )
    } else {
        format!("{send_link} it")
    };
    let doc = format!(
        " Request builder for [`Client::{method_name}`]: set optional parameters, then {then}."
    );
    let fields = inputs(op).map(|(field, ty, required)| {
        let field = ident(field);
        let ty = type_tokens(ty);
        if required {
            quote!(#field: #ty,)
        } else {
            quote!(#field: Option<#ty>,)
        }
    });
    let setters = op
        .params
        .iter()
        .filter(|p| !p.is_argument())
        .map(|p| setter(&p.name, &p.ty, &p.docs, p.binding == Binding::ProjectId))
        .chain(
            op.body
                .iter()
                .filter(|b| !b.required)
                .map(|b| setter(&b.name, &b.ty, &b.docs, false)),
        );
    let call_options = call_options(&builder, op.idempotent);
    let send = send(op);
    let page = output(&op.success);
    let paging = paging::methods(op.pagination.as_ref(), &page);
    let must_use = format!(
        "a request does nothing until `{}` is awaited",
        builder::SEND
    );
    let (client, options) = (ident(builder::CLIENT), ident(builder::OPTIONS));
    quote! {
        #[doc = #doc]
        #[derive(Clone, Debug)]
        #[must_use = #must_use]
        pub struct #builder {
            #client: ::hwc_runtime::Client,
            #options: ::hwc_runtime::CallOptions,
            #(#fields)*
        }

        impl #builder {
            #(#setters)*
            #send
            #paging
        }

        #call_options
    }
}

/// The setters of [`hwc_runtime::CallOptions`], written by the runtime's `call_options!`
/// (the builder's `options` field): the same on every builder, plus the opt-in to
/// retrying writes on those of non-idempotent operations.
fn call_options(builder: &proc_macro2::Ident, idempotent: bool) -> TokenStream {
    if idempotent {
        quote!(::hwc_runtime::call_options!(#builder);)
    } else {
        let retry_writes = ident(builder::RETRY_WRITES);
        quote!(::hwc_runtime::call_options!(#builder, #retry_writes);)
    }
}

fn setter(name: &str, ty: &TypeRef, docs: &Docs, project_id: bool) -> TokenStream {
    let docs = if project_id {
        quote!(#[doc = " Overrides the project id of the configuration for this call."])
    } else {
        doc_attrs(docs)
    };
    let field = ident(name);
    let (ty, convert) = argument(ty);
    quote! {
        #docs
        pub fn #field(mut self, value: #ty) -> Self {
            self.#field = Some(value #convert);
            self
        }
    }
}

fn send(op: &Operation) -> TokenStream {
    let method = ident(&op.method);
    let path = &op.path;
    let params: Vec<TokenStream> = op.params.iter().map(set_param).collect();
    let checks: Vec<TokenStream> = op.params.iter().map(|p| check(p, &op.params)).collect();
    let body = op.body.as_ref().map(set_body);
    let security = set_security(&op.security);
    let output = output(&op.success);
    let errors_doc = errors_doc(op);
    let (send, client, options) = (
        ident(builder::SEND),
        ident(builder::CLIENT),
        ident(builder::OPTIONS),
    );
    let decode = decode(&op.success, &quote!(self.#client.execute(request).await?));
    quote! {
        /// Checks the documented constraints, then sends the request.
        ///
        #errors_doc
        pub async fn #send(self) -> ::hwc_runtime::Result<#output> {
            let mut request = ::hwc_runtime::Request::new(::hwc_runtime::Method::#method, #path);
            request.options(self.#options);
            #security
            #(#params)*
            #(#checks)*
            #body
            #decode
        }
    }
}

fn errors_doc(op: &Operation) -> TokenStream {
    // What each kind of failure means is documented once, on the error type.
    let fails = "Fails with an [`hwc_runtime::Error`] (a broken constraint before sending, a transport failure or timeout, an undecodable body, or an error status)";
    let mut lines = vec!["# Errors".to_owned(), String::new()];
    if op.errors.is_empty() {
        lines.push(format!("{fails}."));
    } else {
        lines.push(format!("{fails}; the API documents these error responses:"));
        lines.push(String::new());
    }
    for error in &op.errors {
        let status = match error.status {
            StatusMatch::Code(code) => format!("`{code}`"),
            StatusMatch::Range(hundreds) => format!("`{hundreds}XX`"),
            StatusMatch::Default => "any other status".to_owned(),
        };
        let body = match &error.ty {
            Some(TypeRef::Named(name)) => format!(" (body: [`{name}`])"),
            _ => String::new(),
        };
        let text = error.docs.0.first().cloned().unwrap_or_default();
        lines.push(format!("- {status}{body}: {text}"));
    }
    doc_attrs(&Docs(lines))
}

fn location_method(location: ParamLocation) -> TokenStream {
    match location {
        ParamLocation::Path => quote!(path_param),
        ParamLocation::Query => quote!(query),
        ParamLocation::Header => quote!(header),
    }
}

fn set_param(p: &Param) -> TokenStream {
    let field = ident(&p.name);
    let wire = &p.wire;
    let method = location_method(p.location);
    if p.binding == Binding::ProjectId {
        let client = ident(builder::CLIENT);
        return quote! {
            let project_id = match &self.#field {
                Some(value) => value.as_str(),
                None => self.#client.project_id()?,
            };
            request.path_param(#wire, project_id);
        };
    }
    // A list is one pair per item or one joined value, an object one pair per member, as
    // lower decided from its style.
    let put = |value: TokenStream| match p.style {
        Some(Style::Repeat) => quote! {
            for item in #value {
                request.#method(#wire, item);
            }
        },
        Some(Style::Joined(separator)) => {
            quote!(request.#method(#wire, ::hwc_runtime::join(#value, #separator));)
        }
        Some(Style::DeepObject) => quote!(request.query_deep(#wire, #value);),
        None => quote!(request.#method(#wire, #value);),
    };
    if p.is_argument() {
        // Scalars and timestamps are `Copy`: passing them by value keeps clippy's
        // `needless_borrows_for_generic_args` quiet.
        if is_copy(&p.ty) {
            put(quote!(self.#field))
        } else {
            put(quote!(&self.#field))
        }
    } else {
        let put = put(quote!(value));
        quote! {
            if let Some(value) = &self.#field {
                #put
            }
        }
    }
}

/// Whether values of `ty` are `Copy` in the generated code.
fn is_copy(ty: &TypeRef) -> bool {
    matches!(
        ty,
        TypeRef::Bool | TypeRef::Int(_) | TypeRef::F32 | TypeRef::F64 | TypeRef::Time(_)
    )
}

/// Constraint checks for one parameter, as calls of the runtime's `check_*` methods:
/// a broken constraint is recorded on the request and reported before anything is sent.
fn check(p: &Param, all: &[Param]) -> TokenStream {
    let c: &Constraints = &p.constraints;
    if c.is_empty() {
        return quote!();
    }
    let field = ident(&p.name);
    let wire = &p.wire;
    let value = if p.is_argument() {
        quote!(Some(&self.#field))
    } else {
        quote!(self.#field.as_ref())
    };
    let literal = |bound: Option<f64>| match bound {
        None => quote!(None),
        Some(bound) => {
            let literal = match &p.ty {
                TypeRef::Int(IntKind::I32 | IntKind::I64) => Literal::i64_unsuffixed(bound as i64),
                TypeRef::Int(IntKind::U32 | IntKind::U64) => Literal::u64_unsuffixed(bound as u64),
                _ => Literal::f64_unsuffixed(bound),
            };
            quote!(Some(#literal))
        }
    };
    let range = (c.minimum.is_some() || c.maximum.is_some()).then(|| {
        let (min, max) = (literal(c.minimum), literal(c.maximum));
        quote!(request.check_range(#wire, #value, #min, #max);)
    });
    let length = (c.min_length.is_some() || c.max_length.is_some()).then(|| {
        let bound = |n: Option<u64>| match n {
            Some(n) => {
                let n = Literal::u64_unsuffixed(n);
                quote!(Some(#n))
            }
            None => quote!(None),
        };
        let (min, max) = (bound(c.min_length), bound(c.max_length));
        let value = if p.is_argument() {
            quote!(Some(self.#field.as_str()))
        } else {
            quote!(self.#field.as_deref())
        };
        quote!(request.check_length(#wire, #value, #min, #max);)
    });
    let one_of = (!c.one_of.is_empty()).then(|| {
        let values = &c.one_of;
        let value = if p.is_argument() {
            quote!(Some(self.#field.as_str()))
        } else {
            quote!(self.#field.as_ref().map(|value| value.as_str()))
        };
        quote!(request.check_one_of(#wire, #value, &[#(#values),*]);)
    });
    let this_set = if p.is_argument() {
        quote!(true)
    } else {
        quote!(self.#field.is_some())
    };
    let pairs = c.pair_checks.iter().filter_map(|check| {
        let (PairCheck::Requires(other) | PairCheck::Together(other)) = check;
        let other_param = all.iter().find(|q| q.name == *other)?;
        let other_wire = &other_param.wire;
        let other_set = if other_param.binding == Binding::Setter {
            let other_field = ident(other);
            quote!(self.#other_field.is_some())
        } else {
            quote!(true)
        };
        Some(match check {
            // An argument or the project id is always set.
            PairCheck::Requires(_) if other_param.binding != Binding::Setter => return None,
            PairCheck::Requires(_) => {
                quote!(request.check_requires(#wire, #this_set, #other_wire, #other_set);)
            }
            PairCheck::Together(_) => {
                quote!(request.check_together(#wire, #this_set, #other_wire, #other_set);)
            }
        })
    });
    quote! {
        #range
        #length
        #one_of
        #(#pairs)*
    }
}

fn set_body(body: &Body) -> TokenStream {
    let field = ident(&body.name);
    let media_type = &body.media_type;
    // Typed bodies are serialized by the runtime method named after their encoding.
    let typed = match body.encoding {
        BodyEncoding::Json => Some(quote!(json)),
        BodyEncoding::Form => Some(quote!(form)),
        BodyEncoding::Multipart => Some(quote!(multipart)),
        BodyEncoding::Text | BodyEncoding::Bytes => None,
    };
    match (typed, body.required) {
        (Some(method), true) => quote!(request.#method(&self.#field);),
        (Some(method), false) => quote! {
            if let Some(value) = &self.#field {
                request.#method(value);
            }
        },
        // `send` owns the builder, so a required raw body moves without a copy.
        (None, true) => quote!(request.body(#media_type, self.#field);),
        (None, false) => quote! {
            if let Some(value) = self.#field {
                request.body(#media_type, value);
            }
        },
    }
}

/// The type `send` returns.
fn output(success: &Success) -> TokenStream {
    match success {
        Success::Single(body) => body
            .as_ref()
            .map_or_else(|| quote!(()), |b| type_tokens(&b.ty)),
        Success::ByStatus { name, .. } => {
            let name = ident(name);
            quote!(#name)
        }
    }
}

/// The tokens that turn the response (`response` is the expression that awaits it) into
/// the output: through `Response::success` when one status range succeeds, else by a
/// match on the status.
fn decode(success: &Success, response: &TokenStream) -> TokenStream {
    match success {
        Success::Single(None) => quote!(#response.success().map(drop)),
        Success::Single(Some(body)) => decode_expr(body, &quote!(#response.success()?)),
        Success::ByStatus { name, variants } => {
            let enum_name = ident(name);
            let mut ordered: Vec<_> = variants.iter().collect();
            ordered.sort_by_key(|v| match v.status {
                StatusMatch::Code(_) => 0,
                StatusMatch::Range(_) => 1,
                StatusMatch::Default => 2,
            });
            let arms = ordered.iter().map(|v| {
                let variant = ident(&v.name);
                let pattern = match v.status {
                    StatusMatch::Code(code) => {
                        let code = Literal::u16_unsuffixed(code);
                        quote!(#code)
                    }
                    StatusMatch::Range(hundreds) => {
                        let lo = Literal::u16_unsuffixed(hundreds * 100);
                        let hi = Literal::u16_unsuffixed(hundreds * 100 + 99);
                        quote!(#lo..=#hi)
                    }
                    StatusMatch::Default => quote!(_ if response.is_success()),
                };
                let value = match &v.body {
                    None => quote!(#enum_name::#variant),
                    Some(body) => {
                        let decoded = decode_expr(body, &quote!(response));
                        quote!(#enum_name::#variant(#decoded?))
                    }
                };
                quote!(#pattern => Ok(#value),)
            });
            quote! {
                let response = #response;
                match response.status() {
                    #(#arms)*
                    _ => Err(response.into_error()),
                }
            }
        }
    }
}

/// An expression of type `hwc_runtime::Result<T>` decoding the response `response`.
fn decode_expr(body: &ResponseBody, response: &TokenStream) -> TokenStream {
    match body.encoding {
        BodyEncoding::Json => quote!(#response.json()),
        BodyEncoding::Text => quote!(#response.text()),
        // `lower` reads a form-encoded response as raw bytes, so the form encodings only
        // reach here in name.
        BodyEncoding::Bytes | BodyEncoding::Form | BodyEncoding::Multipart => {
            quote!(Ok::<_, ::hwc_runtime::Error>(#response.into_bytes()))
        }
    }
}

/// The enum of what `op` returns by status, if it has one.
pub fn success_enum(op: &Operation) -> Option<TokenStream> {
    let Success::ByStatus { name, variants } = &op.success else {
        return None;
    };
    let enum_name = ident(name);
    let method_name = plain(&op.name);
    let doc = format!(" What [`Client::{method_name}`] returns, by response status.");
    let variants = variants.iter().map(|v| {
        let docs = doc_attrs(&v.docs);
        let variant = ident(&v.name);
        match &v.body {
            Some(body) => {
                let ty = type_tokens(&body.ty);
                quote!(#docs #variant(#ty),)
            }
            None => quote!(#docs #variant,),
        }
    });
    Some(quote! {
        #[doc = #doc]
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        pub enum #enum_name {
            #(#variants)*
        }
    })
}
