//! ClientCore against a local wiremock server: security selection, errors, redirects, retries.

mod common;

use std::time::Duration;

use common::*;
use reqwest::Method;
use sdkgen_runtime::{
    self as runtime, ClientAuth, ClientCore, Credentials, Error, OAuthErrorCode, ParamStyle,
    Request, RetryPolicy,
};
use serde::{Deserialize, Serialize};
use url::Url;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

mod models {
    use super::*;

    #[derive(Debug, Serialize)]
    pub struct GetTokenRequest {
        pub grant_type: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub code: Option<String>,
        pub access_token_ttl: Option<i64>,
    }

    #[derive(Debug, Deserialize)]
    pub struct TokenInfo {
        pub access_token: String,
        pub expires_in: Option<i64>,
    }

    #[derive(Debug, Deserialize)]
    pub struct OauthInvalidRequest {
        pub error: String,
        pub error_description: Option<String>,
    }
}

/// Shaped exactly like a generated service method.
struct OauthService {
    core: ClientCore,
}

impl OauthService {
    pub async fn get_token(
        &self,
        body: &models::GetTokenRequest,
    ) -> Result<models::TokenInfo, runtime::Error<models::OauthInvalidRequest>> {
        let mut req =
            runtime::Request::new(reqwest::Method::POST, "/restapi/oauth/token".to_string());
        req.security(&[&[runtime::SecurityScheme {
            name: "OauthBasicScheme",
            kind: runtime::SchemeKind::HttpBasic,
        }]]);
        req.form(body)?;
        req.accept("application/json");
        let resp = self.core.execute(req).await?;
        match resp.status().as_u16() {
            200 => resp.json::<models::TokenInfo>(),
            400 => Err(resp.api_error::<models::OauthInvalidRequest>()),
            _ => Err(resp.unexpected()),
        }
    }

    pub async fn get_item(&self, ids: &[i64]) -> Result<serde_json::Value, runtime::Error> {
        let path = format!(
            "/v1/items/{}",
            runtime::encoding::path_param(&ids, runtime::ParamStyle::Simple, false)?
        );
        let mut req = runtime::Request::new(reqwest::Method::GET, path);
        req.security(&[&[], &[BEARER]]);
        req.query("filter", "a,b&c", ParamStyle::Form, true)?;
        req.header("X-Trace-Ids", &["t1", "t2"], false)?;
        let resp = self.core.execute(req).await?;
        match resp.status().as_u16() {
            200 => resp.json(),
            _ => Err(resp.unexpected()),
        }
    }
}

fn token_body() -> models::GetTokenRequest {
    models::GetTokenRequest {
        grant_type: "authorization_code".into(),
        code: Some("the code".into()),
        access_token_ttl: None,
    }
}

#[tokio::test]
async fn generated_shape_token_success_and_basic_auth() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/restapi/oauth/token"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({"access_token": "AT", "expires_in": 3600})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let core = builder(&server)
        .credentials(
            Credentials::new()
                .client_secret_basic("my id", "s:e&c=r+t")
                .bearer_token("BEARER-SECRET"),
        )
        .build()
        .unwrap();
    let svc = OauthService { core };
    let tok = svc.get_token(&token_body()).await.unwrap();
    assert_eq!(tok.access_token, "AT");
    assert_eq!(tok.expires_in, Some(3600));
    let reqs = requests(&server).await;
    let r = &reqs[0];
    // RFC 6749 §2.3.1: urlencode each part, then base64.
    use base64::Engine;
    let expected = format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode("my+id:s%3Ae%26c%3Dr%2Bt")
    );
    assert_eq!(auth_headers(r), vec![expected]);
    assert_eq!(
        r.headers.get("content-type").unwrap(),
        "application/x-www-form-urlencoded"
    );
    assert_eq!(r.headers.get("accept").unwrap(), "application/json");
    assert_eq!(
        form_of(r),
        vec![
            ("grant_type".into(), "authorization_code".into()),
            ("code".into(), "the code".into())
        ]
    );
}

