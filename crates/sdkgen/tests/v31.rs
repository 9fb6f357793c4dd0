//! OpenAPI 3.1: every construct case (`tests/fixtures/cases/*.yaml`) also exists written as 3.1
//! (`tests/fixtures/v31/twins/`, made by `make_twins.py` there), and a 3.0 and a 3.1 document that
//! say the same thing give identical SDKs: the same files with the same contents, the spec's file
//! name aside.

use std::path::{Path, PathBuf};

use sdkgen::{Settings, Severity};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// The generated files of `dir/name`, with the spec's path replaced by `SPEC`.
fn generate(dir: &str, name: &str) -> Vec<(String, String)> {
    let file = format!("tests/fixtures/{dir}/{name}");
    let text = std::fs::read_to_string(fixtures().join(dir).join(name)).unwrap_or_else(|e| panic!("{file}: {e}"));
    let settings = Settings::default().with_crate_name("twin");
    let generated = sdkgen::generate(&file, text, &settings).unwrap_or_else(|d| panic!("{file}: {}", d.iter().map(|d| d.render(&file)).collect::<String>()));
    let errors: Vec<String> = generated.diagnostics.iter().filter(|d| d.severity == Severity::Error).map(|d| d.render(&file)).collect();
    assert!(errors.is_empty(), "{file}: {}", errors.concat());
    generated.files.into_iter().map(|f| (f.path, f.contents.replace(&file, "SPEC"))).collect()
}

/// Where a 3.0 case uses a form 3.0 does not define, so its twin cannot say the same thing.
/// `u01`'s `SettingValue` has a `{type: 'null'}` member: sdkgen's 3.0 reading gives the union a
/// `Null` variant only; in 3.1 that member is how a union says it is nullable, which 3.0 writes
/// `nullable: true` (`u01`'s `Scalar`, whose twin is identical), so the property holding it also
/// tells `null` from absent. These files must differ, and only these.
const KNOWN_DIFFERENCES: &[(&str, &[&str])] =
    &[("u01_union_json_kinds.yaml", &["documentation/models/Holder.md", "documentation/models/SettingValue.md", "src/models/holder.rs"])];

fn first_difference(a: &str, b: &str) -> String {
    for (i, (la, lb)) in a.lines().zip(b.lines()).enumerate() {
        if la != lb {
            return format!("line {}:\n  3.0: {la}\n  3.1: {lb}", i + 1);
        }
    }
    format!("lengths differ: {} vs {} lines", a.lines().count(), b.lines().count())
}

#[test]
fn every_construct_case_has_a_31_twin_that_generates_the_same_files() {
    let mut names: Vec<String> = std::fs::read_dir(fixtures().join("cases"))
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".yaml"))
        .collect();
    names.sort();
    assert!(names.len() >= 30, "construct cases not found");
    let mut failures = Vec::new();
    for name in &names {
        if !fixtures().join("v31/twins").join(name).exists() {
            failures.push(format!("{name}: no 3.1 twin (run tests/fixtures/v31/twins/make_twins.py)"));
            continue;
        }
        let twin_text = std::fs::read_to_string(fixtures().join("v31/twins").join(name)).unwrap();
        assert!(twin_text.contains("openapi: 3.1.0"), "{name}: the twin is not OpenAPI 3.1");
        let original = generate("cases", name);
        let twin = generate("v31/twins", name);
        let paths = |f: &[(String, String)]| f.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
        if paths(&original) != paths(&twin) {
            failures.push(format!("{name}: different files\n  3.0: {:?}\n  3.1: {:?}", paths(&original), paths(&twin)));
            continue;
        }
        let known: &[&str] = KNOWN_DIFFERENCES.iter().find(|(n, _)| n == name).map_or(&[], |(_, files)| files);
        for ((path, a), (_, b)) in original.iter().zip(&twin) {
            if known.contains(&path.as_str()) {
                if a == b {
                    failures.push(format!("{name}: {path} was expected to differ (update KNOWN_DIFFERENCES)"));
                }
            } else if a != b {
                failures.push(format!("{name}: {path} differs at {}", first_difference(a, b)));
            }
        }
    }
    assert!(failures.is_empty(), "{} of {} twins differ:\n{}", failures.len(), names.len(), failures.join("\n"));
}

/// `$defs` and references into them (`#/components/schemas/Order/$defs/Line`) are hoisted into
/// `components/schemas` by the bundling pass (`normalize/bundle.rs`), named from the pointer
/// (`Order` + `Line`); the 3.1 conversion converts the schemas under `$defs` but leaves them in place.
#[test]
fn defs_are_resolved() {
    let files = generate("v31/needs_bundle", "defs.yaml");
    let order = files.iter().find(|(p, _)| p == "src/models/order.rs").map(|(_, c)| c.as_str()).unwrap_or("");
    assert!(order.contains("::std::vec::Vec<crate::models::OrderLine>"), "{order}");
    assert!(files.iter().any(|(p, c)| p == "src/models/order_line.rs" && c.contains("pub quantity: i64")), "the `$defs` schema is a model of its own");
}

