//! The HTTP client shared by all services of a generated SDK.

// `Error` deliberately carries the whole response (status, headers, raw body) by value so that
// callers can match on it directly; its size is accepted.
#![allow(clippy::result_large_err)]

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, COOKIE, HeaderMap, HeaderName, HeaderValue, USER_AGENT};
use secrecy::{ExposeSecret, SecretString};
use url::Url;

use super::auth::{
    BasicPlan, BearerSource, ClientAuth, Credentials, JWT_BEARER_ASSERTION_TYPE, Plan,
    TokenProvider, set_api_key_header, set_bearer,
};
use super::encoding::{encode_component, encode_form_pairs};
use super::error::Error;
use super::hooks::{AttemptInfo, Hook, ResponseInfo};
use super::options::RequestOptions;
use super::request::{
    ApiKeyLocation, Body, MultipartForm, Request, add_cookie, send_multipart,
};
use super::response::Response;
use super::retry::RetryPolicy;
#[cfg(feature = "stream")]
use super::stream::{ByteStream, StreamResponse, repeatable};

/// Default connect timeout: 10 s.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Default request timeout (whole request including reading the body; for a streamed body, the
/// wait for the headers and then for each chunk): 30 s.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// Default limit on a response body: 16 MiB. Bodies are read into memory whole; a longer body
/// fails with [`Error::ResponseTooLarge`] instead of growing without bound.
pub const DEFAULT_MAX_RESPONSE_SIZE: usize = 16 * 1024 * 1024;

struct Inner {
    http: reqwest::Client,
    base: Url,
    /// Base URL without a trailing `/`, to which request paths are appended.
    base_str: String,
    timeout: Duration,
    user_agent: HeaderValue,
    retry: RetryPolicy,
    credentials: Credentials,
    /// `credentials.basic_plan()`, computed once: the Basic header value is not re-encoded per
    /// request.
    basic: Option<BasicPlan>,
    max_response_size: usize,
    /// Hooks, in the order they run.
    hooks: Vec<Arc<dyn Hook>>,
}

/// Executes requests: applies the base URL, credentials, user agent, timeouts and retries.
///
/// Cheap to clone (an `Arc` inside), `Send + Sync`. Never follows redirects. `Debug` shows no
/// secret.
#[derive(Clone)]
pub struct ClientCore {
    inner: Arc<Inner>,
}

/// `url` for `Debug`: a password in its userinfo (`https://user:pw@host/`) replaced.
fn redacted_url(url: &str) -> String {
    match Url::parse(url) {
        Ok(mut u) if u.password().is_some() => {
            let _ = u.set_password(Some("REDACTED"));
            u.to_string()
        }
        _ => url.to_string(),
    }
}

impl fmt::Debug for ClientCore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientCore")
            .field("base_url", &redacted_url(&self.inner.base_str))
            .field("timeout", &self.inner.timeout)
            .field("user_agent", &self.inner.user_agent)
            .field("retry", &self.inner.retry)
            .field("credentials", &self.inner.credentials)
            .field("hooks", &self.inner.hooks.len())
            .finish()
    }
}

/// Builder of [`ClientCore`].
#[derive(Default)]
pub struct ClientCoreBuilder {
    base_url: Option<Url>,
    connect_timeout: Option<Duration>,
    timeout: Option<Duration>,
    user_agent: Option<String>,
    http: Option<reqwest::Client>,
    retry: Option<RetryPolicy>,
    credentials: Credentials,
    max_response_size: Option<usize>,
    api_key_schemes: Option<Vec<String>>,
    hooks: Vec<Arc<dyn Hook>>,
}

impl fmt::Debug for ClientCoreBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientCoreBuilder")
            .field("base_url", &self.base_url.as_ref().map(|u| redacted_url(u.as_str())))
            .field("credentials", &self.credentials)
            .finish_non_exhaustive()
    }
}

impl ClientCoreBuilder {
    /// Sets the base URL (for example `https://api.example.com/v1`); request paths are appended to
    /// it, keeping its path. Required.
    pub fn base_url(mut self, url: Url) -> Self {
        self.base_url = Some(url);
        self
    }

    /// Sets the connect timeout (default [`DEFAULT_CONNECT_TIMEOUT`]). Ignored with
    /// [`http_client`](Self::http_client).
    pub fn connect_timeout(mut self, d: Duration) -> Self {
        self.connect_timeout = Some(d);
        self
    }

    /// Sets the timeout of one attempt, from sending to the end of the body (default
    /// [`DEFAULT_TIMEOUT`]). A body handed over as it arrives (byte streams, JSON lines,
    /// server-sent events) is not bounded as a whole: the timeout bounds the wait for the
    /// response headers, then each wait for the next chunk.
    pub fn timeout(mut self, d: Duration) -> Self {
        self.timeout = Some(d);
        self
    }

    /// Sets the `User-Agent` header.
    pub fn user_agent(mut self, ua: impl Into<String>) -> Self {
        self.user_agent = Some(ua.into());
        self
    }

    /// Uses a caller-supplied reqwest client (its redirect policy and connect timeout apply; the
    /// request timeout is still set per request).
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// Sets the retry policy (default [`RetryPolicy::default`]).
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// Sets the largest response body read, in bytes (default [`DEFAULT_MAX_RESPONSE_SIZE`]);
    /// a longer body fails the call with [`Error::ResponseTooLarge`].
    pub fn max_response_size(mut self, bytes: usize) -> Self {
        self.max_response_size = Some(bytes);
        self
    }