#[tokio::test]
async fn generated_shape_documented_error_and_oauth_body() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(400).set_body_json(serde_json::json!({
            "error": "invalid_grant", "error_description": "Token is revoked",
            "errors": [{"errorCode": "OAU-211", "message": "Token is revoked"}]
        })))
        .mount(&server)
        .await;
    let svc = OauthService {
        core: builder(&server).build().unwrap(),
    };
    let err = svc.get_token(&token_body()).await.unwrap_err();
    match &err {
        Error::Api {
            status, body, raw, ..
        } => {
            assert_eq!(status.as_u16(), 400);
            let body = body.as_ref().expect("typed body");
            assert_eq!(body.error, "invalid_grant");
            assert_eq!(body.error_description.as_deref(), Some("Token is revoked"));
            assert!(!raw.is_empty());
        }
        other => panic!("expected Api, got {other:?}"),
    }
    let oauth = err.oauth_error().unwrap();
    assert_eq!(oauth.error, OAuthErrorCode::InvalidGrant);
    assert_eq!(oauth.errors[0].error_code.as_deref(), Some("OAU-211"));
    assert_eq!(err.status().unwrap().as_u16(), 400);
}

#[tokio::test]
async fn documented_error_that_does_not_decode_is_api_without_typed_body() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(400).set_body_string("<html>bad</html>"))
        .mount(&server)
        .await;
    let svc = OauthService {
        core: builder(&server).build().unwrap(),
    };
    let err = svc.get_token(&token_body()).await.unwrap_err();
    assert!(
        matches!(&err, Error::Api { status, body: None, raw, .. } if status.as_u16() == 400 && &raw[..] == b"<html>bad</html>")
    );
    assert!(err.oauth_error().is_none());
}

#[tokio::test]
async fn unexpected_status_401_and_500_html() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(401)
                .set_body_json(serde_json::json!({"error": "invalid_client"})),
        )
        .mount(&server)
        .await;
    let svc = OauthService {
        core: builder(&server).build().unwrap(),
    };
    let err = svc.get_token(&token_body()).await.unwrap_err();
    assert!(matches!(&err, Error::UnexpectedStatus { status, .. } if status.as_u16() == 401));
    assert_eq!(
        err.oauth_error().unwrap().error,
        OAuthErrorCode::InvalidClient
    );

    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(500).set_body_string("<html><body>Internal error</body></html>"),
        )
        .expect(1)
        .mount(&server)
        .await;
    let core = builder(&server).build().unwrap();
    let resp = core
        .execute::<serde_json::Value>(Request::new(Method::GET, "/x".into()))
        .await
        .unwrap();
    let e: Error = resp.unexpected();
    assert_eq!(
        e.raw_body().unwrap(),
        b"<html><body>Internal error</body></html>"
    );
    let d = resp.json::<serde_json::Value>().unwrap_err();
    assert!(matches!(d, Error::Decode { status, .. } if status.as_u16() == 500));
}

#[tokio::test]
async fn truncated_json_is_decode_error() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(&b"{\"access_token\": \"AT"[..], "application/json"),
        )
        .mount(&server)
        .await;
    let svc = OauthService {
        core: builder(&server).build().unwrap(),
    };
    let err = svc.get_token(&token_body()).await.unwrap_err();
    // The serde error quotes body content: it is kept, but is not the error's `source()`.
    assert!(std::error::Error::source(&err).is_none());
    match err {
        Error::Decode {
            status,
            body,
            error,
            ..
        } => {
            assert_eq!(status.as_u16(), 200);
            assert_eq!(&body[..], b"{\"access_token\": \"AT");
            assert!(error.is_eof());
        }
        other => panic!("expected Decode, got {other:?}"),
    }
}

#[tokio::test]
async fn retry_after_seconds_and_http_date() {
    let server = MockServer::start().await;
    Mock::given(path("/s"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "7"))
        .mount(&server)
        .await;
    let future = httpdate::fmt_http_date(std::time::SystemTime::now() + Duration::from_secs(3600));
    Mock::given(path("/d"))
        .respond_with(ResponseTemplate::new(503).insert_header("Retry-After", future.as_str()))
        .mount(&server)
        .await;
    let core = builder(&server)
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let resp = core
        .execute::<()>(Request::new(Method::GET, "/s".into()))
        .await
        .unwrap();
    let e: Error = resp.unexpected();
    assert_eq!(e.retry_after(), Some(Duration::from_secs(7)));
    let resp = core
        .execute::<()>(Request::new(Method::GET, "/d".into()))
        .await
        .unwrap();
    let e: Error = resp.unexpected();
    let d = e.retry_after().unwrap();
    assert!(
        d > Duration::from_secs(3000) && d <= Duration::from_secs(3600),
        "{d:?}"
    );
    // Not on other statuses.
    let e: Error = Error::UnexpectedStatus {
        status: reqwest::StatusCode::BAD_REQUEST,
        headers: resp.headers().clone(),
        body: bytes::Bytes::new(),
    };
    assert_eq!(e.retry_after(), None);
}

