//! Swagger 2.0: the pet store (`fixtures/swagger2/sw01_petstore.yaml`) and its OpenAPI 3.0 twin
//! generate the same crate; diagnostics about a 2.0 spec carry the 2.0 file's line:col; and the
//! conversion of what generation alone does not show (security flows, servers, media types,
//! extensions).

use std::path::Path;

use sdkgen::normalize::{Dialect, NoFiles, normalize};
use sdkgen::{Settings, Severity};
use serde_json::{Value, json};

fn fixture(rel: &str) -> (String, String) {
    let file = format!("tests/fixtures/{rel}");
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(&file)).unwrap_or_else(|e| panic!("{file}: {e}"));
    (file, text)
}

/// The 3.0 document a 2.0 text converts to, and the converter's warnings.
fn convert(yaml: &str) -> (Value, Vec<sdkgen::Diagnostic>) {
    let v = sdkgen::load::parse_value(yaml).unwrap();
    assert_eq!(Dialect::of(&v), Some(Dialect::Swagger2));
    let n = normalize(v, Dialect::Swagger2, &NoFiles).unwrap_or_else(|d| panic!("{d:?}"));
    (n.document, n.diagnostics)
}

fn at<'v>(doc: &'v Value, pointer: &str) -> &'v Value {
    doc.pointer(pointer).unwrap_or_else(|| panic!("no {pointer} in {}", serde_json::to_string_pretty(doc).unwrap()))
}

#[test]
fn petstore_and_its_openapi3_twin_generate_the_same_files() {
    let settings = Settings::default().with_crate_name("twin");
    let (f2, t2) = fixture("swagger2/sw01_petstore.yaml");
    let (f3, t3) = fixture("swagger2/openapi3/sw01_petstore.yaml");
    let g2 = sdkgen::generate(&f2, t2, &settings).unwrap_or_else(|d| panic!("{d:?}"));
    let g3 = sdkgen::generate(&f3, t3, &settings).unwrap_or_else(|d| panic!("{d:?}"));
    assert!(g2.diagnostics.is_empty(), "{:?}", g2.diagnostics);
    assert!(g3.diagnostics.is_empty(), "{:?}", g3.diagnostics);
    let paths = |g: &sdkgen::Generated| g.files.iter().map(|f| f.path.clone()).collect::<Vec<_>>();
    assert_eq!(paths(&g2), paths(&g3));
    assert!(g2.files.len() > 20, "{:?}", paths(&g2));
    for (a, b) in g2.files.iter().zip(&g3.files) {
        // The spec's file name is the one thing that may differ.
        let a_text = a.contents.replace(&f2, "SPEC");
        let b_text = b.contents.replace(&f3, "SPEC");
        assert!(a_text == b_text, "{} differs:\n--- 2.0\n{a_text}\n--- 3.0\n{b_text}", a.path);
    }
}

