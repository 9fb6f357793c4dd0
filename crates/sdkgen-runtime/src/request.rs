//! A request as built by a generated operation, before credentials and the base URL are applied.

use std::borrow::Cow;
use std::fmt;

use bytes::Bytes;
use reqwest::Method;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use serde::Serialize;

use super::encoding::{self, EncodeError, ParamStyle};

/// Where an API key is sent (OpenAPI `apiKey` security scheme `in`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ApiKeyLocation {
    /// A query parameter.
    Query,
    /// A request header.
    Header,
    /// A cookie (`Cookie: name=value`).
    Cookie,
}

/// The kind of an OpenAPI security scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SchemeKind {
    /// `http` / `basic`: satisfied by the configured client authentication
    /// ([`ClientAuth`](super::auth::ClientAuth)) or basic credentials.
    HttpBasic,
    /// `http` / `bearer`: `Authorization: Bearer <token>` (RFC 6750 §2.1).
    HttpBearer,
    /// `oauth2`: sent as a bearer token.
    OAuth2,
    /// `openIdConnect`: sent as a bearer token.
    OpenIdConnect,
    /// `apiKey`: the configured key for this scheme's name, sent as `param`.
    ApiKey {
        /// Where the key goes.
        location: ApiKeyLocation,
        /// Header, query parameter or cookie name, exactly as in the scheme.
        param: &'static str,
    },
}

/// A security scheme required by an operation (a name from `components.securitySchemes`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SecurityScheme {
    /// The scheme's name in the OpenAPI document; API keys are configured under this name.
    pub name: &'static str,
    /// The scheme's kind.
    pub kind: SchemeKind,
}

/// A request body.
pub enum Body {
    /// `application/x-www-form-urlencoded` key/value pairs (not yet encoded). Kept as pairs so
    /// that client authentication can add members (RFC 6749 §2.3.1, RFC 7523 §2.2).
    Form(Vec<(String, String)>),
    /// An `application/x-www-form-urlencoded` body already encoded (what
    /// [`Request::form`] makes). Client authentication that adds members decodes it into pairs
    /// first; otherwise it is sent as it is.
    EncodedForm(String),
    /// Raw bytes with a content type (JSON bodies use `application/json`).
    Bytes {
        /// The `Content-Type` header value.
        content_type: String,
        /// The body.
        data: Bytes,
    },
    #[cfg(feature = "multipart")]
    /// A `multipart/form-data` body. It can be sent only once, so requests with it are never
    /// retried.
    Multipart(reqwest::multipart::Form),
    #[cfg(feature = "stream")]
    /// A body read once as it is sent (a stream or a file): requests with it are never retried.
    Stream {
        /// The `Content-Type` header value.
        content_type: String,
        /// The body.
        body: reqwest::Body,
    },
}

impl fmt::Debug for Body {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Bodies may contain secrets (passwords, refresh tokens, authorization codes): show only
        // their shape.
        match self {
            Body::Form(pairs) => f
                .debug_struct("Form")
                .field("keys", &pairs.iter().map(|(k, _)| k).collect::<Vec<_>>())
                .finish(),
            Body::EncodedForm(text) => f
                .debug_struct("Form")
                .field(
                    "keys",
                    &url::form_urlencoded::parse(text.as_bytes())
                        .map(|(k, _)| k)
                        .collect::<Vec<_>>(),
                )
                .finish(),
            Body::Bytes { content_type, data } => f
                .debug_struct("Bytes")
                .field("content_type", content_type)
                .field("len", &data.len())
                .finish(),
            #[cfg(feature = "multipart")]
            Body::Multipart(_) => f.write_str("Multipart"),
            #[cfg(feature = "stream")]
            Body::Stream { content_type, .. } => f.debug_struct("Stream").field("content_type", content_type).finish(),
        }
    }
}

/// Whether requests with this method are idempotent by default (RFC 9110 §9.2.2): GET, HEAD,
/// PUT, DELETE, OPTIONS, TRACE.
pub fn is_idempotent_method(method: &Method) -> bool {
    matches!(
        *method,
        Method::GET | Method::HEAD | Method::PUT | Method::DELETE | Method::OPTIONS | Method::TRACE
    )
}