#[tokio::test]
async fn timeout_is_timeout() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(3)))
        .mount(&server)
        .await;
    let core = builder(&server)
        .timeout(Duration::from_millis(200))
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let err = core
        .execute::<()>(Request::new(Method::GET, "/slow".into()))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Timeout), "{err:?}");
    assert!(err.is_timeout());
}

fn refused_url() -> Url {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    Url::parse(&format!("http://127.0.0.1:{port}/v1")).unwrap()
}

#[tokio::test]
async fn connection_refused_is_connect_and_has_no_secret() {
    let core = ClientCore::builder()
        .base_url(refused_url())
        .api_key("QueryKey", "QUERY-SECRET-KEY")
        .retry_policy(fast_retry(2))
        .build()
        .unwrap();
    let mut req = Request::new(Method::POST, "/x".into());
    req.security(&[&[KEY_QUERY]]);
    let err = core.execute::<()>(req).await.unwrap_err();
    assert!(matches!(err, Error::Connect(_)), "{err:?}");
    assert!(!format!("{err}").contains("QUERY-SECRET-KEY"));
    assert!(!format!("{err:?}").contains("QUERY-SECRET-KEY"));
    // The request never left: retrying is safe for any method.
    let p = RetryPolicy::default();
    assert!(p.for_failure(false, false, 0).is_some());
    assert!(p.for_failure(true, false, 0).is_none());
    assert!(p.for_failure(true, true, 0).is_some());
    assert!(p.for_failure(false, true, 2).is_none());
}

#[tokio::test]
async fn connect_error_is_retried_then_succeeds() {
    // Reserve a port, let the first attempt be refused, and start the server before the retry.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    let core = ClientCore::builder()
        .base_url(Url::parse(&format!("http://{addr}")).unwrap())
        .retry_policy(
            RetryPolicy::default()
                .max_retries(100)
                .initial_backoff(Duration::from_millis(20))
                .max_backoff(Duration::from_millis(50)),
        )
        .build()
        .unwrap();
    let server_task = tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(100)).await;
        let listener = std::net::TcpListener::bind(addr).unwrap();
        let server = MockServer::builder().listener(listener).start().await;
        Mock::given(method("POST"))
            .respond_with(ResponseTemplate::new(200))
            .mount(&server)
            .await;
        tokio::time::sleep(Duration::from_secs(5)).await;
        drop(server);
    });
    let resp = core
        .execute::<()>(Request::new(Method::POST, "/x".into()))
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    server_task.abort();
}

#[tokio::test]
async fn post_not_retried_on_500_or_503_without_retry_after() {
    let server = MockServer::start().await;
    Mock::given(path("/a"))
        .respond_with(ResponseTemplate::new(500))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(path("/b"))
        .respond_with(ResponseTemplate::new(503))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(path("/c"))
        .respond_with(ResponseTemplate::new(502))
        .expect(1)
        .mount(&server)
        .await;
    let core = builder(&server).build().unwrap();
    for p in ["/a", "/b", "/c"] {
        let resp = core
            .execute::<()>(Request::new(Method::POST, p.into()))
            .await
            .unwrap();
        assert!(resp.status().is_server_error());
    }
    server.verify().await;
}

#[tokio::test]
async fn post_retried_on_429_with_retry_after_zero() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "0"))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let core = builder(&server).build().unwrap();
    let resp = core
        .execute::<()>(Request::new(Method::POST, "/t".into()))
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    assert_eq!(requests(&server).await.len(), 2);

    // Switched off: not retried.
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "0"))
        .expect(1)
        .mount(&server)
        .await;
    let core = builder(&server)
        .retry_policy(fast_retry(2).retry_on_retry_after(false))
        .build()
        .unwrap();
    let resp = core
        .execute::<()>(Request::new(Method::POST, "/t".into()))
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 429);
    server.verify().await;
}

