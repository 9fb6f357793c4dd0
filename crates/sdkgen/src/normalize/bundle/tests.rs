//! Unit tests of bundling, on documents and files held in memory.

use std::collections::HashMap;

use serde_json::json;

use super::refs::join_path;
use super::*;
use crate::normalize::normalize;

/// Files in memory.
struct Files(HashMap<&'static str, &'static str>);

impl Resolver for Files {
    fn read(&self, path: &str) -> Result<String, String> {
        self.0.get(path).map(|s| s.to_string()).ok_or_else(|| "no such file".into())
    }
    fn root_name(&self) -> Option<String> {
        Some("openapi.yaml".into())
    }
}

fn run(root: &str, files: &[(&'static str, &'static str)]) -> Result<Normalized, Vec<Diagnostic>> {
    let v = crate::load::parse_value(root).unwrap();
    let d = Dialect::of(&v).unwrap();
    normalize(v, d, &Files(files.iter().copied().collect()))
}

fn schemas(n: &Normalized) -> Vec<&str> {
    n.document["components"]["schemas"].as_object().map(|o| o.keys().map(String::as_str).collect()).unwrap_or_default()
}

const HEAD: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n";

#[test]
fn a_property_becomes_one_component_for_both_places() {
    let spec = format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A: {{type: object, properties: {{b: {{type: string, enum: [x]}}}}}}\n    C: {{type: object, properties: {{b: {{$ref: '#/components/schemas/A/properties/b'}}}}}}\n"
    );
    let n = run(&spec, &[]).unwrap();
    assert_eq!(schemas(&n), ["A", "C", "AB"]);
    let doc = &n.document["components"]["schemas"];
    assert_eq!(doc["A"]["properties"]["b"], json!({"$ref": "#/components/schemas/AB"}));
    assert_eq!(doc["C"]["properties"]["b"], json!({"$ref": "#/components/schemas/AB"}));
    assert_eq!(doc["AB"], json!({"type": "string", "enum": ["x"]}));
    assert_eq!(n.origins.resolve("#/components/schemas/AB/enum"), (0, "#/components/schemas/A/properties/b/enum".into()));
}

#[test]
fn names_are_unique_and_titles_win() {
    let spec = format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    AB: {{type: integer}}\n    ab2: {{type: integer}}\n    A: {{properties: {{b: {{type: string}}, t: {{title: Fancy name, type: string}}}}}}\n    C: {{properties: {{b: {{$ref: '#/components/schemas/A/properties/b'}}, t: {{$ref: '#/components/schemas/A/properties/t'}}}}}}\n"
    );
    let n = run(&spec, &[]).unwrap();
    assert_eq!(schemas(&n), ["AB", "ab2", "A", "C", "AB3", "FancyName"]);
}

#[test]
fn references_through_references_to_references_and_cycles() {
    // `Alias/properties/x` passes through Alias's reference; `P` is a reference to a reference;
    // the hoisted schema refers to itself.
    let spec = format!(
        "{HEAD}paths:\n  /a:\n    get:\n      operationId: getA\n      parameters: [{{$ref: '#/components/parameters/Q'}}]\n      responses:\n        '200': {{description: ok, content: {{application/json: {{schema: {{type: object, properties: {{next: {{$ref: '#/paths/~1a/get/responses/200/content/application~1json/schema'}}}}}}}}}}}}\n\
         components:\n  parameters:\n    Q: {{name: q, in: query, schema: {{type: string}}}}\n    P: {{$ref: '#/paths/~1a/get/parameters/0'}}\n  schemas:\n    B: {{properties: {{x: {{type: integer}}}}}}\n    Alias: {{$ref: '#/components/schemas/B'}}\n    D: {{properties: {{y: {{$ref: '#/components/schemas/Alias/properties/x'}}}}}}\n"
    );
    let n = run(&spec, &[]).unwrap();
    let doc = &n.document;
    assert_eq!(doc["components"]["parameters"]["P"], json!({"$ref": "#/components/parameters/Q"}));
    assert_eq!(doc["components"]["schemas"]["D"]["properties"]["y"], json!({"$ref": "#/components/schemas/BX"}));
    assert_eq!(doc["components"]["schemas"]["B"]["properties"]["x"], json!({"$ref": "#/components/schemas/BX"}));
    let hoisted = &doc["components"]["schemas"]["GetAResponse"];
    assert_eq!(hoisted["properties"]["next"], json!({"$ref": "#/components/schemas/GetAResponse"}));
    assert_eq!(doc["paths"]["/a"]["get"]["responses"]["200"]["content"]["application/json"]["schema"], json!({"$ref": "#/components/schemas/GetAResponse"}));
}

