//! TokenHolder: refresh before expiry, refresh once on 401, single refresh under concurrency,
//! revocation.

mod common;

use std::sync::Arc;

use common::*;
use reqwest::Method;
use sdkgen_runtime::{ClientCore, Error, OAuthErrorCode, OAuthToken, Request, TokenHolder};
use serde::Deserialize;
use wiremock::matchers::{body_string_contains, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[derive(Debug, Clone, Deserialize)]
struct Token {
    access_token: String,
    refresh_token: Option<String>,
    expires_in: Option<i64>,
}

impl OAuthToken for Token {
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

fn tok(access: &str, refresh: Option<&str>, expires_in: i64) -> Token {
    Token {
        access_token: access.into(),
        refresh_token: refresh.map(str::to_string),
        expires_in: Some(expires_in),
    }
}

async fn mount_token_endpoint(server: &MockServer, new_access: &str, expect: u64) {
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .and(body_string_contains("grant_type=refresh_token"))
        .and(body_string_contains("refresh_token=RT-1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "access_token": new_access, "refresh_token": "RT-2", "expires_in": 3600
        })))
        .expect(expect)
        .mount(server)
        .await;
}

fn api_core(server: &MockServer) -> ClientCore {
    builder(server)
        .client_secret_basic_for_tests()
        .build()
        .unwrap()
}

trait TestBuilder {
    fn client_secret_basic_for_tests(self) -> Self;
}

impl TestBuilder for sdkgen_runtime::ClientCoreBuilder {
    fn client_secret_basic_for_tests(self) -> Self {
        self.credentials(
            sdkgen_runtime::Credentials::new().client_secret_basic("cid", "CLIENT-SECRET"),
        )
    }
}

#[tokio::test]
async fn refreshes_before_expiry_with_client_auth() {
    let server = MockServer::start().await;
    mount_token_endpoint(&server, "AT-2", 1).await;
    let core = api_core(&server);
    // expires_in 30 s < default skew 60 s: refresh now.
    let holder = TokenHolder::new(
        &core,
        "/oauth/token",
        None,
        Some(tok("AT-1", Some("RT-1"), 30)),
    );
    let at = holder.access_token().await.unwrap().unwrap();
    use secrecy::ExposeSecret;
    assert_eq!(at.expose_secret(), "AT-2");
    // Fresh token: no second refresh.
    let at = holder.access_token().await.unwrap().unwrap();
    assert_eq!(at.expose_secret(), "AT-2");
    assert_eq!(holder.refresh_count().await, 1);
    assert_eq!(
        holder.token().await.unwrap().refresh_token.as_deref(),
        Some("RT-2")
    );
    let reqs = requests(&server).await;
    assert_eq!(auth_headers(&reqs[0]).len(), 1);
    assert!(auth_headers(&reqs[0])[0].starts_with("Basic "));
    server.verify().await;
}

#[tokio::test]
async fn valid_token_is_not_refreshed_and_forced_refresh_works() {
    let server = MockServer::start().await;
    mount_token_endpoint(&server, "AT-2", 1).await;
    let core = api_core(&server);
    let holder = TokenHolder::new(
        &core,
        "/oauth/token",
        None,
        Some(tok("AT-1", Some("RT-1"), 3600)),
    );
    use secrecy::ExposeSecret;
    assert_eq!(
        holder
            .access_token()
            .await
            .unwrap()
            .unwrap()
            .expose_secret(),
        "AT-1"
    );
    let t = holder.refresh().await.unwrap();
    assert_eq!(t.access_token, "AT-2");
    server.verify().await;
}

