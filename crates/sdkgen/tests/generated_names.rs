//! No spec name can collide with a name sdkgen adds: every name of `sdkgen::names::GENERATED`
//! (patterns filled in with the fixture's own operations) is used as a tag, an operationId (all
//! in one service, next to the operations whose siblings they name), a schema, a property and a
//! parameter name in `tests/fixtures/hostile/h05_generated_names.yaml`,
//! which this test writes from the table (`SDKGEN_WRITE_FIXTURES=1`) and checks is current. The
//! construct-case test (`tests/cases.rs`) compiles the crate clippy-clean and runs its behaviour
//! test (`tests/case_checks/h05.rs`).

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::PathBuf;

use sdkgen::names::{GENERATED, Scope};
use sdkgen::{Settings, Severity};

const FIXTURE: &str = "tests/fixtures/hostile/h05_generated_names.yaml";

/// Names Rust or the standard prelude give meaning to, which spec names also meet.
const LANGUAGE: &[&str] = &[
    "self", "Self", "super", "crate", "type", "Option", "Result", "Some", "None", "Ok", "Err", "Box", "Vec", "String", "std",
    "serde", "default", "eq", "hash", "to_string", "into_inner", "from_str", "as_ref", "is_empty", "next", "Thing2",
    "thing_2",
];

/// Every name to try: the table's, patterns filled in with the fixture's operations (`thing`
/// has parameters, several success and error bodies and typed headers; `jump` redirects;
/// `scroll` pages), then
/// names of the language.
fn names() -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut seen = BTreeSet::new();
    for n in GENERATED {
        let filled = n
            .name
            .replace("{Client}", "Client")
            .replace("{Tag}", "Base")
            .replace("{Op}", "Thing")
            .replace("{field}", "label")
            .replace("{op}", if n.name.ends_with("_url") { "jump" } else if n.name.ends_with("_pages") || n.name.ends_with("_stream") { "scroll" } else { "thing" });
        if seen.insert(filled.clone()) {
            out.push(filled);
        }
    }
    for n in LANGUAGE {
        if seen.insert((*n).to_string()) {
            out.push((*n).to_string());
        }
    }
    out
}

fn quoted(s: &str) -> String {
    format!("{s:?}")
}

