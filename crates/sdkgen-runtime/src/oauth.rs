//! OAuth 2.0 flows at the level a user writes them: the authorization code grant with PKCE
//! (RFC 6749 §4.1, RFC 7636), its callback (RFC 6749 §4.1.2, RFC 9207), code exchange, refresh
//! (§6) and revocation (RFC 7009); and grants that fetch and renew tokens by themselves
//! (client credentials, RFC 6749 §4.4; JWT bearer, RFC 7523 §2.1).
//!
//! The endpoints come from the spec's `oauth2` security scheme, or from OpenID Connect discovery
//! ([`OAuthEndpoints`]); requests go through the API client's [`ClientCore`] (its client
//! authentication, timeouts and retries). The token and revocation requests of a flow are a
//! [`TokenOperations`]: the API's own operations when its spec has them (the generated crate
//! implements the trait), else [`TokenForms`], the RFC 6749/7009 forms posted to the endpoints.

// `Error` deliberately carries the whole response (status, headers, raw body) by value so that
// callers can match on it directly; its size is accepted.
#![allow(clippy::result_large_err)]

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use reqwest::Method;
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use url::Url;

use super::auth::{BoxFuture, TokenProvider};
use super::client::ClientCore;
use super::error::{Error, OAuthErrorCode};
use super::oidc::OpenIdConfiguration;
use super::pkce::{CodeVerifier, PkceError, random_state};
use super::request::{Body, Request, SchemeKind, SecurityScheme};
use super::response::Response;
use super::token::{DEFAULT_SKEW, OAuthToken, TokenHolder, TokenResponse};

/// Client authentication at the token and revocation endpoints: whatever the client is
/// configured with, else anonymous (a public client then sends `client_id` in the form).
static CLIENT_SECURITY: &[&[SecurityScheme]] = &[
    &[SecurityScheme {
        name: "client",
        kind: SchemeKind::HttpBasic,
    }],
    &[],
];

/// The endpoints of an OAuth 2.0 security scheme, or of an OpenID provider (from its discovery
/// document). Each is either a path relative to the API client's base URL (it starts with `/`:
/// the spec's URL began with one of its servers) or an absolute URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OAuthEndpoints {
    /// `authorizationUrl` of the authorization code flow.
    pub authorization: Option<Cow<'static, str>>,
    /// `tokenUrl`.
    pub token: Cow<'static, str>,
    /// `refreshUrl` (the token endpoint when the spec gives none).
    pub refresh: Option<Cow<'static, str>>,
    /// The revocation endpoint (RFC 7009), when the API has one.
    pub revocation: Option<Cow<'static, str>>,
    /// The authorization server's issuer identifier (RFC 8414 §2), when known: a callback's
    /// `iss` must equal it (RFC 9207).
    pub issuer: Option<Cow<'static, str>>,
}

/// The code exchange request of the authorization code grant (RFC 6749 §4.1.3, RFC 7636 §4.5).
#[derive(Clone, Copy)]
#[non_exhaustive]
pub struct CodeExchange<'a> {
    /// `code`: the authorization code from the callback.
    pub code: &'a str,
    /// `redirect_uri`: the one of the authorization request.
    pub redirect_uri: &'a str,
    /// `code_verifier`: the PKCE verifier of the authorization request.
    pub code_verifier: &'a str,
}

impl fmt::Debug for CodeExchange<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CodeExchange")
            .field("code", &"[REDACTED]")
            .field("redirect_uri", &self.redirect_uri)
            .field("code_verifier", &"[REDACTED]")
            .finish()
    }
}

