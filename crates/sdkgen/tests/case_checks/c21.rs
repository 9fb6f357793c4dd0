//! C21: components refs, path-level parameters overridden per operation, typed response headers.
use case_c21::models::User;
use case_c21::services::{GetUserByIdParams, ReplaceUserParams};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn refs_and_path_parameters() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/users/u1"))
        .respond_with(ResponseTemplate::new(200).insert_header("X-Rate-Remaining", "42").set_body_json(serde_json::json!({"id": "u1"})))
        .mount(&server)
        .await;
    Mock::given(method("PUT")).and(path("/v1/users/u1")).respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"id": "u1"}))).mount(&server).await;
    let client = case_c21::Client::builder().base_url(server.uri()).build().unwrap();
    let svc = client.default();
    // The operation-level `verbose` (integer) replaces the path-level one (boolean).
    let p = GetUserByIdParams::new("u1").with_verbose(2_i64);
    let u = svc.get_user_by_id(&p).await.unwrap();
    assert_eq!(u.id.as_deref(), Some("u1"));
    // `limit` has a default, but it is sent only when set.
    let reqs = server.received_requests().await.unwrap();
    assert_eq!(reqs[0].url.query(), Some("verbose=2"));
    svc.get_user_by_id(&GetUserByIdParams::new("u1").with_limit(5_i64)).await.unwrap();
    assert_eq!(server.received_requests().await.unwrap()[1].url.query(), Some("limit=5"));
    // put inherits the path-level parameters (and its boolean `verbose`).
    let body: User = serde_json::from_value(serde_json::json!({"id": "u1"})).unwrap();
    svc.replace_user(&ReplaceUserParams::new("u1").with_verbose(true), &body).await.unwrap();
    assert_eq!(server.received_requests().await.unwrap()[2].url.query(), Some("verbose=true"));
    // The referenced response header is readable as an i64.
    let (user, headers) = svc.get_user_by_id_with_headers(&GetUserByIdParams::new("u1")).await.unwrap();
    assert_eq!(user.id.as_deref(), Some("u1"));
    assert_eq!(headers.x_rate_remaining, Some(42_i64));
}