#[test]
fn diagnostics_of_a_swagger2_spec_carry_its_line_and_column() {
    // Invalid nodes (the 3.0 check of the converted document), located in the 2.0 text.
    let (file, text) = fixture("invalid/swagger2_broken.yaml");
    let errors = sdkgen::generate(&file, text, &Settings::default()).unwrap_err();
    let mut found: Vec<(String, usize, usize)> = errors.iter().map(|d| (d.pointer.clone(), d.location.unwrap().line, d.location.unwrap().col)).collect();
    found.sort_by_key(|f| f.1);
    assert_eq!(
        found,
        vec![("#/parameters/Limit".to_string(), 19, 3), ("#/definitions/Pet/properties/name".to_string(), 28, 7)],
        "{errors:?}"
    );

    // Lowering errors and converter warnings, under moved and renumbered nodes.
    let text = "\
swagger: '2.0'
info: {title: t, version: '1'}
paths:
  /pets/{id}:
    parameters:
      - name: id
        in: path
        required: true
        type: string
      - name: doc
        in: body
        schema:
          $ref: '#/definitions/Missing'
    put:
      parameters:
        - name: tags
          in: query
          type: array
          collectionFormat: tsv
          items: {type: string}
      responses:
        '200':
          description: ok
          schema:
            $ref: '#/definitions/Gone'
parameters:
  Flags:
    name: flags
    in: header
    type: array
    collectionFormat: pipes
    items: {type: string}
";
    let g = sdkgen::generate("spec.yaml", text.to_string(), &Settings::default()).unwrap_or_else(|d| panic!("{d:?}"));
    let located = |needle: &str| {
        let d = g.diagnostics.iter().find(|d| d.message.contains(needle) || d.pointer.contains(needle)).unwrap_or_else(|| panic!("no {needle}: {:?}", g.diagnostics));
        let l = d.location.unwrap_or_else(|| panic!("{d:?} has no location"));
        (d.severity, l.line, l.col)
    };
    assert_eq!(located("Missing"), (Severity::Error, 12, 9), "{:?}", g.diagnostics);
    assert_eq!(located("Gone"), (Severity::Error, 24, 11), "{:?}", g.diagnostics);
    assert_eq!(located("tsv"), (Severity::Warning, 19, 11), "{:?}", g.diagnostics);
    assert_eq!(located("pipes"), (Severity::Warning, 31, 5), "{:?}", g.diagnostics);
    // In the words of Swagger 2.0: its sections, not the OpenAPI 3.0 ones it was converted to.
    for d in &g.diagnostics {
        let text = format!("{} {}", d.message, d.help.as_deref().unwrap_or_default());
        assert!(!text.contains("components"), "{text}");
    }
    let missing = g.diagnostics.iter().find(|d| d.message.contains("Missing")).unwrap();
    assert!(missing.message.contains("`#/definitions/Missing`"), "{missing:?}");
    assert!(missing.help.as_deref().unwrap_or_default().contains("define it under definitions"), "{missing:?}");
}

/// `in: cookie` is not Swagger 2.0: a warning at the parameter's `in`, and it is sent as a
/// cookie (the OpenAPI 3 reading).
#[test]
fn a_cookie_parameter_in_swagger2_is_warned_about() {
    let text = "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      operationId: getA\n      parameters:\n        - {name: sid, in: cookie, type: string}\n      responses: {'204': {description: ok}}\n";
    let g = sdkgen::generate("spec.yaml", text.to_string(), &Settings::default()).unwrap_or_else(|d| panic!("{d:?}"));
    let d = g.diagnostics.iter().find(|d| d.message.contains("`in: cookie` is not Swagger 2.0")).unwrap_or_else(|| panic!("{:?}", g.diagnostics));
    assert_eq!(d.severity, Severity::Warning);
    assert_eq!(d.pointer, "#/paths/~1a/get/parameters/0/in");
    let l = d.location.unwrap();
    assert_eq!((l.line, l.col), (8, 23));
    let service = g.files.iter().find(|f| f.path.ends_with("services/default.rs")).expect("service file");
    assert!(service.contents.contains("req.cookie(\"sid\""), "{}", service.contents);
}

#[test]
fn a_swagger2_document_that_is_no_mapping_is_an_error_not_a_panic() {
    let err = normalize(json!(["swagger", "2.0"]), Dialect::Swagger2, &NoFiles).unwrap_err();
    assert!(err[0].message.contains("mapping"), "{err:?}");
    // Nodes of the wrong kind are left for the 3.0 check to report, located in the 2.0 text.
    for (tail, line) in [
        ("paths:\n  /b:\n    get: [1]\n", 5),
        ("paths:\n  /b:\n    parameters: 3\n", 5),
        ("paths:\n  /b:\n    get:\n      parameters: 3\n      responses: {}\n", 6),
        ("paths: {}\ndefinitions: {A: 5}\n", 4),
        ("paths: {}\nresponses: []\n", 4),
        ("paths: {}\nparameters: {P: {name: p, in: query, type: string, required: maybe}}\n", 4),
    ] {
        let text = format!("swagger: '2.0'\ninfo: {{title: t, version: '1'}}\n{tail}");
        let errors = sdkgen::generate("spec.yaml", text.clone(), &Settings::default()).unwrap_err();
        assert!(errors.iter().any(|d| d.location.is_some_and(|l| l.line == line)), "{text}: {errors:?}");
    }
}