#[tokio::test]
async fn retry_after_above_cap_is_not_waited_for() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "120"))
        .expect(1)
        .mount(&server)
        .await;
    let core = builder(&server).build().unwrap();
    let resp = core
        .execute::<()>(Request::new(Method::GET, "/t".into()))
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 429);
    server.verify().await;
}

#[tokio::test]
async fn get_retried_on_503_up_to_max() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503))
        .expect(3)
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(500))
        .expect(1)
        .mount(&server)
        .await;
    let core = builder(&server)
        .retry_policy(fast_retry(2))
        .build()
        .unwrap();
    let resp = core
        .execute::<()>(Request::new(Method::GET, "/t".into()))
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 503);
    let resp = core
        .execute::<()>(Request::new(Method::PUT, "/t".into()))
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 500);
    server.verify().await;
}

#[tokio::test]
async fn get_retried_on_timeout_but_post_is_not() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(3)))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(3)))
        .mount(&server)
        .await;
    let core = builder(&server)
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let resp = core
        .execute::<()>(Request::new(Method::GET, "/t".into()))
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    let err = core
        .execute::<()>(Request::new(Method::POST, "/t".into()))
        .await
        .unwrap_err();
    assert!(err.is_timeout());
    let posts = requests(&server)
        .await
        .iter()
        .filter(|r| r.method.as_str() == "POST")
        .count();
    assert_eq!(posts, 1);
}

#[tokio::test]
async fn security_override_to_none_sends_no_credentials() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let core = builder(&server)
        .credentials(
            Credentials::new()
                .bearer_token("TOK")
                .client_secret_basic("id", "sec")
                .api_key("QueryKey", "K"),
        )
        .build()
        .unwrap();
    core.execute::<()>(Request::new(Method::GET, "/open".into()))
        .await
        .unwrap();
    let r = &requests(&server).await[0];
    assert!(auth_headers(r).is_empty());
    assert_eq!(r.url.query(), None);
}

#[tokio::test]
async fn optional_auth_with_and_without_token() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"ok": true})))
        .mount(&server)
        .await;
    let with = OauthService {
        core: builder(&server).bearer_token("TOKEN-1").build().unwrap(),
    };
    let without = OauthService {
        core: builder(&server).build().unwrap(),
    };
    with.get_item(&[1, -2]).await.unwrap();
    without.get_item(&[3]).await.unwrap();
    let reqs = requests(&server).await;
    assert_eq!(auth_headers(&reqs[0]), vec!["Bearer TOKEN-1".to_string()]);
    assert_eq!(reqs[0].url.path(), "/v1/items/1,-2");
    assert_eq!(reqs[0].url.query(), Some("filter=a%2Cb%26c"));
    assert_eq!(reqs[0].headers.get("x-trace-ids").unwrap(), "t1,t2");
    assert!(auth_headers(&reqs[1]).is_empty());
}

#[tokio::test]
async fn empty_or_missing_credentials_are_never_sent() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let core = builder(&server)
        .credentials(
            Credentials::new()
                .client_secret_basic("", "")
                .bearer_token("")
                .api_key("QueryKey", ""),
        )
        .build()
        .unwrap();
    let mut req = Request::new(Method::POST, "/x".into());
    req.security(&[&[BASIC], &[BEARER], &[KEY_QUERY]]);
    core.execute::<()>(req).await.unwrap();
    let r = &requests(&server).await[0];
    assert!(auth_headers(r).is_empty(), "{:?}", auth_headers(r));
    assert_eq!(r.url.query(), None);
    let all = format!("{:?}", r.headers);
    assert!(!all.contains("Og=="));
    assert!(!all.contains("None"));
}

