//! OPT01: per-request options on a generated operation (timeout, headers, query, base URL, retry
//! policy, idempotency key), the idempotency header the spec declares, and hooks registered on
//! the generated builder.
use std::sync::{Arc, Mutex};
use std::time::Duration;

use case_opt01::models::Order;
use case_opt01::runtime::{AttemptInfo, HookError, ResponseInfo};
use case_opt01::services::{CreateOrderParams, GetOrderParams};
use case_opt01::{Client, Error, Hook, RequestOptions, RetryPolicy};
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn order() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(serde_json::json!({"id": "o1"}))
}

fn fast(retries: u32) -> RetryPolicy {
    RetryPolicy::default().max_retries(retries).initial_backoff(Duration::from_millis(1)).max_backoff(Duration::from_millis(2))
}

fn client(server: &MockServer) -> Client {
    Client::builder().base_url(format!("{}/v1", server.uri())).api_key("apiKey", "K").retry_policy(fast(2)).build().unwrap()
}

#[tokio::test]
async fn with_options_adds_headers_and_query_and_the_plain_call_is_unchanged() {
    let server = MockServer::start().await;
    Mock::given(path("/v1/orders/o1")).and(header("x-trace", "t-1")).and(query_param("tenant", "acme")).respond_with(order()).mount(&server).await;
    Mock::given(path("/v1/orders/o1")).respond_with(order()).mount(&server).await;
    let client = client(&server);
    let params = GetOrderParams::new("o1").with_expand(true);
    let plain = client.orders().get_order(&params).await.unwrap();
    assert_eq!(plain.id, "o1");
    let opts = RequestOptions::new().header("X-Trace", "t-1").query("tenant", "acme");
    let traced = client.orders().with_options(&opts).get_order(&params).await.unwrap();
    assert_eq!(traced.id, "o1");
    let reqs = server.received_requests().await.unwrap();
    assert!(reqs[0].headers.get("x-trace").is_none());
    assert_eq!(reqs[1].url.query(), Some("expand=true&tenant=acme"));
    assert_eq!(reqs[1].headers.get("x-api-key").unwrap(), "K");
    // The credentials' header is never replaced by an option.
    let opts = RequestOptions::new().header("X-Api-Key", "other");
    let err = client.orders().with_options(&opts).get_order(&params).await.unwrap_err();
    assert!(matches!(&err, Error::InvalidRequest(m) if m.contains("x-api-key")), "{err:?}");
}

#[tokio::test]
async fn the_options_timeout_base_url_and_retry_policy_apply() {
    let server = MockServer::start().await;
    let other = MockServer::start().await;
    Mock::given(path("/v1/orders/slow")).respond_with(order().set_delay(Duration::from_millis(500))).mount(&server).await;
    Mock::given(path("/v1/orders/busy")).respond_with(ResponseTemplate::new(503)).mount(&server).await;
    Mock::given(path("/v2/orders/o1")).respond_with(order()).mount(&other).await;
    let client = client(&server);
    let short = RequestOptions::new().timeout(Duration::from_millis(50)).retry_policy(RetryPolicy::none());
    let err = client.orders().with_options(&short).get_order(&GetOrderParams::new("slow")).await.unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    let moved = RequestOptions::new().base_url(url::Url::parse(&format!("{}/v2", other.uri())).unwrap());
    assert_eq!(client.orders().with_options(&moved).get_order(&GetOrderParams::new("o1")).await.unwrap().id, "o1");
    let patient = RequestOptions::new().retry_policy(fast(4));
    let err = client.orders().with_options(&patient).get_order(&GetOrderParams::new("busy")).await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    let busy = server.received_requests().await.unwrap().iter().filter(|r| r.url.path() == "/v1/orders/busy").count();
    assert_eq!(busy, 5, "the options' four retries, not the client's two");
}

