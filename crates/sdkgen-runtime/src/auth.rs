//! Credentials and the selection of a security requirement for each request.

// `Error` deliberately carries the whole response (status, headers, raw body) by value so that
// callers can match on it directly; its size is accepted.
#![allow(clippy::result_large_err)]

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use reqwest::header::{AUTHORIZATION, HeaderMap, HeaderName, HeaderValue};
use secrecy::{ExposeSecret, SecretString};
use super::error::Error;
#[cfg(feature = "oauth")]
use super::pkce::{base64url, random_bytes};
use super::request::{ApiKeyLocation, SchemeKind, SecurityScheme};

/// A boxed, `Send` future (what [`TokenProvider`] methods return).
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// A source of bearer tokens that can refresh them, such as the `oauth` feature's `TokenHolder`.
pub trait TokenProvider: Send + Sync {
    /// The current access token, refreshed first when it is about to expire; `None` when there is
    /// no token (the request is then sent without a bearer token).
    fn access_token(&self) -> BoxFuture<'_, Result<Option<SecretString>, Error>>;

    /// Called once when a request authenticated with `rejected` got 401: refresh (unless another
    /// task already replaced `rejected`) and return the token to retry with, or `None` to give up.
    fn on_unauthorized<'a>(
        &'a self,
        rejected: &'a SecretString,
    ) -> BoxFuture<'a, Result<Option<SecretString>, Error>>;
}

/// Where bearer tokens come from (for `http`/`bearer`, `oauth2` and `openIdConnect` schemes).
#[derive(Clone)]
pub enum BearerSource {
    /// A fixed token.
    Static(SecretString),
    /// A shared provider that refreshes tokens.
    Provider(Arc<dyn TokenProvider>),
}

impl fmt::Debug for BearerSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BearerSource::Static(_) => f.write_str("Static([REDACTED])"),
            BearerSource::Provider(_) => f.write_str("Provider(..)"),
        }
    }
}

#[cfg(feature = "oauth")]
/// JWS algorithm of a `private_key_jwt` client assertion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum JwtAlgorithm {
    /// RSASSA-PKCS1-v1_5 with SHA-256; the key is an RSA private key in PEM (PKCS#1 or PKCS#8).
    RS256,
    /// ECDSA P-256 with SHA-256; the key is an EC private key in PEM (SEC1 or PKCS#8).
    ES256,
}

/// How the client authenticates to the authorization server (RFC 6749 §2.3; OpenID Connect Core
/// §9). Used for operations whose security is `http`/`basic` (token, revocation endpoints); needs
/// a configured `client_id`.
#[derive(Debug, Clone)]
pub enum ClientAuth {
    /// `client_secret_basic`: `Authorization: Basic base64(urlencode(client_id) ":"
    /// urlencode(client_secret))` (RFC 6749 §2.3.1).
    SecretBasic {
        /// The client secret.
        client_secret: SecretString,
    },
    #[cfg(feature = "oauth")]
    /// `client_secret_jwt`: an HS256 JWT signed with the client secret, sent as
    /// `client_assertion` in the form body (RFC 7523 §2.2, §3).
    SecretJwt {
        /// The client secret (the HMAC key).
        client_secret: SecretString,
    },
    #[cfg(feature = "oauth")]
    /// `private_key_jwt`: a JWT signed with the client's private key, sent as
    /// `client_assertion` in the form body (RFC 7523 §2.2, §3).
    PrivateKeyJwt {
        /// The private key in PEM.
        key_pem: SecretString,
        /// Signing algorithm.
        algorithm: JwtAlgorithm,
        /// `kid` header, when the server knows several keys.
        key_id: Option<String>,
    },
}

/// The credentials of a client. Each is used only by operations whose security requires it.
///
/// `Debug` shows which credentials are set, never their values.
#[derive(Clone, Default)]
pub struct Credentials {
    pub(super) bearer: Option<BearerSource>,
    pub(super) client_id: Option<String>,
    pub(super) client_auth: Option<ClientAuth>,
    pub(super) basic: Option<(String, SecretString)>,
    pub(super) api_keys: Vec<(String, SecretString)>,
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("bearer", &self.bearer)
            .field("client_id", &self.client_id)
            .field("client_auth", &self.client_auth)
            .field("basic_user", &self.basic.as_ref().map(|(u, _)| u))
            .field(
                "api_keys",
                &self.api_keys.iter().map(|(n, _)| n).collect::<Vec<_>>(),
            )
            .finish()
    }
}

