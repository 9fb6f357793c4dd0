//! C05: integer enums (negative values, x-enum-varnames, int64), as JSON numbers.
use case_c05::models::{InlineCode, Kind, Level, LevelHolder};
use case_c05::services::GetLevelParams;
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[test]
fn numbers_round_trip() {
    let h: LevelHolder = serde_json::from_str(r#"{"level":-1,"kind":2,"inline_code":300}"#).unwrap();
    assert_eq!(h.level, Level::Minus1);
    assert_ne!(Level::Minus1, Level::Value1);
    assert_eq!(h.kind, Some(Kind::Full));
    assert_eq!(h.inline_code, Some(InlineCode::Value300));
    assert_eq!(serde_json::to_value(&h).unwrap(), serde_json::json!({"level":-1,"kind":2,"inline_code":300}));
    // Unknown integers are kept, as C06 does for strings.
    let u: LevelHolder = serde_json::from_str(r#"{"level":7}"#).unwrap();
    assert_eq!(u.level, Level::Unknown(7));
    assert_eq!(serde_json::to_string(&u).unwrap(), r#"{"level":7}"#);
    // int64 inline enum.
    let big: InlineCode = serde_json::from_str("5000000000").unwrap();
    assert_eq!(big, InlineCode::Unknown(5_000_000_000_i64));
}

#[tokio::test]
async fn negative_query_value() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/levels"))
        .and(query_param("min", "-1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"level": 0})))
        .expect(1)
        .mount(&server)
        .await;
    let client = case_c05::Client::builder().base_url(server.uri()).build().unwrap();
    let h = client.default().get_level(&GetLevelParams::new().with_min(Level::Minus1)).await.unwrap();
    assert_eq!(h.level, Level::Value0);
    let reqs = server.received_requests().await.unwrap();
    assert_eq!(reqs[0].url.query(), Some("min=-1"));
}