/// The token endpoint requests of the OAuth flows: the code exchange (RFC 6749 §4.1.3), the
/// refresh (§6) and the revocation (RFC 7009 §2.1), each sent through `core` (the API client
/// without a bearer source: its client id and client authentication).
///
/// A generated crate implements it with the API's own token and revocation operations when its
/// spec describes them; [`TokenForms`] posts the forms of the RFCs to [`OAuthEndpoints`].
pub trait TokenOperations<T>: fmt::Debug + Send + Sync {
    /// Exchanges an authorization code for a token.
    fn exchange_code<'a>(
        &'a self,
        core: &'a ClientCore,
        request: CodeExchange<'a>,
    ) -> BoxFuture<'a, Result<T, Error>>;

    /// A new token from a refresh token.
    fn refresh<'a>(
        &'a self,
        core: &'a ClientCore,
        refresh_token: &'a str,
    ) -> BoxFuture<'a, Result<T, Error>>;

    /// Revokes `token`; `hint` is its `token_type_hint` (`refresh_token` or `access_token`).
    fn revoke<'a>(
        &'a self,
        core: &'a ClientCore,
        token: &'a str,
        hint: &'static str,
    ) -> BoxFuture<'a, Result<(), Error>>;
}

/// [`TokenOperations`] by the RFCs: `grant_type=authorization_code` and `refresh_token` forms
/// posted to the token endpoint (the refresh endpoint for refreshes), `token` and
/// `token_type_hint` to the revocation endpoint, with the client's own client authentication
/// (a public client adds `client_id`).
#[derive(Debug, Clone)]
pub struct TokenForms {
    endpoints: OAuthEndpoints,
}

impl TokenForms {
    /// Forms posted to `endpoints`.
    pub fn new(endpoints: &OAuthEndpoints) -> Self {
        Self {
            endpoints: endpoints.clone(),
        }
    }
}

impl<T: OAuthToken> TokenOperations<T> for TokenForms {
    fn exchange_code<'a>(
        &'a self,
        core: &'a ClientCore,
        request: CodeExchange<'a>,
    ) -> BoxFuture<'a, Result<T, Error>> {
        Box::pin(async move {
            let form = vec![
                ("grant_type".to_string(), "authorization_code".to_string()),
                ("code".to_string(), request.code.to_string()),
                ("redirect_uri".to_string(), request.redirect_uri.to_string()),
                ("code_verifier".to_string(), request.code_verifier.to_string()),
            ];
            token_request(core, &self.endpoints.token, form).await
        })
    }

    fn refresh<'a>(
        &'a self,
        core: &'a ClientCore,
        refresh_token: &'a str,
    ) -> BoxFuture<'a, Result<T, Error>> {
        Box::pin(async move {
            let form = vec![
                ("grant_type".to_string(), "refresh_token".to_string()),
                ("refresh_token".to_string(), refresh_token.to_string()),
            ];
            let endpoint = self.endpoints.refresh.as_ref().unwrap_or(&self.endpoints.token);
            token_request(core, endpoint, form).await
        })
    }

    fn revoke<'a>(
        &'a self,
        core: &'a ClientCore,
        token: &'a str,
        hint: &'static str,
    ) -> BoxFuture<'a, Result<(), Error>> {
        Box::pin(revoke_request(core, &self.endpoints, token, hint))
    }
}

/// A request to one endpoint: relative paths go to the client's base URL, absolute URLs to their
/// own origin.
pub(super) fn endpoint_request(method: Method, endpoint: &str) -> Result<Request, Error> {
    if endpoint.starts_with('/') {
        return Ok(Request::new(method, endpoint.to_string()));
    }
    let url = Url::parse(endpoint)
        .map_err(|e| Error::InvalidRequest(format!("invalid endpoint {endpoint:?}: {e}")))?;
    let mut req = Request::new(method, url.path().to_string());
    req.server(&url.origin().ascii_serialization());
    Ok(req)
}

/// Posts a form to the token endpoint with client authentication and decodes the token.
async fn token_request<T: OAuthToken>(
    core: &ClientCore,
    endpoint: &str,
    form: Vec<(String, String)>,
) -> Result<T, Error> {
    token_response(core, endpoint, form).await?.json()
}

/// Posts a form to the token endpoint with client authentication; a success response, or the
/// endpoint's error.
async fn token_response(
    core: &ClientCore,
    endpoint: &str,
    form: Vec<(String, String)>,
) -> Result<Response<serde_json::Value>, Error> {
    let mut req = endpoint_request(Method::POST, endpoint)?;
    req.security(CLIENT_SECURITY);
    req.accept("application/json");
    req.body = Some(Body::Form(form));
    let resp = core.execute::<serde_json::Value>(req).await?;
    if !resp.status().is_success() {
        return Err(resp.api_error());
    }
    Ok(resp)
}

