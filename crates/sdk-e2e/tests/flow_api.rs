//! The flow-level OAuth API of the generated RingCentral SDK (`authorization_code`, grants the
//! client runs by itself) against the real OpenID provider, the user played by
//! [`harness::Browser`] from the authorization URL on.

mod harness;

use std::time::Duration;

use harness::{Browser, OidcServer, REDIRECT_URI};
use ring_central::runtime::{BearerSource, OAuthErrorCode};
use ring_central::{CallbackError, ExposeSecret as _, RingCentral};

const BASIC_ID: &str = "basic-client";
const BASIC_SECRET: &str = "basic-client-secret";
const PUBLIC_ID: &str = "public-client";

/// The authorization code flow as a web application writes it: authorization URL, callback,
/// exchange, refresh, API calls with a token holder, revocation at logout.
#[tokio::test]
async fn authorization_code_flow_through_the_flow_api() {
    let server = OidcServer::start();
    let sdk = RingCentral::builder()
        .base_url(&server.issuer)
        .client_credentials(BASIC_ID, BASIC_SECRET)
        .timeout(Duration::from_secs(15))
        .build()
        .expect("client");
    let flow = sdk.authorization_code(REDIRECT_URI);
    let (url, pending) = flow.authorization_url().expect("authorization URL");

    let callback = Browser::new(&server.issuer).open(&url, "alice").await;
    // The provider sends `iss` (RFC 9207): checked against the authorization server's origin.
    assert_eq!(
        callback.param("iss").as_deref(),
        Some(server.issuer.as_str())
    );
    let code = flow
        .callback(&pending, callback.url.as_str())
        .expect("callback");
    let token = flow.exchange(&code, &pending).await.expect("exchange");
    assert!(!token.access_token.is_empty());
    assert_eq!(token.expires_in, 3600);

    // The same callback replayed against another pending authorization is refused.
    let (_, other) = flow.authorization_url().expect("authorization URL");
    assert_eq!(
        flow.callback(&other, callback.url.as_str()).unwrap_err(),
        CallbackError::StateMismatch
    );
    let refresh = token.refresh_token.clone().expect("refresh token");
    let refreshed = flow.refresh(&refresh).await.expect("refresh");
    assert_ne!(refreshed.access_token, token.access_token);

    // A token holder for the API calls; its access token is read without a `secrecy` import.
    let holder = sdk.token_holder(refreshed.clone());
    let _api = sdk.with_token_holder(&holder);
    let current = holder
        .access_token()
        .await
        .expect("access token")
        .expect("some");
    assert_eq!(current.expose_secret(), refreshed.access_token);

    // Logout: revoke, after which the refresh token no longer works.
    flow.revoke(&refreshed).await.expect("revoke");
    let rt = refreshed
        .refresh_token
        .clone()
        .expect("rotated refresh token");
    let err = flow.refresh(&rt).await.unwrap_err();
    assert_eq!(
        err.oauth_error().map(|e| e.error),
        Some(OAuthErrorCode::InvalidGrant)
    );
    // A spent code is refused by the token endpoint (which then also revokes what it issued).
    let again = flow.exchange(&code, &pending).await.unwrap_err();
    assert_eq!(
        again.oauth_error().map(|e| e.error),
        Some(OAuthErrorCode::InvalidGrant)
    );
}

/// A public client (no secret): PKCE alone, `client_id` in the token request.
#[tokio::test]
async fn authorization_code_flow_public_client() {
    let server = OidcServer::start();
    let sdk = RingCentral::builder()
        .base_url(&server.issuer)
        .client_id(PUBLIC_ID)
        .build()
        .expect("client");
    let flow = sdk.authorization_code(REDIRECT_URI);
    let (url, pending) = flow.authorization_url().expect("authorization URL");
    let callback = Browser::new(&server.issuer).open(&url, "bob").await;
    let code = flow
        .callback(&pending, callback.url.as_str())
        .expect("callback");
    let token = flow.exchange(&code, &pending).await.expect("exchange");
    assert!(token.refresh_token.is_some());
}

