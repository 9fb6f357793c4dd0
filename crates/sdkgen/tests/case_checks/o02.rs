//! O02: an API that declares only an `openIdConnect` scheme: the flows' endpoints and issuer come
//! from the discovery document (its `issuer` checked), relative to the client's base URL.
use case_o02::{CallbackError, Client};
use wiremock::matchers::{body_string_contains, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn provider(issuer_suffix: &str) -> MockServer {
    let server = MockServer::start().await;
    let uri = server.uri();
    Mock::given(method("GET"))
        .and(path("/.well-known/openid-configuration"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "issuer": format!("{uri}{issuer_suffix}"),
            "authorization_endpoint": format!("{uri}/auth"),
            "token_endpoint": format!("{uri}/token"),
            "revocation_endpoint": format!("{uri}/revoke"),
        })))
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn flow_endpoints_and_issuer_come_from_discovery() {
    let server = provider("").await;
    Mock::given(method("POST"))
        .and(path("/token"))
        .and(body_string_contains("grant_type=authorization_code"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"access_token": "AT", "token_type": "Bearer", "refresh_token": "RT"})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/revoke"))
        .and(body_string_contains("token=RT"))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder().base_url(server.uri()).client_credentials("app", "secret").build().unwrap();
    let flow = client.authorization_code("https://app.test/cb").await.unwrap();
    let (url, pending) = flow.authorization_url().unwrap();
    assert!(url.as_str().starts_with(&format!("{}/auth?", server.uri())), "{url}");
    // `iss` must be the discovered issuer (RFC 9207).
    let other = format!("https://app.test/cb?code=C&state={}&iss=https%3A%2F%2Fevil.test", pending.state());
    assert!(matches!(flow.callback(&pending, &other), Err(CallbackError::IssuerMismatch { .. })));
    let ok = format!("https://app.test/cb?code=C&state={}&iss={}", pending.state(), server.uri());
    let code = flow.callback(&pending, &ok).unwrap();
    let token = flow.exchange(&code, &pending).await.unwrap();
    assert_eq!(token.access_token, "AT");
    flow.revoke(&token).await.unwrap();
}

#[tokio::test]
async fn a_document_naming_another_issuer_is_refused() {
    let server = provider("/other").await;
    let client = Client::builder().base_url(server.uri()).client_credentials("app", "secret").build().unwrap();
    let err = client.authorization_code("https://app.test/cb").await.unwrap_err();
    assert!(err.to_string().contains("issuer"), "{err}");
}

#[tokio::test]
async fn client_credentials_use_the_discovered_token_endpoint_once() {
    let server = provider("").await;
    Mock::given(method("POST"))
        .and(path("/token"))
        .and(body_string_contains("grant_type=client_credentials"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"access_token": "AT-app", "token_type": "Bearer", "expires_in": 3600})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/me"))
        .and(wiremock::matchers::header("authorization", "Bearer AT-app"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"sub": "app"})))
        .expect(2)
        .mount(&server)
        .await;
    let client = Client::builder().base_url(server.uri()).client_credentials("app", "secret").build().unwrap();
    assert_eq!(client.default().get_me().await.unwrap().sub, "app");
    assert_eq!(client.default().get_me().await.unwrap().sub, "app");
}
