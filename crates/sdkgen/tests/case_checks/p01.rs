//! P01: every pagination style through the generated `_stream` and `_pages` methods, against a
//! local server: the requests each page sends, where the walk stops (no cursor, an empty page, a
//! short page, `has_more: false`, no `Link`), and a repeating cursor that ends it with an error.
use case_p01::Error;
use case_p01::models::{Item, SearchRequest};
use case_p01::services::*;
use futures_util::{StreamExt, TryStreamExt};
use serde_json::{Value, json};
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(server: &MockServer) -> case_p01::Client {
    case_p01::Client::builder().base_url(server.uri()).build().unwrap()
}

fn items(ids: std::ops::RangeInclusive<i64>) -> Value {
    Value::Array(ids.map(|i| json!({"id": i, "name": format!("n{i}")})).collect())
}

fn ok(body: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(body)
}

fn ids(items: &[Item]) -> Vec<i64> {
    items.iter().map(|i| i.id).collect()
}

async fn queries(server: &MockServer) -> Vec<String> {
    server.received_requests().await.unwrap().iter().map(|r| r.url.query().unwrap_or("").to_string()).collect()
}

#[tokio::test]
async fn cursor_in_the_body_found_by_the_heuristic() {
    let server = MockServer::start().await;
    Mock::given(path("/cursor")).and(query_param_is_missing("cursor")).respond_with(ok(json!({"data": items(1..=2), "next_cursor": "c2"}))).mount(&server).await;
    Mock::given(path("/cursor")).and(query_param("cursor", "c2")).respond_with(ok(json!({"data": items(3..=4), "next_cursor": "c3"}))).mount(&server).await;
    Mock::given(path("/cursor")).and(query_param("cursor", "c3")).respond_with(ok(json!({"data": items(5..=5), "next_cursor": null}))).mount(&server).await;
    let client = client(&server);
    let params = ListCursorParams::new().with_limit(2);
    let all: Vec<Item> = client.items().list_cursor_stream(&params).try_collect().await.unwrap();
    assert_eq!(ids(&all), [1, 2, 3, 4, 5]);
    assert_eq!(all[4].name.as_deref(), Some("n5"));
    assert_eq!(queries(&server).await, ["limit=2", "limit=2&cursor=c2", "limit=2&cursor=c3"]);
    // Nothing is requested before the stream is polled, and one page per poll of `_pages`.
    let pages = client.items().list_cursor_pages(&params);
    assert_eq!(queries(&server).await.len(), 3);
    let mut pages = Box::pin(pages);
    let first = pages.next().await.unwrap().unwrap();
    assert_eq!(queries(&server).await.len(), 4);
    assert_eq!(first.body().next_cursor.as_ref().and_then(|c| c.as_deref()), Some("c2"));
    assert_eq!(first.len(), 2);
}

#[tokio::test]
async fn a_repeating_cursor_stops_with_an_error() {
    let server = MockServer::start().await;
    Mock::given(path("/cursor")).and(query_param_is_missing("cursor")).respond_with(ok(json!({"data": items(1..=1), "next_cursor": "a"}))).mount(&server).await;
    Mock::given(path("/cursor")).and(query_param("cursor", "a")).respond_with(ok(json!({"data": items(2..=2), "next_cursor": "b"}))).mount(&server).await;
    Mock::given(path("/cursor")).and(query_param("cursor", "b")).respond_with(ok(json!({"data": items(3..=3), "next_cursor": "a"}))).mount(&server).await;
    let results: Vec<Result<Item, Error>> = client(&server).items().list_cursor_stream(&ListCursorParams::new()).collect().await;
    assert_eq!(results.len(), 4, "three items, then the error, then the end");
    assert_eq!(results[..3].iter().map(|r| r.as_ref().unwrap().id).collect::<Vec<_>>(), [1, 2, 3]);
    assert!(matches!(&results[3], Err(Error::Pagination { page: 3, .. })), "{:?}", results[3]);
    assert_eq!(queries(&server).await.len(), 3);
}

#[tokio::test]
async fn cursor_in_a_header() {
    let server = MockServer::start().await;
    Mock::given(path("/header-cursor")).and(query_param_is_missing("token")).respond_with(ok(items(1..=2)).insert_header("x-next-token", "t/2")).mount(&server).await;
    Mock::given(path("/header-cursor")).and(query_param("token", "t/2")).respond_with(ok(items(3..=3))).mount(&server).await;
    let all: Vec<Item> = client(&server).items().list_header_cursor_stream(&ListHeaderCursorParams::new()).try_collect().await.unwrap();
    assert_eq!(ids(&all), [1, 2, 3]);
    assert_eq!(queries(&server).await, ["", "token=t%2F2"]);
}

#[tokio::test]
async fn offset_and_limit_stop_on_a_short_page() {
    let server = MockServer::start().await;
    Mock::given(path("/offset")).and(query_param_is_missing("offset")).respond_with(ok(json!({"results": items(1..=2), "total": 5}))).mount(&server).await;
    Mock::given(path("/offset")).and(query_param("offset", "2")).respond_with(ok(json!({"results": items(3..=4)}))).mount(&server).await;
    Mock::given(path("/offset")).and(query_param("offset", "4")).respond_with(ok(json!({"results": items(5..=5)}))).mount(&server).await;
    let all: Vec<Item> = client(&server).items().list_offset_stream(&ListOffsetParams::new().with_limit(2)).try_collect().await.unwrap();
    assert_eq!(ids(&all), [1, 2, 3, 4, 5]);
    assert_eq!(queries(&server).await, ["limit=2", "limit=2&offset=2", "limit=2&offset=4"]);
}

