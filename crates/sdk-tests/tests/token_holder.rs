//! The RingCentral SDK's token holder never loses a token: RFC 6749 §5.1 fields are taken from
//! the raw refresh answer even when it does not decode as `TokenInfo`.

mod common;

use common::*;
use ring_central::models::{TokenInfo, TokenType};
use secrecy::ExposeSecret;
use wiremock::matchers::{body_string_contains, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn expired_token(refresh: &str) -> TokenInfo {
    TokenInfo::new("AT-1", 1, "", TokenType::Bearer, "s").with_refresh_token(refresh)
}

async fn mount_refresh(server: &MockServer, refresh: &str, body: &str) {
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .and(body_string_contains(format!("refresh_token={refresh}")))
        .respond_with(ResponseTemplate::new(200).set_body_raw(body.to_string(), "application/json"))
        .expect(1)
        .mount(server)
        .await;
}

#[tokio::test]
async fn rotated_refresh_token_from_an_undecodable_answer_is_used_next() {
    let server = MockServer::start().await;
    // `expires_in` as a string: `TokenInfo` (i32) rejects it.
    mount_refresh(&server, "RT-1", r#"{"access_token":"AT-2","token_type":"bearer","expires_in":"1","refresh_token":"RT-2","scope":"A","session_id":"s"}"#).await;
    mount_refresh(&server, "RT-2", r#"{"access_token":"AT-3","token_type":"bearer","expires_in":3600,"refresh_token":"RT-3"}"#).await;
    let sdk = anonymous(&server);
    let holder = sdk.token_holder(expired_token("RT-1"));

    // Used as the bearer source: the undecodable answer still gives the new access token.
    let at = holder.access_token().await.expect("refresh 1").expect("token");
    assert_eq!(at.expose_secret(), "AT-2");
    assert!(holder.token().await.is_none());
    // Its lifetime (1 s, read from the string) is within the skew: refreshed again, with RT-2.
    let at = holder.access_token().await.expect("refresh 2").expect("token");
    assert_eq!(at.expose_secret(), "AT-3");
    // A plain RFC 6749 answer (no scope, no session_id) decodes into `TokenInfo`.
    let held = holder.token().await.expect("typed token");
    assert_eq!(held.refresh_token.as_deref(), Some("RT-3"));
    assert_eq!(held.scope, "");
    server.verify().await;
    let sent: Vec<_> = requests(&server).await.iter().map(|r| form_value(r, "refresh_token")).collect();
    assert_eq!(sent, vec![Some("RT-1".into()), Some("RT-2".into())]);
}

#[tokio::test]
async fn refresh_reports_the_decode_error_and_keeps_the_tokens() {
    let server = MockServer::start().await;
    mount_refresh(&server, "RT-1", r#"{"access_token":"AT-2","token_type":7,"expires_in":3600,"refresh_token":"RT-2"}"#).await;
    mount_refresh(&server, "RT-2", r#"{"access_token":"AT-3","token_type":"Bearer","expires_in":3600}"#).await;
    let holder = anonymous(&server).token_holder(expired_token("RT-1"));
    match holder.refresh().await.unwrap_err() {
        ring_central::Error::Decode { path, .. } => assert_eq!(path, "token_type"),
        other => panic!("expected Decode, got {other:?}"),
    }
    // 3600 s from the raw answer: no refresh needed now.
    assert_eq!(holder.access_token().await.unwrap().unwrap().expose_secret(), "AT-2");
    assert_eq!(holder.refresh_count().await, 1);
    let t = holder.refresh().await.expect("refresh with RT-2");
    assert_eq!(t.access_token, "AT-3");
    // The answer had no refresh token: RT-2 stays the current one (RFC 6749 §6).
    server.verify().await;
}
