//! OAuth 2.0 token storage with automatic refresh (RFC 6749 §6) and revocation (RFC 7009).

// `Error` deliberately carries the whole response (status, headers, raw body) by value so that
// callers can match on it directly; its size is accepted.
#![allow(clippy::result_large_err)]

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use secrecy::{ExposeSecret, SecretString};
use serde::de::DeserializeOwned;

use super::auth::{BearerSource, BoxFuture, TokenProvider};
use super::client::ClientCore;
use super::error::Error;
use super::oauth::{OAuthEndpoints, TokenForms, TokenOperations};

/// A token endpoint response (RFC 6749 §5.1). Implemented by the generated token model.
pub trait OAuthToken: DeserializeOwned + Clone + Send + Sync + 'static {
    /// `access_token`.
    fn access_token(&self) -> &str;
    /// `refresh_token`, if issued.
    fn refresh_token(&self) -> Option<&str>;
    /// `expires_in`: lifetime of the access token in seconds from when it was issued.
    fn expires_in(&self) -> Option<i64>;
}

/// The RFC 6749 §5.1 fields of a token endpoint response, read from the raw body one by one, so
/// that they are kept even when the body does not decode as the typed model (a field the model
/// requires is missing, another is mistyped).
///
/// `Debug` shows whether each token is present, never its value.
#[derive(Clone)]
pub struct TokenResponse {
    /// `access_token`, when it is a string.
    pub access_token: Option<SecretString>,
    /// `token_type`, when it is a string.
    pub token_type: Option<String>,
    /// `expires_in` in seconds, when it is a non-negative integer or a string holding one.
    pub expires_in: Option<u64>,
    /// `refresh_token`, when it is a string.
    pub refresh_token: Option<SecretString>,
    /// `scope`, when it is a string.
    pub scope: Option<String>,
}

impl fmt::Debug for TokenResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shown = |t: &Option<SecretString>| t.as_ref().map(|_| "<redacted>");
        f.debug_struct("TokenResponse")
            .field("access_token", &shown(&self.access_token))
            .field("token_type", &self.token_type)
            .field("expires_in", &self.expires_in)
            .field("refresh_token", &shown(&self.refresh_token))
            .field("scope", &self.scope)
            .finish()
    }
}

impl TokenResponse {
    /// Reads the fields from a JSON object body. `None` when the body is not a JSON object or
    /// has neither an `access_token` nor a `refresh_token` string.
    pub fn parse(body: &[u8]) -> Option<Self> {
        let value: serde_json::Value = serde_json::from_slice(body).ok()?;
        let obj = value.as_object()?;
        let text = |k: &str| obj.get(k).and_then(serde_json::Value::as_str).map(str::to_string);
        let secret = |k: &str| text(k).map(SecretString::from);
        let expires_in = obj.get("expires_in").and_then(|v| match v {
            serde_json::Value::Number(n) => n.as_u64(),
            serde_json::Value::String(s) => s.trim().parse().ok(),
            _ => None,
        });
        let out = Self {
            access_token: secret("access_token"),
            token_type: text("token_type"),
            expires_in,
            refresh_token: secret("refresh_token"),
            scope: text("scope"),
        };
        (out.access_token.is_some() || out.refresh_token.is_some()).then_some(out)
    }
}

/// Default refresh skew: a token is refreshed when it expires within 60 s.
pub const DEFAULT_SKEW: Duration = Duration::from_secs(60);

struct State<T> {
    /// The typed token of the current access token (`None` when the last token response did not
    /// decode as `T`).
    token: Option<T>,
    /// The current access token, from the raw token response.
    access: Option<SecretString>,
    /// Its lifetime in seconds (`None`: unknown, never refreshed ahead of time).
    expires_in: Option<u64>,
    obtained: Instant,
    /// The current refresh token: the last one issued (a refresh response may omit it,
    /// RFC 6749 §6).
    refresh: Option<SecretString>,
    refresh_count: u64,
}

impl<T: OAuthToken> State<T> {
    fn from_token(token: Option<T>) -> Self {
        let mut st = State {
            token: None,
            access: None,
            expires_in: None,
            obtained: Instant::now(),
            refresh: None,
            refresh_count: 0,
        };
        if let Some(t) = token {
            st.set_typed(t);
        }
        st
    }

    fn set_typed(&mut self, token: T) {
        self.access = Some(SecretString::from(token.access_token().to_string()));
        self.refresh = token
            .refresh_token()
            .map(|r| SecretString::from(r.to_string()));
        self.expires_in = lifetime(token.expires_in());
        self.token = Some(token);
        self.obtained = Instant::now();
    }
}

/// A lifetime in seconds (a negative one is unknown).
fn lifetime(expires_in: Option<i64>) -> Option<u64> {
    expires_in.and_then(|s| u64::try_from(s).ok())
}

struct HolderInner<T> {
    core: ClientCore,
    operations: Arc<dyn TokenOperations<T>>,
    /// Whether the operations can revoke (a revocation endpoint or operation exists).
    can_revoke: bool,
    skew_ms: AtomicU64,
    state: tokio::sync::Mutex<State<T>>,
}