#[test]
fn security_definitions_become_security_schemes() {
    let (doc, warnings) = convert(
        "swagger: '2.0'
info: {title: t, version: '1'}
paths: {}
securityDefinitions:
  basic: {type: basic, description: user and password}
  key: {type: apiKey, name: X-Key, in: header, x-vendor: v}
  implicit: {type: oauth2, flow: implicit, authorizationUrl: 'https://a/auth', scopes: {read: r}}
  password: {type: oauth2, flow: password, tokenUrl: 'https://a/token', scopes: {}}
  application: {type: oauth2, flow: application, tokenUrl: 'https://a/token'}
  accessCode: {type: oauth2, flow: accessCode, authorizationUrl: 'https://a/auth', tokenUrl: 'https://a/token', scopes: {read: r, write: w}}
  odd: {type: oauth2, flow: device, tokenUrl: 'https://a/token'}
security:
  - accessCode: [read]
",
    );
    let s = at(&doc, "/components/securitySchemes");
    assert_eq!(s["basic"], json!({"type": "http", "scheme": "basic", "description": "user and password"}));
    assert_eq!(s["key"], json!({"type": "apiKey", "name": "X-Key", "in": "header", "x-vendor": "v"}));
    assert_eq!(s["implicit"]["flows"], json!({"implicit": {"authorizationUrl": "https://a/auth", "scopes": {"read": "r"}}}));
    assert_eq!(s["password"]["flows"], json!({"password": {"tokenUrl": "https://a/token", "scopes": {}}}));
    assert_eq!(s["application"]["flows"], json!({"clientCredentials": {"tokenUrl": "https://a/token", "scopes": {}}}));
    assert_eq!(
        s["accessCode"]["flows"],
        json!({"authorizationCode": {"authorizationUrl": "https://a/auth", "tokenUrl": "https://a/token", "scopes": {"read": "r", "write": "w"}}})
    );
    assert_eq!(s["odd"]["flows"], json!({}));
    assert_eq!(doc["security"], json!([{"accessCode": ["read"]}]));
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].message.contains("device"));
}

#[test]
fn host_base_path_and_schemes_become_servers() {
    let servers = |head: &str| {
        let (doc, warnings) = convert(&format!("swagger: '2.0'\ninfo: {{title: t, version: '1'}}\npaths: {{}}\n{head}"));
        (doc.get("servers").cloned().unwrap_or(Value::Null), warnings.len())
    };
    assert_eq!(servers("host: api.test\n"), (json!([{"url": "https://api.test"}]), 0));
    assert_eq!(
        servers("host: api.test:8443\nbasePath: /v1/\nschemes: [ws, http, https]\n"),
        (json!([{"url": "https://api.test:8443/v1"}, {"url": "http://api.test:8443/v1"}]), 1)
    );
    assert_eq!(servers("host: 'https://api.test'\n"), (json!([{"url": "https://api.test"}]), 1));
    assert_eq!(servers("basePath: /v2\n"), (json!([{"url": "/v2"}]), 0));
    assert_eq!(servers("basePath: v2\nschemes: [http]\n"), (json!([{"url": "/v2"}]), 0));
    assert_eq!(servers(""), (Value::Null, 0));
    // An operation's own schemes give it its own servers.
    let (doc, _) = convert("swagger: '2.0'\ninfo: {title: t, version: '1'}\nhost: h.test\nschemes: [https]\npaths:\n  /a:\n    get:\n      schemes: [http]\n      responses: {'200': {description: ok}}\n");
    assert_eq!(at(&doc, "/paths/~1a/get/servers"), &json!([{"url": "http://h.test"}]));
}

