//! Every failure is a typed error, never a panic.

mod common;

use std::time::Duration;

use common::*;
use ring_central::models::{
    GetTokenRequest, GetTokenRequestRefreshToken, OauthInvalidRequestError,
};
use ring_central::runtime::OAuthErrorCode;
use ring_central::{Error, RingCentral};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn grant() -> GetTokenRequest {
    GetTokenRequestRefreshToken::new("rt").into()
}

/// Calls `get_token` against a server answering with `response`; returns the error and checks
/// exactly one request was sent.
async fn token_error(
    response: ResponseTemplate,
) -> Error<ring_central::models::OauthInvalidRequest> {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .respond_with(response)
        .mount(&server)
        .await;
    let err = anonymous(&server)
        .o_auth_2_0_open_id_connect()
        .get_token(&grant())
        .await
        .expect_err("an error");
    assert_eq!(requests(&server).await.len(), 1);
    err
}

#[tokio::test]
async fn oauth_400_is_api_error_with_decoded_body_and_oauth_error() {
    let body = r#"{"error":"invalid_grant","error_description":"Token not found","errors":[{"errorCode":"OAU-211","message":"Token not found"}]}"#;
    let err = token_error(ResponseTemplate::new(400).set_body_raw(body, "application/json")).await;
    match &err {
        Error::Api {
            status,
            body: decoded,
            raw,
            ..
        } => {
            assert_eq!(status.as_u16(), 400);
            let decoded = decoded.as_ref().expect("typed body");
            assert_eq!(decoded.error, Some(OauthInvalidRequestError::InvalidGrant));
            assert_eq!(decoded.error_description.as_deref(), Some("Token not found"));
            assert_eq!(decoded.errors.len(), 1);
            assert_eq!(decoded.errors[0].error_code, "OAU-211");
            assert_eq!(decoded.errors[0].message, "Token not found");
            assert_eq!(&raw[..], body.as_bytes());
        }
        other => panic!("expected Error::Api, got {other:?}"),
    }
    let oauth = err.oauth_error().expect("OAuth error body");
    assert_eq!(oauth.error, OAuthErrorCode::InvalidGrant);
    assert_eq!(oauth.error_description.as_deref(), Some("Token not found"));
    assert_eq!(oauth.errors.len(), 1);
    assert_eq!(oauth.errors[0].error_code.as_deref(), Some("OAU-211"));
    assert_eq!(oauth.errors[0].message.as_deref(), Some("Token not found"));
    assert_eq!(err.retry_after(), None);
}

#[tokio::test]
async fn rfc6749_400_without_errors_array_is_api_error_with_oauth_fields() {
    // A plain RFC 6749 §5.2 body: no RingCentral `errors[]`. The documented status gives
    // `Error::Api`; with response leniency the typed body decodes too (`errors` empty).
    let body = r#"{"error":"invalid_client","error_description":"Client authentication failed","error_uri":"https://example.test/e"}"#;
    let err = token_error(ResponseTemplate::new(400).set_body_raw(body, "application/json")).await;
    assert_eq!(err.status().map(|s| s.as_u16()), Some(400));
    assert_eq!(err.raw_body(), Some(body.as_bytes()));
    let oauth = err.oauth_error().expect("OAuth error body");
    assert_eq!(oauth.error, OAuthErrorCode::InvalidClient);
    assert_eq!(oauth.error_description.as_deref(), Some("Client authentication failed"));
    assert_eq!(oauth.error_uri.as_deref(), Some("https://example.test/e"));
    let Error::Api { body: typed, .. } = &err else { panic!("expected Error::Api, got {err:?}") };
    let typed = typed.as_ref().expect("typed body");
    assert_eq!(typed.error, Some(OauthInvalidRequestError::InvalidClient));
    assert_eq!(typed.error_description.as_deref(), Some("Client authentication failed"));
    assert!(typed.errors.is_empty());
}

#[tokio::test]
async fn documented_400_whose_body_does_not_decode_is_api_without_typed_body() {
    // `error` is an enum: a number does not decode. Still the documented-status variant, with
    // the raw body and the OAuth fields that do parse.
    for body in [
        r#"{"error":42,"error_description":"odd"}"#,
        "<html><body>400 Bad Request</body></html>",
    ] {
        let err =
            token_error(ResponseTemplate::new(400).set_body_raw(body, "application/json")).await;
        match &err {
            Error::Api { status, body: typed, raw, .. } => {
                assert_eq!(status.as_u16(), 400);
                assert!(typed.is_none(), "{body}");
                assert_eq!(&raw[..], body.as_bytes());
            }
            other => panic!("expected Error::Api, got {other:?}"),
        }
        assert_eq!(err.api_body(), None);
    }
}