#[tokio::test]
async fn basic_chosen_over_bearer_when_listed_first_and_never_two_authorization_headers() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let core = builder(&server)
        .credentials(
            Credentials::new()
                .bearer_token("TOK")
                .client_secret_basic("id", "sec"),
        )
        .build()
        .unwrap();
    // Needs both Basic and Bearer in one Authorization header: unsatisfiable, falls back to bearer.
    let mut req = Request::new(Method::POST, "/a".into());
    req.security(&[&[BEARER, BASIC], &[OAUTH]]);
    core.execute::<()>(req).await.unwrap();
    // Only alternative is the conflicting one: nothing is sent.
    let mut req = Request::new(Method::POST, "/b".into());
    req.security(&[&[BEARER, BASIC]]);
    core.execute::<()>(req).await.unwrap();
    // Basic first.
    let mut req = Request::new(Method::POST, "/c".into());
    req.security(&[&[BASIC], &[BEARER]]);
    core.execute::<()>(req).await.unwrap();
    // Two bearer schemes AND-ed share one header.
    let mut req = Request::new(Method::POST, "/d".into());
    req.security(&[&[BEARER, OAUTH]]);
    core.execute::<()>(req).await.unwrap();
    let reqs = requests(&server).await;
    assert_eq!(auth_headers(&reqs[0]), vec!["Bearer TOK".to_string()]);
    assert!(auth_headers(&reqs[1]).is_empty());
    assert_eq!(auth_headers(&reqs[2]).len(), 1);
    assert!(auth_headers(&reqs[2])[0].starts_with("Basic "));
    assert_eq!(auth_headers(&reqs[3]), vec!["Bearer TOK".to_string()]);
}

#[tokio::test]
async fn api_keys_query_header_cookie_and_either_of_two() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let core = builder(&server)
        .api_key("QueryKey", "q k&=")
        .api_key("HeaderKey", "HK")
        .api_key("CookieKey", "CK")
        .build()
        .unwrap();
    let mut req = Request::new(Method::GET, "/q".into());
    req.security(&[&[KEY_QUERY]]);
    req.query("x", &1, ParamStyle::Form, true).unwrap();
    core.execute::<()>(req).await.unwrap();
    let mut req = Request::new(Method::GET, "/either".into());
    req.security(&[&[KEY_HEADER], &[KEY_QUERY]]);
    core.execute::<()>(req).await.unwrap();
    let mut req = Request::new(Method::GET, "/cookie".into());
    req.security(&[&[KEY_COOKIE, KEY_HEADER]]);
    core.execute::<()>(req).await.unwrap();
    let reqs = requests(&server).await;
    assert_eq!(reqs[0].url.query(), Some("x=1&api_key=q%20k%26%3D"));
    assert!(reqs[0].headers.get("x-api-key").is_none());
    assert_eq!(reqs[1].headers.get("x-api-key").unwrap(), "HK");
    assert_eq!(reqs[1].url.query(), None);
    assert_eq!(reqs[2].headers.get("cookie").unwrap(), "session=CK");
    assert_eq!(reqs[2].headers.get("x-api-key").unwrap(), "HK");
}

#[tokio::test]
async fn public_client_gets_client_id_in_form() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let core = builder(&server).client_id("public-app").build().unwrap();
    let mut req = Request::new(Method::POST, "/token".into());
    req.security(&[&[BASIC], &[]]);
    req.form(&serde_json::json!({"grant_type": "authorization_code", "code": "c"}))
        .unwrap();
    core.execute::<()>(req).await.unwrap();
    // Already present: not duplicated.
    let mut req = Request::new(Method::POST, "/token".into());
    req.security(&[&[BASIC], &[]]);
    req.form(&serde_json::json!({"client_id": "public-app", "grant_type": "x"}))
        .unwrap();
    core.execute::<()>(req).await.unwrap();
    // Confidential client on the same operation: Basic, no client_id in the body.
    let conf = builder(&server)
        .credentials(Credentials::new().client_secret_basic("conf", "s"))
        .build()
        .unwrap();
    let mut req = Request::new(Method::POST, "/token".into());
    req.security(&[&[BASIC], &[]]);
    req.form(&serde_json::json!({"grant_type": "x"})).unwrap();
    conf.execute::<()>(req).await.unwrap();
    let reqs = requests(&server).await;
    assert_eq!(
        form_value(&reqs[0], "client_id").as_deref(),
        Some("public-app")
    );
    assert!(auth_headers(&reqs[0]).is_empty());
    assert_eq!(
        form_of(&reqs[1])
            .iter()
            .filter(|(k, _)| k == "client_id")
            .count(),
        1
    );
    assert_eq!(form_value(&reqs[2], "client_id"), None);
    assert_eq!(auth_headers(&reqs[2]).len(), 1);
}

