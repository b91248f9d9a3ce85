//! The one error type every call returns.

use std::fmt;
use std::time::Duration;

use crate::text::{display_duration, excerpt};

/// The result type of this crate and of generated clients.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong with a call, in a form a caller can match on.
///
/// Service errors (the server answered with an error status) are distinct from transport
/// failures, timeouts, responses that could not be decoded, requests rejected before they
/// were sent, and configuration mistakes.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The service answered with an error status.
    #[error(transparent)]
    Service(ServiceError),

    /// No complete response arrived within the configured time.
    #[error("{} timed out after {}.", if *.connecting { "connecting to the endpoint" } else { "the request" }, display_duration(*.after))]
    #[non_exhaustive]
    Timeout {
        /// The limit that was exceeded.
        after: Duration,
        /// Whether the time ran out while connecting (the request was then never sent).
        connecting: bool,
    },

    /// The request or its response failed below HTTP: connection refused, DNS, TLS, reset.
    #[error("the request failed before a complete response arrived: {message}.")]
    #[non_exhaustive]
    Transport {
        /// What happened, including the innermost cause.
        message: String,
        /// Whether the failure happened while connecting (the request was then never sent).
        connecting: bool,
        /// The underlying HTTP client error.
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },

    /// The response arrived but its body does not have the expected shape.
    #[error("the response (status {status}{}) could not be decoded: {message}. The body starts with: {excerpt:?}", request_id_suffix(.request_id.as_deref()))]
    #[non_exhaustive]
    Decode {
        /// HTTP status of the response.
        status: u16,
        /// What the decoder reported.
        message: String,
        /// The first few hundred characters of the body.
        excerpt: String,
        /// The `X-Request-Id` of the response, if any.
        request_id: Option<String>,
    },

    /// The request was not sent because it is invalid (a constraint, a path parameter, a
    /// header value).
    #[error("the request was not sent: {message}.")]
    InvalidRequest {
        /// Which part of the request is wrong and why.
        message: String,
    },

    /// The operation needs credentials of a security scheme the configuration has none
    /// for (see [`crate::ConfigBuilder::auth`]); nothing was sent.
    #[error("the request was not sent: it needs credentials for {}; register them with ConfigBuilder::auth.", describe_missing(.missing))]
    MissingCredentials {
        /// For each alternative the operation accepts, the names of its security schemes
        /// that have no credentials.
        missing: Vec<Vec<String>>,
    },

    /// A hook ([`crate::hook::Hook::on_request`]) refused the request; it was not sent.
    #[error("the request was not sent: a hook refused it ({source}).")]
    Hook {
        /// What the hook returned.
        #[source]
        source: crate::hook::HookError,
    },

    /// A paged listing was stopped because the server kept returning pages (it seems to
    /// ignore the offset); the items before were delivered.
    #[error("the listing was stopped: {message}.")]
    Pagination {
        /// What the server did.
        message: String,
    },

    /// The configuration cannot be used (endpoint, region, project id, credentials).
    #[error("the configuration cannot be used: {message}.")]
    Config {
        /// What is wrong and which option fixes it.
        message: String,
    },
}

/// `` the security scheme `a`, or `b` and `c` ``.
fn describe_missing(missing: &[Vec<String>]) -> String {
    let alternatives: Vec<String> = missing
        .iter()
        .map(|schemes| {
            let names: Vec<String> = schemes.iter().map(|name| format!("`{name}`")).collect();
            names.join(" and ")
        })
        .collect();
    let plural = if missing.len() == 1 && missing.iter().flatten().count() == 1 {
        ""
    } else {
        "s"
    };
    format!("the security scheme{plural} {}", alternatives.join(", or "))
}

fn request_id_suffix(request_id: Option<&str>) -> String {
    request_id
        .map(|id| format!(", request id {id}"))
        .unwrap_or_default()
}

impl Error {
    /// The HTTP status of the response this error is about, if a response arrived.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Service(e) => Some(e.status()),
            Error::Decode { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The `X-Request-Id` the service gave the failed request; quote it to support.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Service(e) => e.request_id(),
            Error::Decode { request_id, .. } => request_id.as_deref(),
            _ => None,
        }
    }

    /// The service error, if the service answered with an error status.
    pub fn as_service(&self) -> Option<&ServiceError> {
        match self {
            Error::Service(e) => Some(e),
            _ => None,
        }
    }

    /// Whether trying the same call again later may succeed: throttling, server errors,
    /// timeouts and transport failures. Invalid requests, configuration and decode errors,
    /// and client errors (4xx other than 429) will fail the same way again.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Service(e) => e.is_retryable(),
            Error::Timeout { .. } | Error::Transport { .. } => true,
            _ => false,
        }
    }

    /// Shorthand for an [`Error::Config`].
    pub(crate) fn config(message: impl Into<String>) -> Error {
        Error::Config {
            message: message.into(),
        }
    }

    /// Shorthand for an [`Error::InvalidRequest`].
    pub(crate) fn invalid(message: impl Into<String>) -> Error {
        Error::InvalidRequest {
            message: message.into(),
        }
    }
}

