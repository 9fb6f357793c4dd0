//! C13: additionalProperties next to properties, and pure maps.
use case_c13::models::{Closed, Counters, Labels, Position};

fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(text: &str) -> T {
    let v: T = serde_json::from_str(text).unwrap();
    assert_eq!(serde_json::to_value(&v).unwrap(), serde_json::from_str::<serde_json::Value>(text).unwrap());
    v
}

#[test]
fn extra_keys_are_kept() {
    let p: Position = round_trip(r#"{"north":1.5,"east":2.5,"up":3}"#);
    assert_eq!(p.north, 1.5);
    let c: Counters = round_trip(r#"{"total":3,"a":1,"b":2}"#);
    assert_eq!(c.total, Some(3));
    assert!(!serde_json::to_string(&c).unwrap().contains("additional"));
    let l: Labels = round_trip(r#"{"x":"1","y":"2"}"#);
    let _ = l;
    // Closed: unknown keys are tolerated when reading, not kept.
    let cl: Closed = serde_json::from_str(r#"{"a":"x","zzz":1}"#).unwrap();
    assert_eq!(serde_json::to_value(&cl).unwrap(), serde_json::json!({"a":"x"}));
}

#[test]
fn a_free_form_object_keeps_every_key() {
    // `{type: object}` with no properties: OpenAPI's default `additionalProperties: true`.
    let v = serde_json::json!({"a": 1, "b": {"c": [true]}});
    let f: case_c13::models::FreeForm = serde_json::from_value(v.clone()).unwrap();
    assert_eq!(f.additional_properties.len(), 2);
    assert_eq!(serde_json::to_value(&f).unwrap(), v);
}
