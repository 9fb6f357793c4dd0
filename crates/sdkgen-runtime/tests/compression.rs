//! Response decompression (`gzip` and `brotli` features): the client asks for compressed bodies
//! (`Accept-Encoding`), decodes them transparently, and applies the response size limit to the
//! decoded bytes, so a small compressed body that inflates past the limit (a decompression bomb)
//! fails with `Error::ResponseTooLarge` instead of filling memory.

mod common;

use std::io::Write as _;

use common::*;
use reqwest::Method;
use sdkgen_runtime::{Error, Request};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

fn brotli(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut w = brotli::CompressorWriter::new(&mut out, 4096, 9, 22);
        w.write_all(data).unwrap();
    }
    out
}

async fn serve(server: &MockServer, route: &str, encoding: &str, body: Vec<u8>) {
    Mock::given(method("GET"))
        .and(path(route))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("content-type", "application/json")
                .insert_header("content-encoding", encoding)
                .set_body_bytes(body),
        )
        .mount(server)
        .await;
}

#[tokio::test]
async fn gzip_and_brotli_bodies_are_asked_for_and_decoded() {
    let server = MockServer::start().await;
    let json = serde_json::json!({"items": (0..200).map(|i| format!("item {i}")).collect::<Vec<_>>()});
    let text = serde_json::to_vec(&json).unwrap();
    serve(&server, "/gzip", "gzip", gzip(&text)).await;
    serve(&server, "/br", "br", brotli(&text)).await;
    let core = builder(&server).build().unwrap();
    for route in ["/gzip", "/br"] {
        let resp = core.execute::<serde_json::Value>(Request::at(Method::GET, route)).await.unwrap();
        assert_eq!(resp.json::<serde_json::Value>().unwrap(), json, "{route}");
    }
    for r in requests(&server).await {
        let accept = r.headers.get("accept-encoding").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
        assert!(accept.contains("gzip") && accept.contains("br"), "accept-encoding: {accept:?}");
    }
}

#[tokio::test]
async fn the_size_limit_applies_to_the_decoded_body() {
    let server = MockServer::start().await;
    // 8 MiB of spaces compress to a few KiB: a decompression bomb for a 1 MiB limit.
    let bomb = vec![b' '; 8 << 20];
    let (gz, br) = (gzip(&bomb), brotli(&bomb));
    assert!(gz.len() < 64 << 10 && br.len() < 64 << 10, "{} {}", gz.len(), br.len());
    serve(&server, "/gzip", "gzip", gz).await;
    serve(&server, "/br", "br", br).await;
    let core = builder(&server).max_response_size(1 << 20).build().unwrap();
    for route in ["/gzip", "/br"] {
        let err = core.execute::<serde_json::Value>(Request::at(Method::GET, route)).await.unwrap_err();
        assert!(matches!(err, Error::ResponseTooLarge { .. }), "{route}: {err:?}");
    }
}
