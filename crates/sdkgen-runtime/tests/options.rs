//! Per-request options and hooks against a local wiremock server: timeout, headers, query
//! parameters, base URL, retry policy, idempotency keys; hooks in order, changing the request,
//! seeing each attempt, failing with a typed error.

mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::*;
use reqwest::Method;
use sdkgen_runtime::{
    AttemptInfo, Error, Hook, HookError, Request, RequestOptions, ResponseInfo,
    ServiceCore,
};
use url::Url;
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A call as a generated operation makes it, through a service's `ServiceCore`.
async fn call(core: ServiceCore<'_>, req: Request) -> Result<u16, Error> {
    let resp = core.execute::<serde_json::Value>(req).await?;
    Ok(resp.status().as_u16())
}

fn get(path: &'static str) -> Request {
    Request::for_operation("getThing", Method::GET, path)
}

#[tokio::test]
async fn the_options_timeout_replaces_the_clients() {
    let server = MockServer::start().await;
    Mock::given(path("/slow"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_millis(600)))
        .mount(&server)
        .await;
    let core = builder(&server).retry_policy(fast_retry(0)).build().unwrap();
    let plain = ServiceCore::new(&core);
    assert_eq!(call(plain, get("/slow")).await.unwrap(), 200);
    let opts = RequestOptions::new().timeout(Duration::from_millis(100));
    let err = call(plain.with_options(&opts), get("/slow")).await.unwrap_err();
    assert!(matches!(err, Error::Timeout), "{err:?}");
}

#[tokio::test]
async fn headers_and_query_parameters_are_added() {
    let server = MockServer::start().await;
    Mock::given(path("/things"))
        .and(query_param("limit", "5"))
        .and(query_param("trace id", "a&b"))
        .and(header("x-trace", "abc"))
        .and(header("accept", "text/plain"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let core = builder(&server).build().unwrap();
    let opts = RequestOptions::new()
        .header("X-Trace", "abc")
        .header("Accept", "text/plain")
        .query("trace id", "a&b");
    let mut req = get("/things");
    req.query_param("limit", &5).unwrap();
    req.accept("application/json");
    assert_eq!(call(ServiceCore::new(&core).with_options(&opts), req).await.unwrap(), 204);
    let sent = &requests(&server).await[0];
    // The option replaced the operation's `Accept`, and the query follows the operation's own.
    assert_eq!(sent.headers.get_all("accept").iter().count(), 1);
    assert_eq!(sent.url.query(), Some("limit=5&trace%20id=a%26b"));
    // `url_for` shows the same query, and the options' Debug shows no header value.
    let mut req = get("/things");
    req.query_param("limit", &5).unwrap();
    let url = ServiceCore::new(&core).with_options(&opts).url_for::<()>(&req).unwrap();
    assert_eq!(url.query(), Some("limit=5&trace%20id=a%26b"));
    let shown = format!("{opts:?}");
    assert!(shown.contains("x-trace") && !shown.contains("abc"), "{shown}");
}

#[tokio::test]
async fn an_invalid_option_header_is_a_typed_error_and_nothing_is_sent() {
    let server = MockServer::start().await;
    let core = builder(&server).build().unwrap();
    let opts = RequestOptions::new().header("Bad Name", "x");
    let err = call(ServiceCore::new(&core).with_options(&opts), get("/x")).await.unwrap_err();
    assert!(matches!(&err, Error::InvalidRequest(m) if m.contains("Bad Name")), "{err:?}");
    assert!(requests(&server).await.is_empty());
}

#[tokio::test]
async fn option_headers_never_replace_credentials() {
    let server = MockServer::start().await;
    Mock::given(path("/x")).respond_with(ResponseTemplate::new(200)).mount(&server).await;
    let core = builder(&server)
        .bearer_token("SECRET-TOKEN")
        .api_key("HeaderKey", "SECRET-KEY")
        .build()
        .unwrap();
    for (name, scheme) in [("Authorization", BEARER), ("x-api-key", KEY_HEADER)] {
        let opts = RequestOptions::new().header(name, "mine");
        let mut req = get("/x");
        req.security(match scheme.name {
            "BearerAuth" => &[&[BEARER]],
            _ => &[&[KEY_HEADER]],
        });
        let err = call(ServiceCore::new(&core).with_options(&opts), req).await.unwrap_err();
        assert!(
            matches!(&err, Error::InvalidRequest(m) if m.to_ascii_lowercase().contains(&name.to_ascii_lowercase())),
            "{err:?}"
        );
        let shown = format!("{err} {err:?}");
        assert!(!shown.contains("SECRET") && !shown.contains("mine"), "{shown}");
    }
    assert!(requests(&server).await.is_empty());
    // An operation without security takes the caller's own `Authorization`.
    let opts = RequestOptions::new().header("Authorization", "Token mine");
    assert_eq!(call(ServiceCore::new(&core).with_options(&opts), get("/x")).await.unwrap(), 200);
    assert_eq!(requests(&server).await[0].headers.get("authorization").unwrap(), "Token mine");
}

#[tokio::test]
async fn the_base_url_override_replaces_the_clients_and_the_operations() {
    let server = MockServer::start().await;
    let other = MockServer::start().await;
    Mock::given(path("/v2/things")).respond_with(ResponseTemplate::new(200)).mount(&other).await;
    let core = builder(&server).build().unwrap();
    let opts = RequestOptions::new().base_url(Url::parse(&format!("{}/v2/", other.uri())).unwrap());
    let mut req = get("/things");
    req.server("https://upload.example.invalid/");
    assert_eq!(call(ServiceCore::new(&core).with_options(&opts), req).await.unwrap(), 200);
    assert!(requests(&server).await.is_empty());
    assert_eq!(requests(&other).await.len(), 1);
}

#[tokio::test]
async fn the_retry_policy_override_replaces_the_clients() {
    let server = MockServer::start().await;
    Mock::given(path("/flaky")).respond_with(ResponseTemplate::new(503)).mount(&server).await;
    let core = builder(&server).retry_policy(fast_retry(0)).build().unwrap();
    let opts = RequestOptions::new().retry_policy(fast_retry(3));
    assert_eq!(call(ServiceCore::new(&core), get("/flaky")).await.unwrap(), 503);
    assert_eq!(requests(&server).await.len(), 1);
    assert_eq!(call(ServiceCore::new(&core).with_options(&opts), get("/flaky")).await.unwrap(), 503);
    assert_eq!(requests(&server).await.len(), 1 + 4);
}

fn post() -> Request {
    Request::for_operation("createThing", Method::POST, "/things")
}

#[tokio::test]
async fn a_post_with_an_idempotency_key_is_retried_with_the_same_key() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(502))
        .up_to_n_times(2)
        .mount(&server)
        .await;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(201)).mount(&server).await;
    let core = builder(&server).build().unwrap();
    // Without a key a POST is sent once.
    assert_eq!(call(ServiceCore::new(&core), post()).await.unwrap(), 502);
    server.reset().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(502))
        .up_to_n_times(2)
        .mount(&server)
        .await;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(201)).mount(&server).await;
    let opts = RequestOptions::new().idempotency_key("order-42");
    assert_eq!(call(ServiceCore::new(&core).with_options(&opts), post()).await.unwrap(), 201);
    let sent = requests(&server).await;
    assert_eq!(sent.len(), 3);
    for r in &sent {
        assert_eq!(r.headers.get("idempotency-key").unwrap(), "order-42");
    }
    assert!(!format!("{opts:?}").contains("order-42"));
}

