//! Reading and turning responses into results: the body size limit, error bodies (typed or not,
//! capped), enums by status, the path of a failed decode, and errors that never show a body.

mod common;

use common::*;
use reqwest::Method;
#[cfg(feature = "oauth")]
use sdkgen_runtime::TokenResponse;
use sdkgen_runtime::{Error, MAX_ERROR_BODY, Request, Response, RetryPolicy};
use serde::Deserialize;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn fetch(server: &MockServer, limit: Option<usize>) -> Result<Response, Error> {
    let mut b = builder(server).retry_policy(RetryPolicy::none());
    if let Some(l) = limit {
        b = b.max_response_size(l);
    }
    b.build().unwrap().execute(Request::new(Method::GET, "/x".into())).await
}

async fn serve(response: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(response).mount(&server).await;
    server
}

#[tokio::test]
async fn bodies_up_to_the_limit_are_read_and_longer_ones_fail_typed() {
    let server = serve(ResponseTemplate::new(200).set_body_bytes(vec![b'a'; 1000])).await;
    assert_eq!(fetch(&server, Some(1000)).await.unwrap().bytes().len(), 1000);
    let err = fetch(&server, Some(999)).await.unwrap_err();
    assert!(matches!(err, Error::ResponseTooLarge { limit: 999, status } if status.as_u16() == 200), "{err:?}");
    assert_eq!(err.to_string(), "the response body (HTTP 200 OK) exceeds the limit of 999 bytes");
    // Error statuses are limited too.
    let server = serve(ResponseTemplate::new(500).set_body_bytes(vec![b'e'; 5000])).await;
    assert!(matches!(fetch(&server, Some(4096)).await.unwrap_err(), Error::ResponseTooLarge { .. }));
}

#[tokio::test]
async fn a_body_without_content_length_is_limited_while_streaming() {
    // A raw HTTP/1.1 server answering with a chunked body longer than the limit.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let task = tokio::spawn(async move {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let (mut sock, _) = listener.accept().await.unwrap();
        let mut buf = [0u8; 4096];
        let _ = sock.read(&mut buf).await;
        let _ = sock.write_all(b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n").await;
        for _ in 0..64 {
            if sock.write_all(b"400\r\n").await.is_err() {
                break;
            }
            let _ = sock.write_all(&[b'z'; 1024]).await;
            let _ = sock.write_all(b"\r\n").await;
        }
        let _ = sock.write_all(b"0\r\n\r\n").await;
    });
    let core = sdkgen_runtime::ClientCore::builder()
        .base_url(url::Url::parse(&format!("http://{addr}")).unwrap())
        .retry_policy(RetryPolicy::none())
        .max_response_size(10_000)
        .build()
        .unwrap();
    let err = core.execute::<()>(Request::new(Method::GET, "/".into())).await.unwrap_err();
    assert!(matches!(err, Error::ResponseTooLarge { limit: 10_000, .. }), "{err:?}");
    task.abort();
}