#[test]
fn a_cycle_of_references_and_a_dangling_pointer_are_errors() {
    let spec = format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A: {{properties: {{x: {{$ref: '#/components/schemas/B/properties/y'}}, z: {{$ref: '#/components/schemas/A/properties/nope'}}}}}}\n    B: {{properties: {{y: {{$ref: '#/components/schemas/A/properties/x'}}}}}}\n"
    );
    let errors = run(&spec, &[]).unwrap_err();
    assert_eq!(errors.len(), 3, "{errors:#?}");
    assert!(errors[0].message.contains("cycle of references"), "{}", errors[0].message);
    assert_eq!(errors[0].pointer, "#/components/schemas/A/properties/x/$ref");
    assert!(errors[1].message.contains("points nowhere: the document has no #/components/schemas/A/properties/nope"), "{}", errors[1].message);
}

#[test]
fn a_reference_of_the_wrong_kind_is_an_error() {
    let spec = format!(
        "{HEAD}paths:\n  /a:\n    get:\n      parameters: [{{name: q, in: query, schema: {{type: string}}}}]\n      responses:\n        '200': {{$ref: '#/paths/~1a/get/parameters/0'}}\n"
    );
    let errors = run(&spec, &[]).unwrap_err();
    assert!(errors[0].message.contains("points to a parameter where a response is expected"), "{}", errors[0].message);
}

#[test]
fn swagger_2_sections() {
    let spec = "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      parameters: [{name: q, in: query, type: string}]\n      responses:\n        '200': {description: ok, schema: {type: object, properties: {b: {type: string}}}}\n  /b:\n    get:\n      parameters: [{$ref: '#/paths/~1a/get/parameters/0'}]\n      responses:\n        '200': {description: ok, schema: {$ref: '#/paths/~1a/get/responses/200/schema/properties/b'}}\n        '404': {$ref: '#/paths/~1a/get/responses/200'}\n";
    let mut n = Normalized { document: crate::load::parse_value(spec).unwrap(), origins: Origins::default(), others: Vec::new(), diagnostics: Vec::new() };
    bundle(&mut n, &Files(HashMap::new())).unwrap();
    let doc = &n.document;
    assert_eq!(doc["definitions"]["AGetResponseB"], json!({"type": "string"}));
    assert_eq!(doc["parameters"]["AGetQ"]["name"], "q");
    assert_eq!(doc["responses"]["AGetResponse"]["description"], "ok");
    let b = &doc["paths"]["/b"]["get"];
    assert_eq!(b["parameters"][0], json!({"$ref": "#/parameters/AGetQ"}));
    assert_eq!(b["responses"]["200"]["schema"], json!({"$ref": "#/definitions/AGetResponseB"}));
    assert_eq!(b["responses"]["404"], json!({"$ref": "#/responses/AGetResponse"}));
}

#[test]
fn openapi_31_defs_and_percent_encoded_pointers() {
    let spec = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /a/{id}:\n    get:\n      responses:\n        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/A/$defs/Inner'}}}}\n  /b:\n    get:\n      responses:\n        '200': {$ref: '#/paths/~1a~1%7Bid%7D/get/responses/200'}\ncomponents:\n  schemas:\n    A: {$defs: {Inner: {type: string}}, properties: {i: {$ref: '#/components/schemas/A/$defs/Inner', description: kept}}}\n";
    let n = run(spec, &[]).unwrap();
    let doc = &n.document;
    assert_eq!(doc["components"]["schemas"]["AInner"], json!({"type": "string"}));
    // The 3.1 conversion then writes the `$ref` with a sibling as 3.0's `allOf` form.
    assert_eq!(doc["components"]["schemas"]["A"]["properties"]["i"], json!({"allOf": [{"$ref": "#/components/schemas/AInner"}], "description": "kept"}));
    assert_eq!(doc["paths"]["/b"]["get"]["responses"]["200"], json!({"$ref": "#/components/responses/AIdGetResponse"}));
}

