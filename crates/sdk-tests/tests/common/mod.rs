//! Helpers shared by the wire tests.
#![allow(dead_code)]

use std::time::Duration;

use base64::Engine as _;
use ring_central::{RetryPolicy, RingCentral, RingCentralBuilder};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

pub const TOKEN_PATH: &str = "/restapi/oauth/token";
pub const AUTHORIZE_PATH: &str = "/restapi/oauth/authorize";
pub const REVOKE_PATH: &str = "/restapi/oauth/revoke";
pub const FORM: &str = "application/x-www-form-urlencoded";
pub const USER_AGENT: &str = "ring-central/0.1.0 (sdkgen)";

/// A realistic RingCentral token response.
pub const TOKEN_JSON: &str = r#"{
  "access_token": "U0pDMTFQMDFQQVMwMHxBQUJfTUpaT0FDQ0VTUy1UT0tFTg",
  "token_type": "bearer",
  "expires_in": 3600,
  "refresh_token": "U0pDMTFQMDFQQVMwMHxBQURSRUZSRVNILVRPS0VO",
  "refresh_token_expires_in": 604800,
  "scope": "ReadAccounts CallControl",
  "owner_id": "1234567890",
  "endpoint_id": "Xn9HcSfqQ8iyP_dyYF2tYQ",
  "session_id": "6a0d1a1e-1c1b-4c21-bbd4-5d6e26e1a7b0",
  "session_idle_timeout": 3600
}"#;

/// A builder pointed at the mock server, with no retries (tests that need them set their own
/// policy) and a generous timeout.
pub fn builder(server: &MockServer) -> RingCentralBuilder {
    RingCentral::builder()
        .base_url(server.uri())
        .retry_policy(RetryPolicy::none())
        .timeout(Duration::from_secs(10))
}

/// A client with nothing configured.
pub fn anonymous(server: &MockServer) -> RingCentral {
    builder(server).build().expect("client builds")
}

/// A retry policy that retries `max` times with (almost) no backoff.
pub fn fast_retry(max: u32) -> RetryPolicy {
    RetryPolicy::default()
        .max_retries(max)
        .initial_backoff(Duration::from_millis(1))
        .max_backoff(Duration::from_millis(2))
}

/// Mounts `POST /restapi/oauth/token` answering with [`TOKEN_JSON`].
pub async fn mount_token_ok(server: &MockServer) {
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .respond_with(ResponseTemplate::new(200).set_body_raw(TOKEN_JSON, "application/json"))
        .mount(server)
        .await;
}

/// Every request the server received.
pub async fn requests(server: &MockServer) -> Vec<wiremock::Request> {
    server
        .received_requests()
        .await
        .expect("request recording is on")
}

/// The single request the server received (fails when there were 0 or several).
pub async fn only_request(server: &MockServer) -> wiremock::Request {
    let mut reqs = requests(server).await;
    assert_eq!(
        reqs.len(),
        1,
        "expected exactly one request, got {}",
        reqs.len()
    );
    reqs.remove(0)
}

/// All values of a header, as text.
pub fn header_values(req: &wiremock::Request, name: &str) -> Vec<String> {
    req.headers
        .get_all(name)
        .iter()
        .map(|v| v.to_str().expect("ASCII header").to_string())
        .collect()
}

/// The single value of a header, `None` when absent (fails when repeated).
pub fn header(req: &wiremock::Request, name: &str) -> Option<String> {
    let mut values = header_values(req, name);
    assert!(
        values.len() <= 1,
        "header {name} sent {} times: {values:?}",
        values.len()
    );
    values.pop()
}

/// The request body as UTF-8 text.
pub fn body_text(req: &wiremock::Request) -> &str {
    std::str::from_utf8(&req.body).expect("UTF-8 body")
}

/// The decoded `application/x-www-form-urlencoded` pairs of the body, in order.
pub fn form_pairs(req: &wiremock::Request) -> Vec<(String, String)> {
    url::form_urlencoded::parse(&req.body)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

/// All values of a form field, in order.
pub fn form_values(req: &wiremock::Request, name: &str) -> Vec<String> {
    form_pairs(req)
        .into_iter()
        .filter(|(k, _)| k == name)
        .map(|(_, v)| v)
        .collect()
}

/// The single value of a form field (fails when repeated).
pub fn form_value(req: &wiremock::Request, name: &str) -> Option<String> {
    let mut values = form_values(req, name);
    assert!(
        values.len() <= 1,
        "form field {name} sent {} times: {values:?}",
        values.len()
    );
    values.pop()
}

/// Asserts a form POST to `path` with no query, exactly one form `Content-Type`, the SDK's user
/// agent, and exactly `body` as bytes.
pub fn assert_form_post(req: &wiremock::Request, expected_path: &str, body: &str) {
    assert_eq!(req.method.as_str(), "POST");
    assert_eq!(req.url.path(), expected_path);
    assert_eq!(req.url.query(), None, "no query string expected");
    assert_eq!(header_values(req, "content-type"), vec![FORM.to_string()]);
    assert_eq!(
        header_values(req, "user-agent"),
        vec![USER_AGENT.to_string()]
    );
    assert_eq!(body_text(req), body, "form body bytes");
}

/// `Basic base64(id:secret)`.
pub fn basic(id: &str, secret: &str) -> String {
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{id}:{secret}"))
    )
}

/// Wraps DER in PEM armour.
pub fn pem(label: &str, der: &[u8]) -> String {
    let b64 = base64::engine::general_purpose::STANDARD.encode(der);
    let lines: Vec<&str> = b64
        .as_bytes()
        .chunks(64)
        .map(|c| std::str::from_utf8(c).expect("base64 is ASCII"))
        .collect();
    format!(
        "-----BEGIN {label}-----\n{}\n-----END {label}-----\n",
        lines.join("\n")
    )
}
