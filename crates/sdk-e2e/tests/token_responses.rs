//! Token responses the typed model does not describe exactly, from the real provider:
//! a plain RFC 6749 §5.1 response decodes (response leniency), and one the typed model rejects
//! (`expires_in` as a string) loses no token: the SDK error carries the RFC 6749 fields, and the
//! token holder keeps the rotated refresh token and never resends the spent one.
//!
//! Needs Node.js and `npm ci --prefix e2e/oidc-provider` (`cargo xtask test` runs it).

mod harness;

use std::time::Duration;

use harness::{Browser, OidcServer, REDIRECT_URI};
use ring_central::models::{
    AuthorizeResponseType, CodeChallengeMethodEnum, GetTokenRequest,
    GetTokenRequestAuthorizationCode, GetTokenRequestClientCredentials,
    GetTokenRequestClientCredentialsByAccount, GetTokenRequestRefreshToken, TokenInfo, TokenType,
};
use ring_central::runtime::{CodeVerifier, OAuthErrorCode, TokenResponse, pkce::random_state};
use ring_central::services::AuthorizeParams;
use ring_central::{Error, RingCentral};
use secrecy::ExposeSecret as _;

const BASIC_ID: &str = "basic-client";
const BASIC_SECRET: &str = "basic-client-secret";

fn basic_client(server: &OidcServer) -> RingCentral {
    RingCentral::builder()
        .base_url(&server.issuer)
        .client_credentials(BASIC_ID, BASIC_SECRET)
        .timeout(Duration::from_secs(15))
        .build()
        .expect("SDK client")
}

/// Authorization code + PKCE up to the code exchange, whose raw result is returned.
async fn exchange_code(
    server: &OidcServer,
    sdk: &RingCentral,
) -> Result<TokenInfo, Error<ring_central::models::OauthInvalidRequest>> {
    let verifier = CodeVerifier::generate().expect("verifier");
    let state = random_state().expect("state");
    let params = AuthorizeParams::new(BASIC_ID, AuthorizeResponseType::Code)
        .with_redirect_uri(REDIRECT_URI)
        .with_state(state)
        .with_code_challenge(verifier.challenge_s256())
        .with_code_challenge_method(CodeChallengeMethodEnum::S256);
    let redirect = sdk.o_auth_2_0_open_id_connect().authorize(&params).await.expect("authorize");
    let code = Browser::new(&server.issuer).login(&redirect, "alice").await.code();
    let request = GetTokenRequestAuthorizationCode::new(code)
        .with_redirect_uri(REDIRECT_URI)
        .with_code_verifier(verifier.as_str());
    sdk.o_auth_2_0_open_id_connect().get_token(&GetTokenRequest::AuthorizationCode(request)).await
}

fn secret(s: &Option<secrecy::SecretString>) -> String {
    s.as_ref().map(|v| v.expose_secret().to_string()).unwrap_or_default()
}

#[tokio::test]
async fn plain_rfc6749_token_responses_decode() {
    let server = OidcServer::start_with(&[("TOKEN_RESPONSE", "plain")]);
    let sdk = basic_client(&server);
    // client_credentials without a scope: no `scope`, no `session_id`, no refresh token.
    let token = sdk
        .o_auth_2_0_open_id_connect()
        .get_token(&GetTokenRequest::ClientCredentials(GetTokenRequestClientCredentials::ByAccount(
            GetTokenRequestClientCredentialsByAccount::new("~"),
        )))
        .await
        .expect("a plain client_credentials response decodes");
    assert!(!token.access_token.is_empty());
    assert_eq!(token.scope, "");
    assert_eq!(token.session_id, "");
    assert_eq!(token.expires_in, 3600);

    // Authorization code: a refresh token, still no `session_id`.
    let token = exchange_code(&server, &sdk).await.expect("a plain code exchange decodes");
    assert_eq!(token.session_id, "");
    assert!(token.refresh_token.is_some());
}

#[tokio::test]
async fn a_token_response_the_typed_model_rejects_loses_no_token() {
    let server = OidcServer::start_with(&[("TOKEN_RESPONSE", "expires_in_string")]);
    let sdk = basic_client(&server);

    // The code exchange fails typed, and the tokens the provider issued are in the error.
    let err = exchange_code(&server, &sdk).await.expect_err("`expires_in` is a string");
    match &err {
        Error::Decode { status, path, .. } => {
            assert_eq!(status.as_u16(), 200);
            assert_eq!(path, "expires_in");
        }
        other => panic!("expected Decode, got {other:?}"),
    }
    let fields: TokenResponse = err.token_response().expect("RFC 6749 §5.1 fields");
    assert_eq!(fields.expires_in, Some(3600));
    let first_refresh = secret(&fields.refresh_token);
    assert!(!first_refresh.is_empty());
    let token = TokenInfo::new(secret(&fields.access_token), 3600, "", TokenType::Bearer, "")
        .with_refresh_token(first_refresh.clone());

    // The holder refreshes on every use (skew above the lifetime); each refresh answer fails the
    // typed decode too, and the holder still uses its new access token and rotated refresh token.
    let holder = sdk.token_holder(token.clone());
    holder.set_skew(Duration::from_secs(2 * 3600));
    let first = holder.access_token().await.expect("refresh 1").expect("a token");
    assert_ne!(first.expose_secret(), token.access_token);
    assert_eq!(holder.refresh_count().await, 1);
    assert!(holder.token().await.is_none(), "no typed token for an undecodable answer");
    // The provider rotates refresh tokens and rejects a spent one: this second refresh works only
    // because the holder kept the rotated token from the undecodable answer.
    let second = holder.access_token().await.expect("refresh 2 with the rotated token").expect("a token");
    assert_ne!(second.expose_secret(), first.expose_secret());
    assert_eq!(holder.refresh_count().await, 2);

    // The spent refresh token is indeed dead.
    let err = sdk
        .o_auth_2_0_open_id_connect()
        .get_token(&GetTokenRequest::RefreshToken(GetTokenRequestRefreshToken::new(first_refresh)))
        .await
        .expect_err("a rotated-away refresh token");
    assert_eq!(err.oauth_error().map(|e| e.error), Some(OAuthErrorCode::InvalidGrant), "{err:?}");
    assert!(matches!(err, Error::Api { .. }), "{err:?}");
}
