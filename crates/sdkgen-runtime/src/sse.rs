//! Server-sent events (the `sse` part): a `text/event-stream` success body as a stream of typed
//! [`Event`]s, parsed by the `sse-stream` crate, reconnecting with `Last-Event-ID` when the
//! request may be repeated (it has no body and an idempotent method, such as GET).
//!
//! Rules (WHATWG HTML, "Server-sent events"): a block without `data` dispatches nothing but its
//! `id` and `retry` still count; the last `id` seen is sent as `Last-Event-ID` on reconnection,
//! after the last `retry` delay (3 s until the server sets one). The stream reconnects when the
//! body ends or breaks, and ends when a reconnection is answered with 204 No Content (the
//! server's way to stop it), with another status (one [`Error::UnexpectedStatus`] item), or
//! fails to connect (that error as the last item). A data payload that does not decode is one
//! [`Error::DecodeItem`] item naming the event (`event`, `id`), and the stream goes on. The bytes
//! of one event are bounded by the client's `max_response_size`: past it (give or take half of it,
//! as the body is fed to the parser in pieces) the stream ends with [`Error::ItemTooLarge`];
//! events up to half the limit always pass.
//!
//! Reconnection is bounded against servers that close at once (or answer with something that is
//! not an event stream): the delay is at least [`MIN_RETRY`] whatever `retry` says, doubles for
//! each connection in a row that brought no event, and after [`MAX_QUIET_RECONNECTS`] such
//! connections the stream ends. A connection that brings an event resets both.

// `Error` deliberately carries the whole response by value; its size is accepted.
#![allow(clippy::result_large_err)]

use std::fmt;
use std::marker::PhantomData;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use futures_util::stream::{Stream, StreamExt};
use reqwest::StatusCode;
use reqwest::header::{HeaderMap, HeaderValue};
use serde::de::{DeserializeOwned, Error as _};

use super::client::ClientCore;
use super::options::RequestOptions;
use super::error::Error;
use super::request::Request;
use super::response::decode_json;
use super::stream::{ByteStream, StreamResponse, repeatable};

/// The reconnection delay until the server sets one with `retry`.
pub const DEFAULT_RETRY: Duration = Duration::from_secs(3);

/// The shortest reconnection delay, whatever the server's `retry` (a `retry: 0` must not make
/// the client hammer the server).
pub const MIN_RETRY: Duration = Duration::from_millis(250);

/// How many connections in a row may bring no event before the stream ends.
pub const MAX_QUIET_RECONNECTS: u32 = 3;

/// One server-sent event: its data decoded as the API documents it, and its fields.
#[derive(Debug, Clone, PartialEq)]
pub struct Event<T> {
    /// The event type (`event:`); `None` for the default type, `message`.
    pub event: Option<String>,
    /// The event's `id:`, when it has one (sent back as `Last-Event-ID` on reconnection).
    pub id: Option<String>,
    /// The reconnection delay the server asked for with this event (`retry:`).
    pub retry: Option<Duration>,
    /// The data (`data:` lines joined with `\n`), decoded.
    pub data: T,
}

/// A stream of server-sent events: `Stream<Item = Result<Event<T>, Error<E>>>` (see the module
/// docs for reconnection and errors).
pub struct EventStream<T, E = serde_json::Value> {
    status: StatusCode,
    headers: HeaderMap,
    events: Events<T, E>,
}

type Events<T, E> = Pin<Box<dyn Stream<Item = Result<Event<T>, Error<E>>> + Send>>;

impl<T, E> fmt::Debug for EventStream<T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EventStream")
            .field("status", &self.status)
            .field("header_names", &self.headers.keys().collect::<Vec<_>>())
            .finish_non_exhaustive()
    }
}

impl<T, E> EventStream<T, E> {
    /// The status of the first response.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The headers of the first response.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The next event; `None` when the stream has ended.
    ///
    /// # Errors
    /// See the module docs.
    pub async fn next(&mut self) -> Option<Result<Event<T>, Error<E>>> {
        self.events.next().await
    }
}

impl<T, E> Stream for EventStream<T, E> {
    type Item = Result<Event<T>, Error<E>>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.events.as_mut().poll_next(cx)
    }
}