impl Credentials {
    /// No credentials.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets a fixed bearer token.
    pub fn bearer_token(mut self, token: impl Into<SecretString>) -> Self {
        self.bearer = Some(BearerSource::Static(token.into()));
        self
    }

    /// Sets a token provider (for example the `oauth` feature's `TokenHolder`).
    pub fn token_provider(mut self, provider: Arc<dyn TokenProvider>) -> Self {
        self.bearer = Some(BearerSource::Provider(provider));
        self
    }

    /// Sets or clears the bearer source.
    pub fn bearer(mut self, source: Option<BearerSource>) -> Self {
        self.bearer = source;
        self
    }

    /// Sets the OAuth client identifier (RFC 6749 §2.2).
    pub fn client_id(mut self, client_id: impl Into<String>) -> Self {
        self.client_id = Some(client_id.into());
        self
    }

    /// Sets the client authentication method. Without one, a configured `client_id` makes this a
    /// public client: `client_id` is added to form bodies of anonymous-capable operations
    /// (RFC 6749 §3.2.1).
    pub fn client_auth(mut self, auth: ClientAuth) -> Self {
        self.client_auth = Some(auth);
        self
    }

    /// Shortcut for `client_id` + [`ClientAuth::SecretBasic`].
    pub fn client_secret_basic(
        self,
        client_id: impl Into<String>,
        client_secret: impl Into<SecretString>,
    ) -> Self {
        self.client_id(client_id)
            .client_auth(ClientAuth::SecretBasic {
                client_secret: client_secret.into(),
            })
    }

    /// Sets user credentials for `http`/`basic` schemes (RFC 7617), used when no client
    /// authentication is configured.
    pub fn basic_auth(
        mut self,
        username: impl Into<String>,
        password: impl Into<SecretString>,
    ) -> Self {
        self.basic = Some((username.into(), password.into()));
        self
    }

    /// Sets the API key for the `apiKey` security scheme named `scheme` (its name in
    /// `components.securitySchemes`).
    pub fn api_key(mut self, scheme: impl Into<String>, key: impl Into<SecretString>) -> Self {
        let scheme = scheme.into();
        self.api_keys.retain(|(n, _)| *n != scheme);
        self.api_keys.push((scheme, key.into()));
        self
    }

    /// The configured client identifier.
    pub fn get_client_id(&self) -> Option<&str> {
        self.client_id.as_deref()
    }

    /// The configured bearer source.
    pub fn get_bearer(&self) -> Option<&BearerSource> {
        self.bearer.as_ref()
    }

    fn api_key_for(&self, scheme: &str) -> Option<&SecretString> {
        self.api_keys
            .iter()
            .find(|(n, k)| n == scheme && !k.expose_secret().is_empty())
            .map(|(_, k)| k)
    }

    fn client_id_nonempty(&self) -> Option<&str> {
        self.client_id.as_deref().filter(|c| !c.is_empty())
    }
}

/// What `http`/`basic` is satisfied with.
#[derive(Clone)]
pub(super) enum BasicPlan {
    /// The `Authorization: Basic ...` header value, encoded once when the client is built and
    /// marked sensitive.
    Header(HeaderValue),
    #[cfg(feature = "oauth")]
    /// A JWT client assertion, generated per attempt.
    Assertion,
}

impl BasicPlan {
    /// True for a JWT client assertion.
    pub(super) fn is_assertion(&self) -> bool {
        match self {
            BasicPlan::Header(_) => false,
            #[cfg(feature = "oauth")]
            BasicPlan::Assertion => true,
        }
    }
}

