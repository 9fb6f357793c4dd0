//! U01: untagged unions decided by the JSON value's kind; every kind goes to its variant, the
//! value is written back unchanged, an array never decodes as an object, and a value that fits
//! no variant is an error naming the union.
use case_u01::models::{Holder, Nested, NestedUnion, Scalar, SettingValue, Stamp, Widget};
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn decode<T: serde::de::DeserializeOwned>(v: Value) -> T {
    serde_json::from_value(v.clone()).unwrap_or_else(|e| panic!("{v}: {e}"))
}

fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(v: Value) -> T {
    let t: T = decode(v.clone());
    assert_eq!(serde_json::to_value(&t).unwrap(), v, "written back differently");
    t
}

#[test]
fn every_json_kind_goes_to_its_variant_and_back() {
    assert_eq!(round_trip::<SettingValue>(json!("on")), SettingValue::String("on".into()));
    assert_eq!(round_trip::<SettingValue>(json!(["a", "b"])), SettingValue::StringArray(vec!["a".into(), "b".into()]));
    assert_eq!(
        round_trip::<SettingValue>(json!([{"id": 1, "label": "x"}, {"id": 2}])),
        SettingValue::WidgetArray(vec![Widget::new(1).with_label("x"), Widget::new(2)])
    );
    assert_eq!(round_trip::<SettingValue>(json!(42)), SettingValue::Integer(42));
    assert_eq!(round_trip::<SettingValue>(json!(-4.25)), SettingValue::Number(-4.25));
    assert_eq!(round_trip::<SettingValue>(json!(false)), SettingValue::Boolean(false));
    assert_eq!(round_trip::<SettingValue>(json!({"id": 7})), SettingValue::Widget(Widget::new(7)));
    assert_eq!(round_trip::<SettingValue>(json!(null)), SettingValue::Null);
    // An empty array fits both array variants: the first listed (strings) wins, written back as [].
    assert_eq!(round_trip::<SettingValue>(json!([])), SettingValue::StringArray(vec![]));
}

#[test]
fn an_array_never_decodes_as_an_object_variant() {
    // serde's derived struct accepts its sequence form: the union never offers it an array.
    assert!(serde_json::from_value::<Widget>(json!([3, "w"])).is_ok());
    let err = serde_json::from_value::<SettingValue>(json!([3, "w"])).unwrap_err().to_string();
    assert!(err.contains("no variant of `SettingValue` takes an array"), "{err}");
    assert!(err.contains("`WidgetArray` item 0 is an integer"), "{err}");
    // Array of strings stays an array of strings, never a Widget.
    let v: SettingValue = decode(json!(["7", "label"]));
    assert!(matches!(v, SettingValue::StringArray(_)), "{v:?}");
}

#[test]
fn misfits_are_errors_naming_the_union() {
    let err = serde_json::from_value::<SettingValue>(json!({"label": "no id"})).unwrap_err().to_string();
    assert!(err.contains("no variant of `SettingValue` takes an object"), "{err}");
    assert!(err.contains("`Widget` lacks `id`"), "{err}");
    let err = serde_json::from_value::<SettingValue>(json!([1, 2])).unwrap_err().to_string();
    assert!(err.contains("`SettingValue`"), "{err}");
    let err = serde_json::from_value::<Scalar>(json!("text")).unwrap_err().to_string();
    assert!(err.contains("no variant of `Scalar` takes a string"), "{err}");
    // Inside a struct: the error still names the union.
    let err = serde_json::from_value::<Holder>(json!({"value": {"nope": 1}})).unwrap_err().to_string();
    assert!(err.contains("`SettingValue`"), "{err}");
}

#[test]
fn integers_numbers_and_null() {
    // An integer goes to the integer variant even when the number variant is listed first.
    assert_eq!(round_trip::<Scalar>(json!(3)), Scalar::Integer(3));
    assert_eq!(round_trip::<Scalar>(json!(3.5)), Scalar::Number(3.5));
    assert_eq!(round_trip::<Scalar>(json!(true)), Scalar::Boolean(true));
    // `nullable` union: null is a variant of its own.
    assert_eq!(round_trip::<Scalar>(json!(null)), Scalar::Null);
    // Out of i32 range: not the int32 variant, the number one.
    assert_eq!(decode::<Scalar>(json!(5_000_000_000i64)), Scalar::Number(5e9));
}

#[test]
fn same_kind_variants_by_format_and_enum() {
    assert_eq!(round_trip::<Stamp>(json!("2024-02-29T12:00:00Z")), Stamp::DateTime("2024-02-29T12:00:00Z".parse().unwrap()));
    assert_eq!(
        round_trip::<Stamp>(json!("123e4567-e89b-12d3-a456-426614174000")),
        Stamp::Uuid("123e4567-e89b-12d3-a456-426614174000".parse().unwrap())
    );
    assert!(matches!(round_trip::<Stamp>(json!("never")), Stamp::Never(_)));
    assert_eq!(round_trip::<Stamp>(json!("yesterday")), Stamp::String("yesterday".into()));
    assert_eq!(round_trip::<Stamp>(json!(5)), Stamp::Integer(5));
    // A nullable member makes null a value of the union.
    assert_eq!(round_trip::<Stamp>(json!(null)), Stamp::Null);
}

#[test]
fn nested_unions() {
    assert_eq!(round_trip::<Nested>(json!(1)), Nested::Union(NestedUnion::Integer(1)));
    assert_eq!(round_trip::<Nested>(json!("a@example.com")), Nested::Union(NestedUnion::Email("a@example.com".into())));
    assert_eq!(round_trip::<Nested>(json!([true, false])), Nested::BooleanArray(vec![true, false]));
    assert_eq!(round_trip::<Nested>(json!([[1, 2], []])), Nested::IntegerArrayArray(vec![vec![1, 2], vec![]]));
    let err = serde_json::from_value::<Nested>(json!([true, 1])).unwrap_err().to_string();
    assert!(err.contains("`Nested`"), "{err}");
    assert!(serde_json::from_value::<Nested>(json!({})).is_err());
    let h: Holder = round_trip(json!({"value": ["x"], "history": [1, "two", null, {"id": 3}], "scalar": null, "nested": [[7]]}));
    assert_eq!(h.value, SettingValue::StringArray(vec!["x".into()]));
    assert_eq!(
        h.history.unwrap(),
        vec![SettingValue::Integer(1), SettingValue::String("two".into()), SettingValue::Null, SettingValue::Widget(Widget::new(3))]
    );
}

#[tokio::test]
async fn through_the_client() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/settings/tags"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!(["a", "b"])))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/settings/bad"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"label": "x"})))
        .mount(&server)
        .await;
    let client = case_u01::Client::builder().base_url(server.uri()).build().unwrap();
    let v = client.default().get_setting(&case_u01::services::GetSettingParams::new("tags")).await.unwrap();
    assert_eq!(v, SettingValue::StringArray(vec!["a".into(), "b".into()]));
    let err = client.default().get_setting(&case_u01::services::GetSettingParams::new("bad")).await.unwrap_err();
    assert!(matches!(err, case_u01::Error::Decode { .. }), "{err:?}");
}
