//! Bodies without buffering (the `stream` part): byte-stream downloads ([`ByteStream`]),
//! uploads from bytes, a stream or a file ([`UploadBody`]), JSON lines ([`JsonLines`]), and the
//! answer of a streamed call before its status is dispatched ([`StreamResponse`]). A success body
//! is handed over open, chunk by chunk; an error body is read whole (bounded by the client's
//! `max_response_size`) so that it decodes like any other error.

// `Error` deliberately carries the whole response by value; its size is accepted.
#![allow(clippy::result_large_err)]

use std::fmt;
use std::marker::PhantomData;
use std::pin::Pin;
use std::str::FromStr;
use std::future::Future as _;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::{Bytes, BytesMut};
use futures_util::stream::{Stream, StreamExt};
use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use serde::de::{DeserializeOwned, Error as _};
use tokio_util::codec::{Decoder, LinesCodec, LinesCodecError};
use url::Url;

use super::client::ClientCore;
use super::options::RequestOptions;
use super::error::Error;
use super::request::Request;
use super::response::{Response, decode_json};

/// A request body to upload: bytes, a stream of chunks, or a file.
///
/// Bytes are sent again when the request is retried; a stream or a file is read once as it is
/// sent, so a request with one is never retried (nor sent again after a 401 with a refreshed
/// token). Converts from `Bytes`, `Vec<u8>`, `&'static [u8]`, `String`, `&'static str` and, outside
/// WebAssembly, `tokio::fs::File`; [`UploadBody::stream`] takes any stream of byte chunks.
pub struct UploadBody(Upload);

enum Upload {
    Bytes(Bytes),
    Stream(reqwest::Body),
}

impl UploadBody {
    /// A body of bytes (retried like any other request).
    pub fn bytes(data: impl Into<Bytes>) -> Self {
        UploadBody(Upload::Bytes(data.into()))
    }

    /// A body read from `stream` as it is sent (never retried). Its chunks are anything that
    /// converts into `Bytes` (`Vec<u8>`, `String`, `Bytes`).
    pub fn stream<S>(stream: S) -> Self
    where
        S: futures_util::TryStream + Send + 'static,
        S::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
        Bytes: From<S::Ok>,
    {
        UploadBody(Upload::Stream(reqwest::Body::wrap_stream(stream)))
    }

    /// Whether the body is read once as it is sent (a stream or a file).
    pub fn is_stream(&self) -> bool {
        matches!(self.0, Upload::Stream(_))
    }

    /// The bytes, or the body to send once.
    pub(super) fn into_parts(self) -> Result<Bytes, reqwest::Body> {
        match self.0 {
            Upload::Bytes(b) => Ok(b),
            Upload::Stream(s) => Err(s),
        }
    }
}

impl fmt::Debug for UploadBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The content is the user's data: only its size is shown.
        match &self.0 {
            Upload::Bytes(b) => f.debug_struct("UploadBody").field("len", &b.len()).finish(),
            Upload::Stream(_) => f.write_str("UploadBody(<stream>)"),
        }
    }
}

impl From<Bytes> for UploadBody {
    fn from(data: Bytes) -> Self {
        UploadBody::bytes(data)
    }
}

impl From<Vec<u8>> for UploadBody {
    fn from(data: Vec<u8>) -> Self {
        UploadBody::bytes(data)
    }
}

impl From<&'static [u8]> for UploadBody {
    fn from(data: &'static [u8]) -> Self {
        UploadBody::bytes(data)
    }
}

impl From<String> for UploadBody {
    fn from(data: String) -> Self {
        UploadBody::bytes(data)
    }
}

impl From<&'static str> for UploadBody {
    fn from(data: &'static str) -> Self {
        UploadBody::bytes(data)
    }
}

#[cfg(not(target_arch = "wasm32"))]
impl From<tokio::fs::File> for UploadBody {
    /// The file's contents from its current position, read as they are sent.
    fn from(file: tokio::fs::File) -> Self {
        UploadBody(Upload::Stream(reqwest::Body::from(file)))
    }
}