/// The credentials chosen for one request.
#[derive(Clone, Default)]
pub(super) struct Plan {
    /// Bearer token and whether it came from a provider (refreshable on 401).
    pub bearer: Option<(SecretString, bool)>,
    pub basic: Option<BasicPlan>,
    pub api_keys: Vec<(ApiKeyLocation, &'static str, SecretString)>,
    /// Add `client_id` to the form body when missing.
    pub add_client_id: bool,
}

fn uses_authorization(kind: &SchemeKind) -> bool {
    match kind {
        SchemeKind::HttpBearer | SchemeKind::OAuth2 | SchemeKind::OpenIdConnect => true,
        SchemeKind::ApiKey {
            location: ApiKeyLocation::Header,
            param,
        } => param.eq_ignore_ascii_case("authorization"),
        SchemeKind::HttpBasic | SchemeKind::ApiKey { .. } => false,
    }
}

impl Credentials {
    /// What `http`/`basic` operations are satisfied with, if anything. Computed once per client
    /// (see `ClientCore`): the Basic header value is encoded here, not per request.
    pub(super) fn basic_plan(&self) -> Option<BasicPlan> {
        match (&self.client_auth, self.client_id_nonempty()) {
            (Some(ClientAuth::SecretBasic { client_secret }), Some(id))
                if !client_secret.expose_secret().is_empty() =>
            {
                let enc = |s: &str| {
                    url::form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>()
                };
                let raw = format!("{}:{}", enc(id), enc(client_secret.expose_secret()));
                basic_header(&raw)
            }
            #[cfg(feature = "oauth")]
            (Some(ClientAuth::SecretJwt { client_secret }), Some(_))
                if !client_secret.expose_secret().is_empty() =>
            {
                Some(BasicPlan::Assertion)
            }
            #[cfg(feature = "oauth")]
            (Some(ClientAuth::PrivateKeyJwt { .. }), Some(_)) => Some(BasicPlan::Assertion),
            (Some(_), _) => None,
            (None, _) => match &self.basic {
                Some((user, pass)) if !user.is_empty() || !pass.expose_secret().is_empty() => {
                    basic_header(&format!("{user}:{}", pass.expose_secret()))
                }
                _ => None,
            },
        }
    }

    fn is_public_client(&self) -> bool {
        self.client_id_nonempty().is_some() && self.client_auth.is_none()
    }

    /// Chooses the credentials for a request (see the crate docs): the first alternative whose
    /// schemes can all be satisfied; else the anonymous alternative; else nothing. `basic` is
    /// [`basic_plan`](Self::basic_plan) of these credentials, computed once per client.
    pub(super) async fn plan(
        &self,
        security: &[&[SecurityScheme]],
        basic: Option<&BasicPlan>,
    ) -> Result<Plan, Error> {
        let mut bearer_cache: Option<Option<(SecretString, bool)>> = None;
        let mut anonymous = false;
        for alternative in security {
            if alternative.is_empty() {
                anonymous = true;
                continue;
            }
            let mut plan = Plan::default();
            let mut authorization_users = 0;
            let mut ok = true;
            for scheme in alternative.iter() {
                if uses_authorization(&scheme.kind) {
                    authorization_users += 1;
                }
                match scheme.kind {
                    SchemeKind::HttpBearer | SchemeKind::OAuth2 | SchemeKind::OpenIdConnect => {
                        if bearer_cache.is_none() {
                            bearer_cache = Some(self.fetch_bearer().await?);
                        }
                        match bearer_cache.clone().flatten() {
                            Some(b) => {
                                if plan.bearer.is_some() {
                                    // Same token for several bearer schemes: one header.
                                    authorization_users -= 1;
                                }
                                plan.bearer = Some(b);
                            }
                            None => ok = false,
                        }
                    }
                    SchemeKind::HttpBasic => match basic {
                        Some(b) => {
                            if matches!(b, BasicPlan::Header(_)) {
                                authorization_users += 1;
                            }
                            plan.basic = Some(b.clone());
                        }
                        None => ok = false,
                    },
                    SchemeKind::ApiKey { location, param } => match self.api_key_for(scheme.name) {
                        Some(k) => plan.api_keys.push((location, param, k.clone())),
                        None => ok = false,
                    },
                }
                if !ok {
                    break;
                }
            }
            if ok && authorization_users <= 1 {
                if plan.basic.as_ref().is_some_and(BasicPlan::is_assertion) {
                    plan.add_client_id = true;
                }
                return Ok(plan);
            }
        }
        let mentions_basic = security
            .iter()
            .any(|alt| alt.iter().any(|s| s.kind == SchemeKind::HttpBasic));
        Ok(Plan {
            add_client_id: self.is_public_client() && (anonymous || mentions_basic),
            ..Plan::default()
        })
    }

    async fn fetch_bearer(&self) -> Result<Option<(SecretString, bool)>, Error> {
        Ok(match &self.bearer {
            None => None,
            Some(BearerSource::Static(t)) => {
                (!t.expose_secret().is_empty()).then(|| (t.clone(), false))
            }
            Some(BearerSource::Provider(p)) => p
                .access_token()
                .await?
                .filter(|t| !t.expose_secret().is_empty())
                .map(|t| (t, true)),
        })
    }

    #[cfg(not(feature = "oauth"))]
    /// Without the `oauth` feature there is no JWT client authentication to build an assertion
    /// for (no configuration plans one).
    pub(super) fn client_assertion(&self, _audience: &str) -> Result<String, Error> {
        Err(Error::ClientAuth(
            "no JWT client authentication configured".to_string(),
        ))
    }