impl From<ServiceError> for Error {
    fn from(e: ServiceError) -> Self {
        Error::Service(e)
    }
}

/// An error answer of the service: its HTTP status and, when the body has one of the
/// usual shapes, Huawei's `error_code` and `error_msg`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServiceError {
    status: u16,
    error_code: Option<String>,
    error_msg: Option<String>,
    request_id: Option<String>,
    excerpt: String,
}

impl ServiceError {
    /// A service error from its parts; [`crate::Response::into_error`] builds it from a
    /// response. The excerpt is cut to a few hundred characters.
    pub fn new(
        status: u16,
        error_code: Option<String>,
        error_msg: Option<String>,
        request_id: Option<String>,
        body: &str,
    ) -> ServiceError {
        ServiceError {
            status,
            error_code,
            error_msg,
            request_id,
            excerpt: excerpt(body),
        }
    }

    /// The HTTP status code.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// Huawei's error code (`DBS.200823`, `APIGW.0301`, ...), if the body had one.
    pub fn error_code(&self) -> Option<&str> {
        self.error_code.as_deref()
    }

    /// The service's explanation, if the body had one.
    pub fn error_msg(&self) -> Option<&str> {
        self.error_msg.as_deref()
    }

    /// The `X-Request-Id` of the response (or the body's `request_id`), if any.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// The first few hundred characters of the response body.
    pub fn body_excerpt(&self) -> &str {
        &self.excerpt
    }

    /// Whether the same request may succeed later: 429 (throttled) and 5xx, except 501
    /// (Not Implemented) and 505 (HTTP Version Not Supported), which are permanent.
    pub fn is_retryable(&self) -> bool {
        is_retryable_status(self.status)
    }
}

/// The statuses worth retrying; shared by [`ServiceError::is_retryable`] and the executor.
pub(crate) fn is_retryable_status(status: u16) -> bool {
    status == 429 || ((500..600).contains(&status) && status != 501 && status != 505)
}

impl fmt::Display for ServiceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the service answered {}", self.status)?;
        if let Some(reason) = http::StatusCode::from_u16(self.status)
            .ok()
            .and_then(|s| s.canonical_reason())
        {
            write!(f, " {reason}")?;
        }
        match (&self.error_code, &self.request_id) {
            (Some(code), Some(id)) => write!(f, " (error_code {code}, request id {id})")?,
            (Some(code), None) => write!(f, " (error_code {code})")?,
            (None, Some(id)) => write!(f, " (request id {id})")?,
            (None, None) => {}
        }
        match &self.error_msg {
            Some(msg) if !msg.trim().is_empty() => write!(f, ": {}", msg.trim()),
            _ if !self.excerpt.trim().is_empty() => {
                write!(f, "; the body starts with: {:?}", self.excerpt)
            }
            _ => write!(f, " with an empty body."),
        }
    }
}

impl std::error::Error for ServiceError {}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]
mod tests {
    use super::*;

    #[test]
    fn service_error_display_is_a_sentence() {
        let e = ServiceError::new(
            404,
            Some("DBS.200823".into()),
            Some("The instance does not exist.".into()),
            Some("abc".into()),
            "{}",
        );
        assert_eq!(
            e.to_string(),
            "the service answered 404 Not Found (error_code DBS.200823, request id abc): The instance does not exist."
        );
        let e = ServiceError::new(503, None, None, None, "");
        assert_eq!(
            e.to_string(),
            "the service answered 503 Service Unavailable with an empty body."
        );
    }

    #[test]
    fn retryable_statuses() {
        for s in [429, 500, 502, 503, 504, 599] {
            assert!(is_retryable_status(s), "{s}");
        }
        for s in [200, 400, 401, 404, 409, 501, 505] {
            assert!(!is_retryable_status(s), "{s}");
        }
    }

    #[test]
    fn timeout_display() {
        let e = Error::Timeout {
            after: Duration::from_secs(30),
            connecting: false,
        };
        assert_eq!(e.to_string(), "the request timed out after 30s.");
        let e = Error::Timeout {
            after: Duration::from_millis(250),
            connecting: true,
        };
        assert_eq!(
            e.to_string(),
            "connecting to the endpoint timed out after 250ms."
        );
    }
}
