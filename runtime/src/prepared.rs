//! A [`Request`] checked and resolved against an endpoint, ready to be authenticated and
//! sent as many times as retries need.

use std::borrow::Cow;
use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use bytes::Bytes;
use http::header::{AUTHORIZATION, CONTENT_TYPE, COOKIE};
use http::{HeaderMap, HeaderName, HeaderValue, Method};
use reqwest::Url;

use crate::auth::{self, ApiKeyLocation, Chosen, SchemeKind, SecurityScheme};
use crate::config::Config;
use crate::credentials::{Credentials, Kind};
use crate::error::{Error, Result};
use crate::redact;
use crate::request::Request;
use crate::signer::{self, DATE_FORMAT, DATE_HEADER, SignableRequest};

const AUTH_TOKEN_HEADER: &str = "x-auth-token";
const SECURITY_TOKEN_HEADER: &str = "x-security-token";
const PROJECT_ID_HEADER: &str = "x-project-id";

/// Everything about a request that stays the same across attempts. No `Debug`: it holds
/// the body.
pub(crate) struct Prepared {
    method: Method,
    url: Url,
    /// The `Host` header the URL produces (`host` or `host:port`), which is signed.
    host: String,
    /// Not encoded; the signer encodes them exactly as the URL's query is encoded.
    query: Vec<(Cow<'static, str>, String)>,
    /// Validated names and values, authentication not yet included.
    headers: Vec<(HeaderName, String)>,
    body: Option<Bytes>,
    /// Sent as `X-Project-Id` with AK/SK: the call's `project_id` path parameter if it has
    /// one (it may override the configured one), else the configured project id.
    project_id: Option<String>,
    /// The security schemes chosen for the call and their credentials; `None` when the
    /// request declares none, so the configuration's credentials apply.
    schemes: Option<Chosen>,
}

impl Prepared {
    pub(crate) fn new(base: &Url, request: &Request, config: &Config) -> Result<Prepared> {
        let path = request.render_path()?;
        let mut url = base.clone();
        // Keep the endpoint's own path (a gateway prefix) in front of the request's.
        let joined = format!(
            "{}/{}",
            base.path().trim_end_matches('/'),
            path.trim_start_matches('/')
        );
        url.set_path(&joined);
        let schemes = request
            .security_requirements()
            .map(|requirements| auth::choose(requirements, config.auth_schemes()))
            .transpose()?;
        let query: Vec<(Cow<'static, str>, String)> = request.query_pairs().to_vec();
        let mut query_refs: Vec<(&str, &str)> = query
            .iter()
            .map(|(n, v)| (n.as_ref(), v.as_str()))
            .collect();
        query_refs.extend(schemes.iter().flatten().filter_map(query_key));
        let encoded = signer::canonical_query(&query_refs);
        url.set_query((!encoded.is_empty()).then_some(encoded.as_str()));

        // Later ones replace earlier ones of the same name: the configuration's, the
        // operation's parameters, the call's own.
        let mut headers = Headers::default();
        let given = config
            .default_headers()
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .chain(request.headers().iter().map(|(n, v)| (*n, v.as_str())))
            .chain(
                request
                    .call_options()
                    .headers()
                    .iter()
                    .map(|(n, v)| (n.as_str(), v.as_str())),
            );
        for (name, value) in given {
            headers.set(header_name(name)?, &checked_value(name, value)?);
        }
        let body = request.body_bytes().map(|(content_type, bytes)| {
            if !headers.all.iter().any(|(n, _)| *n == CONTENT_TYPE) {
                headers.all.push((CONTENT_TYPE, content_type.to_owned()));
            }
            bytes.clone()
        });

        Ok(Prepared {
            method: request.method().clone(),
            host: host_header(&url),
            url,
            query,
            headers: headers.all,
            body,
            project_id: request
                .path_param_value("project_id")
                .or(config.project_id())
                .map(str::to_owned),
            schemes,
        })
    }

    /// Whether the URL holds a credential (an API key in the query), so that it must not
    /// appear in errors or logs.
    pub(crate) fn url_has_secret(&self) -> bool {
        self.schemes
            .iter()
            .flatten()
            .any(|chosen| query_key(chosen).is_some())
    }

    /// The host the request goes to, for messages.
    pub(crate) fn host(&self) -> &str {
        &self.host
    }

    /// The request of one attempt, authenticated now (AK/SK signatures carry the time).
    pub(crate) fn build(
        &self,
        http: &reqwest::Client,
        credentials: &Credentials,
        timeout: Duration,
    ) -> Result<reqwest::Request> {
        let mut headers = Headers {
            all: self.headers.clone(),
            secret: Vec::new(),
        };
        match &self.schemes {
            None => self.configured(&mut headers, credentials)?,
            Some(chosen) => scheme_headers(&mut headers, chosen)?,
        }

        let mut map = HeaderMap::with_capacity(headers.all.len());
        for (name, value) in headers.all {
            let mut value = HeaderValue::from_str(&value).map_err(|_| {
                // Request headers were checked in `new` and credentials by the config, so
                // this is unexpected; the value is not echoed, it may be a secret.
                Error::invalid(format!(
                    "the value of header `{name}` is not a valid header value"
                ))
            })?;
            // Keeps them out of `Debug` output and HTTP/2 header compression tables.
            value.set_sensitive(
                headers.secret.contains(&name) || redact::is_secret_header(name.as_str()),
            );
            map.insert(name, value);
        }
        let mut builder = http
            .request(self.method.clone(), self.url.clone())
            .headers(map)
            .timeout(timeout);
        if let Some(body) = &self.body {
            builder = builder.body(body.clone());
        }
        builder
            .build()
            .map_err(|e| Error::invalid(format!("the HTTP request could not be built ({e})")))
    }

    /// The configuration's credentials: the IAM token, the AK/SK signature (with the
    /// project id and security token), or an `Authorization` of a bearer or basic.
    fn configured(&self, headers: &mut Headers, credentials: &Credentials) -> Result<()> {
        match &credentials.kind {
            // `Invalid` and `ApiKey` never get here: `ConfigBuilder::build` refuses them.
            Kind::None | Kind::Invalid(_) | Kind::ApiKey(_) => {}
            Kind::Token(token) => {
                headers.set_secret(HeaderName::from_static(AUTH_TOKEN_HEADER), token.expose());
            }
            Kind::Bearer(_) | Kind::Basic { .. } => {
                if let Some(value) = authorization(credentials) {
                    headers.set_secret(AUTHORIZATION, &value);
                }
            }
            Kind::AkSk {
                ak,
                sk,
                security_token,
            } => {
                let date = chrono::Utc::now().format(DATE_FORMAT).to_string();
                headers.set(header_name(DATE_HEADER)?, &date);
                let project_header = HeaderName::from_static(PROJECT_ID_HEADER);
                if let Some(project_id) = &self.project_id {
                    if !headers.all.iter().any(|(n, _)| *n == project_header) {
                        headers.all.push((project_header, project_id.clone()));
                    }
                }
                if let Some(token) = security_token {
                    headers.set_secret(
                        HeaderName::from_static(SECURITY_TOKEN_HEADER),
                        token.expose(),
                    );
                }
                let header_refs: Vec<(&str, &str)> = headers
                    .all
                    .iter()
                    .map(|(n, v)| (n.as_str(), v.as_str()))
                    .collect();
                let query_refs: Vec<(&str, &str)> = self
                    .query
                    .iter()
                    .map(|(n, v)| (n.as_ref(), v.as_str()))
                    .collect();
                let signature = signer::sign(
                    &SignableRequest {
                        method: self.method.as_str(),
                        host: &self.host,
                        path: self.url.path(),
                        query: &query_refs,
                        headers: &header_refs,
                        body: self.body.as_deref().unwrap_or_default(),
                    },
                    ak,
                    sk.expose(),
                    &date,
                );
                headers.set_secret(AUTHORIZATION, &signature.authorization);
            }
        }
        Ok(())
    }
}

/// The headers of one attempt, and which of them hold credentials.
#[derive(Default)]
struct Headers {
    all: Vec<(HeaderName, String)>,
    secret: Vec<HeaderName>,
}

impl Headers {
    /// Replaces the value of `name` (authentication overrides a same-named request header).
    fn set(&mut self, name: HeaderName, value: &str) {
        self.all.retain(|(n, _)| *n != name);
        self.all.push((name, value.to_owned()));
    }

