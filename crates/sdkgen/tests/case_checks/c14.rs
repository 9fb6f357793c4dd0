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