/// A response body as it arrives: `Stream<Item = Result<Bytes, Error<E>>>`, with the status and
/// headers at hand. Nothing is buffered beyond the chunk being handed out; [`bytes`](Self::bytes)
/// collects the whole body, up to the client's `max_response_size`.
pub struct ByteStream<E = serde_json::Value> {
    status: StatusCode,
    headers: HeaderMap,
    url: Option<Url>,
    limit: usize,
    body: Pin<Box<dyn Stream<Item = reqwest::Result<Bytes>> + Send>>,
    /// The longest wait for the next chunk, and the deadline of the current wait; `None` once
    /// the stream ended (by a timeout included) or for a body already read.
    idle: Option<(Duration, Pin<Box<tokio::time::Sleep>>)>,
    _error: PhantomData<fn() -> E>,
}

impl<E> fmt::Debug for ByteStream<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ByteStream")
            .field("status", &self.status)
            .field("header_names", &self.headers.keys().collect::<Vec<_>>())
            .finish_non_exhaustive()
    }
}

impl<E> ByteStream<E> {
    /// The body of `resp` as it arrives (its headers already taken out).
    /// Each wait for the next chunk is at most `idle`.
    pub(super) fn open(resp: reqwest::Response, headers: HeaderMap, limit: usize, idle: Duration) -> Self {
        ByteStream {
            status: resp.status(),
            headers,
            url: None,
            limit,
            body: Box::pin(resp.bytes_stream()),
            idle: Some((idle, Box::pin(tokio::time::sleep(idle)))),
            _error: PhantomData,
        }
    }

    /// The same stream for an operation with another error body type.
    pub(super) fn retype<E2>(self) -> ByteStream<E2> {
        ByteStream {
            status: self.status,
            headers: self.headers,
            url: self.url,
            limit: self.limit,
            body: self.body,
            idle: self.idle,
            _error: PhantomData,
        }
    }

    /// The same stream with the request URL set.
    pub(super) fn with_url(mut self, url: Url) -> Self {
        self.url = Some(url);
        self
    }

    #[cfg(feature = "sse")]
    /// The client's body size limit this stream was opened with.
    pub(super) fn limit(&self) -> usize {
        self.limit
    }

    #[cfg(feature = "sse")]
    /// The chunks as reqwest hands them over.
    pub(super) fn into_raw(self) -> Pin<Box<dyn Stream<Item = reqwest::Result<Bytes>> + Send>> {
        self.body
    }

    /// A body already read whole.
    fn of_bytes(resp: Response<E>, limit: usize) -> Self {
        let status = resp.status();
        let headers = resp.headers().clone();
        let url = resp.url().cloned();
        let body = resp.into_bytes();
        ByteStream {
            status,
            headers,
            url,
            limit,
            body: Box::pin(futures_util::stream::iter((!body.is_empty()).then_some(Ok(body)))),
            idle: None,
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

    /// The request URL (without API keys).
    pub fn url(&self) -> Option<&Url> {
        self.url.as_ref()
    }

    /// The `Content-Length` the server announced, if any.
    pub fn content_length(&self) -> Option<u64> {
        self.headers.get(reqwest::header::CONTENT_LENGTH)?.to_str().ok()?.parse().ok()
    }

    /// The next chunk; `None` at the end of the body.
    ///
    /// # Errors
    /// A transport error ([`Error::Timeout`], [`Error::Transport`]) ends the body.
    pub async fn next(&mut self) -> Option<Result<Bytes, Error<E>>> {
        StreamExt::next(self).await
    }

    /// Reads the rest of the body into memory, at most the client's `max_response_size`.
    ///
    /// # Errors
    /// [`Error::ResponseTooLarge`] as soon as the body passes the limit (a larger
    /// `Content-Length` fails before reading); transport errors.
    pub async fn bytes(mut self) -> Result<Bytes, Error<E>> {
        let (status, limit) = (self.status, self.limit);
        if self.content_length().is_some_and(|n| usize::try_from(n).map_or(true, |n| n > limit)) {
            return Err(Error::ResponseTooLarge { status, limit });
        }
        let mut buf = BytesMut::new();
        while let Some(chunk) = self.next().await {
            let chunk = chunk?;
            if chunk.len() > limit.saturating_sub(buf.len()) {
                return Err(Error::ResponseTooLarge { status, limit });
            }
            if buf.is_empty() && chunk.len() == buf.capacity() {
                buf = BytesMut::from(chunk);
            } else {
                buf.extend_from_slice(&chunk);
            }
        }
        Ok(buf.freeze())
    }
}

impl<E> Stream for ByteStream<E> {
    type Item = Result<Bytes, Error<E>>;

    /// A chunk, or [`Error::Timeout`] (which ends the stream) when the server sends nothing for
    /// the client's timeout.
    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        match this.body.as_mut().poll_next(cx) {
            Poll::Ready(item) => {
                match (&item, &mut this.idle) {
                    (Some(_), Some((idle, sleep))) => sleep.as_mut().reset(tokio::time::Instant::now() + *idle),
                    (None, _) => this.idle = None,
                    _ => {}
                }
                Poll::Ready(item.map(|r| r.map_err(Error::from_reqwest)))
            }
            Poll::Pending => {
                let timed_out = this.idle.as_mut().is_some_and(|(_, sleep)| sleep.as_mut().poll(cx).is_ready());
                if !timed_out {
                    return Poll::Pending;
                }
                this.idle = None;
                this.body = Box::pin(futures_util::stream::empty());
                Poll::Ready(Some(Err(Error::Timeout)))
            }
        }
    }
}

/// A JSON-lines response (`application/x-ndjson`, `application/jsonl`,
/// `application/x-jsonlines`): `Stream<Item = Result<T, Error<E>>>`, one item per non-empty line,
/// split as the bytes arrive.
///
/// A line that is not JSON for `T` (or not UTF-8) is one [`Error::DecodeItem`] item and the
/// stream goes on; a line longer than the client's `max_response_size` is
/// [`Error::ItemTooLarge`] and ends the stream (at most that much is ever buffered); a
/// transport error ends it too.
pub struct JsonLines<T, E = serde_json::Value> {
    body: ByteStream<E>,
    buf: BytesMut,
    codec: LinesCodec,
    index: u64,
    done: bool,
    _item: PhantomData<fn() -> T>,
}

impl<T, E> fmt::Debug for JsonLines<T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("JsonLines").field("body", &self.body).field("index", &self.index).finish_non_exhaustive()
    }
}

