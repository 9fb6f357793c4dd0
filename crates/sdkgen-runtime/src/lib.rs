//! Runtime shared by every SDK that sdkgen generates: HTTP execution, authentication, typed errors,
//! retries and parameter encoding. This file is copied verbatim into generated crates as
//! `src/runtime/mod.rs`; modules refer to each other with `super::`, never `crate::`.
//!
//! * [`Request`] is built by a generated operation (path, query, headers, body, security
//!   requirements) and sent with [`ClientCore::execute`], which returns a fully read
//!   [`Response`]; the operation maps its status to `Ok(T)` or a typed [`Error`].
//! * Credentials ([`Credentials`], [`ClientAuth`], API keys, a bearer token or a
//!   [`TokenProvider`] such as the `oauth` feature's `TokenHolder`) are chosen per request: the
//!   first security alternative whose schemes are all configured, else the anonymous
//!   alternative, else none.
//! * [`RetryPolicy`] retries connection failures, and idempotent requests on 429/502/503/504 and
//!   timeouts; a POST is retried only on 429/503 with `Retry-After`.
//! * [`RequestOptions`] (timeout, headers, query parameters, retry policy, idempotency key, base
//!   URL) apply to the calls of a service value from `with_options` ([`ServiceCore`] carries
//!   them to [`ClientCore::execute_with`]). [`Hook`]s registered on the client see every attempt.
//! * With the `tracing` feature (off by default; not a part, so every SDK keeps it as a feature
//!   of its own), each call is a `call` span: operationId, method, path template, status,
//!   attempts, latency; never a header value, a query, a body or the filled-in path.
//! * [`encoding`] implements OpenAPI 3.0 parameter styles and form bodies.
//! * [`union`] decides untagged unions by the JSON value's shape.
//! * `setters!`, `string_enum!` and `integer_enum!` (crate-private macros) write what every
//!   generated struct's setters and every open enum's conversions and serde impls share.
//!
//! With the `oauth` feature (sdkgen copies these files only into SDKs whose spec has an OAuth 2.0
//! or OpenID Connect scheme or a token endpoint): `oauth`, the authorization code flow with PKCE
//! and its callback, refresh, revocation, and grants that obtain tokens by themselves; `oidc`, the
//! endpoints of an OpenID provider from its discovery document; `pkce` (RFC 7636); `token`, the
//! token holder; JWT client assertions (RFC 7523). With `multipart`: `multipart/form-data` bodies.
//! With `pagination`: the pages and items of paged operations as lazily fetched streams.
//! With `stream`: bodies without buffering (`ByteStream`, `UploadBody`, `JsonLines`). With `sse`:
//! server-sent events (`EventStream`). Typed multipart forms: `Multipart`, `FilePart`.

pub mod auth;
pub mod client;
pub mod encoding;
pub mod error;
#[cfg(feature = "formats")]
pub mod formats;
pub mod hooks;
mod macros;
#[cfg(feature = "multipart")]
pub mod multipart;
#[cfg(feature = "oauth")]
pub mod oauth;
#[cfg(feature = "oauth")]
pub mod oidc;
pub mod options;
#[cfg(feature = "pagination")]
pub mod pagination;
#[cfg(feature = "oauth")]
pub mod pkce;
pub mod request;
pub mod response;
pub mod retry;
pub mod serde_support;
#[cfg(feature = "sse")]
pub mod sse;
#[cfg(feature = "stream")]
pub mod stream;
#[cfg(feature = "oauth")]
pub mod token;
#[cfg(feature = "tracing")]
mod trace;
pub mod union;

#[allow(unused_imports)]
pub(crate) use macros::{integer_enum, setters, string_enum};
#[cfg(feature = "oauth")]
pub use auth::JwtAlgorithm;
pub use auth::{BearerSource, BoxFuture, ClientAuth, Credentials, TokenProvider};
pub use client::{ClientCore, ClientCoreBuilder, DEFAULT_MAX_RESPONSE_SIZE};
pub use encoding::{EncodeError, ParamStyle};
pub use error::{Error, MAX_ERROR_BODY, OAuthErrorBody, OAuthErrorCode, OAuthErrorItem};
pub use hooks::{AttemptInfo, Hook, HookError, HttpRequest, ResponseInfo};
#[cfg(feature = "oauth")]
pub use oauth::{
    AccessTokenResponse, AuthorizationCode, AuthorizationCodeFlow, CallbackError, CodeExchange,
    Grant, GrantTokens, OAuthEndpoints, PendingAuthorization, TokenForms, TokenOperations,
};
#[cfg(feature = "oauth")]
pub use oidc::OpenIdConfiguration;
#[cfg(feature = "pagination")]
pub use pagination::{Page, PageParam, ParamIn, Paging, Source as PageSource, Style as PagingStyle};
#[cfg(feature = "oauth")]
pub use pkce::CodeVerifier;
pub use options::{IDEMPOTENCY_KEY_HEADER, RequestOptions, ServiceCore};
pub use request::{ApiKeyLocation, Body, Request, SchemeKind, SecurityScheme};
pub use response::{Redirect, Response};
pub use retry::RetryPolicy;
#[cfg(feature = "multipart")]
pub use multipart::{FilePart, Multipart};
#[cfg(feature = "sse")]
pub use sse::{Event, EventStream};
#[cfg(feature = "stream")]
pub use stream::{ByteStream, JsonLines, StreamResponse, UploadBody};
#[cfg(feature = "oauth")]
pub use token::{OAuthToken, TokenHolder, TokenResponse};
