//! RESP03: required response properties with an empty value (string, number, array) read as it
//! when absent; enums, objects (even a map-like one), nullable properties and the properties that identify untagged union variants stay required; a failed
//! decode keeps the raw body and the path.
use case_resp03::models::Shape;
use case_resp03::Error;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn client_for(verb: &str, p: &str, body: &str) -> (MockServer, case_resp03::Client) {
    let server = MockServer::start().await;
    Mock::given(method(verb)).and(path(p)).respond_with(ResponseTemplate::new(200).set_body_raw(body.to_string(), "application/json")).mount(&server).await;
    let client = case_resp03::Client::builder().base_url(server.uri()).build().unwrap();
    (server, client)
}

#[tokio::test]
async fn missing_required_fields_with_an_empty_value_decode() {
    let (_s, c) = client_for("POST", "/token", r#"{"access_token":"a","kind":"user","owner":{},"meta":{},"note":null}"#).await;
    let t = c.default().issue_token().await.unwrap();
    assert_eq!(t.access_token, "a");
    assert_eq!(t.expires_in, 0);
    assert_eq!(t.scope, "");
    assert!(t.tags.is_empty());
    assert!(t.meta.additional_properties.is_empty());
    assert_eq!(t.note, None);
    assert_eq!(t.kind.to_string(), "user");
    assert_eq!(t.owner.id, 0);
}

#[tokio::test]
async fn present_fields_are_kept() {
    let body = r#"{"access_token":"a","expires_in":60,"scope":"s","tags":["x"],"meta":{"k":"v"},"kind":"app","owner":{"id":9},"note":"n"}"#;
    let (_s, c) = client_for("POST", "/token", body).await;
    let t = c.default().issue_token().await.unwrap();
    assert_eq!((t.expires_in, t.scope.as_str(), t.tags.len(), t.owner.id), (60, "s", 1, 9));
    assert_eq!(t.note.as_deref(), Some("n"));
}

#[tokio::test]
async fn enums_and_objects_stay_required_and_failures_name_the_path() {
    for (body, expected_path) in [
        (r#"{"access_token":"a","owner":{},"meta":{},"note":null}"#, "kind"),
        (r#"{"access_token":"a","kind":"user","meta":{},"note":null}"#, "owner"),
        (r#"{"access_token":"a","kind":"user","owner":{},"note":null}"#, "meta"),
        (r#"{"access_token":"a","kind":"user","owner":{},"meta":{}}"#, "note"),
        (r#"{"access_token":"a","kind":"user","owner":{"id":"nine"},"meta":{},"note":null}"#, "owner.id"),
        (r#"{"access_token":"a","kind":"user","owner":{},"meta":{},"note":null,"tags":[1]}"#, "tags[0]"),
    ] {
        let (_s, c) = client_for("POST", "/token", body).await;
        match c.default().issue_token().await.unwrap_err() {
            Error::Decode { status, body: raw, path, .. } => {
                assert_eq!(status.as_u16(), 200);
                assert_eq!(&raw[..], body.as_bytes());
                assert_eq!(path, expected_path, "{body}");
            }
            other => panic!("{body}: expected Decode, got {other:?}"),
        }
    }
}

#[tokio::test]
async fn untagged_union_variants_stay_strict() {
    let (_s, c) = client_for("GET", "/shape", r#"{"side":2.0}"#).await;
    assert!(matches!(c.default().get_shape().await.unwrap(), Shape::Square(s) if s.side == 2.0));
    let (_s, c) = client_for("GET", "/shape", r#"{"radius":1.5}"#).await;
    assert!(matches!(c.default().get_shape().await.unwrap(), Shape::Circle(s) if s.radius == 1.5));
}
