//! Streamed calls through `ClientCore::execute_stream`: retries and error statuses before a body
//! is opened, bodies handed over open, JSON lines and server-sent events over a real connection.
#![cfg(feature = "sse")]

use std::time::Duration;

use reqwest::Method;
use sdkgen_runtime::{ClientCore, Error, Request, RetryPolicy};
use url::Url;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn core(server: &MockServer) -> ClientCore {
    ClientCore::builder()
        .base_url(Url::parse(&server.uri()).unwrap())
        .retry_policy(RetryPolicy::default().max_retries(2).initial_backoff(Duration::from_millis(1)).max_backoff(Duration::from_millis(1)))
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_retried_503_comes_before_the_open_body() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).and(path("/b")).respond_with(ResponseTemplate::new(503)).up_to_n_times(1).with_priority(1).mount(&server).await;
    Mock::given(method("GET")).and(path("/b")).respond_with(ResponseTemplate::new(200).set_body_raw(b"{\"a\":1}\n{\"a\":2}\n".to_vec(), "application/x-ndjson")).mount(&server).await;
    let resp = core(&server).execute_stream::<()>(Request::new(Method::GET, "/b".into())).await.unwrap();
    assert_eq!(resp.status(), 200);
    let mut lines = resp.json_lines::<serde_json::Value>().unwrap();
    assert_eq!(lines.next().await.unwrap().unwrap()["a"], 1);
    assert_eq!(lines.next().await.unwrap().unwrap()["a"], 2);
    assert!(lines.next().await.is_none());
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

#[tokio::test]
async fn an_error_status_is_read_whole_for_the_error_helpers() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(404).set_body_json(serde_json::json!({"title": "no"}))).mount(&server).await;
    let resp = core(&server).execute_stream::<serde_json::Value>(Request::new(Method::GET, "/x".into())).await.unwrap();
    assert_eq!(resp.status(), 404);
    match resp.api_err::<(), serde_json::Value>().unwrap_err() {
        Error::Api { body: Some(body), raw, .. } => {
            assert_eq!(body["title"], "no");
            assert!(!raw.is_empty());
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn events_without_a_repeatable_request_end_with_the_body() {
    let server = MockServer::start().await;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(200).set_body_raw(b"data: one\n\nid: 5\n\ndata: two\n\n".to_vec(), "text/event-stream")).mount(&server).await;
    let resp = core(&server).execute_stream::<()>(Request::new(Method::POST, "/e".into())).await.unwrap();
    let mut events = resp.text_events().unwrap();
    let one = events.next().await.unwrap().unwrap();
    assert_eq!((one.data.as_str(), one.id), ("one", None));
    // An `id` in a block without data is not an event of its own.
    let two = events.next().await.unwrap().unwrap();
    assert_eq!(two.data, "two");
    assert!(events.next().await.is_none());
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

/// A one-connection server on a thread: after `head_delay` it answers with a chunked
/// `application/octet-stream` body, sending each `(delay, chunk)` after its delay.
fn slow_server(head_delay: Duration, pieces: Vec<(Duration, &'static str)>) -> Url {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = Url::parse(&format!("http://{}", listener.local_addr().unwrap())).unwrap();
    std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        let mut buf = [0u8; 4096];
        let _ = stream.read(&mut buf);
        std::thread::sleep(head_delay);
        if stream.write_all(b"HTTP/1.1 200 OK\r\ncontent-type: application/octet-stream\r\ntransfer-encoding: chunked\r\n\r\n").is_err() {
            return;
        }
        for (delay, chunk) in pieces {
            std::thread::sleep(delay);
            if write!(stream, "{:x}\r\n{chunk}\r\n", chunk.len()).is_err() {
                return;
            }
        }
        let _ = stream.write_all(b"0\r\n\r\n");
    });
    url
}

fn timed_core(base: Url, timeout: Duration) -> ClientCore {
    ClientCore::builder().base_url(base).timeout(timeout).retry_policy(RetryPolicy::default().max_retries(0)).build().unwrap()
}

#[tokio::test]
async fn a_streamed_body_may_outlast_the_timeout_while_chunks_keep_coming() {
    // Five chunks 150 ms apart: 750 ms in all, against a 400 ms timeout.
    let pieces = (0..5).map(|_| (Duration::from_millis(150), "chunk")).collect();
    let core = timed_core(slow_server(Duration::ZERO, pieces), Duration::from_millis(400));
    let resp = core.execute_stream::<()>(Request::new(Method::GET, "/slow".into())).await.unwrap();
    let body = resp.byte_stream().unwrap().bytes().await.unwrap();
    assert_eq!(&body[..], b"chunkchunkchunkchunkchunk");
}

#[tokio::test]
async fn a_streamed_body_that_stalls_past_the_timeout_ends_with_a_timeout() {
    let pieces = vec![(Duration::ZERO, "first"), (Duration::from_millis(1500), "late")];
    let core = timed_core(slow_server(Duration::ZERO, pieces), Duration::from_millis(300));
    let resp = core.execute_stream::<()>(Request::new(Method::GET, "/stall".into())).await.unwrap();
    let mut body = resp.byte_stream().unwrap();
    assert_eq!(&body.next().await.unwrap().unwrap()[..], b"first");
    assert!(matches!(body.next().await, Some(Err(Error::Timeout))));
    assert!(body.next().await.is_none(), "the stream ends after the timeout");
}

#[tokio::test]
async fn the_headers_of_a_streamed_answer_still_come_within_the_timeout() {
    let core = timed_core(slow_server(Duration::from_millis(1500), vec![]), Duration::from_millis(300));
    let err = core.execute_stream::<()>(Request::new(Method::GET, "/late".into())).await.unwrap_err();
    assert!(matches!(err, Error::Timeout), "{err:?}");
}

#[tokio::test]
async fn a_server_that_closes_at_once_gets_a_bounded_number_of_reconnections() {
    // `retry: 0` and no event, every time: without bounds, a tight reconnection loop.
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200).set_body_raw(b"retry: 0\n\n".to_vec(), "text/event-stream")).mount(&server).await;
    let resp = core(&server).execute_stream::<()>(Request::new(Method::GET, "/quiet".into())).await.unwrap();
    let mut events = resp.text_events().unwrap();
    let started = std::time::Instant::now();
    assert!(events.next().await.is_none(), "the stream ends");
    // The first connection and `MAX_QUIET_RECONNECTS` more, at least 250 + 500 + 1000 ms apart.
    let reqs = server.received_requests().await.unwrap();
    assert_eq!(reqs.len(), 1 + sdkgen_runtime::sse::MAX_QUIET_RECONNECTS as usize);
    assert!(started.elapsed() >= Duration::from_millis(1750), "{:?}", started.elapsed());
}

