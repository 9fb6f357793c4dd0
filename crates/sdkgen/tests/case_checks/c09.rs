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
