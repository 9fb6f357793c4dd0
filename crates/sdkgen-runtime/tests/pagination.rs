//! Walking pages: each style against a local server, the stopping rules, and the walks that
//! must end with `Error::Pagination` instead of looping or leaving the API.

// `Error` carries the whole response by value; its size is accepted.
#![allow(clippy::result_large_err)]

mod common;

use common::*;
use futures_util::TryStreamExt;
use reqwest::Method;
use sdkgen_runtime::pagination::{self, PageParam, ParamIn, Paging, Source, Style};
use sdkgen_runtime::{ClientCore, Error, Page, Request};
use serde_json::{Value, json};
use wiremock::matchers::{method, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

const fn query(name: &'static str) -> PageParam {
    PageParam { name, location: ParamIn::Query }
}

async fn walk(core: &ClientCore, paging: Paging, query: &'static [(&'static str, &'static str)]) -> (Vec<Page<Value>>, Option<Error>) {
    let build = move || {
        let mut req = Request::at(Method::GET, "/items");
        for (k, v) in query {
            req.query_param(k, v)?;
        }
        Ok(req)
    };
    let stream = pagination::pages(core, paging, build, |resp| resp.json());
    futures_util::pin_mut!(stream);
    let mut pages = Vec::new();
    loop {
        match stream.try_next().await {
            Ok(Some(p)) => pages.push(p),
            Ok(None) => return (pages, None),
            Err(e) => {
                // The stream ends after an error.
                assert!(stream.try_next().await.unwrap().is_none());
                return (pages, Some(e));
            }
        }
    }
}

fn ids(pages: &[Page<Value>]) -> Vec<i64> {
    pages.iter().flat_map(|p| p.items::<i64, Value>().unwrap()).collect()
}

async fn mount(server: &MockServer, m: wiremock::MockBuilder, body: Value) {
    m.respond_with(ResponseTemplate::new(200).set_body_json(body)).mount(server).await;
}

const CURSOR: Paging = Paging { style: Style::Cursor { param: query("cursor"), next: Source::Body("/next") }, items: "/data", has_more: None };

#[tokio::test]
async fn a_cursor_from_the_body_is_sent_until_there_is_none() {
    let server = MockServer::start().await;
    mount(&server, Mock::given(method("GET")).and(query_param_is_missing("cursor")), json!({"data": [1, 2], "next": "b"})).await;
    mount(&server, Mock::given(query_param("cursor", "b")), json!({"data": [3], "next": "c d"})).await;
    mount(&server, Mock::given(query_param("cursor", "c d")), json!({"data": [4], "next": null})).await;
    let core = builder(&server).build().unwrap();
    let (pages, err) = walk(&core, CURSOR, &[("limit", "2")]).await;
    assert!(err.is_none(), "{err:?}");
    assert_eq!(ids(&pages), [1, 2, 3, 4]);
    // Other parameters stay; the cursor is replaced, not repeated.
    let reqs = requests(&server).await;
    assert_eq!(reqs[1].url.query(), Some("limit=2&cursor=b"));
    assert_eq!(reqs[2].url.query(), Some("limit=2&cursor=c%20d"));
    // The items stream yields the same, decoded.
    let items: Vec<i64> = pagination::items::<Value, i64, Value>(pagination::pages(&core, CURSOR, || Ok(Request::at(Method::GET, "/items")), |r| r.json::<Value>())).try_collect().await.unwrap();
    assert_eq!(items, [1, 2, 3, 4]);
}

#[tokio::test]
async fn a_cursor_the_server_already_sent_stops_with_an_error() {
    let server = MockServer::start().await;
    mount(&server, Mock::given(query_param_is_missing("cursor")), json!({"data": [1], "next": "a"})).await;
    mount(&server, Mock::given(query_param("cursor", "a")), json!({"data": [2], "next": "b"})).await;
    mount(&server, Mock::given(query_param("cursor", "b")), json!({"data": [3], "next": "a"})).await;
    let core = builder(&server).build().unwrap();
    let (pages, err) = walk(&core, CURSOR, &[]).await;
    assert_eq!(ids(&pages), [1, 2, 3]);
    let err = err.expect("a repeating cursor is an error");
    assert!(matches!(&err, Error::Pagination { page: 3, .. }), "{err:?}");
    assert_eq!(requests(&server).await.len(), 3);
    // The cursor the caller sent counts as sent: b → a → b repeats.
    let (pages, err) = walk(&core, CURSOR, &[("cursor", "b")]).await;
    assert_eq!(ids(&pages), [3, 2]);
    assert!(matches!(err, Some(Error::Pagination { page: 2, .. })), "{err:?}");
}

#[tokio::test]
async fn empty_pages_empty_cursors_and_header_cursors_end_the_walk() {
    let server = MockServer::start().await;
    mount(&server, Mock::given(query_param_is_missing("cursor")), json!({"data": [1], "next": "x"})).await;
    mount(&server, Mock::given(query_param("cursor", "x")), json!({"data": [], "next": "y"})).await;
    let core = builder(&server).build().unwrap();
    let (pages, err) = walk(&core, CURSOR, &[]).await;
    assert!(err.is_none());
    assert_eq!((pages.len(), pages[1].is_empty()), (2, true));

    let server = MockServer::start().await;
    let page = |n: i64, next: &str| ResponseTemplate::new(200).set_body_json(json!({"data": [n]})).insert_header("x-next", next);
    Mock::given(query_param_is_missing("token")).respond_with(page(1, "t2")).mount(&server).await;
    Mock::given(query_param("token", "t2")).respond_with(page(2, "")).mount(&server).await;
    let core = builder(&server).build().unwrap();
    let header = Paging { style: Style::Cursor { param: query("token"), next: Source::Header("x-next") }, items: "/data", has_more: None };
    let (pages, err) = walk(&core, header, &[]).await;
    assert!(err.is_none());
    assert_eq!(ids(&pages), [1, 2]);
}

#[tokio::test]
async fn offsets_advance_by_the_items_received_and_a_short_page_is_the_last() {
    let server = MockServer::start().await;
    mount(&server, Mock::given(query_param("offset", "5")), json!([1, 2])).await;
    mount(&server, Mock::given(query_param("offset", "7")), json!([3, 4])).await;
    mount(&server, Mock::given(query_param("offset", "9")), json!([5])).await;
    let core = builder(&server).build().unwrap();
    let offset = Paging { style: Style::Offset { param: query("offset"), limit: Some(query("limit")) }, items: "", has_more: None };
    let (pages, err) = walk(&core, offset, &[("offset", "5"), ("limit", "2")]).await;
    assert!(err.is_none(), "{err:?}");
    assert_eq!(ids(&pages), [1, 2, 3, 4, 5]);
    assert_eq!(requests(&server).await.len(), 3);
}

#[tokio::test]
async fn page_numbers_count_from_the_first_and_a_page_served_twice_is_an_error() {
    let server = MockServer::start().await;
    mount(&server, Mock::given(query_param_is_missing("page")), json!({"items": [1], "more": true})).await;
    mount(&server, Mock::given(query_param("page", "2")), json!({"items": [2], "more": true})).await;
    mount(&server, Mock::given(query_param("page", "3")), json!({"items": [3], "more": false})).await;
    let core = builder(&server).build().unwrap();
    let numbered = Paging { style: Style::PageNumber { param: query("page"), first: 1, limit: None }, items: "/items", has_more: Some("/more") };
    let (pages, err) = walk(&core, numbered, &[]).await;
    assert!(err.is_none(), "{err:?}");
    assert_eq!(ids(&pages), [1, 2, 3]);

    // A server that ignores the page parameter sends the same page forever.
    let server = MockServer::start().await;
    mount(&server, Mock::given(method("GET")), json!({"items": [1], "more": true})).await;
    let core = builder(&server).build().unwrap();
    let (pages, err) = walk(&core, numbered, &[]).await;
    assert_eq!(pages.len(), 2);
    assert!(matches!(err, Some(Error::Pagination { page: 2, .. })), "{err:?}");
}

#[tokio::test]
async fn link_headers_are_followed_on_the_same_origin_only() {
    let server = MockServer::start().await;
    let uri = server.uri();
    let link = |n: i64, link: String| ResponseTemplate::new(200).set_body_json(json!([n])).insert_header("link", link.as_str());
    Mock::given(query_param_is_missing("page")).respond_with(link(1, format!("<{uri}/items?page=2&per_page=1>; rel=\"next\", <{uri}/items?page=3>; rel=\"last\""))).mount(&server).await;
    Mock::given(query_param("page", "2")).respond_with(link(2, "</items?page=3&per_page=1>; rel=next".into())).mount(&server).await;
    Mock::given(query_param("page", "3")).respond_with(ResponseTemplate::new(200).set_body_json(json!([3]))).mount(&server).await;
    Mock::given(query_param("page", "4")).respond_with(link(4, "<https://elsewhere.test/items?page=5>; rel=\"next\"".into())).mount(&server).await;
    let core = builder(&server).api_key("QueryKey", "K").build().unwrap();
    let paging = Paging { style: Style::Link, items: "", has_more: None };
    let (pages, err) = walk(&core, paging, &[]).await;
    assert!(err.is_none(), "{err:?}");
    assert_eq!(ids(&pages), [1, 2, 3]);
    assert_eq!(requests(&server).await[2].url.query(), Some("page=3&per_page=1"));

    let (pages, err) = walk(&core, paging, &[("page", "4")]).await;
    assert_eq!(pages.len(), 1);
    let err = err.expect("a link to another origin is an error");
    assert!(matches!(&err, Error::Pagination { page: 1, reason } if reason.contains("elsewhere.test")), "{err:?}");
}

#[tokio::test]
async fn an_item_that_does_not_decode_names_its_place() {
    let server = MockServer::start().await;
    mount(&server, Mock::given(method("GET")), json!({"data": [1, "two"], "next": null})).await;
    let core = builder(&server).build().unwrap();
    let stream = pagination::items::<Value, i64, Value>(pagination::pages(&core, CURSOR, || Ok(Request::at(Method::GET, "/items")), |r| r.json()));
    let err = stream.try_collect::<Vec<i64>>().await.unwrap_err();
    assert!(matches!(&err, Error::Decode { path, .. } if path == "data[1]"), "{err:?}");
}

#[tokio::test]
async fn the_options_of_a_service_value_apply_to_every_page() {
    let server = MockServer::start().await;
    mount(&server, Mock::given(query_param_is_missing("cursor")), json!({"data": [1], "next": "a"})).await;
    mount(&server, Mock::given(query_param("cursor", "a")), json!({"data": [2], "next": null})).await;
    let core = builder(&server).build().unwrap();
    let options = sdkgen_runtime::RequestOptions::new().header("x-trace", "t1").query("lang", "en");
    let service = sdkgen_runtime::ServiceCore::new(&core).with_options(&options);
    let items: Vec<i64> = pagination::items::<Value, i64, Value>(pagination::pages(service, CURSOR, || Ok(Request::at(Method::GET, "/items")), |r| r.json::<Value>())).try_collect().await.unwrap();
    assert_eq!(items, [1, 2]);
    let reqs = requests(&server).await;
    assert_eq!(reqs.len(), 2);
    for r in &reqs {
        assert_eq!(r.headers.get("x-trace").and_then(|v| v.to_str().ok()), Some("t1"), "{r:?}");
        assert!(r.url.query().unwrap_or_default().contains("lang=en"), "{:?}", r.url);
    }
}