/// Revokes `token` at the revocation endpoint (RFC 7009 §2.1).
async fn revoke_request(
    core: &ClientCore,
    endpoints: &OAuthEndpoints,
    token: &str,
    hint: &str,
) -> Result<(), Error> {
    let endpoint = endpoints
        .revocation
        .as_deref()
        .ok_or_else(|| Error::InvalidRequest("the API declares no revocation endpoint".into()))?;
    let mut req = endpoint_request(Method::POST, endpoint)?;
    req.security(CLIENT_SECURITY);
    req.body = Some(Body::Form(vec![
        ("token".to_string(), token.to_string()),
        ("token_type_hint".to_string(), hint.to_string()),
    ]));
    let resp = core.execute::<serde_json::Value>(req).await?;
    if resp.status().is_success() {
        Ok(())
    } else {
        Err(resp.api_error())
    }
}

/// Compares two byte strings in time that depends on their lengths only.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// A token endpoint response (RFC 6749 §5.1), for APIs whose spec describes none.
///
/// `Debug` shows neither token.
#[derive(Clone, Deserialize)]
#[non_exhaustive]
pub struct AccessTokenResponse {
    /// `access_token`.
    pub access_token: String,
    /// `token_type` (`Bearer`; case-insensitive).
    pub token_type: String,
    /// `expires_in`: lifetime in seconds.
    #[serde(default)]
    pub expires_in: Option<i64>,
    /// `refresh_token`.
    #[serde(default)]
    pub refresh_token: Option<String>,
    /// `scope`, when it differs from the requested one.
    #[serde(default)]
    pub scope: Option<String>,
    /// `id_token` (OpenID Connect Core §3.1.3.3).
    #[serde(default)]
    pub id_token: Option<String>,
}

impl fmt::Debug for AccessTokenResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AccessTokenResponse")
            .field("access_token", &"[REDACTED]")
            .field("token_type", &self.token_type)
            .field("expires_in", &self.expires_in)
            .field(
                "refresh_token",
                &self.refresh_token.as_ref().map(|_| "[REDACTED]"),
            )
            .field("scope", &self.scope)
            .field("id_token", &self.id_token.as_ref().map(|_| "[REDACTED]"))
            .finish()
    }
}

impl OAuthToken for AccessTokenResponse {
    fn access_token(&self) -> &str {
        &self.access_token
    }
    fn refresh_token(&self) -> Option<&str> {
        self.refresh_token.as_deref()
    }
    fn expires_in(&self) -> Option<i64> {
        self.expires_in
    }
}

/// What the application keeps between sending the user to the authorization URL and the
/// callback (in its session): the `state` and the PKCE `code_verifier`. `Debug` shows neither.
#[derive(Clone)]
pub struct PendingAuthorization {
    state: SecretString,
    verifier: CodeVerifier,
}

impl fmt::Debug for PendingAuthorization {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PendingAuthorization { state: [REDACTED], code_verifier: [REDACTED] }")
    }
}

impl PendingAuthorization {
    /// Rebuilds it from values stored in the application's session.
    ///
    /// # Errors
    /// [`PkceError`] when `code_verifier` is not a valid verifier.
    pub fn from_parts(state: String, code_verifier: String) -> Result<Self, PkceError> {
        Ok(Self {
            state: SecretString::from(state),
            verifier: CodeVerifier::new(code_verifier)?,
        })
    }

    /// The `state` sent in the authorization request.
    pub fn state(&self) -> &str {
        self.state.expose_secret()
    }

    /// The PKCE code verifier.
    pub fn code_verifier(&self) -> &CodeVerifier {
        &self.verifier
    }
}

