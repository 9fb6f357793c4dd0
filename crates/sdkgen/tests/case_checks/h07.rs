//! H07: `K: {type: array, items: {$ref: K}}` (and a map that does the same) would be an infinite
//! `type K = Vec<K>`: it is a newtype struct, transparent on the wire.
use case_h07::models::{Holder, K};

#[test]
fn a_self_containing_array_round_trips() {
    let text = "[[],[[]],[[[]]]]";
    let k: K = serde_json::from_str(text).unwrap();
    assert_eq!(k.0.len(), 3);
    assert_eq!(k.0[2].0[0], K(vec![K(vec![])]));
    assert_eq!(serde_json::to_string(&k).unwrap(), text);
    let h = Holder::new(K(vec![K::default()]));
    assert_eq!(serde_json::to_value(&h).unwrap(), serde_json::json!({"k": [[]]}));
}
