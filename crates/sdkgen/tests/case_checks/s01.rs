//! S01: streamed bodies. Server-sent events (typed data, `event`/`id`/`retry` kept, a
//! reconnection with `Last-Event-ID` for a GET and none for a POST, bad data as an error item),
//! JSON lines (a bad line, an over-long line), binary downloads as a byte stream (and collected
//! within the size limit), uploads from bytes, a stream and a file (a streamed body is never
//! retried).
use case_s01::services::{DownloadBlobParams, UploadBlobParams, WatchTicksParams};
use case_s01::{Error, UploadBody};
use wiremock::matchers::{body_bytes, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(server: &MockServer) -> case_s01::Client {
    case_s01::Client::builder().base_url(server.uri()).build().unwrap()
}

fn sse(body: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(body.as_bytes().to_vec(), "text/event-stream")
}

#[tokio::test]
async fn typed_events_keep_their_fields_and_reconnect_with_the_last_event_id() {
    let server = MockServer::start().await;
    // The first connection: a comment, an event with a type and id, then an event split over two
    // `data` lines with a `retry` of 10 ms, then the body ends.
    Mock::given(method("GET"))
        .and(path("/ticks"))
        .and(query_param("symbol", "ACME"))
        .respond_with(sse(": hello\n\nevent: tick\nid: 1\ndata: {\"symbol\":\"ACME\",\"price\":1.5}\n\nid: 2\nretry: 10\ndata: {\"symbol\":\"ACME\",\ndata: \"price\":2}\n\n"))
        .with_priority(5)
        .mount(&server)
        .await;
    // The reconnection carries `Last-Event-ID: 2` and gets one more event, then 204 ends it.
    Mock::given(method("GET"))
        .and(path("/ticks"))
        .and(header("last-event-id", "2"))
        .respond_with(sse("id: 3\ndata: {\"symbol\":\"ACME\",\"price\":3}\n\n"))
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/ticks"))
        .and(header("last-event-id", "3"))
        .respond_with(ResponseTemplate::new(204))
        .with_priority(1)
        .mount(&server)
        .await;
    let mut events = client(&server).default().watch_ticks(&WatchTicksParams::new("ACME")).await.unwrap();
    assert_eq!(events.status(), 200);
    let first = events.next().await.unwrap().unwrap();
    assert_eq!((first.event.as_deref(), first.id.as_deref(), first.retry), (Some("tick"), Some("1"), None));
    assert_eq!((first.data.symbol.as_str(), first.data.price), ("ACME", 1.5));
    let second = events.next().await.unwrap().unwrap();
    assert_eq!((second.event, second.id.as_deref(), second.retry), (None, Some("2"), Some(std::time::Duration::from_millis(10))));
    assert_eq!(second.data.price, 2.0);
    let third = events.next().await.unwrap().unwrap();
    assert_eq!((third.id.as_deref(), third.data.price), (Some("3"), 3.0));
    assert!(events.next().await.is_none(), "a 204 on reconnection ends the stream");
    let reqs = server.received_requests().await.unwrap();
    assert_eq!(reqs.len(), 3);
    assert!(reqs[0].headers.get("last-event-id").is_none());
    assert_eq!(reqs[1].headers.get("last-event-id").unwrap(), "2");
    assert_eq!(reqs[1].url.query(), Some("symbol=ACME"), "the reconnection repeats the request");
    assert_eq!(reqs[0].headers.get("accept").unwrap(), "text/event-stream");
}

#[tokio::test]
async fn data_that_does_not_decode_is_an_item_naming_the_event_and_the_stream_goes_on() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/ticks"))
        .respond_with(sse("event: tick\nid: 7\ndata: {\"symbol\":\"ACME\"}\n\nretry: 1\ndata: {\"symbol\":\"B\",\"price\":3}\n\n"))
        .with_priority(5)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/ticks"))
        .and(header("last-event-id", "7"))
        .respond_with(ResponseTemplate::new(204))
        .with_priority(1)
        .mount(&server)
        .await;
    let mut events = client(&server).default().watch_ticks(&WatchTicksParams::new("ACME")).await.unwrap();
    match events.next().await.unwrap().unwrap_err() {
        Error::DecodeItem { index, event, id, path, data, .. } => {
            assert_eq!((index, event.as_deref(), id.as_deref(), path.as_str()), (0, Some("tick"), Some("7"), "price"));
            assert_eq!(&data[..], b"{\"symbol\":\"ACME\"}");
        }
        other => panic!("expected a decode error item, got {other:?}"),
    }
    let next = events.next().await.unwrap().unwrap();
    assert_eq!((next.data.symbol.as_str(), next.id.as_deref()), ("B", None));
    assert!(events.next().await.is_none());
}