#[tokio::test]
async fn refresh_once_on_401_then_retry() {
    let server = MockServer::start().await;
    mount_token_endpoint(&server, "AT-2", 1).await;
    Mock::given(method("GET"))
        .and(path("/me"))
        .and(header("authorization", "Bearer AT-1"))
        .respond_with(ResponseTemplate::new(401))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/me"))
        .and(header("authorization", "Bearer AT-2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"id": 1})))
        .expect(1)
        .mount(&server)
        .await;
    let core = api_core(&server);
    let holder = TokenHolder::new(
        &core,
        "/oauth/token",
        None,
        Some(tok("AT-1", Some("RT-1"), 3600)),
    );
    let api = core.with_token_provider(holder.provider());
    let mut req = Request::new(Method::GET, "/me".into());
    req.security(&[&[BEARER]]);
    let resp = api.execute::<()>(req).await.unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    server.verify().await;
}

#[tokio::test]
async fn persistent_401_is_returned_after_one_refresh() {
    let server = MockServer::start().await;
    mount_token_endpoint(&server, "AT-2", 1).await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(401))
        .expect(2)
        .mount(&server)
        .await;
    let core = api_core(&server);
    let holder = TokenHolder::new(
        &core,
        "/oauth/token",
        None,
        Some(tok("AT-1", Some("RT-1"), 3600)),
    );
    let api = core.with_token_provider(holder.provider());
    let mut req = Request::new(Method::GET, "/me".into());
    req.security(&[&[BEARER]]);
    let resp = api.execute::<()>(req).await.unwrap();
    assert_eq!(resp.status().as_u16(), 401);
    server.verify().await;
}

#[tokio::test]
async fn concurrent_callers_trigger_one_refresh() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({"access_token": "AT-2", "expires_in": 3600}))
                .set_delay(std::time::Duration::from_millis(100)),
        )
        .expect(1)
        .mount(&server)
        .await;
    let core = api_core(&server);
    let holder = TokenHolder::new(
        &core,
        "/oauth/token",
        None,
        Some(tok("AT-1", Some("RT-1"), 0)),
    );
    let mut tasks = Vec::new();
    for _ in 0..10 {
        let h = holder.clone();
        tasks.push(tokio::spawn(async move { h.access_token().await }));
    }
    use secrecy::ExposeSecret;
    for t in tasks {
        let at = t.await.unwrap().unwrap().unwrap();
        assert_eq!(at.expose_secret(), "AT-2");
    }
    assert_eq!(holder.refresh_count().await, 1);
    // The refresh response had no refresh_token: the previous one is kept (RFC 6749 §6).
    server.verify().await;
    let reqs = requests(&server).await;
    assert_eq!(
        form_value(&reqs[0], "refresh_token").as_deref(),
        Some("RT-1")
    );
}

#[tokio::test]
async fn refresh_error_is_typed() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(400).set_body_json(serde_json::json!({"error": "invalid_grant"})),
        )
        .mount(&server)
        .await;
    let core = api_core(&server);
    let holder = TokenHolder::new(
        &core,
        "/oauth/token",
        None,
        Some(tok("AT-1", Some("RT-1"), 0)),
    );
    let err = holder.access_token().await.unwrap_err();
    assert_eq!(err.status().unwrap().as_u16(), 400);
    assert_eq!(
        err.oauth_error().unwrap().error,
        OAuthErrorCode::InvalidGrant
    );
    // No refresh token: the current token is used as is, and refresh() explains why it cannot.
    let holder = TokenHolder::new(&core, "/oauth/token", None, Some(tok("AT-9", None, 0)));
    use secrecy::ExposeSecret;
    assert_eq!(
        holder
            .access_token()
            .await
            .unwrap()
            .unwrap()
            .expose_secret(),
        "AT-9"
    );
    assert!(matches!(
        holder.refresh().await,
        Err(Error::InvalidRequest(_))
    ));
}