impl<E: Send + 'static> StreamResponse<E> {
    /// The body as server-sent events whose data is JSON of `T`.
    ///
    /// # Errors
    /// Never fails; the `Result` matches the other helpers.
    pub fn events<T: DeserializeOwned + Send + 'static>(self) -> Result<EventStream<T, E>, Error<E>> {
        Ok(self.event_stream(|data| decode_json(data.as_bytes())))
    }

    /// The body as server-sent events whose data is text.
    ///
    /// # Errors
    /// Never fails; the `Result` matches the other helpers.
    pub fn text_events(self) -> Result<EventStream<String, E>, Error<E>> {
        Ok(self.event_stream(|data| Ok(data.to_string())))
    }

    fn event_stream<T: Send + 'static>(mut self, decode: Decode<T>) -> EventStream<T, E> {
        let again = self.again.take();
        let body = self.into_byte_stream();
        let (status, headers) = (body.status(), body.headers().clone());
        let limit = body.limit();
        let since = Arc::new(AtomicUsize::new(0));
        let state = State {
            parser: Some(parser(body, since.clone(), limit)),
            since,
            limit,
            again,
            last_id: None,
            retry: DEFAULT_RETRY,
            decode,
            index: 0,
            quiet: 0,
            done: false,
            _error: PhantomData,
        };
        let events = futures_util::stream::unfold(state, step);
        EventStream { status, headers, events: Box::pin(events) }
    }
}

type Decode<T> = fn(&str) -> Result<T, (String, serde_json::Error)>;

type Parser = Pin<Box<dyn Stream<Item = Result<sse_stream::Sse, sse_stream::Error>> + Send>>;

/// Why the bytes fed to the parser stopped.
#[derive(Debug)]
enum Feed {
    Transport(reqwest::Error),
    TooLarge,
}

impl fmt::Display for Feed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Feed::Transport(e) => write!(f, "{e}"),
            Feed::TooLarge => f.write_str("event too large"),
        }
    }
}

impl std::error::Error for Feed {}

/// The parser over `body`, failing once `since` (the bytes fed since the last event) passes
/// `limit`. Chunks are fed in pieces of at most `limit / 2` (and 64 KiB), and the parser asks for
/// the next piece only when it has used the last: so an event of up to half the limit always
/// passes, and the parser never holds much more than the limit and one piece.
fn parser<E>(body: ByteStream<E>, since: Arc<AtomicUsize>, limit: usize) -> Parser {
    let piece = (limit / 2).clamp(1, 64 * 1024);
    // Whether the bytes fed so far end with a line break (a blank line may span two pieces).
    let mut after_newline = false;
    let fed = body
        .into_raw()
        .flat_map(move |chunk| futures_util::stream::iter(pieces(chunk, piece)))
        .map(move |chunk| match chunk {
            Ok(chunk) => {
                // A blank line ends a block (an event, or only comments such as keep-alive
                // pings): only the bytes after the last one count toward the next event.
                let total = match block_end(&chunk, after_newline) {
                    Some(end) => {
                        since.store(chunk.len() - end, Ordering::Relaxed);
                        chunk.len() - end
                    }
                    None => since.fetch_add(chunk.len(), Ordering::Relaxed).saturating_add(chunk.len()),
                };
                after_newline = chunk.last().is_some_and(|b| *b == b'\n' || *b == b'\r');
                if total > limit { Err(Feed::TooLarge) } else { Ok(chunk) }
            }
            Err(e) => Err(Feed::Transport(e)),
        });
    Box::pin(sse_stream::SseByteStream::new(fed))
}

/// The end of the last blank line in `chunk` (a line break right after another: `\n\n`,
/// `\r\r`, `\n\r\n`), counting a line break at its start as the second one when the bytes before
/// ended with one (`after_newline`).
fn block_end(chunk: &[u8], after_newline: bool) -> Option<usize> {
    let mut end = None;
    let mut prev_newline = after_newline;
    for (i, b) in chunk.iter().enumerate() {
        match b {
            b'\n' | b'\r' if prev_newline => {
                end = Some(i + 1);
                // `\r\n` is one line break: the `\n` after a `\r` does not start another.
                prev_newline = false;
            }
            b'\n' => prev_newline = true,
            b'\r' => prev_newline = !matches!(chunk.get(i + 1), Some(b'\n')),
            _ => prev_newline = false,
        }
    }
    end
}

/// `chunk` cut into pieces of at most `piece` bytes (no copy).
fn pieces(chunk: reqwest::Result<Bytes>, piece: usize) -> Vec<reqwest::Result<Bytes>> {
    let mut out = Vec::new();
    match chunk {
        Ok(mut bytes) => {
            while bytes.len() > piece {
                out.push(Ok(bytes.split_to(piece)));
            }
            out.push(Ok(bytes));
        }
        Err(e) => out.push(Err(e)),
    }
    out
}

