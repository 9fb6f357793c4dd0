//! A fully read HTTP response and the helpers generated code uses to turn it into a result.

// `Error` deliberately carries the whole response (status, headers, raw body) by value so that
// callers can match on it directly; its size is accepted.
#![allow(clippy::result_large_err)]

use std::fmt;
use std::marker::PhantomData;
use std::str::FromStr;

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use serde::de::{DeserializeOwned, Error as _};
use url::Url;

use super::error::{Error, cap_error_body};

/// A response whose body has been read completely.
///
/// `E` is the error body type of the operation (the `E` of [`Error<E>`]), so that
/// `resp.json::<T>()` returns `Result<T, Error<E>>` with `E` inferred from the operation's
/// signature.
///
/// `Debug` shows the status, the header names and the body length (bodies may hold tokens).
pub struct Response<E = serde_json::Value> {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
    url: Option<Url>,
    /// The call's span (feature `tracing`): kept open while the body is decoded, so a decode
    /// failure is recorded on it.
    #[cfg(feature = "tracing")]
    span: tracing::Span,
    _error: PhantomData<fn() -> E>,
}

impl<E> Clone for Response<E> {
    fn clone(&self) -> Self {
        Self {
            status: self.status,
            headers: self.headers.clone(),
            body: self.body.clone(),
            url: self.url.clone(),
            #[cfg(feature = "tracing")]
            span: self.span.clone(),
            _error: PhantomData,
        }
    }
}

impl<E> fmt::Debug for Response<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Response")
            .field("status", &self.status)
            .field("header_names", &self.headers.keys().collect::<Vec<_>>())
            .field("body_len", &self.body.len())
            .finish()
    }
}

impl<E> Response<E> {
    /// Creates a response from its parts. `url` is the request URL (used to resolve a relative
    /// `Location`).
    pub fn new(status: StatusCode, headers: HeaderMap, body: Bytes, url: Option<Url>) -> Self {
        Self {
            status,
            headers,
            body,
            url,
            #[cfg(feature = "tracing")]
            span: tracing::Span::none(),
            _error: PhantomData,
        }
    }

    /// The same response with the request URL set.
    pub(super) fn with_url(mut self, url: Url) -> Self {
        self.url = Some(url);
        self
    }

    /// The same response inside the call's span (feature `tracing`).
    #[cfg(feature = "tracing")]
    pub(super) fn in_span(mut self, span: tracing::Span) -> Self {
        self.span = span;
        self
    }

    /// Records a decode failure on the call's span (feature `tracing`): its `error` field.
    fn trace_decode_failure(&self) {
        #[cfg(feature = "tracing")]
        self.span.record("error", "decode");
    }

    /// The same response for an operation with another error body type.
    pub fn retype<E2>(self) -> Response<E2> {
        Response {
            status: self.status,
            headers: self.headers,
            body: self.body,
            url: self.url,
            #[cfg(feature = "tracing")]
            span: self.span,
            _error: PhantomData,
        }
    }

    /// The status code.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The request URL, without credentials added to the query (API keys are not included).
    pub fn url(&self) -> Option<&Url> {
        self.url.as_ref()
    }

    /// The body (a cheap reference-counted copy).
    pub fn bytes(&self) -> Bytes {
        self.body.clone()
    }

    /// Consumes the response and returns the body.
    pub fn into_bytes(self) -> Bytes {
        self.body
    }

    /// The body as UTF-8 text.
    ///
    /// # Errors
    /// [`Error::Decode`] when the body is not valid UTF-8.
    pub fn text(&self) -> Result<String, Error<E>> {
        match std::str::from_utf8(&self.body) {
            Ok(s) => Ok(s.to_string()),
            Err(e) => Err(self.decode_error(serde_json::Error::custom(format!(
                "response body is not valid UTF-8: {e}"
            )))),
        }
    }

    /// Decodes the JSON body as `T`. An empty body is decoded as JSON `null` (so `()` and
    /// `Option<_>` accept it).
    ///
    /// # Errors
    /// [`Error::Decode`] (status, headers, raw body and the path of the failing field kept) when
    /// the body is not valid JSON for `T` (malformed, truncated, a missing or mistyped field, an
    /// HTML page).
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, Error<E>> {
        self.decode()
    }

    #[cfg(feature = "formats")]
    /// Decodes the JSON body as `T` through the `serde_with` adapter `A`: a whole body that is
    /// a typed value (`Vec<jiff::Timestamp>` read by `Vec<formats::DateTime>`), read as
    /// tolerantly as the same value in a model's field.
    ///
    /// # Errors
    /// As [`json`](Self::json).
    pub fn json_as<T, A: for<'de> serde_with::DeserializeAs<'de, T>>(&self) -> Result<T, Error<E>> {
        self.decode::<serde_with::de::DeserializeAsWrap<T, A>, E>().map(serde_with::de::DeserializeAsWrap::into_inner)
    }

