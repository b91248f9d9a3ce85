//! A [`Request`] checked and resolved against an endpoint, ready to be authenticated and
//! sent as many times as retries need.

use std::time::Duration;

use bytes::Bytes;
use http::header::{AUTHORIZATION, CONTENT_TYPE};
use http::{HeaderMap, HeaderName, HeaderValue, Method};
use reqwest::Url;

use crate::config::Config;
use crate::credentials::{Credentials, Kind};
use crate::error::{Error, Result};
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
    query: Vec<(&'static str, String)>,
    /// Validated names and values, authentication not yet included.
    headers: Vec<(HeaderName, String)>,
    body: Option<Bytes>,
    /// Sent as `X-Project-Id` with AK/SK: the call's `project_id` path parameter if it has
    /// one (it may override the configured one), else the configured project id.
    project_id: Option<String>,
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
        let query: Vec<(&'static str, String)> = request.query_pairs().to_vec();
        let query_refs: Vec<(&str, &str)> = query.iter().map(|(n, v)| (*n, v.as_str())).collect();
        let encoded = signer::canonical_query(&query_refs);
        url.set_query((!encoded.is_empty()).then_some(encoded.as_str()));

        let mut headers = Vec::with_capacity(request.headers().len() + 1);
        for (name, value) in request.headers() {
            headers.push((header_name(name)?, checked_value(name, value)?));
        }
        let body = request.body_bytes().map(|(content_type, bytes)| {
            if !headers.iter().any(|(n, _)| *n == CONTENT_TYPE) {
                headers.push((CONTENT_TYPE, content_type.to_owned()));
            }
            bytes.clone()
        });

        Ok(Prepared {
            method: request.method().clone(),
            host: host_header(&url),
            url,
            query,
            headers,
            body,
            project_id: request
                .path_param_value("project_id")
                .or(config.project_id())
                .map(str::to_owned),
        })
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
        let mut headers = self.headers.clone();
        let mut secret_headers: Vec<HeaderName> = Vec::new();
        match &credentials.kind {
            // `Invalid` never gets here: `ConfigBuilder::build` refuses it.
            Kind::None | Kind::Invalid(_) => {}
            Kind::Token(token) => {
                let name = HeaderName::from_static(AUTH_TOKEN_HEADER);
                set(&mut headers, name.clone(), token.expose());
                secret_headers.push(name);
            }
            Kind::AkSk {
                ak,
                sk,
                security_token,
            } => {
                let date = chrono::Utc::now().format(DATE_FORMAT).to_string();
                set(&mut headers, header_name(DATE_HEADER)?, &date);
                let project_header = HeaderName::from_static(PROJECT_ID_HEADER);
                if let Some(project_id) = &self.project_id {
                    if !headers.iter().any(|(n, _)| *n == project_header) {
                        headers.push((project_header, project_id.clone()));
                    }
                }
                if let Some(token) = security_token {
                    let name = HeaderName::from_static(SECURITY_TOKEN_HEADER);
                    set(&mut headers, name.clone(), token.expose());
                    secret_headers.push(name);
                }
                let header_refs: Vec<(&str, &str)> = headers
                    .iter()
                    .map(|(n, v)| (n.as_str(), v.as_str()))
                    .collect();
                let query_refs: Vec<(&str, &str)> =
                    self.query.iter().map(|(n, v)| (*n, v.as_str())).collect();
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
                set(&mut headers, AUTHORIZATION, &signature.authorization);
                secret_headers.push(AUTHORIZATION);
            }
        }

        let mut map = HeaderMap::with_capacity(headers.len());
        for (name, value) in headers {
            let mut value = HeaderValue::from_str(&value).map_err(|_| {
                // Request headers were checked in `new` and credentials by the config, so
                // this is unexpected; the value is not echoed, it may be a secret.
                Error::invalid(format!(
                    "the value of header `{name}` is not a valid header value"
                ))
            })?;
            // Keeps them out of `Debug` output and HTTP/2 header compression tables.
            value.set_sensitive(secret_headers.contains(&name));
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
}

/// Replaces the value of `name` (authentication overrides a same-named request header).
fn set(headers: &mut Vec<(HeaderName, String)>, name: HeaderName, value: &str) {
    headers.retain(|(n, _)| *n != name);
    headers.push((name, value.to_owned()));
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
