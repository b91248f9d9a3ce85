//! Request bodies and responses -> IR: the body type and media type, what a successful
//! call returns (one type, or an enum by status), and the documented error responses.

use std::collections::BTreeSet;

use indexmap::IndexMap;
use openapiv3::{MediaType, ReferenceOr, RequestBody, Response, StatusCode};

use super::Lowerer;
use super::docs::docs;
use super::naming::Namespace;
use super::refs::component_name;
use crate::diagnostic::pointer;
use crate::ir::{
    Body, BodyEncoding, Docs, ErrorResponse, ResponseBody, StatusMatch, StatusVariant, Success,
    TypeRef,
};

impl<'a> Lowerer<'a> {
    pub(super) fn lower_body(
        &mut self,
        operation: &openapiv3::Operation,
        at: &str,
        type_base: &str,
        names: &mut Namespace,
    ) -> Option<Body> {
        let body_at = pointer(at, &["requestBody"]);
        let (body, found_at) = self.resolve(operation.request_body.as_ref()?, &body_at)?;
        let (media_type, media, encoding) = pick_media(&body.content, true)?;
        let media_at = pointer(&found_at, &["content", media_type]);
        let ty = self.media_type(media, encoding, &format!("{type_base}Body"), &media_at);
        let found = docs([body.description.as_deref()]);
        Some(Body {
            name: names.claim("body"),
            media_type: media_type.clone(),
            encoding,
            ty,
            required: body.required,
            docs: if found.is_empty() {
                docs([Some("The request body.")])
            } else {
                found
            },
        })
    }

    /// Component schemas that are the whole body of a multipart request (FastAPI writes
    /// every upload this way): their `format: binary` properties are file parts, so they are
    /// lowered as bytes like the body's own inline schema. A `$ref` that does not resolve is
    /// left to the operation's lowering to report.
    pub(super) fn multipart_components(&self) -> BTreeSet<String> {
        let request_bodies = self.spec.components.as_ref().map(|c| &c.request_bodies);
        let body_of = |body: &'a ReferenceOr<RequestBody>| match body {
            ReferenceOr::Item(body) => Some(body),
            ReferenceOr::Reference { reference } => {
                let name = reference.strip_prefix("#/components/requestBodies/")?;
                match request_bodies?.get(name)? {
                    ReferenceOr::Item(body) => Some(body),
                    ReferenceOr::Reference { .. } => None,
                }
            }
        };
        self.spec
            .operations()
            .filter_map(|(_, _, operation)| body_of(operation.request_body.as_ref()?))
            .filter_map(|body| match pick_media(&body.content, true)? {
                (_, media, BodyEncoding::Multipart) => match media.schema.as_ref()? {
                    ReferenceOr::Reference { reference } => component_name(reference),
                    ReferenceOr::Item(_) => None,
                },
                _ => None,
            })
            .collect()
    }

    fn media_type(
        &mut self,
        media: &MediaType,
        encoding: BodyEncoding,
        hint: &str,
        at: &str,
    ) -> TypeRef {
        match (encoding, &media.schema) {
            (BodyEncoding::Json, Some(schema)) => self
                .lower_schema(schema, hint, &pointer(at, &["schema"]))
                .null_as_json(),
            (BodyEncoding::Json, None) => TypeRef::Json,
            (BodyEncoding::Form | BodyEncoding::Multipart, Some(schema)) => {
                self.files_as_bytes = encoding == BodyEncoding::Multipart;
                let lowered = self.lower_schema(schema, hint, &pointer(at, &["schema"]));
                self.files_as_bytes = false;
                lowered.null_as_json()
            }
            // Any fields at all.
            (BodyEncoding::Form | BodyEncoding::Multipart, None) => TypeRef::JsonObject,
            (BodyEncoding::Text, _) => TypeRef::String,
            (BodyEncoding::Bytes, _) => TypeRef::Bytes,
        }
    }

    pub(super) fn lower_responses(
        &mut self,
        operation: &openapiv3::Operation,
        at: &str,
        type_base: &str,
    ) -> (Success, Vec<ErrorResponse>) {
        let responses = &operation.responses;
        let declares_success = responses
            .responses
            .keys()
            .any(|code| is_success(status_match(code), true));
        let mut success: Vec<(StatusMatch, Option<ResponseBody>, Docs)> = Vec::new();
        let mut errors = Vec::new();
        let entries = responses
            .responses
            .iter()
            .map(|(code, response)| (status_match(code), response))
            .chain(
                responses
                    .default
                    .iter()
                    .map(|response| (StatusMatch::Default, response)),
            );
        for (status, response) in entries {
            let key = match status {
                StatusMatch::Code(code) => code.to_string(),
                StatusMatch::Range(hundreds) => format!("{hundreds}XX"),
                StatusMatch::Default => "default".to_owned(),
            };
            let response_at = pointer(at, &["responses", &key]);
            let Some((response, found_at)) = self.resolve::<Response>(response, &response_at)
            else {
                continue;
            };
            let is_ok = is_success(status, declares_success);
            let hint = if is_ok {
                format!("{type_base}Response")
            } else {
                format!("{type_base}Error")
            };
            let body = pick_media(&response.content, false).map(|(media_type, media, encoding)| {
                let media_at = pointer(&found_at, &["content", media_type]);
                ResponseBody {
                    ty: self.media_type(media, encoding, &hint, &media_at),
                    encoding,
                }
            });
            let mut response_docs = docs([Some(response.description.as_str())]);
            if response_docs.is_empty() {
                response_docs = docs([Some(format!("The `{key}` response.").as_str())]);
            }
            if is_ok {
                success.push((status, body, response_docs));
            } else {
                errors.push(ErrorResponse {
                    status,
                    ty: body.map(|b| b.ty),
                    docs: response_docs,
                });
            }
        }
        let first = success.first().map(|(_, body, _)| body.clone());
        let single = success
            .iter()
            .all(|(_, body, _)| Some(body) == first.as_ref());
        let outcome = if single {
            Success::Single(first.flatten())
        } else {
            let mut variant_names = Namespace::default();
            let variants = success
                .into_iter()
                .map(|(status, body, docs)| StatusVariant {
                    name: variant_names.claim(&status_name(status)),
                    status,
                    body,
                    docs,
                })
                .collect();
            Success::ByStatus {
                name: self.type_names.claim(&format!("{type_base}Success")),
                variants,
            }
        };
        (outcome, errors)
    }
}

