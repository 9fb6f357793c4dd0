//! Untagged unions decided by JSON shape: kinds, required properties, item kinds, enum and
//! property values, formats; errors name the union.

use sdkgen_runtime::union::{self, JsonKind as K, Known, Shape, candidates, decode_value, format_fits};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Widget {
    id: i64,
    name: Option<String>,
}

/// string | string[] | Widget[] | integer | number | boolean | Widget | null
#[derive(Debug, PartialEq)]
enum U {
    Widget(Widget),
    String(String),
    StringArray(Vec<String>),
    WidgetArray(Vec<Widget>),
    Integer(i64),
    Number(f64),
    Boolean(bool),
    Null,
}

const SHAPES: &[Shape] = &[
    Shape { required: &["id"], ..Shape::new("Widget", &[K::Object]) },
    Shape::new("String", &[K::String]),
    Shape { items: &[K::String], ..Shape::new("StringArray", &[K::Array]) },
    Shape { items: &[K::Object], ..Shape::new("WidgetArray", &[K::Array]) },
    Shape::new("Integer", &[K::Integer]),
    Shape::new("Number", &[K::Integer, K::Number]),
    Shape::new("Boolean", &[K::Boolean]),
    Shape::new("Null", &[K::Null]),
];

fn decode(v: Value) -> Result<U, String> {
    decode_value("U", SHAPES, v, |i, v| match i {
        0 => serde_json::from_value(v).map(U::Widget),
        1 => serde_json::from_value(v).map(U::String),
        2 => serde_json::from_value(v).map(U::StringArray),
        3 => serde_json::from_value(v).map(U::WidgetArray),
        4 => serde_json::from_value(v).map(U::Integer),
        5 => serde_json::from_value(v).map(U::Number),
        6 => serde_json::from_value(v).map(U::Boolean),
        _ => Ok(U::Null),
    })
}

#[test]
fn every_kind_goes_to_its_variant() {
    assert_eq!(decode(json!("a")).unwrap(), U::String("a".into()));
    assert_eq!(decode(json!(["a", "b"])).unwrap(), U::StringArray(vec!["a".into(), "b".into()]));
    assert_eq!(decode(json!([{"id": 1}])).unwrap(), U::WidgetArray(vec![Widget { id: 1, name: None }]));
    assert_eq!(decode(json!(7)).unwrap(), U::Integer(7));
    assert_eq!(decode(json!(7.5)).unwrap(), U::Number(7.5));
    assert_eq!(decode(json!(true)).unwrap(), U::Boolean(true));
    assert_eq!(decode(json!(null)).unwrap(), U::Null);
    assert_eq!(decode(json!({"id": 2, "name": "w"})).unwrap(), U::Widget(Widget { id: 2, name: Some("w".into()) }));
}

#[test]
fn an_array_is_never_an_object_variant() {
    // serde's derived `Widget` accepts `[1, "w"]` (its sequence form): the union never asks it.
    assert!(serde_json::from_value::<Widget>(json!([1, "w"])).is_ok());
    let err = decode(json!([1, "w"])).unwrap_err();
    assert!(err.contains("no variant of `U` takes an array"), "{err}");
    assert!(err.contains("`StringArray` item 0 is an integer"), "{err}");
    assert!(err.contains("`Widget` needs an object"), "{err}");
}

#[test]
fn misfits_are_errors_naming_the_union() {
    let err = decode(json!({"name": "no id"})).unwrap_err();
    assert!(err.starts_with("no variant of `U` takes an object"), "{err}");
    assert!(err.contains("`Widget` lacks `id`"), "{err}");
    // Fits by shape but not by type: the decode error of each variant tried.
    let err = decode(json!({"id": "x"})).unwrap_err();
    assert!(err.contains("fits `U` by shape but decodes as none"), "{err}");
    assert!(err.contains("as `Widget`"), "{err}");
    let err = decode(json!([["nested"]])).unwrap_err();
    assert!(err.contains("item 0 is an array"), "{err}");
}