struct State<T, E> {
    /// The open connection's parser; `None` between connections.
    parser: Option<Parser>,
    since: Arc<AtomicUsize>,
    limit: usize,
    again: Option<(ClientCore, Request, Option<RequestOptions>)>,
    last_id: Option<String>,
    retry: Duration,
    decode: Decode<T>,
    index: u64,
    /// Connections in a row that brought no event (reconnections are bounded by it).
    quiet: u32,
    done: bool,
    _error: PhantomData<fn() -> E>,
}

type Step<T, E> = Option<(Result<Event<T>, Error<E>>, State<T, E>)>;

async fn step<T: Send + 'static, E: Send + 'static>(mut st: State<T, E>) -> Step<T, E> {
    loop {
        if st.done {
            return None;
        }
        let Some(parser) = st.parser.as_mut() else {
            match reconnect(&mut st).await {
                Ok(()) => continue,
                Err(None) => return None,
                Err(Some(e)) => return Some((Err(e), st)),
            }
        };
        match parser.next().await {
            Some(Ok(block)) => {
                st.since.store(0, Ordering::Relaxed);
                if let Some(id) = &block.id {
                    st.last_id = Some(id.clone());
                }
                let retry = block.retry.map(Duration::from_millis);
                if let Some(delay) = retry {
                    st.retry = delay;
                }
                let Some(data) = block.data else { continue };
                st.quiet = 0;
                let index = st.index;
                st.index += 1;
                let item = match (st.decode)(&data) {
                    Ok(value) => Ok(Event { event: block.event, id: block.id, retry, data: value }),
                    Err((path, error)) => Err(Error::DecodeItem { index, event: block.event, id: block.id, data: Bytes::from(data), path, error }),
                };
                return Some((item, st));
            }
            Some(Err(e)) => {
                st.parser = None;
                let feed = match e {
                    sse_stream::Error::Body(source) => source.downcast::<Feed>().ok().map(|f| *f),
                    _ => None,
                };
                match feed {
                    Some(Feed::Transport(_)) if st.again.is_some() => continue,
                    Some(Feed::Transport(e)) => {
                        st.done = true;
                        return Some((Err(Error::from_reqwest(e)), st));
                    }
                    Some(Feed::TooLarge) => {
                        st.done = true;
                        return Some((Err(Error::ItemTooLarge { limit: st.limit }), st));
                    }
                    None => {
                        // Invalid UTF-8 in a field: the stream is not one of events.
                        st.done = true;
                        let error = serde_json::Error::custom("the event stream is not valid UTF-8");
                        let index = st.index;
                        return Some((Err(Error::DecodeItem { index, event: None, id: None, data: Bytes::new(), path: ".".into(), error }), st));
                    }
                }
            }
            // The body ended: reconnect when the request may be repeated.
            None => {
                st.parser = None;
                st.again.as_ref()?;
            }
        }
    }
}

/// Opens the next connection after the retry delay, with `Last-Event-ID`. `Err(None)`: the
/// stream ends quietly (no request to repeat, or 204); `Err(Some(e))`: it ends with `e`.
async fn reconnect<T, E>(st: &mut State<T, E>) -> Result<(), Option<Error<E>>> {
    st.done = true;
    let Some((core, req, options)) = &st.again else { return Err(None) };
    let Some(mut req) = repeatable(req) else { return Err(None) };
    if let Some(id) = &st.last_id {
        let value = HeaderValue::from_str(id).map_err(|_| Error::InvalidRequest("invalid Last-Event-ID".to_string()))?;
        req.headers.insert("last-event-id", value);
    }
    if st.quiet >= MAX_QUIET_RECONNECTS {
        return Err(None);
    }
    // `MIN_RETRY` at least, doubled for each quiet connection before this one.
    let delay = st.retry.max(MIN_RETRY).saturating_mul(1 << st.quiet);
    st.quiet += 1;
    tokio::time::sleep(delay).await;
    let answer = core.execute_stream_with::<E>(req, options.as_ref()).await?;
    let status = answer.status();
    if status == StatusCode::NO_CONTENT {
        return Err(None);
    }
    if !status.is_success() {
        return Err(answer.unexpected_err::<(), E>().err());
    }
    st.since.store(0, Ordering::Relaxed);
    st.parser = Some(parser(answer.into_byte_stream(), st.since.clone(), st.limit));
    st.done = false;
    Ok(())
}
