//! O01: an API that only declares an `oauth2` scheme gets the flow API: the authorization code
//! flow posts RFC 6749 forms to `tokenUrl` itself, and a client built with client credentials
//! obtains its own tokens.
use case_o01::{CallbackError, Client};
use wiremock::matchers::{body_string_contains, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn token_json(access: &str) -> serde_json::Value {
    serde_json::json!({"access_token": access, "token_type": "Bearer", "expires_in": 3600, "refresh_token": "RT"})
}

#[tokio::test]
async fn authorization_code_flow_posts_to_the_token_url() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/oauth/token"))
        .and(body_string_contains("grant_type=authorization_code"))
        .and(body_string_contains("code=C-1"))
        .and(body_string_contains("code_verifier="))
        .and(header("authorization", "Basic YXBwOnNlY3JldA=="))
        .respond_with(ResponseTemplate::new(200).set_body_json(token_json("AT-user")))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/me"))
        .and(header("authorization", "Bearer AT-user"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"name": "alice"})))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder().base_url(format!("{}/v1", server.uri())).client_credentials("app", "secret").build().unwrap();
    let flow = client.authorization_code("https://app.test/cb").scope("read");
    let (url, pending) = flow.authorization_url().unwrap();
    assert!(url.as_str().starts_with(&format!("{}/v1/oauth/authorize?response_type=code&client_id=app&", server.uri())), "{url}");
    assert!(url.query_pairs().any(|(k, v)| k == "scope" && v == "read"));

    let forged = format!("https://app.test/cb?code=C-1&state=not-{}", pending.state());
    assert_eq!(flow.callback(&pending, &forged).unwrap_err(), CallbackError::StateMismatch);
    let code = flow.callback(&pending, &format!("https://app.test/cb?code=C-1&state={}", pending.state())).unwrap();
    let token = flow.exchange(&code, &pending).await.unwrap();
    assert_eq!(token.access_token, "AT-user");

    let api = client.with_token_holder(&client.token_holder(token));
    assert_eq!(api.default().get_me().await.unwrap().name, "alice");
}

#[tokio::test]
async fn client_credentials_client_fetches_its_own_token_once() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/oauth/token"))
        .and(body_string_contains("grant_type=client_credentials"))
        .and(body_string_contains("scope=read"))
        .respond_with(ResponseTemplate::new(200).set_body_json(token_json("AT-app")))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/me"))
        .and(header("authorization", "Bearer AT-app"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"name": "app"})))
        .expect(3)
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(format!("{}/v1", server.uri()))
        .client_credentials("app", "secret")
        .client_credentials_scopes(["read"])
        .build()
        .unwrap();
    let svc = client.default();
    let (a, b) = tokio::join!(svc.get_me(), svc.get_me());
    assert_eq!(a.unwrap().name, "app");
    assert_eq!(b.unwrap().name, "app");
    svc.get_me().await.unwrap();
}
