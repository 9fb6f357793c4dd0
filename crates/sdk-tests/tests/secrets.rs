//! `Debug` output never shows credentials.

mod common;

use common::*;
use ring_central::models::{
    GetTokenRequest, GetTokenRequestAuthorizationCode, GetTokenRequestClientCredentials,
    GetTokenRequestClientCredentialsByBrand, GetTokenRequestDeviceCode, GetTokenRequestGuest,
    GetTokenRequestIvrPin, GetTokenRequestJwtBearer, GetTokenRequestOtp, GetTokenRequestPassword,
    GetTokenRequestRefreshToken, RevokeTokenRequest, TokenInfo, TokenType,
};
use ring_central::services::RevokeTokenParams;
use ring_central::{ClientAuth, Error, JwtAlgorithm, RingCentral};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Asserts `debug` names `type_name` (so something was printed) and contains no secret.
fn assert_redacted(debug: &str, type_name: &str, secrets: &[&str]) {
    assert!(
        debug.contains(type_name),
        "Debug does not name {type_name}: {debug}"
    );
    for s in secrets {
        assert!(!debug.contains(s), "secret {s:?} leaked in Debug: {debug}");
    }
}

#[test]
fn client_and_builder_debug_show_no_credentials() {
    let make = || {
        RingCentral::builder()
            .base_url("https://platform.devtest.ringcentral.com")
            .client_credentials("my-client-id", "CLIENT-SECRET-1")
            .access_token("ACCESS-TOKEN-1")
    };
    let with_key = || make().api_key("ApiKey", "API-KEY-1");
    let secrets = ["CLIENT-SECRET-1", "ACCESS-TOKEN-1", "API-KEY-1"];
    assert_redacted(&format!("{:?}", with_key()), "RingCentralBuilder", &secrets);
    // The spec declares no `apiKey` scheme: the key is refused, and the error does not show it.
    let err = with_key().build().unwrap_err();
    assert_redacted(&format!("{err:?} {err}"), "InvalidRequest", &secrets);
    let client = make().build().unwrap();
    let debug = format!("{client:?}");
    assert_redacted(&debug, "RingCentral", &secrets);
    assert!(
        debug.contains("my-client-id"),
        "the client id is not secret: {debug}"
    );
    assert_redacted(&format!("{client:#?}"), "RingCentral", &secrets);
    assert_redacted(
        &format!("{:?}", client.core().credentials()),
        "Credentials",
        &secrets,
    );
}

#[test]
fn jwt_client_auth_debug_shows_no_key_or_secret() {
    for auth in [
        ClientAuth::SecretJwt {
            client_secret: "HMAC-SECRET-1".into(),
        },
        ClientAuth::PrivateKeyJwt {
            key_pem: "-----BEGIN PRIVATE KEY-----\nPEM-BODY-SECRET\n-----END PRIVATE KEY-----"
                .into(),
            algorithm: JwtAlgorithm::ES256,
            key_id: Some("kid-1".into()),
        },
    ] {
        assert_redacted(
            &format!("{auth:?}"),
            "Jwt",
            &["HMAC-SECRET-1", "PEM-BODY-SECRET"],
        );
        let client = RingCentral::builder()
            .client_id("id")
            .client_auth(auth)
            .build()
            .unwrap();
        assert_redacted(
            &format!("{client:?}"),
            "RingCentral",
            &["HMAC-SECRET-1", "PEM-BODY-SECRET"],
        );
    }
}

#[test]
#[allow(deprecated)] // the deprecated `pin` is a credential too
fn token_request_debug_redacts_every_credential() {
    let cases: Vec<(GetTokenRequest, Vec<&str>)> = vec![
        (
            GetTokenRequestPassword::new("user@example.com", "PASSWORD-1")
                .with_pin("PIN-1")
                .with_client_assertion("CLIENT-ASSERTION-1")
                .into(),
            vec!["PASSWORD-1", "PIN-1", "CLIENT-ASSERTION-1"],
        ),
        (
            GetTokenRequestAuthorizationCode::new("AUTH-CODE-1")
                .with_code_verifier("CODE-VERIFIER-1")
                .into(),
            vec!["AUTH-CODE-1", "CODE-VERIFIER-1"],
        ),
        (
            GetTokenRequestRefreshToken::new("REFRESH-TOKEN-1").into(),
            vec!["REFRESH-TOKEN-1"],
        ),
        (
            GetTokenRequest::JwtBearer(GetTokenRequestJwtBearer::new("ASSERTION-1")),
            vec!["ASSERTION-1"],
        ),
        (
            GetTokenRequest::PartnerJwt(GetTokenRequestJwtBearer::new("ASSERTION-2")),
            vec!["ASSERTION-2"],
        ),
        (
            GetTokenRequestIvrPin::new("IVR-PIN-1").into(),
            vec!["IVR-PIN-1"],
        ),
        (
            GetTokenRequestDeviceCode::new("DEVICE-CODE-1").into(),
            vec!["DEVICE-CODE-1"],
        ),
        (
            GetTokenRequestOtp::new("OTP-CODE-1").into(),
            vec!["OTP-CODE-1"],
        ),
        (
            GetTokenRequestGuest::new()
                .with_client_assertion("CLIENT-ASSERTION-2")
                .into(),
            vec!["CLIENT-ASSERTION-2"],
        ),
        (
            GetTokenRequestClientCredentials::from(
                GetTokenRequestClientCredentialsByBrand::new("1210")
                    .with_client_assertion("CLIENT-ASSERTION-3"),
            )
            .into(),
            vec!["CLIENT-ASSERTION-3"],
        ),
    ];
    for (req, secrets) in &cases {
        let debug = format!("{req:?}");
        assert_redacted(&debug, "GetTokenRequest", secrets);
        assert!(debug.contains("[redacted]"), "{debug}");
        assert_redacted(&format!("{req:#?}"), "GetTokenRequest", secrets);
    }
    // Non-secret fields stay visible.
    let debug = format!("{:?}", cases[0].0);
    assert!(debug.contains("user@example.com"), "{debug}");
}

