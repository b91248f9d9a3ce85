//! Per-call overrides of the configuration's timeout and retry settings.

use std::time::Duration;

/// Settings one call may override; `None` keeps the [`crate::Config`] value.
///
/// Generated request builders set these through their `timeout`, `max_attempts` and
/// `base_delay` methods, and those of POST and PATCH operations through `retry_writes`. The connect timeout is not here: it belongs to the connection
/// pool the configuration's clients share, so it can only be set on the configuration.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
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
}
