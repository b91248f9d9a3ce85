//! Client configuration: where to send requests, as whom, and with which limits.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::Url;

use crate::credentials::Credentials;
use crate::error::{Error, Result};
use crate::hook::{Hook, Hooks};
use crate::redact::HeaderList;
use crate::retry::RetryPolicy;

/// Environment variable holding the project id (as in Huawei's own SDKs).
pub const ENV_PROJECT_ID: &str = "HUAWEICLOUD_SDK_PROJECT_ID";

const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// The cloud a service runs in; it selects the endpoint template of the service.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Cloud {
    /// Huawei Cloud (`*.myhuaweicloud.com` and its regional variants).
    #[default]
    HuaweiCloud,
    /// Open Telekom Cloud (`*.otc.t-systems.com`), run by T-Systems on Huawei's stack.
    Otc,
}

impl fmt::Display for Cloud {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Cloud::HuaweiCloud => "Huawei Cloud",
            Cloud::Otc => "Open Telekom Cloud",
        })
    }
}

/// A validated configuration, shared by every service client built from it.
///
/// Cloning is cheap: the settings and the connection pool are behind an `Arc`. `Debug`
/// never shows a secret.
#[derive(Clone)]
pub struct Config {
    inner: Arc<Inner>,
}

struct Inner {
    region: Option<String>,
    cloud: Cloud,
    endpoint: Option<Url>,
    project_id: Option<String>,
    credentials: Credentials,
    auth: BTreeMap<String, Credentials>,
    default_headers: HeaderList,
    hooks: Hooks,
    connect_timeout: Duration,
    timeout: Duration,
    retry: RetryPolicy,
    http: reqwest::Client,
}

impl Config {
    /// Starts a configuration; see [`ConfigBuilder`] for the options and their defaults.
    pub fn builder() -> ConfigBuilder {
        ConfigBuilder::default()
    }

    /// A builder preset from the environment, as Huawei's SDKs read it: credentials from
    /// `HUAWEICLOUD_SDK_AK`, `HUAWEICLOUD_SDK_SK` and `HUAWEICLOUD_SDK_SECURITY_TOKEN`
    /// (see [`Credentials::from_env`]) and the project id from `HUAWEICLOUD_SDK_PROJECT_ID`
    /// when it is set. Region or endpoint are still to be set on the builder.
    pub fn from_env() -> Result<ConfigBuilder> {
        ConfigBuilder::from_lookup(env_var)
    }

    /// The region, if one was set.
    pub fn region(&self) -> Option<&str> {
        self.inner.region.as_deref()
    }

    /// The cloud whose endpoint templates are used.
    pub fn cloud(&self) -> Cloud {
        self.inner.cloud
    }

    /// The explicit endpoint, if one was set (it overrides the service's templates).
    pub fn endpoint(&self) -> Option<&str> {
        self.inner.endpoint.as_ref().map(Url::as_str)
    }

    /// The project id, if one was set.
    pub fn project_id(&self) -> Option<&str> {
        self.inner.project_id.as_deref()
    }

    /// The credentials requests authenticate with.
    pub fn credentials(&self) -> &Credentials {
        &self.inner.credentials
    }

    /// The credentials registered for the security scheme `scheme` (see
    /// [`ConfigBuilder::auth`]).
    pub fn auth(&self, scheme: &str) -> Option<&Credentials> {
        self.inner.auth.get(scheme)
    }

    /// The time allowed to establish a connection.
    pub fn connect_timeout(&self) -> Duration {
        self.inner.connect_timeout
    }

    /// The time allowed for one attempt of a request, from sending to the end of the body.
    pub fn timeout(&self) -> Duration {
        self.inner.timeout
    }

    /// How many times a request is tried at most (1 means no retries).
    pub fn max_attempts(&self) -> u32 {
        self.inner.retry.max_attempts
    }

    /// Whether POST and PATCH requests are retried like idempotent ones (see
    /// [`ConfigBuilder::retry_writes`]).
    pub fn retry_writes(&self) -> bool {
        self.inner.retry.retry_writes
    }

    pub(crate) fn endpoint_url(&self) -> Option<&Url> {
        self.inner.endpoint.as_ref()
    }

    pub(crate) fn auth_schemes(&self) -> &BTreeMap<String, Credentials> {
        &self.inner.auth
    }

    /// The headers of every request (see [`ConfigBuilder::default_header`]).
    pub fn default_headers(&self) -> &[(String, String)] {
        &self.inner.default_headers.0
    }

    pub(crate) fn hooks(&self) -> &[Arc<dyn Hook>] {
        &self.inner.hooks.0
    }

