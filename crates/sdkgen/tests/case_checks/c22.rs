#![recursion_limit = "1024"] // FIXME(sdkgen): deep by-value model chains overflow drop check in user crates too.
//! C22: the large cyclic spec generates (the harness times it) and compiles.
#[test]
fn compiles() {
    let v: case_c22::models::Entity1 = serde_json::from_str(r#"{"id":"1","related":[{"id":"2"}]}"#).unwrap();
    assert_eq!(v.id, "1");
}
