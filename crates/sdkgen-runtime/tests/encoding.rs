//! OpenAPI 3.0 parameter styles and form bodies.

use std::collections::BTreeMap;

use sdkgen_runtime::encoding::{
    self, EncodeError, header_value, path_param, path_param_named, query_pairs, to_form_pairs,
};
use sdkgen_runtime::{ParamStyle, Request};
use serde::Serialize;

fn q<T: Serialize + ?Sized>(name: &str, v: &T, style: ParamStyle, explode: bool) -> String {
    query_pairs(name, v, style, explode)
        .unwrap()
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&")
}

#[derive(Serialize)]
struct Color {
    #[serde(rename = "R")]
    r: i32,
    #[serde(rename = "G")]
    g: i32,
    #[serde(rename = "B")]
    b: i32,
}

const C: Color = Color {
    r: 100,
    g: 200,
    b: -150,
};

#[test]
fn query_scalars() {
    assert_eq!(q("n", &-5, ParamStyle::Form, true), "n=-5");
    assert_eq!(q("n", &1.5, ParamStyle::Form, true), "n=1.5");
    assert_eq!(q("b", &true, ParamStyle::Form, true), "b=true");
    assert_eq!(q("s", "a b", ParamStyle::Form, true), "s=a%20b");
    assert_eq!(
        q("s", "a,b&c=d+e#f|g/h", ParamStyle::Form, false),
        "s=a%2Cb%26c%3Dd%2Be%23f%7Cg%2Fh"
    );
    assert_eq!(q("s", "-._~", ParamStyle::Form, true), "s=-._~");
    assert_eq!(q("s", "é", ParamStyle::Form, true), "s=%C3%A9");
    assert_eq!(q("s", &None::<i32>, ParamStyle::Form, true), "");
    assert_eq!(q("s", "", ParamStyle::Form, true), "s=");
    assert_eq!(q("my name", "x", ParamStyle::Form, true), "my%20name=x");
}

#[test]
fn query_arrays_every_style() {
    let v = vec!["a b", "c,d", "e&f", "-1"];
    assert_eq!(
        q("ids", &v, ParamStyle::Form, true),
        "ids=a%20b&ids=c%2Cd&ids=e%26f&ids=-1"
    );
    assert_eq!(
        q("ids", &v, ParamStyle::Form, false),
        "ids=a%20b,c%2Cd,e%26f,-1"
    );
    assert_eq!(
        q("ids", &v, ParamStyle::SpaceDelimited, false),
        "ids=a%20b%20c%2Cd%20e%26f%20-1"
    );
    assert_eq!(
        q("ids", &v, ParamStyle::PipeDelimited, false),
        "ids=a%20b|c%2Cd|e%26f|-1"
    );
    assert_eq!(
        q("ids", &v, ParamStyle::PipeDelimited, true),
        "ids=a%20b&ids=c%2Cd&ids=e%26f&ids=-1"
    );
    assert_eq!(
        q("ids", &v, ParamStyle::SpaceDelimited, true),
        "ids=a%20b&ids=c%2Cd&ids=e%26f&ids=-1"
    );
    let n = vec![1, -2, 3];
    assert_eq!(q("n", &n, ParamStyle::Form, true), "n=1&n=-2&n=3");
    assert_eq!(q("n", &n, ParamStyle::Form, false), "n=1,-2,3");
    let empty: Vec<i32> = vec![];
    assert_eq!(q("n", &empty, ParamStyle::Form, true), "");
    assert_eq!(q("n", &empty, ParamStyle::Form, false), "n=");
    let with_pipe = vec!["a|b", "c"];
    assert_eq!(
        q("p", &with_pipe, ParamStyle::PipeDelimited, false),
        "p=a%7Cb|c"
    );
}

