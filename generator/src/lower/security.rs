//! `components/securitySchemes` and `security` -> how each operation authenticates.
//!
//! A spec written to the Huawei conventions authenticates every call with the
//! configuration's credentials (IAM token or AK/SK signing), as before. Any other spec gets
//! what it declares: the operation's `security` (else the top-level one) lists alternatives
//! (OR), each naming schemes that are all applied (AND). A scheme the runtime cannot send
//! (HTTP digest, a name no scheme has) is left out of its alternative with a warning, so
//! the operation needs nothing from us for it; its documentation says so.

use heck::ToShoutySnakeCase;
use indexmap::IndexMap;
use openapiv3::{APIKeyLocation, SecurityRequirement, SecurityScheme};

use super::Lowerer;
use super::docs::docs;
use super::naming::Namespace;
use crate::diagnostic::{Diagnostic, pointer};
use crate::ir::{self, ApiKeyLocation, Docs, SchemeKind, Security};

/// What the runtime does with a scheme the spec names.
#[derive(Clone, Debug)]
enum Lowered {
    /// Applies it: the scheme's constant.
    Supported(ir::SecurityScheme),
    /// Cannot: what it is, for the warning and the operation's documentation.
    Unsupported(String),
}

/// The spec's schemes by name, lowered once; which of them operations use, and warnings.
#[derive(Debug, Default)]
pub(super) struct Schemes {
    /// In spec order.
    by_name: IndexMap<String, Lowered>,
    /// Names of the supported schemes some operation uses.
    used: Vec<String>,
    /// Names (and pointers) already warned about.
    warned: Vec<String>,
}