#[tokio::test]
async fn a_post_is_not_repeated_and_an_error_status_stays_typed() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/ticks/replay"))
        .respond_with(sse("retry: 1\ndata: {\"symbol\":\"A\",\"price\":1}\n\n"))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/ticks"))
        .respond_with(ResponseTemplate::new(404).set_body_json(serde_json::json!({"title": "unknown symbol"})))
        .mount(&server)
        .await;
    let c = client(&server);
    let mut events = c.default().replay_ticks().await.unwrap();
    assert_eq!(events.next().await.unwrap().unwrap().data.symbol, "A");
    assert!(events.next().await.is_none());
    assert_eq!(server.received_requests().await.unwrap().len(), 1, "a POST never reconnects");
    match c.default().watch_ticks(&WatchTicksParams::new("NOPE")).await.unwrap_err() {
        Error::Api { status, body: Some(problem), .. } => assert_eq!((status.as_u16(), problem.title.as_str()), (404, "unknown symbol")),
        other => panic!("expected a typed 404, got {other:?}"),
    }
}

#[tokio::test]
async fn text_events_and_an_event_larger_than_the_limit() {
    let server = MockServer::start().await;
    let long = "x".repeat(4096);
    Mock::given(method("GET"))
        .and(path("/log"))
        .respond_with(sse(&format!("data: line one\ndata: line two\n\ndata: {long}\n\ndata: after\n\n")))
        .mount(&server)
        .await;
    let c = case_s01::Client::builder().base_url(server.uri()).max_response_size(1024).build().unwrap();
    let mut events = c.default().tail_log().await.unwrap();
    assert_eq!(events.next().await.unwrap().unwrap().data, "line one\nline two");
    match events.next().await.unwrap().unwrap_err() {
        Error::ItemTooLarge { limit } => assert_eq!(limit, 1024),
        other => panic!("expected ItemTooLarge, got {other:?}"),
    }
    assert!(events.next().await.is_none(), "an over-long event ends the stream");
}

#[tokio::test]
async fn json_lines_decode_one_by_one_and_a_long_line_ends_the_stream() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/records"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(b"{\"id\":1,\"name\":\"a\"}\r\n\n{\"id\":\"x\"}\n{\"id\":3}".to_vec(), "application/x-ndjson"))
        .mount(&server)
        .await;
    let mut lines = client(&server).default().export_records().await.unwrap();
    let first = lines.next().await.unwrap().unwrap();
    assert_eq!((first.id, first.name.as_deref()), (1, Some("a")));
    match lines.next().await.unwrap().unwrap_err() {
        Error::DecodeItem { index, path, event: None, .. } => assert_eq!((index, path.as_str()), (1, "id")),
        other => panic!("expected a decode error item, got {other:?}"),
    }
    assert_eq!(lines.next().await.unwrap().unwrap().id, 3, "the last line needs no newline");
    assert!(lines.next().await.is_none());

    let server = MockServer::start().await;
    let mut body = b"{\"id\":1}\n".to_vec();
    body.extend(std::iter::repeat_n(b' ', 100_000));
    body.extend(b"{\"id\":2}\n{\"id\":3}\n");
    Mock::given(method("GET"))
        .and(path("/records"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(body, "application/x-ndjson"))
        .mount(&server)
        .await;
    let c = case_s01::Client::builder().base_url(server.uri()).max_response_size(4096).build().unwrap();
    let mut lines = c.default().export_records().await.unwrap();
    assert_eq!(lines.next().await.unwrap().unwrap().id, 1);
    match lines.next().await.unwrap().unwrap_err() {
        Error::ItemTooLarge { limit } => assert_eq!(limit, 4096),
        other => panic!("expected ItemTooLarge, got {other:?}"),
    }
    assert!(lines.next().await.is_none());
}

