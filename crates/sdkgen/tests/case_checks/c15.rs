//! C15: multipart/form-data upload.
//!
//! The generated method still takes a `reqwest::multipart::Form` built by the caller; the typed
//! version (parts built from the request model, binary fields as bytes with the `encoding`
//! content types) is not generated yet: see `typed_model_builds_the_parts` (ignored).
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn sends_a_real_multipart_body() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::method("POST")).respond_with(ResponseTemplate::new(201)).mount(&server).await;
    let client = case_c15::Client::builder().base_url(server.uri()).build().unwrap();
    let form = reqwest::multipart::Form::new()
        .part("file", reqwest::multipart::Part::bytes(vec![0x25, 0x50, 0xff]).file_name("doc.pdf").mime_str("application/pdf").unwrap())
        .text("title", "T");
    client.default().submit_upload(form).await.unwrap();
    let reqs = server.received_requests().await.unwrap();
    let ct = reqs[0].headers.get("content-type").unwrap().to_str().unwrap().to_string();
    assert!(ct.starts_with("multipart/form-data; boundary="), "{ct}");
    let text = String::from_utf8_lossy(&reqs[0].body).to_string();
    assert!(text.contains("name=\"file\"; filename=\"doc.pdf\"\r\nContent-Type: application/pdf\r\n"), "{text}");
    assert!(text.contains("name=\"title\"\r\n\r\nT\r\n"), "{text}");
}

#[test]
#[ignore = "sdkgen does not yet build multipart parts from the typed request model (C15): the method takes a reqwest::multipart::Form"]
fn typed_model_builds_the_parts() {
    // Expected: `submit_upload(&SubmitUploadRequest { file: FilePart (bytes + filename), attachments:
    // Option<Vec<FilePart>>, title: Option<String>, priority: Option<i64>, meta: Option<UploadMeta> })`
    // sending `file` with `Content-Type: application/pdf`, repeated `attachments` parts, `title`
    // and `priority` as text parts and `meta` as JSON with `Content-Type: application/json`.
    panic!("not generated yet");
}