/// A request built by a generated operation. Credentials, the base URL, the user agent and the
/// timeouts are applied by [`ClientCore::execute`](super::client::ClientCore::execute).
///
/// `Debug` shows header names and the body's shape only (values may be secrets).
pub struct Request {
    /// HTTP method.
    pub method: Method,
    /// Path after the base URL, starting with `/`, with path parameters already substituted and
    /// percent-encoded.
    pub path: String,
    /// Percent-encoded query pairs, in order (joined as `k=v` with `&`).
    pub query: Vec<(String, String)>,
    /// Request headers.
    pub headers: HeaderMap,
    /// Body; `None` sends no body and no `Content-Type`.
    pub body: Option<Body>,
    /// Security requirement alternatives (OR of AND). An empty inner slice means anonymous access
    /// is allowed; an empty outer slice means the operation uses no security at all.
    pub security: &'static [&'static [SecurityScheme]],
    /// Whether the request may be repeated safely; defaults from the method
    /// ([`is_idempotent_method`]).
    pub idempotent: bool,
    /// The `Accept` header value, if any (a literal in generated code: sent without a copy).
    pub accept: Option<Cow<'static, str>>,
    /// A base URL for this operation only (an operation- or path-level `servers` entry), used
    /// instead of the client's; a relative one (`/upload`) keeps the client's origin.
    pub server: Option<String>,
    /// The operation's `operationId` (for hooks and the `tracing` span); `None` for requests not
    /// made by an operation.
    pub operation_id: Option<&'static str>,
    /// The path template as the API describes it (`/users/{userId}`), before
    /// [`path_param`](Self::path_param) fills it in; for hooks and the `tracing` span.
    pub path_template: Option<Cow<'static, str>>,
    /// Whether the operation declares an idempotency header (a header parameter named
    /// `Idempotency-Key`, in any case): a call without a key then gets one generated (see
    /// [`ClientCore::execute_with`](super::client::ClientCore::execute_with)).
    pub idempotency_header: bool,
}

impl fmt::Debug for Request {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Request")
            .field("method", &self.method)
            .field("path", &self.path)
            .field(
                "query_keys",
                &self.query.iter().map(|(k, _)| k).collect::<Vec<_>>(),
            )
            .field("header_names", &self.headers.keys().collect::<Vec<_>>())
            .field("body", &self.body)
            .field("security", &self.security)
            .field("idempotent", &self.idempotent)
            .field("accept", &self.accept)
            .field("operation_id", &self.operation_id)
            .field("path_template", &self.path_template)
            .finish()
    }
}

impl Request {
    /// Creates a request with no parameters, no body and no security (`security = &[]`).
    /// `path` must start with `/` and already be percent-encoded.
    pub fn new(method: Method, path: String) -> Self {
        let idempotent = is_idempotent_method(&method);
        Self {
            method,
            path,
            query: Vec::new(),
            headers: HeaderMap::new(),
            body: None,
            security: &[],
            idempotent,
            accept: None,
            server: None,
            operation_id: None,
            path_template: None,
            idempotency_header: false,
        }
    }

    /// The request of the operation `operation_id` at its path template (`/users/{userId}`),
    /// as [`at`](Self::at) makes it; the id and the template are kept for hooks and tracing.
    pub fn for_operation(operation_id: &'static str, method: Method, template: &'static str) -> Self {
        let mut req = Self::new(method, template.to_string());
        req.operation_id = Some(operation_id);
        req.path_template = Some(Cow::Borrowed(template));
        req
    }

    /// Like [`new`](Self::new), for a request at an operation's path template as the API
    /// describes it (`/accounts/{accountId}`): [`path_param`](Self::path_param) fills in its
    /// `{name}` placeholders. The literal parts must already be percent-encoded.
    pub fn at(method: Method, template: &str) -> Self {
        let mut req = Self::new(method, template.to_string());
        req.path_template = Some(Cow::Owned(template.to_string()));
        req
    }

    /// Sends this request to `base` instead of the client's base URL (OpenAPI operation-level
    /// `servers`).
    pub fn server(&mut self, base: &str) -> &mut Self {
        self.server = Some(base.trim_end_matches('/').to_string());
        self
    }