#[tokio::test]
async fn the_default_limit_is_16_mib() {
    assert_eq!(sdkgen_runtime::DEFAULT_MAX_RESPONSE_SIZE, 16 * 1024 * 1024);
    let server = serve(ResponseTemplate::new(200)).await;
    let core = builder(&server).build().unwrap();
    assert_eq!(core.max_response_size(), 16 * 1024 * 1024);
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
struct NotFound {
    resource: String,
}

#[derive(Debug, Clone, PartialEq)]
enum ErrorBody {
    NotFound(NotFound),
}

#[tokio::test]
async fn api_error_with_wraps_the_decoded_body_in_its_variant() {
    let server = serve(ResponseTemplate::new(404).set_body_string(r#"{"resource":"w"}"#)).await;
    let resp = fetch(&server, None).await.unwrap();
    let err: Error<ErrorBody> = resp.api_error_with(ErrorBody::NotFound);
    assert_eq!(err.api_body(), Some(&ErrorBody::NotFound(NotFound { resource: "w".into() })));
    // Not the documented body: still Api, without a typed body.
    let server = serve(ResponseTemplate::new(404).set_body_string("nope")).await;
    let resp = fetch(&server, None).await.unwrap();
    let err: Error<ErrorBody> = resp.api_error_with(ErrorBody::NotFound);
    assert!(matches!(&err, Error::Api { body: None, raw, .. } if &raw[..] == b"nope"), "{err:?}");
    let err: Error<ErrorBody> = resp.documented_error();
    assert!(matches!(&err, Error::Api { body: None, .. }));
}

#[tokio::test]
async fn status_arm_helpers_are_the_errors_in_err() {
    let server = serve(ResponseTemplate::new(404).set_body_string(r#"{"resource":"w"}"#)).await;
    let resp = fetch(&server, None).await.unwrap();
    let typed: Result<(), Error<ErrorBody>> = resp.api_err_with(ErrorBody::NotFound);
    assert_eq!(
        typed.unwrap_err().api_body(),
        Some(&ErrorBody::NotFound(NotFound { resource: "w".into() }))
    );
    let plain: Result<u8, Error<NotFound>> = resp.api_err();
    assert_eq!(plain.unwrap_err().api_body(), Some(&NotFound { resource: "w".into() }));
    let bare: Result<u8, Error<NotFound>> = resp.documented_err();
    assert!(matches!(bare, Err(Error::Api { body: None, .. })));
    let other: Result<u8, Error<NotFound>> = resp.unexpected_err();
    assert!(
        matches!(&other, Err(Error::UnexpectedStatus { status, body, .. }) if status.as_u16() == 404 && &body[..] == br#"{"resource":"w"}"#),
        "{other:?}"
    );
}

#[tokio::test]
async fn error_bodies_are_capped_after_decoding() {
    let long = format!(r#"{{"resource":"{}"}}"#, "r".repeat(MAX_ERROR_BODY * 2));
    let server = serve(ResponseTemplate::new(404).set_body_string(long.clone())).await;
    let resp = fetch(&server, None).await.unwrap();
    let err: Error<NotFound> = resp.api_error();
    assert_eq!(err.api_body().map(|b| b.resource.len()), Some(MAX_ERROR_BODY * 2));
    assert_eq!(err.raw_body(), Some(&long.as_bytes()[..MAX_ERROR_BODY]));
    let err: Error = resp.unexpected();
    assert_eq!(err.raw_body().map(<[u8]>::len), Some(MAX_ERROR_BODY));
    // A success body that fails to decode is kept whole.
    let err = resp.json::<Vec<u8>>().unwrap_err();
    assert_eq!(err.raw_body().map(<[u8]>::len), Some(long.len()));
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct Outer {
    items: Vec<Inner>,
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct Inner {
    count: u32,
    name: String,
}

#[tokio::test]
async fn decode_errors_name_the_path() {
    for (body, expected) in [
        (r#"{"items":[{"count":1,"name":"a"},{"count":"two","name":"b"}]}"#, "items[1].count"),
        (r#"{"items":[{"count":1}]}"#, "items[0].name"),
        (r#"{}"#, "items"),
        (r#"{"items": [tru"#, "items[0]"),
    ] {
        let server = serve(ResponseTemplate::new(200).set_body_string(body)).await;
        let resp = fetch(&server, None).await.unwrap();
        match resp.json::<Outer>().unwrap_err() {
            Error::Decode { path, body: raw, status, .. } => {
                assert_eq!(path, expected, "{body}");
                assert_eq!(&raw[..], body.as_bytes());
                assert_eq!(status.as_u16(), 200);
            }
            other => panic!("expected Decode, got {other:?}"),
        }
    }
}

#[tokio::test]
async fn debug_and_display_show_no_body_content() {
    let secret = "SECRET-rt-0123456789";
    let body = format!(r#"{{"resource":"{secret}","items":"{secret}"}}"#);
    let server = serve(ResponseTemplate::new(404).set_body_string(body).insert_header("x-echo", secret)).await;
    let resp = fetch(&server, None).await.unwrap();
    let errors: Vec<Error<NotFound>> = vec![
        resp.api_error(),
        resp.documented_error(),
        resp.unexpected(),
        resp.json::<Outer>().unwrap_err().retype(),
        resp.json::<std::collections::BTreeMap<String, u8>>().unwrap_err().retype(),
    ];
    for err in errors {
        assert!(err.raw_body().is_some());
        for shown in [format!("{err:?}"), format!("{err:#?}"), err.to_string()] {
            assert!(!shown.contains(secret), "{shown}");
        }
    }
}

#[cfg(feature = "oauth")]
#[test]
fn token_response_fields_are_read_one_by_one() {
    use secrecy::ExposeSecret;
    let t = TokenResponse::parse(br#"{"access_token":"AT","token_type":7,"expires_in":"3600","refresh_token":"RT","scope":["a"]}"#).unwrap();
    assert_eq!(t.access_token.as_ref().map(|s| s.expose_secret().to_string()), Some("AT".into()));
    assert_eq!(t.token_type, None);
    assert_eq!(t.expires_in, Some(3600));
    assert_eq!(t.refresh_token.as_ref().map(|s| s.expose_secret().to_string()), Some("RT".into()));
    assert_eq!(t.scope, None);
    let shown = format!("{t:?}");
    assert!(!shown.contains("AT\"") && !shown.contains("RT\""), "{shown}");
    assert!(TokenResponse::parse(b"[1]").is_none());
    assert!(TokenResponse::parse(br#"{"error":"invalid_grant"}"#).is_none());
    assert_eq!(TokenResponse::parse(br#"{"access_token":"a","expires_in":-5}"#).unwrap().expires_in, None);
}
