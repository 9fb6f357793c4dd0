//! C15: multipart/form-data upload, from the typed form (`SubmitUploadForm`: file parts with the
//! `encoding` content types, repeated parts, text and JSON parts) or from a raw `reqwest` form.
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

/// The parts of a multipart body: `(headers, content)` per part, split on the boundary of the
/// request's `Content-Type`.
fn parts(content_type: &str, body: &[u8]) -> Vec<(String, Vec<u8>)> {
    let boundary = content_type.split("boundary=").nth(1).expect("a boundary").to_string();
    let delimiter = format!("--{boundary}");
    let text = body.to_vec();
    let mut out = Vec::new();
    let mut rest: &[u8] = &text;
    let find = |hay: &[u8], needle: &[u8]| hay.windows(needle.len()).position(|w| w == needle);
    let start = find(rest, delimiter.as_bytes()).expect("first delimiter");
    rest = &rest[start + delimiter.len()..];
    while !rest.starts_with(b"--") {
        rest = &rest[2..]; // CRLF after the delimiter
        let end = find(rest, format!("\r\n{delimiter}").as_bytes()).expect("next delimiter");
        let part = &rest[..end];
        let split = find(part, b"\r\n\r\n").expect("part headers");
        out.push((String::from_utf8(part[..split].to_vec()).unwrap(), part[split + 4..].to_vec()));
        rest = &rest[end + 2 + delimiter.len()..];
    }
    out
}

#[tokio::test]
async fn typed_form_builds_the_parts_the_spec_describes() {
    use case_c15::FilePart;
    use case_c15::models::UploadMeta;
    use case_c15::services::SubmitUploadForm;
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::method("POST")).respond_with(ResponseTemplate::new(201)).mount(&server).await;
    let client = case_c15::Client::builder().base_url(server.uri()).build().unwrap();
    let pdf: &[u8] = b"%PDF-1.7\xff\x00";
    let chunks = futures_util::stream::iter([Ok::<_, std::io::Error>(b"streamed ".to_vec()), Ok(b"note".to_vec())]);
    let form = SubmitUploadForm::new(FilePart::new(pdf).file_name("doc.pdf"))
        .with_attachments([
            FilePart::new(b"first".to_vec()).file_name("a.txt").content_type("text/plain"),
            FilePart::new(case_c15::UploadBody::stream(chunks)).file_name("b.bin"),
        ])
        .with_title("Q3 report")
        .with_priority(2)
        .with_meta(UploadMeta::new().with_author("ann").with_tags(vec!["x".to_string()]));
    client.default().submit_upload(form).await.unwrap();
    let reqs = server.received_requests().await.unwrap();
    let ct = reqs[0].headers.get("content-type").unwrap().to_str().unwrap().to_string();
    assert!(ct.starts_with("multipart/form-data; boundary="), "{ct}");
    let parts = parts(&ct, &reqs[0].body);
    let heads: Vec<&str> = parts.iter().map(|(h, _)| h.as_str()).collect();
    assert_eq!(
        heads,
        [
            "Content-Disposition: form-data; name=\"file\"; filename=\"doc.pdf\"\r\nContent-Type: application/pdf",
            "Content-Disposition: form-data; name=\"attachments\"; filename=\"a.txt\"\r\nContent-Type: text/plain",
            "Content-Disposition: form-data; name=\"attachments\"; filename=\"b.bin\"\r\nContent-Type: application/octet-stream",
            "Content-Disposition: form-data; name=\"title\"",
            "Content-Disposition: form-data; name=\"priority\"",
            "Content-Disposition: form-data; name=\"meta\"\r\nContent-Type: application/json",
        ]
    );
    let contents: Vec<&[u8]> = parts.iter().map(|(_, c)| c.as_slice()).collect();
    let expected: [&[u8]; 6] = [pdf, b"first", b"streamed note", b"Q3 report", b"2", br#"{"author":"ann","tags":["x"]}"#];
    assert_eq!(contents, expected);
}

#[tokio::test]
async fn unset_optional_parts_are_left_out() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::method("POST")).respond_with(ResponseTemplate::new(201)).mount(&server).await;
    let client = case_c15::Client::builder().base_url(server.uri()).build().unwrap();
    client.default().submit_upload(case_c15::services::SubmitUploadForm::new(b"only".to_vec())).await.unwrap();
    let reqs = server.received_requests().await.unwrap();
    let ct = reqs[0].headers.get("content-type").unwrap().to_str().unwrap().to_string();
    let parts = parts(&ct, &reqs[0].body);
    assert_eq!(parts.len(), 1);
    assert_eq!(parts[0].0, "Content-Disposition: form-data; name=\"file\"\r\nContent-Type: application/pdf");
    assert_eq!(parts[0].1, b"only");
}