    /// Replaces all credentials.
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = credentials;
        self
    }

    /// Sets a fixed bearer token.
    pub fn bearer_token(mut self, token: impl Into<SecretString>) -> Self {
        self.credentials = self.credentials.bearer_token(token);
        self
    }

    /// Sets a token provider (for example the `oauth` feature's `TokenHolder`).
    pub fn token_provider(mut self, provider: Arc<dyn TokenProvider>) -> Self {
        self.credentials = self.credentials.token_provider(provider);
        self
    }

    /// Sets the OAuth client identifier.
    pub fn client_id(mut self, client_id: impl Into<String>) -> Self {
        self.credentials = self.credentials.client_id(client_id);
        self
    }

    /// Sets the client authentication method.
    pub fn client_auth(mut self, auth: ClientAuth) -> Self {
        self.credentials = self.credentials.client_auth(auth);
        self
    }

    /// Sets the API key of the `apiKey` scheme named `scheme`.
    pub fn api_key(mut self, scheme: impl Into<String>, key: impl Into<SecretString>) -> Self {
        self.credentials = self.credentials.api_key(scheme, key);
        self
    }

    /// Adds a request hook; hooks run in the order they are added (see [`Hook`]).
    pub fn hook(mut self, hook: Arc<dyn Hook>) -> Self {
        self.hooks.push(hook);
        self
    }

    /// The names of the spec's `apiKey` security schemes: [`build`](Self::build) refuses an API
    /// key for any other name (a misspelt scheme would otherwise send requests without it).
    pub fn api_key_schemes(mut self, names: &[&str]) -> Self {
        self.api_key_schemes = Some(names.iter().map(|n| (*n).to_string()).collect());
        self
    }

    /// Builds the client.
    ///
    /// # Errors
    /// [`Error::InvalidRequest`] when the base URL is missing or not an `http`/`https` URL that
    /// can be a base, the user agent is not a valid header value, or an API key names a scheme
    /// outside [`api_key_schemes`](Self::api_key_schemes); [`Error::Transport`] when
    /// the HTTP client cannot be created (TLS backend initialisation).
    pub fn build(self) -> Result<ClientCore, Error> {
        let unknown = self.api_key_schemes.as_ref().and_then(|known| {
            let (name, _) = self.credentials.api_keys.iter().find(|(n, _)| !known.contains(n))?;
            Some((name, known))
        });
        if let Some((name, known)) = unknown {
            let declared = if known.is_empty() { "none".to_string() } else { known.join(", ") };
            return Err(Error::InvalidRequest(format!("no apiKey security scheme is named {name:?} (the spec declares: {declared})")));
        }
        let base = self
            .base_url
            .ok_or_else(|| Error::InvalidRequest("no base URL configured".to_string()))?;
        if base.cannot_be_a_base() || !matches!(base.scheme(), "http" | "https") {
            return Err(Error::InvalidRequest(format!(
                "base URL must be an http(s) URL: {}",
                base.as_str()
            )));
        }
        let mut base_str = base.as_str().to_string();
        if let Some(i) = base_str.find(['?', '#']) {
            base_str.truncate(i);
        }
        while base_str.ends_with('/') {
            base_str.pop();
        }
        let ua = self.user_agent.unwrap_or_else(|| {
            concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")).to_string()
        });
        let user_agent = HeaderValue::from_str(&ua)
            .map_err(|_| Error::InvalidRequest("invalid user agent".to_string()))?;
        let timeout = self.timeout.unwrap_or(DEFAULT_TIMEOUT);
        let http = match self.http {
            Some(c) => c,
            None => reqwest::Client::builder()
                .connect_timeout(self.connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT))
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .map_err(Error::from_reqwest)?,
        };
        Ok(ClientCore {
            inner: Arc::new(Inner {
                http,
                base,
                base_str,
                timeout,
                user_agent,
                retry: self.retry.unwrap_or_default(),
                basic: self.credentials.basic_plan(),
                credentials: self.credentials,
                max_response_size: self.max_response_size.unwrap_or(DEFAULT_MAX_RESPONSE_SIZE),
                hooks: self.hooks,
            }),
        })
    }
}

/// Request parts that stay the same across attempts, built once per call: the URL parsed once,
/// the headers (`Content-Type` included) set once, a form body encoded once.
struct Prepared {
    method: reqwest::Method,
    /// The URL without API keys (for [`Response::url`]); also the URL sent when no API key goes
    /// in the query.
    public_url: Url,
    /// The URL sent, when API keys are added to the query.
    keyed_url: Option<Url>,
    /// URL without the query, used as the JWT assertion audience (only with an assertion).
    url_no_query: Option<String>,
    headers: HeaderMap,
    /// The encoded form or bytes body; with a JWT client assertion, the form without it.
    body: Option<bytes::Bytes>,
    multipart: Option<MultipartForm>,
    #[cfg(feature = "stream")]
    /// A streamed body, read once as it is sent.
    once: Option<reqwest::Body>,
    /// A multipart or streamed body was consumed: the request cannot be sent again.
    multipart_sent: bool,
    /// A success body is handed over unread (a streamed call).
    open: bool,
    assertion: bool,
    idempotent: bool,
    /// The timeout of each attempt (the options', else the client's).
    timeout: Duration,
    /// The retry policy (the options', else the client's).
    retry: RetryPolicy,
    operation_id: Option<&'static str>,
    path_template: Option<Cow<'static, str>>,
    /// Attempts made so far.
    attempts: u32,
}