/// Why a callback URL gives no authorization code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CallbackError {
    /// The authorization server refused (RFC 6749 §4.1.2.1: `error`, `error_description`,
    /// `error_uri`).
    #[error("authorization refused: {error}{}", description.as_deref().map(|d| format!(": {d}")).unwrap_or_default())]
    Refused {
        /// `error`.
        error: OAuthErrorCode,
        /// `error_description`.
        description: Option<String>,
        /// `error_uri`.
        uri: Option<String>,
    },
    /// The callback's `state` is missing or differs from the one sent: the callback does not
    /// answer this authorization request (RFC 6749 §10.12).
    #[error("the callback's state does not match the authorization request")]
    StateMismatch,
    /// The callback's `iss` is not the expected issuer (RFC 9207 §2.4): a mix-up attack or a
    /// misconfigured issuer.
    #[error("the callback comes from issuer {found:?}, expected {expected:?}")]
    IssuerMismatch {
        /// The expected issuer.
        expected: String,
        /// The callback's `iss`.
        found: String,
    },
    /// The callback has neither `code` nor `error`.
    #[error("the callback carries no authorization code")]
    MissingCode,
    /// The callback is not a URL.
    #[error("invalid callback URL: {0}")]
    InvalidUrl(String),
}

/// An authorization code taken from a checked callback. `Debug` does not show it.
#[derive(Clone)]
pub struct AuthorizationCode(SecretString);

impl fmt::Debug for AuthorizationCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AuthorizationCode([REDACTED])")
    }
}

impl AuthorizationCode {
    /// The code.
    pub fn as_str(&self) -> &str {
        self.0.expose_secret()
    }
}

/// The authorization code grant with PKCE (RFC 6749 §4.1, RFC 7636 `S256`) for one redirect URI.
///
/// 1. [`authorization_url`](Self::authorization_url): where to send the user, and the
///    [`PendingAuthorization`] to keep;
/// 2. [`callback`](Self::callback): the URL the browser came back to → an [`AuthorizationCode`]
///    (state compared in constant time, `error` as [`CallbackError::Refused`], `iss` checked);
/// 3. [`exchange`](Self::exchange): the code → a token `T`; then [`refresh`](Self::refresh),
///    [`revoke`](Self::revoke), or a [`TokenHolder`](Self::token_holder) that refreshes it.
///
/// The client id and client authentication are the API client's; the token requests are its
/// [`TokenOperations`]. Cheap to clone.
pub struct AuthorizationCodeFlow<T> {
    core: ClientCore,
    endpoints: OAuthEndpoints,
    operations: Arc<dyn TokenOperations<T>>,
    redirect_uri: String,
    scopes: Vec<String>,
    issuer: Option<String>,
    params: Vec<(String, String)>,
}

impl<T> Clone for AuthorizationCodeFlow<T> {
    fn clone(&self) -> Self {
        Self {
            core: self.core.clone(),
            endpoints: self.endpoints.clone(),
            operations: Arc::clone(&self.operations),
            redirect_uri: self.redirect_uri.clone(),
            scopes: self.scopes.clone(),
            issuer: self.issuer.clone(),
            params: self.params.clone(),
        }
    }
}

impl<T> fmt::Debug for AuthorizationCodeFlow<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AuthorizationCodeFlow")
            .field("endpoints", &self.endpoints)
            .field("redirect_uri", &self.redirect_uri)
            .field("scopes", &self.scopes)
            .field("issuer", &self.issuer)
            .finish_non_exhaustive()
    }
}

impl<T: OAuthToken> AuthorizationCodeFlow<T> {
    /// A flow through `core` (its base URL, client id and client authentication; its bearer
    /// source is not used) to `endpoints`, redirecting to `redirect_uri`; the token requests are
    /// the RFC forms ([`TokenForms`]).
    pub fn new(
        core: &ClientCore,
        endpoints: &OAuthEndpoints,
        redirect_uri: impl Into<String>,
    ) -> Self {
        Self::with_operations(
            core,
            endpoints,
            Arc::new(TokenForms::new(endpoints)),
            redirect_uri,
        )
    }

    /// Like [`new`](Self::new), with the token requests sent by `operations` (for example the
    /// API's own token and revocation operations).
    pub fn with_operations(
        core: &ClientCore,
        endpoints: &OAuthEndpoints,
        operations: Arc<dyn TokenOperations<T>>,
        redirect_uri: impl Into<String>,
    ) -> Self {
        Self {
            core: core.with_bearer(None),
            endpoints: endpoints.clone(),
            operations,
            redirect_uri: redirect_uri.into(),
            scopes: Vec::new(),
            issuer: endpoints.issuer.as_deref().map(str::to_string),
            params: Vec::new(),
        }
    }