#[tokio::test]
async fn a_declared_idempotency_header_gets_a_generated_key_kept_across_attempts() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(201)).mount(&server).await;
    let core = builder(&server).build().unwrap();
    let declared = || {
        let mut req = post();
        // As a generated operation sends its optional `Idempotency-Key` header parameter, unset.
        req.header("idempotency-KEY", &None::<String>, false).unwrap();
        req
    };
    assert_eq!(call(ServiceCore::new(&core), declared()).await.unwrap(), 201);
    assert_eq!(call(ServiceCore::new(&core), declared()).await.unwrap(), 201);
    let sent = requests(&server).await;
    assert_eq!(sent.len(), 3);
    let keys: Vec<String> = sent
        .iter()
        .map(|r| r.headers.get("idempotency-key").unwrap().to_str().unwrap().to_string())
        .collect();
    assert_eq!(keys[0], keys[1], "a retry sends the same key");
    assert_ne!(keys[1], keys[2], "each call its own key");
    assert_eq!(keys[0].len(), 36);
    assert_eq!(keys[0].as_bytes()[14], b'4');
    // A key given as the parameter is sent as it is, and the options' key replaces it.
    let mut req = post();
    req.header("Idempotency-Key", &"mine", false).unwrap();
    assert_eq!(call(ServiceCore::new(&core), req).await.unwrap(), 201);
    assert_eq!(requests(&server).await[3].headers.get("idempotency-key").unwrap(), "mine");
    let mut req = post();
    req.header("Idempotency-Key", &"mine", false).unwrap();
    let opts = RequestOptions::new().idempotency_key("theirs");
    assert_eq!(call(ServiceCore::new(&core).with_options(&opts), req).await.unwrap(), 201);
    let last = &requests(&server).await[4];
    assert_eq!(last.headers.get_all("idempotency-key").iter().collect::<Vec<_>>(), ["theirs"]);
}