impl Lowerer<'_> {
    /// Lowers `components/securitySchemes` (not for a Huawei-convention spec, whose calls
    /// use the configuration's credentials).
    pub(super) fn lower_security_schemes(&mut self) {
        let spec = self.spec;
        let Some(components) = spec.components.as_ref().filter(|_| !self.hwc_conventions) else {
            return;
        };
        let mut idents = Namespace::with_reserved(&["SERVERS"]);
        for (name, scheme) in &components.security_schemes {
            let at = pointer("#/components/securitySchemes", &[name]);
            let Some((scheme, _)) = self.resolve::<SecurityScheme>(scheme, &at) else {
                continue;
            };
            let lowered = match kind(&scheme) {
                Ok(kind) => Lowered::Supported(ir::SecurityScheme {
                    name: name.clone(),
                    ident: idents.claim(&ident(name)),
                    docs: scheme_docs(name, &kind, description(&scheme)),
                    kind,
                }),
                Err(what) => Lowered::Unsupported(what),
            };
            self.schemes.by_name.insert(name.clone(), lowered);
        }
    }

    /// How the operation at `at` authenticates, and the documentation paragraph saying so
    /// (none for the configuration's credentials).
    pub(super) fn lower_security(
        &mut self,
        own: Option<&Vec<SecurityRequirement>>,
        at: &str,
    ) -> (Security, Option<String>) {
        let spec = self.spec;
        let (requirements, requirements_at) = match (own, &spec.security) {
            _ if self.hwc_conventions => return (Security::Configured, None),
            (Some(own), _) => (own, pointer(at, &["security"])),
            (None, Some(global)) => (global, "#/security".to_owned()),
            (None, None) => return (Security::Configured, None),
        };
        let mut alternatives = Vec::new();
        let mut unsupported = Vec::new();
        for (index, requirement) in requirements.iter().enumerate() {
            let requirement_at = pointer(&requirements_at, &[&index.to_string()]);
            let mut schemes = Vec::new();
            let mut headers: Vec<(String, &str)> = Vec::new();
            for name in requirement.keys() {
                match self.scheme(name, &requirement_at) {
                    Ok(ident) => schemes.push(ident),
                    Err(what) => unsupported.push(format!("`{name}` ({what})")),
                }
                if let Some(header) = self.header_of(name) {
                    match headers.iter_mut().find(|(taken, _)| *taken == header) {
                        Some(slot) => {
                            let earlier = std::mem::replace(&mut slot.1, name);
                            self.warn(
                                &requirement_at,
                                format!("security schemes `{earlier}` and `{name}` both send the `{header}` header, which holds one value: `{name}`, later in the requirement, replaces `{earlier}`"),
                            );
                        }
                        None => headers.push((header, name)),
                    }
                }
            }
            if !alternatives.contains(&schemes) {
                alternatives.push(schemes);
            }
        }
        let doc = security_doc(&alternatives, &unsupported);
        (Security::Schemes(alternatives), Some(doc))
    }

    /// The constant of scheme `name`, marked used; or what it is when the runtime cannot
    /// send it (warned about once).
    fn scheme(&mut self, name: &str, requirement_at: &str) -> Result<String, String> {
        let (lowered, at) = match self.schemes.by_name.get(name) {
            Some(lowered) => (
                lowered.clone(),
                pointer("#/components/securitySchemes", &[name]),
            ),
            None => (
                Lowered::Unsupported("not declared in `components/securitySchemes`".to_owned()),
                requirement_at.to_owned(),
            ),
        };
        match lowered {
            Lowered::Supported(scheme) => {
                if !self.schemes.used.contains(&scheme.name) {
                    self.schemes.used.push(scheme.name.clone());
                }
                Ok(scheme.ident)
            }
            Lowered::Unsupported(what) => {
                let key = format!("{name}@{at}");
                if !self.schemes.warned.contains(&key) {
                    self.schemes.warned.push(key);
                    self.warnings.push(Diagnostic::warning(
                        self.file,
                        &at,
                        format!(
                            "security scheme `{name}` is {what}, which the client cannot send: \
                             operations that require it are sent without it (add it with a \
                             hook or a default header)"
                        ),
                    ));
                }
                Err(what)
            }
        }
    }

    /// The header (lowercase) a supported scheme sets, if it sets one.
    fn header_of(&self, name: &str) -> Option<String> {
        match self.schemes.by_name.get(name)? {
            Lowered::Supported(scheme) => match &scheme.kind {
                SchemeKind::ApiKey {
                    location: ApiKeyLocation::Header,
                    name,
                } => Some(name.to_ascii_lowercase()),
                SchemeKind::ApiKey { .. } => None,
                SchemeKind::Bearer
                | SchemeKind::Basic
                | SchemeKind::OAuth2
                | SchemeKind::OpenIdConnect => Some("authorization".to_owned()),
            },
            Lowered::Unsupported(_) => None,
        }
    }

    /// The schemes some operation uses, in spec order.
    pub(super) fn used_security_schemes(&self) -> Vec<ir::SecurityScheme> {
        self.schemes
            .by_name
            .values()
            .filter_map(|lowered| match lowered {
                Lowered::Supported(scheme) if self.schemes.used.contains(&scheme.name) => {
                    Some(scheme.clone())
                }
                _ => None,
            })
            .collect()
    }
}

/// What the runtime sends for `scheme`, or what it is when it cannot.
fn kind(scheme: &SecurityScheme) -> Result<SchemeKind, String> {
    Ok(match scheme {
        SecurityScheme::APIKey { location, name, .. } => SchemeKind::ApiKey {
            location: match location {
                APIKeyLocation::Header => ApiKeyLocation::Header,
                APIKeyLocation::Query => ApiKeyLocation::Query,
                APIKeyLocation::Cookie => ApiKeyLocation::Cookie,
            },
            name: name.clone(),
        },
        // Scheme names are case-insensitive (RFC 7235).
        SecurityScheme::HTTP { scheme, .. } if scheme.eq_ignore_ascii_case("bearer") => {
            SchemeKind::Bearer
        }
        SecurityScheme::HTTP { scheme, .. } if scheme.eq_ignore_ascii_case("basic") => {
            SchemeKind::Basic
        }
        SecurityScheme::HTTP { scheme, .. } => {
            return Err(format!("HTTP `{scheme}` authentication"));
        }
        SecurityScheme::OAuth2 { .. } => SchemeKind::OAuth2,
        SecurityScheme::OpenIDConnect { .. } => SchemeKind::OpenIdConnect,
    })
}

fn description(scheme: &SecurityScheme) -> Option<&str> {
    match scheme {
        SecurityScheme::APIKey { description, .. }
        | SecurityScheme::HTTP { description, .. }
        | SecurityScheme::OAuth2 { description, .. }
        | SecurityScheme::OpenIDConnect { description, .. } => description.as_deref(),
    }
}

