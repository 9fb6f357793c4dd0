//! Pagination: the pages of a paged operation as a lazily fetched `Stream`, and their items.
//!
//! A generated `<op>_pages` method hands [`pages`] a description of how the operation pages
//! ([`Paging`], a constant), a closure that builds the operation's first request from its
//! parameters, and one that decodes a response as the operation does. The walk sends a request
//! only when the stream is polled for the next page, then decides the next request from what the
//! page says: a cursor (from a body field or a header), an offset advanced by the items received,
//! a page number advanced by one, an RFC 8288 `Link: <...>; rel="next"` header or a next-page URL
//! in the body. `<op>_stream` ([`items`]) yields the items of each page in turn.
//!
//! The walk stops (the stream ends) on a page without a next cursor or link, an empty cursor,
//! a page without items, a page with fewer items than the `limit` sent (offset and page-number
//! styles), or a `has_more`-style flag that is `false`. It never loops: a cursor or next link the
//! server already sent, an offset or page-number page identical to the one before, or a next
//! link to another origin (credentials are never sent elsewhere) yields
//! [`Error::Pagination`] after the page that carried it, and the stream ends.

// `Error` carries the whole response by value (see `response.rs`); its size is accepted.
#![allow(clippy::result_large_err)]

use std::collections::HashSet;

use bytes::Bytes;
use futures_util::stream::{self, Stream, TryStreamExt};
use reqwest::StatusCode;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use serde::de::DeserializeOwned;
use serde_json::Value;
use url::Url;

use super::options::ServiceCore;
use super::encoding::{self, ParamStyle};
use super::error::Error;
use super::request::Request;
use super::response::Response;

/// Where a request parameter that the walk sets is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamIn {
    /// A query parameter (`form` style).
    Query,
    /// A request header.
    Header,
}

/// A request parameter that the walk sets for the next page (cursor, offset, page number) or
/// reads (the page size).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageParam {
    /// The parameter's name as the API spells it.
    pub name: &'static str,
    /// Where it goes.
    pub location: ParamIn,
}

/// Where a page says what comes next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// A field of the JSON body, as a JSON pointer (`/meta/next_cursor`).
    Body(&'static str),
    /// A response header.
    Header(&'static str),
}

/// How an operation pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// The next page is requested with the cursor (token) the page gives in `next`.
    Cursor {
        /// The request parameter that carries the cursor.
        param: PageParam,
        /// Where the page gives the next cursor.
        next: Source,
    },
    /// `param` is the index of the first item; the next page's is this page's plus its items.
    Offset {
        /// The offset parameter.
        param: PageParam,
        /// The page size parameter, if any: a page shorter than the size sent is the last.
        limit: Option<PageParam>,
    },
    /// `param` is a page number; the next page's is this page's plus one.
    PageNumber {
        /// The page number parameter.
        param: PageParam,
        /// The number of the first page, when the request does not set it.
        first: i64,
        /// The page size parameter, if any: a page shorter than the size sent is the last.
        limit: Option<PageParam>,
    },
    /// RFC 8288: the next page is the `Link` header's target with `rel="next"`.
    Link,
    /// The next page is the URL (absolute, or relative to the request's) the page gives.
    NextUrl {
        /// Where the page gives the URL.
        next: Source,
    },
}

/// How one operation pages: its style, where its items are and, optionally, a flag saying
/// whether more pages follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paging {
    /// The style.
    pub style: Style,
    /// JSON pointer of the items array in the body (`""`: the body is the array).
    pub items: &'static str,
    /// JSON pointer of a boolean that is `false` on the last page, if the API has one.
    pub has_more: Option<&'static str>,
}

/// One page of a paged operation: the decoded body and the response it came from.
///
/// `Debug` shows the status, the header names and the number of items (bodies and header
/// values may hold secrets).
pub struct Page<T> {
    body: T,
    status: StatusCode,
    headers: HeaderMap,
    url: Option<Url>,
    raw: Bytes,
    items: Vec<Value>,
    items_pointer: &'static str,
}

impl<T> std::fmt::Debug for Page<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Page")
            .field("status", &self.status)
            .field("header_names", &self.headers.keys().collect::<Vec<_>>())
            .field("items", &self.items.len())
            .finish()
    }
}

impl<T> Page<T> {
    /// The decoded body, as the operation's plain method returns it.
    pub fn body(&self) -> &T {
        &self.body
    }

    /// Consumes the page and returns the decoded body.
    pub fn into_body(self) -> T {
        self.body
    }

    /// The response status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The URL this page was requested from (without credentials added to the query).
    pub fn url(&self) -> Option<&Url> {
        self.url.as_ref()
    }