/// Holds an OAuth token, refreshes it before it expires, and revokes it.
///
/// Cheap to clone (an `Arc` inside) and shareable across tasks: one refresh runs at a time, and
/// callers waiting for it reuse its result. Use it as the bearer source of the API client with
/// [`ClientCore::with_token_provider`]`(holder.provider())`; the holder itself sends refresh and
/// revocation requests (its [`TokenOperations`]) through a copy of the client without a bearer
/// source (no cycle).
///
/// `Debug` shows its token requests (the endpoints) and whether it holds a token, never the
/// token.
pub struct TokenHolder<T: OAuthToken> {
    inner: Arc<HolderInner<T>>,
}

impl<T: OAuthToken> Clone for TokenHolder<T> {
    fn clone(&self) -> Self {
        Self {
            inner: Arc::clone(&self.inner),
        }
    }
}

impl<T: OAuthToken> fmt::Debug for TokenHolder<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let has_token = self.inner.state.try_lock().ok().map(|s| s.access.is_some());
        f.debug_struct("TokenHolder")
            .field("operations", &self.inner.operations)
            .field("has_token", &has_token)
            .finish_non_exhaustive()
    }
}

impl<T: OAuthToken> TokenHolder<T> {
    /// Creates a holder. `token_path` and `revoke_path` are paths relative to the client's base
    /// URL (for example `/restapi/oauth/token`); `token` is the token obtained so far (its
    /// lifetime counts from now).
    pub fn new(
        core: &ClientCore,
        token_path: impl Into<String>,
        revoke_path: Option<String>,
        token: Option<T>,
    ) -> Self {
        let can_revoke = revoke_path.is_some();
        let endpoints = OAuthEndpoints {
            authorization: None,
            token: token_path.into().into(),
            refresh: None,
            revocation: revoke_path.map(Into::into),
            issuer: None,
        };
        Self::build(core, Arc::new(TokenForms::new(&endpoints)), can_revoke, token)
    }

    /// A holder whose refresh and revocation requests are sent by `operations` (for example the
    /// API's own token and revocation operations); `token` as in [`new`](Self::new).
    pub fn with_operations(
        core: &ClientCore,
        operations: Arc<dyn TokenOperations<T>>,
        token: Option<T>,
    ) -> Self {
        Self::build(core, operations, true, token)
    }

    fn build(
        core: &ClientCore,
        operations: Arc<dyn TokenOperations<T>>,
        can_revoke: bool,
        token: Option<T>,
    ) -> Self {
        Self {
            inner: Arc::new(HolderInner {
                core: core.with_bearer(None),
                operations,
                can_revoke,
                skew_ms: AtomicU64::new(millis(DEFAULT_SKEW)),
                state: tokio::sync::Mutex::new(State::from_token(token)),
            }),
        }
    }

    /// Sets how long before expiry the token is refreshed (default [`DEFAULT_SKEW`]).
    pub fn set_skew(&self, skew: Duration) {
        self.inner.skew_ms.store(millis(skew), Ordering::Relaxed);
    }

    /// This holder as a bearer source for [`ClientCore::with_token_provider`].
    pub fn provider(&self) -> Arc<dyn TokenProvider> {
        Arc::new(self.clone())
    }

    /// This holder as a [`BearerSource`].
    pub fn bearer_source(&self) -> BearerSource {
        BearerSource::Provider(self.provider())
    }

    /// Replaces the token (for example after an authorization code exchange); its lifetime counts
    /// from now.
    pub async fn set_token(&self, token: T) {
        self.inner.state.lock().await.set_typed(token);
    }

    /// A copy of the current typed token, without refreshing. `None` when the holder has no
    /// token, or when the last token response did not decode as `T` (its tokens are still used:
    /// see [`refresh`](Self::refresh)).
    pub async fn token(&self) -> Option<T> {
        self.inner.state.lock().await.token.clone()
    }

    /// Forgets the token without contacting the server.
    pub async fn clear(&self) {
        let mut st = self.inner.state.lock().await;
        st.token = None;
        st.access = None;
        st.expires_in = None;
        st.refresh = None;
    }

    /// How many refreshes this holder has completed.
    pub async fn refresh_count(&self) -> u64 {
        self.inner.state.lock().await.refresh_count
    }

    /// The current access token, refreshed first when it expires within the skew and a refresh
    /// token is available. `None` when the holder has no token. A refresh answer that does not
    /// decode as `T` but carries an `access_token` still gives the new token.
    ///
    /// # Errors
    /// The refresh request's error (for example [`Error::Api`] with an `invalid_grant` body).
    pub async fn access_token(&self) -> Result<Option<SecretString>, Error> {
        let mut st = self.inner.state.lock().await;
        if self.needs_refresh(&st) {
            self.refresh_for_use(&mut st).await?;
        }
        Ok(current_access(&st))
    }

