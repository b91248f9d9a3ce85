//! The HTTP executor that every generated service client wraps.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest::Url;
use tracing::Instrument as _;
use tracing::field::Empty;

use crate::config::{Cloud, Config};
use crate::endpoint;
use crate::error::{Error, Result};
use crate::hook::Attempt;
use crate::prepared::Prepared;
use crate::request::Request;
use crate::response::Response;
use crate::retry::Outcome;

/// One entry of a spec's `servers`: an endpoint template and the cloud it belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ServerTemplate {
    /// The URL; `{region}` is replaced by the configured region.
    pub url: &'static str,
    /// The cloud this endpoint belongs to; `None` for any cloud.
    pub cloud: Option<Cloud>,
}

/// Sends [`Request`]s to one service: resolves its endpoint, authenticates, retries and
/// enforces timeouts. Cloning is cheap (an `Arc`).
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    config: Config,
    /// Resolved once; the error message is reported by every call, since `new` cannot
    /// fail.
    endpoint: Result<Url, String>,
}

impl Client {
    /// A client for the service whose endpoint templates are `servers`, configured by
    /// `config`. Endpoint problems (no region, no template for the cloud) are reported
    /// as [`Error::Config`] by every call.
    pub fn new(config: &Config, servers: &'static [ServerTemplate]) -> Client {
        Client {
            inner: Arc::new(Inner {
                config: config.clone(),
                endpoint: endpoint::resolve(config, servers).map_err(|e| match e {
                    Error::Config { message } => message,
                    other => other.to_string(),
                }),
            }),
        }
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    /// The resolved endpoint, or why there is none.
    pub fn endpoint(&self) -> Result<&str> {
        self.endpoint_url().map(Url::as_str)
    }

    /// The configured project id, for `{project_id}` path parameters.
    pub fn project_id(&self) -> Result<&str> {
        self.inner.config.project_id().ok_or_else(|| {
            Error::config(
                "no project id configured: set ConfigBuilder::project_id or HUAWEICLOUD_SDK_PROJECT_ID",
            )
        })
    }

    /// Sends `request` and returns the response whatever its status (generated code
    /// decides what each status means).
    ///
    /// Fails only if the request is invalid ([`Error::InvalidRequest`], nothing is sent),
    /// the configuration cannot be used ([`Error::Config`]), or no response arrived
    /// ([`Error::Transport`], [`Error::Timeout`]). Connection failures and 429 are retried
    /// for every method, 5xx and broken connections for idempotent ones (POST and PATCH
    /// only with the `retry_writes` opt-in), with exponential backoff and jitter, honouring
    /// `Retry-After`, up to the configured attempts.
    pub async fn execute(&self, request: Request) -> Result<Response> {
        let span = tracing::info_span!(
            "hwc_request",
            method = %request.method(),
            path = request.path_template(),
            attempt = Empty,
            status = Empty,
            request_id = Empty,
        );
        self.execute_in_span(request).instrument(span).await
    }

    fn endpoint_url(&self) -> Result<&Url> {
        self.inner
            .endpoint
            .as_ref()
            .map_err(|message| Error::config(message.clone()))
    }

    async fn execute_in_span(&self, request: Request) -> Result<Response> {
        request.check()?;
        let config = &self.inner.config;
        let prepared = Prepared::new(self.endpoint_url()?, &request, config)?;
        let timeout = request.timeout_override().unwrap_or(config.timeout());
        let retry = config.retry().with(request.call_options());
        let idempotent = request.idempotent();
        let span = tracing::Span::current();

        let mut attempt: u32 = 1;
        loop {
            span.record("attempt", attempt);
            let info = Attempt {
                method: request.method().clone(),
                path_template: request.path_template(),
                number: attempt,
                elapsed: Duration::ZERO,
            };
            let result = self.attempt(&prepared, timeout, info).await;
            let outcome = match &result {
                Ok(response) => {
                    span.record("status", response.status());
                    if let Some(id) = response.request_id() {
                        span.record("request_id", id);
                    }
                    Outcome::Response {
                        status: response.status(),
                        headers: response.headers(),
                    }
                }
                Err(Error::Timeout {
                    connecting: true, ..
                })
                | Err(Error::Transport {
                    connecting: true, ..
                }) => Outcome::ConnectFailed,
                Err(Error::Timeout { .. }) => Outcome::TimedOut,
                Err(Error::Transport { .. }) => Outcome::TransportFailed,
                Err(_) => return result,
            };
            match retry.next_delay(attempt, idempotent, outcome) {
                None => return result.map(|r| r.with_attempts(attempt)),
                Some(delay) => {
                    match &result {
                        Ok(r) => tracing::info!(
                            attempt,
                            status = r.status(),
                            delay_ms = delay.as_millis(),
                            "retrying after a retryable status"
                        ),
                        Err(e) => tracing::info!(
                            attempt,
                            error = %e,
                            delay_ms = delay.as_millis(),
                            "retrying after a failed attempt"
                        ),
                    }
                    tokio::time::sleep(delay).await;
                    attempt = attempt.saturating_add(1);
                }
            }
        }
    }

    /// One attempt: authenticate (with a fresh signing time), let the hooks see the
    /// request, send, read the whole body, let the hooks see the response.
    async fn attempt(
        &self,
        prepared: &Prepared,
        timeout: Duration,
        mut info: Attempt,
    ) -> Result<Response> {
        let config = &self.inner.config;
        let mut request = prepared.build(config.http(), config.credentials(), timeout)?;
        for hook in config.hooks() {
            hook.on_request(&info, &mut request)
                .await
                .map_err(|source| Error::Hook { source })?;
        }
        let started = Instant::now();
        let exchange = async {
            let response = config.http().execute(request).await?;
            let status = response.status().as_u16();
            let headers = response.headers().clone();
            let body = response.bytes().await?;
            Ok::<_, reqwest::Error>(Response::new(status, headers, body))
        };
        // reqwest enforces the same timeout; this outer one makes sure no part of the
        // exchange (body included) can outlast it.
        match tokio::time::timeout(timeout, exchange).await {
            Err(_elapsed) => Err(Error::Timeout {
                after: timeout,
                connecting: false,
            }),
            Ok(Ok(response)) => {
                tracing::debug!(status = response.status(), "response received");
                info.elapsed = started.elapsed();
                for hook in config.hooks() {
                    hook.on_response(&info, &response).await;
                }
                Ok(response)
            }
            Ok(Err(e)) => {
                // reqwest's errors show the URL, which may hold an API key.
                let e = if prepared.url_has_secret() {
                    e.without_url()
                } else {
                    e
                };
                Err(transport_error(e, prepared.host(), timeout, config))
            }
        }
    }
}

/// Maps a reqwest failure to [`Error::Timeout`] or [`Error::Transport`], keeping the
/// innermost cause (reqwest's own message only says "error sending request").
fn transport_error(e: reqwest::Error, host: &str, timeout: Duration, config: &Config) -> Error {
    let connecting = e.is_connect();
    if e.is_timeout() {
        return Error::Timeout {
            after: if connecting {
                config.connect_timeout()
            } else {
                timeout
            },
            connecting,
        };
    }
    let cause = root_cause(&e);
    let message = if connecting {
        format!("could not connect to {host} ({cause})")
    } else if e.is_body() || e.is_decode() {
        format!("the response body from {host} could not be read ({cause})")
    } else {
        format!("the exchange with {host} failed ({cause})")
    };
    Error::Transport {
        message,
        connecting,
        source: Box::new(e),
    }
}

fn root_cause(e: &(dyn std::error::Error + 'static)) -> String {
    let mut current = e;
    while let Some(next) = current.source() {
        current = next;
    }
    current.to_string()
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("endpoint", &self.inner.endpoint.as_ref().map(Url::as_str))
            .field("config", &self.inner.config)
            .finish()
    }
}
