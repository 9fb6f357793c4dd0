//! U04: deprecated operations, parameters, schemas and properties carry `#[deprecated]`; the
//! crate builds warning-free (the case workspace runs clippy with `-D warnings`), and the
//! deprecated items still work.
#![allow(deprecated)]
use case_u04::models::{OldMode, OldThing, OldUnion, Thing, ThingOrOld};
use case_u04::services::ListThingsParams;
use serde_json::json;
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[test]
fn deprecated_models_still_work() {
    let thing = Thing::new("t1", "legacy").with_old_name("n").with_previous(OldThing::new("o").with_mode(OldMode::Fast));
    let v = serde_json::to_value(&thing).unwrap();
    assert_eq!(v, json!({"id": "t1", "legacy_id": "legacy", "old_name": "n", "previous": {"id": "o", "mode": "fast"}}));
    assert_eq!(serde_json::from_value::<Thing>(v).unwrap(), thing);
    assert!(matches!(serde_json::from_value::<ThingOrOld>(json!({"id": "x", "legacy_id": "y"})).unwrap(), ThingOrOld::Thing(_)));
    assert!(matches!(serde_json::from_value::<ThingOrOld>(json!({"id": "x"})).unwrap(), ThingOrOld::OldThing(_)));
    assert_eq!(serde_json::from_value::<OldUnion>(json!(3)).unwrap(), OldUnion::Integer(3));
}

#[tokio::test]
async fn deprecated_operation_and_parameters_are_sent() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/things"))
        .and(query_param("old_mode", "slow"))
        .and(query_param("legacy_filter", "f"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([{"id": "a"}])))
        .expect(1)
        .mount(&server)
        .await;
    let client = case_u04::Client::builder().base_url(server.uri()).build().unwrap();
    let things = client.default().list_things(&ListThingsParams::new(OldMode::Slow).with_legacy_filter("f")).await.unwrap();
    assert_eq!(things, vec![OldThing::new("a")]);
    let url = client.default().old_authorize_url(&case_u04::services::OldAuthorizeParams::new("c")).unwrap();
    assert!(url.as_str().ends_with("/v1/old/authorize?client_id=c"), "{url}");
}