#[test]
fn values_and_formats_order_same_kind_variants() {
    const S: &[Shape] = &[
        Shape { required: &["type"], values: &[("type", &[Known::Str("circle")])], ..Shape::new("Circle", &[K::Object]) },
        Shape { required: &["type"], values: &[("type", &[Known::Str("square")])], ..Shape::new("Square", &[K::Object]) },
        Shape { enum_values: &[Known::Str("auto"), Known::Str("none")], ..Shape::new("Mode", &[K::String]) },
        Shape { format: Some("date-time"), ..Shape::new("DateTime", &[K::String]) },
        Shape { format: Some("uuid"), ..Shape::new("Uuid", &[K::String]) },
        Shape::new("String", &[K::String]),
        Shape { enum_values: &[Known::Int(1), Known::Int(2)], ..Shape::new("Level", &[K::Integer]) },
        Shape::new("Integer", &[K::Integer]),
    ];
    let first = |v: Value| S[candidates(S, &v).unwrap()[0]].variant;
    assert_eq!(first(json!({"type": "circle"})), "Circle");
    assert_eq!(first(json!({"type": "square"})), "Square");
    // An unknown value: both fit by shape, neither is preferred; the first listed wins.
    assert_eq!(first(json!({"type": "hexagon"})), "Circle");
    assert_eq!(first(json!("auto")), "Mode");
    assert_eq!(first(json!("2024-01-31T10:00:00Z")), "DateTime");
    assert_eq!(first(json!("123e4567-e89b-12d3-a456-426614174000")), "Uuid");
    assert_eq!(first(json!("plain")), "String");
    assert_eq!(first(json!(2)), "Level");
    assert_eq!(first(json!(3)), "Integer");
}

#[test]
fn formats() {
    for (f, ok, bad) in [
        ("date-time", "2024-02-29T23:59:60.123+05:30", "2024-02-29 nope"),
        ("date-time", "2024-02-29t00:00:00z", "2024-13-01T00:00:00Z"),
        ("date", "2024-02-29", "2024-2-29"),
        ("time", "10:00:00Z", "10:00"),
        ("uuid", "123E4567-E89B-12D3-A456-426614174000", "123e4567e89b12d3a456426614174000"),
        ("email", "a@example.com", "a example.com"),
        ("uri", "https://example.com/x", "/relative"),
        ("ipv4", "192.0.2.1", "192.0.2"),
        ("ipv6", "2001:db8::1", "2001:db8:::1"),
    ] {
        assert!(format_fits(f, ok), "{f}: {ok}");
        assert!(!format_fits(f, bad), "{f}: {bad}");
    }
    assert!(format_fits("phone", "anything"));
    // Multi-byte characters where digits are expected: no panic, no fit.
    assert!(!format_fits("time", "12:34:5\u{e9}Z"));
    assert!(!format_fits("date-time", "2024-01-0\u{e9}T00:00:00Z"));
}

#[test]
fn through_a_deserializer() {
    struct Wrapper(U);
    impl<'de> Deserialize<'de> for Wrapper {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            union::deserialize(d, "U", SHAPES, |i, v| match i {
                1 => serde_json::from_value(v).map(U::String),
                2 => serde_json::from_value(v).map(U::StringArray),
                _ => Ok(U::Null),
            })
            .map(Wrapper)
        }
    }
    let w: Wrapper = serde_json::from_str(r#"["x"]"#).unwrap();
    assert_eq!(w.0, U::StringArray(vec!["x".into()]));
    let err = serde_json::from_str::<Wrapper>("{}").err().unwrap().to_string();
    assert!(err.contains("no variant of `U` takes an object"), "{err}");
}

/// `R = oneOf [A, B]`, both objects holding an `R` child: a value fitting both at every level.
#[derive(Debug, PartialEq)]
enum R {
    A(Box<NodeA>),
    B(Box<NodeB>),
}

#[derive(Debug, PartialEq, Deserialize)]
struct NodeA {
    kind: String,
    child: Option<R>,
}

#[derive(Debug, PartialEq, Deserialize)]
struct NodeB {
    kind: Option<String>,
    child: Option<R>,
}

const R_SHAPES: &[Shape] = &[
    Shape { required: &["kind"], values: &[("kind", &[Known::Str("a")])], ..Shape::new("A", &[K::Object]) },
    Shape { values: &[("kind", &[Known::Str("b")])], ..Shape::new("B", &[K::Object]) },
];

impl<'de> Deserialize<'de> for R {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        union::deserialize(d, "R", R_SHAPES, |i, v| match i {
            0 => serde_json::from_value(v).map(|n| R::A(Box::new(n))),
            _ => serde_json::from_value(v).map(|n| R::B(Box::new(n))),
        })
    }
}

fn chain(depth: usize, leaf: Value) -> Value {
    (0..depth).fold(leaf, |child, _| json!({"kind": "b", "child": child}))
}

