//! C03: per-operation security: opt-out, override with Basic, optional auth.
use wiremock::matchers::{header, header_exists, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

fn auth_headers(r: &Request) -> Vec<String> {
    r.headers.get_all("authorization").iter().map(|v| v.to_str().unwrap().to_string()).collect()
}

async fn server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any()).respond_with(ResponseTemplate::new(200)).mount(&server).await;
    server
}

async fn last_auth(server: &MockServer) -> Vec<String> {
    let reqs = server.received_requests().await.unwrap();
    auth_headers(reqs.last().unwrap())
}

#[tokio::test]
async fn each_operation_uses_its_own_security() {
    let server = server().await;
    let client = case_c03::Client::builder().base_url(server.uri()).access_token("t").client_credentials("id", "secret").build().unwrap();
    let svc = client.default();

    svc.authorize_page().await.unwrap();
    assert!(last_auth(&server).await.is_empty(), "security: [] sends no Authorization");

    svc.issue_token(&case_c03::models::IssueTokenRequest::new("client_credentials")).await.unwrap();
    assert_eq!(last_auth(&server).await, vec!["Basic aWQ6c2VjcmV0".to_string()]);

    svc.list_items().await.unwrap();
    assert_eq!(last_auth(&server).await, vec!["Bearer t".to_string()]);

    svc.get_status().await.unwrap();
    assert_eq!(last_auth(&server).await, vec!["Bearer t".to_string()]);
    let _ = (header("a", "b"), header_exists("a"), method("GET"), path("/"));
}

#[tokio::test]
async fn optional_auth_without_credentials_sends_nothing() {
    let server = server().await;
    let client = case_c03::Client::builder().base_url(server.uri()).build().unwrap();
    client.default().get_status().await.unwrap();
    assert!(last_auth(&server).await.is_empty());
}

#[tokio::test]
async fn basic_is_never_built_from_empty_credentials() {
    let server = server().await;
    let client = case_c03::Client::builder().base_url(server.uri()).access_token("t").build().unwrap();
    let r = client.default().issue_token(&case_c03::models::IssueTokenRequest::new("client_credentials")).await;
    let sent = server.received_requests().await.unwrap();
    for req in &sent {
        for h in auth_headers(req) {
            assert_ne!(h, "Basic Og==");
            assert!(!h.starts_with("Bearer"), "bearer sent to a Basic-only operation");
        }
    }
    // Either refused locally or sent without credentials; never a wrong credential.
    let _ = r;
}