    pub(crate) fn retry(&self) -> &RetryPolicy {
        &self.inner.retry
    }

    pub(crate) fn http(&self) -> &reqwest::Client {
        &self.inner.http
    }
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let i = &self.inner;
        f.debug_struct("Config")
            .field("region", &i.region)
            .field("cloud", &i.cloud)
            .field("endpoint", &self.endpoint())
            .field("project_id", &i.project_id)
            .field("credentials", &i.credentials)
            .field("auth", &i.auth)
            .field("default_headers", &i.default_headers)
            .field("hooks", &i.hooks)
            .field("connect_timeout", &i.connect_timeout)
            .field("timeout", &i.timeout)
            .field("retry", &i.retry)
            .finish_non_exhaustive()
    }
}

/// Builds a [`Config`]; every option is checked by [`ConfigBuilder::build`].
///
/// Defaults: Huawei Cloud, no region, no endpoint (the service's template is used), no
/// project id, no credentials ([`Credentials::none`]), 10 s to connect, 30 s per attempt,
/// 3 attempts with backoff starting at 250 ms and capped at 20 s.
#[derive(Clone, Debug)]
pub struct ConfigBuilder {
    region: Option<String>,
    cloud: Cloud,
    endpoint: Option<String>,
    project_id: Option<String>,
    credentials: Credentials,
    auth: BTreeMap<String, Credentials>,
    default_headers: HeaderList,
    hooks: Hooks,
    http: Option<reqwest::Client>,
    connect_timeout: Duration,
    timeout: Duration,
    retry: RetryPolicy,
}

impl Default for ConfigBuilder {
    fn default() -> Self {
        ConfigBuilder {
            region: None,
            cloud: Cloud::default(),
            endpoint: None,
            project_id: None,
            credentials: Credentials::none(),
            auth: BTreeMap::new(),
            default_headers: HeaderList::default(),
            hooks: Hooks::default(),
            http: None,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            timeout: DEFAULT_TIMEOUT,
            retry: RetryPolicy::default(),
        }
    }
}

impl ConfigBuilder {
    /// The region (`ap-southeast-1`, `eu-de`, ...) substituted for `{region}` in the
    /// service's endpoint template.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// The cloud whose endpoint templates are used (default Huawei Cloud).
    pub fn cloud(mut self, cloud: Cloud) -> Self {
        self.cloud = cloud;
        self
    }

