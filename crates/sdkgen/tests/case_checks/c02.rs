//! C02: a 3xx success is returned (never followed), with its `Location`.
use case_c02::models::StartSessionRequest;
use case_c02::services::AuthorizeParams;
use case_c02::models::AuthorizeResponseType;
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(uri: String) -> case_c02::Client {
    case_c02::Client::builder().base_url(uri).build().unwrap()
}

#[tokio::test]
async fn redirect_is_ok_and_not_followed() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/oauth/authorize"))
        .and(query_param("client_id", "c"))
        .respond_with(ResponseTemplate::new(302).insert_header("Location", format!("{}/login?x=1", server.uri())))
        .expect(1)
        .mount(&server)
        .await;
    // Following the redirect would hit this (and fail the expectation).
    Mock::given(method("GET")).and(path("/login")).respond_with(ResponseTemplate::new(200)).expect(0).mount(&server).await;
    let r = client(server.uri()).default().authorize(&AuthorizeParams::new(AuthorizeResponseType::Code, "c")).await.unwrap();
    assert_eq!(r.status.as_u16(), 302);
    assert_eq!(r.location.as_deref(), Some(format!("{}/login?x=1", server.uri()).as_str()));
}

#[tokio::test]
async fn see_other_with_empty_body_is_ok() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/session/start"))
        .respond_with(ResponseTemplate::new(303).insert_header("Location", "/home").insert_header("X-Other", "1"))
        .mount(&server)
        .await;
    let r = client(server.uri()).default().start_session(&StartSessionRequest::new("u", "s")).await.unwrap();
    assert_eq!(r.status.as_u16(), 303);
    assert_eq!(r.location.as_deref(), Some("/home"));
    assert_eq!(r.headers.get("x-other").unwrap(), "1");
}

#[tokio::test]
async fn bad_request_is_a_typed_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/oauth/authorize"))
        .respond_with(ResponseTemplate::new(400).set_body_json(serde_json::json!({"error": "invalid_request"})))
        .mount(&server)
        .await;
    let e = client(server.uri()).default().authorize(&AuthorizeParams::new(AuthorizeResponseType::Code, "c")).await.unwrap_err();
    match e {
        case_c02::Error::Api { body: Some(body), .. } => assert_eq!(body.error.as_deref(), Some("invalid_request")),
        other => panic!("expected a typed API error, got {other:?}"),
    }
}