/// Records what it sees into a shared log, and adds a header naming itself.
struct Recorder {
    name: &'static str,
    log: Arc<Mutex<Vec<String>>>,
}

impl Hook for Recorder {
    fn before_send(&self, request: &mut reqwest::Request, info: &AttemptInfo<'_>) -> Result<(), HookError> {
        let seen = request.headers().get("x-hooks").map(|v| v.to_str().unwrap().to_string());
        let value = match seen {
            Some(before) => format!("{before}+{}", self.name),
            None => self.name.to_string(),
        };
        request.headers_mut().insert("x-hooks", value.parse().unwrap());
        self.log.lock().unwrap().push(format!(
            "{} before {} {} {} #{}",
            self.name,
            info.operation_id.unwrap_or("-"),
            info.method,
            info.path_template.unwrap_or("-"),
            info.attempt
        ));
        Ok(())
    }

    fn after_response(&self, response: &ResponseInfo<'_>, info: &AttemptInfo<'_>) -> Result<(), HookError> {
        assert!(response.elapsed < Duration::from_secs(10));
        self.log.lock().unwrap().push(format!(
            "{} after {} #{} {}",
            self.name,
            response.status.as_u16(),
            info.attempt,
            response.headers.contains_key("x-served")
        ));
        Ok(())
    }
}

#[tokio::test]
async fn hooks_run_in_order_on_each_attempt_and_can_add_a_header() {
    let server = MockServer::start().await;
    Mock::given(path("/users/7"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(path("/users/7"))
        .and(header("x-hooks", "first+second"))
        .respond_with(ResponseTemplate::new(200).insert_header("x-served", "1"))
        .mount(&server)
        .await;
    let log = Arc::new(Mutex::new(Vec::new()));
    let core = builder(&server)
        .hook(Arc::new(Recorder { name: "first", log: log.clone() }))
        .hook(Arc::new(Recorder { name: "second", log: log.clone() }))
        .build()
        .unwrap();
    let mut req = Request::for_operation("getUser", Method::GET, "/users/{userId}");
    req.path_param("userId", &7).unwrap();
    assert_eq!(call(ServiceCore::new(&core), req).await.unwrap(), 200);
    assert_eq!(
        *log.lock().unwrap(),
        [
            "first before getUser GET /users/{userId} #1",
            "second before getUser GET /users/{userId} #1",
            "first after 503 #1 false",
            "second after 503 #1 false",
            "first before getUser GET /users/{userId} #2",
            "second before getUser GET /users/{userId} #2",
            "first after 200 #2 true",
            "second after 200 #2 true",
        ]
    );
    // Clones of the client share the hooks.
    let other = core.with_retry_policy(fast_retry(0));
    assert!(format!("{other:?}").contains("hooks: 2"));
}

#[derive(Debug)]
struct Refused;

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("signing key unavailable")
    }
}

impl std::error::Error for Refused {}

struct FailBefore;

impl Hook for FailBefore {
    fn before_send(&self, _: &mut reqwest::Request, _: &AttemptInfo<'_>) -> Result<(), HookError> {
        Err(Box::new(Refused))
    }
}

struct FailAfter;

impl Hook for FailAfter {
    fn after_response(&self, _: &ResponseInfo<'_>, _: &AttemptInfo<'_>) -> Result<(), HookError> {
        Err("metrics sink closed".into())
    }
}

#[tokio::test]
async fn a_hook_error_is_typed_and_not_retried() {
    let server = MockServer::start().await;
    Mock::given(path("/x")).respond_with(ResponseTemplate::new(503)).mount(&server).await;
    let core = builder(&server).hook(Arc::new(FailBefore)).build().unwrap();
    let err = call(ServiceCore::new(&core), get("/x")).await.unwrap_err();
    match &err {
        Error::Hook(e) => assert!(e.downcast_ref::<Refused>().is_some()),
        other => panic!("{other:?}"),
    }
    assert_eq!(err.to_string(), "a request hook failed: signing key unavailable");
    assert!(requests(&server).await.is_empty(), "a failing before_send sends nothing");
    let core = builder(&server).hook(Arc::new(FailAfter)).build().unwrap();
    let err = call(ServiceCore::new(&core), get("/x")).await.unwrap_err();
    assert!(matches!(&err, Error::Hook(e) if e.to_string() == "metrics sink closed"), "{err:?}");
    assert_eq!(requests(&server).await.len(), 1, "not retried after a hook error");
}