    /// [`Headers::set`] for a credential, kept out of logs.
    fn set_secret(&mut self, name: HeaderName, value: &str) {
        self.set(name.clone(), value);
        self.secret.push(name);
    }
}

/// The headers of the security schemes chosen for a call (API keys in the query are in
/// the URL already); API keys in cookies share one `Cookie` header.
fn scheme_headers(headers: &mut Headers, chosen: &Chosen) -> Result<()> {
    let mut cookies = Vec::new();
    for (scheme, credentials) in chosen {
        match (scheme.kind, &credentials.kind) {
            (SchemeKind::ApiKey { location, name }, Kind::ApiKey(key)) => match location {
                ApiKeyLocation::Header => headers.set_secret(header_name(name)?, key.expose()),
                ApiKeyLocation::Cookie => cookies.push(format!("{name}={}", key.expose())),
                ApiKeyLocation::Query => {}
            },
            _ => {
                if let Some(value) = authorization(credentials) {
                    headers.set_secret(AUTHORIZATION, &value);
                }
            }
        }
    }
    if !cookies.is_empty() {
        headers.set_secret(COOKIE, &cookies.join("; "));
    }
    Ok(())
}

/// The `Authorization` value of bearer and basic credentials.
fn authorization(credentials: &Credentials) -> Option<String> {
    match &credentials.kind {
        Kind::Bearer(token) => Some(format!("Bearer {}", token.expose())),
        Kind::Basic { user, password } => {
            let pair = format!("{user}:{}", password.expose());
            Some(format!("Basic {}", BASE64.encode(pair)))
        }
        _ => None,
    }
}

/// The query parameter of an API key that goes in the query.
fn query_key((scheme, credentials): &(SecurityScheme, Credentials)) -> Option<(&str, &str)> {
    match (scheme.kind, &credentials.kind) {
        (
            SchemeKind::ApiKey {
                location: ApiKeyLocation::Query,
                name,
            },
            Kind::ApiKey(key),
        ) => Some((name, key.expose())),
        _ => None,
    }
}

fn header_name(name: &str) -> Result<HeaderName> {
    HeaderName::from_bytes(name.as_bytes())
        .map_err(|_| Error::invalid(format!("`{name}` is not a valid HTTP header name")))
}

/// Refuses values that could inject headers or that HTTP cannot carry; the value itself is
/// not echoed in the error.
fn checked_value(name: &str, value: &str) -> Result<String> {
    if value.contains(['\r', '\n']) {
        return Err(Error::invalid(format!(
            "the value of header `{name}` contains a line break (CR or LF), which could inject headers"
        )));
    }
    if HeaderValue::from_str(value).is_err() {
        return Err(Error::invalid(format!(
            "the value of header `{name}` contains characters HTTP headers cannot carry (only visible ASCII, space and tab)"
        )));
    }
    Ok(value.to_owned())
}

/// `host` or `host:port` as hyper writes the `Host` header (the port only when it is not
/// the scheme's default, which `Url::port` already leaves out).
fn host_header(url: &Url) -> String {
    let host = url.host_str().unwrap_or_default();
    match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_owned(),
    }
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]
mod tests {
    use super::*;