impl Prepared {
    /// What the hooks are told of the current attempt.
    fn attempt_info(&self) -> AttemptInfo<'_> {
        AttemptInfo {
            operation_id: self.operation_id,
            method: &self.method,
            path_template: self.path_template.as_deref(),
            attempt: self.attempts,
        }
    }

    fn url(&self) -> &Url {
        self.keyed_url.as_ref().unwrap_or(&self.public_url)
    }
}

enum Attempt {
    Done(Response),
    #[cfg(feature = "stream")]
    Open(ByteStream),
    Failed { error: Error, sent: bool },
}

impl ClientCore {
    /// Starts a builder.
    pub fn builder() -> ClientCoreBuilder {
        ClientCoreBuilder::default()
    }

    /// The base URL.
    pub fn base_url(&self) -> &Url {
        &self.inner.base
    }

    /// The configured credentials.
    pub fn credentials(&self) -> &Credentials {
        &self.inner.credentials
    }

    /// The retry policy.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.inner.retry
    }

    /// The largest response body read, in bytes.
    pub fn max_response_size(&self) -> usize {
        self.inner.max_response_size
    }

    /// A client sharing the connection pool and settings, with other credentials.
    pub fn with_credentials(&self, credentials: Credentials) -> ClientCore {
        ClientCore {
            inner: Arc::new(Inner {
                http: self.inner.http.clone(),
                base: self.inner.base.clone(),
                base_str: self.inner.base_str.clone(),
                timeout: self.inner.timeout,
                user_agent: self.inner.user_agent.clone(),
                retry: self.inner.retry.clone(),
                basic: credentials.basic_plan(),
                credentials,
                max_response_size: self.inner.max_response_size,
                hooks: self.inner.hooks.clone(),
            }),
        }
    }

    /// A client with the same settings and credentials but the given bearer source (`None` to
    /// remove it, as the `oauth` feature's `TokenHolder` does to avoid a cycle).
    pub fn with_bearer(&self, bearer: Option<BearerSource>) -> ClientCore {
        self.with_credentials(self.inner.credentials.clone().bearer(bearer))
    }

    /// A client with the same settings and credentials, authenticating bearer schemes with
    /// `provider`.
    pub fn with_token_provider(&self, provider: Arc<dyn TokenProvider>) -> ClientCore {
        self.with_bearer(Some(BearerSource::Provider(provider)))
    }

    /// A client with the same settings and credentials but another retry policy.
    pub fn with_retry_policy(&self, retry: RetryPolicy) -> ClientCore {
        ClientCore {
            inner: Arc::new(Inner {
                http: self.inner.http.clone(),
                base: self.inner.base.clone(),
                base_str: self.inner.base_str.clone(),
                timeout: self.inner.timeout,
                user_agent: self.inner.user_agent.clone(),
                retry,
                credentials: self.inner.credentials.clone(),
                basic: self.inner.basic.clone(),
                max_response_size: self.inner.max_response_size,
                hooks: self.inner.hooks.clone(),
            }),
        }
    }

    /// The full URL of a request (base URL + path + query) without sending it and without
    /// credentials — for example an authorization URL to open in a browser.
    ///
    /// # Errors
    /// [`Error::InvalidRequest`] when the result is not a valid URL.
    pub fn url_for<E>(&self, req: &Request) -> Result<Url, Error<E>> {
        self.url_for_with(req, None)
    }

    /// [`url_for`](Self::url_for) with the base URL and query parameters of `options`.
    ///
    /// # Errors
    /// [`Error::InvalidRequest`] when the result is not a valid URL.
    pub fn url_for_with<E>(&self, req: &Request, options: Option<&RequestOptions>) -> Result<Url, Error<E>> {
        let extra: &[(String, String)] = options.map_or(&[], |o| &o.query);
        let server = server_of(req, options);
        let mut s = self.url_text(server.as_deref(), &req.path, query_len(&req.query) + query_len(extra));
        push_query(&mut s, &req.query);
        push_query(&mut s, extra);
        parse_url(&s).map_err(Error::retype)
    }

    /// Base URL (the operation's server, else the client's) + `path`, without a query, with room
    /// for `query_len` more bytes.
    fn url_text(&self, server: Option<&str>, path: &str, query_len: usize) -> String {
        let room = path.len() + 1 + query_len;
        let mut s = match server {
            Some(server) if server.starts_with('/') => {
                // Relative to the client's origin.
                let origin = self.inner.base.origin().ascii_serialization();
                format!("{origin}{server}")
            }
            Some(server) => server.to_string(),
            None => {
                let mut s = String::with_capacity(self.inner.base_str.len() + room);
                s.push_str(&self.inner.base_str);
                s
            }
        };
        s.reserve(room);
        if !path.starts_with('/') {
            s.push('/');
        }
        s.push_str(path);
        s
    }

    /// Sends a request: chooses credentials from `req.security`, applies them, sends with the
    /// retry policy, refreshes a provider's bearer token once on 401, and reads the whole body.
    ///
    /// Any HTTP status is returned as `Ok(Response)`; the generated code maps statuses to results.
    ///
    /// # Errors
    /// [`Error::Timeout`], [`Error::Connect`], [`Error::Transport`], [`Error::InvalidRequest`],
    /// [`Error::ClientAuth`], or a token provider's refresh error.
    pub async fn execute<E>(&self, req: Request) -> Result<Response<E>, Error<E>> {
        self.execute_with(req, None).await
    }

    /// [`execute`](Self::execute) with per-request options (see [`RequestOptions`]): their
    /// timeout, headers, query parameters, retry policy, idempotency key and base URL.
    ///
    /// A request whose operation declares an idempotency header
    /// ([`Request::idempotency_header`]) and that has no key (neither the header parameter nor
    /// the options' key) gets a generated one: 128 random bits as a UUID-shaped string, the same
    /// on every attempt. A request with a key is retried as an idempotent one.
    ///
    /// With the `tracing` feature, each call is one `call` span: its operationId, method, path
    /// template, attempts, status and latency (never a header value, query or body).
    ///
    /// # Errors
    /// As [`execute`](Self::execute), and [`Error::InvalidRequest`] for invalid options or an
    /// option header that the credentials set; [`Error::Hook`] when a hook fails.
    pub async fn execute_with<E>(&self, req: Request, options: Option<&RequestOptions>) -> Result<Response<E>, Error<E>> {
        match self.call(req, options, false).await {
            Ok(Reply::Read(resp)) => Ok(resp.retype()),
            #[cfg(feature = "stream")]
            Ok(Reply::Open(_)) => Err(Error::InvalidRequest("a streamed answer to a buffered call".to_string())),
            Err(e) => Err(e.retype()),
        }
    }

    #[cfg(feature = "stream")]
    /// Sends a request like [`execute`](Self::execute), but hands a success (2xx) body over
    /// unread, as it arrives; any other answer is read whole (up to the body size limit) for the
    /// error helpers. A request without a body that may be repeated keeps a copy, with which
    /// server-sent events reconnect.
    ///
    /// # Errors
    /// As [`execute`](Self::execute).
    pub async fn execute_stream<E>(&self, req: Request) -> Result<StreamResponse<E>, Error<E>> {
        self.execute_stream_with(req, None).await
    }

    #[cfg(feature = "stream")]
    /// [`execute_stream`](Self::execute_stream) with per-request options (see
    /// [`execute_with`](Self::execute_with)); a reconnection uses them too.
    ///
    /// # Errors
    /// As [`execute_with`](Self::execute_with).
    pub async fn execute_stream_with<E>(&self, req: Request, options: Option<&RequestOptions>) -> Result<StreamResponse<E>, Error<E>> {
        let again = repeatable(&req).map(|copy| (self.clone(), copy, options.cloned()));
        let limit = self.inner.max_response_size;
        let mut answer = match self.call(req, options, true).await {
            Ok(Reply::Read(resp)) => StreamResponse::read(resp.retype(), limit),
            Ok(Reply::Open(body)) => StreamResponse::open(body.retype(), limit),
            Err(e) => return Err(e.retype()),
        };
        answer.again = again;
        Ok(answer)
    }

    /// One call: [`execute_inner`](Self::execute_inner) inside its `tracing` span.
    async fn call(&self, req: Request, options: Option<&RequestOptions>, open: bool) -> Result<Reply, Error> {
        #[cfg(feature = "tracing")]
        let result = {
            use tracing::Instrument;
            let span = super::trace::span(&req);
            let started = std::time::Instant::now();
            let mut attempts = 0;
            let result = self.execute_inner(req, options, open, &mut attempts).instrument(span.clone()).await;
            let outcome = match &result {
                Ok(reply) => Ok(reply.status()),
                Err(e) => Err(e),
            };
            super::trace::finish(&span, outcome, attempts, started.elapsed());
            // A read answer keeps the span open until it is decoded (a decode failure is
            // recorded on it).
            match result {
                Ok(Reply::Read(resp)) => Ok(Reply::Read(resp.in_span(span))),
                other => other,
            }
        };
        #[cfg(not(feature = "tracing"))]
        let result = self.execute_inner(req, options, open, &mut 0).await;
        result
    }

    async fn execute_inner(&self, req: Request, options: Option<&RequestOptions>, open: bool, attempts: &mut u32) -> Result<Reply, Error> {
        let creds = &self.inner.credentials;
        let mut plan = creds.plan(req.security, self.inner.basic.as_ref()).await?;
        let mut bearer = plan.bearer.take();
        let mut prepared = self.prepare(req, &plan, bearer.is_some(), options)?;
        prepared.open = open;
        let result = self.send_authorized(&mut prepared, &mut bearer).await;
        *attempts = prepared.attempts;
        Ok(match result? {
            Reply::Read(resp) => Reply::Read(resp.with_url(prepared.public_url)),
            #[cfg(feature = "stream")]
            Reply::Open(body) => Reply::Open(body.with_url(prepared.public_url)),
        })
    }

    /// Sends with retries, refreshing a provider's bearer token once on 401.
    async fn send_authorized(&self, prepared: &mut Prepared, bearer: &mut Option<(SecretString, bool)>) -> Result<Reply, Error> {
        let creds = &self.inner.credentials;
        if let Some((token, _)) = &bearer {
            set_bearer(&mut prepared.headers, token)?;
        }
        let mut refreshed = false;
        loop {
            // One arm without the `stream` part.
            #[allow(clippy::infallible_destructuring_match)]
            let resp = match self.send_with_retries(prepared).await? {
                Reply::Read(resp) => resp,
                #[cfg(feature = "stream")]
                Reply::Open(body) => return Ok(Reply::Open(body)),
            };
            let provider = match (&*bearer, &creds.bearer) {
                (Some((token, true)), Some(BearerSource::Provider(p)))
                    if resp.status() == reqwest::StatusCode::UNAUTHORIZED
                        && !refreshed
                        && !prepared.multipart_sent =>
                {
                    Some((token.clone(), p))
                }
                _ => None,
            };
            if let Some((token, p)) = provider {
                refreshed = true;
                match p.on_unauthorized(&token).await? {
                    Some(new)
                        if !new.expose_secret().is_empty()
                            && new.expose_secret() != token.expose_secret() =>
                    {
                        set_bearer(&mut prepared.headers, &new)?;
                        *bearer = Some((new, true));
                        continue;
                    }
                    _ => {}
                }
            }
            return Ok(Reply::Read(resp));
        }
    }

    fn prepare(&self, req: Request, plan: &Plan, bearer: bool, options: Option<&RequestOptions>) -> Result<Prepared, Error> {
        if let Some(invalid) = options.and_then(|o| o.invalid.as_ref()) {
            return Err(Error::InvalidRequest(invalid.clone()));
        }
        let extra: &[(String, String)] = options.map_or(&[], |o| &o.query);
        // An option query parameter named like a query API key would shadow it (servers often
        // read the first): refused, as option headers that the credentials set are.
        for (location, param, _) in &plan.api_keys {
            if *location == ApiKeyLocation::Query && extra.iter().any(|(k, _)| *k == encode_component(param)) {
                return Err(Error::InvalidRequest(format!(
                    "the query parameter {param} in the request options is set by the client's credentials; it is not replaced"
                )));
            }
        }
        let server = server_of(&req, options);
        let mut url = self.url_text(server.as_deref(), &req.path, query_len(&req.query) + query_len(extra));
        let path_end = url.len();
        push_query(&mut url, &req.query);
        push_query(&mut url, extra);
        let public_url = parse_url(&url)?;
        let mut headers = req.headers;
        let mut key_query = Vec::new();
        for (location, param, key) in &plan.api_keys {
            match location {
                ApiKeyLocation::Query => {
                    key_query.push((
                        encode_component(param),
                        encode_component(key.expose_secret()),
                    ));
                }
                ApiKeyLocation::Header => set_api_key_header(&mut headers, param, key)?,
                ApiKeyLocation::Cookie => {
                    add_cookie(&mut headers, param, &encode_component(key.expose_secret()))?;
                }
            }
        }
        let keyed_url = if key_query.is_empty() {
            None
        } else {
            push_query(&mut url, &key_query);
            Some(parse_url(&url)?)
        };
        if let Some(BasicPlan::Header(value)) = &plan.basic {
            headers.insert(AUTHORIZATION, value.clone());
        }
        if let Some(accept) = req.accept {
            let bytes = match accept {
                Cow::Borrowed(s) => bytes::Bytes::from_static(s.as_bytes()),
                Cow::Owned(s) => bytes::Bytes::from(s),
            };
            let hv = HeaderValue::from_maybe_shared(bytes)
                .map_err(|_| Error::InvalidRequest("invalid Accept value".to_string()))?;
            headers.insert(ACCEPT, hv);
        }
        headers.insert(USER_AGENT, self.inner.user_agent.clone());
        let mut idempotent = req.idempotent;
        let key = options.and_then(|o| o.idempotency_key.as_deref());
        let idem = HeaderName::from_static("idempotency-key");
        match key {
            Some(key) => {
                let mut hv = HeaderValue::from_str(key).map_err(|_| Error::InvalidRequest("invalid idempotency key".to_string()))?;
                hv.set_sensitive(true);
                headers.insert(idem.clone(), hv);
            }
            None if req.idempotency_header && !headers.contains_key(&idem) => {
                let key = super::retry::idempotency_key();
                headers.insert(idem.clone(), HeaderValue::from_str(&key).map_err(|_| Error::InvalidRequest("invalid idempotency key".to_string()))?);
            }
            None => {}
        }
        // A request with a key may be repeated: the server answers a repeat as the first.
        idempotent |= key.is_some() || req.idempotency_header;
        let assertion = plan.basic.as_ref().is_some_and(BasicPlan::is_assertion);
        let form_content_type = HeaderValue::from_static("application/x-www-form-urlencoded");
        #[cfg(feature = "stream")]
        let mut once = None;
        let (mut form, mut body, multipart) = match req.body {
            None => (None, None, None),
            Some(Body::Form(pairs)) => (Some(pairs), None, None),
            Some(Body::EncodedForm(text)) if !assertion && !plan.add_client_id => {
                headers.append(CONTENT_TYPE, form_content_type.clone());
                (None, Some(bytes::Bytes::from(text)), None)
            }
            Some(Body::EncodedForm(text)) => {
                let pairs = url::form_urlencoded::parse(text.as_bytes()).into_owned().collect();
                (Some(pairs), None, None)
            }
            Some(Body::Bytes { content_type, data }) => {
                let hv = HeaderValue::from_str(&content_type)
                    .map_err(|_| Error::InvalidRequest("invalid Content-Type".to_string()))?;
                headers.append(CONTENT_TYPE, hv);
                (None, Some(data), None)
            }
            #[cfg(feature = "multipart")]
            Some(Body::Multipart(m)) => (None, None, Some(m)),
            #[cfg(feature = "stream")]
            Some(Body::Stream { content_type, body: data }) => {
                let hv = HeaderValue::from_str(&content_type)
                    .map_err(|_| Error::InvalidRequest("invalid Content-Type".to_string()))?;
                headers.append(CONTENT_TYPE, hv);
                once = Some(data);
                (None, None, None)
            }
        };
        #[cfg(feature = "stream")]
        if assertion && once.is_some() {
            return Err(Error::ClientAuth("a JWT client assertion needs a form body".to_string()));
        }
        if assertion && form.is_none() {
            if body.is_some() || multipart.is_some() {
                return Err(Error::ClientAuth(
                    "a JWT client assertion needs a form body".to_string(),
                ));
            }
            form = Some(Vec::new());
        }
        if let Some(mut pairs) = form {
            match self.inner.credentials.get_client_id() {
                Some(id) if plan.add_client_id && !pairs.iter().any(|(k, _)| k == "client_id") => {
                    pairs.push(("client_id".to_string(), id.to_string()));
                }
                _ => {}
            }
            if assertion {
                // The configured client authentication wins over assertion fields set in the
                // body: a parameter must not be sent twice (RFC 6749 §3.2). The assertion itself
                // is added per attempt.
                pairs.retain(|(k, _)| k != "client_assertion_type" && k != "client_assertion");
            }
            headers.append(CONTENT_TYPE, form_content_type);
            body = Some(bytes::Bytes::from(encode_form_pairs(&pairs)));
        }
        // Last, so that an option header replaces any header the request set (`Content-Type`
        // of the body included), but never one of the credentials.
        if let Some(options) = options {
            apply_option_headers(&mut headers, &options.headers, plan, bearer)?;
        }
        Ok(Prepared {
            method: req.method,
            public_url,
            keyed_url,
            url_no_query: assertion.then(|| url[..path_end].to_string()),
            headers,
            body,
            multipart,
            #[cfg(feature = "stream")]
            once,
            multipart_sent: false,
            open: false,
            assertion,
            idempotent,
            timeout: options.and_then(|o| o.timeout).unwrap_or(self.inner.timeout),
            retry: options.and_then(|o| o.retry.clone()).unwrap_or_else(|| self.inner.retry.clone()),
            operation_id: req.operation_id,
            path_template: req.path_template,
            attempts: 0,
        })
    }

    async fn send_with_retries(&self, p: &mut Prepared) -> Result<Reply, Error> {
        let mut retry = 0u32;
        loop {
            let attempt = self.attempt(p).await?;
            let policy = &p.retry;
            let single_shot = p.multipart_sent;
            let delay = match attempt {
                Attempt::Done(resp) => {
                    let delay = if single_shot {
                        None
                    } else {
                        policy.for_response(resp.status(), resp.headers(), p.idempotent, retry)
                    };
                    match delay {
                        Some(d) => d,
                        None => return Ok(Reply::Read(resp)),
                    }
                }
                #[cfg(feature = "stream")]
                Attempt::Open(body) => return Ok(Reply::Open(body)),
                Attempt::Failed { error, sent } => {
                    let delay = if single_shot {
                        None
                    } else {
                        policy.for_failure(sent, p.idempotent, retry)
                    };
                    match delay {
                        Some(d) => d,
                        None => return Err(error),
                    }
                }
            };
            retry += 1;
            #[cfg(feature = "tracing")]
            tracing::debug!(attempt = p.attempts, delay_ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX), "retrying");
            if !delay.is_zero() {
                tokio::time::sleep(delay).await;
            }
        }
    }

    /// Runs the hooks' `after_response` for the answer to attempt `p.attempts`.
    fn after_response(&self, p: &Prepared, status: reqwest::StatusCode, headers: &HeaderMap, elapsed: std::time::Duration) -> Result<(), Error> {
        if self.inner.hooks.is_empty() {
            return Ok(());
        }
        let seen = ResponseInfo { status, headers, elapsed };
        let info = p.attempt_info();
        for hook in &self.inner.hooks {
            hook.after_response(&seen, &info).map_err(Error::Hook)?;
        }
        Ok(())
    }

    /// Runs the hooks' `after_failure` for attempt `p.attempts`, which got no response.
    fn after_failure(&self, p: &Prepared, error: &Error, elapsed: std::time::Duration) -> Result<(), Error> {
        let info = p.attempt_info();
        for hook in &self.inner.hooks {
            hook.after_failure(error, elapsed, &info).map_err(Error::Hook)?;
        }
        Ok(())
    }

    /// The failed attempt, once the hooks have seen it.
    fn failed(&self, p: &Prepared, error: Error, sent: bool, elapsed: std::time::Duration) -> Result<Attempt, Error> {
        self.after_failure(p, &error, elapsed)?;
        Ok(Attempt::Failed { error, sent })
    }

    async fn attempt(&self, p: &mut Prepared) -> Result<Attempt, Error> {
        let mut request = reqwest::Request::new(p.method.clone(), p.url().clone());
        *request.headers_mut() = p.headers.clone();
        if p.assertion {
            let audience = p.url_no_query.as_deref().unwrap_or_default();
            let jwt = self.inner.credentials.client_assertion(audience)?;
            let form = p.body.as_deref().unwrap_or_default();
            let text = String::from_utf8_lossy(form).into_owned();
            let mut s = url::form_urlencoded::Serializer::for_suffix(text, 0);
            s.append_pair("client_assertion_type", JWT_BEARER_ASSERTION_TYPE);
            s.append_pair("client_assertion", &jwt);
            *request.body_mut() = Some(s.finish().into());
        } else if let Some(body) = &p.body {
            *request.body_mut() = Some(body.clone().into());
        }
        #[cfg(feature = "stream")]
        if let Some(body) = p.once.take() {
            p.multipart_sent = true;
            *request.body_mut() = Some(body);
        }
        p.attempts += 1;
        let info = p.attempt_info();
        for hook in &self.inner.hooks {
            hook.before_send(&mut request, &info).map_err(Error::Hook)?;
        }
        let started = std::time::Instant::now();
        // A body handed over open (a streamed answer) may last as long as the server streams: the
        // timeout bounds the wait for the headers here, then each wait for the next chunk
        // (`ByteStream`), not the whole body.
        let (open, timeout) = (p.open, p.timeout);
        *request.timeout_mut() = (!open).then_some(timeout);
        let send = async {
            match p.multipart.take() {
                Some(form) => {
                    p.multipart_sent = true;
                    send_multipart(&self.inner.http, request, form).await
                }
                None => self.inner.http.execute(request).await,
            }
        };
        let sent = if open {
            match tokio::time::timeout(timeout, send).await {
                Ok(sent) => sent,
                Err(_) => return self.failed(p, Error::Timeout, true, started.elapsed()),
            }
        } else {
            send.await
        };
        let mut resp = match sent {
            Ok(r) => r,
            Err(e) => {
                let sent = !e.is_connect();
                return self.failed(p, Error::from_reqwest(e), sent, started.elapsed());
            }
        };
        let status = resp.status();
        // Moved, not copied: the body is read without them.
        let headers = std::mem::take(resp.headers_mut());
        #[cfg(feature = "stream")]
        if p.open && status.is_success() {
            // A streamed body: the hooks see the answer once its headers are in.
            self.after_response(p, status, &headers, started.elapsed())?;
            let limit = self.inner.max_response_size;
            return Ok(Attempt::Open(ByteStream::open(resp, headers, limit, timeout)));
        }
        match read_body(resp, self.inner.max_response_size).await {
            // The URL is set once, on the response returned (`execute_inner`).
            Ok(body) => {
                self.after_response(p, status, &headers, started.elapsed())?;
                Ok(Attempt::Done(Response::new(status, headers, body, None)))
            }
            // Not retried: the same answer would come back.
            Err(BodyError::TooLarge(limit)) => {
                let error = Error::ResponseTooLarge { status, limit };
                self.after_failure(p, &error, started.elapsed())?;
                Err(error)
            }
            Err(BodyError::Transport(e)) => self.failed(p, Error::from_reqwest(e), true, started.elapsed()),
        }
    }
}

