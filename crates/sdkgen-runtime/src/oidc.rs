//! OpenID Connect Discovery 1.0: the provider configuration document of an `openIdConnect`
//! security scheme, read at run time, gives the endpoints of the OAuth flows ([`OAuthEndpoints`]).
//! Nothing here trusts the document beyond what §4.3 allows: its `issuer` must be the URL the
//! document was fetched from, without `/.well-known/openid-configuration`.

// `Error` deliberately carries the whole response (status, headers, raw body) by value so that
// callers can match on it directly; its size is accepted.
#![allow(clippy::result_large_err)]

use std::borrow::Cow;

use reqwest::Method;
use serde::Deserialize;

use super::client::ClientCore;
use super::error::Error;
use super::oauth::{OAuthEndpoints, endpoint_request};

/// The path suffix of a discovery URL (OpenID Connect Discovery 1.0 §4).
const WELL_KNOWN: &str = "/.well-known/openid-configuration";

/// An OpenID provider's configuration (OpenID Connect Discovery 1.0 §3; RFC 8414 §2): the
/// fields the OAuth flows use. Other fields are ignored.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct OpenIdConfiguration {
    /// `issuer`: the provider's issuer identifier.
    pub issuer: String,
    /// `authorization_endpoint`.
    #[serde(default)]
    pub authorization_endpoint: Option<String>,
    /// `token_endpoint`.
    pub token_endpoint: String,
    /// `revocation_endpoint` (RFC 8414 §2, RFC 7009).
    #[serde(default)]
    pub revocation_endpoint: Option<String>,
    /// `userinfo_endpoint`.
    #[serde(default)]
    pub userinfo_endpoint: Option<String>,
    /// `jwks_uri`.
    #[serde(default)]
    pub jwks_uri: Option<String>,
    /// `scopes_supported`.
    #[serde(default)]
    pub scopes_supported: Vec<String>,
    /// `code_challenge_methods_supported` (RFC 8414 §2).
    #[serde(default)]
    pub code_challenge_methods_supported: Vec<String>,
}

impl OpenIdConfiguration {
    /// Fetches the configuration at `url` (a path relative to the client's base URL, or an
    /// absolute URL) through `core`, and checks its `issuer` (§4.3): when the URL ends with
    /// `/.well-known/openid-configuration`, the issuer must be the URL without it.
    ///
    /// # Errors
    /// Transport errors; [`Error::UnexpectedStatus`] for a non-success answer; [`Error::Decode`]
    /// when the body is not a configuration; [`Error::InvalidRequest`] when the issuer does not
    /// match or an endpoint is not an absolute `http(s)` URL.
    pub async fn discover(core: &ClientCore, url: &str) -> Result<Self, Error> {
        let mut req = endpoint_request(Method::GET, url)?;
        req.accept("application/json");
        let fetched = core.url_for(&req)?;
        let resp = core.with_bearer(None).execute::<serde_json::Value>(req).await?;
        if !resp.status().is_success() {
            return Err(resp.unexpected());
        }
        let config: Self = resp.json()?;
        let fetched = fetched.as_str();
        let differs = |expected: &&str| config.issuer.trim_end_matches('/') != expected.trim_end_matches('/');
        if let Some(expected) = fetched.strip_suffix(WELL_KNOWN).filter(differs) {
            return Err(Error::InvalidRequest(format!(
                "the OpenID configuration at {fetched} names issuer {:?}, expected {expected:?} (OpenID Connect Discovery 1.0 §4.3)",
                config.issuer
            )));
        }
        let endpoints = std::iter::once(&config.token_endpoint)
            .chain(config.authorization_endpoint.iter())
            .chain(config.revocation_endpoint.iter());
        for e in endpoints {
            let ok = url::Url::parse(e).is_ok_and(|u| matches!(u.scheme(), "http" | "https"));
            if !ok {
                return Err(Error::InvalidRequest(format!(
                    "the OpenID configuration at {fetched} has an endpoint that is not an absolute http(s) URL: {e:?}"
                )));
            }
        }
        Ok(config)
    }

    /// The endpoints of the OAuth flows, with the issuer.
    pub fn endpoints(&self) -> OAuthEndpoints {
        OAuthEndpoints {
            authorization: self.authorization_endpoint.clone().map(Cow::Owned),
            token: Cow::Owned(self.token_endpoint.clone()),
            refresh: None,
            revocation: self.revocation_endpoint.clone().map(Cow::Owned),
            issuer: Some(Cow::Owned(self.issuer.clone())),
        }
    }
}