/// Whether a declared response is what a successful call returns: a 2xx code, the `2XX`
/// range, or `default` when the operation declares no success status. The runtime's
/// `Response::is_success` says which statuses succeed at run time; the two agree on 2xx.
fn is_success(status: StatusMatch, declares_success: bool) -> bool {
    match status {
        StatusMatch::Code(code) => (200..300).contains(&code),
        StatusMatch::Range(hundreds) => hundreds == 2,
        StatusMatch::Default => !declares_success,
    }
}

fn status_match(code: &StatusCode) -> StatusMatch {
    match code {
        StatusCode::Code(code) => StatusMatch::Code(*code),
        StatusCode::Range(hundreds) => StatusMatch::Range(*hundreds),
    }
}

fn status_name(status: StatusMatch) -> String {
    match status {
        StatusMatch::Code(200) => "Ok".into(),
        StatusMatch::Code(201) => "Created".into(),
        StatusMatch::Code(202) => "Accepted".into(),
        StatusMatch::Code(203) => "NonAuthoritativeInformation".into(),
        StatusMatch::Code(204) => "NoContent".into(),
        StatusMatch::Code(205) => "ResetContent".into(),
        StatusMatch::Code(206) => "PartialContent".into(),
        StatusMatch::Code(code) => format!("Status{code}"),
        StatusMatch::Range(hundreds) => format!("Status{hundreds}xx"),
        StatusMatch::Default => "Other".into(),
    }
}

/// JSON media types first, then (for a request body) the two form encodings, then text,
/// then anything else as raw bytes.
fn pick_media(
    content: &IndexMap<String, MediaType>,
    request: bool,
) -> Option<(&String, &MediaType, BodyEncoding)> {
    let essence = |key: &str| {
        key.split(';')
            .next()
            .unwrap_or(key)
            .trim()
            .to_ascii_lowercase()
    };
    let is_json = |key: &str| {
        let key = essence(key);
        key == "application/json"
            || key.ends_with("+json")
            || key == "*/*"
            || key == "application/*"
    };
    let form = |key: &str| match essence(key).as_str() {
        "application/x-www-form-urlencoded" if request => Some(BodyEncoding::Form),
        "multipart/form-data" if request => Some(BodyEncoding::Multipart),
        _ => None,
    };
    content
        .iter()
        .find(|(key, _)| is_json(key))
        .map(|(key, media)| (key, media, BodyEncoding::Json))
        .or_else(|| {
            content
                .iter()
                .find_map(|(key, media)| Some((key, media, form(key)?)))
        })
        .or_else(|| {
            content
                .iter()
                .find(|(key, _)| essence(key).starts_with("text/"))
                .map(|(key, media)| (key, media, BodyEncoding::Text))
        })
        .or_else(|| {
            content
                .first()
                .map(|(key, media)| (key, media, BodyEncoding::Bytes))
        })
}
