//! The error type returned by every generated operation, and OAuth 2.0 error bodies.

use std::fmt;
use std::time::{Duration, SystemTime};

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use serde::Deserialize;

use super::encoding::EncodeError;
use super::hooks::HookError;
#[cfg(feature = "oauth")]
use super::token::TokenResponse;

/// The most bytes of an error response body kept in [`Error::Api`] and
/// [`Error::UnexpectedStatus`] (64 KiB); the typed body is decoded from the whole body first.
pub const MAX_ERROR_BODY: usize = 64 * 1024;

/// Error of an API call. `E` is the type of the documented error body of the operation: one
/// schema, an enum by status when the operation documents several, or `serde_json::Value` when
/// it documents none.
///
/// Display and `Debug` never contain credentials nor any part of a response body: transport
/// errors are stripped of their URL (which may carry an API key in the query), and response
/// bodies (which may echo a rejected token) and header values (which may set cookies) are shown
/// only as sizes and names; read them with [`Error::raw_body`], [`Error::api_body`] and
/// [`Error::headers`].
#[derive(thiserror::Error)]
#[non_exhaustive]
pub enum Error<E = serde_json::Value> {
    /// The server answered with a status the operation documents as an error (an exact code, a
    /// range such as `4XX`, or `default`), whatever its body.
    #[error("API error: HTTP {status}")]
    Api {
        /// Response status.
        status: StatusCode,
        /// Response headers.
        headers: HeaderMap,
        /// The body decoded as documented for this status; `None` when the status documents no
        /// JSON body or the body did not decode (the raw body is kept either way).
        body: Option<E>,
        /// The raw response body (its first [`MAX_ERROR_BODY`] bytes).
        raw: Bytes,
    },
    /// The server answered with a status the operation does not document.
    #[error("unexpected HTTP status {status}")]
    UnexpectedStatus {
        /// Response status.
        status: StatusCode,
        /// Response headers.
        headers: HeaderMap,
        /// The raw response body (its first [`MAX_ERROR_BODY`] bytes).
        body: Bytes,
    },
    /// A success response whose body could not be decoded as documented (malformed or truncated
    /// JSON, a missing or mistyped field, an HTML page, invalid UTF-8 for a text body).
    #[error(
        "failed to decode the response body (HTTP {status}) at `{path}`: {:?} error at line {} column {}",
        error.classify(),
        error.line(),
        error.column()
    )]
    Decode {
        /// Response status.
        status: StatusCode,
        /// Response headers.
        headers: HeaderMap,
        /// The raw response body, whole.
        body: Bytes,
        /// Where decoding failed: the path of fields and indexes from the root (`.` for the
        /// root itself), for example `expires_in` or `errors[0].message`.
        path: String,
        /// The decoding error. Its `Display` may quote body content: do not log it. It is
        /// deliberately not the error's `source()`, so error reporters that print the chain
        /// (`anyhow`'s `{:#}`) cannot show body content.
        error: serde_json::Error,
    },
    /// The response body is longer than the client's limit (see the client builder's
    /// `max_response_size`); reading stopped there.
    #[error("the response body (HTTP {status}) exceeds the limit of {limit} bytes")]
    ResponseTooLarge {
        /// Response status.
        status: StatusCode,
        /// The configured limit, in bytes.
        limit: usize,
    },
    /// One item of a streamed response (the data of a server-sent event, a JSON line) that does
    /// not decode as documented. The stream goes on with the next item.
    #[error(
        "failed to decode item {index} of the response stream at `{path}`: {:?} error at line {} column {}",
        error.classify(),
        error.line(),
        error.column()
    )]
    DecodeItem {
        /// The item's position in the stream, from 0 (events and lines alike).
        index: u64,
        /// The server-sent event's type (its `event` field), when it has one.
        event: Option<String>,
        /// The server-sent event's `id`, when it has one.
        id: Option<String>,
        /// The item as received.
        data: Bytes,
        /// Where decoding failed, as in [`Error::Decode`].
        path: String,
        /// The decoding error (not the `source()`: its `Display` may quote the data).
        error: serde_json::Error,
    },
    /// One item of a streamed response (a JSON line, a server-sent event) is longer than the
    /// client's `max_response_size`; the stream ends there, having buffered at most that much.
    #[error("an item of the response stream exceeds the limit of {limit} bytes")]
    ItemTooLarge {
        /// The configured limit, in bytes.
        limit: usize,
    },
    /// The request (connect, send or reading the response) did not finish within the configured
    /// timeout.
    #[error("the request timed out")]
    Timeout,
    /// The connection could not be established (DNS failure, connection refused, TLS handshake
    /// failure); the request was not sent.
    #[error("connection failed: {0}")]
    Connect(#[source] reqwest::Error),
    /// Another transport failure (connection reset while sending or receiving, HTTP protocol
    /// error).
    #[error("transport error: {0}")]
    Transport(#[source] reqwest::Error),
    /// A parameter or the body could not be serialized.
    #[error("failed to encode the request: {0}")]
    Encode(#[from] EncodeError),
    /// The request could not be built (invalid base URL, invalid header value, invalid client
    /// configuration).
    #[error("invalid request: {0}")]
    InvalidRequest(String),
    /// Client authentication could not be prepared (for example signing the JWT client assertion
    /// of RFC 7523 failed because the private key is not valid PEM).
    #[error("client authentication failed: {0}")]
    ClientAuth(String),
    /// A request hook (see the client builder's `hook`) returned this error; the request was
    /// not sent again.
    #[error("a request hook failed: {0}")]
    Hook(#[source] HookError),
    #[cfg(feature = "pagination")]
    /// Walking the pages of a paged operation stopped because it would never end or would leave
    /// the API: the server sent a next-page cursor or link it had already sent, the same offset
    /// or page-number page twice, or a next link to another origin. The pages before were
    /// yielded; `page` is the number of the page that carried it (from 1).
    #[error("pagination stopped after page {page}: {reason}")]
    Pagination {
        /// The number of the last page received (the first is 1).
        page: usize,
        /// What the server sent.
        reason: String,
    },
}

impl<E> Error<E> {
    /// The HTTP status of the response, for the variants that carry one.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api { status, .. }
            | Error::UnexpectedStatus { status, .. }
            | Error::Decode { status, .. }
            | Error::ResponseTooLarge { status, .. } => Some(*status),
            Error::Connect(e) | Error::Transport(e) => e.status(),
            _ => None,
        }
    }

    /// The response headers, for the variants that carry a response.
    pub fn headers(&self) -> Option<&HeaderMap> {
        match self {
            Error::Api { headers, .. }
            | Error::UnexpectedStatus { headers, .. }
            | Error::Decode { headers, .. } => Some(headers),
            _ => None,
        }
    }

    /// The raw response body, for the variants that carry a response.
    pub fn raw_body(&self) -> Option<&[u8]> {
        match self {
            Error::Api { raw, .. } => Some(raw),
            Error::UnexpectedStatus { body, .. } | Error::Decode { body, .. } => Some(body),
            _ => None,
        }
    }

    /// The typed body of [`Error::Api`], when it decoded as documented.
    pub fn api_body(&self) -> Option<&E> {
        match self {
            Error::Api { body, .. } => body.as_ref(),
            _ => None,
        }
    }

    /// The delay requested by a `Retry-After` header (RFC 9110 §10.2.3) on a 429 or 503
    /// response: either delta-seconds or an HTTP-date (a date in the past gives zero).
    pub fn retry_after(&self) -> Option<Duration> {
        let status = self.status()?;
        if status != StatusCode::TOO_MANY_REQUESTS && status != StatusCode::SERVICE_UNAVAILABLE {
            return None;
        }
        parse_retry_after(self.headers()?)
    }

    /// Parses the body of an error response as an OAuth 2.0 error (RFC 6749 §5.2: `error`,
    /// `error_description`, `error_uri`; also RingCentral-style `errors[]` items), whether or
    /// not the typed body decoded. Returns `None` when there is no body or it is not such an
    /// error object.
    pub fn oauth_error(&self) -> Option<OAuthErrorBody> {
        OAuthErrorBody::parse(self.raw_body()?)
    }

    #[cfg(feature = "oauth")]
    /// The RFC 6749 §5.1 fields of a success response whose full typed decode failed (a token
    /// endpoint answer the typed model rejects): the tokens the server issued are not lost.
    /// `None` for other errors and for bodies without them.
    pub fn token_response(&self) -> Option<TokenResponse> {
        match self {
            Error::Decode { status, body, .. } if status.is_success() => TokenResponse::parse(body),
            _ => None,
        }
    }

    /// Whether this is a timeout.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Timeout)
    }

    /// Converts the error to another documented body type: [`Error::Api`] becomes
    /// [`Error::UnexpectedStatus`] (the raw body is kept), every other variant is unchanged.
    pub fn retype<E2>(self) -> Error<E2> {
        match self {
            Error::Api {
                status,
                headers,
                raw,
                ..
            } => Error::UnexpectedStatus {
                status,
                headers,
                body: raw,
            },
            Error::UnexpectedStatus {
                status,
                headers,
                body,
            } => Error::UnexpectedStatus {
                status,
                headers,
                body,
            },
            Error::Decode {
                status,
                headers,
                body,
                path,
                error,
            } => Error::Decode {
                status,
                headers,
                body,
                path,
                error,
            },
            Error::ResponseTooLarge { status, limit } => Error::ResponseTooLarge { status, limit },
            Error::DecodeItem { index, event, id, data, path, error } => {
                Error::DecodeItem { index, event, id, data, path, error }
            }
            Error::ItemTooLarge { limit } => Error::ItemTooLarge { limit },
            Error::Timeout => Error::Timeout,
            Error::Connect(e) => Error::Connect(e),
            Error::Transport(e) => Error::Transport(e),
            Error::Encode(e) => Error::Encode(e),
            Error::InvalidRequest(s) => Error::InvalidRequest(s),
            Error::ClientAuth(s) => Error::ClientAuth(s),
            Error::Hook(e) => Error::Hook(e),
            #[cfg(feature = "pagination")]
            Error::Pagination { page, reason } => Error::Pagination { page, reason },
        }
    }

    /// The same error with its documented body as JSON: [`Error::Api`] keeps its status, headers
    /// and raw body, and its body is the raw body read as JSON (`None` when it is not JSON);
    /// every other variant is unchanged. For code that handles the errors of several operations
    /// alike (the OAuth flows over an API's own token operations).
    pub fn into_json(self) -> Error<serde_json::Value> {
        match self {
            Error::Api {
                status,
                headers,
                raw,
                ..
            } => Error::Api {
                status,
                headers,
                body: serde_json::from_slice(&raw).ok(),
                raw,
            },
            other => other.retype(),
        }
    }

    /// Maps a transport error from reqwest, stripping the URL (it may contain an API key).
    pub(super) fn from_reqwest(e: reqwest::Error) -> Self {
        let e = e.without_url();
        if e.is_timeout() {
            Error::Timeout
        } else if e.is_connect() {
            Error::Connect(e)
        } else if e.is_builder() {
            Error::InvalidRequest(e.to_string())
        } else {
            Error::Transport(e)
        }
    }
}