    /// Asks for one more scope (sent space-separated as `scope`, RFC 6749 §3.3).
    #[must_use]
    pub fn scope(mut self, scope: impl Into<String>) -> Self {
        self.scopes.push(scope.into());
        self
    }

    /// Asks for these scopes too.
    #[must_use]
    pub fn scopes<I, S>(mut self, scopes: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.scopes.extend(scopes.into_iter().map(Into::into));
        self
    }

    /// The authorization server's issuer identifier: a callback's `iss` must equal it
    /// (RFC 9207). Without it (and without one from discovery), `iss` must equal the origin of
    /// the authorization endpoint.
    #[must_use]
    pub fn issuer(mut self, issuer: impl Into<String>) -> Self {
        self.issuer = Some(issuer.into());
        self
    }

    /// One more parameter of the authorization request (for example `prompt` or `nonce`).
    #[must_use]
    pub fn param(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.params.push((name.into(), value.into()));
        self
    }

    fn authorization_endpoint(&self) -> Result<Url, Error> {
        let endpoint = self.endpoints.authorization.as_deref().ok_or_else(|| {
            Error::InvalidRequest("the API declares no authorization endpoint".into())
        })?;
        let req = endpoint_request(Method::GET, endpoint)?;
        self.core.url_for(&req)
    }

    /// The URL to send the user's browser to (`response_type=code`, `client_id`,
    /// `redirect_uri`, `scope`, a fresh random `state`, an `S256` code challenge), and what to
    /// keep until the callback.
    ///
    /// # Errors
    /// [`Error::InvalidRequest`] when the client has no client id or the API no authorization
    /// endpoint, or the OS random source fails.
    pub fn authorization_url(&self) -> Result<(Url, PendingAuthorization), Error> {
        let client_id = self
            .core
            .credentials()
            .get_client_id()
            .ok_or_else(|| Error::InvalidRequest("the client has no client_id".into()))?
            .to_string();
        let random = |e: PkceError| Error::InvalidRequest(e.to_string());
        let verifier = CodeVerifier::generate().map_err(random)?;
        let state = random_state().map_err(random)?;
        let mut url = self.authorization_endpoint()?;
        {
            let mut q = url.query_pairs_mut();
            q.append_pair("response_type", "code")
                .append_pair("client_id", &client_id)
                .append_pair("redirect_uri", &self.redirect_uri);
            if !self.scopes.is_empty() {
                q.append_pair("scope", &self.scopes.join(" "));
            }
            q.append_pair("state", &state)
                .append_pair("code_challenge", &verifier.challenge_s256())
                .append_pair("code_challenge_method", "S256");
            for (k, v) in &self.params {
                q.append_pair(k, v);
            }
        }
        let pending = PendingAuthorization {
            state: SecretString::from(state),
            verifier,
        };
        Ok((url, pending))
    }

