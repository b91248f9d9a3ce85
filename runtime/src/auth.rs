//! The security schemes of a spec, and which credentials one call sends for them.
//!
//! Generated code declares each scheme once ([`SecurityScheme`], a constant) and tells the
//! request which schemes its operation accepts ([`crate::Request::security`]): any one of
//! the alternatives (OR), each a list of schemes that are all applied (AND). The user
//! registers a credential per scheme name with [`crate::ConfigBuilder::auth`]. Before
//! anything is sent, the first alternative whose schemes all have a credential is chosen;
//! an empty alternative (the spec's `{}`: no authentication) is chosen only when none
//! other can be, so configured credentials are used when the spec makes them optional.

use std::collections::BTreeMap;

use crate::credentials::{Credentials, Kind};
use crate::error::{Error, Result};

/// A security scheme of a spec (`components/securitySchemes`), as generated code
/// declares it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SecurityScheme {
    /// Its name in the spec: the name its credential is registered under.
    pub name: &'static str,
    /// What it sends.
    pub kind: SchemeKind,
}

/// What a security scheme sends, and so which [`Credentials`] it takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum SchemeKind {
    /// HTTP `bearer`: `Authorization: Bearer <token>` ([`Credentials::bearer`]).
    HttpBearer,
    /// HTTP `basic`: `Authorization: Basic <base64(user:password)>`
    /// ([`Credentials::basic`]).
    HttpBasic,
    /// An API key ([`Credentials::api_key`]).
    ApiKey {
        /// Where the key goes.
        location: ApiKeyLocation,
        /// The header, query parameter or cookie name.
        name: &'static str,
    },
    /// OAuth 2.0: an access token the user obtained, sent as a bearer token
    /// ([`Credentials::bearer`]). Fetching tokens (the flows) is not done by this crate.
    OAuth2,
    /// OpenID Connect: a token the user obtained, sent as a bearer token
    /// ([`Credentials::bearer`]).
    OpenIdConnect,
}

/// Where an API key goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ApiKeyLocation {
    /// A request header.
    Header,
    /// A query parameter.
    Query,
    /// A cookie.
    Cookie,
}

/// The security requirements of an operation: alternatives (any one will do), each the
/// schemes that are all applied. Empty (`security: []` in the spec): nothing is sent.
pub type Requirements = &'static [&'static [SecurityScheme]];

/// A scheme chosen for a call, with its credential.
pub(crate) type Chosen = Vec<(SecurityScheme, Credentials)>;

/// The schemes a call with `requirements` sends, and their credentials from `registered`
/// (by scheme name). Fails, before anything is sent, when no alternative is complete, or
/// a credential of the wrong kind is registered for a scheme of the chosen alternative.
pub(crate) fn choose(
    requirements: Requirements,
    registered: &BTreeMap<String, Credentials>,
) -> Result<Chosen> {
    let chosen = requirements.iter().find(|schemes| {
        !schemes.is_empty()
            && schemes
                .iter()
                .all(|scheme| registered.contains_key(scheme.name))
    });
    let Some(schemes) = chosen else {
        if requirements.is_empty() || requirements.iter().any(|schemes| schemes.is_empty()) {
            return Ok(Vec::new());
        }
        let missing = requirements
            .iter()
            .map(|schemes| {
                schemes
                    .iter()
                    .filter(|scheme| !registered.contains_key(scheme.name))
                    .map(|scheme| scheme.name.to_owned())
                    .collect()
            })
            .collect();
        return Err(Error::MissingCredentials { missing });
    };
    schemes
        .iter()
        .filter_map(|scheme| Some((*scheme, registered.get(scheme.name)?.clone())))
        .map(|(scheme, credentials)| fits(scheme, &credentials).map(|()| (scheme, credentials)))
        .collect()
}