#[tokio::test]
async fn an_option_query_parameter_never_shadows_a_query_api_key() {
    let server = MockServer::start().await;
    Mock::given(path("/x")).respond_with(ResponseTemplate::new(200)).mount(&server).await;
    let core = builder(&server).api_key("QueryKey", "SECRET-KEY").build().unwrap();
    let opts = RequestOptions::new().query("api_key", "mine");
    let mut req = get("/x");
    req.security(&[&[KEY_QUERY]]);
    let err = call(ServiceCore::new(&core).with_options(&opts), req).await.unwrap_err();
    assert!(matches!(&err, Error::InvalidRequest(m) if m.contains("api_key")), "{err:?}");
    assert!(!format!("{err} {err:?}").contains("SECRET"));
    assert!(requests(&server).await.is_empty());
}

#[tokio::test]
async fn an_option_content_type_replaces_the_bodys() {
    let server = MockServer::start().await;
    Mock::given(path("/x")).respond_with(ResponseTemplate::new(200)).mount(&server).await;
    let core = builder(&server).build().unwrap();
    let opts = RequestOptions::new().header("Content-Type", "application/merge-patch+json");
    let mut req = Request::for_operation("patchThing", Method::PATCH, "/x");
    req.json(&serde_json::json!({"a": 1})).unwrap();
    assert_eq!(call(ServiceCore::new(&core).with_options(&opts), req).await.unwrap(), 200);
    let sent = &requests(&server).await[0];
    let types: Vec<_> = sent.headers.get_all("content-type").iter().map(|v| v.to_str().unwrap().to_string()).collect();
    assert_eq!(types, ["application/merge-patch+json"]);
}

/// Counts the attempts that got no response, with the kind of error.
struct Failures(Arc<Mutex<Vec<String>>>);

impl Hook for Failures {
    fn after_failure(&self, error: &Error, elapsed: Duration, info: &AttemptInfo<'_>) -> Result<(), HookError> {
        assert!(elapsed < Duration::from_secs(10));
        let kind = match error {
            Error::Timeout => "timeout",
            Error::Connect(_) => "connect",
            Error::ResponseTooLarge { .. } => "too large",
            _ => "other",
        };
        self.0.lock().unwrap().push(format!("{kind} #{}", info.attempt));
        Ok(())
    }
}

#[tokio::test]
async fn hooks_see_attempts_that_got_no_response() {
    // A timeout on every attempt (GET: retried twice).
    let server = MockServer::start().await;
    Mock::given(path("/slow")).respond_with(ResponseTemplate::new(200).set_delay(Duration::from_millis(600))).mount(&server).await;
    let log = Arc::new(Mutex::new(Vec::new()));
    let core = builder(&server).timeout(Duration::from_millis(100)).hook(Arc::new(Failures(log.clone()))).build().unwrap();
    assert!(matches!(call(ServiceCore::new(&core), get("/slow")).await.unwrap_err(), Error::Timeout));
    assert_eq!(*log.lock().unwrap(), ["timeout #1", "timeout #2", "timeout #3"]);

    // A body over the size limit: one attempt, seen once.
    Mock::given(path("/big")).respond_with(ResponseTemplate::new(200).set_body_string("x".repeat(4096))).mount(&server).await;
    log.lock().unwrap().clear();
    let core = builder(&server).max_response_size(1024).hook(Arc::new(Failures(log.clone()))).build().unwrap();
    assert!(matches!(call(ServiceCore::new(&core), get("/big")).await.unwrap_err(), Error::ResponseTooLarge { .. }));
    assert_eq!(*log.lock().unwrap(), ["too large #1"]);

    // Nothing listening: connection failures.
    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap()
    };
    log.lock().unwrap().clear();
    let core = sdkgen_runtime::ClientCore::builder()
        .base_url(Url::parse(&format!("http://{closed}")).unwrap())
        .retry_policy(fast_retry(1))
        .hook(Arc::new(Failures(log.clone())))
        .build()
        .unwrap();
    assert!(call(ServiceCore::new(&core), get("/x")).await.is_err());
    assert_eq!(*log.lock().unwrap(), ["connect #1", "connect #2"]);

    // A hook that fails on a failure ends the call with its error, not retried.
    struct Refuse;
    impl Hook for Refuse {
        fn after_failure(&self, _: &Error, _: Duration, _: &AttemptInfo<'_>) -> Result<(), HookError> {
            Err("circuit open".into())
        }
    }
    let core = builder(&server).timeout(Duration::from_millis(100)).hook(Arc::new(Refuse)).build().unwrap();
    assert!(matches!(call(ServiceCore::new(&core), get("/slow")).await.unwrap_err(), Error::Hook(_)));
}
