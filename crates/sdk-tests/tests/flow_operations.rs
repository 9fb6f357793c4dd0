//! The flow API's token requests go through the SDK's own operations (`OAuthOperations`:
//! `get_token`, `revoke_token`), byte for byte the forms the operations send when called
//! directly, with the client's client authentication.

mod common;

use common::*;
use ring_central::models::{
    GetTokenRequest, GetTokenRequestAuthorizationCode, GetTokenRequestRefreshToken,
    RevokeTokenRequest,
};
use ring_central::runtime::PendingAuthorization;
use ring_central::services::RevokeTokenParams;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const REDIRECT: &str = "https://app.example/cb?x=1";
const VERIFIER: &str = "dBjftJeZ4CVP-mJ92K9qXRrHpWzZmjqT6a2vg0cSYvWx";

async fn server() -> MockServer {
    let server = MockServer::start().await;
    mount_token_ok(&server).await;
    Mock::given(method("POST"))
        .and(path(REVOKE_PATH))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    server
}

/// The requests of the flow's exchange, refresh and revocation, then those of the operations
/// called directly with the same values.
#[tokio::test]
async fn flow_requests_are_the_operations_requests() {
    let flow_server = server().await;
    let sdk = builder(&flow_server)
        .client_credentials("app", "s3cret")
        .build()
        .unwrap();
    let flow = sdk.authorization_code(REDIRECT);
    let pending = PendingAuthorization::from_parts("st".into(), VERIFIER.into()).unwrap();
    let code = flow
        .callback(&pending, "https://app.example/cb?code=C%2F1&state=st")
        .unwrap();
    let token = flow.exchange(&code, &pending).await.unwrap();
    flow.refresh("RT+1").await.unwrap();
    flow.revoke(&token).await.unwrap();
    let via_flow = requests(&flow_server).await;

    let op_server = server().await;
    let sdk = builder(&op_server)
        .client_credentials("app", "s3cret")
        .build()
        .unwrap();
    let svc = sdk.o_auth_2_0_open_id_connect();
    let exchange = GetTokenRequestAuthorizationCode::new("C/1")
        .with_redirect_uri(REDIRECT)
        .with_code_verifier(VERIFIER);
    svc.get_token(&GetTokenRequest::from(exchange)).await.unwrap();
    let refresh = GetTokenRequestRefreshToken::new("RT+1");
    svc.get_token(&GetTokenRequest::from(refresh)).await.unwrap();
    let revoke = RevokeTokenRequest::new(token.refresh_token.clone().unwrap());
    svc.revoke_token(&RevokeTokenParams::new(), Some(&revoke))
        .await
        .unwrap();
    let via_ops = requests(&op_server).await;

    assert_eq!(via_flow.len(), 3);
    assert_eq!(via_ops.len(), 3);
    for (f, o) in via_flow.iter().zip(&via_ops) {
        assert_eq!(f.method, o.method);
        assert_eq!(f.url.path(), o.url.path());
        assert_eq!(f.url.query(), o.url.query());
        assert_eq!(body_text(f), body_text(o));
        assert_eq!(header(f, "authorization"), Some(basic("app", "s3cret")));
        assert_eq!(header(f, "authorization"), header(o, "authorization"));
    }
    let rt = token.refresh_token.clone().unwrap();
    assert_form_post(
        &via_flow[0],
        TOKEN_PATH,
        &format!(
            "grant_type=authorization_code&code=C%2F1&redirect_uri={}&code_verifier={VERIFIER}",
            "https%3A%2F%2Fapp.example%2Fcb%3Fx%3D1"
        ),
    );
    assert_form_post(&via_flow[1], TOKEN_PATH, "grant_type=refresh_token&refresh_token=RT%2B1");
    assert_form_post(
        &via_flow[2],
        REVOKE_PATH,
        &url::form_urlencoded::Serializer::new(String::new())
            .append_pair("token", &rt)
            .finish(),
    );
}

/// A public client (no secret): `client_id` is added to the operation's form, as the RFC forms
/// do.
#[tokio::test]
async fn public_client_flow_sends_client_id() {
    let server = server().await;
    let sdk = builder(&server).client_id("pub").build().unwrap();
    let flow = sdk.authorization_code(REDIRECT);
    let pending = PendingAuthorization::from_parts("st".into(), VERIFIER.into()).unwrap();
    let code = flow
        .callback(&pending, "https://app.example/cb?code=C&state=st")
        .unwrap();
    flow.exchange(&code, &pending).await.unwrap();
    let req = only_request(&server).await;
    assert_eq!(header(&req, "authorization"), None);
    assert_eq!(form_value(&req, "client_id").as_deref(), Some("pub"));
    assert_eq!(form_value(&req, "grant_type").as_deref(), Some("authorization_code"));
}

/// An error answer of the token operation keeps the documented status and OAuth error body.
#[tokio::test]
async fn token_operation_errors_stay_api_errors() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .respond_with(ResponseTemplate::new(400).set_body_raw(
            r#"{"error":"invalid_grant","error_description":"spent"}"#,
            "application/json",
        ))
        .mount(&server)
        .await;
    let sdk = builder(&server).client_credentials("app", "s").build().unwrap();
    let err = sdk.authorization_code(REDIRECT).refresh("RT").await.unwrap_err();
    assert!(matches!(err, ring_central::Error::Api { .. }), "{err:?}");
    assert_eq!(err.api_body().and_then(|b| b["error"].as_str()), Some("invalid_grant"));
}
