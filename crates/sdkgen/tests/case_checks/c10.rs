//! C10: the discriminator, not the shape, decides the variant.
use case_c10::models::Shape;

#[test]
fn tag_decides_and_is_written_once() {
    let s: Shape = serde_json::from_str(r#"{"shape_kind":"ring","radius":2}"#).unwrap();
    assert!(matches!(s, Shape::Ring(_)), "{s:?}");
    let c: Shape = serde_json::from_str(r#"{"shape_kind":"circle","radius":2}"#).unwrap();
    assert!(matches!(c, Shape::Circle(_)));
    let text = serde_json::to_string(&s).unwrap();
    assert_eq!(text.matches("shape_kind").count(), 1, "{text}");
    assert_eq!(serde_json::from_str::<serde_json::Value>(&text).unwrap(), serde_json::json!({"shape_kind":"ring","radius":2.0}));
}