    /// Reads the URL the browser was redirected to (absolute, or the path and query the web
    /// server received): checks `state` against `pending` (constant time) and `iss` when
    /// present, and returns the code.
    ///
    /// # Errors
    /// [`CallbackError::Refused`] for an `error` callback, [`CallbackError::StateMismatch`],
    /// [`CallbackError::IssuerMismatch`], [`CallbackError::MissingCode`],
    /// [`CallbackError::InvalidUrl`].
    pub fn callback(
        &self,
        pending: &PendingAuthorization,
        callback_url: &str,
    ) -> Result<AuthorizationCode, CallbackError> {
        let base = Url::parse("http://callback.invalid/")
            .map_err(|e| CallbackError::InvalidUrl(e.to_string()))?;
        let url = Url::options()
            .base_url(Some(&base))
            .parse(callback_url)
            .map_err(|e| CallbackError::InvalidUrl(e.to_string()))?;
        let get = |name: &str| {
            url.query_pairs()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.into_owned())
        };
        let state = get("state").unwrap_or_default();
        if state.is_empty() || !constant_time_eq(state.as_bytes(), pending.state().as_bytes()) {
            return Err(CallbackError::StateMismatch);
        }
        if let Some(found) = get("iss") {
            let expected = match &self.issuer {
                Some(i) => i.clone(),
                None => self
                    .authorization_endpoint()
                    .map(|u| u.origin().ascii_serialization())
                    .unwrap_or_default(),
            };
            if found != expected {
                return Err(CallbackError::IssuerMismatch { expected, found });
            }
        }
        if let Some(error) = get("error") {
            return Err(CallbackError::Refused {
                error: OAuthErrorCode::from(error.as_str()),
                description: get("error_description"),
                uri: get("error_uri"),
            });
        }
        get("code")
            .filter(|c| !c.is_empty())
            .map(|c| AuthorizationCode(SecretString::from(c)))
            .ok_or(CallbackError::MissingCode)
    }

    /// Exchanges the code for a token (RFC 6749 §4.1.3, with the `code_verifier` of RFC 7636
    /// §4.5).
    ///
    /// # Errors
    /// The token endpoint's error ([`Error::Api`] with an OAuth error body), transport errors.
    pub async fn exchange(
        &self,
        code: &AuthorizationCode,
        pending: &PendingAuthorization,
    ) -> Result<T, Error> {
        let request = CodeExchange {
            code: code.as_str(),
            redirect_uri: &self.redirect_uri,
            code_verifier: pending.verifier.as_str(),
        };
        self.operations.exchange_code(&self.core, request).await
    }

    /// A new token from a refresh token (RFC 6749 §6), at `refreshUrl` (else `tokenUrl`).
    ///
    /// # Errors
    /// The token endpoint's error (`invalid_grant` for a spent or revoked refresh token).
    pub async fn refresh(&self, refresh_token: &str) -> Result<T, Error> {
        self.operations.refresh(&self.core, refresh_token).await
    }

    /// Revokes the token's refresh token, or its access token when it has none (RFC 7009).
    ///
    /// # Errors
    /// [`Error::InvalidRequest`] when the API declares no revocation endpoint; the endpoint's
    /// error.
    pub async fn revoke(&self, token: &T) -> Result<(), Error> {
        match token.refresh_token() {
            Some(r) => self.operations.revoke(&self.core, r, "refresh_token").await,
            None => {
                self.operations
                    .revoke(&self.core, token.access_token(), "access_token")
                    .await
            }
        }
    }

    /// A [`TokenHolder`] for `token` that refreshes and revokes it with this flow's token
    /// requests; give it to the API client as its bearer source.
    pub fn token_holder(&self, token: T) -> TokenHolder<T> {
        TokenHolder::with_operations(&self.core, Arc::clone(&self.operations), Some(token))
    }
}

/// A grant the client uses by itself to obtain access tokens.
#[derive(Clone)]
#[non_exhaustive]
pub enum Grant {
    /// `client_credentials` (RFC 6749 §4.4), with the client's own authentication.
    ClientCredentials {
        /// Requested scopes (none: the server's default).
        scopes: Vec<String>,
    },
    /// `urn:ietf:params:oauth:grant-type:jwt-bearer` (RFC 7523 §2.1): a signed JWT assertion
    /// issued to the user or service account.
    JwtBearer {
        /// The JWT.
        assertion: SecretString,
    },
}

impl fmt::Debug for Grant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Grant::ClientCredentials { scopes } => f
                .debug_struct("ClientCredentials")
                .field("scopes", scopes)
                .finish(),
            Grant::JwtBearer { .. } => f.write_str("JwtBearer { assertion: [REDACTED] }"),
        }
    }
}

impl Grant {
    fn form(&self, extra: &[(String, String)]) -> Vec<(String, String)> {
        let mut form = match self {
            Grant::ClientCredentials { scopes } => {
                let mut f = vec![("grant_type".to_string(), "client_credentials".to_string())];
                if !scopes.is_empty() {
                    f.push(("scope".to_string(), scopes.join(" ")));
                }
                f
            }
            Grant::JwtBearer { assertion } => vec![
                (
                    "grant_type".to_string(),
                    "urn:ietf:params:oauth:grant-type:jwt-bearer".to_string(),
                ),
                (
                    "assertion".to_string(),
                    assertion.expose_secret().to_string(),
                ),
            ],
        };
        form.extend(extra.iter().cloned());
        form
    }
}