    /// The number of items on this page.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether this page has no items (such a page is the last one).
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The items of this page, decoded as `I`.
    ///
    /// # Errors
    /// [`Error::Decode`] for the first item that is not a valid `I` (its path names the item).
    pub fn items<I: DeserializeOwned, E>(&self) -> Result<Vec<I>, Error<E>> {
        let context = ItemContext::of(self);
        self.items
            .iter()
            .enumerate()
            .map(|(i, v)| context.decode(i, v.clone()))
            .collect()
    }
}

/// What an item's decode error reports about its page.
struct ItemContext {
    status: StatusCode,
    headers: HeaderMap,
    raw: Bytes,
    items_pointer: &'static str,
}

impl ItemContext {
    fn of<T>(page: &Page<T>) -> Self {
        ItemContext {
            status: page.status,
            headers: page.headers.clone(),
            raw: page.raw.clone(),
            items_pointer: page.items_pointer,
        }
    }

    fn decode<I: DeserializeOwned, E>(&self, index: usize, value: Value) -> Result<I, Error<E>> {
        serde_path_to_error::deserialize(value).map_err(|e| {
            let inner = e.path().to_string();
            let at = self.items_pointer.trim_start_matches('/').replace('/', ".");
            let mut path = format!("{at}[{index}]");
            if inner != "." {
                path.push('.');
                path.push_str(&inner);
            }
            Error::Decode {
                status: self.status,
                headers: self.headers.clone(),
                body: self.raw.clone(),
                path,
                error: e.into_inner(),
            }
        })
    }
}

/// What the next request of a walk is.
enum Next<E> {
    /// The request as built from the parameters.
    First,
    /// The request with the style's parameter set to this value.
    Value(String),
    /// The request sent to this URL (same origin as the one before).
    Url(Url),
    /// The walk stopped with this error.
    Fail(Error<E>),
    /// No more pages.
    Done,
}

/// The state of one walk through the pages.
struct Walk<B, D, E> {
    paging: Paging,
    build: B,
    decode: D,
    next: Next<E>,
    /// Cursors and next links already received.
    seen: HashSet<String>,
    /// The body of the page before (offset and page-number styles).
    previous: Option<Bytes>,
    pages: usize,
}

/// The pages of a paged operation, fetched one request at a time as the stream is polled.
///
/// `build` makes the operation's request from its parameters (the first page's request); the
/// walk sets the style's parameter, or the URL, for the pages after it. `decode` maps a response
/// to the operation's result, as its plain method does; an error ends the stream after yielding
/// it. Every page is sent through `core` (a service value's client and per-request options, or a
/// `&ClientCore`), so the options of `with_options` apply to each page.
pub fn pages<'a, T, E, B, D>(
    core: impl Into<ServiceCore<'a>>,
    paging: Paging,
    build: B,
    decode: D,
) -> impl Stream<Item = Result<Page<T>, Error<E>>> + 'a
where
    T: 'a,
    E: 'a,
    B: Fn() -> Result<Request, Error<E>> + 'a,
    D: Fn(Response<E>) -> Result<T, Error<E>> + 'a,
{
    let core = core.into();
    let walk = Walk {
        paging,
        build,
        decode,
        next: Next::First,
        seen: HashSet::new(),
        previous: None,
        pages: 0,
    };
    stream::try_unfold(walk, move |mut walk| async move {
        let next = match std::mem::replace(&mut walk.next, Next::Done) {
            Next::Done => return Ok(None),
            Next::Fail(e) => return Err(e),
            next => next,
        };
        let mut req = (walk.build)()?;
        match next {
            Next::First | Next::Done | Next::Fail(_) => {}
            Next::Value(v) => set_param(&mut req, walk.paging.style, &v)?,
            Next::Url(u) => {
                req.server(u.origin().ascii_serialization().as_str());
                req.path = match u.query() {
                    Some(q) => format!("{}?{q}", u.path()),
                    None => u.path().to_string(),
                };
                req.query.clear();
            }
        }
        let sent = sent_values(&req, walk.paging.style);
        if let Some(cursor) = sent.current.as_ref().filter(|_| matches!(walk.paging.style, Style::Cursor { .. })) {
            walk.seen.insert(cursor.clone());
        }
        let resp = core.execute::<E>(req).await?;
        let (status, headers, url, raw) = (resp.status(), resp.headers().clone(), resp.url().cloned(), resp.bytes());
        let body = (walk.decode)(resp)?;
        walk.pages += 1;
        let mut json: Value = serde_json::from_slice(&raw).unwrap_or(Value::Null);
        let count = items_at(&json, walk.paging.items).map_or(0, <[Value]>::len);
        walk.next = match next_page(&mut walk, &json, &headers, url.as_ref(), &raw, count, &sent) {
            Ok(n) => n,
            Err(reason) => Next::Fail(Error::Pagination { page: walk.pages, reason }),
        };
        walk.previous = Some(raw.clone());
        let items = match json.pointer_mut(walk.paging.items).map(Value::take) {
            Some(Value::Array(items)) => items,
            _ => Vec::new(),
        };
        let page = Page { body, status, headers, url, raw, items, items_pointer: walk.paging.items };
        Ok(Some((page, walk)))
    })
}

