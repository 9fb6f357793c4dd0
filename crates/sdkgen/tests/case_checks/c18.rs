//! C18: servers with variables, relative servers, per-operation servers.
use case_c18::{Environment, ProductionRegion};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[test]
fn default_url_has_defaults_substituted() {
    assert_eq!(Environment::default().url(), "https://us.api.example.test/v1");
    let eu = Environment::Production { region: ProductionRegion::Eu, base_path: "v2".into() };
    assert_eq!(eu.url(), "https://eu.api.example.test/v2");
    assert!(!Environment::default().url().contains('{'));
}

#[tokio::test]
async fn relative_server_is_resolved_against_an_origin() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any()).respond_with(ResponseTemplate::new(200)).mount(&server).await;
    let client = case_c18::Client::builder().environment(Environment::Server3).origin(server.uri()).build().unwrap();
    client.default().ping().await.unwrap();
    let reqs = server.received_requests().await.unwrap();
    assert_eq!(reqs[0].url.path(), "/relative/base/ping");
    // Without an origin a relative server is an error, not a request to `{region}` or `/`.
    assert!(case_c18::Client::builder().environment(Environment::Server3).build().is_err());
}

#[tokio::test]
async fn operation_server_overrides_the_client_base() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any()).respond_with(ResponseTemplate::new(200)).mount(&server).await;
    let client = case_c18::Client::builder()
        .base_url(server.uri())
        .timeout(std::time::Duration::from_secs(3))
        .retry_policy(case_c18::RetryPolicy::none())
        .build()
        .unwrap();
    // `special` is served by https://uploads.example.test only: it must not go to the client's base.
    let _ = client.default().special().await;
    assert!(server.received_requests().await.unwrap().is_empty());
}