#[tokio::test]
async fn revoke_sends_refresh_token_and_clears() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/revoke"))
        .and(body_string_contains("token=RT-1"))
        .and(body_string_contains("token_type_hint=refresh_token"))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;
    let core = api_core(&server);
    let holder = TokenHolder::new(
        &core,
        "/oauth/token",
        Some("/oauth/revoke".into()),
        Some(tok("AT-1", Some("RT-1"), 3600)),
    );
    holder.revoke().await.unwrap();
    assert!(holder.token().await.is_none());
    assert!(holder.access_token().await.unwrap().is_none());
    // Nothing left to revoke: no request.
    holder.revoke().await.unwrap();
    let reqs = requests(&server).await;
    assert!(auth_headers(&reqs[0])[0].starts_with("Basic "));
    server.verify().await;
    // Without a revocation endpoint.
    let h2 = TokenHolder::new(&core, "/oauth/token", None, Some(tok("AT-1", None, 3600)));
    assert!(matches!(h2.revoke().await, Err(Error::InvalidRequest(_))));
}

#[tokio::test]
async fn holder_and_api_client_debug_have_no_secret() {
    let server = MockServer::start().await;
    let core = api_core(&server);
    let holder = TokenHolder::new(
        &core,
        "/oauth/token",
        None,
        Some(tok("ACCESS-SECRET", Some("REFRESH-SECRET"), 3600)),
    );
    let api = core.with_token_provider(holder.provider());
    let all = format!("{holder:?} {api:?} {:?}", Arc::new(holder.clone()));
    for s in ["ACCESS-SECRET", "REFRESH-SECRET", "CLIENT-SECRET"] {
        assert!(!all.contains(s), "{s} leaked: {all}");
    }
    assert!(all.contains("/oauth/token"));
}

/// Never lose a token: a refresh response the typed model rejects (`expires_in` as a string)
/// still gives the holder the new access token and the rotated refresh token, and the spent
/// refresh token is never sent again.
#[tokio::test]
async fn rotated_refresh_token_is_kept_when_the_typed_decode_fails() {
    use secrecy::ExposeSecret;
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .and(body_string_contains("refresh_token=RT-1"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            r#"{"access_token":"AT-2","refresh_token":"RT-2","expires_in":"3600","token_type":"Bearer"}"#,
            "application/json",
        ))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .and(body_string_contains("refresh_token=RT-2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "access_token": "AT-3", "refresh_token": "RT-3", "expires_in": 3600
        })))
        .expect(1)
        .mount(&server)
        .await;
    let core = api_core(&server);
    let holder = TokenHolder::new(&core, "/oauth/token", None, Some(tok("AT-1", Some("RT-1"), 0)));

    let err = holder.refresh().await.unwrap_err();
    match &err {
        Error::Decode { path, .. } => assert_eq!(path, "expires_in"),
        other => panic!("expected Decode, got {other:?}"),
    }
    // The new access token is in use, with the lifetime read from the raw body: no refresh.
    let at = holder.access_token().await.unwrap().unwrap();
    assert_eq!(at.expose_secret(), "AT-2");
    assert!(holder.token().await.is_none(), "the typed token is not stale");
    assert_eq!(holder.refresh_count().await, 1);

    // The next refresh sends the rotated refresh token.
    let t = holder.refresh().await.unwrap();
    assert_eq!(t.access_token, "AT-3");
    assert_eq!(holder.token().await.map(|t| t.access_token), Some("AT-3".into()));
    server.verify().await;
    let sent: Vec<Option<String>> = requests(&server).await.iter().map(|r| form_value(r, "refresh_token")).collect();
    assert_eq!(sent, vec![Some("RT-1".to_string()), Some("RT-2".to_string())]);
}

/// A refresh response with a refresh token but no access token: the rotated refresh token is
/// kept, the call fails typed.
#[tokio::test]
async fn refresh_token_without_access_token_is_kept() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .and(body_string_contains("refresh_token=RT-1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"refresh_token": "RT-2"})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .and(body_string_contains("refresh_token=RT-2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"access_token": "AT-3", "expires_in": 3600})))
        .expect(1)
        .mount(&server)
        .await;
    let holder = TokenHolder::new(&api_core(&server), "/oauth/token", None, Some(tok("AT-1", Some("RT-1"), 3600)));
    assert!(matches!(holder.refresh().await.unwrap_err(), Error::Decode { .. }));
    assert_eq!(holder.refresh().await.unwrap().access_token, "AT-3");
    server.verify().await;
}
