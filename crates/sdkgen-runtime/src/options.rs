//! Per-request options ([`RequestOptions`]) and the handle a generated service sends its
//! requests through ([`ServiceCore`]): the client plus, for calls made after a service's
//! `with_options`, the options of those calls. Knows nothing of any generated operation.

// `Error` carries the whole response by value (see `client.rs`); its size is accepted.
#![allow(clippy::result_large_err)]

use std::fmt;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use url::Url;

use super::client::ClientCore;
use super::encoding::encode_component;
use super::error::Error;
use super::request::Request;
use super::response::Response;
use super::retry::RetryPolicy;

/// The header an idempotency key is sent in when the operation declares none of its own:
/// `Idempotency-Key` (the IETF draft's name, and what most APIs that take one use).
pub const IDEMPOTENCY_KEY_HEADER: &str = "Idempotency-Key";

/// Options of one call, on top of the client's settings: a timeout, extra headers and query
/// parameters, a retry policy, an idempotency key and a base URL.
///
/// Built with chained setters from [`RequestOptions::new`] (or `Default`) and passed to a
/// service's `with_options`, which applies them to every call made through the service value it
/// returns:
///
/// ```text
/// let opts = RequestOptions::new().timeout(Duration::from_secs(5)).header("X-Trace", "abc");
/// let user = client.users().with_options(&opts).get_user(&params).await?;
/// ```
///
/// * **Headers** replace a header of the same name the operation sets (a header parameter,
///   `Accept`, `User-Agent`). They never replace a header the client's credentials set for the
///   request (`Authorization`, an API key's header, `Cookie` with a cookie API key): such a call
///   fails with [`Error::InvalidRequest`] naming the header, before anything is sent. Header
///   values are marked sensitive and never shown by `Debug`.
/// * **Query parameters** follow the operation's own (an operation parameter of the same name
///   is not removed).
/// * An **invalid** header name or value, or query parameter name, fails the call with
///   [`Error::InvalidRequest`] (the setters do not fail, so they chain).
///
/// `Debug` shows header and query parameter names only, never their values, nor the idempotency
/// key.
#[derive(Clone, Default)]
pub struct RequestOptions {
    pub(super) timeout: Option<Duration>,
    pub(super) headers: HeaderMap,
    pub(super) query: Vec<(String, String)>,
    pub(super) retry: Option<RetryPolicy>,
    pub(super) idempotency_key: Option<String>,
    pub(super) base_url: Option<Url>,
    /// The first invalid header given to [`header`](Self::header): reported when the call is made.
    pub(super) invalid: Option<String>,
}

impl fmt::Debug for RequestOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RequestOptions")
            .field("timeout", &self.timeout)
            .field("header_names", &self.headers.keys().collect::<Vec<_>>())
            .field("query_keys", &self.query.iter().map(|(k, _)| k).collect::<Vec<_>>())
            .field("retry", &self.retry)
            .field("idempotency_key", &self.idempotency_key.as_ref().map(|_| "<set>"))
            .field("base_url", &self.base_url.as_ref().map(redacted))
            .finish()
    }
}

/// `url` without a password in its userinfo.
fn redacted(url: &Url) -> String {
    let mut u = url.clone();
    if u.password().is_some() {
        let _ = u.set_password(Some("REDACTED"));
    }
    u.to_string()
}

impl RequestOptions {
    /// No options: every call behaves as without them.
    pub fn new() -> Self {
        Self::default()
    }