#[test]
fn other_files_are_read_once_and_imported_under_their_names() {
    let root = format!("{HEAD}paths:\n  /p:\n    $ref: 'paths/p.yaml'\ncomponents:\n  schemas:\n    Pet: {{$ref: 'models/pet.yaml'}}\n");
    let files = [
        ("paths/p.yaml", "get:\n  responses:\n    '200': {description: ok, content: {application/json: {schema: {$ref: '../models/pet.yaml'}}}}\n"),
        ("models/pet.yaml", "type: object\nproperties:\n  kind: {$ref: 'common.yaml#/Kind'}\n  parent: {$ref: '#'}\n  back: {$ref: '../openapi.yaml#/components/schemas/Pet'}\n"),
        ("models/common.yaml", "Kind: {type: string}\n"),
    ];
    let n = run(&root, &files).unwrap();
    let doc = &n.document;
    let names: Vec<&str> = n.others.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["paths/p.yaml", "models/pet.yaml", "models/common.yaml"]);
    assert_eq!(schemas(&n), ["Pet", "Kind"]);
    let pet = &doc["components"]["schemas"]["Pet"];
    assert_eq!(pet["properties"]["kind"], json!({"$ref": "#/components/schemas/Kind"}));
    assert_eq!(pet["properties"]["parent"], json!({"$ref": "#/components/schemas/Pet"}));
    assert_eq!(pet["properties"]["back"], json!({"$ref": "#/components/schemas/Pet"}));
    // The path item is copied in place.
    assert_eq!(doc["paths"]["/p"]["get"]["responses"]["200"]["content"]["application/json"]["schema"], json!({"$ref": "#/components/schemas/Pet"}));
    assert_eq!(n.origins.resolve("#/components/schemas/Kind/type"), (3, "#/Kind/type".into()));
    assert_eq!(n.origins.resolve("#/components/schemas/Pet/properties"), (2, "#/properties".into()));
}

#[test]
fn file_references_that_cannot_be_read() {
    let root = format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A: {{$ref: 'http://example.com/a.yaml'}}\n    B: {{$ref: 'C:/x.yaml'}}\n    C: {{$ref: 'nope.yaml'}}\n    D: {{$ref: 'x.yaml#name'}}\n    E: {{$ref: 'a\\\\b.yaml'}}\n"
    );
    let errors = run(&root, &[]).unwrap_err();
    let messages: Vec<&str> = errors.iter().map(|e| e.message.as_str()).collect();
    assert!(messages[0].contains("refers to the network"), "{messages:?}");
    assert!(messages[1].contains("absolute path"), "{messages:?}");
    assert!(messages[2].contains("cannot read `nope.yaml`: no such file"), "{messages:?}");
    assert!(messages[3].contains("plain-name fragment"), "{messages:?}");
    assert!(messages[4].contains("`\\`"), "{messages:?}");
}

#[test]
fn a_path_item_is_copied_in_place() {
    let spec = format!("{HEAD}paths:\n  /a:\n    $ref: '#/x-paths/a'\n    summary: kept\nx-paths:\n  a:\n    summary: replaced\n    get: {{operationId: a, responses: {{'200': {{description: ok}}}}}}\n");
    let n = run(&spec, &[]).unwrap();
    assert_eq!(n.document["paths"]["/a"]["get"]["operationId"], "a");
    assert_eq!(n.document["paths"]["/a"]["summary"], "kept");
    assert!(n.document["paths"]["/a"].get("$ref").is_none());
}