/// The first [`MAX_ERROR_BODY`] bytes of an error body (copied when cut, so the rest is freed).
pub(super) fn cap_error_body(body: &Bytes) -> Bytes {
    if body.len() <= MAX_ERROR_BODY {
        body.clone()
    } else {
        Bytes::copy_from_slice(body.get(..MAX_ERROR_BODY).unwrap_or_default())
    }
}

/// Parses a `Retry-After` header (RFC 9110 §10.2.3): delta-seconds or an HTTP-date.
pub fn parse_retry_after(headers: &HeaderMap) -> Option<Duration> {
    let v = headers
        .get(reqwest::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim();
    if let Ok(secs) = v.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let date = httpdate::parse_http_date(v).ok()?;
    Some(
        date.duration_since(SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

/// OAuth 2.0 error codes (RFC 6749 §4.1.2.1, §5.2; RFC 6750 §3.1; RFC 7009 §2.2.1; RFC 8628
/// §3.5).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum OAuthErrorCode {
    /// `invalid_request`
    InvalidRequest,
    /// `invalid_client`
    InvalidClient,
    /// `invalid_grant`
    InvalidGrant,
    /// `unauthorized_client`
    UnauthorizedClient,
    /// `unsupported_grant_type`
    UnsupportedGrantType,
    /// `invalid_scope`
    InvalidScope,
    /// `access_denied`
    AccessDenied,
    /// `unsupported_response_type`
    UnsupportedResponseType,
    /// `server_error`
    ServerError,
    /// `temporarily_unavailable`
    TemporarilyUnavailable,
    /// `invalid_token` (RFC 6750)
    InvalidToken,
    /// `insufficient_scope` (RFC 6750)
    InsufficientScope,
    /// `unsupported_token_type` (RFC 7009)
    UnsupportedTokenType,
    /// `authorization_pending` (RFC 8628)
    AuthorizationPending,
    /// `slow_down` (RFC 8628)
    SlowDown,
    /// `expired_token` (RFC 8628)
    ExpiredToken,
    /// Any other code, as sent.
    Other(String),
}

impl OAuthErrorCode {
    /// The wire form of the code.
    pub fn as_str(&self) -> &str {
        match self {
            Self::InvalidRequest => "invalid_request",
            Self::InvalidClient => "invalid_client",
            Self::InvalidGrant => "invalid_grant",
            Self::UnauthorizedClient => "unauthorized_client",
            Self::UnsupportedGrantType => "unsupported_grant_type",
            Self::InvalidScope => "invalid_scope",
            Self::AccessDenied => "access_denied",
            Self::UnsupportedResponseType => "unsupported_response_type",
            Self::ServerError => "server_error",
            Self::TemporarilyUnavailable => "temporarily_unavailable",
            Self::InvalidToken => "invalid_token",
            Self::InsufficientScope => "insufficient_scope",
            Self::UnsupportedTokenType => "unsupported_token_type",
            Self::AuthorizationPending => "authorization_pending",
            Self::SlowDown => "slow_down",
            Self::ExpiredToken => "expired_token",
            Self::Other(s) => s,
        }
    }
}

impl From<&str> for OAuthErrorCode {
    fn from(s: &str) -> Self {
        match s {
            "invalid_request" => Self::InvalidRequest,
            "invalid_client" => Self::InvalidClient,
            "invalid_grant" => Self::InvalidGrant,
            "unauthorized_client" => Self::UnauthorizedClient,
            "unsupported_grant_type" => Self::UnsupportedGrantType,
            "invalid_scope" => Self::InvalidScope,
            "access_denied" => Self::AccessDenied,
            "unsupported_response_type" => Self::UnsupportedResponseType,
            "server_error" => Self::ServerError,
            "temporarily_unavailable" => Self::TemporarilyUnavailable,
            "invalid_token" => Self::InvalidToken,
            "insufficient_scope" => Self::InsufficientScope,
            "unsupported_token_type" => Self::UnsupportedTokenType,
            "authorization_pending" => Self::AuthorizationPending,
            "slow_down" => Self::SlowDown,
            "expired_token" => Self::ExpiredToken,
            other => Self::Other(other.to_string()),
        }
    }
}

impl fmt::Display for OAuthErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One item of a RingCentral-style `errors` array: `{"errorCode": "OAU-213", "message": "..."}`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OAuthErrorItem {
    /// `errorCode`
    pub error_code: Option<String>,
    /// `message`
    pub message: Option<String>,
}

/// An OAuth 2.0 error response body (RFC 6749 §5.2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OAuthErrorBody {
    /// `error`. When the body has no `error` member but has `errors[]`, this is
    /// [`OAuthErrorCode::Other`] with the first item's `errorCode` (or an empty string).
    pub error: OAuthErrorCode,
    /// `error_description`: human-readable text.
    pub error_description: Option<String>,
    /// `error_uri`: a page describing the error.
    pub error_uri: Option<String>,
    /// RingCentral-style `errors[]` items (empty when absent).
    pub errors: Vec<OAuthErrorItem>,
}

#[derive(Deserialize)]
struct RawOAuthError {
    error: Option<String>,
    error_description: Option<String>,
    error_uri: Option<String>,
    #[serde(default)]
    errors: Vec<RawItem>,
}

#[derive(Deserialize)]
struct RawItem {
    #[serde(rename = "errorCode")]
    error_code: Option<String>,
    message: Option<String>,
}

impl OAuthErrorBody {
    /// Parses an RFC 6749 §5.2 JSON error body. Returns `None` when the body is not a JSON object
    /// with an `error` string or a non-empty `errors` array.
    pub fn parse(body: &[u8]) -> Option<Self> {
        let raw: RawOAuthError = serde_json::from_slice(body).ok()?;
        let errors: Vec<OAuthErrorItem> = raw
            .errors
            .into_iter()
            .map(|i| OAuthErrorItem {
                error_code: i.error_code,
                message: i.message,
            })
            .collect();
        let error = match raw.error {
            Some(e) => OAuthErrorCode::from(e.as_str()),
            None if !errors.is_empty() => OAuthErrorCode::Other(
                errors
                    .first()
                    .and_then(|i| i.error_code.clone())
                    .unwrap_or_default(),
            ),
            None => return None,
        };
        Some(Self {
            error,
            error_description: raw.error_description,
            error_uri: raw.error_uri,
            errors,
        })
    }
}

/// Header names only: values may carry cookies or echoed credentials.
struct HeaderNames<'a>(&'a HeaderMap);

impl std::fmt::Debug for HeaderNames<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.0.keys().map(|k| k.as_str())).finish()
    }
}