#[tokio::test]
async fn page_numbers_stop_on_has_more_or_an_empty_last_page() {
    let server = MockServer::start().await;
    Mock::given(path("/pages")).and(query_param_is_missing("page")).respond_with(ok(json!({"items": items(1..=2), "has_more": true}))).mount(&server).await;
    Mock::given(path("/pages")).and(query_param("page", "2")).respond_with(ok(json!({"items": items(3..=4), "has_more": true}))).mount(&server).await;
    Mock::given(path("/pages")).and(query_param("page", "3")).respond_with(ok(json!({"items": [], "has_more": true}))).mount(&server).await;
    let all: Vec<Item> = client(&server).items().list_pages_stream(&ListPagesParams::new()).try_collect().await.unwrap();
    assert_eq!(ids(&all), [1, 2, 3, 4]);
    assert_eq!(queries(&server).await, ["", "page=2", "page=3"]);

    let server = MockServer::start().await;
    Mock::given(path("/pages")).and(query_param("page", "5")).respond_with(ok(json!({"items": items(1..=1), "has_more": true}))).mount(&server).await;
    Mock::given(path("/pages")).and(query_param("page", "6")).respond_with(ok(json!({"items": items(2..=2), "has_more": false}))).mount(&server).await;
    let pages: Vec<case_p01::Page<_>> = client(&server).items().list_pages_pages(&ListPagesParams::new().with_page(5)).try_collect().await.unwrap();
    assert_eq!(pages.len(), 2);
    assert_eq!(pages[1].body().has_more, Some(false));
}

#[tokio::test]
async fn link_headers_declared_in_sdkgen_toml() {
    let server = MockServer::start().await;
    let next = format!("<{}/linked?per_page=2&page=2>; rel=\"next\"", server.uri());
    Mock::given(path("/linked")).and(query_param_is_missing("page")).respond_with(ok(items(1..=2)).insert_header("link", next.as_str())).mount(&server).await;
    Mock::given(path("/linked")).and(query_param("page", "2")).respond_with(ok(items(3..=4)).insert_header("link", "</linked?per_page=2&page=3>; rel=\"next\", </linked?page=1>; rel=\"first\"")).mount(&server).await;
    Mock::given(path("/linked")).and(query_param("page", "3")).respond_with(ok(items(5..=6))).mount(&server).await;
    let all: Vec<Item> = client(&server).items().list_linked_stream(&ListLinkedParams::new().with_per_page(2)).try_collect().await.unwrap();
    assert_eq!(ids(&all), [1, 2, 3, 4, 5, 6]);
    assert_eq!(queries(&server).await, ["per_page=2", "per_page=2&page=2", "per_page=2&page=3"]);
}

#[tokio::test]
async fn a_post_search_sends_its_body_with_every_page() {
    let server = MockServer::start().await;
    Mock::given(method("POST")).and(path("/search")).and(query_param_is_missing("after")).respond_with(ok(json!({"hits": items(1..=1), "meta": {"after": "h1"}}))).mount(&server).await;
    Mock::given(method("POST")).and(path("/search")).and(query_param("after", "h1")).respond_with(ok(json!({"hits": items(2..=2), "meta": {}}))).mount(&server).await;
    let body = SearchRequest::new("red");
    let all: Vec<Item> = client(&server).items().search_stream(&SearchParams::new(), &body).try_collect().await.unwrap();
    assert_eq!(ids(&all), [1, 2]);
    for r in server.received_requests().await.unwrap() {
        assert_eq!(serde_json::from_slice::<Value>(&r.body).unwrap(), json!({"query": "red"}));
    }
}

#[tokio::test]
async fn a_next_url_in_the_body() {
    let server = MockServer::start().await;
    Mock::given(path("/next-url")).and(query_param_is_missing("p")).respond_with(ok(json!({"data": items(1..=1), "links": {"next": "/next-url?p=2"}}))).mount(&server).await;
    Mock::given(path("/next-url")).and(query_param("p", "2")).respond_with(ok(json!({"data": items(2..=2), "links": {"next": ""}}))).mount(&server).await;
    let all: Vec<Item> = client(&server).items().list_next_url_stream().try_collect().await.unwrap();
    assert_eq!(ids(&all), [1, 2]);
}

#[tokio::test]
async fn an_error_status_ends_the_stream_with_the_operations_error() {
    let server = MockServer::start().await;
    Mock::given(path("/cursor")).and(query_param_is_missing("cursor")).respond_with(ok(json!({"data": items(1..=1), "next_cursor": "x"}))).mount(&server).await;
    Mock::given(path("/cursor")).and(query_param("cursor", "x")).respond_with(ResponseTemplate::new(500)).mount(&server).await;
    let results: Vec<Result<Item, Error>> = client(&server).items().list_cursor_stream(&ListCursorParams::new()).collect().await;
    assert_eq!(results.len(), 2);
    assert!(matches!(&results[1], Err(Error::UnexpectedStatus { status, .. }) if status.as_u16() == 500), "{:?}", results[1]);
}
