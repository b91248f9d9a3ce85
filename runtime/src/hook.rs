//! Hooks: user code that sees each outgoing request and each response (custom
//! authentication, logging, metrics), registered with [`crate::ConfigBuilder::hook`].

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use futures::future::BoxFuture;
use http::Method;

use crate::response::Response;

/// What a hook may fail with: any error, reported as [`crate::Error::Hook`].
pub type HookError = Box<dyn std::error::Error + Send + Sync>;

/// Sees each attempt of every call: the request just before it is sent, and the response
/// as soon as it has arrived (before the call decides to retry or to decode it).
///
/// Both methods do nothing by default: implement the one you need. They return boxed
/// futures so a hook can await (fetch a token, write to a metrics sink) and still be held
/// as `dyn Hook`. Hooks run in the order they were registered.
///
/// The request is the one that goes out: authenticated, signed, with every header. A hook
/// may change it (add a header for a custom authentication); a change to a request signed
/// with AK/SK breaks its signature. Credentials in headers are marked sensitive, so their
/// values print as `Sensitive` in `Debug`; an API key sent in the query is in the URL.
///
/// ```
/// use std::sync::atomic::{AtomicU64, Ordering};
///
/// use hwc_runtime::futures::future::BoxFuture;
/// use hwc_runtime::hook::{Attempt, Hook, HookError};
/// use hwc_runtime::{Config, Response, reqwest};
///
/// /// Adds a tenant header to every request; logs every response and counts the errors.
/// #[derive(Default)]
/// struct Metrics {
///     errors: AtomicU64,
/// }
///
/// impl Hook for Metrics {
///     fn on_request<'a>(
///         &'a self,
///         _attempt: &'a Attempt,
///         request: &'a mut reqwest::Request,
///     ) -> BoxFuture<'a, Result<(), HookError>> {
///         Box::pin(async move {
///             let value = reqwest::header::HeaderValue::from_static("tenant-1");
///             request.headers_mut().insert("x-tenant", value);
///             Ok(())
///         })
///     }
///
///     fn on_response<'a>(
///         &'a self,
///         attempt: &'a Attempt,
///         response: &'a Response,
///     ) -> BoxFuture<'a, ()> {
///         Box::pin(async move {
///             if !response.is_success() {
///                 self.errors.fetch_add(1, Ordering::Relaxed);
///             }
///             println!(
///                 "{} {} (attempt {}): {} in {:?}",
///                 attempt.method,
///                 attempt.path_template,
///                 attempt.number,
///                 response.status(),
///                 attempt.elapsed
///             );
///         })
///     }
/// }
///
/// let config = Config::builder()
///     .endpoint("https://api.example.com")
///     .hook(Metrics::default())
///     .build()?;
/// # Ok::<(), hwc_runtime::Error>(())
/// ```
pub trait Hook: Send + Sync + 'static {
    /// Called before each attempt is sent, with the request as it goes out. An error ends
    /// the call with [`crate::Error::Hook`]; that attempt is not sent, and not retried.
    fn on_request<'a>(
        &'a self,
        attempt: &'a Attempt,
        request: &'a mut reqwest::Request,
    ) -> BoxFuture<'a, Result<(), HookError>> {
        let _ = (attempt, request);
        Box::pin(async { Ok(()) })
    }

    /// Called with each response that arrived, whatever its status (not when the attempt
    /// failed without one: a timeout or a transport failure).
    fn on_response<'a>(
        &'a self,
        attempt: &'a Attempt,
        response: &'a Response,
    ) -> BoxFuture<'a, ()> {
        let _ = (attempt, response);
        Box::pin(async {})
    }
}

/// Which call and which attempt a hook is called for.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Attempt {
    /// The HTTP method.
    pub method: Method,
    /// The operation's path template (`/v3/{project_id}/backups`): the same for every call
    /// of the operation, so a good metrics label.
    pub path_template: &'static str,
    /// The attempt's number, from 1.
    pub number: u32,
    /// For [`Hook::on_response`]: the time from sending the request to the end of the
    /// response body; zero in [`Hook::on_request`].
    pub elapsed: Duration,
}

/// The hooks of a configuration; `Debug` shows how many.
#[derive(Clone, Default)]
pub(crate) struct Hooks(pub(crate) Vec<Arc<dyn Hook>>);

impl fmt::Debug for Hooks {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} hook(s)", self.0.len())
    }
}