struct Fetched<T> {
    /// The typed token of the last response (`None` when it did not decode as `T`).
    token: Option<T>,
    /// The access token of the last response, read from the raw body (RFC 6749 §5.1), so a
    /// response the typed model rejects still gives a usable token.
    access: Option<SecretString>,
    /// Its lifetime in seconds (`None`: unknown, never renewed ahead of time).
    expires_in: Option<u64>,
    obtained: Instant,
    /// The token endpoint found by discovery.
    discovered: Option<String>,
}

/// Where a [`GrantTokens`] sends its requests.
#[derive(Debug, Clone)]
enum TokenEndpoint {
    /// A token endpoint the spec declares.
    Known(Cow<'static, str>),
    /// The token endpoint of the OpenID provider whose discovery document is at this URL,
    /// fetched before the first token request.
    Discovered(Cow<'static, str>),
}

struct GrantInner<T> {
    core: ClientCore,
    endpoint: TokenEndpoint,
    grant: Grant,
    extra: Vec<(String, String)>,
    skew: Duration,
    fetches: AtomicU64,
    state: tokio::sync::Mutex<Fetched<T>>,
}

/// Obtains access tokens with a [`Grant`] on first use, caches them and obtains a new one
/// before the current one expires (or after a 401). One request at a time: concurrent callers
/// wait for it and share its token. A [`TokenProvider`]; cheap to clone.
///
/// `Debug` shows the grant's kind and endpoint only.
pub struct GrantTokens<T> {
    inner: Arc<GrantInner<T>>,
}

impl<T> Clone for GrantTokens<T> {
    fn clone(&self) -> Self {
        Self {
            inner: Arc::clone(&self.inner),
        }
    }
}

impl<T> fmt::Debug for GrantTokens<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GrantTokens")
            .field("endpoint", &self.inner.endpoint)
            .field("grant", &self.inner.grant)
            .finish_non_exhaustive()
    }
}

impl<T: OAuthToken> GrantTokens<T> {
    /// Tokens from `grant` at the token endpoint of `endpoints`, requested through `core` (its
    /// client authentication; its bearer source is not used). `extra` form parameters are sent
    /// with every request (for example an API's own account parameter).
    pub fn new(
        core: &ClientCore,
        endpoints: &OAuthEndpoints,
        grant: Grant,
        extra: Vec<(String, String)>,
    ) -> Self {
        Self::with_endpoint(core, TokenEndpoint::Known(endpoints.token.clone()), grant, extra)
    }

    /// Like [`new`](Self::new), at the token endpoint of the OpenID provider whose discovery
    /// document is at `discovery_url` (fetched before the first token request; see
    /// [`OpenIdConfiguration::discover`]).
    pub fn discovered(
        core: &ClientCore,
        discovery_url: impl Into<Cow<'static, str>>,
        grant: Grant,
        extra: Vec<(String, String)>,
    ) -> Self {
        Self::with_endpoint(core, TokenEndpoint::Discovered(discovery_url.into()), grant, extra)
    }

    fn with_endpoint(
        core: &ClientCore,
        endpoint: TokenEndpoint,
        grant: Grant,
        extra: Vec<(String, String)>,
    ) -> Self {
        Self {
            inner: Arc::new(GrantInner {
                core: core.with_bearer(None),
                endpoint,
                grant,
                extra,
                skew: DEFAULT_SKEW,
                fetches: AtomicU64::new(0),
                state: tokio::sync::Mutex::new(Fetched {
                    token: None,
                    access: None,
                    expires_in: None,
                    obtained: Instant::now(),
                    discovered: None,
                }),
            }),
        }
    }

    /// How many tokens were obtained so far.
    pub fn fetch_count(&self) -> u64 {
        self.inner.fetches.load(Ordering::Relaxed)
    }

    /// A copy of the current typed token, without fetching (`None` before the first token, or
    /// when the last token response did not decode as `T`).
    pub async fn token(&self) -> Option<T> {
        self.inner.state.lock().await.token.clone()
    }

