//! Retry behaviour: a POST to the token endpoint is never repeated once the server may have
//! processed it; GETs are retried up to the policy's maximum.

mod common;

use std::time::Duration;

use common::*;
use ring_central::models::{
    AuthorizeResponseType, GetTokenRequest, GetTokenRequestAuthorizationCode,
};
use ring_central::services::AuthorizeParams;
use ring_central::{Error, RetryPolicy, RingCentral};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn code_grant() -> GetTokenRequest {
    GetTokenRequestAuthorizationCode::new("single-use-code").into()
}

fn client(server: &MockServer, policy: RetryPolicy) -> RingCentral {
    builder(server).retry_policy(policy).build().unwrap()
}

async fn mount_token(server: &MockServer, response: ResponseTemplate) {
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .respond_with(response)
        .mount(server)
        .await;
}

async fn token_attempts(
    response: ResponseTemplate,
) -> (usize, Error<ring_central::models::OauthInvalidRequest>) {
    let server = MockServer::start().await;
    mount_token(&server, response).await;
    let err = client(&server, fast_retry(3))
        .o_auth_2_0_open_id_connect()
        .get_token(&code_grant())
        .await
        .expect_err("error status");
    (requests(&server).await.len(), err)
}

#[tokio::test]
async fn post_is_not_retried_after_500() {
    let (n, err) = token_attempts(ResponseTemplate::new(500)).await;
    assert_eq!(n, 1);
    assert_eq!(err.status().map(|s| s.as_u16()), Some(500));
}

#[tokio::test]
async fn post_is_not_retried_after_503_without_retry_after() {
    let (n, err) = token_attempts(ResponseTemplate::new(503)).await;
    assert_eq!(n, 1);
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
}

#[tokio::test]
async fn post_is_not_retried_after_429_without_retry_after() {
    let (n, _) = token_attempts(ResponseTemplate::new(429)).await;
    assert_eq!(n, 1);
}

#[tokio::test]
async fn post_is_not_retried_when_retry_after_exceeds_the_maximum() {
    // Default max_retry_after is 60 s.
    let (n, err) =
        token_attempts(ResponseTemplate::new(429).insert_header("Retry-After", "120")).await;
    assert_eq!(n, 1);
    assert_eq!(err.retry_after(), Some(Duration::from_secs(120)));
}

#[tokio::test]
async fn post_is_retried_on_429_with_retry_after_zero() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "0"))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    mount_token(
        &server,
        ResponseTemplate::new(200).set_body_raw(TOKEN_JSON, "application/json"),
    )
    .await;
    let token = client(&server, fast_retry(3))
        .o_auth_2_0_open_id_connect()
        .get_token(&code_grant())
        .await
        .expect("second attempt succeeds");
    assert_eq!(token.expires_in, 3600);
    let reqs = requests(&server).await;
    assert_eq!(reqs.len(), 2);
    // The retry is the same request.
    assert_eq!(reqs[0].body, reqs[1].body);
    assert_form_post(
        &reqs[1],
        TOKEN_PATH,
        "grant_type=authorization_code&code=single-use-code",
    );
}

#[tokio::test]
async fn post_429_with_retry_after_stops_at_max_retries() {
    let server = MockServer::start().await;
    mount_token(
        &server,
        ResponseTemplate::new(429).insert_header("Retry-After", "0"),
    )
    .await;
    let err = client(&server, fast_retry(2))
        .o_auth_2_0_open_id_connect()
        .get_token(&code_grant())
        .await
        .expect_err("always 429");
    assert_eq!(requests(&server).await.len(), 3);
    assert_eq!(err.status().map(|s| s.as_u16()), Some(429));
}

#[tokio::test]
async fn post_429_with_retry_after_not_retried_when_disabled() {
    let server = MockServer::start().await;
    mount_token(
        &server,
        ResponseTemplate::new(429).insert_header("Retry-After", "0"),
    )
    .await;
    client(&server, fast_retry(3).retry_on_retry_after(false))
        .o_auth_2_0_open_id_connect()
        .get_token(&code_grant())
        .await
        .expect_err("429");
    assert_eq!(requests(&server).await.len(), 1);
}