/// `bearerAuth` -> `BEARER_AUTH`; a name with nothing usable becomes `SCHEME`.
fn ident(name: &str) -> String {
    let words: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect();
    let mut ident = words.to_shouty_snake_case();
    if ident.is_empty() {
        ident = "SCHEME".to_owned();
    }
    if ident.starts_with(|c: char| c.is_ascii_digit()) {
        ident.insert(0, '_');
    }
    ident
}

/// What the scheme sends and how to give the runtime its credential, then the spec's words.
fn scheme_docs(name: &str, kind: &SchemeKind, description: Option<&str>) -> Docs {
    let (what, credential) = match kind {
        SchemeKind::Bearer => (
            "an HTTP bearer token".to_owned(),
            "Credentials::bearer(token)",
        ),
        SchemeKind::Basic => (
            "HTTP basic authentication".to_owned(),
            "Credentials::basic(user, password)",
        ),
        SchemeKind::ApiKey { location, name } => {
            let place = match location {
                ApiKeyLocation::Header => "header",
                ApiKeyLocation::Query => "query parameter",
                ApiKeyLocation::Cookie => "cookie",
            };
            (
                format!("an API key, sent as the `{name}` {place}"),
                "Credentials::api_key(key)",
            )
        }
        SchemeKind::OAuth2 => (
            "OAuth 2.0: an access token you obtained (the client does not fetch tokens), sent \
             as a bearer token"
                .to_owned(),
            "Credentials::bearer(access_token)",
        ),
        SchemeKind::OpenIdConnect => (
            "OpenID Connect: a token you obtained (the client does not fetch tokens), sent as \
             a bearer token"
                .to_owned(),
            "Credentials::bearer(token)",
        ),
    };
    let summary = format!("The security scheme `{name}`: {what}.");
    let register = format!("Register it with `ConfigBuilder::auth({name:?}, {credential})`.");
    docs([Some(summary.as_str()), description, Some(register.as_str())])
}

/// The operation's documentation paragraph on authentication.
fn security_doc(alternatives: &[Vec<String>], unsupported: &[String]) -> String {
    let link = |ident: &String| format!("[`{ident}`]");
    let described: Vec<String> = alternatives
        .iter()
        .filter(|schemes| !schemes.is_empty())
        .map(|schemes| schemes.iter().map(link).collect::<Vec<_>>().join(" and "))
        .collect();
    let optional = alternatives.iter().any(Vec::is_empty);
    let mut doc = match (described.is_empty(), optional) {
        (true, _) => "Sends no credentials.".to_owned(),
        (false, false) => format!("Authenticates with {}.", described.join(", or ")),
        (false, true) => format!(
            "Authenticates with {} when configured, else sends no credentials.",
            described.join(", or ")
        ),
    };
    if !unsupported.is_empty() {
        doc.push_str(&format!(
            " The spec also names {}, which the client cannot send: add it with a hook or a \
             default header.",
            unsupported.join(", ")
        ));
    }
    doc
}

// Compiled only for `cargo test` (the no-panic lints are off there, see lib.rs): these
// panics report a failed test on fixed specs and are unreachable from any input.
#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::diagnostic::Severity;
    use crate::ir::Api;

    /// A spec whose schemes cover each kind, and whose operations cover each rule of
    /// `security`: the global default, an override, `[]`, alternatives and an AND.
    const SPEC: &str = r#"
openapi: 3.0.3
info: {title: t, version: '1'}
security:
  - bearerAuth: []
paths:
  /default:
    get: {operationId: globalDefault, responses: {'204': {description: ok}}}
  /override:
    get:
      operationId: overridden
      security: [{apiKey: []}]
      responses: {'204': {description: ok}}
  /none:
    get:
      operationId: none
      security: []
      responses: {'204': {description: ok}}
  /either:
    get:
      operationId: either
      security: [{bearerAuth: []}, {apiKey: [], appId: []}]
      responses: {'204': {description: ok}}
  /optional:
    get:
      operationId: optional
      security: [{}, {oauth: [read]}]
      responses: {'204': {description: ok}}
  /digest:
    get:
      operationId: digest
      security: [{digestAuth: []}, {basicAuth: [], ghost: []}]
      responses: {'204': {description: ok}}
