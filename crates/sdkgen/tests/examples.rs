//! The `examples/` programs per security scheme: a spec declaring every kind of scheme a client
//! can send (API keys in a header, the query and a cookie, HTTP Basic, bearer, OAuth 2.0, OpenID
//! Connect, one with a hostile name) is generated into `target/examples-sdk/`, its examples are
//! built with `cargo build --examples`, and each one is run against a local server: the request it
//! sends must carry the credentials it read from the environment, in the place the scheme says.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;

use sdkgen::{Settings, Severity};

const SPEC: &str = r##"
openapi: 3.0.3
info: {title: Keys API, version: "1.0.0"}
servers:
  - url: https://api.keys.example
components:
  securitySchemes:
    HeaderKey: {type: apiKey, in: header, name: X-Api-Key}
    QueryKey: {type: apiKey, in: query, name: api_key}
    CookieKey: {type: apiKey, in: cookie, name: session}
    Basic: {type: http, scheme: basic}
    Bearer: {type: http, scheme: bearer}
    Digest: {type: http, scheme: digest}
    OAuth2:
      type: oauth2
      flows:
        clientCredentials: {tokenUrl: "https://api.keys.example/token", scopes: {}}
    "evil\" }\n//! injected\nfn x() {": {type: apiKey, in: header, name: X-Evil}
  schemas:
    Item:
      type: object
      required: [id]
      properties:
        id: {type: string}
paths:
  /header: {get: {operationId: viaHeader, security: [{HeaderKey: []}], responses: {"200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Item"}}}}}}}
  /query: {get: {operationId: viaQuery, security: [{QueryKey: []}], responses: {"200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Item"}}}}}}}
  /cookie: {get: {operationId: viaCookie, security: [{CookieKey: []}], responses: {"200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Item"}}}}}}}
  /basic: {get: {operationId: viaBasic, security: [{Basic: []}], responses: {"200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Item"}}}}}}}
  /bearer: {get: {operationId: viaBearer, security: [{Bearer: []}], responses: {"200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Item"}}}}}}}
  /digest: {get: {operationId: viaDigest, security: [{Digest: []}], responses: {"200": {description: ok}}}}
  /oauth:
    get:
      operationId: viaOAuth
      security: [{OAuth2: []}]
      parameters:
        - {name: limit, in: query, required: true, schema: {type: integer}}
      responses: {"200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Item"}}}}}
  /evil: {get: {operationId: viaEvil, security: [{"evil\" }\n//! injected\nfn x() {": []}], responses: {"200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Item"}}}}}}}
"##;

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().expect("repo root")
}

fn target_dir() -> PathBuf {
    repo_root().join("target/cases-target")
}

fn run(cmd: &mut Command) {
    let out = cmd.output().unwrap_or_else(|e| panic!("{cmd:?}: {e}"));
    assert!(out.status.success(), "{cmd:?} failed:\n{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
}

/// Runs the built example `name` with `env` against a one-request local server answering
/// `{"id": "1"}`; returns the request line and headers it received (header names lower-cased)
/// and what the example printed.
fn run_example(name: &str, env: &[(&str, &str)]) -> (String, String) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let server = std::thread::spawn(move || {
        let (stream, _) = listener.accept().expect("accept");
        let mut reader = BufReader::new(stream);
        let mut head = String::new();
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).expect("read") == 0 || line == "\r\n" {
                break;
            }
            let line = match line.split_once(':') {
                Some((k, v)) => format!("{}:{v}", k.to_ascii_lowercase()),
                None => line,
            };
            head.push_str(&line);
        }
        let body = br#"{"id":"1"}"#;
        let mut stream = reader.into_inner();
        write!(stream, "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n", body.len()).expect("write");
        stream.write_all(body).expect("write body");
        let _ = stream.read(&mut [0u8; 1]);
        head
    });
    let exe = target_dir().join("debug/examples").join(name);
    let out = Command::new(&exe).env("BASE_URL", &base).envs(env.iter().copied()).output().unwrap_or_else(|e| panic!("{exe:?}: {e}"));
    let printed = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "{name} failed:\n{printed}");
    (server.join().expect("server"), printed)
}