#[tokio::test]
async fn redirect_is_returned_not_followed() {
    let server = MockServer::start().await;
    Mock::given(path("/authorize"))
        .respond_with(ResponseTemplate::new(303).insert_header(
            "Location",
            "/callback?code=abc%20d&state=xyz&iss=https%3A%2F%2Fissuer",
        ))
        .mount(&server)
        .await;
    Mock::given(path("/callback"))
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&server)
        .await;
    Mock::given(path("/deny"))
        .respond_with(ResponseTemplate::new(302).insert_header(
            "Location",
            "https://app.example/cb#error=access_denied&error_description=User%20said%20no&state=s",
        ))
        .mount(&server)
        .await;
    let core = builder(&server).build().unwrap();
    let resp = core
        .execute::<()>(Request::new(Method::GET, "/authorize".into()))
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 303);
    let r = resp.redirect();
    assert_eq!(r.code().as_deref(), Some("abc d"));
    assert_eq!(r.state().as_deref(), Some("xyz"));
    assert_eq!(r.iss().as_deref(), Some("https://issuer"));
    assert_eq!(r.location_url().unwrap().path(), "/callback");
    assert!(!format!("{r:?}").contains("abc"));
    let resp = core
        .execute::<()>(Request::new(Method::GET, "/deny".into()))
        .await
        .unwrap();
    let r = resp.redirect();
    assert_eq!(r.error().as_deref(), Some("access_denied"));
    assert_eq!(r.error_description().as_deref(), Some("User said no"));
    assert_eq!(r.code(), None);
    server.verify().await;
}

#[tokio::test]
async fn base_path_is_kept_and_url_for_builds_authorize_url() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).insert_header("X-Rate-Remaining", "42"))
        .mount(&server)
        .await;
    let core = ClientCore::builder()
        .base_url(Url::parse(&format!("{}/restapi/", server.uri())).unwrap())
        .api_key("QueryKey", "SECRET")
        .build()
        .unwrap();
    let mut req = Request::new(Method::GET, "/oauth/authorize".into());
    req.query("response_type", "code", ParamStyle::Form, true)
        .unwrap();
    req.query("redirect_uri", "https://app/cb?x=1", ParamStyle::Form, true)
        .unwrap();
    let url = core.url_for::<()>(&req).unwrap();
    assert_eq!(url.path(), "/restapi/oauth/authorize");
    assert_eq!(
        url.query(),
        Some("response_type=code&redirect_uri=https%3A%2F%2Fapp%2Fcb%3Fx%3D1")
    );
    let mut req = Request::new(Method::GET, "/v1/x".into());
    req.security(&[&[KEY_QUERY]]);
    let resp = core.execute::<()>(req).await.unwrap();
    assert_eq!(resp.header::<i64>("X-Rate-Remaining"), Some(42));
    assert_eq!(resp.header::<i64>("X-Missing"), None);
    assert!(!resp.url().unwrap().as_str().contains("SECRET"));
    assert_eq!(requests(&server).await[0].url.path(), "/restapi/v1/x");
}

#[tokio::test]
async fn bodies_json_bytes_text_multipart() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_string("héllo"))
        .mount(&server)
        .await;
    let core = builder(&server).build().unwrap();
    let mut req = Request::new(Method::POST, "/j".into());
    req.json(&serde_json::json!({"a": 1})).unwrap();
    let resp = core.execute::<()>(req).await.unwrap();
    assert_eq!(resp.text().unwrap(), "héllo");
    let mut req = Request::new(Method::POST, "/b".into());
    req.bytes("application/octet-stream", vec![1u8, 2, 3]);
    core.execute::<()>(req).await.unwrap();
    let mut req = Request::new(Method::POST, "/t".into());
    req.text("text/plain", "hi".into());
    core.execute::<()>(req).await.unwrap();
    let mut req = Request::new(Method::POST, "/none".into());
    req.accept("application/json");
    let resp = core.execute::<()>(req).await.unwrap();
    assert!(resp.empty().is_ok());
    let reqs = requests(&server).await;
    assert_eq!(
        reqs[0].headers.get("content-type").unwrap(),
        "application/json"
    );
    assert_eq!(&reqs[0].body[..], b"{\"a\":1}");
    assert_eq!(&reqs[1].body[..], &[1, 2, 3]);
    assert_eq!(reqs[2].headers.get("content-type").unwrap(), "text/plain");
    assert!(reqs[3].headers.get("content-type").is_none());
    assert!(reqs[3].body.is_empty());
}