#[tokio::test]
async fn keep_alive_comments_do_not_count_toward_the_event_size_limit() {
    // 1,000 pings (8,000 bytes, no event) then an event, against a 4 KiB limit: only the bytes
    // of the event being read count.
    let mut body = ": ping\n\n".repeat(1000);
    body.push_str("data: after the pings\n\n");
    let server = MockServer::start().await;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(200).set_body_raw(body.into_bytes(), "text/event-stream")).mount(&server).await;
    let core = ClientCore::builder().base_url(Url::parse(&server.uri()).unwrap()).max_response_size(4096).build().unwrap();
    let resp = core.execute_stream::<()>(Request::new(Method::POST, "/pings".into())).await.unwrap();
    let mut events = resp.text_events().unwrap();
    assert_eq!(events.next().await.unwrap().unwrap().data, "after the pings");
    assert!(events.next().await.is_none());
}

#[tokio::test]
async fn an_event_past_the_limit_still_ends_the_stream() {
    let body = format!("data: {}\n\ndata: next\n\n", "x".repeat(10_000));
    let server = MockServer::start().await;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(200).set_body_raw(body.into_bytes(), "text/event-stream")).mount(&server).await;
    let core = ClientCore::builder().base_url(Url::parse(&server.uri()).unwrap()).max_response_size(4096).build().unwrap();
    let resp = core.execute_stream::<()>(Request::new(Method::POST, "/big".into())).await.unwrap();
    let mut events = resp.text_events().unwrap();
    assert!(matches!(events.next().await, Some(Err(Error::ItemTooLarge { .. }))));
}
