//! C12: recursive schemas compile and round-trip.
use case_c12::models::{Expr, Person, TreeNode};

/// Numbers compared by value (`number` schemas are `f64`: `1` comes back as `1.0`).
fn normalize(v: serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match v {
        Value::Number(n) => serde_json::json!(n.as_f64().unwrap()),
        Value::Array(a) => Value::Array(a.into_iter().map(normalize).collect()),
        Value::Object(o) => Value::Object(o.into_iter().map(|(k, v)| (k, normalize(v))).collect()),
        other => other,
    }
}

fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(text: &str) -> T {
    let v: T = serde_json::from_str(text).unwrap();
    assert_eq!(normalize(serde_json::to_value(&v).unwrap()), normalize(serde_json::from_str::<serde_json::Value>(text).unwrap()));
    v
}

#[test]
fn recursion_round_trips() {
    let e: Expr = round_trip(r#"{"op":"add","left":{"value":1},"right":{"op":"sub","left":{"value":2},"right":{"value":3}}}"#);
    assert!(matches!(e, Expr::BinaryOp(_)));
    let t: TreeNode = round_trip(r#"{"name":"a","parent":{"name":"p"},"children":[{"name":"c","children":[]}]}"#);
    assert_eq!(t.parent.unwrap().name, "p");
    let _: Person = round_trip(r#"{"name":"n","employer":{"ceo":{"name":"m","employer":{}}}}"#);
}