/// The fixture spec.
fn spec() -> String {
    let names = names();
    let mut s = String::new();
    s.push_str("# Written by tests/generated_names.rs from sdkgen::names::GENERATED: do not edit.\n");
    s.push_str("# Every name sdkgen adds, used as tag, operationId, schema, property and parameter name.\n");
    s.push_str("openapi: 3.0.3\ninfo:\n  title: Generated names\n  version: \"1\"\n");
    s.push_str("servers:\n  - url: https://api.example.test\n");
    s.push_str("security:\n  - oauth: []\n");
    s.push_str("paths:\n");
    // The OAuth token endpoint: the client gets `token_holder`, `authorization_code`,
    // `with_token_holder` and `OAUTH_ENDPOINTS`.
    s.push_str(concat!(
        "  /token:\n    post:\n      operationId: getToken\n      tags: [base]\n",
        "      requestBody:\n        required: true\n        content:\n          application/x-www-form-urlencoded:\n            schema:\n",
        "              type: object\n              properties:\n                grant_type: {type: string}\n",
        "      responses:\n        \"200\":\n          description: token\n          content:\n            application/json:\n",
        "              schema: {$ref: \"#/components/schemas/TokenInfo\"}\n",
    ));
    // `thing`: parameters, success and error enums, typed headers (`thing_with_headers`).
    s.push_str(concat!(
        "  /thing:\n    get:\n      operationId: thing\n      tags: [base]\n",
        "      parameters:\n        - {name: label, in: query, schema: {type: string}}\n",
        "      responses:\n",
        "        \"200\":\n          description: ok\n          headers:\n            X-Count: {schema: {type: integer}}\n",
        "          content:\n            application/json:\n              schema: {type: object, properties: {a: {type: string}}}\n",
        "        \"201\":\n          description: created\n          content:\n            text/plain:\n              schema: {type: string}\n",
        "        \"400\":\n          description: bad\n          content:\n            application/json:\n              schema: {type: object, properties: {b: {type: string}}}\n",
        "        \"404\":\n          description: missing\n          content:\n            application/json:\n              schema: {type: object, properties: {c: {type: integer}}}\n",
    ));
    // `scroll`: a paged operation (`scroll_pages`, `scroll_stream`, and `Page` at the root).
    s.push_str(concat!(
        "  /scroll:\n    get:\n      operationId: scroll\n      tags: [base]\n",
        "      parameters:\n        - {name: cursor, in: query, schema: {type: string}}\n",
        "      responses:\n        \"200\":\n          description: a page\n          content:\n            application/json:\n",
        "              schema: {type: object, properties: {items: {type: array, items: {type: string}}, next_cursor: {type: string}}}\n",
    ));
    // `jump`: a redirecting GET (`jump_url`).
    s.push_str(concat!(
        "  /jump:\n    get:\n      operationId: jump\n      tags: [base]\n",
        "      parameters:\n        - {name: to, in: query, required: true, schema: {type: string}}\n",
        "      responses:\n        \"302\":\n          description: elsewhere\n",
    ));
    for (i, n) in names.iter().enumerate() {
        let q = quoted(n);
        let _ = write!(
            s,
            concat!(
                "  /t{i}:\n    get:\n      operationId: tag{i}\n      tags: [{q}]\n      responses:\n        \"204\":\n          description: ok\n",
                "  /n{i}/{{{p}}}:\n    get:\n      operationId: {q}\n      tags: [base]\n      parameters:\n",
                "        - {{name: {q}, in: query, required: true, schema: {{type: string}}}}\n",
                "        - {{name: {q}, in: header, schema: {{type: integer}}}}\n",
                "        - {{name: {pq}, in: path, required: true, schema: {{type: string}}}}\n",
                "      responses:\n        \"200\":\n          description: ok\n          content:\n            application/json:\n",
                "              schema: {{$ref: {r}}}\n",
            ),
            i = i,
            p = format_args!("p{i}"),
            pq = quoted(&format!("p{i}")),
            q = q,
            r = quoted(&format!("#/components/schemas/{n}")),
        );
    }
    s.push_str("components:\n  securitySchemes:\n    oauth:\n      type: oauth2\n      flows:\n        authorizationCode:\n");
    s.push_str("          authorizationUrl: https://api.example.test/authorize\n          tokenUrl: https://api.example.test/token\n          scopes: {}\n");
    s.push_str("  schemas:\n");
    s.push_str(concat!(
        "    TokenInfo:\n      type: object\n      required: [access_token, expires_in]\n      properties:\n",
        "        access_token: {type: string}\n        refresh_token: {type: string}\n        expires_in: {type: integer}\n",
    ));
    for n in &names {
        let q = quoted(n);
        let _ = writeln!(s, "    {q}:\n      type: object\n      required: [{q}]\n      properties:\n        {q}: {{type: string}}\n        {q2}: {{type: integer}}", q2 = quoted(&format!("{n}_2")));
    }
    // An enum whose values are the names, and a nullable union of schemas named like the
    // variants sdkgen adds (`Null`, `Unknown`).
    s.push_str("    Words:\n      type: string\n      enum:\n");
    for n in &names {
        let _ = writeln!(s, "        - {}", quoted(n));
    }
    s.push_str("    Choice:\n      nullable: true\n      oneOf:\n        - $ref: \"#/components/schemas/Null\"\n        - $ref: \"#/components/schemas/Unknown\"\n        - type: integer\n");
    s
}

fn fixture_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(FIXTURE)
}

#[test]
fn the_fixture_uses_every_generated_name() {
    let want = spec();
    if std::env::var_os("SDKGEN_WRITE_FIXTURES").is_some() {
        std::fs::write(fixture_path(), &want).expect("write the fixture");
    }
    let have = std::fs::read_to_string(fixture_path()).unwrap_or_default();
    assert!(have == want, "{FIXTURE} is stale: run `SDKGEN_WRITE_FIXTURES=1 cargo test -p sdkgen --test generated_names`");
    for n in GENERATED {
        assert!(!n.what.is_empty());
    }
    assert!(GENERATED.iter().any(|n| n.scope == Scope::ClientMethods && n.name == "builder"));
}

