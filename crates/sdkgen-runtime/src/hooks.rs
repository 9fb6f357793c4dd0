//! Request hooks: code of the SDK's user that sees every attempt of every call (before it is
//! sent, and when its response arrives), for signing, logging or metrics without changing the
//! generated code. The runtime calls them; it never decides what they do.

use std::time::Duration;

use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};

/// The request a hook sees before it is sent (`reqwest`'s: its URL, headers and body can be read
/// and changed).
pub type HttpRequest = reqwest::Request;

/// The error a hook returns; the call then fails with [`Error::Hook`](super::Error::Hook)
/// carrying it (and is not retried).
pub type HookError = Box<dyn std::error::Error + Send + Sync>;

/// What a hook knows of the attempt it sees.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct AttemptInfo<'a> {
    /// The operation's `operationId` (`None` for requests not made by an operation, such as the
    /// OAuth helpers' token refresh).
    pub operation_id: Option<&'a str>,
    /// The HTTP method.
    pub method: &'a Method,
    /// The path template as the API describes it (`/users/{userId}`), never the filled-in path;
    /// `None` when the request has none.
    pub path_template: Option<&'a str>,
    /// The attempt's number: 1 for the first, 2 for the first retry, and so on.
    pub attempt: u32,
}

/// The response of an attempt, as a hook sees it (its body is not shown: it may hold secrets).
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct ResponseInfo<'a> {
    /// The response status.
    pub status: StatusCode,
    /// The response headers.
    pub headers: &'a HeaderMap,
    /// The time from sending the attempt to the end of its response body.
    pub elapsed: Duration,
}

/// A hook on the requests of a client, registered with the client builder's `hook` (several
/// hooks run in the order they were registered).
///
/// * [`before_send`](Self::before_send) runs before **each attempt** is sent, retries included,
///   once credentials, headers and the body are set (a `multipart/form-data` body is added after
///   it, so it does not see one): it may change the request, for example add a signature header
///   (computed afresh for each attempt, so a timestamp in it stays current).
/// * [`after_response`](Self::after_response) runs when an attempt's response has been read,
///   whatever its status (a response that is then retried included), for logging or metrics.
/// * [`after_failure`](Self::after_failure) runs when an attempt got no response (a timeout, a
///   connection failure, a body cut off or too large), retried or not.
///
/// A hook that returns an error ends the call with [`Error::Hook`](super::Error::Hook); the
/// request is not retried. The methods do nothing by default, so a hook implements only what it
/// needs. Hooks run on the calling task and should be quick: they are synchronous.
///
/// A hook sees header values, the URL (with any API key in the query) and the body; what it logs
/// is its own responsibility.
pub trait Hook: Send + Sync {
    /// Called before each attempt is sent; may change `request`.
    ///
    /// # Errors
    /// Any error ends the call with [`Error::Hook`](super::Error::Hook).
    fn before_send(&self, request: &mut HttpRequest, info: &AttemptInfo<'_>) -> Result<(), HookError> {
        let _ = (request, info);
        Ok(())
    }

    /// Called with each attempt's response.
    ///
    /// # Errors
    /// Any error ends the call with [`Error::Hook`](super::Error::Hook).
    fn after_response(&self, response: &ResponseInfo<'_>, info: &AttemptInfo<'_>) -> Result<(), HookError> {
        let _ = (response, info);
        Ok(())
    }

    /// Called when an attempt got no response: `error` is why ([`Error::Timeout`](super::Error::Timeout),
    /// [`Error::Connect`](super::Error::Connect), [`Error::Transport`](super::Error::Transport),
    /// [`Error::ResponseTooLarge`](super::Error::ResponseTooLarge)); `elapsed` runs from sending
    /// the attempt. The attempt may then be retried.
    ///
    /// # Errors
    /// Any error ends the call with [`Error::Hook`](super::Error::Hook).
    fn after_failure(&self, error: &super::Error, elapsed: Duration, info: &AttemptInfo<'_>) -> Result<(), HookError> {
        let _ = (error, elapsed, info);
        Ok(())
    }
}
