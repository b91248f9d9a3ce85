//! When to try a request again, and how long to wait first.

use std::time::Duration;

use http::HeaderMap;

use crate::error::is_retryable_status;
use crate::options::CallOptions;

/// Retry settings (set through [`crate::ConfigBuilder`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct RetryPolicy {
    /// Attempts in total, the first included.
    pub(crate) max_attempts: u32,
    /// The wait before the first retry; doubled for each further one.
    pub(crate) base_delay: Duration,
    /// The longest wait; a longer `Retry-After` ends the retries.
    pub(crate) max_delay: Duration,
    /// Retry POST and PATCH like idempotent methods (an explicit opt-in: they may then be
    /// carried out twice).
    pub(crate) retry_writes: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            base_delay: Duration::from_millis(250),
            max_delay: Duration::from_secs(20),
            retry_writes: false,
        }
    }
}

/// How an attempt ended, as far as retrying is concerned.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Outcome<'a> {
    /// A response arrived.
    Response { status: u16, headers: &'a HeaderMap },
    /// No connection could be made: the request was never sent, so any method may be
    /// tried again.
    ConnectFailed,
    /// The connection broke after the request may have been sent.
    TransportFailed,
    /// The attempt ran out of time after the request may have been sent.
    TimedOut,
}

impl RetryPolicy {
    /// This policy with the overrides of one call.
    pub(crate) fn with(&self, options: &CallOptions) -> RetryPolicy {
        RetryPolicy {
            max_attempts: options.max_attempts.unwrap_or(self.max_attempts),
            base_delay: options.base_delay.unwrap_or(self.base_delay),
            max_delay: self.max_delay,
            retry_writes: options.retry_writes.unwrap_or(self.retry_writes),
        }
    }

    /// The wait before the next attempt, or `None` when the outcome is final.
    ///
    /// `attempt` is the number (from 1) of the attempt that just ended; `idempotent` says
    /// whether the method may be repeated (GET, PUT, DELETE, ...). The rule:
    ///
    /// - A connection that could not be made is retried for every method: nothing was
    ///   sent.
    /// - 429 is retried for every method, POST included: it is a refusal by rate limiting
    ///   (on these clouds the API gateway's throttling), given before the request is acted
    ///   on, so repeating it after the wait cannot carry it out twice, and giving up would
    ///   turn every burst of writes into failures that waiting would have avoided.
    /// - A 5xx or a connection broken after sending is retried only for idempotent methods
    ///   (or with the `retry_writes` opt-in): the server may have acted on a POST before it
    ///   failed, and a second attempt could then create a second backup or instance.
    /// - A request timeout is never retried: the timeout bounds what the caller waits.
    pub(crate) fn next_delay(
        &self,
        attempt: u32,
        idempotent: bool,
        outcome: Outcome<'_>,
    ) -> Option<Duration> {
        if attempt >= self.max_attempts {
            return None;
        }
        let idempotent = idempotent || self.retry_writes;
        let backoff = self.backoff(attempt);
        match outcome {
            Outcome::ConnectFailed => Some(backoff),
            Outcome::TransportFailed if idempotent => Some(backoff),
            Outcome::TransportFailed | Outcome::TimedOut => None,
            Outcome::Response { status, headers } => {
                if !is_retryable_status(status) || (status != 429 && !idempotent) {
                    return None;
                }
                match retry_after(headers) {
                    // The server asks for more patience than allowed: give its answer back.
                    Some(wait) if wait > self.max_delay => None,
                    Some(wait) => Some(wait.max(backoff)),
                    None => Some(backoff),
                }
            }
        }
    }

    /// Exponential backoff with "equal jitter": a random wait between half and all of
    /// `base_delay * 2^(attempt - 1)`, capped at `max_delay`, so that many clients
    /// throttled together do not come back together.
    fn backoff(&self, attempt: u32) -> Duration {
        let factor = 2u32.saturating_pow(attempt.saturating_sub(1));
        let full = self.base_delay.saturating_mul(factor).min(self.max_delay);
        let half = full / 2;
        let jitter_nanos = u64::try_from(half.as_nanos()).unwrap_or(u64::MAX);
        half + Duration::from_nanos(rand::random_range(0..=jitter_nanos))
    }
}

