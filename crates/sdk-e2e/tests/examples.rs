//! The generated SDK's `examples/` programs (built as this crate's `rc-*` binaries from
//! `generated/examples/*.rs`) run against the real provider, configured by environment variables
//! as a user would; the test plays the user's browser for the authorization code example.

mod harness;

use harness::{Browser, OidcServer, REDIRECT_URI};
use ring_central::RingCentral;
use ring_central::runtime::OAuthErrorCode;
use ring_central::models::TokenInfo;

use harness::examples::{Example, sign_in};

const BASIC_ID: &str = "basic-client";
const BASIC_SECRET: &str = "basic-client-secret";

fn example(bin: &str, server: &OidcServer) -> Example {
    Example::new(bin)
        .env("BASE_URL", &server.issuer)
        .env("CLIENT_ID", BASIC_ID)
        .env("CLIENT_SECRET", BASIC_SECRET)
        .env("REDIRECT_URI", REDIRECT_URI)
}

fn sdk(server: &OidcServer) -> RingCentral {
    RingCentral::builder()
        .base_url(&server.issuer)
        .client_credentials(BASIC_ID, BASIC_SECRET)
        .build()
        .expect("client")
}

/// A token obtained through the SDK's flow (the user played by the harness).
async fn user_token(server: &OidcServer, user: &str) -> TokenInfo {
    let flow = sdk(server).authorization_code(REDIRECT_URI);
    sign_in(&flow, &server.issuer, user).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn authorization_code_example_signs_in() {
    let server = OidcServer::start();
    let mut run = example(env!("CARGO_BIN_EXE_rc-authorization-code"), &server).spawn();
    let url = run.line();
    let callback = Browser::new(&server.issuer)
        .open(&url.parse().expect("authorization URL"), "alice")
        .await;
    run.send(callback.url.as_str());
    let out = run.finish();
    assert_eq!(out.trim_end().lines().last(), Some("signed in"), "{out}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn client_credentials_example_gets_its_token() {
    let server = OidcServer::start();
    let out = example(env!("CARGO_BIN_EXE_rc-client-credentials"), &server).run();
    let n: usize = out
        .trim()
        .strip_prefix("access token of ")
        .and_then(|r| r.strip_suffix(" characters"))
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("unexpected output {out:?}"));
    assert!(n > 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refresh_example_refreshes_an_expiring_token() {
    // Access tokens live 30 s: within the holder's 60 s skew, so the first use refreshes.
    let server = OidcServer::start_with(&[("ACCESS_TOKEN_TTL", "30")]);
    let token = user_token(&server, "erin").await;
    let out = example(env!("CARGO_BIN_EXE_rc-refresh"), &server)
        .env("TOKEN_JSON", &serde_json::to_string(&token).expect("token JSON"))
        .run();
    assert_eq!(out.trim(), "refreshed 1 time(s)");
    // The provider rotated the refresh token: the stored one is spent.
    let flow = sdk(&server).authorization_code(REDIRECT_URI);
    let err = flow
        .refresh(token.refresh_token.as_deref().expect("refresh token"))
        .await
        .unwrap_err();
    assert_eq!(err.oauth_error().map(|e| e.error), Some(OAuthErrorCode::InvalidGrant));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn revoke_example_revokes_at_logout() {
    let server = OidcServer::start();
    let token = user_token(&server, "frank").await;
    let out = example(env!("CARGO_BIN_EXE_rc-revoke"), &server)
        .env("TOKEN_JSON", &serde_json::to_string(&token).expect("token JSON"))
        .run();
    assert_eq!(out.trim(), "revoked");
    let flow = sdk(&server).authorization_code(REDIRECT_URI);
    let err = flow
        .refresh(token.refresh_token.as_deref().expect("refresh token"))
        .await
        .unwrap_err();
    assert_eq!(err.oauth_error().map(|e| e.error), Some(OAuthErrorCode::InvalidGrant));
}