#[tokio::test]
async fn post_is_not_resent_after_a_timeout() {
    let server = MockServer::start().await;
    mount_token(
        &server,
        ResponseTemplate::new(200)
            .set_body_raw(TOKEN_JSON, "application/json")
            .set_delay(Duration::from_secs(2)),
    )
    .await;
    let err = builder(&server)
        .retry_policy(fast_retry(3))
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap()
        .o_auth_2_0_open_id_connect()
        .get_token(&code_grant())
        .await
        .expect_err("timeout");
    assert!(matches!(err, Error::Timeout), "{err:?}");
    assert_eq!(requests(&server).await.len(), 1);
}

async fn authorize_with(
    server: &MockServer,
    policy: RetryPolicy,
) -> Result<ring_central::Redirect, Error<ring_central::models::OauthInvalidRequest>> {
    client(server, policy)
        .o_auth_2_0_open_id_connect()
        .authorize(&AuthorizeParams::new(
            "my-client",
            AuthorizeResponseType::Code,
        ))
        .await
}

#[tokio::test]
async fn get_is_retried_on_503_up_to_max_retries() {
    let server = MockServer::start().await;
    Mock::given(path(AUTHORIZE_PATH))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let err = authorize_with(&server, fast_retry(3))
        .await
        .expect_err("always 503");
    assert!(
        matches!(&err, Error::UnexpectedStatus { status, .. } if status.as_u16() == 503),
        "{err:?}"
    );
    let reqs = requests(&server).await;
    assert_eq!(reqs.len(), 4, "1 attempt + 3 retries");
    for r in &reqs {
        assert_eq!(
            r.url.query(),
            Some("client_id=my-client&response_type=code")
        );
    }
}

#[tokio::test]
async fn get_retry_succeeds_after_transient_503() {
    let server = MockServer::start().await;
    Mock::given(path(AUTHORIZE_PATH))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(2)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(path(AUTHORIZE_PATH))
        .respond_with(
            ResponseTemplate::new(302)
                .insert_header("Location", "https://app.example.com/cb?code=ok"),
        )
        .mount(&server)
        .await;
    let redirect = authorize_with(&server, fast_retry(3))
        .await
        .expect("third attempt redirects");
    assert_eq!(redirect.code().as_deref(), Some("ok"));
    assert_eq!(requests(&server).await.len(), 3);
}

#[tokio::test]
async fn get_is_not_retried_with_policy_none() {
    let server = MockServer::start().await;
    Mock::given(path(AUTHORIZE_PATH))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    authorize_with(&server, RetryPolicy::none())
        .await
        .expect_err("503");
    assert_eq!(requests(&server).await.len(), 1);
}

#[tokio::test]
async fn get_is_not_retried_on_500() {
    let server = MockServer::start().await;
    Mock::given(path(AUTHORIZE_PATH))
        .respond_with(ResponseTemplate::new(500))
        .mount(&server)
        .await;
    authorize_with(&server, fast_retry(3))
        .await
        .expect_err("500");
    assert_eq!(requests(&server).await.len(), 1);
}

#[tokio::test]
async fn get_is_retried_after_a_timeout() {
    let server = MockServer::start().await;
    Mock::given(path(AUTHORIZE_PATH))
        .respond_with(ResponseTemplate::new(302).set_delay(Duration::from_secs(2)))
        .mount(&server)
        .await;
    let err = builder(&server)
        .retry_policy(fast_retry(2))
        .timeout(Duration::from_millis(150))
        .build()
        .unwrap()
        .o_auth_2_0_open_id_connect()
        .authorize(&AuthorizeParams::new(
            "my-client",
            AuthorizeResponseType::Code,
        ))
        .await
        .expect_err("timeout");
    assert!(matches!(err, Error::Timeout), "{err:?}");
    assert_eq!(requests(&server).await.len(), 3);
}