#[tokio::test]
async fn a_binary_download_streams_and_collects_within_the_limit() {
    let server = MockServer::start().await;
    let data: Vec<u8> = (0..3_000_000u32).map(|i| (i % 251) as u8 ^ 0x80).collect();
    Mock::given(method("GET"))
        .and(path("/blobs/big"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(data.clone(), "application/octet-stream").insert_header("x-blob", "yes"))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/blobs/missing"))
        .respond_with(ResponseTemplate::new(404).set_body_json(serde_json::json!({"title": "gone"})))
        .mount(&server)
        .await;
    let c = client(&server);
    let mut body = c.default().download_blob(&DownloadBlobParams::new("big")).await.unwrap();
    assert_eq!((body.status().as_u16(), body.headers().get("x-blob").unwrap().to_str().unwrap()), (200, "yes"));
    assert_eq!(body.content_length(), Some(data.len() as u64));
    let (mut got, mut chunks) = (Vec::new(), 0);
    while let Some(chunk) = body.next().await {
        got.extend_from_slice(&chunk.unwrap());
        chunks += 1;
    }
    assert_eq!(got, data);
    assert!(chunks > 1, "the body arrives in several chunks");
    let whole = c.default().download_blob(&DownloadBlobParams::new("big")).await.unwrap().bytes().await.unwrap();
    assert_eq!(&whole[..], &data[..]);
    let small = case_s01::Client::builder().base_url(server.uri()).max_response_size(1 << 20).build().unwrap();
    match small.default().download_blob(&DownloadBlobParams::new("big")).await.unwrap().bytes().await.unwrap_err() {
        Error::ResponseTooLarge { limit, .. } => assert_eq!(limit, 1 << 20),
        other => panic!("expected ResponseTooLarge, got {other:?}"),
    }
    match c.default().download_blob(&DownloadBlobParams::new("missing")).await.unwrap_err() {
        Error::Api { body: Some(problem), .. } => assert_eq!(problem.title, "gone"),
        other => panic!("expected a typed 404, got {other:?}"),
    }
}

#[tokio::test]
async fn uploads_from_bytes_a_stream_and_a_file() {
    let server = MockServer::start().await;
    for (id, data) in [("bytes", b"\x00\xffraw".to_vec()), ("stream", b"abcd".to_vec()), ("file", b"from a file".to_vec())] {
        Mock::given(method("PUT"))
            .and(path(format!("/blobs/{id}")))
            .and(header("content-type", "application/octet-stream"))
            .and(body_bytes(data))
            .respond_with(ResponseTemplate::new(204))
            .expect(1)
            .mount(&server)
            .await;
    }
    let c = client(&server);
    c.default().upload_blob(&UploadBlobParams::new("bytes"), bytes::Bytes::from_static(b"\x00\xffraw")).await.unwrap();
    let chunks = futures_util::stream::iter([Ok::<_, std::io::Error>("ab"), Ok("cd")]);
    c.default().upload_blob(&UploadBlobParams::new("stream"), UploadBody::stream(chunks)).await.unwrap();
    let file = std::env::temp_dir().join(format!("sdkgen-s01-{}.bin", std::process::id()));
    std::fs::write(&file, b"from a file").unwrap();
    let opened = tokio::fs::File::open(&file).await.unwrap();
    c.default().upload_blob(&UploadBlobParams::new("file"), opened).await.unwrap();
    let _ = std::fs::remove_file(&file);
}

#[tokio::test]
async fn a_streamed_upload_is_sent_once_and_bytes_are_retried() {
    let server = MockServer::start().await;
    Mock::given(method("PUT")).respond_with(ResponseTemplate::new(503)).mount(&server).await;
    let c = case_s01::Client::builder()
        .base_url(server.uri())
        .retry_policy(case_s01::RetryPolicy::default().max_retries(2).initial_backoff(std::time::Duration::from_millis(1)).max_backoff(std::time::Duration::from_millis(1)))
        .build()
        .unwrap();
    let chunks = futures_util::stream::iter([Ok::<_, std::io::Error>("ab")]);
    assert!(c.default().upload_blob(&UploadBlobParams::new("s"), UploadBody::stream(chunks)).await.is_err());
    assert_eq!(server.received_requests().await.unwrap().len(), 1, "a streamed body is never sent twice");
    assert!(c.default().upload_blob(&UploadBlobParams::new("b"), b"ab".to_vec()).await.is_err());
    assert_eq!(server.received_requests().await.unwrap().len(), 4, "a bytes body is retried");
}

#[tokio::test]
async fn a_typed_form_takes_a_streamed_file() {
    use case_s01::FilePart;
    use case_s01::services::UploadDocumentForm;
    let server = MockServer::start().await;
    Mock::given(method("POST")).and(path("/documents")).respond_with(ResponseTemplate::new(201)).mount(&server).await;
    let chunks = futures_util::stream::iter([Ok::<_, std::io::Error>("%PDF"), Ok("-1.7")]);
    let form = UploadDocumentForm::new(FilePart::new(UploadBody::stream(chunks)).file_name("q3.pdf"), "Q3");
    client(&server).default().upload_document(form).await.unwrap();
    let reqs = server.received_requests().await.unwrap();
    let body = String::from_utf8_lossy(&reqs[0].body).to_string();
    assert!(body.contains("name=\"document\"; filename=\"q3.pdf\"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.7\r\n"), "{body}");
    assert!(body.contains("name=\"title\"\r\n\r\nQ3\r\n"), "{body}");
}

/// Items that may be `null` are `Option`s: a `null` line is `None`, not a decode error.
#[tokio::test]
async fn json_lines_items_that_may_be_null() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/maybe-records"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(b"{\"id\":1}\nnull\n{\"id\":3}\n".to_vec(), "application/x-ndjson"))
        .mount(&server)
        .await;
    let mut lines = client(&server).default().export_maybe_records().await.unwrap();
    assert_eq!(lines.next().await.unwrap().unwrap().map(|r| r.id), Some(1));
    assert!(lines.next().await.unwrap().unwrap().is_none());
    assert_eq!(lines.next().await.unwrap().unwrap().map(|r| r.id), Some(3));
    assert!(lines.next().await.is_none());
}