    /// An explicit endpoint (`https://rds.example.com`, `http://127.0.0.1:8080/prefix`);
    /// it overrides the templates. A path in it is kept in front of every request path.
    pub fn endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.endpoint = Some(endpoint.into());
        self
    }

    /// The project id, filled into `{project_id}` path parameters and sent as
    /// `X-Project-Id` with AK/SK credentials.
    pub fn project_id(mut self, project_id: impl Into<String>) -> Self {
        self.project_id = Some(project_id.into());
        self
    }

    /// The credentials of every call that declares no security scheme: those of a spec
    /// written to the Huawei conventions ([`Credentials::token`], [`Credentials::aksk`]),
    /// of a spec that declares no `security`, and of hand-built [`crate::Request`]s. A
    /// [`Credentials::bearer`] token or [`Credentials::basic`] password is sent as
    /// `Authorization`. Calls whose operation declares security schemes use
    /// [`ConfigBuilder::auth`] instead.
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = credentials;
        self
    }

    /// Registers the credentials of the security scheme named `scheme` in the spec
    /// (`components/securitySchemes`): [`Credentials::bearer`] for an HTTP `bearer`,
    /// OAuth 2.0 or OpenID Connect scheme, [`Credentials::basic`] for HTTP `basic`,
    /// [`Credentials::api_key`] for an `apiKey` scheme (the scheme says where it goes).
    /// Registering a name again replaces its credentials.
    ///
    /// Each call sends the first alternative of its operation's `security` whose schemes
    /// all have credentials (all of them, when the spec requires several together), and
    /// fails with [`Error::MissingCredentials`] before sending when none has. Generated
    /// modules declare each scheme as a constant documenting its name and what it takes.
    /// OAuth 2.0 and OpenID Connect tokens are fetched (and refreshed) by you: register
    /// the access token.
    ///
    /// ```
    /// use hwc_runtime::{Config, Credentials};
    ///
    /// let config = Config::builder()
    ///     .endpoint("https://api.example.com")
    ///     .auth("bearerAuth", Credentials::bearer("my-token"))
    ///     .auth("apiKey", Credentials::api_key("my-key"))
    ///     .build()?;
    /// assert!(config.auth("bearerAuth").is_some());
    /// # Ok::<(), hwc_runtime::Error>(())
    /// ```
    pub fn auth(mut self, scheme: impl Into<String>, credentials: Credentials) -> Self {
        self.auth.insert(scheme.into(), credentials);
        self
    }

    /// Adds a header to every request (a tenant, a trace id, an API version), replacing
    /// an earlier one of the same name. A call's parameters and
    /// [`crate::CallBuilder::header`] replace it for one call; credentials are applied
    /// last. A name or value HTTP cannot carry fails [`ConfigBuilder::build`]. Values of
    /// credential headers (`Authorization`, `Cookie`, ...) are hidden in `Debug` and sent
    /// as sensitive.
    ///
    /// ```
    /// let config = hwc_runtime::Config::builder()
    ///     .endpoint("https://api.example.com")
    ///     .default_header("X-Api-Version", "2024-06-01")
    ///     .build()?;
    /// assert_eq!(config.default_headers()[0].1, "2024-06-01");
    /// # Ok::<(), hwc_runtime::Error>(())
    /// ```
    pub fn default_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.default_headers.set(name.into(), value.into());
        self
    }

    /// Registers a hook that sees each request before it is sent and each response (see
    /// [`crate::hook::Hook`]); hooks run in the order they were registered.
    pub fn hook(mut self, hook: impl Hook) -> Self {
        self.hooks.0.push(Arc::new(hook));
        self
    }

    /// Sends requests with your own HTTP client (proxies, TLS roots, client certificates,
    /// connection pool settings) instead of the one the configuration builds. Its own
    /// settings then apply: [`ConfigBuilder::connect_timeout`] is not used (set it on your
    /// client), and neither is this crate's `User-Agent`. [`ConfigBuilder::timeout`] still
    /// bounds each attempt.
    ///
    /// ```
    /// use hwc_runtime::{Config, reqwest};
    ///
    /// let http = reqwest::Client::builder()
    ///     .pool_max_idle_per_host(4)
    ///     .build()
    ///     .expect("a client without TLS settings builds");
    /// let config = Config::builder()
    ///     .endpoint("https://api.example.com")
    ///     .http_client(http)
    ///     .build()?;
    /// # Ok::<(), hwc_runtime::Error>(())
    /// ```
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// The time allowed to establish a connection (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// The time allowed for one attempt of a request, from sending it to the end of the
    /// response body (default 30 s). A request can override it.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// How many times a request is tried at most (default 3; 1 disables retries).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.retry.max_attempts = attempts;
        self
    }

    /// The wait before the first retry; it doubles for each further one (default 250 ms).
    pub fn base_delay(mut self, delay: Duration) -> Self {
        self.retry.base_delay = delay;
        self
    }

    /// The longest wait between two attempts (default 20 s). A `Retry-After` asking for
    /// longer ends the retries and the throttled response is returned.
    pub fn max_delay(mut self, delay: Duration) -> Self {
        self.retry.max_delay = delay;
        self
    }

    /// Whether POST and PATCH requests are retried like idempotent ones (default `false`).
    ///
    /// By default a non-idempotent request is retried only when it cannot have reached the
    /// server (the connection could not be made) or the server refused it with 429; after a
    /// 5xx or a connection broken once the request was sent, the failure is returned,
    /// because the server may already have acted on it (created the backup) and a retry
    /// would act twice. `true` retries those too: set it only when repeating every write
    /// is harmless. A call can override it with its builder's `retry_writes`.
    pub fn retry_writes(mut self, retry: bool) -> Self {
        self.retry.retry_writes = retry;
        self
    }

    /// Checks every option and builds the configuration with its connection pool.
    pub fn build(self) -> Result<Config> {
        let endpoint = self.endpoint.as_deref().map(parse_endpoint).transpose()?;
        if let Some(region) = &self.region {
            validate_region(region)?;
        }
        if let Some(project_id) = &self.project_id {
            validate_project_id(project_id)?;
        }
        self.credentials.validate_configured()?;
        for (scheme, credentials) in &self.auth {
            credentials.validate_for_scheme(scheme)?;
        }
        if self.timeout.is_zero() || self.connect_timeout.is_zero() {
            return Err(Error::config(
                "a timeout of zero would fail every request; set ConfigBuilder::timeout and ConfigBuilder::connect_timeout to more than zero",
            ));
        }
        if self.retry.max_attempts == 0 {
            return Err(Error::config(
                "max_attempts is 0, so no request would ever be sent; set ConfigBuilder::max_attempts to 1 or more",
            ));
        }
        for (name, value) in &self.default_headers.0 {
            validate_default_header(name, value)?;
        }
        let http = match self.http {
            Some(client) => client,
            None => reqwest::Client::builder()
                .connect_timeout(self.connect_timeout)
                .user_agent(concat!("hwc-runtime/", env!("CARGO_PKG_VERSION")))
                .build()
                .map_err(|e| Error::config(format!("the HTTP client could not be set up: {e}")))?,
        };
        Ok(Config {
            inner: Arc::new(Inner {
                region: self.region,
                cloud: self.cloud,
                endpoint,
                project_id: self.project_id,
                credentials: self.credentials,
                auth: self.auth,
                default_headers: self.default_headers,
                hooks: self.hooks,
                connect_timeout: self.connect_timeout,
                timeout: self.timeout,
                retry: self.retry,
                http,
            }),
        })
    }

    /// [`Config::from_env`] over any variable lookup, so it can be tested without touching
    /// the process environment.
    pub(crate) fn from_lookup(
        lookup: impl Fn(&'static str) -> Result<Option<String>>,
    ) -> Result<ConfigBuilder> {
        let mut builder = Config::builder().credentials(Credentials::from_lookup(&lookup)?);
        if let Some(project_id) = lookup(ENV_PROJECT_ID)? {
            builder = builder.project_id(project_id);
        }
        Ok(builder)
    }
}

