//! C01: a form body that is a `oneOf` over grant types is an enum of per-grant structs.
use case_c01::models::{TokenRequest, TokenRequestPassword};
use wiremock::matchers::{body_string, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn password_grant_is_form_encoded_once() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .and(body_string("grant_type=password&username=u&password=p"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"access_token": "a", "token_type": "bearer", "expires_in": 3600})))
        .expect(1)
        .mount(&server)
        .await;
    let client = case_c01::Client::builder().base_url(server.uri()).client_credentials("id", "secret").build().unwrap();
    // Required fields are plain, optional ones `Option`: one struct per grant, not a merged one.
    let body = TokenRequest::Password(TokenRequestPassword::new("u", "p"));
    client.default().get_token(&body).await.unwrap();
}

#[test]
fn tag_decides_the_variant() {
    let v: TokenRequest = serde_json::from_value(serde_json::json!({"grant_type": "refresh_token", "refresh_token": "r"})).unwrap();
    assert!(matches!(v, TokenRequest::RefreshToken(ref r) if r.refresh_token == "r"));
    let back = serde_json::to_string(&v).unwrap();
    assert_eq!(back.matches("grant_type").count(), 1, "{back}");
}