/// A body shown by its size only.
struct BodySize(usize);

impl std::fmt::Debug for BodySize {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "<{} bytes>", self.0)
    }
}

/// Whether a typed body is present, never the body itself.
struct TypedBody(bool);

impl std::fmt::Debug for TypedBody {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0 { "Some(<decoded>)" } else { "None" })
    }
}

impl<E> std::fmt::Debug for Error<E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Api { status, headers, body, raw } => f
                .debug_struct("Api")
                .field("status", status)
                .field("headers", &HeaderNames(headers))
                .field("body", &TypedBody(body.is_some()))
                .field("raw", &BodySize(raw.len()))
                .finish(),
            Error::UnexpectedStatus { status, headers, body } => f
                .debug_struct("UnexpectedStatus")
                .field("status", status)
                .field("headers", &HeaderNames(headers))
                .field("body", &BodySize(body.len()))
                .finish(),
            Error::Decode { status, headers, body, path, error } => f
                .debug_struct("Decode")
                .field("status", status)
                .field("headers", &HeaderNames(headers))
                .field("body", &BodySize(body.len()))
                .field("path", path)
                .field("error", &(error.classify(), error.line(), error.column()))
                .finish(),
            Error::ResponseTooLarge { status, limit } => f
                .debug_struct("ResponseTooLarge")
                .field("status", status)
                .field("limit", limit)
                .finish(),
            Error::DecodeItem { index, event, id, data, path, error } => f
                .debug_struct("DecodeItem")
                .field("index", index)
                .field("event", event)
                .field("id", id)
                .field("data", &BodySize(data.len()))
                .field("path", path)
                .field("error", &(error.classify(), error.line(), error.column()))
                .finish(),
            Error::ItemTooLarge { limit } => f.debug_struct("ItemTooLarge").field("limit", limit).finish(),
            Error::Timeout => f.write_str("Timeout"),
            Error::Connect(e) => f.debug_tuple("Connect").field(e).finish(),
            Error::Transport(e) => f.debug_tuple("Transport").field(e).finish(),
            Error::Encode(e) => f.debug_tuple("Encode").field(e).finish(),
            Error::InvalidRequest(m) => f.debug_tuple("InvalidRequest").field(m).finish(),
            Error::ClientAuth(m) => f.debug_tuple("ClientAuth").field(m).finish(),
            Error::Hook(e) => f.debug_tuple("Hook").field(e).finish(),
            #[cfg(feature = "pagination")]
            Error::Pagination { page, reason } => f
                .debug_struct("Pagination")
                .field("page", page)
                .field("reason", reason)
                .finish(),
        }
    }
}