impl<T: DeserializeOwned, E> JsonLines<T, E> {
    fn new(body: ByteStream<E>) -> Self {
        let codec = LinesCodec::new_with_max_length(body.limit);
        JsonLines { body, buf: BytesMut::new(), codec, index: 0, done: false, _item: PhantomData }
    }

    /// The status code.
    pub fn status(&self) -> StatusCode {
        self.body.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.body.headers
    }

    /// The next item; `None` at the end of the body.
    ///
    /// # Errors
    /// See the type's docs.
    pub async fn next(&mut self) -> Option<Result<T, Error<E>>> {
        StreamExt::next(self).await
    }

    fn item(&mut self, line: Result<String, LinesCodecError>) -> Option<Result<T, Error<E>>> {
        let index = self.index;
        let line = match line {
            Ok(line) if line.trim().is_empty() => return None,
            Ok(line) => line,
            Err(LinesCodecError::MaxLineLengthExceeded) => {
                self.done = true;
                return Some(Err(Error::ItemTooLarge { limit: self.body.limit }));
            }
            Err(LinesCodecError::Io(_)) => {
                self.index += 1;
                let error = serde_json::Error::custom("the line is not valid UTF-8");
                return Some(Err(Error::DecodeItem { index, event: None, id: None, data: Bytes::new(), path: ".".into(), error }));
            }
        };
        self.index += 1;
        Some(decode_json(line.as_bytes()).map_err(|(path, error)| Error::DecodeItem {
            index,
            event: None,
            id: None,
            data: Bytes::from(line),
            path,
            error,
        }))
    }
}

impl<T: DeserializeOwned, E> Stream for JsonLines<T, E> {
    type Item = Result<T, Error<E>>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        loop {
            if this.done {
                return Poll::Ready(None);
            }
            let line = this.codec.decode(&mut this.buf).transpose();
            if let Some(line) = line {
                match this.item(line) {
                    Some(item) => return Poll::Ready(Some(item)),
                    None => continue,
                }
            }
            match this.body.poll_next_unpin(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(Some(Ok(chunk))) => this.buf.extend_from_slice(&chunk),
                Poll::Ready(Some(Err(e))) => {
                    this.done = true;
                    return Poll::Ready(Some(Err(e)));
                }
                Poll::Ready(None) => {
                    // The last line may end without a newline.
                    this.done = true;
                    let last = this.codec.decode_eof(&mut this.buf).transpose();
                    return Poll::Ready(last.and_then(|line| this.item(line)));
                }
            }
        }
    }
}

