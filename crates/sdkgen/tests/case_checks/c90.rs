//! C90: unions that are members of themselves become `serde_json::Value`; a union recursive
//! through an array stays a recursive enum.
use case_c90::models::{Direct, Holder, Tree};

#[test]
fn self_unions_accept_any_value_and_real_recursion_is_kept() {
    let direct: Direct = serde_json::json!({"anything": [1, 2]});
    let h: Holder = serde_json::from_value(serde_json::json!({
        "direct": direct, "mutual": 7, "looping": true,
        "tree": [[{"value": "a"}], {"value": "b", "parent": [{"value": "c"}]}],
    }))
    .unwrap();
    assert_eq!(h.mutual, Some(serde_json::json!(7)));
    let Some(Tree::TreeArray(items)) = &h.tree else { panic!("an array of trees: {:?}", h.tree) };
    assert_eq!(items.len(), 2);
    assert!(matches!(&items[1], Tree::Leaf(l) if l.value == "b" && matches!(l.parent.as_deref(), Some(Tree::TreeArray(_)))));
    let back = serde_json::to_value(&h).unwrap();
    assert_eq!(back["tree"][1]["parent"][0]["value"], "c");
}
