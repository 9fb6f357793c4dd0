//! The `tracing` feature: one span per call with the operationId, method, path template, status,
//! attempts and latency, seen by a small capturing subscriber; no header value, query, body or
//! filled-in path reaches it.

mod common;

use std::collections::BTreeMap;
use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use common::*;
use reqwest::Method;
use sdkgen_runtime::{Error, Request, RequestOptions, ServiceCore};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};
use wiremock::matchers::path;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A span as the subscriber saw it: its name and every field recorded.
#[derive(Debug, Default, Clone)]
struct Seen {
    name: String,
    fields: BTreeMap<String, String>,
}

#[derive(Default, Clone)]
struct Capture {
    spans: Arc<Mutex<Vec<Seen>>>,
    events: Arc<Mutex<Vec<BTreeMap<String, String>>>>,
    next: Arc<AtomicU64>,
}

struct Fields<'a>(&'a mut BTreeMap<String, String>);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        self.0.insert(field.name().to_string(), format!("{value:?}"));
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name().to_string(), value.to_string());
    }
    fn record_u64(&mut self, field: &Field, value: u64) {
        self.0.insert(field.name().to_string(), value.to_string());
    }
}

impl Subscriber for Capture {
    /// The runtime's own spans and events only (hyper's are not the subject).
    fn enabled(&self, metadata: &Metadata<'_>) -> bool {
        metadata.target().starts_with("sdkgen_runtime")
    }
    fn new_span(&self, attrs: &Attributes<'_>) -> Id {
        let mut seen = Seen { name: attrs.metadata().name().to_string(), ..Seen::default() };
        attrs.record(&mut Fields(&mut seen.fields));
        let mut spans = self.spans.lock().unwrap();
        spans.push(seen);
        self.next.store(spans.len() as u64, Ordering::SeqCst);
        Id::from_u64(spans.len() as u64)
    }
    fn record(&self, span: &Id, values: &Record<'_>) {
        let mut spans = self.spans.lock().unwrap();
        let seen = &mut spans[span.into_u64() as usize - 1];
        values.record(&mut Fields(&mut seen.fields));
    }
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &Event<'_>) {
        let mut fields = BTreeMap::new();
        event.record(&mut Fields(&mut fields));
        self.events.lock().unwrap().push(fields);
    }
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

#[tokio::test]
async fn one_span_per_call_with_its_facts_and_no_secret() {
    let server = MockServer::start().await;
    Mock::given(path("/users/70123"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(path("/users/70123"))
        .respond_with(ResponseTemplate::new(200).set_body_string("RESPONSE-BODY-SECRET"))
        .mount(&server)
        .await;
    let core = builder(&server)
        .bearer_token("BEARER-SECRET")
        .api_key("QueryKey", "QUERY-KEY-SECRET")
        .build()
        .unwrap();
    let capture = Capture::default();
    let _guard = tracing::subscriber::set_default(capture.clone());
    let mut req = Request::for_operation("getUser", Method::POST, "/users/{userId}");
    req.path_param("userId", &70123).unwrap();
    req.security(&[&[BEARER, KEY_QUERY]]);
    req.query_param("q", "QUERY-VALUE-SECRET").unwrap();
    req.json(&serde_json::json!({"password": "BODY-SECRET"})).unwrap();
    let opts = RequestOptions::new()
        .header("X-Signature", "HEADER-SECRET")
        .idempotency_key("IDEMPOTENCY-SECRET");
    let resp = ServiceCore::new(&core).with_options(&opts).execute::<()>(req).await.unwrap();
    assert_eq!(resp.status().as_u16(), 200);

    let spans = capture.spans.lock().unwrap().clone();
    assert_eq!(spans.len(), 1, "{spans:?}");
    let span = &spans[0];
    assert_eq!(span.name, "call");
    let f = &span.fields;
    assert_eq!(f["operation_id"], "getUser");
    assert_eq!(f["otel.name"], "getUser");
    assert_eq!(f["http.request.method"], "POST");
    assert_eq!(f["url.template"], "/users/{userId}");
    assert_eq!(f["http.response.status_code"], "200");
    assert_eq!(f["attempts"], "2", "the idempotency key made the POST retryable");
    assert!(f["latency_ms"].parse::<u64>().is_ok(), "{f:?}");
    assert!(!f.contains_key("error"));
    let events = capture.events.lock().unwrap().clone();
    assert_eq!(events.len(), 1, "one retry event: {events:?}");
    assert_eq!(events[0]["attempt"], "1");

    let everything = format!("{spans:?} {events:?}");
    for secret in ["SECRET", "70123", "/users/7"] {
        assert!(!everything.contains(secret), "{secret} in {everything}");
    }
}

#[tokio::test]
async fn a_failed_call_records_the_kind_of_error_only() {
    let server = MockServer::start().await;
    let core = builder(&server).build().unwrap();
    let capture = Capture::default();
    let _guard = tracing::subscriber::set_default(capture.clone());
    let opts = RequestOptions::new().header("Bad Name", "HEADER-SECRET");
    let req = Request::for_operation("listUsers", Method::GET, "/users");
    let err = ServiceCore::new(&core).with_options(&opts).execute::<()>(req).await.unwrap_err();
    assert!(matches!(err, Error::InvalidRequest(_)));
    let spans = capture.spans.lock().unwrap().clone();
    assert_eq!(spans[0].fields["error"], "invalid_request");
    assert_eq!(spans[0].fields["attempts"], "0");
    assert!(!spans[0].fields.contains_key("http.response.status_code"));
    assert!(!format!("{spans:?}").contains("SECRET"));
}

#[tokio::test]
async fn a_body_that_does_not_decode_is_recorded_on_the_span() {
    let server = MockServer::start().await;
    Mock::given(path("/users"))
        .respond_with(ResponseTemplate::new(200).set_body_string(r#"{"id":"BODY-SECRET"}"#))
        .mount(&server)
        .await;
    let core = builder(&server).build().unwrap();
    let capture = Capture::default();
    let _guard = tracing::subscriber::set_default(capture.clone());
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct User {
        id: u64,
    }
    let req = Request::for_operation("listUsers", Method::GET, "/users");
    let resp = ServiceCore::new(&core).execute::<()>(req).await.unwrap();
    assert!(!capture.spans.lock().unwrap()[0].fields.contains_key("error"), "no error before decoding");
    let err = resp.json::<User>().unwrap_err();
    assert!(matches!(err, Error::Decode { .. }));
    let spans = capture.spans.lock().unwrap().clone();
    assert_eq!(spans.len(), 1);
    assert_eq!(spans[0].fields["http.response.status_code"], "200");
    assert_eq!(spans[0].fields["error"], "decode");
    assert!(!format!("{spans:?}").contains("SECRET"));
}
