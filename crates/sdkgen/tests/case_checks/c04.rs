//! C04: apiKey in the query string, with the scheme's exact name.
use case_c04::services::SearchParams;
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any()).respond_with(ResponseTemplate::new(200)).mount(&server).await;
    server
}

#[tokio::test]
async fn key_in_query_with_exact_name() {
    let server = server().await;
    let client = case_c04::Client::builder().base_url(server.uri()).api_key("queryKey", "K").build().unwrap();
    client.default().ping().await.unwrap();
    client.default().search(&SearchParams::new("x y&z")).await.unwrap();
    let reqs = server.received_requests().await.unwrap();
    assert_eq!(reqs[0].url.path(), "/v1/ping");
    assert_eq!(reqs[0].url.query(), Some("access-key=K"));
    assert_eq!(reqs[1].url.path(), "/v1/search");
    assert_eq!(reqs[1].url.query(), Some("q=x%20y%26z&access-key=K"));
}

#[tokio::test]
async fn either_scheme_sends_one_credential() {
    let server = server().await;
    let client = case_c04::Client::builder()
        .base_url(server.uri())
        .api_key("queryKey", "K")
        .api_key("headerKey", "H")
        .build()
        .unwrap();
    client.default().alt_auth().await.unwrap();
    let reqs = server.received_requests().await.unwrap();
    let r = &reqs[0];
    let in_header = r.headers.get("x-api-key").is_some();
    let in_query = r.url.query().is_some_and(|q| q.contains("access-key="));
    assert!(in_header ^ in_query, "exactly one credential: header={in_header} query={in_query}");
}
