//! `revoke_token`: the token in the query, in the form body, or both.

mod common;

use common::*;
use ring_central::Error;
use ring_central::models::RevokeTokenRequest;
use ring_central::services::RevokeTokenParams;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn revoke(params: RevokeTokenParams, body: Option<RevokeTokenRequest>) -> wiremock::Request {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(REVOKE_PATH))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    anonymous(&server)
        .o_auth_2_0_open_id_connect()
        .revoke_token(&params, body.as_ref())
        .await
        .expect("revocation succeeds");
    let req = only_request(&server).await;
    assert_eq!(req.method.as_str(), "POST");
    assert_eq!(req.url.path(), REVOKE_PATH);
    assert_eq!(header(&req, "authorization"), None);
    assert_eq!(header(&req, "user-agent").as_deref(), Some(USER_AGENT));
    req
}

#[tokio::test]
async fn token_in_query_only_sends_no_body_and_no_content_type() {
    let req = revoke(RevokeTokenParams::new().with_token("tok/+ en"), None).await;
    assert_eq!(req.url.query(), Some("token=tok%2F%2B%20en"));
    assert!(req.body.is_empty(), "body: {:?}", body_text(&req));
    assert_eq!(header(&req, "content-type"), None);
    // An empty POST body is announced as such (or chunked, never with a form type).
    let len = header(&req, "content-length");
    assert!(
        len.is_none() || len.as_deref() == Some("0"),
        "content-length {len:?}"
    );
}

#[tokio::test]
async fn token_in_body_only() {
    let req = revoke(
        RevokeTokenParams::new(),
        Some(RevokeTokenRequest::new("tok/+ en")),
    )
    .await;
    assert_form_post(&req, REVOKE_PATH, "token=tok%2F%2B+en");
}

#[tokio::test]
async fn token_in_query_and_body() {
    let req = revoke(
        RevokeTokenParams::new().with_token("query-token"),
        Some(RevokeTokenRequest::new("body-token")),
    )
    .await;
    assert_eq!(req.url.query(), Some("token=query-token"));
    assert_eq!(header(&req, "content-type").as_deref(), Some(FORM));
    assert_eq!(body_text(&req), "token=body-token");
}

#[tokio::test]
async fn public_client_id_is_added_to_a_revocation_body() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(REVOKE_PATH))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    builder(&server)
        .client_id("pub-client")
        .build()
        .unwrap()
        .o_auth_2_0_open_id_connect()
        .revoke_token(
            &RevokeTokenParams::new(),
            Some(&RevokeTokenRequest::new("t")),
        )
        .await
        .unwrap();
    let req = only_request(&server).await;
    assert_form_post(&req, REVOKE_PATH, "token=t&client_id=pub-client");
}

#[tokio::test]
async fn revoke_400_is_typed_api_error() {
    let server = MockServer::start().await;
    let body = r#"{"error":"invalid_request","errors":[{"errorCode":"OAU-251","message":"Token is missing"}]}"#;
    Mock::given(method("POST"))
        .and(path(REVOKE_PATH))
        .respond_with(ResponseTemplate::new(400).set_body_raw(body, "application/json"))
        .mount(&server)
        .await;
    let err = anonymous(&server)
        .o_auth_2_0_open_id_connect()
        .revoke_token(&RevokeTokenParams::new(), None)
        .await
        .expect_err("400");
    match &err {
        Error::Api { status, body, .. } => {
            assert_eq!(status.as_u16(), 400);
            let body = body.as_ref().expect("typed body");
            assert_eq!(body.errors[0].error_code, "OAU-251");
        }
        other => panic!("expected Error::Api, got {other:?}"),
    }
}