fn generated() -> sdkgen::Generated {
    sdkgen::generate(FIXTURE, spec(), &Settings::default()).unwrap_or_else(|d| panic!("{d:?}"))
}

fn file<'a>(g: &'a sdkgen::Generated, path: &str) -> &'a str {
    &g.files.iter().find(|f| f.path == path).unwrap_or_else(|| panic!("no {path}")).contents
}

#[test]
fn spec_names_never_take_a_generated_name() {
    let g = generated();
    let errors: Vec<String> = g.diagnostics.iter().filter(|d| d.severity == Severity::Error).map(|d| d.render(FIXTURE)).collect();
    assert!(errors.is_empty(), "{errors:?}");
    let lib = file(&g, "src/lib.rs");
    // The client's own methods keep their names; tags named like them get a suffix.
    for own in ["builder", "core", "token_holder", "authorization_code", "with_token_holder", "clone", "fmt"] {
        let count = lib.matches(&format!("pub fn {own}(")).count();
        assert_eq!(count, usize::from(!matches!(own, "clone" | "fmt")), "client method {own}");
        assert!(lib.contains(&format!("pub fn {own}_2(")), "the tag `{own}` is renamed");
    }
    // No method name twice in one service handle, no type name twice in `services`.
    let mut types = BTreeSet::new();
    for f in g.files.iter().filter(|f| f.path.starts_with("src/services/") && f.path != "src/services/mod.rs") {
        let handle = f.contents.split("\n}\n").next().unwrap_or_default();
        let mut methods = BTreeSet::new();
        for line in handle.lines().map(str::trim) {
            if let Some(rest) = line.strip_prefix("pub async fn ").or_else(|| line.strip_prefix("pub fn ")).or_else(|| line.strip_prefix("pub(crate) fn ")) {
                let name = rest.split(['(', '<']).next().unwrap_or_default().to_string();
                assert!(methods.insert(name.clone()), "{}: method {name} twice", f.path);
            }
        }
        for line in f.contents.lines() {
            if let Some(rest) = line.strip_prefix("pub struct ").or_else(|| line.strip_prefix("pub enum ")) {
                let name = rest.split([' ', '<', '{', '(']).next().unwrap_or_default().to_string();
                assert!(types.insert(name.clone()), "services: type {name} twice");
            }
        }
    }
    // The spec's operations named like sibling methods keep their names; the siblings move.
    let base = file(&g, "src/services/base.rs");
    let signature = |name: &str| {
        let at = base.find(&format!(" fn {name}(")).unwrap_or_else(|| panic!("no method {name}"));
        base[at..].split(" -> ").next().unwrap_or_default().to_string()
    };
    assert!(signature("thing_with_headers").contains("&ThingWithHeadersParams"), "the spec's operation");
    assert!(signature("thing_with_headers_2").contains("&ThingParams"), "the sibling of `thing`");
    assert!(signature("jump_url").contains("&JumpUrlParams"), "the spec's operation");
    assert!(signature("jump_url_2").contains("&JumpParams"), "the sibling of `jump`");
    // Docs name the methods as Rust spells them: `self_()`, `r#type()`, never `self()`.
    let readme = file(&g, "README.md");
    assert!(readme.contains("`client.self_()`") && readme.contains("`client.r#type()`"), "README service table");
    assert!(!readme.contains("client.self()") && !readme.contains("client.type()"), "README");
    let page = g.files.iter().find(|f| f.path.starts_with("documentation/services/") && f.contents.contains("## r#type")).expect("a service page with `r#type`");
    assert!(page.contents.contains("(#rtype)") && page.contents.contains(".r#type(&params)"), "{}", page.path);
    // `thing_2` and `Thing2` are distinct methods with distinct type stems.
    assert!(base.contains("pub struct Thing2Params") && base.contains("pub struct Thing22Params"));
}