/// The answer to a streamed call before its status is dispatched: a success (2xx) body still
/// open, or any other answer read whole. Generated operations match on
/// [`status`](Self::status) as they do on [`Response`], and call [`byte_stream`](Self::byte_stream),
/// [`json_lines`](Self::json_lines) or `events` (server-sent events) for a success, or the error
/// helpers for the rest.
pub struct StreamResponse<E = serde_json::Value> {
    answer: Answer<E>,
    limit: usize,
    /// The client and a copy of the request, for reconnecting (idempotent requests only).
    pub(super) again: Option<(ClientCore, Request, Option<RequestOptions>)>,
}

enum Answer<E> {
    Open(ByteStream<E>),
    Read(Response<E>),
}

impl<E> fmt::Debug for StreamResponse<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.answer {
            Answer::Open(s) => f.debug_tuple("StreamResponse").field(s).finish(),
            Answer::Read(r) => f.debug_tuple("StreamResponse").field(r).finish(),
        }
    }
}

impl<E> StreamResponse<E> {
    /// An answer whose success body is still open.
    pub(super) fn open(body: ByteStream<E>, limit: usize) -> Self {
        StreamResponse { answer: Answer::Open(body), limit, again: None }
    }

    /// An answer read whole.
    pub(super) fn read(resp: Response<E>, limit: usize) -> Self {
        StreamResponse { answer: Answer::Read(resp), limit, again: None }
    }

    /// The status code.
    pub fn status(&self) -> StatusCode {
        match &self.answer {
            Answer::Open(s) => s.status,
            Answer::Read(r) => r.status(),
        }
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        match &self.answer {
            Answer::Open(s) => &s.headers,
            Answer::Read(r) => r.headers(),
        }
    }

    /// Parses the first value of a response header (see [`Response::header`]).
    pub fn header<T: FromStr>(&self, name: &str) -> Option<T> {
        self.headers().get(name)?.to_str().ok()?.trim().parse().ok()
    }

    /// The body as it arrives.
    ///
    /// # Errors
    /// Never fails; the `Result` matches the other helpers.
    pub fn byte_stream(self) -> Result<ByteStream<E>, Error<E>> {
        Ok(self.into_byte_stream())
    }

    pub(super) fn into_byte_stream(self) -> ByteStream<E> {
        match self.answer {
            Answer::Open(s) => s,
            Answer::Read(r) => ByteStream::of_bytes(r, self.limit),
        }
    }

    /// The body as JSON lines of `T`.
    ///
    /// # Errors
    /// Never fails; the `Result` matches the other helpers.
    pub fn json_lines<T: DeserializeOwned>(self) -> Result<JsonLines<T, E>, Error<E>> {
        Ok(JsonLines::new(self.into_byte_stream()))
    }

    fn read_whole(&self) -> Response<E> {
        match &self.answer {
            Answer::Read(r) => r.clone(),
            // Only success bodies stay open, and no error arm matches a success status.
            Answer::Open(s) => Response::new(s.status, s.headers.clone(), Bytes::new(), s.url.clone()),
        }
    }

    /// See [`Response::api_err`].
    ///
    /// # Errors
    /// Always.
    pub fn api_err<T, B: DeserializeOwned>(&self) -> Result<T, Error<B>> {
        self.read_whole().api_err()
    }

    /// See [`Response::api_err_with`].
    ///
    /// # Errors
    /// Always.
    pub fn api_err_with<T, B: DeserializeOwned, E2>(&self, variant: impl FnOnce(B) -> E2) -> Result<T, Error<E2>> {
        self.read_whole().api_err_with(variant)
    }

    /// See [`Response::documented_err`].
    ///
    /// # Errors
    /// Always.
    pub fn documented_err<T, E2>(&self) -> Result<T, Error<E2>> {
        self.read_whole().documented_err()
    }

    /// See [`Response::unexpected_err`].
    ///
    /// # Errors
    /// Always.
    pub fn unexpected_err<T, B>(&self) -> Result<T, Error<B>> {
        self.read_whole().unexpected_err()
    }
}

/// A copy of `req` for sending again (reconnecting), when it has no body and may be repeated.
pub(super) fn repeatable(req: &Request) -> Option<Request> {
    if req.body.is_some() || !req.idempotent {
        return None;
    }
    let mut copy = Request::new(req.method.clone(), req.path.clone());
    copy.query = req.query.clone();
    copy.headers = req.headers.clone();
    copy.security = req.security;
    copy.accept = req.accept.clone();
    copy.server = req.server.clone();
    Some(copy)
}