/// The base URL a request goes to, when not the client's: the options' base URL, else the
/// operation's own server.
fn server_of<'a>(req: &'a Request, options: Option<&RequestOptions>) -> Option<Cow<'a, str>> {
    match options.and_then(|o| o.base_url.as_ref()) {
        Some(base) => {
            let mut s = base.as_str().to_string();
            if let Some(i) = s.find(['?', '#']) {
                s.truncate(i);
            }
            while s.ends_with('/') {
                s.pop();
            }
            Some(Cow::Owned(s))
        }
        None => req.server.as_deref().map(Cow::Borrowed),
    }
}

/// Sets the options' headers, each replacing the request's headers of its name; a header that
/// the credentials set for this request (`Authorization`, an API key's header, `Cookie` with a
/// cookie API key) is an error instead.
fn apply_option_headers(headers: &mut HeaderMap, extra: &HeaderMap, plan: &Plan, bearer: bool) -> Result<(), Error> {
    for name in extra.keys() {
        let by_credentials = (name == AUTHORIZATION && (bearer || matches!(plan.basic, Some(BasicPlan::Header(_)))))
            || plan.api_keys.iter().any(|(location, param, _)| match location {
                ApiKeyLocation::Header => name.as_str().eq_ignore_ascii_case(param),
                ApiKeyLocation::Cookie => name == COOKIE,
                ApiKeyLocation::Query => false,
            });
        if by_credentials {
            return Err(Error::InvalidRequest(format!(
                "the header {name} in the request options is set by the client's credentials; it is not replaced"
            )));
        }
        headers.remove(name);
    }
    for (name, value) in extra {
        headers.append(name.clone(), value.clone());
    }
    Ok(())
}

