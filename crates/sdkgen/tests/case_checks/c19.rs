//! C19: an optional body is sent only when given.
use case_c19::models::{RevokeTokenRequest, TokenTypeHint};
use case_c19::services::RevokeTokenParams;
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn none_sends_no_body_some_sends_a_form() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any()).respond_with(ResponseTemplate::new(200)).mount(&server).await;
    let client = case_c19::Client::builder().base_url(server.uri()).build().unwrap();
    let params = RevokeTokenParams::new().with_token("q");
    client.default().revoke_token(&params, None).await.unwrap();
    let mut body = RevokeTokenRequest::new();
    body.token = Some("t".into());
    body.token_type_hint = Some(TokenTypeHint::RefreshToken);
    client.default().revoke_token(&RevokeTokenParams::new(), Some(&body)).await.unwrap();
    let reqs = server.received_requests().await.unwrap();
    assert_eq!(reqs[0].url.query(), Some("token=q"));
    assert!(reqs[0].body.is_empty());
    assert!(reqs[0].headers.get("content-type").is_none());
    assert_eq!(reqs[1].headers.get("content-type").unwrap(), "application/x-www-form-urlencoded");
    assert_eq!(String::from_utf8_lossy(&reqs[1].body), "token=t&token_type_hint=refresh_token");
}