#[tokio::test]
async fn documented_statuses_without_a_schema_are_api_errors() {
    for status in [415, 429] {
        let err = token_error(ResponseTemplate::new(status).set_body_raw("no", "text/plain")).await;
        assert!(
            matches!(&err, Error::Api { status: s, body: None, raw, .. } if s.as_u16() == status && &raw[..] == b"no"),
            "{err:?}"
        );
    }
}

#[tokio::test]
async fn debug_and_display_never_show_body_content() {
    // A RingCentral 400 echoes the rejected parameter value: here a refresh token.
    let secret = "U0pDMTFQMDFQQVMwMHxBQURSRUZSRVNILVRPS0VO";
    let bodies = [
        (400, format!(r#"{{"error":"invalid_grant","errors":[{{"errorCode":"OAU-211","message":"bad","parameterName":"refresh_token","parameterValue":"{secret}"}}]}}"#)),
        (400, format!(r#"{{"error":"invalid_grant","error_description":"{secret} is revoked"}}"#)),
        (401, format!(r#"{{"error":"{secret}"}}"#)),
        (429, secret.to_string()),
        (200, format!(r#"{{"access_token":"{secret}","expires_in":"{secret}"}}"#)),
    ];
    for (status, body) in bodies {
        let err = token_error(
            ResponseTemplate::new(status)
                .insert_header("set-cookie", format!("s={secret}"))
                .set_body_raw(body.clone(), "application/json"),
        )
        .await;
        assert!(err.raw_body().is_some(), "{status}");
        for shown in [format!("{err:?}"), format!("{err:#?}"), err.to_string()] {
            assert!(!shown.contains(secret), "{status}: {shown}");
        }
    }
}

#[tokio::test]
async fn token_response_without_scope_or_session_id_decodes() {
    // RFC 6749 §5.1: `scope` is optional when it equals the requested one, `session_id` is
    // RingCentral's; `expires_in` is only RECOMMENDED.
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            r#"{"access_token":"AT-plain","token_type":"Bearer","refresh_token":"RT-plain"}"#,
            "application/json",
        ))
        .mount(&server)
        .await;
    let token = anonymous(&server)
        .o_auth_2_0_open_id_connect()
        .get_token(&grant())
        .await
        .expect("a plain RFC 6749 token response decodes");
    assert_eq!(token.access_token, "AT-plain");
    assert_eq!(token.refresh_token.as_deref(), Some("RT-plain"));
    assert_eq!(token.scope, "");
    assert_eq!(token.session_id, "");
    assert_eq!(token.expires_in, 0);
}

#[tokio::test]
async fn token_response_without_access_token_is_decode_error_naming_it() {
    let body = r#"{"token_type":"bearer","refresh_token":"RT-only"}"#;
    let err = token_error(ResponseTemplate::new(200).set_body_raw(body, "application/json")).await;
    match &err {
        Error::Decode { path, body: raw, .. } => {
            assert_eq!(path, "access_token");
            assert_eq!(&raw[..], body.as_bytes());
        }
        other => panic!("expected Decode, got {other:?}"),
    }
    // The refresh token the server issued is still there.
    let fields = err.token_response().expect("RFC 6749 fields");
    assert!(fields.access_token.is_none());
    assert_eq!(
        fields.refresh_token.as_ref().map(secrecy::ExposeSecret::expose_secret),
        Some("RT-only")
    );
}

#[tokio::test]
async fn oversize_body_is_response_too_large() {
    let server = MockServer::start().await;
    let big = format!(r#"{{"access_token":"{}"}}"#, "A".repeat(4096));
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .respond_with(ResponseTemplate::new(200).set_body_raw(big, "application/json"))
        .mount(&server)
        .await;
    let client = builder(&server).max_response_size(1024).build().unwrap();
    let err = client
        .o_auth_2_0_open_id_connect()
        .get_token(&grant())
        .await
        .expect_err("too large");
    assert!(
        matches!(err, Error::ResponseTooLarge { limit: 1024, status } if status.as_u16() == 200),
        "{err:?}"
    );
    assert_eq!(requests(&server).await.len(), 1, "not retried");
    assert!(!format!("{err:?}").contains("AAAA"));
}

#[tokio::test]
async fn error_bodies_kept_in_errors_are_capped() {
    let big = format!(r#"{{"error":"invalid_request","error_description":"{}"}}"#, "x".repeat(200_000));
    let err = token_error(ResponseTemplate::new(400).set_body_raw(big.clone(), "application/json")).await;
    // Decoded from the whole body, kept as its first 64 KiB.
    assert!(err.api_body().is_some());
    assert_eq!(err.raw_body().map(<[u8]>::len), Some(ring_central::runtime::MAX_ERROR_BODY));
    assert_eq!(err.raw_body(), Some(&big.as_bytes()[..64 * 1024]));
}

#[tokio::test]
async fn status_401_is_unexpected_status_with_body() {
    let body = r#"{"error":"invalid_client","errors":[{"errorCode":"OAU-123","message":"Invalid client"}]}"#;
    let err = token_error(ResponseTemplate::new(401).set_body_raw(body, "application/json")).await;
    match &err {
        Error::UnexpectedStatus {
            status, body: raw, ..
        } => {
            assert_eq!(status.as_u16(), 401);
            assert_eq!(&raw[..], body.as_bytes());
        }
        other => panic!("expected UnexpectedStatus, got {other:?}"),
    }
    assert_eq!(
        err.oauth_error().map(|e| e.error),
        Some(OAuthErrorCode::InvalidClient)
    );
}

#[tokio::test]
async fn status_429_exposes_retry_after() {
    let err = token_error(
        ResponseTemplate::new(429)
            .insert_header("Retry-After", "7")
            .set_body_raw(
                r#"{"errorCode":"CMN-301","message":"Request rate exceeded"}"#,
                "application/json",
            ),
    )
    .await;
    assert_eq!(err.status().map(|s| s.as_u16()), Some(429));
    assert_eq!(err.retry_after(), Some(Duration::from_secs(7)));
    assert!(matches!(err, Error::Api { body: None, .. }), "{err:?}");
}

#[tokio::test]
async fn status_500_html_is_typed_with_raw_body() {
    let html = "<!DOCTYPE html><html><body><h1>500 Internal Server Error</h1></body></html>";
    let err = token_error(ResponseTemplate::new(500).set_body_raw(html, "text/html")).await;
    match &err {
        Error::UnexpectedStatus {
            status,
            body,
            headers,
        } => {
            assert_eq!(status.as_u16(), 500);
            assert_eq!(&body[..], html.as_bytes());
            assert_eq!(
                headers.get("content-type").and_then(|v| v.to_str().ok()),
                Some("text/html")
            );
        }
        other => panic!("expected UnexpectedStatus, got {other:?}"),
    }
    assert_eq!(err.oauth_error(), None);
    assert_eq!(err.retry_after(), None);
}

#[tokio::test]
async fn truncated_json_on_200_is_decode_error() {
    let truncated = &TOKEN_JSON[..TOKEN_JSON.len() / 2];
    let err =
        token_error(ResponseTemplate::new(200).set_body_raw(truncated, "application/json")).await;
    match &err {
        Error::Decode {
            status,
            body,
            error,
            ..
        } => {
            assert_eq!(status.as_u16(), 200);
            assert_eq!(&body[..], truncated.as_bytes());
            assert!(error.is_eof(), "{error}");
            // Not the `source()`: error-chain reporters must not print body content.
            assert!(std::error::Error::source(&err).is_none());
        }
        other => panic!("expected Error::Decode, got {other:?}"),
    }
}

#[tokio::test]
async fn empty_200_is_decode_error() {
    let err = token_error(ResponseTemplate::new(200)).await;
    assert!(
        matches!(&err, Error::Decode { status, .. } if status.as_u16() == 200),
        "{err:?}"
    );
}

#[tokio::test]
async fn slow_response_is_timeout() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(TOKEN_JSON, "application/json")
                .set_delay(Duration::from_secs(3)),
        )
        .mount(&server)
        .await;
    let client = builder(&server)
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let err = client
        .o_auth_2_0_open_id_connect()
        .get_token(&grant())
        .await
        .expect_err("times out");
    assert!(matches!(err, Error::Timeout), "{err:?}");
    assert!(err.is_timeout());
}

#[tokio::test]
async fn connection_refused_is_connect_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let client = RingCentral::builder()
        .base_url(format!("http://127.0.0.1:{port}"))
        .retry_policy(ring_central::RetryPolicy::none())
        .build()
        .unwrap();
    let err = client
        .o_auth_2_0_open_id_connect()
        .get_token(&grant())
        .await
        .expect_err("nothing listens");
    assert!(matches!(err, Error::Connect(_)), "{err:?}");
    assert_eq!(err.status(), None);
}

#[tokio::test]
async fn invalid_base_url_is_invalid_request() {
    for bad in ["not a url", "ftp://example.com", "mailto:a@b.c"] {
        let err = RingCentral::builder().base_url(bad).build().expect_err(bad);
        assert!(matches!(err, Error::InvalidRequest(_)), "{bad}: {err:?}");
    }
}
