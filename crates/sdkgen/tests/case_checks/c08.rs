//! C08: schemas named like prelude types compile and work next to the SDK's own types.
use case_c08::models;

#[test]
fn shadowing_models_round_trip() {
    let text = r#"{"items":[{"value":"v","list":[1,2]}],"next":"a"}"#;
    let r: models::Result = serde_json::from_str(text).unwrap();
    assert_eq!(r.next, Some(models::Option::A));
    let back: serde_json::Value = serde_json::to_value(&r).unwrap();
    assert_eq!(back, serde_json::from_str::<serde_json::Value>(text).unwrap());
    let e: models::Error = serde_json::from_str(r#"{"message":"m"}"#).unwrap();
    assert_eq!(e.message.as_deref(), Some("m"));
    let c: models::Client = serde_json::from_str(r#"{"id":"c"}"#).unwrap();
    assert_eq!(c.id.as_deref(), Some("c"));
    // The SDK's own `Client` and `Error` are still there.
    let _sdk: Option<case_c08::Client> = None;
    let _err: Option<case_c08::Error<models::Error>> = None;
}
