//! U03: readOnly properties are never needed to build a request and never sent; writeOnly
//! properties are never needed when decoding a response.
use case_u03::models::{Login, User};
use serde_json::json;
use wiremock::matchers::{body_json, body_string, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[test]
fn read_only_is_never_serialized() {
    // The constructor takes the required properties that are not readOnly.
    let mut user = User::new("ann", "s3cret");
    assert_eq!(serde_json::to_value(&user).unwrap(), json!({"name": "ann", "password": "s3cret"}));
    // Even when set (as after decoding a response), readOnly values are not written.
    user.id = Some(7);
    user.created_at = Some("2024-01-01T00:00:00Z".parse().unwrap());
    user.revision = Some(Some(3));
    user.nickname = Some("a".into());
    assert_eq!(serde_json::to_value(&user).unwrap(), json!({"name": "ann", "password": "s3cret"}));
    let user = user.with_invite_code("inv");
    assert_eq!(serde_json::to_value(&user).unwrap(), json!({"name": "ann", "password": "s3cret", "invite_code": "inv"}));
}

#[test]
fn write_only_absent_decodes() {
    // A response: readOnly values present, writeOnly (`password`, required) absent.
    let user: User = serde_json::from_value(json!({"id": 1, "name": "ann", "created_at": "2024-01-01T00:00:00Z", "revision": null})).unwrap();
    assert_eq!(user.id, Some(1));
    assert_eq!(user.password, None);
    assert_eq!(user.revision, Some(None));
    assert_eq!(user.created_at.map(|t| t.to_string()).as_deref(), Some("2024-01-01T00:00:00Z"));
    // readOnly required ones may be absent too (a value the client built and stored itself).
    let user: User = serde_json::from_value(json!({"name": "ann"})).unwrap();
    assert_eq!((user.id, user.password, user.revision), (None, None, None));
    // A required property that is neither readOnly nor writeOnly is still a plain field; under
    // the default response leniency a response that omits it reads the empty value.
    let user: User = serde_json::from_value(json!({"id": 1})).unwrap();
    assert_eq!((user.id, user.name.as_str()), (Some(1), ""));
    // A mistyped one is still an error.
    assert!(serde_json::from_value::<User>(json!({"id": 1, "name": 5})).is_err());
    // Nullable writeOnly: absent is `None`, null is `Some(None)`.
    let login: Login = serde_json::from_value(json!({"username": "u", "session": "s"})).unwrap();
    assert_eq!((login.secret_answer, login.session.as_deref()), (None, Some("s")));
    let login = Login::new("u", None);
    assert_eq!(serde_json::to_value(&login).unwrap(), json!({"username": "u", "secret_answer": null}));
}

#[tokio::test]
async fn create_user_sends_no_read_only_and_decodes_without_write_only() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/users"))
        .and(body_json(json!({"name": "ann", "password": "pw"})))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"id": 42, "name": "ann", "created_at": "2024-05-01T10:00:00Z", "revision": 1})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v1/sessions"))
        .and(body_string("username=u&secret_answer=blue"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"username": "u", "session": "abc"})))
        .expect(1)
        .mount(&server)
        .await;
    let client = case_u03::Client::builder().base_url(server.uri()).build().unwrap();
    let mut body = User::new("ann", "pw");
    body.id = Some(99);
    let created = client.default().create_user(&body).await.unwrap();
    assert_eq!((created.id, created.password.as_deref(), created.revision), (Some(42), None, Some(Some(1))));
    let mut login = Login::new("u", Some("blue".into()));
    login.session = Some("stale".into());
    let session = client.default().create_session(&login).await.unwrap();
    assert_eq!(session.session.as_deref(), Some("abc"));
    assert_eq!(session.secret_answer, None);
}