#[test]
fn nested_unions_failing_deep_inside_give_up_within_a_bound() {
    // Every level fits both variants; the leaf fits none. Without a bound each level decodes its
    // whole subtree once per variant: 2^60 decodings. With it: an error, naming the bound.
    let err = serde_json::from_value::<R>(chain(60, json!({"kind": 5}))).unwrap_err().to_string();
    assert!(err.contains("the other variants not tried"), "{err}");
    assert!(err.len() < 20_000, "{} bytes", err.len());
    // The same chain with a good leaf decodes, at any depth serde_json reads.
    let ok = serde_json::from_value::<R>(chain(60, json!({"kind": "a"}))).unwrap();
    let mut depth = 0;
    let mut cur = &ok;
    while let R::B(b) = cur {
        depth += 1;
        match &b.child {
            Some(c) => cur = c,
            None => break,
        }
    }
    assert_eq!(depth, 60);
    assert!(matches!(cur, R::A(_)));
}

#[test]
fn retries_of_many_values_are_not_limited_by_the_bound() {
    // 5,000 objects inside one outer union, each fitting `Strict` by shape but decoded only on
    // the second try (its `n` is a string): the retries add up to about the size of the value,
    // well inside the bound, so every one decodes.
    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Strict {
        kind: String,
        n: i64,
    }
    #[derive(Debug)]
    enum S {
        Strict(#[allow(dead_code)] Strict),
        Any(#[allow(dead_code)] Value),
    }
    const S_SHAPES: &[Shape] = &[Shape { required: &["n"], ..Shape::new("Strict", &[K::Object]) }, Shape::new("Any", &[K::Object, K::Array])];
    impl<'de> Deserialize<'de> for S {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            union::deserialize(d, "S", S_SHAPES, |i, v| match i {
                0 => serde_json::from_value(v).map(S::Strict),
                _ => serde_json::from_value::<Vec<S>>(v.clone()).map(|_| S::Any(v.clone())).or(Ok(S::Any(v))),
            })
        }
    }
    let items: Vec<Value> = (0..5000).map(|i| json!({"kind": "x", "n": format!("{i}")})).collect();
    let decoded: S = serde_json::from_value(Value::Array(items)).unwrap();
    assert!(matches!(decoded, S::Any(_)));
}

/// `Q = oneOf [QA, QB]`, objects with no required property: every value fits both; `QA` fails
/// on `"a": "x"` only after decoding its child, `QB` takes it.
#[derive(Debug)]
enum Q {
    A(#[allow(dead_code)] Box<QA>),
    B(#[allow(dead_code)] Box<QB>),
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct QA {
    n: Option<Q>,
    a: Option<i64>,
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct QB {
    n: Option<Q>,
}

const Q_SHAPES: &[Shape] = &[Shape::new("QA", &[K::Object]), Shape::new("QB", &[K::Object])];

impl<'de> Deserialize<'de> for Q {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        union::deserialize(d, "Q", Q_SHAPES, |i, v| match i {
            0 => serde_json::from_value(v).map(|n| Q::A(Box::new(n))),
            _ => serde_json::from_value(v).map(|n| Q::B(Box::new(n))),
        })
    }
}

#[test]
fn the_items_of_one_body_share_one_retry_budget() {
    // Each item is valid but costs 2^12 decodings (every level decodes its child twice): alone,
    // each fits the budget a lone union value gets; in one body of 400 items they share the
    // body's budget (8 x its bytes + 65,536), so the body ends with an error after bounded work
    // instead of 400 times the floor.
    let item = (0..12).fold(json!({"a": "x"}), |child, _| json!({"n": child, "a": "x"}));
    assert!(serde_json::from_value::<Q>(item.clone()).is_ok(), "one item alone decodes");
    let body = serde_json::to_vec(&Value::Array(vec![item; 400])).unwrap();
    let resp: sdkgen_runtime::Response = sdkgen_runtime::Response::new(reqwest::StatusCode::OK, Default::default(), body.into(), None);
    match resp.json::<Vec<Q>>() {
        Err(sdkgen_runtime::Error::Decode { error, .. }) => assert!(error.to_string().contains("the other variants not tried"), "{error}"),
        other => panic!("{other:?}"),
    }
    // A body of many values that each need one retry decodes: well inside the body's budget.
    let items: Vec<Value> = (0..3000).map(|_| json!({"n": {"a": "x"}, "a": "x"})).collect();
    let resp: sdkgen_runtime::Response = sdkgen_runtime::Response::new(reqwest::StatusCode::OK, Default::default(), serde_json::to_vec(&items).unwrap().into(), None);
    assert_eq!(resp.json::<Vec<Q>>().unwrap().len(), 3000);
}