#[test]
fn token_info_debug_redacts_tokens() {
    let token = TokenInfo::new(
        "ACCESS-TOKEN-2",
        3600,
        "ReadAccounts",
        TokenType::Bearer,
        "SESSION-ID-1",
    )
    .with_refresh_token("REFRESH-TOKEN-2")
    .with_id_token("ID-TOKEN-1")
    .with_owner_id("owner-42");
    let debug = format!("{token:?}");
    assert_redacted(
        &debug,
        "TokenInfo",
        &[
            "ACCESS-TOKEN-2",
            "REFRESH-TOKEN-2",
            "ID-TOKEN-1",
            "SESSION-ID-1",
        ],
    );
    assert!(
        debug.contains("owner-42") && debug.contains("ReadAccounts"),
        "{debug}"
    );
}

#[test]
fn revocation_inputs_debug_redact_the_token() {
    assert_redacted(
        &format!(
            "{:?}",
            RevokeTokenRequest::new("REVOKE-TOKEN-1").with_client_assertion("CA-1")
        ),
        "RevokeTokenRequest",
        &["REVOKE-TOKEN-1", "CA-1"],
    );
    assert_redacted(
        &format!(
            "{:?}",
            RevokeTokenParams::new().with_token("REVOKE-TOKEN-2")
        ),
        "RevokeTokenParams",
        &["REVOKE-TOKEN-2"],
    );
}

#[tokio::test]
async fn redirect_debug_hides_the_authorization_code() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(302).insert_header(
            "Location",
            "https://app.example.com/cb?code=AUTH-CODE-2&state=s",
        ))
        .mount(&server)
        .await;
    let redirect = anonymous(&server)
        .o_auth_2_0_open_id_connect()
        .authorize(&ring_central::services::AuthorizeParams::new(
            "id",
            ring_central::models::AuthorizeResponseType::Code,
        ))
        .await
        .unwrap();
    assert_eq!(redirect.code().as_deref(), Some("AUTH-CODE-2"));
    assert_redacted(&format!("{redirect:?}"), "Redirect", &["AUTH-CODE-2"]);
}

#[tokio::test]
async fn invalid_private_key_error_does_not_echo_the_key() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&server)
        .await;
    let client = builder(&server)
        .client_id("id")
        .client_auth(ClientAuth::PrivateKeyJwt {
            key_pem: "not a key KEY-MATERIAL-SECRET".into(),
            algorithm: JwtAlgorithm::RS256,
            key_id: None,
        })
        .build()
        .unwrap();
    let err = client
        .o_auth_2_0_open_id_connect()
        .get_token(&GetTokenRequestRefreshToken::new("REFRESH-TOKEN-3").into())
        .await
        .expect_err("bad key");
    assert!(matches!(err, Error::ClientAuth(_)), "{err:?}");
    let text = format!("{err} {err:?}");
    assert!(
        !text.contains("KEY-MATERIAL-SECRET") && !text.contains("REFRESH-TOKEN-3"),
        "{text}"
    );
    server.verify().await;
}

#[tokio::test]
async fn error_debug_shows_no_body_or_header_values() {
    let server = wiremock::MockServer::start().await;
    wiremock::Mock::given(wiremock::matchers::method("POST"))
        .respond_with(
            wiremock::ResponseTemplate::new(200)
                .insert_header("set-cookie", "session=COOKIE-SECRET")
                .set_body_string(r#"{"access_token":"ACCESS-SECRET-XYZ","expires_in":"not a number"}"#),
        )
        .mount(&server)
        .await;
    let client = ring_central::RingCentral::builder()
        .base_url(server.uri())
        .retry_policy(ring_central::RetryPolicy::none())
        .build()
        .unwrap();
    let err = client
        .o_auth_2_0_open_id_connect()
        .get_token(&ring_central::models::GetTokenRequest::RefreshToken(
            ring_central::models::GetTokenRequestRefreshToken::new("rt"),
        ))
        .await
        .unwrap_err();
    let shown = format!("{err:?} {err}");
    assert!(matches!(err, ring_central::Error::Decode { .. }), "{shown}");
    for secret in ["ACCESS-SECRET-XYZ", "COOKIE-SECRET"] {
        assert!(!shown.contains(secret), "{shown}");
    }
    assert!(String::from_utf8_lossy(err.raw_body().unwrap()).contains("ACCESS-SECRET-XYZ"));
}
