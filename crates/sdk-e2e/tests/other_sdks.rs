//! The SDKs of a plain RFC 6749 OAuth 2.0 API (case `o01`: no token operation, an RFC 7009
//! revocation operation, declared scopes) and of an OpenID Connect API (case `o02`: endpoints and
//! issuer from discovery) complete the same flows against the provider, in process and as their
//! generated `examples/` programs. The provider's userinfo endpoint (`GET /me`) is the API call.

mod harness;

use harness::examples::Example;
use harness::{OidcServer, REDIRECT_URI};

const BASIC_ID: &str = "basic-client";
const BASIC_SECRET: &str = "basic-client-secret";

fn example(bin: &str, server: &OidcServer) -> Example {
    Example::new(bin)
        .env("BASE_URL", &server.issuer)
        .env("CLIENT_ID", BASIC_ID)
        .env("CLIENT_SECRET", BASIC_SECRET)
        .env("REDIRECT_URI", REDIRECT_URI)
}

/// The JSON of an RFC 6749 §5.1 token answer, as an application stores it.
fn token_json(access: &str, refresh: Option<&str>, expires_in: Option<i64>) -> String {
    serde_json::json!({
        "access_token": access,
        "token_type": "Bearer",
        "refresh_token": refresh,
        "expires_in": expires_in,
    })
    .to_string()
}

/// Runs the four examples of one SDK: sign-in with the callback fed on stdin, client
/// credentials, refresh of an expiring token, revocation (then the refresh token is dead).
macro_rules! examples_complete_the_flows {
    ($prefix:literal, $sdk:ident, $client:ident, $flow:expr) => {{
        use $sdk::$client;
        // Sign-in.
        let server = OidcServer::start_with(&[("ACCESS_TOKEN_TTL", "30")]);
        let mut run = example(env!(concat!("CARGO_BIN_EXE_", $prefix, "-authorization-code")), &server).spawn();
        let url = run.line();
        let callback = harness::Browser::new(&server.issuer)
            .open(&url.parse().expect("authorization URL"), "alice")
            .await;
        run.send(callback.url.as_str());
        let out = run.finish();
        assert_eq!(out.trim_end().lines().last(), Some("signed in"), "{out}");

        // Client credentials.
        let out = example(env!(concat!("CARGO_BIN_EXE_", $prefix, "-client-credentials")), &server).run();
        assert!(out.starts_with("access token of ") && !out.starts_with("access token of 0 "), "{out}");

        // Refresh on expiry (30 s tokens: within the 60 s skew).
        let client = $client::builder()
            .base_url(&server.issuer)
            .client_credentials(BASIC_ID, BASIC_SECRET)
            .build()
            .expect("client");
        let flow = $flow(&client).await;
        let token = sign_in!(flow, &server.issuer, "bob").await;
        let rt = token.refresh_token.clone().expect("refresh token");
        let json = token_json(&token.access_token, Some(&rt), token.expires_in);
        let out = example(env!(concat!("CARGO_BIN_EXE_", $prefix, "-refresh")), &server).env("TOKEN_JSON", &json).run();
        assert_eq!(out.trim(), "refreshed 1 time(s)");
        assert!(flow.refresh(&rt).await.is_err(), "the stored refresh token was rotated");

        // Revocation at logout.
        let token = sign_in!(flow, &server.issuer, "carol").await;
        let rt = token.refresh_token.clone().expect("refresh token");
        let json = token_json(&token.access_token, Some(&rt), token.expires_in);
        let out = example(env!(concat!("CARGO_BIN_EXE_", $prefix, "-revoke")), &server).env("TOKEN_JSON", &json).run();
        assert_eq!(out.trim(), "revoked");
        let err = flow.refresh(&rt).await.unwrap_err();
        assert_eq!(err.oauth_error().map(|e| e.error.as_str().to_string()).as_deref(), Some("invalid_grant"));
    }};
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plain_oauth2_examples_complete_the_flows() {
    examples_complete_the_flows!("plain", plain_oauth2, PlainApi, |c: &plain_oauth2::PlainApi| {
        let flow = c.authorization_code(REDIRECT_URI);
        async move { flow }
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn openid_connect_examples_complete_the_flows() {
    examples_complete_the_flows!("oidc", openid_connect, OpenIdApi, |c: &openid_connect::OpenIdApi| {
        let c = c.clone();
        async move { c.authorization_code(REDIRECT_URI).await.expect("discovery") }
    });
}

/// The plain API's flow with its declared scopes: the user's token calls the API (`GET /me`);
/// revocation goes through the spec's own `revoke_token` (with `token_type_hint`).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plain_oauth2_sdk_signs_in_and_calls_the_api() {
    use plain_oauth2::{PlainApi, scopes};
    let server = OidcServer::start();
    let client = PlainApi::builder()
        .base_url(&server.issuer)
        .client_credentials(BASIC_ID, BASIC_SECRET)
        .build()
        .expect("client");
    let flow = client.authorization_code(REDIRECT_URI).scopes([scopes::OPENID, scopes::READ_ACCOUNTS]);
    let token = sign_in!(flow, &server.issuer, "dave").await;
    assert_eq!(token.scope.as_deref(), Some("openid ReadAccounts"));
    let holder = flow.token_holder(token);
    let api = client.with_token_holder(&holder);
    assert_eq!(api.default().get_me().await.expect("userinfo").sub, "dave");
    holder.revoke().await.expect("revoke");
}

/// Discovery: endpoints and issuer from `/.well-known/openid-configuration`; the callback's
/// `iss` is checked against the discovered issuer; the user's token calls the API.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn openid_connect_sdk_discovers_signs_in_and_calls_the_api() {
    use openid_connect::OpenIdApi;
    let server = OidcServer::start();
    let client = OpenIdApi::builder()
        .base_url(&server.issuer)
        .client_credentials(BASIC_ID, BASIC_SECRET)
        .build()
        .expect("client");
    let config = client.openid_configuration().await.expect("discovery");
    assert_eq!(config.issuer, server.issuer);
    assert_eq!(config.token_endpoint, format!("{}/restapi/oauth/token", server.issuer));
    let flow = client.authorization_code(REDIRECT_URI).await.expect("flow").scope("openid");
    let token = sign_in!(flow, &server.issuer, "erin").await;
    let api = client.with_token_holder(&flow.token_holder(token));
    assert_eq!(api.default().get_me().await.expect("userinfo").sub, "erin");
    // The client's own token (client credentials) from the discovered token endpoint.
    let own = client.current_access_token().await.expect("client credentials");
    assert!(own.is_some());
}