#[cfg(feature = "multipart")]
#[tokio::test]
async fn multipart_body_is_sent_once() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let core = builder(&server).build().unwrap();
    let mut req = Request::new(Method::POST, "/m".into());
    req.idempotent(true);
    req.multipart(reqwest::multipart::Form::new().text("f", "v")).unwrap();
    let _ = core.execute::<()>(req).await;
    let reqs = requests(&server).await;
    assert_eq!(reqs.len(), 1, "a multipart body is never sent twice");
    let ct = reqs[0].headers.get("content-type").unwrap().to_str().unwrap();
    assert!(ct.starts_with("multipart/form-data"), "{ct}");
    assert!(String::from_utf8_lossy(&reqs[0].body).contains("name=\"f\""));
}

#[tokio::test]
async fn debug_output_has_no_secret() {
    let core = ClientCore::builder()
        .base_url(Url::parse("https://api.example.com/v1").unwrap())
        .credentials(
            Credentials::new()
                .bearer_token("BEARER-SECRET")
                .client_id("client-id")
                .client_auth(ClientAuth::SecretBasic {
                    client_secret: "CLIENT-SECRET".into(),
                })
                .basic_auth("user", "PASSWORD-SECRET")
                .api_key("QueryKey", "APIKEY-SECRET"),
        )
        .build()
        .unwrap();
    #[cfg(feature = "oauth")]
    let assertions = format!(
        "{:?} {:?}",
        ClientAuth::PrivateKeyJwt {
            key_pem: "-----BEGIN PRIVATE KEY-----PRIVATE-KEY-SECRET".into(),
            algorithm: runtime::JwtAlgorithm::RS256,
            key_id: Some("kid1".into()),
        },
        ClientAuth::SecretJwt {
            client_secret: "JWT-SECRET".into(),
        }
    );
    #[cfg(not(feature = "oauth"))]
    let assertions = String::new();
    let mut req = Request::new(Method::POST, "/token".into());
    req.form(&serde_json::json!({"refresh_token": "REFRESH-SECRET", "password": "PW-SECRET"}))
        .unwrap();
    let all = format!(
        "{core:?} {:?} {assertions} {req:?} {:#?}",
        core.credentials(),
        core
    );
    for secret in [
        "BEARER-SECRET",
        "CLIENT-SECRET",
        "PASSWORD-SECRET",
        "APIKEY-SECRET",
        "PRIVATE-KEY-SECRET",
        "JWT-SECRET",
        "REFRESH-SECRET",
        "PW-SECRET",
    ] {
        assert!(!all.contains(secret), "{secret} leaked in {all}");
    }
    assert!(all.contains("client-id"));
    assert!(all.contains("QueryKey"));
}

#[test]
fn client_core_is_send_sync_clone() {
    fn check<T: Send + Sync + Clone + 'static>() {}
    check::<ClientCore>();
    fn check_send<T: Send>() {}
    check_send::<Request>();
    check_send::<Error<models::OauthInvalidRequest>>();
}

#[test]
fn bad_base_url_is_invalid_request() {
    let e = ClientCore::builder()
        .base_url(Url::parse("mailto:x@y").unwrap())
        .build()
        .unwrap_err();
    assert!(matches!(e, Error::InvalidRequest(_)));
    let e = ClientCore::builder().build().unwrap_err();
    assert!(matches!(e, Error::InvalidRequest(_)));
}

#[cfg(feature = "multipart")]
#[tokio::test]
async fn a_file_name_with_line_breaks_cannot_add_part_headers() {
    let server = MockServer::start().await;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    let core = builder(&server).build().unwrap();
    let name = "a\"b\r\nX-Injected: 1\r\n\r\nbody.png";
    let form = runtime::Multipart::new().file("files", runtime::FilePart::new(b"x".to_vec()).file_name(name), "image/png");
    let mut req = Request::new(Method::POST, "/upload".to_string());
    req.multipart(form).unwrap();
    let resp = core.execute::<()>(req).await.unwrap();
    assert_eq!(resp.status(), 204);
    let body = requests(&server).await[0].body.clone();
    let text = String::from_utf8_lossy(&body);
    assert!(!text.contains("\r\nX-Injected") && !text.contains("\nX-Injected"), "{text}");
    assert!(text.contains("X-Injected: 1"), "the rest of the name is kept: {text}");
}