/// The items of every page of `pages`, in order, each decoded as `I`. A page whose item does not
/// decode yields [`Error::Decode`] and ends the stream.
pub fn items<'a, T, I, E>(
    pages: impl Stream<Item = Result<Page<T>, Error<E>>> + 'a,
) -> impl Stream<Item = Result<I, Error<E>>> + 'a
where
    T: 'a,
    I: DeserializeOwned + 'a,
    E: 'a,
{
    pages
        .map_ok(|mut page| {
            let context = ItemContext::of(&page);
            let items = std::mem::take(&mut page.items);
            stream::iter(items.into_iter().enumerate().map(move |(i, v)| context.decode(i, v)))
        })
        .try_flatten()
}

/// The items array of a body.
fn items_at<'v>(json: &'v Value, pointer: &str) -> Option<&'v [Value]> {
    json.pointer(pointer)?.as_array().map(Vec::as_slice)
}

/// The values a request carries for the style's parameters: the current cursor, offset or page
/// number, and the page size.
struct Sent {
    current: Option<String>,
    limit: Option<i64>,
}

fn sent_values(req: &Request, style: Style) -> Sent {
    let (param, limit) = match style {
        Style::Cursor { param, .. } => (Some(param), None),
        Style::Offset { param, limit } | Style::PageNumber { param, limit, .. } => (Some(param), limit),
        Style::Link | Style::NextUrl { .. } => (None, None),
    };
    Sent {
        current: param.and_then(|p| param_value(req, p)),
        limit: limit.and_then(|p| param_value(req, p)).and_then(|v| v.parse().ok()),
    }
}

/// The value of a parameter as the request carries it (query values decoded).
fn param_value(req: &Request, param: PageParam) -> Option<String> {
    match param.location {
        ParamIn::Query => {
            let key = encoding::encode_component(param.name);
            let (_, v) = req.query.iter().rev().find(|(k, _)| *k == key)?;
            Some(percent_encoding::percent_decode_str(v).decode_utf8_lossy().into_owned())
        }
        ParamIn::Header => req.headers.get(param.name)?.to_str().ok().map(str::to_string),
    }
}

/// Sets the style's parameter to `value`, replacing what the parameters set.
fn set_param<E>(req: &mut Request, style: Style, value: &str) -> Result<(), Error<E>> {
    let param = match style {
        Style::Cursor { param, .. } | Style::Offset { param, .. } | Style::PageNumber { param, .. } => param,
        Style::Link | Style::NextUrl { .. } => return Ok(()),
    };
    match param.location {
        ParamIn::Query => {
            let key = encoding::encode_component(param.name);
            req.query.retain(|(k, _)| *k != key);
            req.query.extend(encoding::query_pairs(param.name, value, ParamStyle::Form, true)?);
        }
        ParamIn::Header => {
            let name = HeaderName::from_bytes(param.name.as_bytes())
                .map_err(|_| Error::InvalidRequest(format!("invalid header name {:?}", param.name)))?;
            let value = HeaderValue::from_str(value)
                .map_err(|_| Error::InvalidRequest(format!("the next page's {:?} is not a valid header value", param.name)))?;
            req.headers.insert(name, value);
        }
    }
    Ok(())
}

