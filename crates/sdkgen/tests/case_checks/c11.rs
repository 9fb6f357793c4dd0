//! C11: tag values come from the mapping keys; the tag is written once.
use case_c11::models::Widget;

#[test]
fn mapping_keys_are_the_tags() {
    let w: Widget = serde_json::from_str(r#"{"node_kind":"picture","url":"x"}"#).unwrap();
    assert!(matches!(w, Widget::Picture(ref p) if p.url == "x"), "{w:?}");
    let text = serde_json::to_string(&w).unwrap();
    assert_eq!(text.matches("node_kind").count(), 1, "{text}");
    assert_eq!(serde_json::from_str::<serde_json::Value>(&text).unwrap(), serde_json::json!({"node_kind":"picture","url":"x"}));
    let l: Widget = serde_json::from_str(r#"{"node_kind":"link","target":"t"}"#).unwrap();
    assert!(matches!(l, Widget::Link(_)));
    let l: Widget = serde_json::from_str(r#"{"node_kind":"label","text":"t"}"#).unwrap();
    assert!(matches!(l, Widget::Label(_)));
}

#[test]
fn a_tag_the_sdk_does_not_know_decodes_as_unknown_instead_of_failing() {
    // A member the API added after this SDK was generated: the rest of the response still decodes.
    let items: Vec<Widget> = serde_json::from_str(r#"[{"node_kind":"video","src":"v"},{"node_kind":"link","target":"t"}]"#).unwrap();
    assert!(matches!(items[0], Widget::Unknown), "{items:?}");
    assert!(matches!(items[1], Widget::Link(_)));
    // It cannot be sent back (its payload is gone): an error, not a made-up body.
    assert!(serde_json::to_string(&Widget::Unknown).is_err());
    // A value without the tag at all is still an error.
    assert!(serde_json::from_str::<Widget>(r#"{"target":"t"}"#).is_err());
}

/// An integer discriminator: the tag is read and written as a JSON number (serde's own tags are
/// strings, and would read the number 1 as the second variant's index).
#[test]
fn an_integer_tag_is_a_json_number() {
    use case_c11::models::Shape;
    let circle: Shape = serde_json::from_value(serde_json::json!({"kind": 1, "radius": 2.0})).unwrap();
    assert!(matches!(&circle, Shape::V1(c) if c.radius == 2.0), "{circle:?}");
    let square: Shape = serde_json::from_value(serde_json::json!({"kind": 2, "side": 3.0})).unwrap();
    assert!(matches!(&square, Shape::V2(s) if s.side == 3.0), "{square:?}");
    // Written back with the tag as a number, first.
    assert_eq!(serde_json::to_string(&circle).unwrap(), r#"{"kind":1,"radius":2.0}"#);
    // A lenient server's string of digits is read too; an unknown tag is `Unknown`.
    let s: Shape = serde_json::from_value(serde_json::json!({"kind": "2", "side": 1.0})).unwrap();
    assert!(matches!(s, Shape::V2(_)));
    let u: Shape = serde_json::from_value(serde_json::json!({"kind": 9, "sides": 9})).unwrap();
    assert!(matches!(u, Shape::Unknown));
    assert!(serde_json::to_string(&u).is_err(), "an unknown shape cannot be sent");
    // No tag, or a tag that is no integer: errors naming the union.
    let e = serde_json::from_value::<Shape>(serde_json::json!({"radius": 1})).unwrap_err().to_string();
    assert!(e.contains("missing tag `kind`"), "{e}");
    let e = serde_json::from_value::<Shape>(serde_json::json!({"kind": true})).unwrap_err().to_string();
    assert!(e.contains("not an integer"), "{e}");
    // Inside a response body.
    let v: Vec<Shape> = serde_json::from_str(r#"[{"kind":2,"side":1.5},{"kind":1,"radius":0.5}]"#).unwrap();
    assert!(matches!((&v[0], &v[1]), (Shape::V2(_), Shape::V1(_))));
}

/// Inline members whose integer tag is their property's one-value `enum`: each its own variant;
/// `1.0` is the tag 1 too.
#[test]
fn inline_members_with_integer_enum_tags() {
    use case_c11::models::Token;
    let t: Token = serde_json::from_value(serde_json::json!({"t": 2, "b": "hello"})).unwrap();
    let written = serde_json::to_value(&t).unwrap();
    assert_eq!(written, serde_json::json!({"t": 2, "b": "hello"}), "{t:?}");
    let one: Token = serde_json::from_value(serde_json::json!({"t": 1.0, "a": "x"})).unwrap();
    assert_eq!(serde_json::to_value(&one).unwrap(), serde_json::json!({"t": 1, "a": "x"}));
}