    #[cfg(feature = "oauth")]
    /// Builds the RFC 7523 client assertion for the configured JWT client authentication.
    pub(super) fn client_assertion(&self, audience: &str) -> Result<String, Error> {
        let client_id = self
            .client_id_nonempty()
            .ok_or_else(|| Error::ClientAuth("no client_id configured".to_string()))?;
        let (header, key) = match &self.client_auth {
            Some(ClientAuth::SecretJwt { client_secret }) => (
                jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256),
                jsonwebtoken::EncodingKey::from_secret(client_secret.expose_secret().as_bytes())
                    .map_err(|e| Error::ClientAuth(format!("invalid client secret: {e}")))?,
            ),
            Some(ClientAuth::PrivateKeyJwt {
                key_pem,
                algorithm,
                key_id,
            }) => {
                let pem = key_pem.expose_secret().as_bytes();
                let (alg, key) = match algorithm {
                    JwtAlgorithm::RS256 => (
                        jsonwebtoken::Algorithm::RS256,
                        jsonwebtoken::EncodingKey::from_rsa_pem(pem),
                    ),
                    JwtAlgorithm::ES256 => (
                        jsonwebtoken::Algorithm::ES256,
                        jsonwebtoken::EncodingKey::from_ec_pem(pem),
                    ),
                };
                let key =
                    key.map_err(|e| Error::ClientAuth(format!("invalid private key: {e}")))?;
                let mut header = jsonwebtoken::Header::new(alg);
                header.kid = key_id.clone();
                (header, key)
            }
            _ => {
                return Err(Error::ClientAuth(
                    "no JWT client authentication configured".to_string(),
                ));
            }
        };
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or_default();
        let jti = random_bytes::<16>().map_err(|e| Error::ClientAuth(e.to_string()))?;
        let claims = AssertionClaims {
            iss: client_id,
            sub: client_id,
            aud: audience,
            jti: base64url(&jti),
            iat: now,
            exp: now + 300,
        };
        jsonwebtoken::encode(&header, &claims, &key)
            .map_err(|e| Error::ClientAuth(format!("signing the client assertion failed: {e}")))
    }
}

#[cfg(feature = "oauth")]
#[derive(serde::Serialize)]
struct AssertionClaims<'a> {
    iss: &'a str,
    sub: &'a str,
    aud: &'a str,
    jti: String,
    iat: u64,
    exp: u64,
}

/// The `client_assertion_type` value for JWT client authentication (RFC 7523 §2.2).
pub const JWT_BEARER_ASSERTION_TYPE: &str =
    "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/// `Basic base64(raw)` (RFC 7617 §2) as a sensitive header value. Base64 text is always a valid
/// header value, so `None` never happens in practice (and would leave the scheme unsatisfied).
fn basic_header(raw: &str) -> Option<BasicPlan> {
    let mut value = HeaderValue::from_str(&format!("Basic {}", STANDARD.encode(raw))).ok()?;
    value.set_sensitive(true);
    Some(BasicPlan::Header(value))
}

/// Sets `Authorization: Bearer <token>`, marked sensitive.
pub(super) fn set_bearer(headers: &mut HeaderMap, token: &SecretString) -> Result<(), Error> {
    set_authorization(headers, &format!("Bearer {}", token.expose_secret()))
}

/// Sets the `Authorization` header (replacing any), marked sensitive.
pub(super) fn set_authorization(headers: &mut HeaderMap, value: &str) -> Result<(), Error> {
    let mut hv = HeaderValue::from_str(value)
        .map_err(|_| Error::InvalidRequest("credential is not a valid header value".to_string()))?;
    hv.set_sensitive(true);
    headers.insert(AUTHORIZATION, hv);
    Ok(())
}

/// Sets an API key header, marked sensitive.
pub(super) fn set_api_key_header(
    headers: &mut HeaderMap,
    name: &str,
    key: &SecretString,
) -> Result<(), Error> {
    let hn = HeaderName::from_bytes(name.as_bytes())
        .map_err(|_| Error::InvalidRequest(format!("invalid API key header name `{name}`")))?;
    let mut hv = HeaderValue::from_str(key.expose_secret())
        .map_err(|_| Error::InvalidRequest("API key is not a valid header value".to_string()))?;
    hv.set_sensitive(true);
    headers.insert(hn, hv);
    Ok(())
}