/// Decides the request after this page, or why the walk must stop with an error.
fn next_page<B, D, E>(
    walk: &mut Walk<B, D, E>,
    json: &Value,
    headers: &HeaderMap,
    url: Option<&Url>,
    raw: &Bytes,
    count: usize,
    sent: &Sent,
) -> Result<Next<E>, String> {
    let paging = walk.paging;
    let no_more = paging.has_more.and_then(|p| json.pointer(p)).is_some_and(|v| v == &Value::Bool(false));
    if count == 0 || no_more {
        return Ok(Next::Done);
    }
    let short = sent.limit.is_some_and(|l| (count as i64) < l);
    match paging.style {
        Style::Cursor { next, .. } => match read(json, headers, next).filter(|c| !c.is_empty()) {
            None => Ok(Next::Done),
            Some(cursor) if !walk.seen.insert(cursor.clone()) => {
                Err(format!("the server sent a next-page cursor it had already sent ({} bytes); following it would repeat pages", cursor.len()))
            }
            Some(cursor) => Ok(Next::Value(cursor)),
        },
        Style::Offset { .. } | Style::PageNumber { .. } if short => Ok(Next::Done),
        Style::Offset { .. } | Style::PageNumber { .. } if walk.previous.as_ref() == Some(raw) => {
            Err("the server sent the same page twice; it ignores the page parameter, so the walk would never end".to_string())
        }
        Style::Offset { .. } => {
            let current: i64 = sent.current.as_deref().and_then(|v| v.parse().ok()).unwrap_or(0);
            Ok(Next::Value(current.saturating_add(count as i64).to_string()))
        }
        Style::PageNumber { first, .. } => {
            let current: i64 = sent.current.as_deref().and_then(|v| v.parse().ok()).unwrap_or(first);
            Ok(Next::Value(current.saturating_add(1).to_string()))
        }
        Style::Link => follow(walk, url, next_link(headers)),
        Style::NextUrl { next } => follow(walk, url, read(json, headers, next).filter(|u| !u.is_empty())),
    }
}

/// The next request at `target` (resolved against the request's URL), if it is new and on the
/// same origin.
fn follow<B, D, E>(walk: &mut Walk<B, D, E>, url: Option<&Url>, target: Option<String>) -> Result<Next<E>, String> {
    let Some(target) = target else { return Ok(Next::Done) };
    let resolved = match url {
        Some(base) => base.join(&target),
        None => Url::parse(&target),
    }
    .map_err(|e| format!("the next-page link is not a valid URL: {e}"))?;
    if url.is_some_and(|u| u.origin() != resolved.origin()) {
        return Err(format!(
            "the next-page link leads to another origin ({}); credentials are never sent there",
            resolved.origin().ascii_serialization()
        ));
    }
    if !walk.seen.insert(resolved.as_str().to_string()) {
        return Err("the server sent a next-page link it had already sent; following it would repeat pages".to_string());
    }
    Ok(Next::Url(resolved))
}

/// A cursor or URL from the body (a string, or a number as text) or a header.
fn read(json: &Value, headers: &HeaderMap, source: Source) -> Option<String> {
    match source {
        Source::Body(pointer) => match json.pointer(pointer)? {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        },
        Source::Header(name) => headers.get(name)?.to_str().ok().map(|s| s.trim().to_string()),
    }
}

/// The target of the first `rel="next"` link of the `Link` headers (RFC 8288 §3).
pub fn next_link(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(reqwest::header::LINK)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(link_values)
        .find(|(_, rels)| rels.iter().any(|r| r.eq_ignore_ascii_case("next")))
        .map(|(target, _)| target)
}

/// The link-values of one `Link` header: each target with its `rel` relation types.
fn link_values(header: &str) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    let mut rest = header;
    while let Some(start) = rest.find('<') {
        let Some(end) = rest[start..].find('>') else { break };
        let target = rest[start + 1..start + end].trim().to_string();
        rest = &rest[start + end + 1..];
        // The parameters run to the next link-value: a `,` outside quotes.
        let mut quoted = false;
        let params_end = rest
            .char_indices()
            .find(|&(_, c)| {
                if c == '"' {
                    quoted = !quoted;
                }
                c == ',' && !quoted
            })
            .map_or(rest.len(), |(i, _)| i);
        let mut rels = Vec::new();
        for param in rest[..params_end].split(';') {
            let rel = param.split_once('=').filter(|(name, _)| name.trim().eq_ignore_ascii_case("rel"));
            if let Some((_, value)) = rel {
                rels.extend(value.trim().trim_matches('"').split_ascii_whitespace().map(str::to_string));
            }
        }
        out.push((target, rels));
        rest = &rest[params_end..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_headers_give_the_next_target() {
        let mut h = HeaderMap::new();
        h.append(
            reqwest::header::LINK,
            HeaderValue::from_static("<https://a.test/x?page=1>; rel=\"prev first\", <https://a.test/x?page=3>; title=\"a, b\"; rel=\"next\""),
        );
        assert_eq!(next_link(&h).as_deref(), Some("https://a.test/x?page=3"));
        let mut h = HeaderMap::new();
        h.append(reqwest::header::LINK, HeaderValue::from_static("</x?page=9>; rel=last"));
        assert_eq!(next_link(&h), None);
        h.append(reqwest::header::LINK, HeaderValue::from_static("</x?page=2>; REL=NEXT"));
        assert_eq!(next_link(&h).as_deref(), Some("/x?page=2"));
        assert_eq!(link_values("garbage <unclosed"), Vec::new());
    }
}