components:
  securitySchemes:
    bearerAuth: {type: http, scheme: Bearer}
    basicAuth: {type: http, scheme: basic}
    digestAuth: {type: http, scheme: digest}
    apiKey: {type: apiKey, in: query, name: api_key}
    appId: {type: apiKey, in: header, name: X-App-Id}
    session: {type: apiKey, in: cookie, name: sid}
    oauth: {type: oauth2, flows: {implicit: {authorizationUrl: 'https://a.example.com', scopes: {read: r}}}}
    oidc: {type: openIdConnect, openIdConnectUrl: 'https://a.example.com/.well-known'}
"#;

    fn lowered(text: &str) -> Api {
        let spec =
            crate::load::load_str(Path::new("t.yaml"), text).unwrap_or_else(|d| panic!("{d}"));
        crate::lower::lower(&spec).unwrap_or_else(|d| panic!("{d}"))
    }

    fn security(api: &Api, operation: &str) -> Security {
        let found = api.operations.iter().find(|op| op.name == operation);
        found
            .unwrap_or_else(|| panic!("no {operation}"))
            .security
            .clone()
    }

    fn schemes(alternatives: &[&[&str]]) -> Security {
        Security::Schemes(
            alternatives
                .iter()
                .map(|schemes| schemes.iter().map(|s| (*s).to_owned()).collect())
                .collect(),
        )
    }

    #[test]
    fn operations_take_the_global_default_their_override_none_or_and() {
        let api = lowered(SPEC);
        assert_eq!(
            security(&api, "global_default"),
            schemes(&[&["BEARER_AUTH"]])
        );
        assert_eq!(security(&api, "overridden"), schemes(&[&["API_KEY"]]));
        assert_eq!(security(&api, "none"), schemes(&[]));
        assert_eq!(
            security(&api, "either"),
            schemes(&[&["BEARER_AUTH"], &["API_KEY", "APP_ID"]])
        );
        assert_eq!(security(&api, "optional"), schemes(&[&[], &["OAUTH"]]));
    }

    #[test]
    fn schemes_are_lowered_by_kind_and_only_used_ones_are_kept() {
        let api = lowered(SPEC);
        let kinds: Vec<(&str, &str, &SchemeKind)> = api
            .security_schemes
            .iter()
            .map(|s| (s.name.as_str(), s.ident.as_str(), &s.kind))
            .collect();
        let key = |location, name: &str| SchemeKind::ApiKey {
            location,
            name: name.to_owned(),
        };
        assert_eq!(
            kinds,
            [
                ("bearerAuth", "BEARER_AUTH", &SchemeKind::Bearer),
                ("basicAuth", "BASIC_AUTH", &SchemeKind::Basic),
                ("apiKey", "API_KEY", &key(ApiKeyLocation::Query, "api_key")),
                ("appId", "APP_ID", &key(ApiKeyLocation::Header, "X-App-Id")),
                ("oauth", "OAUTH", &SchemeKind::OAuth2),
            ]
        );
        let bearer = &api.security_schemes[0];
        assert_eq!(
            bearer.docs.0[..3],
            [
                "The security scheme `bearerAuth`: an HTTP bearer token.",
                "",
                "Register it with `ConfigBuilder::auth(\"bearerAuth\", Credentials::bearer(token))`."
            ]
        );
    }

    #[test]
    fn a_scheme_the_client_cannot_send_is_a_warning_and_left_out() {
        let api = lowered(SPEC);
        // The digest alternative needs nothing from us; `ghost` is dropped from its AND.
        assert_eq!(security(&api, "digest"), schemes(&[&[], &["BASIC_AUTH"]]));
        let warnings: Vec<(Severity, &str, &str)> = api
            .warnings
            .iter()
            .map(|d| (d.severity, d.pointer.as_str(), d.message.as_str()))
            .collect();
        assert_eq!(
            warnings,
            [
                (
                    Severity::Warning,
                    "#/components/securitySchemes/digestAuth",
                    "security scheme `digestAuth` is HTTP `digest` authentication, which the \
                     client cannot send: operations that require it are sent without it (add \
                     it with a hook or a default header)"
                ),
                (
                    Severity::Warning,
                    "#/paths/~1digest/get/security/1",
                    "security scheme `ghost` is not declared in `components/securitySchemes`, \
                     which the client cannot send: operations that require it are sent without \
                     it (add it with a hook or a default header)"
                ),
            ]
        );
        let docs = &api
            .operations
            .iter()
            .find(|op| op.name == "digest")
            .map(|op| op.docs.0.join("\n"));
        let docs = docs.as_deref().unwrap_or_default();
        assert!(
            docs.contains(
                "Authenticates with [`BASIC_AUTH`] when configured, else sends no credentials. \
                 The spec also names `digestAuth` (HTTP `digest` authentication), `ghost` (not \
                 declared in `components/securitySchemes`), which the client cannot send"
            ),
            "{docs}"
        );
    }

    #[test]
    fn two_schemes_of_one_requirement_on_one_header_are_a_warning() {
        let api = lowered(
            r#"
openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /both:
    get:
      security: [{bearerAuth: [], basicAuth: [], appId: [], apiKey: []}]
      responses: {'204': {description: ok}}
components:
  securitySchemes:
    bearerAuth: {type: http, scheme: bearer}
    basicAuth: {type: http, scheme: basic}
    appId: {type: apiKey, in: header, name: Authorization}
    apiKey: {type: apiKey, in: query, name: api_key}
"#,
        );
        let warnings: Vec<(&str, &str)> = api
            .warnings
            .iter()
            .map(|d| (d.pointer.as_str(), d.message.as_str()))
            .collect();
        assert_eq!(
            warnings,
            [
                (
                    "#/paths/~1both/get/security/0",
                    "security schemes `bearerAuth` and `basicAuth` both send the `authorization` \
                     header, which holds one value: `basicAuth`, later in the requirement, \
                     replaces `bearerAuth`"
                ),
                (
                    "#/paths/~1both/get/security/0",
                    "security schemes `basicAuth` and `appId` both send the `authorization` \
                     header, which holds one value: `appId`, later in the requirement, replaces \
                     `basicAuth`"
                ),
            ]
        );
    }

    #[test]
    fn operation_docs_say_how_they_authenticate() {
        let api = lowered(SPEC);
        let doc = |name: &str| {
            let op = api.operations.iter().find(|op| op.name == name);
            op.map(|op| op.docs.0.join("\n")).unwrap_or_default()
        };
        assert!(
            doc("either")
                .contains("Authenticates with [`BEARER_AUTH`], or [`API_KEY`] and [`APP_ID`].")
        );
        assert!(doc("none").contains("Sends no credentials."));
    }

    #[test]
    fn huawei_specs_and_specs_without_security_use_the_configured_credentials() {
        let huawei = SPEC.replace(
            "    appId: {type: apiKey, in: header, name: X-App-Id}",
            "    appId: {type: apiKey, in: header, name: X-Auth-Token}",
        );
        let api = lowered(&huawei);
        assert!(
            api.operations
                .iter()
                .all(|op| op.security == Security::Configured)
        );
        assert!(api.security_schemes.is_empty() && api.warnings.is_empty());

        let plain = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get: {responses: {'204': {description: ok}}}\n";
        assert_eq!(lowered(plain).operations[0].security, Security::Configured);
    }

    #[test]
    fn scheme_constants_are_valid_and_distinct() {
        assert_eq!(ident("bearerAuth"), "BEARER_AUTH");
        assert_eq!(ident("petstore_auth"), "PETSTORE_AUTH");
        assert_eq!(ident("2fa"), "_2FA");
        assert_eq!(ident("api-key.v2"), "API_KEY_V2");
        assert_eq!(ident("$$"), "SCHEME");
        let text = SPEC.replace("    oidc:", "    Servers: {type: http, scheme: bearer}\n    o-auth: {type: http, scheme: bearer}\n    oidc:")
            .replace("security: [{}, {oauth: [read]}]", "security: [{Servers: [], o-auth: [], oauth: []}]");
        let api = lowered(&text);
        assert_eq!(
            security(&api, "optional"),
            schemes(&[&["SERVERS2", "O_AUTH", "OAUTH"]])
        );
    }
}