    /// Sets the security requirement alternatives of the operation (OR of AND).
    pub fn security(&mut self, alternatives: &'static [&'static [SecurityScheme]]) -> &mut Self {
        self.security = alternatives;
        self
    }

    /// Overrides whether the request may be retried after it may have reached the server.
    pub fn idempotent(&mut self, idempotent: bool) -> &mut Self {
        self.idempotent = idempotent;
        self
    }

    /// Sets the `Accept` header.
    pub fn accept(&mut self, media_type: impl Into<Cow<'static, str>>) -> &mut Self {
        self.accept = Some(media_type.into());
        self
    }

    /// Fills in the path parameter `name` in OpenAPI's default style for paths (`simple`, not
    /// exploded): every `{name}` of the path template becomes the percent-encoded value.
    ///
    /// # Errors
    /// See [`encoding::path_param_named`].
    pub fn path_param<T: Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: &T,
    ) -> Result<&mut Self, EncodeError> {
        self.path_param_styled(name, value, ParamStyle::Simple, false)
    }

    /// Fills in the path parameter `name` serialized with `style`/`explode` (see
    /// [`encoding::path_param_named`]): every `{name}` of the path template becomes the
    /// percent-encoded value. The encoded value never holds a brace, so it cannot be taken for
    /// another placeholder.
    ///
    /// # Errors
    /// See [`encoding::path_param_named`].
    pub fn path_param_styled<T: Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: &T,
        style: ParamStyle,
        explode: bool,
    ) -> Result<&mut Self, EncodeError> {
        let encoded = encoding::path_param_named(name, value, style, explode)?;
        self.path = self.path.replace(&format!("{{{name}}}"), &encoded);
        Ok(self)
    }

    /// Adds a query parameter in OpenAPI's default style for queries (`form`, exploded). A
    /// `null` value, such as an unset `Option`, adds nothing.
    ///
    /// # Errors
    /// See [`encoding::query_pairs`].
    pub fn query_param<T: Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: &T,
    ) -> Result<&mut Self, EncodeError> {
        self.query(name, value, ParamStyle::Form, true)
    }

    /// Adds a query parameter serialized with `style`/`explode` (see
    /// [`encoding::query_pairs`]). A `null` value adds nothing.
    ///
    /// # Errors
    /// See [`encoding::query_pairs`].
    pub fn query<T: Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: &T,
        style: ParamStyle,
        explode: bool,
    ) -> Result<&mut Self, EncodeError> {
        let pairs = encoding::query_pairs(name, value, style, explode)?;
        self.query.extend(pairs);
        Ok(self)
    }

    /// Adds a header parameter serialized in `simple` style (see [`encoding::header_value`]).
    /// A `null` value adds nothing. Repeated calls with the same name append values. A header
    /// named `Idempotency-Key` (in any case) marks the operation as declaring one
    /// ([`idempotency_header`](Self::idempotency_header)), whether or not a value is set.
    ///
    /// # Errors
    /// [`EncodeError::InvalidHeader`] when the name or the value is not valid in HTTP.
    pub fn header<T: Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: &T,
        explode: bool,
    ) -> Result<&mut Self, EncodeError> {
        if name.eq_ignore_ascii_case(super::options::IDEMPOTENCY_KEY_HEADER) {
            self.idempotency_header = true;
        }
        if let Some(text) = encoding::header_value(value, explode)? {
            let hname = HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| EncodeError::InvalidHeader(name.to_string()))?;
            let hvalue = HeaderValue::from_str(&text)
                .map_err(|_| EncodeError::InvalidHeader(name.to_string()))?;
            self.headers.append(hname, hvalue);
        }
        Ok(self)
    }

    /// Adds a cookie parameter (`form` style, non-exploded: arrays as `a,b`), appended to the
    /// `Cookie` header. A `null` value adds nothing.
    ///
    /// # Errors
    /// [`EncodeError::InvalidHeader`] when the result is not a valid header value.
    pub fn cookie<T: Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: &T,
    ) -> Result<&mut Self, EncodeError> {
        for (k, v) in encoding::query_pairs(name, value, ParamStyle::Form, false)? {
            add_cookie(&mut self.headers, &k, &v)?;
        }
        Ok(self)
    }

    /// Sets an `application/x-www-form-urlencoded` body from a value, encoded once here (see
    /// [`encoding::to_form_pairs`] and [`encoding::to_form_string`]).
    ///
    /// # Errors
    /// See [`encoding::to_form_pairs`].
    pub fn form<T: Serialize + ?Sized>(&mut self, body: &T) -> Result<&mut Self, EncodeError> {
        self.body = Some(Body::EncodedForm(encoding::to_form_string(body)?));
        Ok(self)
    }

    /// Sets an `application/json` body.
    ///
    /// # Errors
    /// [`EncodeError::Serialize`] when the value cannot be serialized.
    pub fn json<T: Serialize + ?Sized>(&mut self, body: &T) -> Result<&mut Self, EncodeError> {
        let data = serde_json::to_vec(body)?;
        self.body = Some(Body::Bytes {
            content_type: "application/json".to_string(),
            data: Bytes::from(data),
        });
        Ok(self)
    }

    /// Sets a raw body with the given content type.
    pub fn bytes(&mut self, content_type: &str, data: impl Into<Bytes>) -> &mut Self {
        self.body = Some(Body::Bytes {
            content_type: content_type.to_string(),
            data: data.into(),
        });
        self
    }

    /// Sets a text body with the given content type.
    pub fn text(&mut self, content_type: &str, text: String) -> &mut Self {
        self.bytes(content_type, text)
    }

    #[cfg(feature = "stream")]
    /// Sets a body to upload with the given content type: bytes are retried like any body, a
    /// stream or a file is sent once (the request is never retried).
    pub fn upload(&mut self, content_type: &str, body: impl Into<super::stream::UploadBody>) -> &mut Self {
        match body.into().into_parts() {
            Ok(data) => self.bytes(content_type, data),
            Err(body) => {
                self.body = Some(Body::Stream { content_type: content_type.to_string(), body });
                self
            }
        }
    }

    #[cfg(feature = "multipart")]
    /// Sets a `multipart/form-data` body: a typed form's parts, or a raw `reqwest` form. Such a
    /// request is sent at most once (never retried).
    ///
    /// # Errors
    /// [`EncodeError::Serialize`] when a part could not be serialized.
    pub fn multipart(&mut self, form: impl Into<super::multipart::Multipart>) -> Result<&mut Self, EncodeError> {
        self.body = Some(Body::Multipart(form.into().into_form()?));
        Ok(self)
    }
}