/// Reads an environment variable; unset and empty are the same (nothing to use).
pub(crate) fn env_var(name: &'static str) -> Result<Option<String>> {
    match std::env::var(name) {
        Ok(value) if value.trim().is_empty() => Ok(None),
        Ok(value) => Ok(Some(value)),
        Err(std::env::VarError::NotPresent) => Ok(None),
        Err(std::env::VarError::NotUnicode(_)) => Err(Error::config(format!(
            "the environment variable {name} is not valid Unicode"
        ))),
    }
}

/// Parses and checks an endpoint, explicit or resolved from a template.
pub(crate) fn parse_endpoint(endpoint: &str) -> Result<Url> {
    let url = Url::parse(endpoint.trim()).map_err(|e| {
        Error::config(format!(
            "the endpoint {endpoint:?} is not a valid URL ({e}); expected something like https://rds.ap-southeast-1.myhuaweicloud.com"
        ))
    })?;
    if url.scheme() != "http" && url.scheme() != "https" {
        return Err(Error::config(format!(
            "the endpoint {endpoint:?} must start with https:// or http://"
        )));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(Error::config(format!(
            "the endpoint {endpoint:?} has no host name"
        )));
    }
    if !url.username().is_empty() || url.password().is_some() {
        // The user info would be sent as Basic authentication, next to our own.
        return Err(Error::config(
            "the endpoint must not contain a user name or password; use ConfigBuilder::credentials",
        ));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(Error::config(format!(
            "the endpoint {endpoint:?} must not contain a query (?...) or fragment (#...)"
        )));
    }
    Ok(url)
}

/// A default header must be one HTTP can carry; the value is not echoed (it may be a
/// credential).
fn validate_default_header(name: &str, value: &str) -> Result<()> {
    if http::HeaderName::from_bytes(name.as_bytes()).is_err() {
        return Err(Error::config(format!(
            "the default header name {name:?} is not a valid HTTP header name"
        )));
    }
    if http::HeaderValue::from_str(value).is_err() {
        return Err(Error::config(format!(
            "the value of the default header `{name}` contains characters HTTP headers cannot carry (such as a line break)"
        )));
    }
    Ok(())
}

/// A region is substituted into a host name, so it must be a plain host label.
fn validate_region(region: &str) -> Result<()> {
    if region.is_empty() {
        return Err(Error::config(
            "the region is empty; set ConfigBuilder::region to a region such as \"ap-southeast-1\" or \"eu-de\"",
        ));
    }
    if !region
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-')
    {
        return Err(Error::config(format!(
            "the region {region:?} may contain only letters, digits and '-' (it becomes part of a host name)"
        )));
    }
    Ok(())
}