    /// The current token, obtained first when there is none or it expires within 60 s.
    ///
    /// # Errors
    /// The token endpoint's error, or [`Error::Decode`] when its answer does not decode as `T`
    /// (the access token in it is still used by the client: see [`TokenProvider`]).
    pub async fn current(&self) -> Result<T, Error> {
        let mut st = self.inner.state.lock().await;
        let fresh = st.access.is_some() && !self.expiring(&st);
        match &st.token {
            Some(t) if fresh => return Ok(t.clone()),
            _ => {}
        }
        self.fetch(&mut st).await?.map_err(|e| *e)
    }

    fn expiring(&self, st: &Fetched<T>) -> bool {
        match st.expires_in {
            Some(secs) => st.obtained.elapsed().saturating_add(self.inner.skew) >= Duration::from_secs(secs),
            None => false,
        }
    }

    /// Requests a token. The outer error: no token was issued (the endpoint's error, transport);
    /// the inner one: a token was issued and is kept, but the answer does not decode as `T`.
    async fn fetch(&self, st: &mut Fetched<T>) -> Result<Result<T, Box<Error>>, Error> {
        let endpoint = match &self.inner.endpoint {
            TokenEndpoint::Known(e) => e.to_string(),
            TokenEndpoint::Discovered(url) => match &st.discovered {
                Some(e) => e.clone(),
                None => {
                    let config = OpenIdConfiguration::discover(&self.inner.core, url).await?;
                    st.discovered = Some(config.token_endpoint.clone());
                    config.token_endpoint
                }
            },
        };
        let started = Instant::now();
        let resp = token_response(&self.inner.core, &endpoint, self.inner.grant.form(&self.inner.extra)).await?;
        // The raw RFC 6749 §5.1 fields first: what the server issued is used whatever the typed
        // decode says.
        let fields = TokenResponse::parse(&resp.bytes());
        let typed: Result<T, Error> = resp.json();
        let access = match (&typed, fields.as_ref().and_then(|f| f.access_token.clone())) {
            (_, Some(a)) => a,
            (Ok(t), None) => SecretString::from(t.access_token().to_string()),
            (Err(_), None) => return Err(typed.err().unwrap_or_else(|| resp.api_error())),
        };
        st.expires_in = fields.and_then(|f| f.expires_in).or_else(|| typed.as_ref().ok().and_then(|t| t.expires_in()).and_then(|s| u64::try_from(s).ok()));
        st.access = Some(access);
        st.token = typed.as_ref().ok().cloned();
        st.obtained = started;
        self.inner.fetches.fetch_add(1, Ordering::Relaxed);
        Ok(typed.map_err(Box::new))
    }

    /// The current access token, obtained first when there is none or it is expiring.
    async fn current_access(&self) -> Result<SecretString, Error> {
        let mut st = self.inner.state.lock().await;
        match &st.access {
            Some(a) if !self.expiring(&st) => return Ok(a.clone()),
            _ => {}
        }
        let _ = self.fetch(&mut st).await?;
        st.access.clone().ok_or_else(|| Error::InvalidRequest("the token endpoint issued no access token".into()))
    }
}

impl<T: OAuthToken> TokenProvider for GrantTokens<T> {
    fn access_token(&self) -> BoxFuture<'_, Result<Option<SecretString>, Error>> {
        Box::pin(async move { self.current_access().await.map(Some) })
    }

    fn on_unauthorized<'a>(
        &'a self,
        rejected: &'a SecretString,
    ) -> BoxFuture<'a, Result<Option<SecretString>, Error>> {
        Box::pin(async move {
            let mut st = self.inner.state.lock().await;
            // Another task already replaced the rejected token: use the new one.
            if let Some(a) = st.access.as_ref().filter(|a| a.expose_secret() != rejected.expose_secret()) {
                return Ok(Some(a.clone()));
            }
            let _ = self.fetch(&mut st).await?;
            Ok(st.access.clone())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constant_time_eq_compares_bytes_and_lengths() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"ab"));
        assert!(constant_time_eq(b"", b""));
    }
}