#[cfg(feature = "multipart")]
/// A `multipart/form-data` body as it is sent.
pub(super) type MultipartForm = reqwest::multipart::Form;

#[cfg(not(feature = "multipart"))]
/// Without the `multipart` feature there is no multipart body (an empty enum: the code that sends
/// one compiles away).
pub(super) enum MultipartForm {}

#[cfg(feature = "multipart")]
/// Sends `request` with the multipart body `form`.
pub(super) async fn send_multipart(
    http: &reqwest::Client,
    request: reqwest::Request,
    form: MultipartForm,
) -> reqwest::Result<reqwest::Response> {
    reqwest::RequestBuilder::from_parts(http.clone(), request)
        .multipart(form)
        .send()
        .await
}

#[cfg(not(feature = "multipart"))]
/// Never called: there is no multipart body without the `multipart` feature.
pub(super) async fn send_multipart(
    _http: &reqwest::Client,
    _request: reqwest::Request,
    form: MultipartForm,
) -> reqwest::Result<reqwest::Response> {
    match form {}
}

/// Appends `name=value` to the `Cookie` header (RFC 6265 §4.2.1), joining with `; `.
pub(super) fn add_cookie(
    headers: &mut HeaderMap,
    name: &str,
    value: &str,
) -> Result<(), EncodeError> {
    let pair = format!("{name}={value}");
    let joined = match headers.get(reqwest::header::COOKIE).map(|v| v.to_str()) {
        Some(Ok(existing)) if !existing.is_empty() => format!("{existing}; {pair}"),
        _ => pair,
    };
    let mut hv = HeaderValue::from_str(&joined)
        .map_err(|_| EncodeError::InvalidHeader("Cookie".to_string()))?;
    hv.set_sensitive(true);
    headers.insert(reqwest::header::COOKIE, hv);
    Ok(())
}