#[tokio::test]
async fn a_declared_idempotency_header_makes_the_post_retryable_with_one_key() {
    let server = MockServer::start().await;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(503)).up_to_n_times(1).mount(&server).await;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(201).set_body_json(serde_json::json!({"id": "o1"}))).mount(&server).await;
    let client = client(&server);
    let created = client.orders().create_order(&CreateOrderParams::new(), &Order::new("o1")).await.unwrap();
    assert_eq!(created.id, "o1");
    let reqs = server.received_requests().await.unwrap();
    assert_eq!(reqs.len(), 2, "retried after 503");
    let key = reqs[0].headers.get("idempotency-key").unwrap();
    assert_eq!(reqs[1].headers.get("idempotency-key").unwrap(), key, "the same generated key");
    // The caller's key, as the parameter or as an option.
    client.orders().create_order(&CreateOrderParams::new().with_idempotency_key("p-1"), &Order::new("o1")).await.unwrap();
    let opts = RequestOptions::new().idempotency_key("o-1");
    client.orders().with_options(&opts).create_order(&CreateOrderParams::new(), &Order::new("o1")).await.unwrap();
    let reqs = server.received_requests().await.unwrap();
    assert_eq!(reqs[2].headers.get("idempotency-key").unwrap(), "p-1");
    assert_eq!(reqs[3].headers.get("idempotency-key").unwrap(), "o-1");
}

#[tokio::test]
async fn a_post_without_a_declared_header_is_retried_only_with_a_key() {
    let server = MockServer::start().await;
    Mock::given(path("/v1/notes")).respond_with(ResponseTemplate::new(502)).mount(&server).await;
    let client = client(&server);
    client.orders().create_note(&Order::new("n")).await.unwrap_err();
    assert_eq!(server.received_requests().await.unwrap().len(), 1, "a plain POST is sent once");
    let opts = RequestOptions::new().idempotency_key("n-1");
    client.orders().with_options(&opts).create_note(&Order::new("n")).await.unwrap_err();
    let reqs = server.received_requests().await.unwrap();
    assert_eq!(reqs.len(), 1 + 3);
    assert!(reqs[1..].iter().all(|r| r.headers.get("idempotency-key").unwrap() == "n-1"));
}

struct Sign(Arc<Mutex<Vec<String>>>);

impl Hook for Sign {
    fn before_send(&self, request: &mut reqwest::Request, info: &AttemptInfo<'_>) -> Result<(), HookError> {
        request.headers_mut().insert("x-signature", "sig".parse()?);
        self.0.lock().unwrap().push(format!("send {} {}", info.operation_id.unwrap_or("-"), info.path_template.unwrap_or("-")));
        Ok(())
    }

    fn after_response(&self, response: &ResponseInfo<'_>, info: &AttemptInfo<'_>) -> Result<(), HookError> {
        self.0.lock().unwrap().push(format!("got {} #{}", response.status.as_u16(), info.attempt));
        Ok(())
    }
}

struct Deny;

impl Hook for Deny {
    fn before_send(&self, _: &mut reqwest::Request, _: &AttemptInfo<'_>) -> Result<(), HookError> {
        Err("denied".into())
    }
}

#[tokio::test]
async fn hooks_from_the_builder_sign_and_observe_and_their_errors_are_typed() {
    let server = MockServer::start().await;
    Mock::given(path("/v1/orders/o1")).and(header("x-signature", "sig")).respond_with(order()).mount(&server).await;
    let log = Arc::new(Mutex::new(Vec::new()));
    let client = Client::builder().base_url(format!("{}/v1", server.uri())).api_key("apiKey", "K").hook(Sign(log.clone())).build().unwrap();
    client.orders().get_order(&GetOrderParams::new("o1")).await.unwrap();
    assert_eq!(*log.lock().unwrap(), ["send getOrder /orders/{orderId}", "got 200 #1"]);
    let denied = Client::builder().base_url(format!("{}/v1", server.uri())).api_key("apiKey", "K").hook(Sign(log.clone())).hook(Deny).build().unwrap();
    let err = denied.orders().get_order(&GetOrderParams::new("o1")).await.unwrap_err();
    assert!(matches!(&err, Error::Hook(e) if e.to_string() == "denied"), "{err:?}");
}