/// What a call's attempts end with: a response read whole, or a success body still open.
enum Reply {
    Read(Response),
    #[cfg(feature = "stream")]
    Open(ByteStream),
}

impl Reply {
    /// The status of the answer.
    #[cfg(feature = "tracing")]
    fn status(&self) -> reqwest::StatusCode {
        match self {
            Reply::Read(resp) => resp.status(),
            #[cfg(feature = "stream")]
            Reply::Open(body) => body.status(),
        }
    }
}

/// The length of `?k=v&k2=v2`.
fn query_len(query: &[(String, String)]) -> usize {
    query.iter().map(|(k, v)| k.len() + v.len() + 2).sum()
}

/// Appends `?k=v&k2=v2` (already percent-encoded pairs) to `url`; nothing when there are none.
fn push_query(url: &mut String, query: &[(String, String)]) {
    if !query.is_empty() {
        // A path template may carry a literal query of its own (`/search?type=a`).
        url.push(if url.contains('?') { '&' } else { '?' });
        push_pairs(url, query);
    }
}

/// Appends `k=v&k2=v2` (already percent-encoded pairs) to `url`.
fn push_pairs(url: &mut String, pairs: &[(String, String)]) {
    for (i, (k, v)) in pairs.iter().enumerate() {
        if i > 0 {
            url.push('&');
        }
        url.push_str(k);
        url.push('=');
        url.push_str(v);
    }
}