/// The wait a `Retry-After` header asks for: delay-seconds or an HTTP date.
pub(crate) fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers
        .get(http::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = chrono::DateTime::parse_from_rfc2822(value).ok()?;
    let wait = date.with_timezone(&chrono::Utc) - chrono::Utc::now();
    // A date in the past means "now".
    Some(wait.to_std().unwrap_or(Duration::ZERO))
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

    fn headers(retry_after: Option<&str>) -> HeaderMap {
        let mut h = HeaderMap::new();
        if let Some(v) = retry_after {
            h.insert(http::header::RETRY_AFTER, v.parse().unwrap());
        }
        h
    }

    fn policy() -> RetryPolicy {
        RetryPolicy {
            max_attempts: 4,
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_secs(2),
            retry_writes: false,
        }
    }

    #[test]
    fn call_options_override_attempts_and_delay_only_when_set() {
        let p = policy();
        assert_eq!(p.with(&CallOptions::default()), p);
        let mut options = CallOptions::default();
        options.max_attempts(1);
        options.base_delay(Duration::from_secs(1));
        let q = p.with(&options);
        assert_eq!(q.max_attempts, 1);
        assert_eq!(q.base_delay, Duration::from_secs(1));
        assert_eq!(q.max_delay, p.max_delay);
        let ok = headers(None);
        let outcome = Outcome::Response {
            status: 503,
            headers: &ok,
        };
        assert_eq!(
            q.next_delay(1, true, outcome),
            None,
            "one attempt: no retry"
        );
        // 0 attempts would send nothing; it means the single attempt, as 1 does.
        options.max_attempts(0);
        assert_eq!(p.with(&options).next_delay(1, true, outcome), None);
    }

    #[test]
    fn backoff_grows_with_jitter_and_cap() {
        let p = policy();
        for _ in 0..50 {
            let d1 = p.backoff(1);
            assert!(d1 >= Duration::from_millis(50) && d1 <= Duration::from_millis(100));
            let d3 = p.backoff(3);
            assert!(d3 >= Duration::from_millis(200) && d3 <= Duration::from_millis(400));
            let d20 = p.backoff(20);
            assert!(d20 >= Duration::from_secs(1) && d20 <= Duration::from_secs(2));
        }
        assert!(p.backoff(u32::MAX) <= Duration::from_secs(2));
    }

    #[test]
    fn what_is_retried() {
        let p = policy();
        let h = headers(None);
        let resp = |status| Outcome::Response {
            status,
            headers: &h,
        };
        assert!(p.next_delay(1, true, resp(503)).is_some());
        assert!(p.next_delay(1, false, resp(503)).is_none());
        assert!(p.next_delay(1, false, resp(429)).is_some());
        assert!(p.next_delay(1, true, resp(404)).is_none());
        assert!(p.next_delay(1, true, resp(501)).is_none());
        assert!(p.next_delay(1, false, Outcome::ConnectFailed).is_some());
        assert!(p.next_delay(1, true, Outcome::TransportFailed).is_some());
        assert!(p.next_delay(1, false, Outcome::TransportFailed).is_none());
        assert!(p.next_delay(1, true, Outcome::TimedOut).is_none());
        // The last attempt is final whatever happened.
        assert!(p.next_delay(4, true, resp(503)).is_none());
    }

    #[test]
    fn retry_writes_makes_writes_retried_like_idempotent_calls() {
        let h = headers(None);
        let resp = |status| Outcome::Response {
            status,
            headers: &h,
        };
        let mut options = CallOptions::default();
        options.retry_writes(true);
        let p = policy().with(&options);
        assert!(p.retry_writes);
        assert!(p.next_delay(1, false, resp(500)).is_some());
        assert!(p.next_delay(1, false, Outcome::TransportFailed).is_some());
        // What is never retried stays so.
        assert!(p.next_delay(1, false, resp(400)).is_none());
        assert!(p.next_delay(1, false, Outcome::TimedOut).is_none());
        assert!(p.next_delay(4, false, resp(500)).is_none());

        // A call can also turn off what the configuration turned on.
        let configured = RetryPolicy {
            retry_writes: true,
            ..policy()
        };
        let mut off = CallOptions::default();
        off.retry_writes(false);
        assert!(configured.next_delay(1, false, resp(502)).is_some());
        assert!(
            configured
                .with(&off)
                .next_delay(1, false, resp(502))
                .is_none()
        );
        assert!(configured.with(&CallOptions::default()).retry_writes);
    }

    #[test]
    fn retry_after_is_honoured_within_the_cap() {
        let p = policy();
        let h = headers(Some("1"));
        let d = p
            .next_delay(
                1,
                true,
                Outcome::Response {
                    status: 429,
                    headers: &h,
                },
            )
            .unwrap();
        assert_eq!(d, Duration::from_secs(1));
        let h = headers(Some("60"));
        assert!(
            p.next_delay(
                1,
                true,
                Outcome::Response {
                    status: 429,
                    headers: &h
                }
            )
            .is_none()
        );
    }

    #[test]
    fn retry_after_formats() {
        assert_eq!(
            retry_after(&headers(Some(" 7 "))),
            Some(Duration::from_secs(7))
        );
        assert_eq!(
            retry_after(&headers(Some("Wed, 21 Oct 2015 07:28:00 GMT"))),
            Some(Duration::ZERO)
        );
        let soon = chrono::Utc::now() + chrono::Duration::seconds(30);
        let wait = retry_after(&headers(Some(&soon.to_rfc2822()))).unwrap();
        assert!(wait > Duration::from_secs(25) && wait <= Duration::from_secs(30));
        assert_eq!(retry_after(&headers(Some("soon"))), None);
        assert_eq!(retry_after(&headers(None)), None);
    }
}