/// A project id goes into paths and the `X-Project-Id` header.
fn validate_project_id(project_id: &str) -> Result<()> {
    if project_id.trim().is_empty() {
        return Err(Error::config(format!(
            "the project id is empty; set ConfigBuilder::project_id or {ENV_PROJECT_ID} to your project's id"
        )));
    }
    if project_id
        .chars()
        .any(|c| c.is_control() || c.is_whitespace())
    {
        return Err(Error::config(
            "the project id contains whitespace or control characters",
        ));
    }
    Ok(())
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
    use crate::credentials::{ENV_AK, ENV_SK};

    fn config_error(builder: ConfigBuilder) -> String {
        match builder.build() {
            Err(e @ Error::Config { .. }) => e.to_string(),
            other => panic!("expected a configuration error, got {other:?}"),
        }
    }

    #[test]
    fn defaults() {
        let c = Config::builder().build().unwrap();
        assert_eq!(c.cloud(), Cloud::HuaweiCloud);
        assert_eq!(c.timeout(), Duration::from_secs(30));
        assert_eq!(c.connect_timeout(), Duration::from_secs(10));
        assert_eq!(c.max_attempts(), 3);
        assert!(
            !c.retry_writes(),
            "writes are not retried after sending by default"
        );
        assert_eq!(c.region(), None);
        assert_eq!(c.endpoint(), None);
        assert_eq!(c.project_id(), None);
        assert_eq!(c.credentials(), &Credentials::none());
    }

    #[test]
    fn accessors_return_what_was_set() {
        let c = Config::builder()
            .region("eu-de")
            .cloud(Cloud::Otc)
            .endpoint("http://127.0.0.1:8080")
            .project_id("p1")
            .timeout(Duration::from_secs(5))
            .max_attempts(1)
            .retry_writes(true)
            .build()
            .unwrap();
        assert!(c.retry_writes());
        assert_eq!(c.region(), Some("eu-de"));
        assert_eq!(c.cloud(), Cloud::Otc);
        assert_eq!(c.endpoint(), Some("http://127.0.0.1:8080/"));
        assert_eq!(c.project_id(), Some("p1"));
        assert_eq!(c.timeout(), Duration::from_secs(5));
        assert_eq!(c.max_attempts(), 1);
    }

    #[test]
    fn endpoint_validation() {
        for (endpoint, expected) in [
            ("not a url", "is not a valid URL"),
            ("ftp://example.com", "must start with https:// or http://"),
            ("https://user:pw@example.com", "user name or password"),
            ("https://example.com/?a=1", "must not contain a query"),
        ] {
            let msg = config_error(Config::builder().endpoint(endpoint));
            assert!(msg.contains(expected), "{endpoint}: {msg}");
        }
        assert!(
            Config::builder()
                .endpoint("https://rds.example.com/base")
                .build()
                .is_ok()
        );
    }

    #[test]
    fn region_project_and_limits_validation() {
        assert!(config_error(Config::builder().region("evil.com/x")).contains("region"));
        assert!(config_error(Config::builder().region("")).contains("region is empty"));
        assert!(
            config_error(Config::builder().project_id("")).contains("HUAWEICLOUD_SDK_PROJECT_ID")
        );
        assert!(config_error(Config::builder().project_id("a\r\nb")).contains("control"));
        assert!(config_error(Config::builder().max_attempts(0)).contains("max_attempts"));
        assert!(config_error(Config::builder().timeout(Duration::ZERO)).contains("timeout"));
        assert!(
            config_error(Config::builder().credentials(Credentials::aksk("ak", "")))
                .contains("secret access key")
        );
    }

    #[test]
    fn from_env_presets_credentials_and_project() {
        let vars = |name: &'static str| -> Result<Option<String>> {
            Ok(match name {
                ENV_AK => Some("AK".into()),
                ENV_SK => Some("SK".into()),
                ENV_PROJECT_ID => Some("proj".into()),
                _ => None,
            })
        };
        let c = ConfigBuilder::from_lookup(vars).unwrap().build().unwrap();
        assert_eq!(c.project_id(), Some("proj"));
        assert_eq!(c.credentials(), &Credentials::aksk("AK", "SK"));

        let no_sk = |name: &'static str| -> Result<Option<String>> {
            Ok((name == ENV_AK).then(|| "AK".into()))
        };
        let e = ConfigBuilder::from_lookup(no_sk).unwrap_err().to_string();
        assert!(e.contains("HUAWEICLOUD_SDK_SK"), "{e}");
    }

    #[test]
    fn debug_shows_no_secret() {
        let c = Config::builder()
            .credentials(
                Credentials::aksk("VISIBLEAK", "HIDDENSK").with_security_token("HIDDENTOK"),
            )
            .build()
            .unwrap();
        let d = format!("{c:?}");
        assert!(d.contains("VISIBLEAK"), "{d}");
        assert!(!d.contains("HIDDENSK") && !d.contains("HIDDENTOK"), "{d}");
    }
}