fn parse_url(s: &str) -> Result<Url, Error> {
    Url::parse(s).map_err(|e| Error::InvalidRequest(format!("invalid request URL: {e}")))
}

enum BodyError {
    TooLarge(usize),
    Transport(reqwest::Error),
}

/// Reads a whole body, at most `limit` bytes: a `Content-Length` above the limit fails before
/// anything is read, a longer stream as soon as it passes the limit.
async fn read_body(mut resp: reqwest::Response, limit: usize) -> Result<bytes::Bytes, BodyError> {
    let declared = resp.content_length().unwrap_or(0);
    if usize::try_from(declared).map_or(true, |n| n > limit) {
        return Err(BodyError::TooLarge(limit));
    }
    let Some(first) = resp.chunk().await.map_err(BodyError::Transport)? else {
        return Ok(bytes::Bytes::new());
    };
    if first.len() > limit {
        return Err(BodyError::TooLarge(limit));
    }
    let Some(second) = resp.chunk().await.map_err(BodyError::Transport)? else {
        // The whole body in one chunk (the common case): kept as it is, not copied.
        return Ok(first);
    };
    let capacity = usize::try_from(declared).unwrap_or(0).max(first.len() + second.len());
    let mut buf = bytes::BytesMut::with_capacity(capacity.min(limit));
    for chunk in [first, second] {
        if chunk.len() > limit.saturating_sub(buf.len()) {
            return Err(BodyError::TooLarge(limit));
        }
        buf.extend_from_slice(&chunk);
    }
    while let Some(chunk) = resp.chunk().await.map_err(BodyError::Transport)? {
        if chunk.len() > limit.saturating_sub(buf.len()) {
            return Err(BodyError::TooLarge(limit));
        }
        buf.extend_from_slice(&chunk);
    }
    Ok(buf.freeze())
}

