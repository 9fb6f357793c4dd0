//! OAuth 2.0 token storage with automatic refresh (RFC 6749 §6) and revocation (RFC 7009).

// `Error` deliberately carries the whole response (status, headers, raw body) by value so that
// callers can match on it directly; its size is accepted.
#![allow(clippy::result_large_err)]

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use reqwest::Method;
use secrecy::{ExposeSecret, SecretString};
use serde::de::DeserializeOwned;

use super::auth::{BearerSource, BoxFuture, TokenProvider};
use super::client::ClientCore;
use super::error::Error;
use super::request::{Body, Request, SchemeKind, SecurityScheme};

/// A token endpoint response (RFC 6749 §5.1). Implemented by the generated token model.
pub trait OAuthToken: DeserializeOwned + Clone + Send + Sync + 'static {
    /// `access_token`.
    fn access_token(&self) -> &str;
    /// `refresh_token`, if issued.
    fn refresh_token(&self) -> Option<&str>;
    /// `expires_in`: lifetime of the access token in seconds from when it was issued.
    fn expires_in(&self) -> Option<i64>;
}

/// Default refresh skew: a token is refreshed when it expires within 60 s.
pub const DEFAULT_SKEW: Duration = Duration::from_secs(60);

/// Client authentication for the token and revocation endpoints: whatever is configured, else
/// anonymous (a public client then sends `client_id` in the form).
static CLIENT_SECURITY: &[&[SecurityScheme]] = &[
    &[SecurityScheme {
        name: "client",
        kind: SchemeKind::HttpBasic,
    }],
    &[],
];

struct State<T> {
    token: Option<T>,
    obtained: Instant,
    /// The current refresh token: the last one issued (a refresh response may omit it,
    /// RFC 6749 §6).
    refresh: Option<SecretString>,
    refresh_count: u64,
}

struct HolderInner<T> {
    core: ClientCore,
    token_path: String,
    revoke_path: Option<String>,
    skew_ms: AtomicU64,
    state: tokio::sync::Mutex<State<T>>,
}

/// Holds an OAuth token, refreshes it before it expires, and revokes it.
///
/// Cheap to clone (an `Arc` inside) and shareable across tasks: one refresh runs at a time, and
/// callers waiting for it reuse its result. Use it as the bearer source of the API client with
/// [`ClientCore::with_token_provider`]`(holder.provider())`; the holder itself sends refresh and
/// revocation requests through a copy of the client without a bearer source (no cycle).
///
/// `Debug` shows the endpoints only.
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
        let has_token = self.inner.state.try_lock().ok().map(|s| s.token.is_some());
        f.debug_struct("TokenHolder")
            .field("token_path", &self.inner.token_path)
            .field("revoke_path", &self.inner.revoke_path)
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
        let refresh = token
            .as_ref()
            .and_then(|t| t.refresh_token())
            .map(|r| SecretString::from(r.to_string()));
        Self {
            inner: Arc::new(HolderInner {
                core: core.with_bearer(None),
                token_path: token_path.into(),
                revoke_path,
                skew_ms: AtomicU64::new(millis(DEFAULT_SKEW)),
                state: tokio::sync::Mutex::new(State {
                    token,
                    obtained: Instant::now(),
                    refresh,
                    refresh_count: 0,
                }),
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
        let mut st = self.inner.state.lock().await;
        st.refresh = token
            .refresh_token()
            .map(|r| SecretString::from(r.to_string()));
        st.token = Some(token);
        st.obtained = Instant::now();
    }

    /// A copy of the current token, without refreshing.
    pub async fn token(&self) -> Option<T> {
        self.inner.state.lock().await.token.clone()
    }

    /// Forgets the token without contacting the server.
    pub async fn clear(&self) {
        let mut st = self.inner.state.lock().await;
        st.token = None;
        st.refresh = None;
    }

    /// How many refreshes this holder has completed.
    pub async fn refresh_count(&self) -> u64 {
        self.inner.state.lock().await.refresh_count
    }

    /// The current access token, refreshed first when it expires within the skew and a refresh
    /// token is available. `None` when the holder has no token.
    ///
    /// # Errors
    /// The refresh request's error (for example [`Error::Api`] with an `invalid_grant` body).
    pub async fn access_token(&self) -> Result<Option<SecretString>, Error> {
        let mut st = self.inner.state.lock().await;
        if self.needs_refresh(&st) {
            self.refresh_locked(&mut st).await?;
        }
        Ok(current_access(&st))
    }

    /// Refreshes the token now (RFC 6749 §6) and returns the new token.
    ///
    /// # Errors
    /// [`Error::InvalidRequest`] when there is no refresh token; the refresh request's error.
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
        let path = self
            .inner
            .revoke_path
            .clone()
            .ok_or_else(|| Error::InvalidRequest("no revocation endpoint configured".into()))?;
        let mut st = self.inner.state.lock().await;
        let (token, hint) = match (&st.refresh, &st.token) {
            (Some(r), _) => (r.expose_secret().to_string(), "refresh_token"),
            (None, Some(t)) => (t.access_token().to_string(), "access_token"),
            (None, None) => return Ok(()),
        };
        let mut req = Request::new(Method::POST, path);
        req.security(CLIENT_SECURITY);
        req.body = Some(Body::Form(vec![
            ("token".to_string(), token),
            ("token_type_hint".to_string(), hint.to_string()),
        ]));
        let resp = self.inner.core.execute::<serde_json::Value>(req).await?;
        if resp.status().is_success() {
            st.token = None;
            st.refresh = None;
            Ok(())
        } else {
            Err(resp.api_error())
        }
    }

    fn needs_refresh(&self, st: &State<T>) -> bool {
        let Some(token) = &st.token else {
            return false;
        };
        if st.refresh.is_none() {
            return false;
        }
        let Some(expires_in) = token.expires_in() else {
            return false;
        };
        let lifetime = Duration::from_secs(u64::try_from(expires_in).unwrap_or(0));
        let skew = Duration::from_millis(self.inner.skew_ms.load(Ordering::Relaxed));
        st.obtained.elapsed().saturating_add(skew) >= lifetime
    }

    async fn refresh_locked(&self, st: &mut State<T>) -> Result<T, Error> {
        let refresh = st
            .refresh
            .clone()
            .ok_or_else(|| Error::InvalidRequest("no refresh token available".into()))?;
        let mut req = Request::new(Method::POST, self.inner.token_path.clone());
        req.security(CLIENT_SECURITY);
        req.accept("application/json");
        req.body = Some(Body::Form(vec![
            ("grant_type".to_string(), "refresh_token".to_string()),
            (
                "refresh_token".to_string(),
                refresh.expose_secret().to_string(),
            ),
        ]));
        let started = Instant::now();
        let resp = self.inner.core.execute::<serde_json::Value>(req).await?;
        if !resp.status().is_success() {
            return Err(resp.api_error());
        }
        let token: T = resp.json()?;
        if let Some(r) = token.refresh_token() {
            st.refresh = Some(SecretString::from(r.to_string()));
        }
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
    st.token
        .as_ref()
        .map(|t| t.access_token())
        .filter(|a| !a.is_empty())
        .map(|a| SecretString::from(a.to_string()))
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
            self.refresh_locked(&mut st).await?;
            Ok(current_access(&st))
        })
    }
}
