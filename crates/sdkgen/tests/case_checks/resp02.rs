//! RESP02: several error bodies per operation become an enum by status (exact codes over ranges
//! over default); a documented status is always `Error::Api`, typed body or not; `Debug` and
//! `Display` never show body content.
use case_resp02::models::{ClientProblem, NotFoundError, Problem, ServerProblem, ValidationError};
use case_resp02::services::{GetRangesErrorBody, GetThingErrorBody};
use case_resp02::Error;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn call_thing(response: ResponseTemplate) -> Error<GetThingErrorBody> {
    let server = MockServer::start().await;
    Mock::given(method("GET")).and(path("/thing")).respond_with(response).mount(&server).await;
    let client = case_resp02::Client::builder().base_url(server.uri()).retry_policy(case_resp02::RetryPolicy::none()).build().unwrap();
    client.default().get_thing().await.unwrap_err()
}

fn json(status: u16, body: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(body, "application/json")
}

fn api_body<E: std::fmt::Debug>(err: Error<E>) -> (u16, Option<E>) {
    match err {
        Error::Api { status, body, .. } => (status.as_u16(), body),
        other => panic!("expected Error::Api, got {other:?}"),
    }
}

#[tokio::test]
async fn exact_codes_win_over_ranges_and_ranges_over_default() {
    let cases: Vec<(u16, &str, GetThingErrorBody)> = vec![
        (400, r#"{"fields":["name"]}"#, GetThingErrorBody::BadRequest(ValidationError::new(vec!["name".into()]))),
        (404, r#"{"resource":"thing"}"#, GetThingErrorBody::NotFound(NotFoundError::new("thing"))),
        (401, r#"{"reason":"who"}"#, GetThingErrorBody::ClientError(ClientProblem::new("who"))),
        (418, r#"{"reason":"teapot"}"#, GetThingErrorBody::ClientError(ClientProblem::new("teapot"))),
        (500, r#"{"incident":"i-1"}"#, GetThingErrorBody::ServerError(ServerProblem::new("i-1"))),
        (599, r#"{"incident":"i-2"}"#, GetThingErrorBody::ServerError(ServerProblem::new("i-2"))),
        (302, r#"{"title":"moved"}"#, GetThingErrorBody::Other(Problem::new("moved"))),
    ];
    for (status, body, expected) in cases {
        let (got_status, got) = api_body(call_thing(json(status, body)).await);
        assert_eq!(got_status, status);
        assert_eq!(got, Some(expected), "{status}");
    }
}

#[tokio::test]
async fn a_documented_status_without_a_schema_is_api_without_typed_body() {
    let err = call_thing(ResponseTemplate::new(429).insert_header("Retry-After", "3").set_body_raw("slow down", "text/plain")).await;
    assert_eq!(err.retry_after(), Some(std::time::Duration::from_secs(3)));
    assert_eq!(err.raw_body(), Some(&b"slow down"[..]));
    assert_eq!(api_body(err), (429, None));
}

#[tokio::test]
async fn a_body_that_does_not_match_its_schema_is_still_api() {
    let html = "<html><body>gateway says no</body></html>";
    let err = call_thing(ResponseTemplate::new(400).set_body_raw(html, "text/html")).await;
    assert_eq!(err.raw_body(), Some(html.as_bytes()));
    assert_eq!(api_body(err), (400, None));
    // RFC 6749 §5.2 fields are read from any error body.
    let err = call_thing(json(404, r#"{"error":"invalid_grant","error_description":"gone"}"#)).await;
    let oauth = err.oauth_error().expect("an OAuth error body");
    assert_eq!(oauth.error.as_str(), "invalid_grant");
    assert_eq!(oauth.error_description.as_deref(), Some("gone"));
}

#[tokio::test]
async fn debug_and_display_never_show_body_content() {
    let secret = "rt-SECRET-refresh-token-value";
    for status in [400, 404, 418, 429, 500, 302] {
        let body = format!(r#"{{"fields":["{secret}"],"resource":"{secret}","reason":"{secret}","incident":"{secret}","title":"{secret}"}}"#);
        let err = call_thing(json(status, &body).insert_header("x-echo", secret)).await;
        assert!(err.raw_body().is_some_and(|b| b.windows(secret.len()).any(|w| w == secret.as_bytes())));
        for shown in [format!("{err:?}"), format!("{err:#?}"), err.to_string()] {
            assert!(!shown.contains(secret), "{status}: {shown}");
        }
    }
}

#[tokio::test]
async fn one_error_schema_everywhere_stays_plain() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).and(path("/plain")).respond_with(json(404, r#"{"title":"none"}"#)).mount(&server).await;
    let client = case_resp02::Client::builder().base_url(server.uri()).build().unwrap();
    let err: Error<Problem> = client.default().get_plain().await.unwrap_err();
    assert_eq!(api_body(err), (404, Some(Problem::new("none"))));
}

#[tokio::test]
async fn ranges_without_default() {
    let server = MockServer::start().await;
    for (status, body) in [(503, "down"), (502, r#"{"incident":"i-9"}"#), (404, r#"{"reason":"r"}"#), (302, "moved")] {
        server.reset().await;
        Mock::given(method("GET")).and(path("/ranges")).respond_with(json(status, body)).mount(&server).await;
        let client = case_resp02::Client::builder().base_url(server.uri()).retry_policy(case_resp02::RetryPolicy::none()).build().unwrap();
        let err = client.default().get_ranges().await.unwrap_err();
        match status {
            503 => assert_eq!(api_body(err), (503, None)),
            502 => assert_eq!(api_body(err), (502, Some(GetRangesErrorBody::ServerError(ServerProblem::new("i-9"))))),
            404 => assert_eq!(api_body(err), (404, Some(GetRangesErrorBody::ClientError(ClientProblem::new("r"))))),
            _ => assert!(matches!(err, Error::UnexpectedStatus { ref body, .. } if &body[..] == b"moved"), "{err:?}"),
        }
    }
}