#[cfg(test)]
mod tests {
    #[test]
    fn an_api_key_for_an_undeclared_scheme_is_refused() {
        let base = || super::ClientCoreBuilder::default().base_url(url::Url::parse("http://127.0.0.1:9/").unwrap());
        let err = base().api_key_schemes(&["ApiKeyAuth"]).api_key("ApiKeyAuht", "k").build().unwrap_err();
        assert!(err.to_string().contains("\"ApiKeyAuht\"") && err.to_string().contains("ApiKeyAuth"), "{err}");
        assert!(base().api_key_schemes(&["ApiKeyAuth"]).api_key("ApiKeyAuth", "k").build().is_ok());
        assert!(base().api_key_schemes(&[]).api_key("any", "k").build().unwrap_err().to_string().contains("declares: none"));
        // Without the list (a hand-made core), any name is accepted.
        assert!(base().api_key("any", "k").build().is_ok());
    }

    #[test]
    fn a_literal_query_in_the_path_is_followed_with_an_ampersand() {
        let core = super::ClientCoreBuilder::default().base_url(url::Url::parse("http://127.0.0.1:9/v1/").unwrap()).build().unwrap();
        let mut req = super::Request::at(reqwest::Method::GET, "/search?type=a");
        req.query_param("q", "z b").unwrap();
        let url = core.url_for::<()>(&req).unwrap();
        assert_eq!(url.as_str(), "http://127.0.0.1:9/v1/search?type=a&q=z%20b");
        let plain = super::Request::at(reqwest::Method::GET, "/search?type=a");
        assert_eq!(core.url_for::<()>(&plain).unwrap().as_str(), "http://127.0.0.1:9/v1/search?type=a");
        let mut other = super::Request::at(reqwest::Method::GET, "/search");
        other.query_param("q", "z").unwrap();
        assert_eq!(core.url_for::<()>(&other).unwrap().as_str(), "http://127.0.0.1:9/v1/search?q=z");
    }

    #[test]
    fn debug_never_shows_a_password_in_the_base_url() {
        let core = super::ClientCoreBuilder::default()
            .base_url(url::Url::parse("http://user:SECRETPW@127.0.0.1:9/api/").unwrap())
            .build()
            .unwrap();
        let shown = format!("{core:?}");
        assert!(!shown.contains("SECRETPW"), "{shown}");
        assert!(shown.contains("user:REDACTED@127.0.0.1"), "{shown}");
        assert_eq!(super::redacted_url("https://host/a"), "https://host/a");
    }
}
