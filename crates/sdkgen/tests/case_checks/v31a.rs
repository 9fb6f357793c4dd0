//! V31A: OpenAPI 3.1 schemas decode as they say: a `prefixItems` tuple is a Rust tuple of exactly
//! that many items, a `type` list of several types is an untagged union deciding by the JSON
//! value's kind, `["string", "null"]` and `anyOf: [$ref, {type: "null"}]` tell `null` from absent,
//! `const` is a one-value enum, and everything is written back unchanged. A tuple holding its
//! owner type is boxed.
use case_v31a::models::{Kind, Point, Reading, ReadingValue, Sensor, Source, Tree, Unit};
use serde_json::{Value, json};
use wiremock::matchers::{body_json, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn round_trip(v: Value) -> Reading {
    let r: Reading = serde_json::from_value(v.clone()).unwrap_or_else(|e| panic!("{v}: {e}"));
    assert_eq!(serde_json::to_value(&r).unwrap(), v, "written back differently");
    r
}

#[test]
fn a_tuple_is_exactly_its_items() {
    let r = round_trip(json!({"kind": "reading", "value": 1.5, "at": [1.0, 2.5, "roof"]}));
    let at: Point = r.at;
    assert_eq!(at, (1.0, 2.5, "roof".to_string()));
    for bad in [json!({"kind": "reading", "value": 1, "at": [1.0, 2.5]}), json!({"kind": "reading", "value": 1, "at": [1.0, 2.5, "roof", 4]})] {
        assert!(serde_json::from_value::<Reading>(bad.clone()).is_err(), "{bad} decoded");
    }
    let err = serde_json::from_value::<Reading>(json!({"kind": "reading", "value": 1, "at": ["x", 2.5, "roof"]})).unwrap_err();
    assert!(err.to_string().contains("invalid type"), "{err}");
}

#[test]
fn a_tuple_can_hold_its_owner() {
    let t: Tree = serde_json::from_value(json!({"name": "root", "pair": [{"name": "leaf"}, 0.5]})).unwrap();
    let (child, weight) = *t.pair.unwrap();
    assert_eq!((child.name.as_str(), weight), ("leaf", 0.5));
    let built = Tree::new("root").with_pair((Tree::new("leaf"), 0.5));
    assert_eq!(serde_json::to_value(built).unwrap(), json!({"name": "root", "pair": [{"name": "leaf"}, 0.5]}));
}

#[test]
fn a_type_list_is_a_union_by_json_kind() {
    assert_eq!(round_trip(json!({"kind": "reading", "value": 3.5, "at": [0.0, 0.0, ""]})).value, ReadingValue::Number(3.5));
    assert_eq!(round_trip(json!({"kind": "reading", "value": "high", "at": [0.0, 0.0, ""]})).value, ReadingValue::String("high".into()));
    assert_eq!(round_trip(json!({"kind": "reading", "value": [1.0, 2.0], "at": [0.0, 0.0, ""]})).value, ReadingValue::NumberArray(vec![1.0, 2.0]));
    let err = serde_json::from_value::<Reading>(json!({"kind": "reading", "value": {"a": 1}, "at": [0.0, 0.0, ""]})).unwrap_err().to_string();
    assert!(err.contains("no variant of `ReadingValue` takes an object"), "{err}");
    // `null` is not one of the listed types.
    assert!(serde_json::from_value::<Reading>(json!({"kind": "reading", "value": null, "at": [0.0, 0.0, ""]})).is_err());
}

#[test]
fn null_and_absent_are_told_apart() {
    let r = round_trip(json!({"kind": "reading", "value": 1.0, "at": [0.0, 0.0, ""], "note": null, "sensor": null}));
    assert_eq!(r.note, Some(None));
    assert_eq!(r.sensor, Some(None));
    let r = round_trip(json!({"kind": "reading", "value": 1.0, "at": [0.0, 0.0, ""], "note": "calibrated", "sensor": {"id": "s1"}}));
    assert_eq!(r.note, Some(Some("calibrated".into())));
    assert_eq!(r.sensor, Some(Some(Sensor::new("s1"))));
    let r = round_trip(json!({"kind": "reading", "value": 1.0, "at": [0.0, 0.0, ""]}));
    assert_eq!((r.note, r.sensor), (None, None));
}

#[test]
fn const_enums_and_the_rest() {
    let r = round_trip(json!({
        "kind": "reading", "value": 1.0, "at": [0.0, 0.0, ""], "unit": "kelvin", "level": 9, "raw": "aGk=",
        "labels": {"room": "kitchen"}, "rule": {"a": 1}, "source": {"id": "s9"}
    }));
    // A `oneOf` member written `{$ref: Sensor, description: ...}` is the variant `Sensor`.
    assert_eq!(r.source, Some(Source::Sensor(Sensor::new("s9"))));
    assert_eq!(r.kind, Kind::Reading);
    assert_eq!(r.unit, Some(Unit::Kelvin));
    assert_eq!(r.labels.unwrap().additional_properties.get("room").map(String::as_str), Some("kitchen"));
    // An open enum keeps a value the spec does not list.
    assert_eq!(serde_json::to_value(Kind::from("other")).unwrap(), json!("other"));
}

#[tokio::test]
async fn through_the_client() {
    let server = MockServer::start().await;
    let reading = Reading::new(Kind::Reading, ReadingValue::NumberArray(vec![0.5]), (1.0, 2.0, "lab".to_string())).with_note("n");
    Mock::given(method("PUT"))
        .and(path("/readings/r1"))
        .and(body_json(json!({"kind": "reading", "value": [0.5], "at": [1.0, 2.0, "lab"], "note": "n"})))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/readings/r1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"kind": "reading", "value": "ok", "at": [3, 4, "x"]})))
        .mount(&server)
        .await;
    let client = case_v31a::Client::builder().base_url(server.uri()).build().unwrap();
    client.default().put_reading(&case_v31a::services::PutReadingParams::new("r1"), &reading).await.unwrap();
    let got = client.default().get_reading(&case_v31a::services::GetReadingParams::new("r1")).await.unwrap();
    assert_eq!(got.at, (3.0, 4.0, "x".to_string()));
    assert_eq!(got.value, ReadingValue::String("ok".into()));
}
