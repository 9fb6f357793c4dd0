//! Retry policy: which failures are retried and how long to wait.

use std::time::Duration;

use reqwest::StatusCode;
use reqwest::header::HeaderMap;

use super::error::parse_retry_after;

/// 64 random-enough bits for backoff jitter (not for secrets): std's per-process random hash
/// keys, varied per call by a counter and the clock.
fn jitter() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    use std::sync::atomic::{AtomicU64, Ordering};
    static CALLS: AtomicU64 = AtomicU64::new(0);
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u64(CALLS.fetch_add(1, Ordering::Relaxed));
    if let Ok(t) = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
        h.write_u128(t.as_nanos());
    }
    h.finish()
}

/// A fresh idempotency key: 128 bits from [`jitter`] (std's per-process random hash keys, a
/// counter and the clock; unique, not secret) written as a version-4-shaped UUID.
pub(super) fn idempotency_key() -> String {
    let hi = jitter();
    let lo = jitter();
    let hi = (hi & 0xffff_ffff_ffff_0fff) | 0x0000_0000_0000_4000;
    let lo = (lo & 0x3fff_ffff_ffff_ffff) | 0x8000_0000_0000_0000;
    format!(
        "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
        hi >> 32,
        (hi >> 16) & 0xffff,
        hi & 0xffff,
        lo >> 48,
        lo & 0xffff_ffff_ffff
    )
}

/// When and how a request is retried.
///
/// * Connection failures where the request was never sent are retried for every method.
/// * Idempotent requests (see [`Request::idempotent`](super::request::Request::idempotent)) are
///   also retried after a timeout, a transport error, and on 429, 502, 503 and 504. A request
///   that carries an idempotency key (from
///   [`RequestOptions::idempotency_key`](super::options::RequestOptions::idempotency_key), or
///   because its operation declares an `Idempotency-Key` header) counts as idempotent whatever
///   its method: the server answers a repeat as it answered the first.
/// * Non-idempotent requests (every POST by default) are never retried once they may have reached
///   the server (an authorization code or a refresh token must not be sent twice), except for a
///   429 or 503 response carrying `Retry-After` (the server did not process it) when
///   [`retry_on_retry_after`](Self::retry_on_retry_after) is on.
///
/// The delay is the `Retry-After` value (RFC 9110 §10.2.3) when present — if it is longer than
/// [`max_retry_after`](Self::max_retry_after) the error is returned instead — otherwise an
/// exponential backoff with full jitter: a random duration in
/// `[0, min(max_backoff, initial_backoff * 2^attempt)]`, drawn from the OS random source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    max_retries: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    max_retry_after: Duration,
    retry_on_retry_after: bool,
}

impl Default for RetryPolicy {
    /// 2 retries, backoff from 200 ms capped at 10 s, `Retry-After` honoured up to 60 s,
    /// `retry_on_retry_after` on.
    fn default() -> Self {
        Self {
            max_retries: 2,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(10),
            max_retry_after: Duration::from_secs(60),
            retry_on_retry_after: true,
        }
    }
}

impl RetryPolicy {
    /// A policy that never retries.
    pub fn none() -> Self {
        Self {
            max_retries: 0,
            ..Self::default()
        }
    }

    /// Sets the maximum number of retries (attempts = retries + 1).
    pub fn max_retries(mut self, n: u32) -> Self {
        self.max_retries = n;
        self
    }

    /// Sets the backoff base (the cap of the first retry's random delay).
    pub fn initial_backoff(mut self, d: Duration) -> Self {
        self.initial_backoff = d;
        self
    }

    /// Sets the cap of the exponential backoff.
    pub fn max_backoff(mut self, d: Duration) -> Self {
        self.max_backoff = d;
        self
    }

    /// Sets the longest `Retry-After` delay that is waited for; a longer one ends the retries.
    pub fn max_retry_after(mut self, d: Duration) -> Self {
        self.max_retry_after = d;
        self
    }

    /// Whether non-idempotent requests are retried on 429/503 with `Retry-After`.
    pub fn retry_on_retry_after(mut self, on: bool) -> Self {
        self.retry_on_retry_after = on;
        self
    }

    /// The configured maximum number of retries.
    pub fn retries(&self) -> u32 {
        self.max_retries
    }

    /// The random backoff before retry number `retry` (0-based): uniform in
    /// `[0, min(max_backoff, initial_backoff * 2^retry)]`.
    pub fn backoff(&self, retry: u32) -> Duration {
        let factor = 1u32.checked_shl(retry.min(31)).unwrap_or(u32::MAX);
        let cap = self
            .initial_backoff
            .checked_mul(factor)
            .unwrap_or(self.max_backoff)
            .min(self.max_backoff);
        let cap_nanos = u64::try_from(cap.as_nanos()).unwrap_or(u64::MAX);
        if cap_nanos == 0 {
            return Duration::ZERO;
        }
        Duration::from_nanos(jitter() % cap_nanos.saturating_add(1))
    }

    /// The delay before retrying a request that got `status`, or `None` when it must not be
    /// retried. `retry` is the number of retries already done.
    pub fn for_response(
        &self,
        status: StatusCode,
        headers: &HeaderMap,
        idempotent: bool,
        retry: u32,
    ) -> Option<Duration> {
        if retry >= self.max_retries {
            return None;
        }
        let retry_after = match status.as_u16() {
            429 | 503 => parse_retry_after(headers),
            _ => None,
        };
        let eligible = match status.as_u16() {
            429 | 502 | 503 | 504 if idempotent => true,
            429 | 503 => self.retry_on_retry_after && retry_after.is_some(),
            _ => false,
        };
        if !eligible {
            return None;
        }
        match retry_after {
            Some(d) if d > self.max_retry_after => None,
            Some(d) => Some(d),
            None => Some(self.backoff(retry)),
        }
    }

    /// The delay before retrying after a transport failure, or `None`. `sent` is false when the
    /// connection could not be established (the request never left), which is safe to retry for
    /// any method.
    pub fn for_failure(&self, sent: bool, idempotent: bool, retry: u32) -> Option<Duration> {
        if retry >= self.max_retries || (sent && !idempotent) {
            return None;
        }
        Some(self.backoff(retry))
    }
}
