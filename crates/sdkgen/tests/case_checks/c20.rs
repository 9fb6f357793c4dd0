//! C20: JSON is picked among several media types; parameters are stripped.
use case_c20::models::ListQuery;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn json_is_preferred() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/archives/entries"))
        .and(header("content-type", "application/json"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(r#"{"names":["a"]}"#, "application/json; charset=utf-8"))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v1/graphql"))
        .and(header("content-type", "application/graphql"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"data": {}})))
        .expect(1)
        .mount(&server)
        .await;
    let client = case_c20::Client::builder().base_url(server.uri()).build().unwrap();
    let mut q = ListQuery::new();
    q.prefix = Some("p".into());
    let list = client.default().list_archive_entries(&q).await.unwrap();
    assert_eq!(list.names.as_deref(), Some(&["a".to_string()][..]));
    let reqs = server.received_requests().await.unwrap();
    assert_eq!(String::from_utf8_lossy(&reqs[0].body), r#"{"prefix":"p"}"#);
    client.default().graphql("{ a }".to_string()).await.unwrap();
}