fn write_crate(dir: &Path, files: &[sdkgen::GeneratedFile]) {
    let _ = std::fs::remove_dir_all(dir);
    for f in files {
        let path = dir.join(&f.path);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(&path, &f.contents).expect("write");
    }
}

#[test]
fn every_security_scheme_has_an_example_that_sends_its_credentials() {
    let settings = Settings::default().with_crate_name("keys-sdk").with_client_name("Keys");
    let g = sdkgen::generate("keys.yaml", SPEC.into(), &settings).expect("generates");
    assert!(g.diagnostics.iter().all(|d| d.severity != Severity::Error), "{:?}", g.diagnostics);
    let mut examples: Vec<&str> = g.files.iter().filter_map(|f| f.path.strip_prefix("examples/")).collect();
    examples.sort_unstable();
    // One per scheme a client can send (digest has none), file names made safe.
    assert_eq!(examples, ["auth_basic.rs", "auth_bearer.rs", "auth_cookie_key.rs", "auth_evil_injected_fn_x.rs", "auth_header_key.rs", "auth_o_auth2.rs", "auth_query_key.rs"]);
    let evil = &g.files.iter().find(|f| f.path == "examples/auth_evil_injected_fn_x.rs").expect("evil example").contents;
    assert!(!evil.contains("\n//! injected"), "{evil}");

    let workspace = repo_root().join("target/examples-sdk");
    write_crate(&workspace.join("keys-sdk"), &g.files);
    std::fs::write(workspace.join("Cargo.toml"), "[workspace]\nresolver = \"2\"\nmembers = [\"keys-sdk\"]\n").expect("write workspace");
    run(Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into())).args(["build", "--examples"]).current_dir(&workspace).env("CARGO_TARGET_DIR", target_dir()));

    let (head, _) = run_example("auth_header_key", &[("HEADER_KEY", "h-secret")]);
    assert!(head.starts_with("GET /header HTTP/1.1") && head.contains("x-api-key: h-secret\r\n"), "{head}");
    let (head, _) = run_example("auth_query_key", &[("QUERY_KEY", "q-secret")]);
    assert!(head.starts_with("GET /query?api_key=q-secret HTTP/1.1"), "{head}");
    let (head, _) = run_example("auth_cookie_key", &[("COOKIE_KEY", "c-secret")]);
    assert!(head.starts_with("GET /cookie HTTP/1.1") && head.contains("cookie: session=c-secret\r\n"), "{head}");
    // RFC 7617: base64("id:secret").
    let (head, _) = run_example("auth_basic", &[("CLIENT_ID", "id"), ("CLIENT_SECRET", "secret")]);
    assert!(head.starts_with("GET /basic HTTP/1.1") && head.contains("authorization: Basic aWQ6c2VjcmV0\r\n"), "{head}");
    let (head, printed) = run_example("auth_bearer", &[("ACCESS_TOKEN", "b-token")]);
    assert!(head.starts_with("GET /bearer HTTP/1.1") && head.contains("authorization: Bearer b-token\r\n"), "{head}");
    assert!(printed.contains("id: \"1\""), "{printed}");
    let (head, _) = run_example("auth_o_auth2", &[("ACCESS_TOKEN", "o-token")]);
    assert!(head.starts_with("GET /oauth?limit=") && head.contains("authorization: Bearer o-token\r\n"), "{head}");
    let (head, _) = run_example("auth_evil_injected_fn_x", &[("EVIL_INJECTED_FN_X", "e-secret")]);
    assert!(head.starts_with("GET /evil HTTP/1.1") && head.contains("x-evil: e-secret\r\n"), "{head}");
}