#[test]
fn a_callback_is_copied_in_place() {
    let spec = format!("{HEAD}paths:\n  /a:\n    post:\n      callbacks: {{onEvent: {{$ref: '#/components/callbacks/Ev'}}}}\n      responses: {{'200': {{description: ok}}}}\ncomponents:\n  callbacks:\n    Ev: {{'{{$request.body#/url}}': {{post: {{responses: {{'200': {{description: ok}}}}}}}}}}\n");
    let n = run(&spec, &[]).unwrap();
    let cb = &n.document["paths"]["/a"]["post"]["callbacks"]["onEvent"];
    assert_eq!(cb["{$request.body#/url}"]["post"]["responses"]["200"]["description"], "ok", "{cb}");
}

#[test]
fn discriminator_mappings_follow_their_targets() {
    let root = format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    Pet:\n      oneOf: [{{$ref: 'dog.yaml'}}, {{$ref: '#/components/schemas/Cat'}}]\n      discriminator: {{propertyName: kind, mapping: {{dog: 'dog.yaml', cat: Cat}}}}\n    Cat: {{type: object, properties: {{kind: {{type: string}}}}}}\n"
    );
    let n = run(&root, &[("dog.yaml", "title: Dog\ntype: object\nproperties: {kind: {type: string}}\n")]).unwrap();
    let pet = &n.document["components"]["schemas"]["Pet"];
    assert_eq!(pet["discriminator"]["mapping"], json!({"dog": "#/components/schemas/Dog", "cat": "Cat"}));
    assert_eq!(pet["oneOf"][0], json!({"$ref": "#/components/schemas/Dog"}));
}

#[test]
fn path_items_that_copy_each_other_without_end_are_stopped() {
    // Each copy of `/a` holds two callbacks that copy `/a` again: 2^n copies.
    let spec = format!("{HEAD}paths:\n  /a:\n    post:\n      callbacks:\n        one: {{'{{$url}}': {{$ref: '#/paths/~1a'}}}}\n        two: {{'{{$url}}': {{$ref: '#/paths/~1a'}}}}\n      responses: {{'200': {{description: ok}}}}\n");
    let errors = run(&spec, &[]).unwrap_err();
    assert!(errors.iter().any(|e| e.message.contains("exceed")), "{errors:#?}");
}

#[test]
fn path_items_that_nest_copies_without_end_are_stopped() {
    let spec = format!("{HEAD}paths:\n  /a:\n    post:\n      callbacks:\n        one: {{'{{$url}}': {{$ref: '#/paths/~1a'}}}}\n      responses: {{'200': {{description: ok}}}}\n");
    let errors = run(&spec, &[]).unwrap_err();
    assert!(errors.iter().any(|e| e.message.contains("deeper than 128")), "{errors:#?}");
}

#[test]
fn paths_join_within_the_tree() {
    assert_eq!(join_path("models", "../shared/x.json"), "shared/x.json");
    assert_eq!(join_path("", "./a/./b//c.yaml"), "a/b/c.yaml");
    assert_eq!(join_path("a", "../../x.yaml"), "../x.yaml");
}

#[test]
fn the_number_of_files_is_limited() {
    // A chain of files, each referring to the next: one more than the limit.
    struct Chain;
    impl Resolver for Chain {
        fn read(&self, path: &str) -> Result<String, String> {
            let n: usize = path.trim_start_matches('f').trim_end_matches(".yaml").parse().map_err(|_| "no")?;
            Ok(format!("type: object\nproperties: {{next: {{$ref: 'f{}.yaml'}}}}\n", n + 1))
        }
    }
    let root = format!("{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A: {{$ref: 'f0.yaml'}}\n");
    let v = crate::load::parse_value(&root).unwrap();
    let errors = normalize(v, Dialect::OpenApi30, &Chain).unwrap_err();
    assert_eq!(errors.len(), 1);
    assert!(errors[0].message.contains("more than 1000 files"), "{}", errors[0].message);
    assert_eq!(errors[0].file.as_deref(), Some("f999.yaml"));
}
