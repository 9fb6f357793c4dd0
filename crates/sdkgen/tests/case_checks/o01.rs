//! O01: an API that only declares an `oauth2` scheme gets the flow API: the authorization code
//! flow posts RFC 6749 forms to `tokenUrl` itself, revocation goes through the spec's own
//! RFC 7009 operation, the declared scopes are constants, and a client built with client
//! credentials obtains its own tokens.
use case_o01::{CallbackError, Client, scopes};
use wiremock::matchers::{body_string, body_string_contains, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn token_json(access: &str) -> serde_json::Value {
    serde_json::json!({"access_token": access, "token_type": "Bearer", "expires_in": 3600, "refresh_token": "RT"})
}

#[tokio::test]
async fn authorization_code_flow_posts_to_the_token_url() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/restapi/oauth/token"))
        .and(body_string_contains("grant_type=authorization_code"))
        .and(body_string_contains("code=C-1"))
        .and(body_string_contains("code_verifier="))
        .and(header("authorization", "Basic YXBwOnNlY3JldA=="))
        .respond_with(ResponseTemplate::new(200).set_body_json(token_json("AT-user")))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/me"))
        .and(header("authorization", "Bearer AT-user"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"sub": "alice"})))
        .expect(1)
        .mount(&server)
        .await;
    // The spec's own revocation operation: RFC 7009 form with the hint, client authentication.
    Mock::given(method("POST"))
        .and(path("/restapi/oauth/revoke"))
        .and(body_string("token=RT&token_type_hint=refresh_token"))
        .and(header("authorization", "Basic YXBwOnNlY3JldA=="))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder().base_url(server.uri()).client_credentials("app", "secret").build().unwrap();
    let flow = client.authorization_code("https://app.test/cb").scopes([scopes::OPENID, scopes::READ_ACCOUNTS]);
    let (url, pending) = flow.authorization_url().unwrap();
    assert!(url.as_str().starts_with(&format!("{}/restapi/oauth/authorize?response_type=code&client_id=app&", server.uri())), "{url}");
    assert!(url.query_pairs().any(|(k, v)| k == "scope" && v == "openid ReadAccounts"));

    let forged = format!("https://app.test/cb?code=C-1&state=not-{}", pending.state());
    assert_eq!(flow.callback(&pending, &forged).unwrap_err(), CallbackError::StateMismatch);
    let code = flow.callback(&pending, &format!("https://app.test/cb?code=C-1&state={}", pending.state())).unwrap();
    let token = flow.exchange(&code, &pending).await.unwrap();
    assert_eq!(token.access_token, "AT-user");

    let holder = client.token_holder(token);
    let api = client.with_token_holder(&holder);
    assert_eq!(api.default().get_me().await.unwrap().sub, "alice");
    holder.revoke().await.unwrap();
}

#[tokio::test]
async fn client_credentials_client_fetches_its_own_token_once() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/restapi/oauth/token"))
        .and(body_string_contains("grant_type=client_credentials"))
        .and(body_string_contains("scope=ReadAccounts"))
        .respond_with(ResponseTemplate::new(200).set_body_json(token_json("AT-app")))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/me"))
        .and(header("authorization", "Bearer AT-app"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"sub": "app"})))
        .expect(3)
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .client_credentials("app", "secret")
        .client_credentials_scopes([scopes::READ_ACCOUNTS])
        .build()
        .unwrap();
    let svc = client.default();
    let (a, b) = tokio::join!(svc.get_me(), svc.get_me());
    assert_eq!(a.unwrap().sub, "app");
    assert_eq!(b.unwrap().sub, "app");
    svc.get_me().await.unwrap();
}
