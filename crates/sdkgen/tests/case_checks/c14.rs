//! C14: array parameters in every style.
use case_c14::services::{FilterItemsParams, GetItemsByKeysParams};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any()).respond_with(ResponseTemplate::new(200)).mount(&server).await;
    server
}

#[tokio::test]
async fn styles_on_the_wire() {
    let server = server().await;
    let client = case_c14::Client::builder().base_url(server.uri()).build().unwrap();
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    let p = FilterItemsParams::new()
        .with_ids(vec![1_i64, 2])
        .with_tags(s(&["a", "b"]))
        .with_piped(s(&["a", "b"]))
        .with_spaced(s(&["a", "b"]))
        .with_x_trace_ids(s(&["a", "b"]));
    client.default().filter_items(&p).await.unwrap();
    client.default().get_items_by_keys(&GetItemsByKeysParams::new(s(&["a", "b"]))).await.unwrap();
    // Values with separators are percent-encoded, not split.
    client.default().filter_items(&FilterItemsParams::new().with_tags(s(&["a,b", "c&d"]))).await.unwrap();
    let reqs = server.received_requests().await.unwrap();
    let q = reqs[0].url.query().unwrap().replace("%2C", ",").replace("%7C", "|");
    assert_eq!(q, "ids=1&ids=2&tags=a,b&piped=a|b&spaced=a%20b");
    assert_eq!(reqs[0].headers.get("x-trace-ids").unwrap(), "a,b");
    assert_eq!(reqs[1].url.path().replace("%2C", ","), "/v1/items/a,b");
    let q2 = reqs[2].url.query().unwrap();
    assert_eq!(q2, "tags=a%2Cb,c%26d");
}

/// `content: application/json` parameters are sent as their JSON text (percent-encoded in the
/// path and query, as is in a header); an unset optional one is absent; a `text/plain` one is
/// sent as it is.
#[tokio::test]
async fn json_content_parameters_are_sent_as_json_text() {
    use case_c14::services::SearchItemsParams;
    let server = server().await;
    let client = case_c14::Client::builder().base_url(server.uri()).build().unwrap();
    let filter: case_c14::models::SearchItemsFilter = serde_json::from_value(serde_json::json!({"name": "a b", "ids": [1, 2]})).unwrap();
    let header: case_c14::models::SearchItemsXFilter = serde_json::from_value(serde_json::json!({"on": true})).unwrap();
    let p = SearchItemsParams::new(vec!["x/y".to_string()], filter.clone())
        .with_days(vec![jiff::civil::date(2024, 2, 29)])
        .with_x_filter(header)
        .with_plain("p q");
    client.default().search_items(&p).await.unwrap();
    client.default().search_items(&SearchItemsParams::new(vec![], filter)).await.unwrap();
    let reqs = server.received_requests().await.unwrap();
    let decode = |s: &str| percent_decode(s);
    assert_eq!(decode(reqs[0].url.path()), r#"/v1/search/["x/y"]"#);
    assert!(reqs[0].url.path().contains("%2F"), "a slash inside the value is encoded: {}", reqs[0].url.path());
    let pairs: Vec<(String, String)> = reqs[0].url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
    assert_eq!(
        pairs,
        vec![
            ("filter".to_string(), r#"{"name":"a b","ids":[1,2]}"#.to_string()),
            ("days".to_string(), r#"["2024-02-29"]"#.to_string()),
            ("plain".to_string(), "p q".to_string()),
        ]
    );
    assert_eq!(reqs[0].headers.get("x-filter").unwrap(), r#"{"on":true}"#);
    let pairs: Vec<(String, String)> = reqs[1].url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
    assert_eq!(pairs, vec![("filter".to_string(), r#"{"name":"a b","ids":[1,2]}"#.to_string())]);
    assert!(reqs[1].headers.get("x-filter").is_none());
    assert_eq!(decode(reqs[1].url.path()), "/v1/search/[]");
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            out.push(u8::from_str_radix(std::str::from_utf8(&b[i + 1..i + 3]).unwrap(), 16).unwrap());
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}