#[test]
fn query_objects_every_style() {
    assert_eq!(q("color", &C, ParamStyle::Form, true), "R=100&G=200&B=-150");
    assert_eq!(
        q("color", &C, ParamStyle::Form, false),
        "color=R,100,G,200,B,-150"
    );
    assert_eq!(
        q("color", &C, ParamStyle::DeepObject, true),
        "color[R]=100&color[G]=200&color[B]=-150"
    );
    assert_eq!(
        q("color", &C, ParamStyle::PipeDelimited, false),
        "color=R|100|G|200|B|-150"
    );
    assert_eq!(
        q("color", &C, ParamStyle::SpaceDelimited, false),
        "color=R%20100%20G%20200%20B%20-150"
    );
    let mut m = BTreeMap::new();
    m.insert("a key", "v=1&x");
    assert_eq!(
        q("f", &m, ParamStyle::DeepObject, true),
        "f[a%20key]=v%3D1%26x"
    );
    assert_eq!(q("f", &m, ParamStyle::Form, true), "a%20key=v%3D1%26x");
    assert!(matches!(
        query_pairs("f", &[1, 2], ParamStyle::DeepObject, true),
        Err(EncodeError::Unsupported { .. })
    ));
}

#[test]
fn path_params() {
    assert_eq!(
        path_param(&vec![1, 2], ParamStyle::Simple, false).unwrap(),
        "1,2"
    );
    assert_eq!(
        path_param("a/b c,d", ParamStyle::Simple, false).unwrap(),
        "a%2Fb%20c%2Cd"
    );
    assert_eq!(path_param(&-7, ParamStyle::Simple, false).unwrap(), "-7");
    assert_eq!(
        path_param(&C, ParamStyle::Simple, false).unwrap(),
        "R,100,G,200,B,-150"
    );
    assert_eq!(
        path_param(&C, ParamStyle::Simple, true).unwrap(),
        "R=100,G=200,B=-150"
    );
    assert_eq!(
        path_param("blue", ParamStyle::Label, false).unwrap(),
        ".blue"
    );
    assert_eq!(
        path_param(&["a", "b"], ParamStyle::Label, true).unwrap(),
        ".a.b"
    );
    assert_eq!(
        path_param(&["a", "b"], ParamStyle::Label, false).unwrap(),
        ".a,b"
    );
    assert_eq!(
        path_param(&C, ParamStyle::Label, true).unwrap(),
        ".R=100.G=200.B=-150"
    );
    assert_eq!(
        path_param_named("c", "blue", ParamStyle::Matrix, false).unwrap(),
        ";c=blue"
    );
    assert_eq!(
        path_param_named("c", &["a", "b"], ParamStyle::Matrix, true).unwrap(),
        ";c=a;c=b"
    );
    assert_eq!(
        path_param_named("c", &["a", "b"], ParamStyle::Matrix, false).unwrap(),
        ";c=a,b"
    );
    assert_eq!(
        path_param_named("c", &C, ParamStyle::Matrix, true).unwrap(),
        ";R=100;G=200;B=-150"
    );
    assert!(path_param("x", ParamStyle::Matrix, false).is_err());
    assert!(path_param("x", ParamStyle::DeepObject, false).is_err());
}

#[test]
fn header_values() {
    assert_eq!(header_value(&["a", "b"], false).unwrap().unwrap(), "a,b");
    assert_eq!(
        header_value(&C, false).unwrap().unwrap(),
        "R,100,G,200,B,-150"
    );
    assert_eq!(
        header_value(&C, true).unwrap().unwrap(),
        "R=100,G=200,B=-150"
    );
    assert_eq!(header_value(&12, false).unwrap().unwrap(), "12");
    assert!(header_value(&None::<String>, false).unwrap().is_none());
    let mut req = Request::new(reqwest::Method::GET, "/x".into());
    assert!(matches!(
        req.header("X-Bad", "a\r\nb", false),
        Err(EncodeError::InvalidHeader(_))
    ));
    req.header("X-Trace-Ids", &["1", "2"], false).unwrap();
    assert_eq!(req.headers.get("x-trace-ids").unwrap(), "1,2");
    req.query("code_challenge_method", "S256", ParamStyle::Form, true)
        .unwrap();
    req.query("skip", &None::<i32>, ParamStyle::Form, true)
        .unwrap();
    assert_eq!(
        req.query,
        vec![("code_challenge_method".to_string(), "S256".to_string())]
    );
}

