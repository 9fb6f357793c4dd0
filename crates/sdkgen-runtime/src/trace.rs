//! The `tracing` span of a call (feature `tracing`): one `call` span per operation call, with the
//! operationId, method, path template, status, number of attempts and latency. It records no
//! header value, no body, no query and no filled-in path, so no secret or personal data.

use std::time::Duration;

use tracing::field::Empty;

use super::error::Error;
use super::request::Request;
use reqwest::StatusCode;

/// The span of a call of `req`, before it is sent.
pub(super) fn span(req: &Request) -> tracing::Span {
    tracing::info_span!(
        "call",
        operation_id = req.operation_id.unwrap_or_default(),
        otel.name = req.operation_id.unwrap_or_default(),
        http.request.method = req.method.as_str(),
        url.template = req.path_template.as_deref().unwrap_or_default(),
        attempts = Empty,
        http.response.status_code = Empty,
        latency_ms = Empty,
        error = Empty,
    )
}

/// Records the outcome of the call on its span: the status (the last attempt's), the attempts
/// made, the latency of the whole call, and for a failure without a response the kind of error
/// (never its message).
pub(super) fn finish(span: &tracing::Span, outcome: Result<StatusCode, &Error>, attempts: u32, elapsed: Duration) {
    span.record("attempts", attempts);
    span.record("latency_ms", u64::try_from(elapsed.as_millis()).unwrap_or(u64::MAX));
    match outcome {
        Ok(status) => {
            span.record("http.response.status_code", status.as_u16());
        }
        Err(e) => {
            if let Some(status) = e.status() {
                span.record("http.response.status_code", status.as_u16());
            }
            span.record("error", kind(e));
        }
    }
}

/// The variant of `e`, as a constant string.
fn kind(e: &Error) -> &'static str {
    match e {
        Error::Api { .. } => "api",
        Error::UnexpectedStatus { .. } => "unexpected_status",
        Error::Decode { .. } => "decode",
        Error::ResponseTooLarge { .. } => "response_too_large",
        Error::Timeout => "timeout",
        Error::Connect(_) => "connect",
        Error::Transport(_) => "transport",
        Error::Encode(_) => "encode",
        Error::InvalidRequest(_) => "invalid_request",
        Error::ClientAuth(_) => "client_auth",
        Error::Hook(_) => "hook",
        Error::DecodeItem { .. } => "decode_item",
        Error::ItemTooLarge { .. } => "item_too_large",
        #[cfg(feature = "pagination")]
        Error::Pagination { .. } => "pagination",
    }
}