/// Diagnostics about parts the 3.1 conversion moved (a keyword of a split `type` list, a webhook,
/// a `prefixItems` member) point where the user wrote them.
#[test]
fn diagnostics_point_where_the_31_document_says_it() {
    let text = "\
openapi: 3.1.0
info: {title: t, version: '1'}
paths: {}
webhooks:
  ping:
    post:
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Gone'}
      responses: {'200': {description: ok}}
components:
  schemas:
    S:
      type: [string, object]
      properties:
        a: {$ref: '#/components/schemas/Missing'}
    T:
      prefixItems:
        - {$ref: '#/components/schemas/Lost'}
";
    let generated = sdkgen::generate("t.yaml", text.to_string(), &Settings::default()).unwrap();
    let at = |name: &str| {
        let d = generated.diagnostics.iter().find(|d| d.message.contains(name)).unwrap_or_else(|| panic!("no diagnostic about {name}: {:?}", generated.diagnostics));
        let l = d.location.unwrap_or_else(|| panic!("{d:?} not located"));
        (l.line, l.col)
    };
    assert_eq!(at("Missing"), (17, 9));
    assert_eq!(at("Gone"), (10, 13));
    assert_eq!(at("Lost"), (20, 11));
}

/// A `description` next to a `$ref` (3.1) and 3.0's `allOf: [$ref]` + `description` give the same
/// SDK: the referenced type itself, documented with the description (no wrapper type).
#[test]
fn ref_with_description_is_the_referenced_type_with_the_doc() {
    let spec = |version: &str, reference: &str| {
        format!(
            "openapi: {version}
info: {{title: t, version: '1'}}
paths: {{}}
components:
  schemas:
    Point: {{type: object, properties: {{x: {{type: number}}}}}}
    Shape:
      type: object
      properties:
        at:
          {reference}
          description: Where the shape is.
        corners:
          type: array
          items:
            {reference}
            description: One corner.
"
        )
    };
    let files = |text: String| {
        let g = sdkgen::generate("t.yaml", text, &Settings::default().with_crate_name("twin")).unwrap();
        g.files.into_iter().map(|f| (f.path, f.contents)).collect::<Vec<_>>()
    };
    let v30 = files(spec("3.0.3", "allOf: [{$ref: '#/components/schemas/Point'}]"));
    let v31 = files(spec("3.1.0", "$ref: '#/components/schemas/Point'"));
    assert_eq!(v30, v31);
    let shape = v31.iter().find(|(p, _)| p == "src/models/shape.rs").map(|(_, c)| c.as_str()).unwrap();
    assert!(shape.contains("/// Where the shape is.\n"), "{shape}");
    assert!(shape.contains("pub at: ::std::option::Option<crate::models::Point>"), "{shape}");
    assert!(shape.contains("pub corners: ::std::option::Option<::std::vec::Vec<crate::models::Point>>"), "{shape}");
    let models: Vec<&str> = v31.iter().map(|(p, _)| p.as_str()).filter(|p| p.starts_with("src/models/") && *p != "src/models/mod.rs").collect();
    assert_eq!(models, ["src/models/point.rs", "src/models/shape.rs"]);
}

/// A tuple that contains itself through tuples and arrays only has no Rust type alias (aliases do
/// not recurse): it is `serde_json::Value`, with a warning, and the crate compiles (the cases
/// test builds `v31a`).
#[test]
fn tuples_containing_themselves_are_json_values_with_a_warning() {
    let file = "tests/fixtures/v31/v31a_schemas.yaml";
    let text = std::fs::read_to_string(fixtures().join("v31/v31a_schemas.yaml")).unwrap();
    let generated = sdkgen::generate(file, text, &Settings::default()).unwrap();
    for name in ["Chain", "Nest"] {
        let pointer = format!("#/components/schemas/{name}");
        assert!(generated.diagnostics.iter().any(|d| d.pointer == pointer && d.message.contains("contains itself")), "{name}: {:?}", generated.diagnostics);
        let path = format!("src/models/{}.rs", name.to_lowercase());
        let model = generated.files.iter().find(|f| f.path == path).map(|f| f.contents.as_str()).unwrap_or("");
        assert!(model.contains(&format!("pub type {name} = ::serde_json::Value;")), "{model}");
    }
}
