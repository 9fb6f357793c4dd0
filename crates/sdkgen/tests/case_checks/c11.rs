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