    /// The time allowed for each attempt, from sending the request to the end of the response
    /// body, instead of the client's `timeout` (30 s unless configured). A retry starts a new
    /// attempt with the same limit; when it passes, the attempt fails with [`Error::Timeout`]
    /// (retried as the retry policy says).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Adds a request header (appended when called again with the same name). See the type's
    /// docs for how it meets the operation's and the credentials' headers.
    pub fn header(mut self, name: impl AsRef<str>, value: impl AsRef<str>) -> Self {
        let name = name.as_ref();
        let parsed = HeaderName::from_bytes(name.as_bytes())
            .ok()
            .zip(HeaderValue::from_str(value.as_ref()).ok());
        match parsed {
            Some((n, mut v)) => {
                v.set_sensitive(true);
                self.headers.append(n, v);
            }
            None => {
                if self.invalid.is_none() {
                    self.invalid = Some(format!("invalid header {name:?} in the request options"));
                }
            }
        }
        self
    }

    /// Adds a query parameter (`name=value`, both percent-encoded here), after the operation's
    /// own.
    pub fn query(mut self, name: impl AsRef<str>, value: impl AsRef<str>) -> Self {
        self.query.push((encode_component(name.as_ref()), encode_component(value.as_ref())));
        self
    }

    /// The retry policy of these calls, instead of the client's.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// An idempotency key: sent in the operation's idempotency header (a header parameter named
    /// `Idempotency-Key`, in any case), else in [`IDEMPOTENCY_KEY_HEADER`], with the same value
    /// on every attempt. A request with a key is safe to repeat, so it is retried like an
    /// idempotent one even when it is a POST or a PATCH.
    pub fn idempotency_key(mut self, key: impl Into<String>) -> Self {
        self.idempotency_key = Some(key.into());
        self
    }

    /// Sends these calls to `url` (for example `https://eu.api.example.com/v2`) instead of the
    /// client's base URL, and instead of an operation's own `servers` entry: the operation's path
    /// is appended to it, keeping its path.
    pub fn base_url(mut self, url: Url) -> Self {
        self.base_url = Some(url);
        self
    }
}

/// What a generated service sends its requests through: the client, and the options of the
/// calls (`None` for plain calls). `Copy`: a service value is two references.
#[derive(Debug, Clone, Copy)]
pub struct ServiceCore<'a> {
    core: &'a ClientCore,
    options: Option<&'a RequestOptions>,
}

impl<'a> From<&'a ClientCore> for ServiceCore<'a> {
    /// Calls through `core` without options.
    fn from(core: &'a ClientCore) -> Self {
        Self::new(core)
    }
}

impl<'a> ServiceCore<'a> {
    /// Calls through `core` without options.
    pub fn new(core: &'a ClientCore) -> Self {
        Self { core, options: None }
    }

    /// The same client with `options` for every call (replacing earlier options).
    pub fn with_options<'b>(self, options: &'b RequestOptions) -> ServiceCore<'b>
    where
        'a: 'b,
    {
        ServiceCore { core: self.core, options: Some(options) }
    }

    /// The client.
    pub fn client(&self) -> &'a ClientCore {
        self.core
    }

    /// The options of the calls, if any.
    pub fn options(&self) -> Option<&'a RequestOptions> {
        self.options
    }

    /// Sends `req` with the options (see [`ClientCore::execute_with`]).
    ///
    /// # Errors
    /// As [`ClientCore::execute_with`].
    pub async fn execute<E>(&self, req: Request) -> Result<Response<E>, Error<E>> {
        self.core.execute_with(req, self.options).await
    }

    #[cfg(feature = "stream")]
    /// Sends `req` with the options, its success body handed over as it arrives (see
    /// [`ClientCore::execute_stream_with`]).
    ///
    /// # Errors
    /// As [`ClientCore::execute_stream_with`].
    pub async fn execute_stream<E>(&self, req: Request) -> Result<super::stream::StreamResponse<E>, Error<E>> {
        self.core.execute_stream_with(req, self.options).await
    }

    /// The URL of `req` without sending it (the options' base URL and query parameters
    /// included; no credentials).
    ///
    /// # Errors
    /// [`Error::InvalidRequest`] when the result is not a valid URL.
    pub fn url_for<E>(&self, req: &Request) -> Result<Url, Error<E>> {
        self.core.url_for_with(req, self.options)
    }
}