#[test]
fn bodies_follow_consumes_and_path_level_parameters() {
    let (doc, warnings) = convert(
        "swagger: '2.0'
info: {title: t, version: '1'}
consumes: [application/json]
paths:
  /things/{id}:
    parameters:
      - {name: id, in: path, required: true, type: integer}
      - {name: thing, in: body, required: true, schema: {$ref: '#/definitions/Thing'}, x-doc: kept}
    put:
      consumes: [application/xml, text/plain]
      responses: {'204': {description: ok}}
    patch:
      responses: {'204': {description: ok}}
    post:
      parameters:
        - {name: thing, in: body, schema: {type: string}}
      responses: {'204': {description: ok}}
  /forms:
    post:
      consumes: [multipart/form-data, application/x-www-form-urlencoded]
      parameters:
        - {name: a, in: formData, type: string, required: true}
        - {name: b, in: formData, type: array, items: {type: integer}}
      responses: {'204': {description: ok}}
    put:
      parameters:
        - {name: a, in: formData, type: string}
      responses: {'204': {description: ok}}
  /shared:
    post:
      parameters: [{$ref: '#/parameters/Thing'}]
      responses: {'204': {description: ok}}
    put:
      consumes: [application/xml]
      parameters: [{$ref: '#/parameters/Thing'}]
      responses: {'204': {description: ok}}
parameters:
  Thing: {name: thing, in: body, schema: {$ref: '#/definitions/Thing'}}
definitions:
  Thing: {type: object}
",
    );
    let put = at(&doc, "/paths/~1things~1{id}/put/requestBody");
    assert_eq!(put["content"].as_object().unwrap().keys().collect::<Vec<_>>(), ["application/xml", "text/plain"]);
    assert_eq!(put["content"]["text/plain"]["schema"], json!({"$ref": "#/components/schemas/Thing"}));
    assert_eq!((&put["required"], &put["x-sdkgen-body-name"], &put["x-doc"]), (&json!(true), &json!("thing"), &json!("kept")));
    assert_eq!(at(&doc, "/paths/~1things~1{id}/patch/requestBody/content").as_object().unwrap().keys().collect::<Vec<_>>(), ["application/json"]);
    // The operation's own body parameter replaces the path item's.
    assert_eq!(at(&doc, "/paths/~1things~1{id}/post/requestBody/content/application~1json/schema"), &json!({"type": "string"}));
    assert_eq!(at(&doc, "/paths/~1things~1{id}/parameters"), &json!([{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}]));
    // Form parameters: one object schema per form media type listed (urlencoded without `consumes`).
    let forms = at(&doc, "/paths/~1forms/post/requestBody");
    assert_eq!(forms["content"].as_object().unwrap().keys().collect::<Vec<_>>(), ["application/x-www-form-urlencoded", "multipart/form-data"]);
    assert_eq!(
        forms["content"]["multipart/form-data"]["schema"],
        json!({"type": "object", "required": ["a"], "properties": {"a": {"type": "string"}, "b": {"type": "array", "items": {"type": "integer"}}}})
    );
    assert_eq!(forms["content"]["application/x-www-form-urlencoded"]["encoding"], json!({"b": {"style": "form", "explode": false}}));
    assert_eq!(forms["required"], json!(true));
    assert_eq!(at(&doc, "/paths/~1forms/put/requestBody/content").as_object().unwrap().keys().collect::<Vec<_>>(), ["application/x-www-form-urlencoded"]);
    // A global body parameter is a named request body, copied where `consumes` differs.
    assert_eq!(at(&doc, "/paths/~1shared/post/requestBody"), &json!({"$ref": "#/components/requestBodies/Thing"}));
    assert_eq!(at(&doc, "/paths/~1shared/put/requestBody/content").as_object().unwrap().keys().collect::<Vec<_>>(), ["application/xml"]);
    assert!(at(&doc, "/components/requestBodies/Thing/content/application~1json/schema").is_object());
    assert!(doc.pointer("/components/parameters/Thing").is_none());
    // The one warning: the csv form array is sent as repeated fields.
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].message.contains("repeated"), "{warnings:?}");
}

