//! Per-call overrides of the configuration's timeout and retry settings, and extra headers.

use std::time::Duration;

use crate::redact::HeaderList;

/// Settings one call may override; `None` keeps the [`crate::Config`] value.
///
/// Generated request builders set these through their `timeout`, `max_attempts` and
/// `base_delay` methods, those of POST and PATCH operations through `retry_writes`, and
/// every builder through [`CallBuilder::header`]. The connect timeout is not here: it
/// belongs to the connection pool the configuration's clients share, so it can only be set
/// on the configuration.
///
/// `Debug` hides the values of headers that carry credentials (`Authorization`, ...).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct CallOptions {
    /// The time allowed for one attempt, from sending to the end of the body.
    pub timeout: Option<Duration>,
    /// How many times the call is tried at most, the first attempt included (1: no retry).
    pub max_attempts: Option<u32>,
    /// The wait before the first retry; doubled for each further one.
    pub base_delay: Option<Duration>,
    /// Whether a non-idempotent request (POST, PATCH) is retried like an idempotent one,
    /// after a 5xx or a connection broken once it may have been sent (see
    /// [`crate::ConfigBuilder::retry_writes`]).
    pub retry_writes: Option<bool>,
    /// Extra headers of this call (name, value), checked when the call is sent.
    pub(crate) headers: HeaderList,
}

impl CallOptions {
    /// Overrides the configured per-attempt timeout.
    pub fn timeout(&mut self, timeout: Duration) {
        self.timeout = Some(timeout);
    }

    /// Overrides the configured number of attempts (the first included; 0 counts as 1).
    pub fn max_attempts(&mut self, attempts: u32) {
        self.max_attempts = Some(attempts);
    }

    /// Overrides the configured wait before the first retry.
    pub fn base_delay(&mut self, delay: Duration) {
        self.base_delay = Some(delay);
    }

    /// Overrides the configured [`crate::ConfigBuilder::retry_writes`]: `true` retries this
    /// POST or PATCH after a 5xx or a broken connection even though the server may already
    /// have acted on it, so it may be carried out twice.
    pub fn retry_writes(&mut self, retry: bool) {
        self.retry_writes = Some(retry);
    }

    /// Adds a header to this call, replacing one of the same name from the configuration's
    /// [`crate::ConfigBuilder::default_header`] or the operation's parameters (the
    /// credentials the call authenticates with are applied last and win). A name or value
    /// HTTP cannot carry (a line break) fails the call before it is sent.
    pub fn header(&mut self, name: impl Into<String>, value: impl Into<String>) {
        self.headers.set(name.into(), value.into());
    }

    /// The extra headers of this call, in the order they were added.
    pub fn headers(&self) -> &[(String, String)] {
        &self.headers.0
    }
}

/// What every generated request builder offers beside its own setters: the options of
/// one call. Bring it into scope (`use hwc_runtime::CallBuilder as _;`) to add a header
/// to one call: `client.list_books().header("X-Trace-Id", "abc").send().await`.
///
/// Generated builders implement it by handing out their options, as here:
///
/// ```
/// use hwc_runtime::{CallBuilder, CallOptions};
///
/// struct ListBooks {
///     options: CallOptions,
/// }
///
/// impl CallBuilder for ListBooks {
///     fn call_options(&mut self) -> &mut CallOptions {
///         &mut self.options
///     }
/// }
///
/// let mut call = ListBooks { options: CallOptions::default() }.header("X-Trace-Id", "abc");
/// assert_eq!(
///     call.call_options().headers(),
///     [("X-Trace-Id".to_owned(), "abc".to_owned())]
/// );
/// ```
pub trait CallBuilder: Sized {
    /// The options of this call (what generated code implements).
    fn call_options(&mut self) -> &mut CallOptions;

    /// Adds a header to this call only (see [`CallOptions::header`]).
    fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.call_options().header(name, value);
        self
    }
}
