//! C16: binary bodies are bytes, never text.
use case_c16::services::{DownloadBlobParams, UploadBlobParams};
use wiremock::matchers::{body_bytes, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const DATA: &[u8] = &[0x89, b'P', b'N', b'G', 0xff, 0xfe, 0x00, 0x80];

#[tokio::test]
async fn non_utf8_bytes_round_trip() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/blobs/a"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(DATA.to_vec(), "application/octet-stream"))
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path("/v1/blobs/a"))
        .and(header("content-type", "application/octet-stream"))
        .and(body_bytes(DATA.to_vec()))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/blobs/missing"))
        .respond_with(ResponseTemplate::new(404).set_body_json(serde_json::json!({"message": "no"})))
        .mount(&server)
        .await;
    let client = case_c16::Client::builder().base_url(server.uri()).build().unwrap();
    let got = client.default().download_blob(&DownloadBlobParams::new("a")).await.unwrap().bytes().await.unwrap();
    assert_eq!(&got[..], DATA);
    client.default().upload_blob(&UploadBlobParams::new("a"), got).await.unwrap();
    match client.default().download_blob(&DownloadBlobParams::new("missing")).await.unwrap_err() {
        case_c16::Error::Api { body: Some(body), .. } => assert_eq!(body.message.as_deref(), Some("no")),
        other => panic!("expected a typed 404, got {other:?}"),
    }
}