    fn config() -> Config {
        Config::builder().project_id("cfgproj").build().unwrap()
    }

    #[test]
    fn url_keeps_base_path_and_sorted_encoded_query() {
        let base = Url::parse("http://127.0.0.1:8080/gw/").unwrap();
        let mut r = Request::new(Method::GET, "/v3/{project_id}/backups");
        r.path_param("project_id", "p1");
        r.query("limit", 10);
        r.query("begin_time", "2018-08-06T10:41:14+0800");
        let p = Prepared::new(&base, &r, &config()).unwrap();
        assert_eq!(
            p.url.as_str(),
            "http://127.0.0.1:8080/gw/v3/p1/backups?begin_time=2018-08-06T10%3A41%3A14%2B0800&limit=10"
        );
        assert_eq!(p.host(), "127.0.0.1:8080");
        assert_eq!(p.project_id.as_deref(), Some("p1"));
    }

    #[test]
    fn default_port_is_not_in_host() {
        let base = Url::parse("https://rds.example.com:443").unwrap();
        let p = Prepared::new(&base, &Request::new(Method::GET, "/v3"), &config()).unwrap();
        assert_eq!(p.host(), "rds.example.com");
        assert_eq!(p.url.as_str(), "https://rds.example.com/v3");
        assert_eq!(p.project_id.as_deref(), Some("cfgproj"));
    }

    #[test]
    fn header_checks() {
        let base = Url::parse("http://h").unwrap();
        let mut r = Request::new(Method::GET, "/");
        r.header("X-Bad", "a\r\nInjected: yes");
        let Err(e) = Prepared::new(&base, &r, &config()) else {
            panic!("a header value with CR/LF was accepted");
        };
        let e = e.to_string();
        assert!(e.contains("`X-Bad` contains a line break"), "{e}");
        assert!(!e.contains("Injected"), "{e}");

        let mut r = Request::new(Method::GET, "/");
        r.header("Bad Name", "v");
        assert!(Prepared::new(&base, &r, &config()).is_err());
    }

    #[test]
    fn token_header_is_sensitive_and_overrides() {
        let base = Url::parse("http://h").unwrap();
        let mut r = Request::new(Method::GET, "/");
        r.header("X-Auth-Token", "from-request");
        let p = Prepared::new(&base, &r, &config()).unwrap();
        let http = reqwest::Client::new();
        let req = p
            .build(&http, &Credentials::token("tok"), Duration::from_secs(1))
            .unwrap();
        let v = req.headers().get("x-auth-token").unwrap();
        assert_eq!(v, "tok");
        assert!(v.is_sensitive());
        assert_eq!(req.headers().get_all("x-auth-token").iter().count(), 1);
    }
}
