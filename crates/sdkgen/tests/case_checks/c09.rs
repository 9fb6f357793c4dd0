//! C09: optional × nullable, all four combinations.
use case_c09::models::ProfilePatch;

#[test]
fn four_combinations() {
    // Absent optional keys stay absent; a required nullable key is written as null.
    let p: ProfilePatch = serde_json::from_str(r#"{"handle":"h","avatar_url":null}"#).unwrap();
    assert_eq!(p.alias, None);
    assert_eq!(p.handle, "h");
    assert_eq!(p.bio, None);
    assert_eq!(p.avatar_url, None);
    assert!(p.nullable_ref.is_none());
    assert_eq!(serde_json::to_value(&p).unwrap(), serde_json::json!({"handle":"h","avatar_url":null}));

    // Optional + nullable: null is `Some(None)` and written back as null.
    let p: ProfilePatch = serde_json::from_str(r#"{"handle":"h","avatar_url":"u","bio":null,"alias":"a"}"#).unwrap();
    assert_eq!(p.bio, Some(None));
    assert_eq!(p.alias.as_deref(), Some("a"));
    assert_eq!(p.avatar_url.as_deref(), Some("u"));
    assert_eq!(serde_json::to_value(&p).unwrap(), serde_json::json!({"alias":"a","handle":"h","bio":null,"avatar_url":"u"}));
    let p: ProfilePatch = serde_json::from_str(r#"{"handle":"h","avatar_url":null,"bio":"b"}"#).unwrap();
    assert_eq!(p.bio, Some(Some("b".to_string())));

    // Required + nullable: the key must be there.
    assert!(serde_json::from_str::<ProfilePatch>(r#"{"handle":"h"}"#).is_err());
    // Nullable $ref (allOf wrapper): null accepted.
    let p: ProfilePatch = serde_json::from_str(r#"{"handle":"h","avatar_url":null,"nullable_ref":null}"#).unwrap();
    assert!(p.nullable_ref.is_none() || matches!(serde_json::to_value(&p.nullable_ref).unwrap(), serde_json::Value::Null));
}

/// Elements that may be null (array items, map values) are `Option`s: a `null` among them is
/// `None`, written back as `null`, not a decode error of the whole value.
#[test]
fn nullable_elements() {
    use case_c09::models::Readings;
    let wire = serde_json::json!({
        "tags": ["a", null, "b"],
        "scores": {"x": 1, "y": null},
        "addresses": [{"line1": "Main St"}, null],
        "stamps": ["2024-05-01T10:00:00Z", null],
        "grid": [[1.5, null], null, []],
        "extra": {"d": "2024-02-29", "n": null}
    });
    let r: Readings = serde_json::from_value(wire.clone()).unwrap();
    assert_eq!(r.tags, Some(vec![Some("a".to_string()), None, Some("b".to_string())]));
    let scores = &r.scores.as_ref().unwrap().additional_properties;
    assert_eq!(scores["x"], Some(1));
    assert_eq!(scores["y"], None);
    let addresses = r.addresses.as_ref().unwrap();
    assert_eq!(addresses[0].as_ref().unwrap().line1.as_deref(), Some("Main St"));
    assert!(addresses[1].is_none());
    let stamps = r.stamps.as_ref().unwrap();
    assert_eq!(stamps[0], Some("2024-05-01T10:00:00Z".parse::<jiff::Timestamp>().unwrap()));
    assert_eq!(stamps[1], None);
    let grid = r.grid.as_ref().unwrap();
    assert_eq!(grid[0], Some(vec![Some(1.5), None]));
    assert_eq!(grid[1], None);
    assert_eq!(r.extra.as_ref().unwrap().additional_properties["n"], None);
    assert_eq!(r.extra.as_ref().unwrap().additional_properties["d"], Some(jiff::civil::date(2024, 2, 29)));
    // Written back exactly.
    assert_eq!(serde_json::to_value(&r).unwrap(), wire);
    // A wrong value among them is still an error.
    let err = serde_json::from_value::<Readings>(serde_json::json!({"stamps": [null, "yesterday"]})).unwrap_err();
    assert!(err.to_string().contains("not a valid `date-time`"), "{err}");
}

/// A whole response body that is an array with null items decodes; an alias of it is
/// `Vec<Option<String>>`.
#[tokio::test]
async fn whole_body_with_null_items() {
    use wiremock::matchers::{method, path};
    use wiremock::{Mock, MockServer, ResponseTemplate};
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/names"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(r#"["ann", null, "bo"]"#, "application/json"))
        .mount(&server)
        .await;
    let client = case_c09::Client::builder().base_url(server.uri()).build().unwrap();
    let names: case_c09::models::NullableNames = client.default().list_names().await.unwrap();
    assert_eq!(names, vec![Some("ann".to_string()), None, Some("bo".to_string())]);
}

/// A whole response body that may be `null` is an `Option`: `null` is `None`, not a decode error.
#[tokio::test]
async fn a_nullable_body_is_an_option() {
    use wiremock::matchers::{method, path};
    use wiremock::{Mock, MockServer, ResponseTemplate};
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/maybe"))
        .respond_with(ResponseTemplate::new(200).set_body_raw("null", "application/json"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/maybe"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(r#"{"line1":"Main St"}"#, "application/json"))
        .mount(&server)
        .await;
    let client = case_c09::Client::builder().base_url(server.uri()).build().unwrap();
    let none: Option<case_c09::models::Address> = client.default().get_maybe().await.unwrap();
    assert!(none.is_none());
    let some = client.default().get_maybe().await.unwrap().expect("an address");
    assert_eq!(some.line1.as_deref(), Some("Main St"));
}
