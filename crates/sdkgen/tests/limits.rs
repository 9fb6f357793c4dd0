//! Bounded work and no crash on hostile specs: each case runs on a thread of its own and fails
//! when not done within a generous bound (a hang or a blow-up, not a slow machine). The figures
//! (time, peak memory) are measured by `sdkgen-bench --limits`, not here.

use std::sync::mpsc;
use std::time::Duration;

use sdkgen::{Diagnostic, Settings, Severity};

/// Far above what any case takes in a debug build; only a hang or exponential work reaches it.
const BOUND: Duration = Duration::from_secs(60);

fn bounded<T: Send + 'static>(what: &str, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    rx.recv_timeout(BOUND).unwrap_or_else(|_| panic!("{what}: not done within {BOUND:?}"))
}

fn generate(text: String) -> Result<sdkgen::Generated, Vec<Diagnostic>> {
    sdkgen::generate("spec.json", text, &Settings::default())
}

fn spec_with(paths: &str, schemas: &str) -> String {
    format!(r#"{{"openapi":"3.0.3","info":{{"title":"t","version":"1"}},"paths":{{{paths}}},"components":{{"schemas":{{{schemas}}}}}}}"#)
}

#[test]
fn a_deep_union_with_an_invalid_leaf_is_reported_at_the_leaf() {
    // 72 levels (nesting depth 124, just within the document limit): 2^72 deserializations of
    // the leaf before each node was checked once.
    let mut schema = String::from(r#"{"type":"string","minLength":"not a number"}"#);
    for i in 0..72 {
        schema = match i % 3 {
            0 => format!(r#"{{"anyOf":[{schema}]}}"#),
            1 => format!(r#"{{"not":{schema}}}"#),
            _ => format!(r#"{{"oneOf":[{{"type":"integer"}},{schema}]}}"#),
        };
    }
    let diags = bounded("nested union", move || generate(spec_with("", &format!(r#""A":{schema}"#)))).unwrap_err();
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert!(diags[0].pointer.ends_with("/not/anyOf/0") && diags[0].pointer.len() > 400, "{}", diags[0].pointer);
    assert!(diags[0].location.is_some());
}

#[test]
fn every_invalid_node_is_reported_up_to_a_limit() {
    let schemas: Vec<String> = (0..80).map(|i| format!(r#""S{i}":{{"type":"array","items":{{"type":"string"}},"maxItems":-1}}"#)).collect();
    let diags = generate(spec_with("", &schemas.join(","))).unwrap_err();
    assert_eq!(diags.len(), 51, "50 reported, then a count");
    assert!(diags[0].pointer.starts_with("#/components/schemas/S0"), "{}", diags[0].pointer);
    assert!(diags[50].message.contains("30 more invalid objects"), "{}", diags[50].message);
}

#[test]
fn alias_expansion_is_capped_in_bytes() {
    // 300 aliases of a 64 KiB string: 19 MiB expanded from a 66 KB file, 302 nodes.
    let mut text = String::from("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\nx-long: &s ");
    text.push_str(&"x".repeat(64 << 10));
    text.push_str("\nx-copies:\n");
    for _ in 0..300 {
        text.push_str("  - *s\n");
    }
    let diags = bounded("alias bomb", move || sdkgen::load::load("spec.yaml", text)).unwrap_err();
    assert!(diags[0].message.contains("aliases expand to more than 16 MiB"), "{}", diags[0].message);
    // The position of the alias that crossed the limit (line 5 is the first alias).
    let at = diags[0].location.expect("located");
    assert!(at.line > 5 && at.line < 300, "{at:?}");
}

#[test]
fn duplicate_keys_are_warnings_with_both_positions() {
    let yaml = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A: {type: string}\n    A: {type: integer}\n";
    let g = generate(yaml.to_string()).expect("a warning, not an error");
    let d = g.diagnostics.iter().find(|d| d.message.contains("duplicate mapping key `A`")).expect("reported");
    assert_eq!(d.severity, Severity::Warning);
    assert_eq!(d.pointer, "#/components/schemas/A");
    assert_eq!(d.location.map(|l| (l.line, l.col)), Some((7, 5)));
    assert!(d.message.contains("first at line 6, column 5"), "{}", d.message);
    // The later value wins.
    let spec = sdkgen::load::load("spec.yaml", yaml.to_string()).unwrap();
    let a = &spec.openapi.components.as_ref().unwrap().schemas["A"];
    assert!(format!("{a:?}").contains("Integer"), "{a:?}");

    // JSON too, on one line.
    let json = r#"{"openapi":"3.0.3","info":{"title":"t","version":"1","title":"u"},"paths":{}}"#;
    let g = generate(json.to_string()).unwrap();
    let d = g.diagnostics.iter().find(|d| d.message.contains("duplicate mapping key `title`")).expect("reported");
    assert_eq!(d.pointer, "#/info/title");
    let (first, later) = (json.find(r#""title""#).unwrap() + 1, json.rfind(r#""title""#).unwrap() + 1);
    assert_eq!(d.location.map(|l| (l.line, l.col)), Some((1, later)));
    assert!(d.message.contains(&format!("first at line 1, column {first}")), "{}", d.message);
}

#[test]
fn unions_of_themselves_become_values_with_a_warning() {
    let yaml = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/cases/c90_union_of_itself.yaml")).unwrap();
    let g = bounded("union of itself", move || generate(yaml)).expect("generates");
    let warned: Vec<&str> = g.diagnostics.iter().filter(|d| d.message.contains("member of itself")).map(|d| d.pointer.as_str()).collect();
    assert_eq!(
        warned,
        ["#/components/schemas/Direct", "#/components/schemas/MutualA", "#/components/schemas/MutualB", "#/components/schemas/Looping"],
        "{:?}",
        g.diagnostics
    );
    let file = |name: &str| g.files.iter().find(|f| f.path == name).map(|f| f.contents.clone()).unwrap_or_default();
    assert!(file("src/models/direct.rs").contains("pub type Direct = ::serde_json::Value;"), "{}", file("src/models/direct.rs"));
    assert!(file("src/models/tree.rs").contains("pub enum Tree"), "a recursive union through an array is kept");
}

#[test]
fn all_of_graphs_sharing_members_take_linear_time() {
    // A0: allOf [A1, A1], A1: allOf [A2, A2], ...: 2^30 paths through the graph.
    let mut schemas: Vec<String> = (0..30).map(|i| format!(r##""A{i}":{{"allOf":[{{"$ref":"#/components/schemas/A{n}"}},{{"$ref":"#/components/schemas/A{n}"}}]}}"##, n = i + 1)).collect();
    schemas.push(r#""A30":{"type":"object","properties":{"x":{"type":"string"}}}"#.into());
    let g = bounded("allOf graph", move || generate(spec_with("", &schemas.join(",")))).expect("generates");
    assert!(g.files.iter().any(|f| f.path == "src/models/a0.rs" && f.contents.contains("pub x:")));
}

#[test]
fn large_unions_and_many_operations() {
    // 10,001 members: the first 10,000 kept with a warning; plus 10,000 operations.
    let n = 10_001;
    let mut schemas: Vec<String> = (0..n).map(|i| format!(r#""M{i}":{{"type":"object","required":["kind"],"properties":{{"kind":{{"type":"string"}}}}}}"#)).collect();
    let refs: Vec<String> = (0..n).map(|i| format!(r##"{{"$ref":"#/components/schemas/M{i}"}}"##)).collect();
    let mapping: Vec<String> = (0..n).map(|i| format!(r##""m{i}":"#/components/schemas/M{i}""##)).collect();
    schemas.push(format!(r#""U":{{"oneOf":[{}],"discriminator":{{"propertyName":"kind","mapping":{{{}}}}}}}"#, refs.join(","), mapping.join(",")));
    let paths: Vec<String> = (0..10_000).map(|i| format!(r#""/r{i}":{{"get":{{"operationId":"get","responses":{{"200":{{"description":"ok"}}}}}}}}"#)).collect();
    let text = spec_with(&paths.join(","), &schemas.join(","));
    let (api, diags) = bounded("large union", move || {
        let spec = sdkgen::load::load("spec.json", text).unwrap();
        sdkgen::lower(&spec, &Settings::default())
    });
    assert!(diags.iter().any(|d| d.message.contains("union of 10001 members; sdkgen keeps the first 10000")), "{diags:?}");
    let u = api.types.named().find(|&id| api.types.get(id).rust_name.as_deref() == Some("U")).unwrap();
    let sdkgen::ir::TypeKind::Union(u) = &api.types.get(u).kind else { panic!("U is a union") };
    assert_eq!(u.variants.len(), 10_000);
    assert_eq!(u.variants[9_999].tag.as_deref(), Some("m9999"));
    let names: Vec<&str> = api.operations().map(|o| o.fn_name.as_str()).collect();
    assert_eq!(names.len(), 10_000);
    assert_eq!(names[9_999], "get_10000", "duplicate operationIds get suffixes in O(1) each");
}

#[test]
fn all_of_fan_out_is_capped_in_properties() {
    // 520 schemas, each `allOf` the same 200-property schema plus one of its own: 104,720 fields
    // if merged, from 60 KB.
    let props: Vec<String> = (0..200).map(|i| format!(r#""p{i}":{{"type":"string"}}"#)).collect();
    let mut schemas = vec![format!(r#""Big":{{"type":"object","properties":{{{}}}}}"#, props.join(","))];
    schemas.extend((0..520).map(|i| format!(r##""U{i}":{{"allOf":[{{"$ref":"#/components/schemas/Big"}}],"properties":{{"own":{{"type":"string"}}}}}}"##)));
    let text = spec_with("", &schemas.join(","));
    let (api, diags) = bounded("allOf fan-out", move || sdkgen::lower(&sdkgen::load::load("spec.json", text).unwrap(), &Settings::default()));
    let warned: Vec<&Diagnostic> = diags.iter().filter(|d| d.message.contains("more than 100000 properties")).collect();
    assert_eq!(warned.len(), 1, "one warning: {diags:?}");
    let object = |name: &str| {
        let id = api.types.named().find(|&id| api.types.get(id).rust_name.as_deref() == Some(name)).unwrap();
        match &api.types.get(id).kind {
            sdkgen::ir::TypeKind::Object(o) => o.clone(),
            other => panic!("{name}: {other:?}"),
        }
    };
    assert_eq!(object("U0").properties.len(), 201);
    let last = object("U519");
    assert!(last.properties.is_empty() && matches!(last.additional, sdkgen::ir::Additional::Any), "past the budget: a map");
}

#[test]
fn inline_arrays_nested_fifty_deep_generate_without_overflowing_a_worker_stack() {
    // 50 arrays (100 document levels, within the limits): the generated field type nests 50
    // `Vec`s, which formatting parses back on an emit worker thread.
    let mut schema = String::from(r#"{"type":"string"}"#);
    for _ in 0..50 {
        schema = format!(r#"{{"type":"array","items":{schema}}}"#);
    }
    let paths = format!(r#""/x":{{"get":{{"operationId":"x","responses":{{"200":{{"description":"ok","content":{{"application/json":{{"schema":{schema}}}}}}}}}}}}}"#);
    let g = bounded("50 nested arrays", move || generate(spec_with(&paths, ""))).expect("generates");
    assert!(g.diagnostics.iter().all(|d| d.severity != Severity::Error), "{:?}", g.diagnostics);
    assert!(g.files.iter().any(|f| f.path.starts_with("src/services/") && f.contents.contains("Vec<::std::vec::Vec<")), "no nested Vec");
}