/// Whether `credentials` are what `scheme` sends.
fn fits(scheme: SecurityScheme, credentials: &Credentials) -> Result<()> {
    let expected = match (scheme.kind, &credentials.kind) {
        (
            SchemeKind::HttpBearer | SchemeKind::OAuth2 | SchemeKind::OpenIdConnect,
            Kind::Bearer(_),
        )
        | (SchemeKind::HttpBasic, Kind::Basic { .. })
        | (SchemeKind::ApiKey { .. }, Kind::ApiKey(_)) => return Ok(()),
        (SchemeKind::HttpBearer | SchemeKind::OAuth2 | SchemeKind::OpenIdConnect, _) => {
            "a bearer token (Credentials::bearer)"
        }
        (SchemeKind::HttpBasic, _) => "a user and password (Credentials::basic)",
        (SchemeKind::ApiKey { .. }, _) => "an API key (Credentials::api_key)",
    };
    Err(Error::config(format!(
        "the credentials registered for the security scheme `{}` are {}, but it takes {expected}",
        scheme.name,
        credentials.describe()
    )))
}

// Compiled only for `cargo test`: the allowed panics report a failed test on fixed values
// and are unreachable from any input.
#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]
mod tests {
    use super::*;

    const BEARER: SecurityScheme = SecurityScheme {
        name: "bearerAuth",
        kind: SchemeKind::HttpBearer,
    };
    const KEY: SecurityScheme = SecurityScheme {
        name: "apiKey",
        kind: SchemeKind::ApiKey {
            location: ApiKeyLocation::Query,
            name: "api_key",
        },
    };
    const APP: SecurityScheme = SecurityScheme {
        name: "appId",
        kind: SchemeKind::ApiKey {
            location: ApiKeyLocation::Header,
            name: "X-App-Id",
        },
    };

    fn registered(names: &[(&str, Credentials)]) -> BTreeMap<String, Credentials> {
        names
            .iter()
            .map(|(name, credentials)| ((*name).to_owned(), credentials.clone()))
            .collect()
    }

    fn names(chosen: &Chosen) -> Vec<&'static str> {
        chosen.iter().map(|(scheme, _)| scheme.name).collect()
    }

    #[test]
    fn the_first_complete_alternative_is_chosen() {
        let both = registered(&[
            ("bearerAuth", Credentials::bearer("t")),
            ("apiKey", Credentials::api_key("k")),
            ("appId", Credentials::api_key("a")),
        ]);
        let requirements: Requirements = &[&[BEARER], &[KEY, APP]];
        assert_eq!(names(&choose(requirements, &both).unwrap()), ["bearerAuth"]);
        let keys = registered(&[
            ("apiKey", Credentials::api_key("k")),
            ("appId", Credentials::api_key("a")),
        ]);
        assert_eq!(
            names(&choose(requirements, &keys).unwrap()),
            ["apiKey", "appId"]
        );
    }

    #[test]
    fn a_missing_credential_names_the_schemes_of_each_alternative() {
        let half = registered(&[("apiKey", Credentials::api_key("k"))]);
        let requirements: Requirements = &[&[BEARER], &[KEY, APP]];
        let Err(Error::MissingCredentials { missing }) = choose(requirements, &half) else {
            panic!("an incomplete configuration was accepted");
        };
        assert_eq!(missing, [vec!["bearerAuth"], vec!["appId"]]);
    }

    #[test]
    fn no_alternative_or_an_empty_one_needs_nothing() {
        let none = registered(&[]);
        assert!(choose(&[], &none).unwrap().is_empty());
        // Optional authentication: used when configured, else nothing.
        let optional: Requirements = &[&[], &[BEARER]];
        assert!(choose(optional, &none).unwrap().is_empty());
        let bearer = registered(&[("bearerAuth", Credentials::bearer("t"))]);
        assert_eq!(names(&choose(optional, &bearer).unwrap()), ["bearerAuth"]);
    }

    #[test]
    fn credentials_of_the_wrong_kind_are_refused_naming_the_scheme() {
        let wrong = registered(&[("bearerAuth", Credentials::basic("u", "p"))]);
        let e = choose(&[&[BEARER]], &wrong).unwrap_err().to_string();
        assert!(
            e.contains("`bearerAuth` are HTTP basic") && e.contains("Credentials::bearer"),
            "{e}"
        );
    }
}