#[test]
fn responses_schemas_files_examples_and_extensions() {
    let (doc, warnings) = convert(
        "swagger: '2.0'
info: {title: t, version: '1', x-info: 1}
produces: [application/json, application/xml]
x-top: 2
paths:
  x-paths: 3
  /a:
    x-item: 4
    get:
      x-op: 5
      parameters:
        - {name: q, in: query, type: string, x-param: 6, x-example: hi, x-nullable: true}
      responses:
        x-responses: 7
        '200':
          description: ok
          x-response: 8
          schema: {$ref: '#/definitions/A/properties/b'}
          examples: {application/xml: '<a/>', image/gif: GIF}
          headers:
            X-Count: {type: integer, x-header: 9}
  /file:
    get:
      produces: []
      responses:
        '200': {description: bytes, schema: {type: file}}
  /file-json:
    get:
      responses:
        '200': {description: bytes, schema: {type: file}}
definitions:
  A:
    type: object
    x-schema: 10
    discriminator: kind
    required: [kind]
    properties:
      kind: {type: string}
      b: {type: string, x-nullable: true, x-prop: 11}
      c: {type: file}
      d: {type: array, items: {$ref: '#/definitions/A'}}
",
    );
    assert_eq!(doc["x-top"], 2);
    assert_eq!(doc["info"]["x-info"], 1);
    assert_eq!(doc["paths"]["x-paths"], 3);
    assert_eq!(doc["paths"]["/a"]["x-item"], 4);
    let op = &doc["paths"]["/a"]["get"];
    assert_eq!(op["x-op"], 5);
    assert_eq!(
        op["parameters"][0],
        json!({"name": "q", "in": "query", "schema": {"type": "string", "nullable": true}, "example": "hi", "x-param": 6, "x-example": "hi"})
    );
    assert_eq!(op["responses"]["x-responses"], 7);
    let ok = &op["responses"]["200"];
    assert_eq!(ok["x-response"], 8);
    assert_eq!(ok["headers"]["X-Count"], json!({"schema": {"type": "integer"}, "x-header": 9}));
    assert_eq!(ok["content"]["application/json"], json!({"schema": {"$ref": "#/components/schemas/AB"}}), "bundling hoists the property into its own schema");
    assert_eq!(ok["content"]["application/xml"]["example"], "<a/>");
    assert_eq!(at(&doc, "/paths/~1file/get/responses/200/content"), &json!({"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}));
    // A file response is not JSON, whatever the global `produces` says.
    assert_eq!(at(&doc, "/paths/~1file-json/get/responses/200/content").as_object().unwrap().keys().collect::<Vec<_>>(), ["application/xml"]);
    let a = at(&doc, "/components/schemas/A");
    assert_eq!(a["x-schema"], 10);
    assert_eq!(a["discriminator"], json!({"propertyName": "kind"}));
    assert_eq!(a["properties"]["b"], json!({"$ref": "#/components/schemas/AB"}));
    assert_eq!(at(&doc, "/components/schemas/AB"), &json!({"type": "string", "nullable": true, "x-prop": 11}));
    assert_eq!(a["properties"]["c"], json!({"type": "string", "format": "binary"}));
    assert_eq!(a["properties"]["d"]["items"], json!({"$ref": "#/components/schemas/A"}));
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].message.contains("image/gif"), "{warnings:?}");
}

/// Parts that bundling brought in from other files (or copied in place) keep their origin
/// through the conversion, even where it moves and renumbers them.
#[test]
fn origins_of_bundled_parts_survive_the_conversion() {
    use sdkgen::normalize::{Normalized, Origins, Source, swagger2};
    let doc = sdkgen::load::parse_value(
        "swagger: '2.0'
info: {title: t, version: '1'}
paths:
  /a:
    post:
      parameters:
        - {name: body, in: body, schema: {$ref: '#/definitions/Pet'}}
        - {name: q, in: query, type: string}
      responses:
        '200': {description: ok, schema: {$ref: '#/definitions/Pet'}}
definitions:
  Pet: {type: object, properties: {name: {type: string}}}
",
    )
    .unwrap();
    let mut origins = Origins::default();
    origins.record("#/definitions/Pet", 1, "#/Pet");
    origins.record("#/paths/~1a/post/parameters/1", 1, "#/Q");
    origins.record("#/paths/~1a/post/parameters/0/schema", 1, "#/Body");
    origins.record("#/paths/~1a/post/responses/200", 1, "#/Ok");
    let others = vec![Source { name: "common.yaml".into(), text: String::new() }];
    let mut n = Normalized { document: doc, origins, others, diagnostics: Vec::new() };
    swagger2::convert(&mut n).unwrap();
    let o = &n.origins;
    assert_eq!(o.resolve("#/components/schemas/Pet/properties/name"), (1, "#/Pet/properties/name".into()));
    assert_eq!(o.resolve("#/components/schemas"), (0, "#/definitions".into()));
    assert_eq!(o.resolve("#/paths/~1a/post/parameters/0/schema/type"), (1, "#/Q/type".into()));
    assert_eq!(o.resolve("#/paths/~1a/post/requestBody/content/application~1json/schema"), (1, "#/Body".into()));
    assert_eq!(o.resolve("#/paths/~1a/post/requestBody"), (0, "#/paths/~1a/post/parameters/0".into()));
    assert_eq!(o.resolve("#/paths/~1a/post/responses/200/content/application~1json/schema"), (1, "#/Ok/schema".into()));
    assert_eq!(o.resolve("#/paths/~1a/post/responses/200/description"), (1, "#/Ok/description".into()));
    assert_eq!(o.resolve("#/info/title"), (0, "#/info/title".into()));
}