    fn decode<T: DeserializeOwned, E2>(&self) -> Result<T, Error<E2>> {
        decode_json(self.json_data()).map_err(|(path, error)| {
            self.trace_decode_failure();
            self.decode_error_at(path, error)
        })
    }

    fn decode_error_at<B>(&self, path: String, error: serde_json::Error) -> Error<B> {
        Error::Decode {
            status: self.status,
            headers: self.headers.clone(),
            body: self.body.clone(),
            path,
            error,
        }
    }

    fn json_data(&self) -> &[u8] {
        if self.body.iter().all(u8::is_ascii_whitespace) {
            b"null"
        } else {
            &self.body
        }
    }

    /// Returns `Ok(())` whatever the body is (for documented responses without content).
    ///
    /// # Errors
    /// Never fails; the `Result` matches the other helpers.
    pub fn empty(&self) -> Result<(), Error<E>> {
        Ok(())
    }

    /// Builds [`Error::Api`] for a documented error status whose body is documented as `B`:
    /// `body` is `Some` when the body decodes as `B`, `None` otherwise (the raw body is kept
    /// either way, capped at [`MAX_ERROR_BODY`](super::error::MAX_ERROR_BODY)).
    pub fn api_error<B: DeserializeOwned>(&self) -> Error<B> {
        self.api_error_with(|b: B| b)
    }

    /// Like [`api_error`](Self::api_error) for an operation whose error body is an enum by
    /// status: the body is decoded as `B` and wrapped with `variant` (for example
    /// `GetWidgetErrorBody::NotFound`).
    pub fn api_error_with<B: DeserializeOwned, E2>(&self, variant: impl FnOnce(B) -> E2) -> Error<E2> {
        let body = serde_json::from_slice::<B>(self.json_data()).ok().map(variant);
        Error::Api {
            status: self.status,
            headers: self.headers.clone(),
            body,
            raw: cap_error_body(&self.body),
        }
    }

    /// Builds [`Error::Api`] without a typed body, for a documented error status that documents
    /// no JSON body.
    pub fn documented_error<E2>(&self) -> Error<E2> {
        Error::Api {
            status: self.status,
            headers: self.headers.clone(),
            body: None,
            raw: cap_error_body(&self.body),
        }
    }

    /// Builds [`Error::UnexpectedStatus`] for an undocumented status, keeping the raw body
    /// (capped at [`MAX_ERROR_BODY`](super::error::MAX_ERROR_BODY)).
    pub fn unexpected<B>(&self) -> Error<B> {
        Error::UnexpectedStatus {
            status: self.status,
            headers: self.headers.clone(),
            body: cap_error_body(&self.body),
        }
    }

    /// `Err(self.api_error())`: a documented error status's arm in one call.
    ///
    /// # Errors
    /// Always: [`Error::Api`], as [`api_error`](Self::api_error) builds it.
    pub fn api_err<T, B: DeserializeOwned>(&self) -> Result<T, Error<B>> {
        Err(self.api_error())
    }

    /// `Err(self.api_error_with(variant))`: a documented error status's arm in one call, for an
    /// error body that is an enum by status.
    ///
    /// # Errors
    /// Always: [`Error::Api`], as [`api_error_with`](Self::api_error_with) builds it.
    pub fn api_err_with<T, B: DeserializeOwned, E2>(
        &self,
        variant: impl FnOnce(B) -> E2,
    ) -> Result<T, Error<E2>> {
        Err(self.api_error_with(variant))
    }

    /// `Err(self.documented_error())`: the arm of a documented error status without a body.
    ///
    /// # Errors
    /// Always: [`Error::Api`] without a typed body.
    pub fn documented_err<T, E2>(&self) -> Result<T, Error<E2>> {
        Err(self.documented_error())
    }

    /// `Err(self.unexpected())`: the arm of every undocumented status.
    ///
    /// # Errors
    /// Always: [`Error::UnexpectedStatus`].
    pub fn unexpected_err<T, B>(&self) -> Result<T, Error<B>> {
        Err(self.unexpected())
    }