    /// Refreshes the token now (RFC 6749 §6) and returns the new token.
    ///
    /// The RFC 6749 §5.1 fields (`access_token`, `expires_in`, `refresh_token`) are taken from
    /// the raw response first, so a token the server issued is kept even when the body does not
    /// decode as `T`: a rotated refresh token is used from then on, never the spent one.
    ///
    /// # Errors
    /// [`Error::InvalidRequest`] when there is no refresh token; the refresh request's error;
    /// [`Error::Decode`] when the body does not decode as `T` (the holder then already uses the
    /// new tokens).
    pub async fn refresh(&self) -> Result<T, Error> {
        let mut st = self.inner.state.lock().await;
        self.refresh_locked(&mut st).await
    }

    /// Revokes the refresh token (or the access token when there is none) at the revocation
    /// endpoint (RFC 7009 §2.1: form `token`, `token_type_hint`) and clears the holder on success.
    /// Does nothing when the holder has no token.
    ///
    /// # Errors
    /// [`Error::InvalidRequest`] when no revocation endpoint is configured; the request's error
    /// (the token is then kept so that the call can be repeated).
    pub async fn revoke(&self) -> Result<(), Error> {
        if !self.inner.can_revoke {
            return Err(Error::InvalidRequest("no revocation endpoint configured".into()));
        }
        let mut st = self.inner.state.lock().await;
        let (token, hint) = match (&st.refresh, &st.access) {
            (Some(r), _) => (r.clone(), "refresh_token"),
            (None, Some(a)) => (a.clone(), "access_token"),
            (None, None) => return Ok(()),
        };
        self.inner
            .operations
            .revoke(&self.inner.core, token.expose_secret(), hint)
            .await?;
        st.token = None;
        st.access = None;
        st.expires_in = None;
        st.refresh = None;
        Ok(())
    }

    fn needs_refresh(&self, st: &State<T>) -> bool {
        if st.access.is_none() || st.refresh.is_none() {
            return false;
        }
        let Some(expires_in) = st.expires_in else {
            return false;
        };
        let lifetime = Duration::from_secs(expires_in);
        let skew = Duration::from_millis(self.inner.skew_ms.load(Ordering::Relaxed));
        st.obtained.elapsed().saturating_add(skew) >= lifetime
    }

    /// Refreshes for a request that needs an access token: a body that does not decode as `T`
    /// but carried a new access token is not an error here (the token is used).
    async fn refresh_for_use(&self, st: &mut State<T>) -> Result<(), Error> {
        let before = st.refresh_count;
        match self.refresh_locked(st).await {
            Err(Error::Decode { .. }) if st.refresh_count > before => Ok(()),
            Err(e) => Err(e),
            Ok(_) => Ok(()),
        }
    }

    async fn refresh_locked(&self, st: &mut State<T>) -> Result<T, Error> {
        let refresh = st
            .refresh
            .clone()
            .ok_or_else(|| Error::InvalidRequest("no refresh token available".into()))?;
        let started = Instant::now();
        let result = self
            .inner
            .operations
            .refresh(&self.inner.core, refresh.expose_secret())
            .await;
        let token = match result {
            Ok(token) => token,
            Err(e) => {
                // A success answer the typed model rejects: what the server issued is kept (the
                // spent refresh token is never used again).
                if let Some(fields) = e.token_response() {
                    if let Some(r) = fields.refresh_token {
                        st.refresh = Some(r);
                    }
                    if let Some(a) = fields.access_token {
                        st.access = Some(a);
                        st.expires_in = fields.expires_in;
                        st.obtained = started;
                        st.token = None;
                        st.refresh_count += 1;
                    }
                }
                return Err(e);
            }
        };
        st.access = Some(SecretString::from(token.access_token().to_string()));
        if let Some(r) = token.refresh_token() {
            st.refresh = Some(SecretString::from(r.to_string()));
        }
        st.expires_in = lifetime(token.expires_in());
        st.token = Some(token.clone());
        st.obtained = started;
        st.refresh_count += 1;
        Ok(token)
    }
}

fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

fn current_access<T: OAuthToken>(st: &State<T>) -> Option<SecretString> {
    st.access
        .as_ref()
        .filter(|a| !a.expose_secret().is_empty())
        .cloned()
}

impl<T: OAuthToken> TokenProvider for TokenHolder<T> {
    fn access_token(&self) -> BoxFuture<'_, Result<Option<SecretString>, Error>> {
        Box::pin(TokenHolder::access_token(self))
    }

    fn on_unauthorized<'a>(
        &'a self,
        rejected: &'a SecretString,
    ) -> BoxFuture<'a, Result<Option<SecretString>, Error>> {
        Box::pin(async move {
            let mut st = self.inner.state.lock().await;
            let current = current_access(&st);
            match &current {
                Some(c) if c.expose_secret() != rejected.expose_secret() => return Ok(current),
                _ => {}
            }
            if st.refresh.is_none() {
                return Ok(None);
            }
            self.refresh_for_use(&mut st).await?;
            Ok(current_access(&st))
        })
    }
}
