//! C07: keywords as names: raw identifiers, wire names unchanged.
use case_c07::models::RefInfo;
use case_c07::services::GetRefParams;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[test]
fn keyword_fields_round_trip() {
    let text = r#"{"type":"t","ref":"r","match":true,"fn":"f","where":"w","loop":1,"dyn":"d","try":"y","gen":"g"}"#;
    let v: RefInfo = serde_json::from_str(text).unwrap();
    assert_eq!(v.r#type, "t");
    assert_eq!(v.r#ref, "r");
    assert_eq!(v.r#gen.as_deref(), Some("g"));
    let back: serde_json::Value = serde_json::to_value(&v).unwrap();
    assert_eq!(back, serde_json::from_str::<serde_json::Value>(text).unwrap());
}

#[tokio::test]
async fn keyword_parameters_keep_wire_names() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/refs/main"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"type": "t", "ref": "main"})))
        .mount(&server)
        .await;
    let client = case_c07::Client::builder().base_url(server.uri()).build().unwrap();
    let p = GetRefParams::new("main").with_type("branch").with_async(true);
    let v = client.default().get_ref(&p).await.unwrap();
    assert_eq!(v.r#ref, "main");
    let reqs = server.received_requests().await.unwrap();
    assert_eq!(reqs[0].url.query(), Some("type=branch&async=true"));
}