/// A wrong issuer configured by the application: the provider's `iss` is refused (mix-up).
#[tokio::test]
async fn callback_from_another_issuer_is_refused() {
    let server = OidcServer::start();
    let sdk = RingCentral::builder()
        .base_url(&server.issuer)
        .client_credentials(BASIC_ID, BASIC_SECRET)
        .build()
        .expect("client");
    let flow = sdk
        .authorization_code(REDIRECT_URI)
        .issuer("https://other-issuer.example");
    let (url, pending) = flow.authorization_url().expect("authorization URL");
    let callback = Browser::new(&server.issuer).open(&url, "carol").await;
    assert!(matches!(
        flow.callback(&pending, callback.url.as_str()),
        Err(CallbackError::IssuerMismatch { .. })
    ));
}

/// A client built with client credentials obtains its own access token (client credentials
/// grant) when a bearer-authenticated call needs one, and reuses it.
#[tokio::test]
async fn client_credentials_tokens_are_fetched_by_the_client() {
    let server = OidcServer::start();
    let sdk = RingCentral::builder()
        .base_url(&server.issuer)
        .client_credentials(BASIC_ID, BASIC_SECRET)
        .token_parameter("account_id", "~")
        .build()
        .expect("client");
    let Some(BearerSource::Provider(provider)) = sdk.core().credentials().get_bearer() else {
        panic!("the client has no token provider");
    };
    let first = provider.access_token().await.expect("token").expect("some");
    let second = provider.access_token().await.expect("token").expect("some");
    assert!(!first.expose_secret().is_empty());
    assert_eq!(first.expose_secret(), second.expose_secret(), "cached");
    // A rejected token is replaced by a new one.
    let renewed = provider
        .on_unauthorized(&first)
        .await
        .expect("renew")
        .expect("some");
    assert_ne!(renewed.expose_secret(), first.expose_secret());
}

/// What a plain RFC 6749 API's SDK does (case `o01`): no token model and no token operation of
/// its own, so the runtime posts the forms to absolute endpoint URLs and decodes the RFC 6749
/// §5.1 `AccessTokenResponse`. Here against the real provider, the API itself on another base URL.
#[tokio::test]
async fn plain_rfc6749_endpoints_code_flow_and_client_credentials() {
    use ring_central::runtime::{
        AuthorizationCodeFlow, Grant, GrantTokens, OAuthEndpoints, TokenProvider as _,
        AccessTokenResponse,
    };
    let server = OidcServer::start();
    let at = |path: &str| format!("{}{path}", server.issuer);
    let endpoints = &OAuthEndpoints {
        authorization: Some(at("/restapi/oauth/authorize").into()),
        token: at("/restapi/oauth/token").into(),
        refresh: None,
        revocation: Some(at("/restapi/oauth/revoke").into()),
        issuer: None,
    };
    let api = RingCentral::builder()
        .base_url("http://127.0.0.1:9/api")
        .client_credentials(BASIC_ID, BASIC_SECRET)
        .build()
        .expect("client");

    let flow: AuthorizationCodeFlow<AccessTokenResponse> =
        AuthorizationCodeFlow::new(api.core(), endpoints, REDIRECT_URI).scope("openid");
    let (url, pending) = flow.authorization_url().expect("authorization URL");
    let callback = Browser::new(&server.issuer).open(&url, "dave").await;
    let code = flow
        .callback(&pending, callback.url.as_str())
        .expect("callback");
    let token = flow.exchange(&code, &pending).await.expect("exchange");
    assert!(token.token_type.eq_ignore_ascii_case("bearer"));
    assert!(token.id_token.is_some(), "scope openid gives an ID token");
    let refreshed = flow
        .refresh(token.refresh_token.as_deref().expect("refresh token"))
        .await
        .expect("refresh");
    flow.revoke(&refreshed).await.expect("revoke");

    let tokens: GrantTokens<AccessTokenResponse> = GrantTokens::new(
        api.core(),
        endpoints,
        Grant::ClientCredentials { scopes: vec![] },
        vec![],
    );
    let first = tokens.access_token().await.expect("token").expect("some");
    let again = tokens.access_token().await.expect("token").expect("some");
    assert_eq!(first.expose_secret(), again.expose_secret());
    assert_eq!(tokens.fetch_count(), 1);
}