    /// Returns the response as a [`Redirect`] (for documented 3xx responses; the SDK never follows
    /// redirects).
    pub fn redirect(&self) -> Redirect {
        Redirect {
            status: self.status,
            location: self
                .headers
                .get(reqwest::header::LOCATION)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string),
            headers: self.headers.clone(),
            request_url: self.url.clone(),
        }
    }

    /// Parses the first value of a response header with [`FromStr`]; `None` when it is absent,
    /// not text, or does not parse.
    pub fn header<T: FromStr>(&self, name: &str) -> Option<T> {
        self.headers.get(name)?.to_str().ok()?.trim().parse().ok()
    }

    fn decode_error<B>(&self, source: serde_json::Error) -> Error<B> {
        self.trace_decode_failure();
        self.decode_error_at(".".to_string(), source)
    }
}

/// A redirect response (3xx) returned to the caller instead of being followed.
///
/// For the OAuth 2.0 authorization endpoint the `Location` carries the authorization response
/// (RFC 6749 §4.1.2: `code`, `state`; §4.1.2.1: `error`, `error_description`; RFC 9207: `iss`).
/// `Debug` hides the `Location` query and fragment (they may carry an authorization code).
#[derive(Clone)]
pub struct Redirect {
    /// The status (301, 302, 303, 307, 308, ...).
    pub status: StatusCode,
    /// The `Location` header as sent, if any.
    pub location: Option<String>,
    /// All response headers.
    pub headers: HeaderMap,
    /// The URL of the request, used to resolve a relative `Location`.
    pub request_url: Option<Url>,
}

impl fmt::Debug for Redirect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let loc = self.location.as_deref().map(|l| {
            let end = l.find(['?', '#']).unwrap_or(l.len());
            let shown = l.get(..end).unwrap_or_default();
            if end < l.len() {
                format!("{shown}?<redacted>")
            } else {
                shown.to_string()
            }
        });
        f.debug_struct("Redirect")
            .field("status", &self.status)
            .field("location", &loc)
            .finish()
    }
}

impl Redirect {
    /// The `Location` as an absolute URL (resolved against the request URL when relative).
    pub fn location_url(&self) -> Option<Url> {
        let loc = self.location.as_deref()?;
        match Url::parse(loc) {
            Ok(u) => Some(u),
            Err(url::ParseError::RelativeUrlWithoutBase) => {
                self.request_url.as_ref()?.join(loc).ok()
            }
            Err(_) => None,
        }
    }

    /// The first value of a parameter of the `Location`: looked up in the query, then in the
    /// fragment (`response_mode=fragment`). Percent-decoded.
    pub fn query(&self, name: &str) -> Option<String> {
        let url = self.location_url()?;
        if let Some((_, v)) = url.query_pairs().find(|(k, _)| k == name) {
            return Some(v.into_owned());
        }
        let fragment = url.fragment()?;
        url::form_urlencoded::parse(fragment.as_bytes())
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.into_owned())
    }

    /// `code`: the authorization code (RFC 6749 §4.1.2).
    pub fn code(&self) -> Option<String> {
        self.query("code")
    }

    /// `state` (RFC 6749 §4.1.2): compare with the value sent in the authorization request.
    pub fn state(&self) -> Option<String> {
        self.query("state")
    }

    /// `error` (RFC 6749 §4.1.2.1).
    pub fn error(&self) -> Option<String> {
        self.query("error")
    }

    /// `error_description` (RFC 6749 §4.1.2.1).
    pub fn error_description(&self) -> Option<String> {
        self.query("error_description")
    }

    /// `iss`: the issuer identifier (RFC 9207 §2).
    pub fn iss(&self) -> Option<String> {
        self.query("iss")
    }
}

/// Decodes `data` as JSON `T`; on failure, the path of the failing field (`.` for the root,
/// `owner.id` for a missing field) and serde's error.
pub(super) fn decode_json<T: DeserializeOwned>(data: &[u8]) -> Result<T, (String, serde_json::Error)> {
    // One retry budget for the untagged unions of the whole body (not one per union value).
    match super::union::with_retry_budget(data.len(), || serde_json::from_slice(data)) {
        Ok(v) => Ok(v),
        // Decode again, tracking the path, only on failure (the common case stays fast).
        Err(first) => {
            let mut de = serde_json::Deserializer::from_slice(data);
            let tracked = super::union::with_retry_budget(data.len(), || serde_path_to_error::deserialize::<_, T>(&mut de));
            let (mut path, source) = match tracked {
                Err(e) => (e.path().to_string(), e.into_inner()),
                Ok(_) => (".".to_string(), first),
            };
            // serde reports a missing field at its object; name the field itself.
            let message = source.to_string();
            if let Some(field) = message.strip_prefix("missing field `").and_then(|r| r.split('`').next()) {
                path = if path == "." { field.to_string() } else { format!("{path}.{field}") };
            }
            Err((path, source))
        }
    }
}