#[derive(Serialize)]
#[serde(tag = "grant_type", rename_all = "snake_case")]
enum Grant {
    AuthorizationCode {
        code: String,
        redirect_uri: Option<String>,
        #[serde(flatten)]
        extra: Extra,
    },
    RefreshToken {
        refresh_token: String,
    },
}

#[derive(Serialize)]
struct Extra {
    #[serde(skip_serializing_if = "Option::is_none")]
    code_verifier: Option<String>,
    access_token_ttl: Option<i64>,
    scope: Vec<String>,
    nested: Option<BTreeMap<String, i32>>,
    flag: bool,
}

#[test]
fn form_pairs_of_tagged_flattened_structs() {
    let g = Grant::AuthorizationCode {
        code: "c o+d&e".into(),
        redirect_uri: None,
        extra: Extra {
            code_verifier: None,
            access_token_ttl: Some(-3600),
            scope: vec!["a".into(), "b".into()],
            nested: Some(BTreeMap::from([("k".to_string(), 1)])),
            flag: false,
        },
    };
    let pairs = to_form_pairs(&g).unwrap();
    let expected: Vec<(String, String)> = [
        ("grant_type", "authorization_code"),
        ("code", "c o+d&e"),
        ("access_token_ttl", "-3600"),
        ("scope", "a"),
        ("scope", "b"),
        ("nested", "{\"k\":1}"),
        ("flag", "false"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    assert_eq!(pairs, expected);
    assert_eq!(pairs.iter().filter(|(k, _)| k == "grant_type").count(), 1);
    assert_eq!(
        encoding::to_form_string(&g).unwrap(),
        "grant_type=authorization_code&code=c+o%2Bd%26e&access_token_ttl=-3600&scope=a&scope=b&nested=%7B%22k%22%3A1%7D&flag=false"
    );
    let r = Grant::RefreshToken {
        refresh_token: "rt".into(),
    };
    assert_eq!(
        encoding::to_form_string(&r).unwrap(),
        "grant_type=refresh_token&refresh_token=rt"
    );
}

#[derive(Serialize)]
#[serde(untagged)]
enum Untagged {
    A { a: u8 },
}

#[test]
fn form_pairs_untagged_and_errors() {
    assert_eq!(
        to_form_pairs(&Untagged::A { a: 7 }).unwrap(),
        vec![("a".to_string(), "7".to_string())]
    );
    assert!(matches!(
        to_form_pairs(&[1, 2]),
        Err(EncodeError::NotAnObject("array"))
    ));
    assert!(matches!(
        to_form_pairs("x"),
        Err(EncodeError::NotAnObject("string"))
    ));
}

#[test]
fn path_parameters_never_change_the_path() {
    use sdkgen_runtime::encoding::{EncodeError, path_param_named};
    // Dot segments and empty segments would be removed or collapsed by URL parsing, sending the
    // request (and its credentials) elsewhere: `GET /things/..` is `GET /`.
    let refused = |v: &serde_json::Value, style| matches!(path_param_named("id", v, style, false), Err(EncodeError::PathSegment(ref n)) if n == "id");
    for v in ["", ".", ".."] {
        assert!(refused(&serde_json::json!(v), ParamStyle::Simple), "{v:?}");
    }
    assert!(refused(&serde_json::Value::Null, ParamStyle::Simple));
    // Label style: `.` + value; `.` (null or empty) and `..` (value `.`) are refused.
    assert!(refused(&serde_json::Value::Null, ParamStyle::Label));
    assert!(refused(&serde_json::json!(""), ParamStyle::Label));
    assert!(refused(&serde_json::json!("."), ParamStyle::Label));
    assert_eq!(path_param_named("id", "..", ParamStyle::Label, false).unwrap(), "...");
    // `%` itself is encoded, so a literal `%2e` is sent as `%252e`: not a dot.
    assert_eq!(path_param_named("id", "%2e", ParamStyle::Simple, false).unwrap(), "%252e");
    assert_eq!(path_param_named("id", "...", ParamStyle::Simple, false).unwrap(), "...");
    assert_eq!(path_param_named("id", "a.b", ParamStyle::Simple, false).unwrap(), "a.b");
}

#[test]
fn request_fills_the_path_template() {
    let mut req = Request::at(reqwest::Method::GET, "/account/{accountId}/items/{id}/{id}");
    req.path_param("accountId", "~ 1/{id}").unwrap();
    req.path_param("id", &7).unwrap();
    // The value is encoded (braces included), so it cannot become a placeholder itself; every
    // occurrence of a name is filled in.
    assert_eq!(req.path, "/account/~%201%2F%7Bid%7D/items/7/7");
    let mut req = Request::at(reqwest::Method::GET, "/colors{c}");
    req.path_param_styled("c", &["a", "b"], ParamStyle::Matrix, true).unwrap();
    assert_eq!(req.path, "/colors;c=a;c=b");
    let mut req = Request::at(reqwest::Method::GET, "/things/{id}");
    assert!(matches!(req.path_param("id", ".."), Err(EncodeError::PathSegment(_))));
    assert_eq!(req.path, "/things/{id}");
}

#[test]
fn request_query_param_is_form_exploded_and_skips_none() {
    let mut req = Request::at(reqwest::Method::GET, "/x");
    req.query_param("state", &Some("a b")).unwrap();
    req.query_param("scope", &None::<String>).unwrap();
    req.query_param("ids", &["1", "2"]).unwrap();
    let pairs: Vec<(&str, &str)> = req.query.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    assert_eq!(pairs, [("state", "a%20b"), ("ids", "1"), ("ids", "2")]);
}

/// The documented rules of `to_form_pairs`, applied to the value's JSON form: the oracle the
/// direct serialization (which skips the JSON value for flat forms) must agree with.
fn form_pairs_through_json<T: Serialize>(value: &T) -> Vec<(String, String)> {
    fn text(v: &serde_json::Value) -> Option<String> {
        match v {
            serde_json::Value::Null => None,
            serde_json::Value::String(s) => Some(s.clone()),
            other => Some(other.to_string()),
        }
    }
    let serde_json::Value::Object(map) = serde_json::to_value(value).unwrap() else {
        panic!("not an object")
    };
    let mut out = Vec::new();
    for (k, v) in &map {
        match v {
            serde_json::Value::Array(items) => {
                out.extend(items.iter().filter_map(text).map(|t| (k.clone(), t)));
            }
            other => out.extend(text(other).map(|t| (k.clone(), t))),
        }
    }
    out
}

#[derive(Serialize)]
#[serde(rename_all = "snake_case")]
enum Unit {
    Password,
    DeviceCode,
}

#[derive(Serialize)]
struct Flat {
    grant: Unit,
    name: &'static str,
    count: Option<i64>,
    missing: Option<u32>,
    big: u64,
    small: i8,
    yes: bool,
    letter: char,
    list: Vec<Option<i32>>,
    empty: Vec<String>,
    pair: (u8, &'static str),
    units: Vec<Unit>,
    #[serde(flatten)]
    more: indexmap_like::Ordered,
}

mod indexmap_like {
    /// A map serialized in insertion order (what `#[serde(flatten)]` of a map looks like).
    pub struct Ordered(pub Vec<(&'static str, serde_json::Value)>);

    impl serde::Serialize for Ordered {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            use serde::ser::SerializeMap;
            let mut m = s.serialize_map(Some(self.0.len()))?;
            for (k, v) in &self.0 {
                m.serialize_entry(k, v)?;
            }
            m.end()
        }
    }
}

fn flat(more: Vec<(&'static str, serde_json::Value)>) -> Flat {
    Flat {
        grant: Unit::DeviceCode,
        name: "a b&c=d",
        count: Some(-5),
        missing: None,
        big: u64::MAX,
        small: -128,
        yes: true,
        letter: 'é',
        list: vec![Some(1), None, Some(3)],
        empty: Vec::new(),
        pair: (7, "x"),
        units: vec![Unit::Password, Unit::DeviceCode],
        more: indexmap_like::Ordered(more),
    }
}

#[test]
fn form_pairs_are_those_of_the_json_form() {
    use serde_json::json;
    let cases = [
        // Flat: strings, integers, booleans, options, sequences, unit variants.
        flat(vec![("extra", json!("e")), ("n", json!(42))]),
        // Floats and nested values are written as serde_json writes them.
        flat(vec![("f", json!(1.5)), ("g", json!(1e20)), ("obj", json!({"k": [1, {"x": null}]}))]),
        flat(vec![("nested_list", json!([[1, 2], {"a": 1}, null, "s"]))]),
        // A member named twice takes the first one's place, with the last value.
        flat(vec![("name", json!("second"))]),
        flat(vec![("missing", json!(9))]),
        flat(vec![("empty", json!(["now"]))]),
        flat(vec![("a", json!(1)), ("b", json!(2)), ("a", json!(3))]),
    ];
    for case in &cases {
        let expected = form_pairs_through_json(case);
        assert_eq!(to_form_pairs(case).unwrap(), expected);
        assert_eq!(
            encoding::to_form_string(case).unwrap(),
            encoding::encode_form_pairs(&expected)
        );
    }
    // Spot check of the first, on the wire.
    assert_eq!(
        encoding::to_form_string(&cases[0]).unwrap(),
        "grant=device_code&name=a+b%26c%3Dd&count=-5&big=18446744073709551615&small=-128&yes=true\
         &letter=%C3%A9&list=1&list=3&pair=7&pair=x&units=password&units=device_code&extra=e&n=42"
    );

    #[derive(Serialize)]
    struct Wide {
        a: i128,
        f: f32,
        o: Option<Box<Wide>>,
    }
    let w = Wide { a: -7, f: 1.1, o: Some(Box::new(Wide { a: 1, f: 0.5, o: None })) };
    assert_eq!(to_form_pairs(&w).unwrap(), form_pairs_through_json(&w));
    assert_eq!(
        encoding::to_form_string(&w).unwrap(),
        encoding::encode_form_pairs(&form_pairs_through_json(&w))
    );
}

#[test]
fn deep_objects_with_arrays_and_objects_inside() {
    let v = serde_json::json!({
        "tags": ["a b", "c&d"],
        "range": {"from": 1, "to": null},
        "items": [{"id": 7}, {"id": 8}],
        "none": null,
        "empty": [],
        "flag": true
    });
    // In the value's order; nulls and empty arrays give no pair.
    assert_eq!(
        q("f", &v, ParamStyle::DeepObject, true),
        "f[tags][]=a%20b&f[tags][]=c%26d&f[range][from]=1&f[items][0][id]=7&f[items][1][id]=8&f[flag]=true"
    );
    // Deeper than the bound: the rest as JSON text, never unbounded recursion.
    let mut deep = serde_json::json!(1);
    for _ in 0..100 {
        deep = serde_json::json!({ "x": deep });
    }
    let pairs = query_pairs("f", &deep, ParamStyle::DeepObject, true).unwrap();
    assert_eq!(pairs.len(), 1);
    assert_eq!(pairs[0].0.matches("[x]").count(), sdkgen_runtime::encoding::MAX_DEEP_OBJECT_DEPTH);
    assert!(pairs[0].1.starts_with("%7B%22x%22"), "{}", pairs[0].1);
}
